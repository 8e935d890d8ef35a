//! The seed's orchestrator: a producer, N workers ranging over `jobs`, a closer, the collector —
//! goroutines on [`crate::runtime`]: async functions that read like the Go program, multiplexed
//! on `GOMAXPROCS` threads however many workers there are. In the browser the threads are the
//! Web Workers of wasm-bindgen-rayon's pool.

use crate::chan::{Chan, TryRecvError, Watch};
use crate::config::Config;
use crate::runtime::{self, time::Sleep};
use crate::signal::{Cancel, Gate};
use crate::sim::{Crash, Mode};
use crate::trace::{self, Kind, Trace};
use crate::wait_group::WaitGroup;
use crate::work::{cpu_finish, cpu_rounds, cpu_start, fails, JobError, Work};
use serde::Serialize;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
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
    /// Jobs each worker did; index 0 is worker 1 (empty for the unbounded program).
    pub per_worker: Vec<u64>,
    /// The most bytes the goroutines held at once: each one's task (its future and
    /// async-task's header) and, in the unbounded program, its job's payload.
    pub peak_memory_bytes: u64,
    /// The most goroutines alive at once.
    pub peak_goroutines: u64,
    /// The wasm instance's memory at the end, in bytes (it only grows); 0 natively.
    pub wasm_memory_bytes: u64,
    /// `null` for a run that ended; for the unbounded program past its memory limit, Go's
    /// out-of-memory death.
    pub deadlock: Option<Crash>,
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
    /// "cancelled" error values, and a paused collector resumes, for good, so the pool can
    /// drain.
    pub fn cancel(&self) {
        self.cancellation.cancel();
        self.collector.release();
    }
}

/// Logs each send into `jobs` as the channel commits it (see [`Watch`]): the producer's.
struct JobsLog(Arc<Control>);

impl Watch<u32> for JobsLog {
    fn parked(&self, &job: &u32, len: usize) {
        self.0.trace.record(
            Kind::ProducerBlocked,
            trace::ACTOR_PRODUCER,
            job,
            len as u32,
        );
    }
    fn sent(&self, &job: &u32, len: usize, was_parked: bool) {
        let trace = &self.0.trace;
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
struct ResultsLog(Arc<Control>);

impl Watch<Outcome> for ResultsLog {
    fn parked(&self, outcome: &Outcome, len: usize) {
        self.0
            .trace
            .record(Kind::WorkerBlocked, outcome.worker, outcome.job, len as u32);
    }
    fn sent(&self, outcome: &Outcome, len: usize, was_parked: bool) {
        let trace = &self.0.trace;
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

/// Panics if a test planted a fault at this place.
pub(crate) fn fault_at(control: &Control, here: Fault) {
    if control.fault == Some(here) {
        panic!("planted fault: {here:?}");
    }
}

/// Rounds of a CPU job between yields: a few microseconds of work, so other goroutines on the
/// same P (the collector, say) wait no longer than that. See [`runtime`] on preemption.
pub const CPU_ROUNDS_PER_YIELD: u32 = 4096;

/// The unbounded program's spawner yields its P after starting this many goroutines. Go would
/// have another P steal them, or preempt a loop that runs 10 ms; ours yield at their own
/// points, and without this one the spawner kept every goroutine it started waiting until
/// the last was started.
pub const SPAWNS_PER_YIELD: u32 = 64;

type Jobs = Chan<u32, JobsLog>;
type Results = Chan<Outcome, ResultsLog>;

/// What every goroutine of one run shares (Go's closures capture the same).
struct Run {
    config: Config,
    control: Arc<Control>,
    jobs: Jobs,
    results: Results,
    wg: WaitGroup,
    /// Per worker: jobs done and a mask of the Ps that ran them.
    reports: Mutex<Vec<(u64, u64)>>,
    sent: Mutex<u64>,
    memory: Memory,
    /// The Ps that ran the unbounded program's jobs, a bit each (workers keep their own).
    spawned_ps: AtomicU64,
}

/// async-task's allocation beside the future: its header (state, awaiter, vtable) and the
/// schedule closure (an `Arc`), about six words.
const TASK_HEADER_BYTES: usize = 6 * std::mem::size_of::<usize>();

/// What the unbounded program's goroutines hold, counted as they start and end, so it can die
/// as Go's does when it passes its limit.
#[derive(Default)]
struct Memory {
    held: AtomicU64,
    peak: AtomicU64,
    goroutines: AtomicU64,
    peak_goroutines: AtomicU64,
    /// Bytes last logged: memory events trace a curve, not every goroutine.
    logged: AtomicU64,
    out_of_memory: AtomicBool,
    /// A pool worker's task, in bytes.
    task: AtomicU64,
}

impl Memory {
    fn take(&self, bytes: u64) -> u64 {
        let held = self.held.fetch_add(bytes, Ordering::AcqRel) + bytes;
        self.peak.fetch_max(held, Ordering::AcqRel);
        let alive = self.goroutines.fetch_add(1, Ordering::AcqRel) + 1;
        self.peak_goroutines.fetch_max(alive, Ordering::AcqRel);
        held
    }

    fn give_back(&self, bytes: u64) -> u64 {
        self.goroutines.fetch_sub(1, Ordering::AcqRel);
        self.held.fetch_sub(bytes, Ordering::AcqRel) - bytes
    }

    /// Logs the bytes held when they moved by `step` or more since last logged.
    fn log(&self, trace: &Trace, held: u64, step: u64) {
        let last = self.logged.load(Ordering::Relaxed);
        if held.abs_diff(last) >= step
            && self
                .logged
                .compare_exchange(last, held, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        {
            let kib = (held / 1024).min(u64::from(u32::MAX)) as u32;
            trace.record(Kind::Memory, trace::ACTOR_PRODUCER, 0, kib);
        }
    }
}

/// The wasm instance's memory now, in bytes; 0 natively.
fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size::<0>() as u64 * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Go's `defer` for a role: on a panic, cancel the run and close both channels so every other
/// goroutine finishes (a panic in Go kills the program; here it reaches the caller of [`run`]).
struct OnPanic<'a>(&'a Run);

impl Drop for OnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.control.cancel();
            let _ = self.0.jobs.close();
            let _ = self.0.results.close();
        }
    }
}

/// Runs the pool on `config.gomaxprocs` Ps (threads of the current rayon pool) and returns its
/// summary.
///
/// Blocks the calling thread (never the browser's main thread). Any number of workers runs on
/// any number of Ps; Ps beyond the rayon pool's threads start only as threads come free.
///
/// ```
/// use poolsim::{config::Config, pool::{self, Control}};
/// use std::sync::Arc;
/// let config = Config { workers: 100, jobs: 1000, gomaxprocs: 2, ..Config::default() };
/// let control = Arc::new(Control::new(&config));
/// let threads = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// let summary = threads.install(|| pool::run(&config, &control));
/// assert_eq!(summary.results, 1000);
/// assert_eq!(summary.sum, 2 * (1..=1000).sum::<u64>());
/// ```
pub fn run(config: &Config, control: &Arc<Control>) -> Summary {
    let start = Instant::now();
    let run = Arc::new(Run {
        config: *config,
        control: Arc::clone(control),
        jobs: Chan::watched(config.jobs_buffer as usize, JobsLog(Arc::clone(control))),
        results: Chan::watched(
            config.results_buffer as usize,
            ResultsLog(Arc::clone(control)),
        ),
        wg: WaitGroup::new(),
        reports: Mutex::new(vec![(0, 0); pool_size(config) as usize]),
        sent: Mutex::new(0),
        memory: Memory::default(),
        spawned_ps: AtomicU64::new(0),
    });
    let trace = &control.trace;
    trace.record(
        Kind::RunStarted,
        trace::ACTOR_PRODUCER,
        0,
        pool_size(config),
    );
    let main = Arc::clone(&run);
    let procs = config.gomaxprocs as usize;
    let collected = runtime::run(procs, async move { orchestrate(main).await });
    control.cancellation.set_on_cancel(None);

    let sent = *run.sent.lock().unwrap_or_else(PoisonError::into_inner);
    let memory = &run.memory;
    let deadlock = memory
        .out_of_memory
        .load(Ordering::Acquire)
        .then(|| Crash::out_of_memory(memory.peak_goroutines.load(Ordering::Acquire)));
    let cancelled =
        deadlock.is_none() && control.cancellation.is_cancelled() && sent < u64::from(config.jobs);
    let ending = match &deadlock {
        Some(crash) => crash.ending as u32,
        None => u32::from(cancelled),
    };
    trace.record(Kind::RunFinished, trace::ACTOR_COLLECTOR, 0, ending);
    let reports = run.reports.lock().unwrap_or_else(PoisonError::into_inner);
    let ps = reports
        .iter()
        .fold(run.spawned_ps.load(Ordering::Acquire), |all, &(_, ps)| {
            all | ps
        });
    Summary {
        jobs: sent,
        results: collected.results,
        sum: collected.sum,
        errors: collected.errors,
        duplicates: collected.duplicates,
        max_jobs_len: run.jobs.max_len() as u64,
        max_results_len: run.results.max_len() as u64,
        threads: u64::from(ps.count_ones()),
        per_worker: reports.iter().map(|&(jobs, _)| jobs).collect(),
        peak_memory_bytes: memory.peak.load(Ordering::Acquire),
        peak_goroutines: memory.peak_goroutines.load(Ordering::Acquire),
        wasm_memory_bytes: wasm_memory_bytes(),
        deadlock,
        elapsed_ms: start.elapsed().as_secs_f64() * 1e3,
        cancelled,
        trace_truncated: trace.truncated(),
        events_dropped: trace.dropped() as u64,
        config: *config,
    }
}

impl Summary {
    /// A run that ended in `crash` before anyone could count what it did.
    fn lost(config: Config, crash: Crash) -> Summary {
        Summary {
            jobs: 0,
            results: 0,
            sum: 0,
            errors: 0,
            duplicates: 0,
            max_jobs_len: 0,
            max_results_len: 0,
            threads: 0,
            per_worker: Vec::new(),
            peak_memory_bytes: 0,
            peak_goroutines: 0,
            wasm_memory_bytes: wasm_memory_bytes(),
            deadlock: Some(crash),
            elapsed_ms: 0.0,
            cancelled: false,
            trace_truncated: false,
            events_dropped: 0,
            config,
        }
    }
}

/// Starts a run on the current rayon pool without blocking the caller.
///
/// This is how the browser's engine worker runs a pool: its own thread stays free to drain the
/// log and to hear a cancel. `prepare` sees the run's controls before any goroutine starts: a
/// cancel or a paused collector set there holds from the first event.
pub fn spawn(config: Config, prepare: impl FnOnce(&mut Control)) -> Arc<RunHandle> {
    RunHandle::start(config, prepare, |config, control| {
        Some(run(config, control))
    })
}

/// The seed's `main`: start the workers, the producer and the closer, then collect.
async fn orchestrate(run: Arc<Run>) -> Collected {
    if let Some(handle) = runtime::Handle::current() {
        // A cancel wakes sleeping goroutines (I/O jobs, a paced producer) at once.
        run.control
            .cancellation
            .set_on_cancel(Some(Box::new(move || handle.wake_sleepers())));
    }
    if run.config.mode == Mode::Unbounded {
        // No pool: the producer starts a goroutine per job, and counts itself in the wait group
        // until it has started the last (else the closer could find the count at 0 first).
        let added = run.wg.add(1);
        debug_assert!(added.is_ok(), "a positive delta cannot underflow");
        runtime::go(spawner(Arc::clone(&run)));
    } else {
        let added = run.wg.add(i64::from(run.config.workers));
        debug_assert!(added.is_ok(), "a positive delta cannot underflow");
        // Each worker holds its task: the future (measured on one never run) and the header.
        let task = std::mem::size_of_val(&worker(Arc::clone(&run), 0)) + TASK_HEADER_BYTES;
        run.memory.task.store(task as u64, Ordering::Relaxed);
        for id in 1..=run.config.workers {
            run.memory.take(task as u64);
            runtime::go(worker(Arc::clone(&run), id));
        }
        runtime::go(producer(Arc::clone(&run)));
    }
    runtime::go(closer(Arc::clone(&run)));
    collector(&run).await
}

/// The workers a config starts: none in the unbounded program.
fn pool_size(config: &Config) -> u32 {
    match config.mode {
        Mode::Pool => config.workers,
        Mode::Unbounded => 0,
    }
}

/// The unbounded program's producer: `for j := 1; j <= n; j++ { wg.Add(1); go handle(j) }` —
/// a goroutine per job, as fast as jobs arrive, with nothing to make it wait. Past the memory
/// limit it dies as Go's runtime does, `fatal error: runtime: out of memory`: here the run
/// stops, the goroutines alive end with cancelled jobs, and the page lives on.
async fn spawner(run: Arc<Run>) {
    let _done = Spawned(&run, 0);
    let _defer = OnPanic(&run);
    let (config, control) = (&run.config, &run.control);
    let trace = &control.trace;
    let start = Instant::now();
    let step = log_step(config);
    // What each goroutine holds: its task (the future, measured, and async-task's header)
    // and its job's payload.
    let task = std::mem::size_of_val(&handle(Arc::clone(&run), 0, 0)) + TASK_HEADER_BYTES;
    let bytes = task as u64 + u64::from(config.job_bytes);
    let mut sent = 0;
    for j in 1..=config.jobs {
        if !arrived(&run, start, j).await {
            break;
        }
        let held = run.memory.held.load(Ordering::Acquire);
        if held + bytes > config.memory_limit_bytes {
            run.memory.out_of_memory.store(true, Ordering::Release);
            run.memory.log(trace, held + bytes, 0);
            control.cancel();
            break;
        }
        let added = run.wg.add(1);
        debug_assert!(added.is_ok(), "a positive delta cannot underflow");
        let held = run.memory.take(bytes);
        run.memory.log(trace, held, step);
        trace.record(Kind::JobSent, trace::ACTOR_PRODUCER, j, 0);
        sent += 1;
        runtime::go(handle(Arc::clone(&run), j, bytes));
        if j % SPAWNS_PER_YIELD == 0 {
            runtime::yield_now().await;
        }
    }
    *run.sent.lock().unwrap_or_else(PoisonError::into_inner) = sent;
}

/// The unbounded program's goroutine: `defer wg.Done(); results <- work(j)`, holding its job's
/// payload (real memory, `jobBytes` of it) while it lives. Its events go in the producer's lane,
/// as the simulator's do: too many goroutines to name one by one.
async fn handle(run: Arc<Run>, job: u32, bytes: u64) {
    if job == 0 {
        return; // a probe, measured and never run
    }
    let _done = Spawned(&run, bytes);
    let _defer = OnPanic(&run);
    let me = trace::ACTOR_PRODUCER;
    let payload = vec![job as u8; run.config.job_bytes as usize];
    run.control.trace.record(Kind::JobReceived, me, job, 0);
    let p = work_and_send(&run, me, job).await;
    run.spawned_ps.fetch_or(p, Ordering::Relaxed);
    std::hint::black_box(&payload);
}

/// `results <- work(j)` for goroutine `actor` (a worker, or 0: an unbounded program's
/// goroutine, whose sends the results watcher logs in the producer's lane). Returns the bit of
/// the P that ran the job.
async fn work_and_send(run: &Run, actor: u32, job: u32) -> u64 {
    let value = if run.control.cancellation.is_cancelled() {
        Err(JobError::Cancelled)
    } else {
        perform(run, job).await
    };
    let status = match value {
        Ok(_) => 0,
        Err(JobError::Failed) => 1,
        Err(JobError::Cancelled) => 2,
    };
    run.control.trace.record(Kind::JobDone, actor, job, status);
    // `results` closes only after every `wg.Done()` (or on a panic), so this send fails only
    // then.
    let _ = run
        .results
        .send(Outcome {
            job,
            worker: actor,
            value,
        })
        .await;
    1 << (runtime::current_p().unwrap_or(0) % 64)
}

/// An unbounded goroutine's `defer wg.Done()`, giving its bytes back (the producer holds none).
struct Spawned<'a>(&'a Run, u64);

impl Drop for Spawned<'_> {
    fn drop(&mut self) {
        let Spawned(run, bytes) = *self;
        if bytes > 0 {
            let held = run.memory.give_back(bytes);
            run.memory
                .log(&run.control.trace, held, log_step(&run.config));
        }
        let _ = run.wg.add(-1);
    }
}

/// Waits until job `j` is due by the arrival model (from `start`); `false` once the run is
/// cancelled, so the producer stops.
async fn arrived(run: &Run, start: Instant, j: u32) -> bool {
    let control = &run.control;
    if control.cancellation.is_cancelled() {
        return false;
    }
    fault_at(control, Fault::Producer(j));
    let Some(due) = run.config.arrival.due(j) else {
        return true;
    };
    let due = start + due;
    if !sleep_unless_cancelled(run, due).await {
        return false;
    }
    // Due while the producer was still blocked on an earlier send (or its timer fired late):
    // the job's latency starts at `due`, and the log says by how much it was late.
    let late_us = Instant::now().saturating_duration_since(due).as_micros();
    if late_us > 0 {
        let late_us = u32::try_from(late_us).unwrap_or(u32::MAX);
        control
            .trace
            .record(Kind::JobLate, trace::ACTOR_PRODUCER, j, late_us);
    }
    true
}

/// Memory events trace a curve: one each time the bytes held moved by 1/256 of the limit (or
/// 64 KiB).
fn log_step(config: &Config) -> u64 {
    (config.memory_limit_bytes / 256).max(64 * 1024)
}

/// `for j := 1; j <= n; j++ { jobs <- j }; close(jobs)`, paced by the arrival model.
async fn producer(run: Arc<Run>) {
    let _defer = OnPanic(&run);
    let (config, control) = (&run.config, &run.control);
    let start = Instant::now();
    let mut sent = 0;
    for j in 1..=config.jobs {
        if !arrived(&run, start, j).await {
            break;
        }
        if run.jobs.send(j).await.is_err() {
            break;
        }
        sent += 1;
    }
    *run.sent.lock().unwrap_or_else(PoisonError::into_inner) = sent;
    if run.jobs.close().is_ok() {
        control
            .trace
            .record(Kind::ChannelClosed, trace::ACTOR_PRODUCER, 0, 0);
    }
}

/// The seed's `worker`: `for j := range jobs { results <- work(j) }`, then `wg.Done()`.
async fn worker(run: Arc<Run>, id: u32) {
    if id == 0 {
        return; // a probe, measured and never run
    }
    let _done = WgDone(&run, id);
    let _defer = OnPanic(&run);
    let control = &run.control;
    let trace = &control.trace;
    let (mut done, mut ps) = (0u64, 0u64);
    loop {
        let job = match run.jobs.try_recv() {
            Ok(job) => job,
            Err(TryRecvError::Closed) => break,
            Err(TryRecvError::Empty) => {
                trace.record(Kind::WorkerWaiting, id, 0, 0);
                match run.jobs.recv().await {
                    Some(job) => job,
                    None => break,
                }
            }
        };
        trace.record(Kind::JobReceived, id, job, len_if(&run, &run.jobs));
        fault_at(control, Fault::Worker(job));
        ps |= work_and_send(&run, id, job).await;
        done += 1;
    }
    run.reports.lock().unwrap_or_else(PoisonError::into_inner)[id as usize - 1] = (done, ps);
}

/// A worker's `defer wg.Done()`, on a panic too (or the closer would wait for ever); logged
/// before the counter drops, so the exit precedes the close.
struct WgDone<'a>(&'a Run, u32);

impl Drop for WgDone<'_> {
    fn drop(&mut self) {
        let WgDone(run, id) = *self;
        run.memory
            .give_back(run.memory.task.load(Ordering::Relaxed));
        let trace = &run.control.trace;
        let _ = run.wg.add_then(-1, |left| {
            trace.record(Kind::WorkerExited, id, 0, left as u32)
        });
    }
}

/// `go func() { wg.Wait(); close(results) }()`.
async fn closer(run: Arc<Run>) {
    let _defer = OnPanic(&run);
    let trace = &run.control.trace;
    trace.record(
        Kind::CloserWaiting,
        trace::ACTOR_CLOSER,
        0,
        run.wg.count() as u32,
    );
    run.wg.zero().await;
    if run.results.close().is_ok() {
        trace.record(Kind::ChannelClosed, trace::ACTOR_CLOSER, 0, 1);
    }
}

/// `for r := range results { ... }`, stopping at the gate while it is closed.
async fn collector(run: &Run) -> Collected {
    let _defer = OnPanic(run);
    let control = &run.control;
    let (trace, me) = (&control.trace, trace::ACTOR_COLLECTOR);
    let mut collected = Collected::new(run.config.jobs);
    loop {
        if control.collector.is_paused() {
            trace.record(Kind::CollectorPaused, me, 0, run.results.len() as u32);
            control.collector.opened().await;
            trace.record(Kind::CollectorResumed, me, 0, run.results.len() as u32);
        }
        let Some(outcome) = run.results.recv().await else {
            break;
        };
        fault_at(control, Fault::Collector(outcome.job));
        collected.note(&outcome);
        trace.record(
            Kind::ResultCollected,
            me,
            outcome.job,
            len_if(run, &run.results),
        );
    }
    collected
}

/// A job's work, as a goroutine does it: an I/O wait parks on a timer, CPU work yields
/// every [`CPU_ROUNDS_PER_YIELD`] rounds.
async fn perform(run: &Run, job: u32) -> Result<u64, JobError> {
    let config = &run.config;
    match config.work {
        Work::Io { wait_ms } => {
            let due = Instant::now() + Duration::from_millis(u64::from(wait_ms));
            if !sleep_unless_cancelled(run, due).await {
                return Err(JobError::Cancelled);
            }
        }
        Work::Cpu { iterations } => {
            let mut x = cpu_start(job);
            let mut left = iterations;
            while left > 0 {
                let rounds = left.min(CPU_ROUNDS_PER_YIELD);
                x = cpu_rounds(x, rounds);
                left -= rounds;
                if left > 0 {
                    runtime::yield_now().await;
                }
            }
            return if fails(job, config.failure_rate) {
                Err(JobError::Failed)
            } else {
                Ok(cpu_finish(x))
            };
        }
        Work::Double => {}
    }
    config.work.outcome(job, config.failure_rate)
}

/// Sleeps until `due` unless the run is cancelled first; whether the whole wait elapsed.
async fn sleep_unless_cancelled(run: &Run, due: Instant) -> bool {
    CancellableSleep {
        sleep: runtime::time::sleep_until(due),
        cancelled: &run.control,
    }
    .await
}

struct CancellableSleep<'a> {
    sleep: Sleep,
    cancelled: &'a Control,
}

impl Future for CancellableSleep<'_> {
    type Output = bool;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        let this = self.get_mut();
        let sleep = &mut this.sleep;
        this.cancelled
            .cancellation
            .poll_wait(|| Pin::new(sleep).poll(cx).is_ready())
    }
}

/// A channel's length for the log, read only while the log still records job events.
fn len_if<T, W: Watch<T>>(run: &Run, ch: &Chan<T, W>) -> u32 {
    if run.control.trace.enabled() {
        ch.len() as u32
    } else {
        0
    }
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

impl RunHandle {
    /// Runs `body` on the current rayon pool in the background, with fresh controls that
    /// `prepare` sees first.
    pub(crate) fn start(
        config: Config,
        prepare: impl FnOnce(&mut Control),
        body: impl FnOnce(&Config, &Arc<Control>) -> Option<Summary> + Send + 'static,
    ) -> Arc<RunHandle> {
        let mut control = Control::new(&config);
        prepare(&mut control);
        let handle = Arc::new(RunHandle {
            control: Arc::new(control),
            finished: AtomicBool::new(false),
            summary: Mutex::new(None),
        });
        let background = Arc::clone(&handle);
        rayon::spawn(move || {
            // A goroutine's panic, which `run` raises again once the others have finished,
            // ends the run with a report instead of taking rayon's thread (and the process)
            // with it. (In the browser's panic=abort build this catches nothing: there the
            // engine worker sees the panic hook's message and the page restarts the engine.)
            let control = &background.control;
            let summary = panic::catch_unwind(AssertUnwindSafe(|| body(&config, control)))
                .unwrap_or_else(|payload| {
                    let crash = Crash::engine_panic(&*payload);
                    control.trace.record(
                        Kind::RunFinished,
                        trace::ACTOR_COLLECTOR,
                        0,
                        crash.ending as u32,
                    );
                    Some(Summary::lost(config, crash))
                });
            *background
                .summary
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = summary;
            background.finished.store(true, Ordering::Release);
        });
        handle
    }
}
