//! Tallies the simulator keeps in constant memory, whatever the number of jobs: latency
//! histograms and the time-integral of the number of jobs in the system.

use serde::Serialize;

/// Sub-buckets per power of two: about 1% relative precision.
const SUB: u32 = 64;
const BUCKETS: usize = 64 * SUB as usize;

/// A log-scale histogram of nanosecond durations with an exact mean.
pub struct Histogram {
    counts: Vec<u64>,
    n: u64,
    sum: f64,
    max: u64,
}

/// Milliseconds: mean and percentiles of one stage of a job's life.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Percentiles {
    /// How many jobs were measured.
    pub count: u64,
    /// Exact mean.
    pub mean_ms: f64,
    /// Median (±1%).
    pub p50_ms: f64,
    /// 95th percentile (±1%).
    pub p95_ms: f64,
    /// 99th percentile (±1%).
    pub p99_ms: f64,
    /// Largest value, exact.
    pub max_ms: f64,
}

impl Histogram {
    /// Empty.
    pub fn new() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            n: 0,
            sum: 0.0,
            max: 0,
        }
    }

    fn bucket(ns: u64) -> usize {
        if ns < u64::from(SUB) {
            return ns as usize;
        }
        let octave = 63 - ns.leading_zeros(); // ns >= SUB, so octave >= 6
        let shift = octave - SUB.trailing_zeros();
        let sub = (ns >> shift) as u32 - SUB;
        ((octave - SUB.trailing_zeros() + 1) * SUB + sub) as usize
    }

    /// The smallest duration in `bucket`: exact below 64 ns, then 64 steps per octave.
    fn lower_bound(bucket: usize) -> f64 {
        let b = bucket as u32;
        if b < SUB {
            return f64::from(b);
        }
        f64::from(SUB + b % SUB) * 2f64.powi((b / SUB - 1) as i32)
    }

    /// Adds one duration.
    pub fn record(&mut self, ns: u64) {
        self.counts[Self::bucket(ns).min(BUCKETS - 1)] += 1;
        self.n += 1;
        self.sum += ns as f64;
        self.max = self.max.max(ns);
    }

    fn quantile_ns(&self, q: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (bucket, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                // The middle of the bucket, never beyond the largest value seen.
                let lo = Self::lower_bound(bucket);
                let hi = Self::lower_bound(bucket + 1);
                return ((lo + hi) / 2.0).min(self.max as f64);
            }
        }
        self.max as f64
    }

    /// Mean and percentiles, in milliseconds.
    pub fn summary(&self) -> Percentiles {
        Percentiles {
            count: self.n,
            mean_ms: if self.n == 0 {
                0.0
            } else {
                self.sum / self.n as f64 / 1e6
            },
            p50_ms: self.quantile_ns(0.5) / 1e6,
            p95_ms: self.quantile_ns(0.95) / 1e6,
            p99_ms: self.quantile_ns(0.99) / 1e6,
            max_ms: self.max as f64 / 1e6,
        }
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

/// The number of jobs in the system over time (arrived, not yet collected or dropped), kept as
/// its integral, so that L in Little's law is exact for the run.
#[derive(Default)]
pub struct Sojourn {
    in_system: u64,
    last: u64,
    area: f64,
}

impl Sojourn {
    fn advance(&mut self, now: u64) {
        self.area += self.in_system as f64 * (now - self.last) as f64;
        self.last = now;
    }

    /// A job entered the system at `now`.
    pub fn arrive(&mut self, now: u64) {
        self.advance(now);
        self.in_system += 1;
    }

    /// A job that arrived at `since` is counted in at `now` (`since` ≤ `now`): the time it
    /// already spent waiting is added to the integral, so L stays exact for the run.
    pub fn arrive_since(&mut self, since: u64, now: u64) {
        self.arrive(now);
        self.area += now.saturating_sub(since) as f64;
    }

    /// A job left (collected, or dropped) at `now`.
    pub fn leave(&mut self, now: u64) {
        self.advance(now);
        self.in_system = self.in_system.saturating_sub(1);
    }

    /// The time-averaged number in the system from 0 to `end`.
    pub fn mean_in_system(&self, end: u64) -> f64 {
        if end == 0 {
            return 0.0;
        }
        let tail = self.in_system as f64 * (end - self.last) as f64;
        (self.area + tail) / end as f64
    }
}
