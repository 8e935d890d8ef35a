//! How the producer sends jobs: the arrival models both drivers share.

use serde::Serialize;
use std::time::Duration;

/// How the producer sends jobs (both drivers; Poisson arrivals only in the simulator).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Arrival {
    /// As fast as `jobs` takes them: the seed's loop.
    Closed,
    /// A Poisson process: exponential gaps, `ratePerSec` on average (simulated driver).
    Poisson {
        /// Mean arrivals per second.
        #[serde(rename = "ratePerSec")]
        rate_per_sec: f64,
    },
    /// One job every `1 / ratePerSec` seconds.
    Constant {
        /// Jobs per second.
        #[serde(rename = "ratePerSec")]
        rate_per_sec: f64,
    },
    /// `size` jobs back to back, every `everyMs` milliseconds.
    Burst {
        /// Jobs per burst.
        size: u32,
        /// Milliseconds from one burst to the next.
        #[serde(rename = "everyMs")]
        every_ms: u32,
    },
}

impl Arrival {
    /// The mean arrival rate in jobs per second; `None` for the closed loop (as fast as `jobs`
    /// takes them).
    pub fn rate_per_sec(&self) -> Option<f64> {
        match *self {
            Arrival::Closed => None,
            Arrival::Poisson { rate_per_sec } | Arrival::Constant { rate_per_sec } => {
                Some(rate_per_sec)
            }
            Arrival::Burst { size, every_ms } => {
                Some(f64::from(size) / (f64::from(every_ms.max(1)) / 1e3))
            }
        }
    }

    /// When job `j` (1-based) is due, counted from the producer's start; `None`: at once, or
    /// (Poisson) drawn at random by the simulator, which alone takes that kind.
    ///
    /// Never panics: a time too far out for a `Duration` (which validation refuses anyway, see
    /// [`Arrival::span_ms`]) comes back as the longest one.
    pub fn due(&self, j: u32) -> Option<Duration> {
        let index = j.saturating_sub(1);
        match *self {
            Arrival::Closed | Arrival::Poisson { .. } => None,
            Arrival::Constant { rate_per_sec } => Some(
                Duration::try_from_secs_f64(f64::from(index) / rate_per_sec)
                    .unwrap_or(Duration::MAX),
            ),
            Arrival::Burst { size, every_ms } => Some(Duration::from_millis(
                u64::from(index / size.max(1)) * u64::from(every_ms),
            )),
        }
    }

    /// The least virtual time, in milliseconds, that sending `jobs` jobs takes under this model
    /// (for Poisson arrivals, its mean): a config whose arrivals alone outlast the longest
    /// span is refused up front.
    pub fn span_ms(&self, jobs: u32) -> f64 {
        let jobs = f64::from(jobs);
        match *self {
            Arrival::Closed => 0.0,
            Arrival::Poisson { rate_per_sec } => jobs / rate_per_sec * 1e3,
            Arrival::Constant { rate_per_sec } => (jobs - 1.0).max(0.0) / rate_per_sec * 1e3,
            Arrival::Burst { size, every_ms } => {
                ((jobs - 1.0).max(0.0) / f64::from(size)).floor() * f64::from(every_ms)
            }
        }
    }
}
