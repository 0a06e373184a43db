//! When the next try of a step that got no answer comes: exponential backoff with jitter for a
//! register office that cannot be reached, and a steady, jittered poll of a review at the
//! register office's node. The jitter spreads the tries of many applications that failed at
//! once (a node's outage) so that they do not all return in the same instant.

use std::time::Duration;

/// The retry settings of the pipeline's outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait before the first retry; it doubles with every try that gets no answer.
    pub first: Duration,
    /// The longest wait between two tries.
    pub max: Duration,
    /// How often a review at the register office's node is asked for its result.
    pub node_review_poll: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first: Duration::from_secs(5),
            max: Duration::from_secs(600),
            node_review_poll: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait after `attempts` earlier tries without an answer: `first · 2^attempts`, at
    /// most `max`, of which a random part up to half is taken off (`unit` in [0, 1)).
    pub fn after_failure(&self, attempts: i64, unit: f64) -> Duration {
        let doublings = attempts.clamp(0, 30) as u32;
        let full = self
            .first
            .checked_mul(1 << doublings)
            .unwrap_or(self.max)
            .min(self.max);
        jittered(full, unit)
    }

    /// The wait before asking a node again for the result of its review.
    pub fn node_review(&self, unit: f64) -> Duration {
        jittered(self.node_review_poll, unit)
    }
}

/// `full` less a random part of up to half of it.
fn jittered(full: Duration, unit: f64) -> Duration {
    full.mul_f64(1.0 - 0.5 * unit.clamp(0.0, 1.0))
}

/// A uniform random number in [0, 1), from the low 53 bits of a random UUID (its version
/// and variant bits sit higher up).
pub(crate) fn unit_random() -> f64 {
    const BITS: u64 = (1 << 53) - 1;
    (uuid::Uuid::new_v4().as_u128() as u64 & BITS) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            first: Duration::from_secs(5),
            max: Duration::from_secs(600),
            node_review_poll: Duration::from_secs(60),
        }
    }

    #[test]
    fn the_wait_doubles_up_to_the_maximum() {
        let p = policy();
        let waits: Vec<u64> = (0..10).map(|n| p.after_failure(n, 0.0).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
        assert_eq!(p.after_failure(i64::MAX, 0.0), p.max);
        assert_eq!(p.after_failure(-3, 0.0), p.first);
    }

    #[test]
    fn jitter_takes_off_at_most_half() {
        let p = policy();
        assert_eq!(p.after_failure(2, 0.5), Duration::from_secs(15));
        assert_eq!(p.after_failure(2, 1.0), Duration::from_secs(10));
        assert_eq!(p.node_review(0.0), Duration::from_secs(60));
        assert_eq!(p.node_review(1.0), Duration::from_secs(30));
        for _ in 0..1000 {
            let unit = unit_random();
            assert!((0.0..1.0).contains(&unit), "{unit}");
            let wait = p.after_failure(3, unit);
            assert!(wait > Duration::from_secs(20) && wait <= Duration::from_secs(40));
        }
    }

    #[test]
    fn random_units_spread() {
        let draws: Vec<f64> = (0..200).map(|_| unit_random()).collect();
        assert!(draws.iter().any(|&u| u < 0.25) && draws.iter().any(|&u| u > 0.75));
    }
}
