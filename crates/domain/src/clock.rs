//! The clock, as an interface, so that tests can fix "now" and "today".

use time::{Date, OffsetDateTime};

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;

    /// Today's date in Germany's civil time. A fixed offset of one hour (CET) is close enough
    /// for date checks, which are about days, not hours.
    fn today(&self) -> Date {
        self.now().to_offset(time::macros::offset!(+1)).date()
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
