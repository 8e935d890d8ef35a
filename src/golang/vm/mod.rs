//! The VM: runs a compiled [`Program`], each goroutine a future whose interpreter loop awaits
//! the runtime's own channel operations, wait groups, mutexes and timers. A program ends as
//! Go's does: when `main` returns (whatever else is running), at its first unrecovered panic
//! (exit status 2, Go's report on stderr), at `os.Exit`, or when every goroutine is blocked
//! (`fatal error: all goroutines are asleep - deadlock!`).

mod clock;
mod context;
mod exec;
mod fmt;
pub mod log;
pub mod map;
pub mod sched;
mod sync;
pub mod value;

use super::code::{FuncId, Program};
use clock::{Clock, Real};
use sched::{Sched, Stop};
use std::sync::{Arc, Mutex};
pub use value::Value;
use value::{lock, Ptr};

/// Go numbers the runtime's own goroutines 2 to 5 before the program's first `go` statement
/// (recorded with Go 1.27.3 on one P; see `sim::crash`).
pub const FIRST_USER_GOROUTINE: u64 = crate::sim::crash::FIRST_USER_GOROUTINE as u64;

/// Which clock a program runs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// Virtual time on one P: the clock moves only when every goroutine is blocked, and the
    /// output is the same on every machine.
    Sim,
    /// Real time on `gomaxprocs` Ps, each on a thread of the current rayon pool.
    Live { gomaxprocs: usize },
}

/// How a run is to go.
#[derive(Debug, Clone)]
pub struct Options {
    pub driver: Driver,
    /// Seeds `math/rand` (the top-level functions) and `select`'s choices.
    pub seed: u64,
    /// Virtual time after which the program is stopped, in nanoseconds (virtual time only).
    pub time_limit_ns: u64,
    /// Real time after which the program is stopped, in milliseconds: in virtual time a
    /// goroutine that never blocks keeps the clock still, so only this ends it; in real time
    /// it is the only limit on time.
    pub wall_limit_ms: u64,
    /// Goroutines alive at once before the program is stopped.
    pub max_goroutines: usize,
    /// Events the log keeps; past them it says it was truncated.
    pub max_events: usize,
    /// Heap the program may add to what the process held when it started, in bytes (the
    /// browser's wasm memory ends at 1 GiB, shared with the engine).
    pub max_memory_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            driver: Driver::Sim,
            seed: 1,
            time_limit_ns: 86_400_000_000_000,
            wall_limit_ms: 5_000,
            max_goroutines: 10_000,
            max_events: 1 << 20,
            max_memory_bytes: 256 << 20,
        }
    }
}

/// What a program did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// Nanoseconds from start to end, by the run's clock.
    pub elapsed_ns: u64,
    pub peak_goroutines: usize,
    /// Which of poolsim's limits stopped the program, if one did (Go has none of them).
    pub limit: Option<Limit>,
    /// What happened, in order (`log`).
    pub events: Vec<log::Event>,
    pub events_truncated: bool,
}

/// A limit that protects the page, which Go itself does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    VirtualTime,
    WallTime,
    Goroutines,
    /// The heap grew past `max_memory_bytes`.
    Memory,
    /// The page cancelled it ([`Stopper::cancel`]).
    Cancelled,
}

/// A goroutine, as the crash report shows it.
#[derive(Debug)]
pub(crate) struct GInfo {
    pub id: u64,
    /// The function whose `go` statement started it, and its goroutine.
    pub created_by: Option<(FuncId, u64, u32)>,
    pub state: Mutex<GState>,
}

#[derive(Debug, Default)]
pub(crate) struct GState {
    /// Go's wait reason while parked (`chan receive`), empty while running or runnable.
    pub wait: &'static str,
    /// Its calls, innermost first: function and line.
    pub frames: Vec<(FuncId, u32)>,
    pub exited: bool,
}

/// Everything a program's goroutines share.
pub(crate) struct Machine {
    pub program: Arc<Program>,
    pub globals: Box<[Ptr]>,
    pub out: Mutex<(String, String)>,
    /// Set once: the program is over, with this exit status.
    pub exit: Mutex<Option<i32>>,
    /// Whether `exit` is set, read without its lock: the virtual driver asks before each turn.
    pub ended: std::sync::atomic::AtomicBool,
    pub goroutines: Mutex<Vec<Arc<GInfo>>>,
    pub live: std::sync::atomic::AtomicUsize,
    pub peak: std::sync::atomic::AtomicUsize,
    pub next_gid: std::sync::atomic::AtomicU64,
    pub clock: Clock,
    pub rng: Mutex<crate::sim::dist::Rng>,
    pub options: Options,
    /// Set by a goroutine that hit one of poolsim's limits.
    pub limit: Mutex<Option<Limit>>,
    /// `context.Canceled` and `context.DeadlineExceeded`: one value each, for `==`.
    pub canceled: Value,
    pub deadline_exceeded: Value,
    pub log: log::Log,
    /// Each channel's number in the log, by its address.
    pub chans: Mutex<std::collections::HashMap<usize, u32>>,
    /// The heap, in bytes, past which the program is stopped (`max_memory_bytes` over what
    /// the process held at its start).
    pub heap_limit: usize,
}

impl Machine {
    /// Whether the run keeps a log (`max_events` above 0): without one, an event costs nothing.
    pub fn logging(&self) -> bool {
        self.options.max_events > 0
    }

    /// Logs an event at the virtual clock's time.
    pub fn record(&self, kind: log::Kind, g: u64, line: u32, a: u32, b: u32) {
        if !self.logging() {
            return;
        }
        self.log.push_at(
            || self.clock.now(),
            |at_ns| log::Event {
                at_ns,
                kind,
                g: g as u32,
                line,
                a,
                b,
            },
        );
    }

    /// A channel's number in the log (numbered as the log first meets it, from 1; 0 when
    /// there is no log).
    pub fn chan_id(&self, ch: &std::sync::Arc<crate::chan::Chan<Value>>) -> u32 {
        if !self.logging() {
            return 0;
        }
        let mut chans = lock(&self.chans);
        let next = chans.len() as u32 + 1;
        *chans
            .entry(std::sync::Arc::as_ptr(ch) as usize)
            .or_insert(next)
    }

    /// Ends the program with `code` (the first ending wins).
    pub fn exit(&self, code: i32) {
        let mut exit = lock(&self.exit);
        if exit.is_none() {
            *exit = Some(code);
        }
        self.ended.store(true, std::sync::atomic::Ordering::Release);
        drop(exit);
        self.clock.stop();
    }

    pub fn exited(&self) -> bool {
        self.ended.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn write_out(&self, s: &str) {
        if !self.exited() {
            lock(&self.out).0.push_str(s);
        }
    }

    /// Writes to standard error (the builtins `print` and `println`).
    pub fn write_err(&self, s: &str) {
        if !self.exited() {
            lock(&self.out).1.push_str(s);
        }
    }

    /// Writes Go's report and ends the program with status 2 (a panic, a fatal error).
    pub fn crash(&self, report: &str) {
        let mut exit = lock(&self.exit);
        if exit.is_none() {
            *exit = Some(2);
            lock(&self.out).1.push_str(report);
        }
        self.ended.store(true, std::sync::atomic::Ordering::Release);
        drop(exit);
        self.clock.stop();
    }
}

/// Ends a running program from outside it (the page's cancel).
#[derive(Clone)]
pub struct Stopper(Arc<Machine>);

impl Stopper {
    /// Stops the program at once: its result says it was cancelled (exit status 2, and a
    /// line on stderr), whatever its goroutines were doing.
    pub fn cancel(&self) {
        let m = &self.0;
        if m.exited() {
            return;
        }
        lock(&m.limit).get_or_insert(Limit::Cancelled);
        m.crash("program stopped: cancelled\n");
    }
}

/// Runs `program` by the clock its options name.
pub fn run(program: Arc<Program>, options: Options) -> Outcome {
    run_with(program, options, |_| {})
}

/// Runs `program`, first giving `started` what stops it from another thread.
pub fn run_with(program: Arc<Program>, options: Options, started: impl FnOnce(Stopper)) -> Outcome {
    let clock = match options.driver {
        Driver::Sim => Clock::Virtual(Arc::new(Sched::default())),
        Driver::Live { .. } => Clock::Real(Arc::new(Real::new())),
    };
    let globals = (0..program.globals)
        .map(|_| Ptr::cell(Value::Nil))
        .collect();
    let machine = Arc::new(Machine {
        program: Arc::clone(&program),
        globals,
        out: Mutex::new((String::new(), String::new())),
        exit: Mutex::new(None),
        ended: Default::default(),
        goroutines: Mutex::new(Vec::new()),
        live: Default::default(),
        peak: Default::default(),
        next_gid: std::sync::atomic::AtomicU64::new(FIRST_USER_GOROUTINE),
        clock: clock.clone(),
        rng: Mutex::new(crate::sim::dist::Rng::new(options.seed)),
        options: options.clone(),
        limit: Mutex::new(None),
        canceled: exec::error_value(program.builtin.error_string, "context canceled"),
        deadline_exceeded: exec::error_value(
            program.builtin.error_string,
            "context deadline exceeded",
        ),
        log: log::Log::new(options.max_events),
        chans: Mutex::new(std::collections::HashMap::new()),
        heap_limit: crate::heap::live_bytes().saturating_add(options.max_memory_bytes),
    });
    let wall = std::time::Duration::from_millis(options.wall_limit_ms);
    let stop = match &clock {
        Clock::Real(real) => {
            let gomaxprocs = match options.driver {
                Driver::Live { gomaxprocs } => gomaxprocs,
                Driver::Sim => 1,
            };
            let first = Arc::clone(&machine);
            let ending = crate::runtime::run_program(
                gomaxprocs,
                Some(web_time::Instant::now() + wall),
                |handle| {
                    real.started(handle);
                    started(Stopper(Arc::clone(&machine)));
                },
                async move { exec::start_main(&first) },
            );
            match ending {
                crate::runtime::Ending::Deadlock => Stop::Deadlock,
                crate::runtime::Ending::Deadline => Stop::WallLimit,
                _ => Stop::Done,
            }
        }
        Clock::Virtual(sched) => {
            started(Stopper(Arc::clone(&machine)));
            exec::start_main(&machine);
            let watched = Arc::clone(&machine);
            sched.run(options.time_limit_ns, wall, move || watched.exited())
        }
    };
    let mut limit = *lock(&machine.limit);
    match stop {
        Stop::Done => {}
        Stop::Deadlock => {
            let report = exec::deadlock_report(&machine);
            machine.crash(&report);
        }
        Stop::TimeLimit => {
            limit = Some(Limit::VirtualTime);
            let s = options.time_limit_ns as f64 / 1e9;
            machine.crash(&format!(
                "program stopped: it ran past {s} s of virtual time (poolsim's limit)\n"
            ));
        }
        Stop::WallLimit if !machine.exited() => {
            limit = Some(Limit::WallTime);
            let s = options.wall_limit_ms as f64 / 1e3;
            let why = match clock {
                Clock::Virtual(_) => {
                    "; a goroutine that never blocks keeps virtual time from moving"
                }
                Clock::Real(_) => "",
            };
            machine.crash(&format!(
                "program stopped: it ran for {s} s of real time (poolsim's limit){why}\n"
            ));
        }
        Stop::WallLimit => {}
    }
    let elapsed_ns = clock.now();
    let exit_code = lock(&machine.exit).unwrap_or(0);
    machine.record(log::Kind::Exit, 0, 0, exit_code as u32, 0);
    match &clock {
        Clock::Virtual(sched) => sched.clear(),
        Clock::Real(real) => real.clear(),
    }
    let (stdout, stderr) = std::mem::take(&mut *lock(&machine.out));
    Outcome {
        stdout,
        stderr,
        exit_code,
        elapsed_ns,
        peak_goroutines: machine.peak.load(std::sync::atomic::Ordering::Relaxed),
        limit,
        events: machine.log.take(),
        events_truncated: machine.log.truncated(),
    }
}
