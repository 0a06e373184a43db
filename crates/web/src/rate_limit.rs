//! A per-address limit on public endpoints (certificate checks): at most N requests per client
//! address in each minute. In memory, per instance: behind a load balancer the limit applies
//! per instance, which is what it is for (keeping one address from hogging the checker).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Addresses remembered at most; beyond this, windows that have ended are dropped first.
const MAX_TRACKED: usize = 100_000;
const WINDOW: Duration = Duration::from_secs(60);

pub struct RateLimit {
    per_window: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimit {
    pub fn per_minute(per_window: u32) -> RateLimit {
        RateLimit {
            per_window: per_window.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request from `address`; `Err(seconds)` when it is over the limit.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), u64> {
        let Ok(mut windows) = self.windows.lock() else {
            // A poisoned lock only means another request panicked mid-count: do not block.
            return Ok(());
        };
        if windows.len() >= MAX_TRACKED {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            if windows.len() >= MAX_TRACKED {
                windows.clear();
            }
        }
        let (start, count) = windows.entry(address).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_window {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_n_per_minute_per_address_then_tells_when_to_retry() {
        let limit = RateLimit::per_minute(3);
        let t0 = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limit.check(a, t0), Ok(()));
        }
        assert_eq!(limit.check(a, t0 + Duration::from_secs(20)), Err(40));
        assert_eq!(
            limit.check(b, t0),
            Ok(()),
            "other addresses are not affected"
        );
        assert_eq!(
            limit.check(a, t0 + Duration::from_secs(61)),
            Ok(()),
            "a new minute starts afresh"
        );
    }
}
