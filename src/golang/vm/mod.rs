//! The VM: runs a compiled [`Program`], each goroutine a future whose interpreter loop awaits
//! the runtime's own channel operations, wait groups, mutexes and timers. A program ends as
//! Go's does: when `main` returns (whatever else is running), at its first unrecovered panic
//! (exit status 2, Go's report on stderr), at `os.Exit`, or when every goroutine is blocked
//! (`fatal error: all goroutines are asleep - deadlock!`).

mod context;
mod exec;
mod fmt;
pub mod log;
pub mod map;
pub mod sched;
mod sync;
pub mod value;

use super::code::{FuncId, Program};
use sched::{Sched, Stop};
use std::sync::{Arc, Mutex};
pub use value::Value;
use value::{lock, Ptr};

/// Go numbers the runtime's own goroutines 2 to 5 before the program's first `go` statement
/// (recorded with Go 1.27.3 on one P; see `sim::crash`).
pub const FIRST_USER_GOROUTINE: u64 = crate::sim::crash::FIRST_USER_GOROUTINE as u64;

/// How a run is to go.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seeds `math/rand` (the top-level functions) and `select`'s choices.
    pub seed: u64,
    /// Virtual time after which the program is stopped, in nanoseconds.
    pub time_limit_ns: u64,
    /// Real time after which the program is stopped, in milliseconds: in virtual time a
    /// goroutine that never blocks keeps the clock still, so only this ends it.
    pub wall_limit_ms: u64,
    /// Goroutines alive at once before the program is stopped.
    pub max_goroutines: usize,
    /// Events the log keeps; past them it says it was truncated.
    pub max_events: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            time_limit_ns: 86_400_000_000_000,
            wall_limit_ms: 5_000,
            max_goroutines: 10_000,
            max_events: 1 << 20,
        }
    }
}

/// What a program did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// Virtual nanoseconds from start to end.
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
    pub goroutines: Mutex<Vec<Arc<GInfo>>>,
    pub live: std::sync::atomic::AtomicUsize,
    pub peak: std::sync::atomic::AtomicUsize,
    pub next_gid: std::sync::atomic::AtomicU64,
    pub sched: Arc<Sched>,
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
        self.log.push(log::Event {
            at_ns: self.sched.now(),
            kind,
            g: g as u32,
            line,
            a,
            b,
        });
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
    }

    pub fn exited(&self) -> bool {
        lock(&self.exit).is_some()
    }

    pub fn write_out(&self, s: &str) {
        if !self.exited() {
            lock(&self.out).0.push_str(s);
        }
    }

    /// Writes Go's report and ends the program with status 2 (a panic, a fatal error).
    pub fn crash(&self, report: &str) {
        let mut exit = lock(&self.exit);
        if exit.is_none() {
            *exit = Some(2);
            lock(&self.out).1.push_str(report);
        }
    }
}

/// Runs `program` in virtual time.
pub fn run(program: Arc<Program>, options: Options) -> Outcome {
    let sched = Arc::new(Sched::default());
    let globals = (0..program.globals)
        .map(|_| Ptr::cell(Value::Nil))
        .collect();
    let machine = Arc::new(Machine {
        program: Arc::clone(&program),
        globals,
        out: Mutex::new((String::new(), String::new())),
        exit: Mutex::new(None),
        goroutines: Mutex::new(Vec::new()),
        live: Default::default(),
        peak: Default::default(),
        next_gid: std::sync::atomic::AtomicU64::new(FIRST_USER_GOROUTINE),
        sched: Arc::clone(&sched),
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
    });
    exec::start_main(&machine);
    let watched = Arc::clone(&machine);
    let wall = std::time::Duration::from_millis(options.wall_limit_ms);
    let stop = sched.run(options.time_limit_ns, wall, move || watched.exited());
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
        Stop::WallLimit => {
            limit = Some(Limit::WallTime);
            let s = options.wall_limit_ms as f64 / 1e3;
            machine.crash(&format!(
                "program stopped: it ran for {s} s of real time (poolsim's limit); a goroutine \
                 that never blocks keeps virtual time from moving\n"
            ));
        }
    }
    let elapsed_ns = sched.now();
    let exit_code = lock(&machine.exit).unwrap_or(0);
    machine.record(log::Kind::Exit, 0, 0, exit_code as u32, 0);
    sched.clear();
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
