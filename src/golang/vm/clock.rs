//! The two clocks a program runs by (DESIGN.md, "two clocks"): virtual time on one P
//! ([`super::sched`]), where the clock jumps to the next timer only when every goroutine is
//! blocked, and real time on the runtime's GOMAXPROCS Ms ([`crate::runtime`]), where
//! goroutines run in parallel and timers fire when they are due. The interpreter asks the
//! clock for the time, for sleeps and timers, and to start goroutines; nothing else in it
//! knows which clock runs it.

use super::sched::{Action, Sched, Task};
use super::value::lock;
use crate::runtime::{self, time::Timer, Handle};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use web_time::Instant;

/// Which clock a program runs by.
#[derive(Clone)]
pub(crate) enum Clock {
    Virtual(Arc<Sched>),
    Real(Arc<Real>),
}

/// A run in real time on the runtime's Ms.
pub(crate) struct Real {
    start: Instant,
    handle: OnceLock<Handle>,
    /// Every goroutine's task: the run drops the ones still alive when it ends (a parked
    /// goroutine is otherwise held only by the channel it waits on, which it holds).
    tasks: Mutex<Vec<async_task::Task<()>>>,
    /// Tasks at the last sweep of finished ones.
    swept: AtomicU64,
    /// Timers set and not yet fired or stopped, by number.
    timers: Arc<Mutex<HashMap<u64, Timer>>>,
    next_timer: AtomicU64,
}

impl Real {
    pub fn new() -> Self {
        Real {
            start: Instant::now(),
            handle: OnceLock::new(),
            tasks: Mutex::new(Vec::new()),
            swept: AtomicU64::new(0),
            timers: Arc::new(Mutex::new(HashMap::new())),
            next_timer: AtomicU64::new(0),
        }
    }

    /// The runtime running the program, once it has started.
    pub fn started(&self, handle: Handle) {
        let _ = self.handle.set(handle);
    }

    /// Ends the run now (the page's cancel, `main` returning).
    pub fn stop(&self) {
        if let Some(handle) = self.handle.get() {
            handle.stop();
        }
    }

    /// Drops every goroutine still alive (the run is over).
    pub fn clear(&self) {
        let tasks = std::mem::take(&mut *lock(&self.tasks));
        drop(tasks);
        lock(&self.timers).clear();
    }

    fn instant(&self, at_ns: u64) -> Instant {
        self.start + std::time::Duration::from_nanos(at_ns)
    }
}

impl Clock {
    /// Nanoseconds since the program started.
    pub fn now(&self) -> u64 {
        match self {
            Clock::Virtual(sched) => sched.now(),
            Clock::Real(real) => real.start.elapsed().as_nanos() as u64,
        }
    }

    /// Starts a goroutine: it runs next on the P that started it (Go's `newproc`).
    pub fn spawn(&self, task: Task) {
        match self {
            Clock::Virtual(sched) => sched.spawn(task),
            Clock::Real(real) => {
                let task = runtime::spawn(task);
                let mut tasks = lock(&real.tasks);
                tasks.push(task);
                // Finished goroutines' tasks go when the list has doubled since the last
                // sweep: a program that starts a goroutine per job keeps only the live ones.
                let swept = real.swept.load(Ordering::Relaxed) as usize;
                if tasks.len() >= 64.max(2 * swept) {
                    tasks.retain(|t| !t.is_finished());
                    real.swept.store(tasks.len() as u64, Ordering::Relaxed);
                }
            }
        }
    }

    /// Waits until the clock reads `until`.
    pub fn sleep(&self, until: u64) -> Sleep {
        match self {
            Clock::Virtual(sched) => Sleep::Virtual(super::sched::Sleep {
                sched: Arc::clone(sched),
                until,
                armed: false,
            }),
            Clock::Real(real) => Sleep::Real(runtime::time::sleep_until(real.instant(until))),
        }
    }

    /// Runs `action` once the clock reads `at` (Go's runtime timers: no goroutine waits); its
    /// number, to stop it with.
    pub fn add_action(&self, at: u64, action: Action) -> u64 {
        match self {
            Clock::Virtual(sched) => sched.add_action(at, action),
            Clock::Real(real) => {
                let n = real.next_timer.fetch_add(1, Ordering::Relaxed);
                let timers = Arc::clone(&real.timers);
                // Set under the map's lock, so a timer that fires at once finds itself there.
                let mut set = lock(&real.timers);
                let timer = runtime::time::after(
                    real.instant(at),
                    Box::new(move || {
                        lock(&timers).remove(&n);
                        action();
                    }),
                );
                set.insert(n, timer);
                n
            }
        }
    }

    /// Stops timer `n`; whether it had yet to fire.
    pub fn stop_action(&self, n: u64) -> bool {
        match self {
            Clock::Virtual(sched) => sched.stop_action(n),
            Clock::Real(real) => {
                let timer = lock(&real.timers).remove(&n);
                timer.is_some_and(|t| t.stop())
            }
        }
    }

    /// Ends the run (the program is over): the virtual driver sees it before its next turn.
    pub fn stop(&self) {
        if let Clock::Real(real) = self {
            real.stop();
        }
    }
}

/// `time.Sleep` by either clock.
pub(crate) enum Sleep {
    Virtual(super::sched::Sleep),
    Real(runtime::time::Sleep),
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.get_mut() {
            Sleep::Virtual(s) => Pin::new(s).poll(cx),
            Sleep::Real(s) => Pin::new(s).poll(cx),
        }
    }
}
