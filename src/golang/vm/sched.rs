//! The virtual-time driver: one P on the calling thread, and a clock that moves only when
//! every goroutine is blocked (as Go's playground and `testing/synctest` do), so a program
//! prints the same on every machine.
//!
//! Its queue follows Go's on one P (`runtime/proc.go`): a goroutine readied by the running one
//! (a receiver handed a value, a sleeper whose timer fired) or started by `go` takes `runnext`
//! and runs next, the one it displaced goes to the back of the run queue; a goroutine that
//! yields (its instruction budget spent) goes to the back.

use super::value::lock;
use std::collections::{BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

pub type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A timer's work when it fires, run with the queue unlocked (it may ready goroutines).
pub type Action = Box<dyn FnOnce() + Send>;

/// The sleeper number of a timer that runs an [`Action`] instead.
const NO_SLEEPER: usize = usize::MAX;

/// The run queue and the virtual clock, shared with the goroutines' wakers.
#[derive(Default)]
pub struct Sched {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    runnext: Option<usize>,
    runq: VecDeque<usize>,
    /// Whether each goroutine is in `runnext` or `runq` already.
    queued: Vec<bool>,
    running: Option<usize>,
    /// Virtual nanoseconds since the program started.
    now: u64,
    /// Sleepers by deadline, then by the order they slept in.
    timers: BinaryHeap<std::cmp::Reverse<(u64, u64, usize)>>,
    timer_seq: u64,
    /// What a timer without a sleeper does when it fires (`time.After` sends on its channel),
    /// by the timer's sequence number.
    actions: std::collections::HashMap<u64, Action>,
    wakers: Vec<Option<Waker>>,
    /// Goroutines started while another ran, not yet given a slot.
    spawned: Vec<(usize, Task)>,
    next_id: usize,
}

impl State {
    fn ready(&mut self, id: usize) {
        if self.queued.get(id).copied().unwrap_or(true) {
            return;
        }
        self.queued[id] = true;
        if self.running == Some(id) {
            self.runq.push_back(id);
        } else if let Some(older) = self.runnext.replace(id) {
            self.runq.push_back(older);
        }
    }
}

struct GoroutineWaker {
    sched: Arc<Sched>,
    id: usize,
}

impl Wake for GoroutineWaker {
    fn wake(self: Arc<Self>) {
        lock(&self.sched.state).ready(self.id);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        lock(&self.sched.state).ready(self.id);
    }
}

/// Why [`Sched::run`] stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// `done()` said so (main returned, a panic, `os.Exit`).
    Done,
    /// Nothing can run and no timer is set: every goroutine is blocked for ever.
    Deadlock,
    /// The clock reached the limit.
    TimeLimit,
    /// The run took longer than its wall-clock limit (a goroutine that never blocks keeps the
    /// clock from moving).
    WallLimit,
}

impl Sched {
    /// Virtual nanoseconds since the start.
    pub fn now(&self) -> u64 {
        lock(&self.state).now
    }

    /// Starts a goroutine: it runs next (Go's `newproc` puts it in `runnext`).
    pub fn spawn(self: &Arc<Self>, task: Task) {
        let mut st = lock(&self.state);
        let id = st.next_id;
        st.next_id += 1;
        st.spawned.push((id, task));
        st.queued.push(false);
        st.wakers.push(Some(Waker::from(Arc::new(GoroutineWaker {
            sched: Arc::clone(self),
            id,
        }))));
        st.ready(id);
    }

    /// Wakes `waker` once the clock reaches `at`.
    pub fn add_timer(&self, at: u64, id: usize) {
        let mut st = lock(&self.state);
        let seq = st.timer_seq;
        st.timer_seq += 1;
        st.timers.push(std::cmp::Reverse((at, seq, id)));
    }

    /// Runs `action` once the clock reaches `at` (Go's runtime timers: no goroutine waits);
    /// its number, to stop it with.
    pub fn add_action(&self, at: u64, action: Action) -> u64 {
        let mut st = lock(&self.state);
        let seq = st.timer_seq;
        st.timer_seq += 1;
        st.timers.push(std::cmp::Reverse((at, seq, NO_SLEEPER)));
        st.actions.insert(seq, action);
        seq
    }

    /// Stops timer `seq`; whether it had yet to fire.
    pub fn stop_action(&self, seq: u64) -> bool {
        lock(&self.state).actions.remove(&seq).is_some()
    }

    /// The goroutine being run (the one a timer should wake).
    pub fn running(&self) -> Option<usize> {
        lock(&self.state).running
    }

    /// Runs goroutines until `done()` or nothing can run; the clock stops at `limit_ns`, the
    /// run after `wall` of real time.
    pub fn run(
        self: &Arc<Self>,
        limit_ns: u64,
        wall: std::time::Duration,
        done: impl Fn() -> bool,
    ) -> Stop {
        // Each goroutine's future and waker, kept here: only this thread polls them.
        let mut tasks: Vec<Option<(Task, Waker)>> = Vec::new();
        let started = web_time::Instant::now();
        let mut polls = 0u32;
        // One lock per turn: taken after a poll, it is held to choose the next goroutine.
        let mut st = lock(&self.state);
        loop {
            if done() {
                return Stop::Done;
            }
            polls = polls.wrapping_add(1);
            // A poll is bounded (the VM yields after a budget); the clock is read now and then.
            if polls.is_multiple_of(64) && started.elapsed() > wall {
                return Stop::WallLimit;
            }
            while let Some((id, task)) = st.spawned.pop() {
                if tasks.len() <= id {
                    tasks.resize_with(id + 1, || None);
                }
                let waker = st.wakers[id].take();
                tasks[id] = waker.map(|w| (task, w));
            }
            let next = match st.runnext.take() {
                Some(id) => Some(id),
                None => st.runq.pop_front(),
            };
            let Some(id) = next else {
                // Everyone is blocked: the clock jumps to the next timer, which readies its
                // sleepers in the order they slept.
                let Some(std::cmp::Reverse((at, _, _))) = st.timers.peek().copied() else {
                    return Stop::Deadlock;
                };
                if at > limit_ns {
                    st.now = limit_ns;
                    return Stop::TimeLimit;
                }
                st.now = st.now.max(at);
                let mut actions = Vec::new();
                while let Some(std::cmp::Reverse((t, seq, id))) = st.timers.peek().copied() {
                    if t > st.now {
                        break;
                    }
                    st.timers.pop();
                    if id == NO_SLEEPER {
                        actions.extend(st.actions.remove(&seq));
                    } else {
                        st.ready(id);
                    }
                }
                drop(st);
                for action in actions {
                    action();
                }
                st = lock(&self.state);
                continue;
            };
            st.queued[id] = false;
            st.running = Some(id);
            drop(st);
            let finished = match tasks.get_mut(id).and_then(Option::as_mut) {
                Some((task, waker)) => {
                    let mut cx = Context::from_waker(waker);
                    task.as_mut().poll(&mut cx).is_ready()
                }
                None => false,
            };
            if finished {
                tasks[id] = None;
            }
            st = lock(&self.state);
            st.running = None;
        }
    }

    /// Drops every goroutine's future (the program has ended): their parked sends and
    /// receives leave their channels.
    pub fn clear(&self) {
        let mut st = lock(&self.state);
        st.spawned.clear();
        st.wakers.clear();
        st.timers.clear();
        st.actions.clear();
    }
}

/// `time.Sleep` in virtual time: ready once the clock reaches the deadline.
pub struct Sleep {
    pub sched: Arc<Sched>,
    pub until: u64,
    pub armed: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.sched.now() >= self.until {
            return Poll::Ready(());
        }
        if !self.armed {
            if let Some(id) = self.sched.running() {
                self.sched.add_timer(self.until, id);
                self.armed = true;
            }
        }
        Poll::Pending
    }
}
