//! The simulated driver: the same pool in virtual time, on one thread, seeded and deterministic,
//! at any scale. It writes the same event log as the live driver, so the same timeline, diagram
//! and charts show it.

mod chan;
pub(crate) mod crash;
pub(crate) mod dist;
mod engine;
mod stats;
mod timers;

pub use crash::{Crash, Ending, GoroutineDump, FIRST_USER_GOROUTINE};
pub use dist::{Dist, Rng};
pub use stats::{Histogram, Percentiles};

pub use crate::arrival::Arrival;
use crate::trace::{self, Trace};
use serde::Serialize;

/// Most workers the simulator runs.
pub const MAX_SIM_WORKERS: u32 = 100_000;

/// What a job needs while it is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum JobClass {
    /// A core: at most `cores` jobs are served at once; the rest wait for a CPU.
    Cpu,
    /// Nothing but time (a network call): any number are served at once.
    Io,
}

/// What the producer does when `jobs` is full.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Policy {
    /// Wait (Go's plain `jobs <- j`).
    Block,
    /// Drop the job (`select { case jobs <- j: default: }`).
    Drop,
    /// Wait at most `timeoutMs`, then drop (`select` with `time.After`).
    Timeout {
        /// Longest wait, in virtual milliseconds.
        #[serde(rename = "timeoutMs")]
        timeout_ms: f64,
    },
}

/// A classic mistake, built into the program on purpose so the reader sees what Go does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mistake {
    /// The producer never calls `close(jobs)`: workers wait in `range jobs` forever.
    NeverCloseJobs,
    /// `close(results)` without `wg.Wait()`: `main` stops ranging at once and the program ends
    /// with results undelivered — or, if a worker sends first, panics.
    CloseResultsEarly,
    /// `main` sends every job before it reads any result: with small buffers, everyone waits.
    CollectAfterSubmit,
    /// `wg.Wait(); close(results)` in `main` before its `range results`: the workers cannot
    /// finish while `results` is full, and nobody reads it until they have — a deadlock
    /// whenever the results outnumber `results`' buffer and the workers' hands.
    WaitBeforeCollect,
    /// The closer closes `results` at once, and `main` calls `wg.Wait()` after its `range`:
    /// main no longer returns early, so a worker that finishes a job sends on the closed
    /// channel and panics.
    WaitAfterCollect,
    /// `wg.Add(1)` inside each worker's goroutine instead of before `go`: the closer's
    /// `wg.Wait()` can run before any worker has added itself, return at once, and close
    /// `results` — as Go runs it on one P, where the goroutine started last runs first.
    AddInsideGoroutine,
}

/// How jobs are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// The seed's fixed pool of `workers` goroutines.
    Pool,
    /// One goroutine per job, started as each job arrives (`go handle(j)`), no limit.
    Unbounded,
}

/// Go's initial goroutine stack since Go 1.4: what each goroutine costs before it does anything.
pub const GOROUTINE_STACK_BYTES: u64 = 2048;

/// A simulated run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimConfig {
    /// Worker goroutines.
    pub workers: u32,
    /// Jobs the producer offers.
    pub jobs: u32,
    /// `cap(jobs)`.
    pub jobs_buffer: u32,
    /// `cap(results)`.
    pub results_buffer: u32,
    /// Arrival model.
    pub arrival: Arrival,
    /// What each job computes (its value on `results`: the seed's `j * 2` by default), as the
    /// live driver would; how long it takes is `service`.
    pub work: crate::work::Work,
    /// Share of jobs, 0 to 1, that come back as error values: the same jobs as live.
    pub failure_rate: f64,
    /// Service time of one job.
    pub service: Dist,
    /// CPU-bound or I/O-bound.
    pub job_class: JobClass,
    /// Cores for CPU-bound jobs.
    pub cores: u32,
    /// The producer's policy on a full `jobs`.
    pub policy: Policy,
    /// Virtual milliseconds the collector spends per result (a slow consumer).
    pub collector_delay_ms: f64,
    /// When (virtual ms) the collector stops receiving, if `collector_pause_ms` > 0: a reader's
    /// "pause the collector", scheduled, so the simulated run shows backpressure travel back.
    pub collector_pause_at_ms: f64,
    /// How long the collector stays stopped (0: never).
    pub collector_pause_ms: f64,
    /// Seeds every random draw.
    pub seed: u64,
    /// Job events recorded in full.
    pub trace_limit: u32,
    /// Jobs 1..=warmupJobs are left out of the latency statistics (the start-up transient of an
    /// empty system), so long runs estimate the steady state.
    pub warmup_jobs: u32,
    /// A classic mistake to build in, or none.
    pub mistake: Option<Mistake>,
    /// A fixed pool, or a goroutine per job.
    pub mode: Mode,
    /// Memory a job holds while it is in the system.
    pub job_bytes: u32,
    /// Memory at which the program dies like an out-of-memory process; 0 for no limit.
    pub memory_limit_bytes: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            workers: 3,
            jobs: 1000,
            jobs_buffer: 100,
            results_buffer: 100,
            arrival: Arrival::Closed,
            work: crate::work::Work::Double,
            failure_rate: 0.0,
            service: Dist::Constant { mean_ms: 1.0 },
            job_class: JobClass::Io,
            cores: 4,
            policy: Policy::Block,
            collector_delay_ms: 0.0,
            collector_pause_at_ms: 0.0,
            collector_pause_ms: 0.0,
            seed: 1,
            trace_limit: trace::DEFAULT_LIMIT,
            warmup_jobs: 0,
            mistake: None,
            mode: Mode::Pool,
            job_bytes: 1024,
            memory_limit_bytes: 0,
        }
    }
}

/// What a simulated run did; times are virtual milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimSummary {
    /// Jobs sent into `jobs`.
    pub jobs: u64,
    /// Values collected: results and errors.
    pub results: u64,
    /// Sum of the successful results, computed as the live driver computes them.
    pub sum: u64,
    /// Error values collected (failed jobs).
    pub errors: u64,
    /// Jobs the producer dropped (drop and timeout policies).
    pub dropped: u64,
    /// Whether the run was cancelled before it began (see [`cancelled`]).
    pub cancelled: bool,
    /// Largest `len(jobs)`.
    pub max_jobs_len: u64,
    /// Largest `len(results)`.
    pub max_results_len: u64,
    /// Jobs each worker finished.
    pub per_worker: Vec<u64>,
    /// Virtual time of the whole run.
    pub elapsed_ms: f64,
    /// Results collected per virtual second.
    pub throughput_per_sec: f64,
    /// Time-averaged jobs in the system (arrived, not yet collected or dropped): L.
    pub mean_in_system: f64,
    /// Share of the run the producer spent blocked on a full `jobs`.
    pub producer_blocked_fraction: f64,
    /// Mean of `queue_wait`, in milliseconds.
    pub mean_queue_wait_ms: f64,
    /// Mean of `latency`, in milliseconds (W).
    pub mean_latency_ms: f64,
    /// From arrival (when the arrival process made the job due) to its send into `jobs`: the
    /// wait a blocked producer pushes upstream, onto whoever called it. 0 unless it blocked.
    pub producer_wait: Percentiles,
    /// From the send into `jobs` to a worker's receive. With `producer_wait`, Wq.
    pub queue_wait: Percentiles,
    /// From a worker's receive to done (including any wait for a core).
    pub service: Percentiles,
    /// From arrival to collection, end to end: W. It starts when the job was due, not when
    /// the producer got round to sending it, so a backlog behind a blocked producer counts.
    pub latency: Percentiles,
    /// Whether the log left job events out past its limit.
    pub trace_truncated: bool,
    /// Events the log could not hold (0: its ring is sized for every event a run can record).
    pub events_dropped: u64,
    /// The most memory the program held: goroutine stacks plus jobs in the system.
    pub peak_memory_bytes: u64,
    /// The most goroutines alive at once.
    pub peak_goroutines: u64,
    /// `null` for a run that ended; for one that did not, Go's deadlock error, panic or
    /// out-of-memory death and every goroutine's place — or the simulator's own stop at its
    /// longest span ([`trace::MAX_SPAN_MS`]).
    pub deadlock: Option<Crash>,
    /// The configuration that ran.
    pub config: SimConfig,
}

/// Runs `config` to the end; returns the summary and the log.
///
/// ```
/// use poolsim::sim::{self, SimConfig};
/// let (summary, _log) = sim::run(&SimConfig { workers: 4, jobs: 100, ..SimConfig::default() });
/// assert_eq!(summary.results, 100);
/// assert_eq!(summary.sum, 2 * (1..=100).sum::<u64>()); // the seed's `j * 2`
/// ```
pub fn run(config: &SimConfig) -> (SimSummary, Trace) {
    let trace = trace::for_run_with(
        config.jobs,
        config.workers,
        config.trace_limit,
        memory_events(config),
    );
    let summary = engine::Engine::new(config, &trace).run();
    (summary, trace)
}

/// Memory moves by one log step before an event records it (1/256 of the limit, or 64 KiB).
fn memory_log_step(config: &SimConfig) -> u64 {
    (config.memory_limit_bytes / 256).max(64 * 1024)
}

/// The most memory events a run can record: every byte it takes (each goroutine's stack, each
/// job's payload) is taken once and given back at most once, and an event needs a whole step of
/// that movement since the last.
fn memory_events(config: &SimConfig) -> usize {
    let jobs = u64::from(config.jobs);
    let goroutines = u64::from(config.workers)
        + 3
        + if config.mode == Mode::Unbounded {
            jobs
        } else {
            0
        };
    let taken = goroutines
        .saturating_mul(GOROUTINE_STACK_BYTES)
        .saturating_add(jobs.saturating_mul(u64::from(config.job_bytes)));
    let events = taken.saturating_mul(2) / memory_log_step(config) + 1;
    usize::try_from(events).unwrap_or(usize::MAX)
}

/// A run cancelled before it began: its log holds the start and a cancelled end, and its summary
/// counts nothing done (`cancelled: true`). A simulated run is computed in one step, so this is
/// the only moment a cancel can reach it.
pub fn cancelled(config: &SimConfig) -> (SimSummary, Trace) {
    let trace = trace::for_run(0, config.workers, 0);
    let summary = engine::Engine::new(config, &trace).cancelled();
    (summary, trace)
}

/// One worker count of a sizing sweep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SweepPoint {
    /// Workers in the pool.
    pub workers: u32,
    /// Results per virtual second.
    pub throughput_per_sec: f64,
    /// The arrival rate it ran at (jobs per second; 0 for the seed's closed loop).
    pub rate_per_sec: f64,
    /// Jobs offered (sent or dropped) and dropped.
    pub offered: u64,
    /// Jobs the producer dropped.
    pub dropped: u64,
    /// Mean latency from arrival to collection, in virtual milliseconds.
    pub mean_latency_ms: f64,
    /// 95th percentile of the same.
    pub p95_latency_ms: f64,
    /// 99th percentile of the same.
    pub p99_latency_ms: f64,
}

impl SweepPoint {
    fn of(s: &SimSummary) -> SweepPoint {
        SweepPoint {
            workers: s.config.workers,
            throughput_per_sec: s.throughput_per_sec,
            rate_per_sec: s.config.arrival.rate_per_sec().unwrap_or(0.0),
            offered: s.jobs + s.dropped,
            dropped: s.dropped,
            mean_latency_ms: s.latency.mean_ms,
            p95_latency_ms: s.latency.p95_ms,
            p99_latency_ms: s.latency.p99_ms,
        }
    }
}

/// Runs `config` once per worker count, tracing off: the data for the seed's sizing slide.
/// CPU-bound work flattens at the cores; I/O-bound work keeps rising.
///
/// ```
/// use poolsim::sim::{self, JobClass, SimConfig};
/// let config = SimConfig { jobs: 2000, job_class: JobClass::Cpu, cores: 2, ..SimConfig::default() };
/// let points = sim::sweep(&config, &[1, 2, 8]);
/// assert!(points[1].throughput_per_sec > 1.9 * points[0].throughput_per_sec);
/// assert!(points[2].throughput_per_sec < 1.01 * points[1].throughput_per_sec);
/// ```
pub fn sweep(config: &SimConfig, workers: &[u32]) -> Vec<SweepPoint> {
    workers
        .iter()
        .map(|&workers| {
            let (s, _) = run(&SimConfig {
                workers,
                trace_limit: 0,
                ..*config
            });
            SweepPoint::of(&s)
        })
        .collect()
}

/// Runs `config` once per arrival rate in `rates` (jobs per second; its arrival process keeps
/// its kind, and a closed loop becomes Poisson), tracing off: latency and drops against load,
/// for the backpressure chapter's curve.
///
/// ```
/// use poolsim::sim::{self, Arrival, Dist, Policy, SimConfig};
/// let config = SimConfig {
///     workers: 8,
///     jobs: 4000,
///     jobs_buffer: 20,
///     service: Dist::Exponential { mean_ms: 10.0 },
///     policy: Policy::Drop,
///     ..SimConfig::default()
/// };
/// let points = sim::load_sweep(&config, &[400.0, 1200.0]);
/// assert_eq!(points[0].rate_per_sec, 400.0);
/// assert!(points[0].dropped < points[1].dropped);
/// ```
pub fn load_sweep(config: &SimConfig, rates: &[f64]) -> Vec<SweepPoint> {
    rates
        .iter()
        .map(|&rate_per_sec| {
            let arrival = match config.arrival {
                Arrival::Constant { .. } => Arrival::Constant { rate_per_sec },
                _ => Arrival::Poisson { rate_per_sec },
            };
            let (s, _) = run(&SimConfig {
                arrival,
                trace_limit: 0,
                ..*config
            });
            SweepPoint::of(&s)
        })
        .collect()
}
