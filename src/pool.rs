//! The seed's orchestrator: a producer, N workers ranging over `jobs`, a closer, a collector.
//!
//! Every role is a long-lived blocking loop, as a goroutine would be, and each runs as a task on
//! the current rayon pool — which therefore needs [`Config::threads_needed`] threads. In the
//! browser that pool is wasm-bindgen-rayon's, one Web Worker per thread.

use crate::chan::{Chan, TryRecvError, Watch};
use crate::config::Config;
use crate::signal::{Cancel, Gate};
use crate::trace::{self, Kind, Trace};
use crate::wait_group::WaitGroup;
use crate::work::JobError;
use serde::Serialize;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use web_time::Instant;

/// What arrives on `results`: the job, who did it, and its value or error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The job number.
    pub job: u32,
    /// The worker that did it (1..=N).
    pub worker: u32,
    /// The result, or the error value that stands for it.
    pub value: Result<u64, JobError>,
}

/// What a run did, counted by the goroutines themselves (exact even when the log is capped).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Jobs the producer sent.
    pub jobs: u64,
    /// Values the collector received (results and errors).
    pub results: u64,
    /// Sum of the successful results.
    pub sum: u64,
    /// Error values received (failed or cancelled jobs).
    pub errors: u64,
    /// Jobs whose number arrived more than once (always 0: the exactly-once check).
    pub duplicates: u64,
    /// Largest `len(jobs)` reached.
    pub max_jobs_len: u64,
    /// Largest `len(results)` reached.
    pub max_results_len: u64,
    /// Distinct threads that ran jobs.
    pub threads: u64,
    /// Jobs each worker did; index 0 is worker 1.
    pub per_worker: Vec<u64>,
    /// Wall-clock time of the run, in milliseconds.
    pub elapsed_ms: f64,
    /// Whether the run was cancelled before the producer sent every job.
    pub cancelled: bool,
    /// Whether the log reached its trace limit and left later job events out (the counts
    /// here are exact either way: the goroutines keep them).
    pub trace_truncated: bool,
    /// Events lost because nobody drained the log fast enough.
    pub events_dropped: u64,
    /// The configuration that ran.
    pub config: Config,
}

/// The handles a run shares with whoever watches it: cancellation, the collector's gate, and
/// the event log.
pub struct Control {
    /// Set by [`Control::cancel`]; read by every goroutine.
    pub cancellation: Cancel,
    /// Pauses and resumes the collector.
    pub collector: Gate,
    /// The run's event log.
    pub trace: Trace,
    /// A panic planted in one role, so tests can check that a panic ends the run instead of
    /// hanging it. `None` in every real run.
    #[doc(hidden)]
    pub fault: Option<Fault>,
}

/// Where a test plants a panic: the role panics when it handles this job.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The producer, before sending the job.
    Producer(u32),
    /// Whichever worker receives the job.
    Worker(u32),
    /// The collector, on receiving the job's result.
    Collector(u32),
}

/// The pool has fewer threads than the run has goroutines: some would never be scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolTooSmall {
    /// Threads the run needs ([`Config::threads_needed`]).
    pub needed: usize,
    /// Threads the current rayon pool has.
    pub threads: usize,
}

impl fmt::Display for PoolTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the thread pool has {} threads and this run needs {} (a thread per worker, plus \
             the producer, the closer and the collector)",
            self.threads, self.needed
        )
    }
}

impl std::error::Error for PoolTooSmall {}

impl Control {
    /// Fresh controls for a run of `config`.
    ///
    /// The log's ring is sized for every event the run can record, so a slow reader (a busy
    /// page) delays events but never loses them.
    pub fn new(config: &Config) -> Self {
        Control {
            cancellation: Cancel::new(),
            collector: Gate::new(),
            trace: trace::for_run(config.jobs, config.workers, config.trace_limit),
            fault: None,
        }
    }

    /// Stops the run: the producer stops sending and closes `jobs`, queued jobs come back as
    /// "cancelled" error values, and a paused collector resumes so the pool can drain.
    pub fn cancel(&self) {
        self.cancellation.cancel();
        self.collector.set_paused(false);
    }
}

/// Per-worker facts, written once when the worker exits.
#[derive(Default, Clone, Copy)]
struct WorkerReport {
    jobs: u64,
    thread: Option<usize>,
}

/// Where a channel's watcher writes: the run's log, borrowed (this driver) or shared (the
/// G/M/P driver's goroutines own what they use).
pub(crate) trait Logs {
    fn trace(&self) -> &Trace;
}

impl Logs for &Trace {
    fn trace(&self) -> &Trace {
        self
    }
}

impl Logs for Arc<Control> {
    fn trace(&self) -> &Trace {
        &self.trace
    }
}

/// Logs each send into `jobs` as the channel commits it (see [`Watch`]): the producer's.
pub(crate) struct JobsLog<L>(pub(crate) L);

impl<L: Logs> Watch<u32> for JobsLog<L> {
    fn parked(&self, &job: &u32, len: usize) {
        self.0.trace().record(
            Kind::ProducerBlocked,
            trace::ACTOR_PRODUCER,
            job,
            len as u32,
        );
    }
    fn sent(&self, &job: &u32, len: usize, was_parked: bool) {
        let trace = self.0.trace();
        if was_parked {
            trace.record(
                Kind::ProducerUnblocked,
                trace::ACTOR_PRODUCER,
                job,
                len as u32,
            );
        }
        trace.record(Kind::JobSent, trace::ACTOR_PRODUCER, job, len as u32);
    }
}

/// Logs each send into `results` as the channel commits it: the worker's, named by the value.
pub(crate) struct ResultsLog<L>(pub(crate) L);

impl<L: Logs> Watch<Outcome> for ResultsLog<L> {
    fn parked(&self, outcome: &Outcome, len: usize) {
        self.0
            .trace()
            .record(Kind::WorkerBlocked, outcome.worker, outcome.job, len as u32);
    }
    fn sent(&self, outcome: &Outcome, len: usize, was_parked: bool) {
        let trace = self.0.trace();
        if was_parked {
            trace.record(
                Kind::WorkerUnblocked,
                outcome.worker,
                outcome.job,
                len as u32,
            );
        }
        trace.record(Kind::ResultSent, outcome.worker, outcome.job, len as u32);
    }
}

type Jobs<'a> = Chan<u32, JobsLog<&'a Trace>>;
type Results<'a> = Chan<Outcome, ResultsLog<&'a Trace>>;

/// Go's `defer`, for a role: on the way out — normally or by a panic — it does what must happen
/// for the rest of the pool to end. A panic in Go kills the whole program; here it cancels the
/// run and closes both channels so every other goroutine finishes, and the panic then reaches
/// the caller of [`run`] instead of hanging it.
struct Deferred<'a, F: FnMut()> {
    control: &'a Control,
    jobs: &'a Jobs<'a>,
    results: &'a Results<'a>,
    on_exit: F,
}

impl<F: FnMut()> Drop for Deferred<'_, F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.control.cancel();
            let _ = self.jobs.close();
            let _ = self.results.close();
        }
        (self.on_exit)();
    }
}

/// Panics if a test planted a fault at this place.
pub(crate) fn fault_at(control: &Control, here: Fault) {
    if control.fault == Some(here) {
        panic!("planted fault: {here:?}");
    }
}

/// Runs the pool to completion on the current rayon pool and returns its summary.
///
/// Blocks the calling thread: call it from a rayon thread or a thread allowed to block (never
/// the browser's main thread). Refuses a pool with fewer than `config.threads_needed()` threads,
/// where some goroutine would never run and the run would never end.
///
/// ```
/// use poolsim::{config::Config, pool};
/// let config = Config { workers: 2, jobs: 10, ..Config::default() };
/// let threads = rayon::ThreadPoolBuilder::new().num_threads(config.threads_needed()).build().unwrap();
/// let summary = threads.install(|| pool::run(&config, &pool::Control::new(&config))).unwrap();
/// assert_eq!(summary.results, 10);
/// assert_eq!(summary.sum, 2 * (1..=10).sum::<u64>());
/// ```
pub fn run(config: &Config, control: &Control) -> Result<Summary, PoolTooSmall> {
    check_threads(config)?;
    let start = Instant::now();
    let trace = &control.trace;
    let jobs = Chan::watched(config.jobs_buffer as usize, JobsLog(trace));
    let results = Chan::watched(config.results_buffer as usize, ResultsLog(trace));
    let wg = WaitGroup::new();
    let reports = Mutex::new(vec![WorkerReport::default(); config.workers as usize]);
    let mut collected = Collected::new(config.jobs);

    trace.record(Kind::RunStarted, trace::ACTOR_PRODUCER, 0, config.workers);
    let added = wg.add(i64::from(config.workers));
    debug_assert!(added.is_ok(), "a positive delta cannot underflow");
    let mut sent = 0;
    rayon::scope(|s| {
        for id in 1..=config.workers {
            let (jobs, results, wg, reports) = (&jobs, &results, &wg, &reports);
            s.spawn(move |_| {
                // `defer wg.Done()`, logged before the counter drops, so the log's exit comes
                // before the closer's `close(results)`, as it did happen.
                let _done = Deferred {
                    control,
                    jobs,
                    results,
                    on_exit: || {
                        let _ = wg.add_then(-1, |left| {
                            trace.record(Kind::WorkerExited, id, 0, left as u32)
                        });
                    },
                };
                let report = worker(id, jobs, results, config, control);
                reports.lock().unwrap_or_else(PoisonError::into_inner)[id as usize - 1] = report;
            });
        }
        s.spawn(|_| {
            let _closes = Deferred {
                control,
                jobs: &jobs,
                results: &results,
                on_exit: || {},
            };
            sent = producer(&jobs, config, control);
        });
        s.spawn(|_| {
            trace.record(
                Kind::CloserWaiting,
                trace::ACTOR_CLOSER,
                0,
                wg.count() as u32,
            );
            wg.wait();
            if results.close().is_ok() {
                trace.record(Kind::ChannelClosed, trace::ACTOR_CLOSER, 0, 1);
            }
        });
        let _drains = Deferred {
            control,
            jobs: &jobs,
            results: &results,
            on_exit: || {},
        };
        collected.collect(&results, control);
    });
    let cancelled = control.cancellation.is_cancelled() && sent < u64::from(config.jobs);
    trace.record(
        Kind::RunFinished,
        trace::ACTOR_COLLECTOR,
        0,
        u32::from(cancelled),
    );

    let reports = reports.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut threads: Vec<usize> = reports
        .iter()
        .filter(|r| r.jobs > 0)
        .filter_map(|r| r.thread)
        .collect();
    threads.sort_unstable();
    threads.dedup();
    Ok(Summary {
        jobs: sent,
        results: collected.results,
        sum: collected.sum,
        errors: collected.errors,
        duplicates: collected.duplicates,
        max_jobs_len: jobs.max_len() as u64,
        max_results_len: results.max_len() as u64,
        threads: threads.len() as u64,
        per_worker: reports.iter().map(|r| r.jobs).collect(),
        elapsed_ms: start.elapsed().as_secs_f64() * 1e3,
        cancelled,
        trace_truncated: trace.truncated(),
        events_dropped: trace.dropped() as u64,
        config: *config,
    })
}

/// Whether the current rayon pool can run every goroutine of `config` at once.
fn check_threads(config: &Config) -> Result<(), PoolTooSmall> {
    let (needed, threads) = (config.threads_needed(), rayon::current_num_threads());
    if threads < needed {
        return Err(PoolTooSmall { needed, threads });
    }
    Ok(())
}

/// `for j := 1; j <= n; j++ { jobs <- j }; close(jobs)` — paced by the arrival model, and
/// stopping early if cancelled. The channel logs each send as it happens.
fn producer(jobs: &Jobs, config: &Config, control: &Control) -> u64 {
    let trace = &control.trace;
    let mut sent = 0;
    let start = Instant::now();
    for j in 1..=config.jobs {
        if control.cancellation.is_cancelled() {
            break;
        }
        fault_at(control, Fault::Producer(j));
        if let Some(due) = config.arrival.due(j) {
            let wait = due.saturating_sub(start.elapsed());
            if !wait.is_zero() && !control.cancellation.sleep(wait) {
                break;
            }
        }
        if jobs.send(j).is_err() {
            break;
        }
        sent += 1;
    }
    if jobs.close().is_ok() {
        trace.record(Kind::ChannelClosed, trace::ACTOR_PRODUCER, 0, 0);
    }
    sent
}

/// A channel's length for the log, read only while the log still records job events: reading
/// it takes the channel's lock, which the untraced hot path should not pay for.
fn len_if<T, W: Watch<T>>(trace: &Trace, ch: &Chan<T, W>) -> u32 {
    if trace.enabled() {
        ch.len() as u32
    } else {
        0
    }
}

/// The seed's `worker`: `for j := range jobs { results <- work(j) }`.
fn worker(
    id: u32,
    jobs: &Jobs,
    results: &Results,
    config: &Config,
    control: &Control,
) -> WorkerReport {
    let trace = &control.trace;
    let mut report = WorkerReport {
        jobs: 0,
        thread: rayon::current_thread_index(),
    };
    loop {
        let job = match jobs.try_recv() {
            Ok(job) => job,
            Err(TryRecvError::Closed) => break,
            Err(TryRecvError::Empty) => {
                trace.record(Kind::WorkerWaiting, id, 0, 0);
                match jobs.recv() {
                    Some(job) => job,
                    None => break,
                }
            }
        };
        trace.record(Kind::JobReceived, id, job, len_if(trace, jobs));
        fault_at(control, Fault::Worker(job));
        let value = if control.cancellation.is_cancelled() {
            Err(JobError::Cancelled)
        } else {
            config
                .work
                .perform(job, config.failure_rate, &control.cancellation)
        };
        let status = match value {
            Ok(_) => 0,
            Err(JobError::Failed) => 1,
            Err(JobError::Cancelled) => 2,
        };
        trace.record(Kind::JobDone, id, job, status);
        let outcome = Outcome {
            job,
            worker: id,
            value,
        };
        // `results` closes only after every worker has called `wg.Done()` (or when a panic
        // ends the run), so this send fails only then. The channel logs it.
        let _ = results.send(outcome);
        report.jobs += 1;
    }
    report
}

/// The collector's tally, with a bitmap that proves every job arrived exactly once.
pub(crate) struct Collected {
    pub(crate) results: u64,
    pub(crate) sum: u64,
    pub(crate) errors: u64,
    pub(crate) duplicates: u64,
    seen: Vec<u64>,
}

impl Collected {
    pub(crate) fn new(jobs: u32) -> Self {
        Collected {
            results: 0,
            sum: 0,
            errors: 0,
            duplicates: 0,
            seen: vec![0; (jobs as usize).div_ceil(64) + 1],
        }
    }

    /// Counts one value from `results`, checking it against the jobs seen so far.
    pub(crate) fn note(&mut self, outcome: &Outcome) {
        let (word, bit) = (outcome.job as usize / 64, 1u64 << (outcome.job % 64));
        if let Some(slot) = self.seen.get_mut(word) {
            if *slot & bit != 0 {
                self.duplicates += 1;
            }
            *slot |= bit;
        }
        self.results += 1;
        match outcome.value {
            Ok(v) => self.sum += v,
            Err(_) => self.errors += 1,
        }
    }

    /// `for r := range results { ... }`, stopping at the gate while it is closed.
    fn collect(&mut self, results: &Results, control: &Control) {
        let trace = &control.trace;
        let me = trace::ACTOR_COLLECTOR;
        loop {
            if control.collector.is_paused() {
                trace.record(Kind::CollectorPaused, me, 0, results.len() as u32);
                control.collector.wait_open();
                trace.record(Kind::CollectorResumed, me, 0, results.len() as u32);
            }
            let Some(outcome) = results.recv() else {
                break;
            };
            fault_at(control, Fault::Collector(outcome.job));
            self.note(&outcome);
            trace.record(
                Kind::ResultCollected,
                trace::ACTOR_COLLECTOR,
                outcome.job,
                len_if(trace, results),
            );
        }
    }
}

/// A run started in the background, watched and drained from another thread.
pub struct RunHandle {
    /// Cancellation and the event log.
    pub control: Arc<Control>,
    finished: AtomicBool,
    summary: Mutex<Option<Summary>>,
}

impl RunHandle {
    /// Whether the run is over and its summary ready.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// The summary, once finished.
    pub fn summary(&self) -> Option<Summary> {
        if !self.is_finished() {
            return None;
        }
        self.summary
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Starts a run on the current rayon pool without blocking the caller.
///
/// This is how the browser's engine worker runs a pool: its own thread stays free to drain the
/// log and to hear a cancel.
/// `prepare` sees the run's controls before any goroutine starts: a cancel or a paused
/// collector set there holds from the first event.
pub fn spawn(
    config: Config,
    prepare: impl FnOnce(&Control),
) -> Result<Arc<RunHandle>, PoolTooSmall> {
    check_threads(&config)?;
    // Checked above, on the same pool.
    Ok(RunHandle::start(config, prepare, |config, control| {
        run(config, control).ok()
    }))
}

impl RunHandle {
    /// Runs `body` on the current rayon pool in the background, with fresh controls that
    /// `prepare` sees first.
    pub(crate) fn start(
        config: Config,
        prepare: impl FnOnce(&Control),
        body: impl FnOnce(&Config, &Arc<Control>) -> Option<Summary> + Send + 'static,
    ) -> Arc<RunHandle> {
        let handle = Arc::new(RunHandle {
            control: Arc::new(Control::new(&config)),
            finished: AtomicBool::new(false),
            summary: Mutex::new(None),
        });
        prepare(&handle.control);
        let background = Arc::clone(&handle);
        rayon::spawn(move || {
            let summary = body(&config, &background.control);
            *background
                .summary
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = summary;
            background.finished.store(true, Ordering::Release);
        });
        handle
    }
}
