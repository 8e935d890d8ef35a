//! What a job does: the seed's `j * 2`, real CPU work, an I/O-like wait, or a failure as data.

use std::fmt;

/// The work each job performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Work {
    /// The seed's worker: `results <- j * 2`.
    Double,
    /// CPU-bound: `iterations` rounds of an integer mix seeded by the job; see [`cpu_result`].
    Cpu {
        /// Rounds per job; the cost grows linearly with it.
        iterations: u32,
    },
    /// I/O-bound: waits `wait_ms` without burning CPU (a stand-in for a network call), returns `j`.
    Io {
        /// How long each job waits, in milliseconds.
        #[serde(rename = "waitMs")]
        wait_ms: u32,
    },
}

/// Why a job produced an error value instead of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobError {
    /// The job failed (chosen by the configured failure rate).
    Failed,
    /// The run was cancelled before the job was done.
    Cancelled,
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Failed => f.write_str("job failed"),
            JobError::Cancelled => f.write_str("run cancelled"),
        }
    }
}

impl std::error::Error for JobError {}

/// The checkable result of a CPU job: a 24-bit digest of `iterations` rounds of a 64-bit mix.
///
/// Serial code can recompute it, so a test can check a pool's sum. 24 bits keep the sum of up
/// to 10⁷ results exact in a JavaScript number.
///
/// ```
/// use poolsim::work::cpu_result;
/// assert_eq!(cpu_result(7, 1000), cpu_result(7, 1000));
/// assert_ne!(cpu_result(7, 1000), cpu_result(8, 1000));
/// assert!(cpu_result(7, 1000) < 1 << 24);
/// ```
pub fn cpu_result(job: u32, iterations: u32) -> u64 {
    cpu_finish(cpu_rounds(cpu_start(job), iterations))
}

/// The state a CPU job starts from; [`cpu_rounds`] advances it in as many pieces as a
/// goroutine likes (to yield between them), and [`cpu_finish`] turns it into the result.
pub fn cpu_start(job: u32) -> u64 {
    u64::from(job) ^ 0x9E37_79B9_7F4A_7C15
}

/// `rounds` rounds of the CPU job's mix.
pub fn cpu_rounds(mut x: u64, rounds: u32) -> u64 {
    for _ in 0..rounds {
        x = x
            .wrapping_mul(0x5851_F42D_4C95_7F2D)
            .wrapping_add(0x1405_7B7E_F767_814F);
        x ^= x >> 29;
    }
    x
}

/// The CPU job's result from its final state.
pub fn cpu_finish(x: u64) -> u64 {
    x >> 40
}

/// Whether `job` fails at this failure rate: a fixed hash of the job number, so a run's errors
/// can be predicted exactly by [`expected_failures`].
pub fn fails(job: u32, failure_rate: f64) -> bool {
    if failure_rate <= 0.0 {
        return false;
    }
    let mut x = u64::from(job).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 32;
    x = x.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^= x >> 32;
    ((x >> 11) as f64 / (1u64 << 53) as f64) < failure_rate
}

/// How many of jobs `1..=jobs` fail at this rate.
pub fn expected_failures(jobs: u32, failure_rate: f64) -> u64 {
    (1..=jobs).filter(|&j| fails(j, failure_rate)).count() as u64
}

impl Work {
    /// What `job` comes back as, without doing its wait (or its CPU work, for the seed's
    /// `double`): the simulator, which models the time a job takes separately, uses this so that
    /// both drivers give one answer per config.
    ///
    /// ```
    /// use poolsim::work::Work;
    /// assert_eq!(Work::Double.outcome(21, 0.0), Ok(42));
    /// assert_eq!(Work::Io { wait_ms: 5 }.outcome(21, 0.0), Ok(21));
    /// assert!(Work::Double.outcome(21, 1.0).is_err());
    /// ```
    pub fn outcome(&self, job: u32, failure_rate: f64) -> Result<u64, JobError> {
        let value = match *self {
            Work::Double => u64::from(job) * 2,
            Work::Cpu { iterations } => cpu_result(job, iterations),
            Work::Io { .. } => u64::from(job),
        };
        if fails(job, failure_rate) {
            Err(JobError::Failed)
        } else {
            Ok(value)
        }
    }
}
