//! Go's scheduler, small: goroutines (G) multiplexed on a few threads (M), each running one
//! processor (P) with its own run queue.
//!
//! The names follow Go's `runtime/proc.go`:
//! - a **G** is a task ([`async_task`]) holding a future: the goroutine's code up to its next
//!   blocking point. Blocking on a channel, a wait group or a timer returns `Pending`, and the
//!   thread goes on with another G — a switch costs a function return, not a system call.
//! - a **P** has a `runnext` slot: a G readied by the running G (a receiver handed a value, say)
//!   runs next on the same P, so a channel hand-off stays on one core and in its cache. Behind it
//!   wait a hand-off queue (Gs this P's Gs woke) and a stealable queue (Gs that yielded, Gs from
//!   the global queue). A P that runs dry takes from the global queue, then steals half of
//!   another P's stealable queue, and asks a P whose hand-off Gs have waited too long to share
//!   (after watching it for 10 µs). Every 61st turn it looks at the global queue first, so nothing there waits
//!   forever.
//! - an **M** is a thread (in the browser, a Web Worker of wasm-bindgen-rayon's pool) running
//!   one P's loop. It parks only when nothing is runnable anywhere, until its P's next timer or
//!   until someone readies a G; a readied G wakes at most one parked M, and none while another M
//!   is already looking for work (Go's `wakep` and spinning Ms), so hand-offs rarely pay for the
//!   futex that parking costs.
//! - **timers** live on the P whose G asked for them (Go keeps timers per P since 1.14): the M
//!   checks them between Gs and sleeps until the earliest.
//!
//! Unlike Go, a G is never preempted: a long computation must yield ([`yield_now`]) now and
//! then, or its P runs nothing else until it blocks. Go (since 1.14) interrupts a G that runs
//! past 10 ms with a signal; wasm has no signals, so cooperative yields stand in for it, and a
//! budget makes a G yield after 128 channel operations in a turn that did not wait.

mod idle;
mod park;
#[cfg(test)]
mod tests;
pub mod time;

use crossbeam_deque::{Injector, Steal, Stealer, Worker};
use crossbeam_utils::CachePadded;
use idle::bit;
pub use idle::Idle;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use time::Timers;
use web_time::Instant;

type Runnable = async_task::Runnable;

/// Go's `schedtick` period for a look at the global queue before the local one.
const GLOBAL_EVERY: u32 = 61;
/// Consecutive `runnext` turns before the local queue gets one: two Gs handing values back and
/// forth would otherwise keep the rest of the queue waiting (Go bounds this by the time slice
/// the pair shares).
const RUNNEXT_STREAK: u32 = 64;
/// Rounds a dry M spends looking for work before it parks.
const SPIN_ROUNDS: u32 = 16;
/// A P whose hand-off queue reaches this length wakes a parked M to look at it, doubled for
/// each time in a row a look found it not worth sharing.
const BACKLOG: usize = 4;
/// Channel operations a goroutine may complete without waiting, each time it runs, before the
/// next one yields: Go preempts a goroutine that runs 10 ms, and wasm has no signals to do
/// that with, so a loop whose sends and receives never block would hold its P for ever (tokio
/// budgets its resources the same way, with 128).
const BUDGET: u32 = 128;
/// Asks in a row that a dry M makes of Ps that do not share before it parks: a P whose
/// goroutine runs without yielding cannot answer, and asking every [`STALE`] would spend a core
/// on it (Go caps its spinning Ms at half the busy Ps for the same reason). A P that shares
/// later wakes an M for what it shared.
const MAX_UNANSWERED_ASKS: usize = 8;
/// How long a timer may be overdue on a busy P before an idle M fires it. Its own M fires it
/// between goroutines, usually within microseconds; one held by a goroutine that does not yield
/// (or descheduled by the OS, with more Ps than cores) would keep its sleepers waiting while
/// another M sat idle, so idle Ms watch the busy Ps' timers too (Go's idle Ps run other Ps' due
/// timers). The grace keeps a timer on its own P, and its goroutine in that P's cache, whenever
/// the P gets to it soon enough; and an idle M wakes for another P's timers at most this often.
const TIMER_GRACE: Duration = Duration::from_millis(1);
/// How long Gs must wait in a P's hand-off queue before another P takes some of them.
const STALE: Duration = Duration::from_micros(10);

/// Everything the Ms of one run share.
struct Shared {
    global: Injector<Runnable>,
    stealers: Box<[Stealer<Runnable>]>,
    /// Parked Ms and Ms looking for work.
    idle: Idle,
    timers: Box<[Timers]>,
    /// Per P, what other Ms see of its hand-off queue.
    handoff: Box<[CachePadded<Handoff>]>,
    /// Woken Ms in a row that found nothing worth taking (see [`BACKLOG`]).
    declines: AtomicU32,
    /// Asks to share made by dry Ms (see [`MAX_UNANSWERED_ASKS`]).
    asks: AtomicUsize,
    /// Goroutines spawned and not yet finished.
    live: AtomicUsize,
    /// Set when the last goroutine finishes, or the run is ended: every M leaves its loop.
    stopped: AtomicBool,
    /// Why the run was ended before its last goroutine finished (an [`Ending`] as a number).
    ending: AtomicU8,
    /// When a program's run is ended for taking too long ([`run_program`]).
    deadline: Option<Instant>,
    /// Whether every M parked with no timer set ends the run (Go's `checkdead`): a program's
    /// goroutines have nobody outside to wake them; the pool's are woken by its controls.
    check_dead: bool,
    /// Ms that have started their loop (a P whose thread has not come yet holds no work).
    ms_started: AtomicUsize,
    /// The first panic of a goroutine, raised again in the caller of [`run`].
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

/// A P's hand-off queue as other Ms see it: how long it is, how many Gs it has let run, and a
/// request to move some into the stealable queue.
#[derive(Default)]
struct Handoff {
    len: AtomicUsize,
    taken: AtomicUsize,
    share: AtomicBool,
}

/// The P this thread is running, while it runs one.
///
/// Its Gs wait in three places: `runnext`; the hand-off queue, of Gs readied by its own Gs
/// (runnext's former occupants), which only this P takes from; and `queue`, which other Ps
/// steal from: Gs that yielded with work left, Gs from the global queue, and hand-off Gs that
/// waited longer than [`STALE`] (a thief asks, the owner moves half). Moving a G to another
/// core costs its cache, and the channels it shares with the Gs left behind, a trip between
/// cores: a pipeline of 100 ns goroutines runs several times slower over two cores than on
/// one, while CPU work gains a core per P.
struct Local {
    id: usize,
    shared: *const Shared,
    queue: Worker<Runnable>,
    handoff: RefCell<VecDeque<Runnable>>,
    taken: Cell<usize>,
    runnext: Cell<Option<Runnable>>,
    tick: Cell<u32>,
    streak: Cell<u32>,
    /// What is left of the running goroutine's [`BUDGET`].
    budget: Cell<u32>,
}

thread_local! {
    static CURRENT: Cell<*const Local> = const { Cell::new(std::ptr::null()) };
    /// Wakers collected under a lock, woken after it is released; reused, so firing timers
    /// does not allocate.
    static WAKE_LATER: RefCell<Vec<std::task::Waker>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's P, if it is running one of `shared`'s.
fn with_local<R>(shared: *const Shared, f: impl FnOnce(&Local) -> R) -> Option<R> {
    CURRENT.with(|current| {
        let local = current.get();
        // SAFETY: `CURRENT` points at a `Local` on this thread's stack for exactly as long as
        // that M's loop runs, and is cleared before the loop returns.
        let local = unsafe { local.as_ref()? };
        (local.shared == shared).then(|| f(local))
    })
}

/// Runs `f` with the runtime and the P number of the calling goroutine.
fn with_current<R>(f: impl FnOnce(&Shared, usize) -> R) -> Option<R> {
    CURRENT.with(|current| {
        // SAFETY: as in `with_local`; `shared` outlives every M's loop.
        let local = unsafe { current.get().as_ref()? };
        Some(f(unsafe { &*local.shared }, local.id))
    })
}

/// A runtime, as seen from outside its goroutines: what a cancel needs.
#[derive(Clone)]
pub struct Handle(Arc<Shared>);

impl Handle {
    /// The runtime of the calling goroutine.
    pub fn current() -> Option<Handle> {
        CURRENT.with(|current| {
            // SAFETY: as in `with_local`; the `Arc` is alive while any M runs.
            let local = unsafe { current.get().as_ref()? };
            unsafe { Arc::increment_strong_count(local.shared) };
            Some(Handle(unsafe { Arc::from_raw(local.shared) }))
        })
    }

    /// Wakes every sleeping goroutine now, due or not (they see why, e.g. a cancel, and stop).
    pub fn wake_sleepers(&self) {
        for timers in self.0.timers.iter() {
            timers.fire_all();
        }
    }

    /// Ends a [`run_program`] now, whatever its goroutines are doing (Go's `main` returned, or
    /// the page cancelled): each M leaves its loop after the goroutine it is running yields.
    pub fn stop(&self) {
        self.0.end(Ending::Stopped);
    }
}

/// How a [`run_program`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Ending {
    /// Every goroutine finished.
    Finished = 0,
    /// [`Handle::stop`] ended it.
    Stopped = 1,
    /// Every goroutine was blocked with no timer set: nothing could ever run again.
    Deadlock = 2,
    /// Its deadline passed.
    Deadline = 3,
}

/// The number of the P running the calling goroutine (0-based), or `None` outside a goroutine.
pub fn current_p() -> Option<usize> {
    CURRENT.with(|current| {
        // SAFETY: as in `with_local`.
        unsafe { current.get().as_ref() }.map(|local| local.id)
    })
}

impl Shared {
    fn new(procs: usize, stealers: Vec<Stealer<Runnable>>) -> Self {
        Shared {
            global: Injector::new(),
            stealers: stealers.into_boxed_slice(),
            idle: Idle::new(procs),
            timers: (0..procs).map(|_| Timers::default()).collect(),
            handoff: (0..procs).map(|_| CachePadded::default()).collect(),
            declines: AtomicU32::new(0),
            asks: AtomicUsize::new(0),
            live: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            ending: AtomicU8::new(Ending::Finished as u8),
            deadline: None,
            check_dead: false,
            ms_started: AtomicUsize::new(0),
            panic: Mutex::new(None),
        }
    }

    /// Ends the run for `why`, unless it has ended already.
    fn end(&self, why: Ending) {
        let _ = self.ending.compare_exchange(
            Ending::Finished as u8,
            why as u8,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
        self.stop();
    }

    /// Whether the run has passed its deadline (and if so, ends it).
    fn past_deadline(&self) -> bool {
        let past = self.deadline.is_some_and(|at| Instant::now() >= at);
        if past {
            self.end(Ending::Deadline);
        }
        past
    }

    /// Go's `checkdead`, asked by the last M to park with `listed` Ms parked: if every M that
    /// started is parked, no P holds a G or a timer and no queue holds one, nothing can ever run
    /// again, and the run ends. Sound because only a running M readies Gs and fires timers.
    fn check_dead(&self, listed: usize) -> bool {
        let dead = self.check_dead
            && listed == self.ms_started.load(Ordering::SeqCst)
            && self.timers.iter().all(|t| t.earliest().is_none())
            && !self.any_work();
        if dead {
            self.end(Ending::Deadlock);
        }
        dead
    }

    fn procs(&self) -> usize {
        self.timers.len()
    }

    /// Go's `ready`: a woken G goes to `runnext` of the P that woke it (the old `runnext` moves
    /// to the back of the queue), a G that yielded to the back of the queue, and a G woken from
    /// outside every P to the global queue.
    fn schedule(&self, runnable: Runnable, yielded: bool) {
        let mut runnable = Some(runnable);
        let placed = with_local(self, |local| {
            let Some(runnable) = runnable.take() else {
                return false;
            };
            if yielded {
                // A G that yields has work left: worth a core of its own.
                local.queue.push(runnable);
                return true;
            }
            match local.runnext.replace(Some(runnable)) {
                Some(older) => {
                    let mut handoff = local.handoff.borrow_mut();
                    handoff.push_back(older);
                    let len = handoff.len();
                    self.handoff[local.id].len.store(len, Ordering::Relaxed);
                    let declines = self.declines.load(Ordering::Relaxed).min(16);
                    len >= BACKLOG << declines
                }
                // Only `runnext` holds it: this P runs it next, nobody else need wake.
                None => false,
            }
        });
        match placed {
            Some(false) => {}
            Some(true) => self.idle.wakep(),
            None => {
                if let Some(runnable) = runnable {
                    self.global.push(runnable);
                }
                self.idle.wake_one();
            }
        }
    }

    /// Whether a queue this M may take from holds a G. (A hand-off queue needs nobody else:
    /// its M is awake while it holds anything, and wakes another when it grows.)
    fn any_work(&self) -> bool {
        !self.global.is_empty() || self.stealers.iter().any(|s| !s.is_empty())
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.idle.unpark_all();
    }

    fn goroutine_finished(&self) {
        if self.live.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.stop();
        }
    }
}

/// Counts a goroutine as live until its future is finished or dropped.
struct LiveGuard(Arc<Shared>);

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.goroutine_finished();
    }
}

/// A goroutine's future, counted while it lives.
struct Goroutine<F> {
    future: F,
    _live: LiveGuard,
}

impl<F: Future> Future for Goroutine<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `future` is structurally pinned: it is never moved out of `self`.
        unsafe { self.map_unchecked_mut(|g| &mut g.future) }.poll(cx)
    }
}

fn spawn_on<F>(shared: &Arc<Shared>, future: F) -> async_task::Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    shared.live.fetch_add(1, Ordering::AcqRel);
    let goroutine = Goroutine {
        future,
        _live: LiveGuard(Arc::clone(shared)),
    };
    let scheduler = Arc::clone(shared);
    let schedule = async_task::WithInfo(move |runnable, info: async_task::ScheduleInfo| {
        scheduler.schedule(runnable, info.woken_while_running)
    });
    let (runnable, task) = async_task::spawn(goroutine, schedule);
    // `go f()`: the new G goes to `runnext` of the P that made it, as Go's `newproc` does.
    runnable.schedule();
    task
}

/// `go f()`: starts a goroutine on the calling goroutine's runtime.
///
/// # Panics
/// Outside a goroutine of [`run`] (there is no runtime to start it on).
pub fn go<F>(future: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    spawn(future).detach();
}

/// Starts a goroutine and returns a handle whose future is its result (Go has no such thing:
/// tests use it to wait for one goroutine). Dropping the handle cancels the goroutine;
/// `detach` lets it run.
///
/// # Panics
/// Outside a goroutine of [`run`].
pub fn spawn<F>(future: F) -> async_task::Task<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let Handle(shared) = Handle::current().expect("a goroutine started outside a goroutine");
    spawn_on(&shared, future)
}

/// Runs `main` as the first goroutine on `procs` Ps, each on its own thread of the current
/// rayon pool, and returns its output once **every** goroutine has finished (like a scope:
/// Go's program ends with `main`; the pool's goroutines all end by themselves).
///
/// Blocks the calling thread. If the rayon pool has fewer threads than `procs`, the extra Ps
/// start as threads come free; no work waits for them, since a P holds only work it made.
///
/// A goroutine's panic stops nothing by itself (the goroutines' own guards must make the rest
/// finish, as the pool's do); once all have finished, the first panic is raised here.
pub fn run<T, F>(procs: usize, main: F) -> T
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let procs = procs.max(1);
    let queues: Vec<Worker<Runnable>> = (0..procs).map(|_| Worker::new_fifo()).collect();
    let shared = Arc::new(Shared::new(
        procs,
        queues.iter().map(Worker::stealer).collect(),
    ));
    let output = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&output);
    spawn_on(&shared, async move {
        let value = main.await;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
    })
    .detach();
    run_ms(&shared, queues);
    let value = output.lock().unwrap_or_else(PoisonError::into_inner).take();
    value.expect("main goroutine finished")
}

/// Runs a program's `main` as the first goroutine on `procs` Ps, as [`run`] does, until every
/// goroutine has finished or the run is ended: by [`Handle::stop`] (`started` is given the
/// handle before anything runs), by a deadlock (every goroutine blocked, no timer set), or at
/// `deadline`. Goroutines still alive at the end are the caller's to drop (their tasks, kept
/// from [`spawn`]): parked ones are held only by the channels they wait on.
pub fn run_program<F>(
    procs: usize,
    deadline: Option<Instant>,
    started: impl FnOnce(Handle),
    main: F,
) -> Ending
where
    F: Future<Output = ()> + Send + 'static,
{
    let procs = procs.max(1);
    let queues: Vec<Worker<Runnable>> = (0..procs).map(|_| Worker::new_fifo()).collect();
    let mut shared = Shared::new(procs, queues.iter().map(Worker::stealer).collect());
    shared.deadline = deadline;
    shared.check_dead = true;
    let shared = Arc::new(shared);
    started(Handle(Arc::clone(&shared)));
    spawn_on(&shared, main).detach();
    run_ms(&shared, queues);
    match shared.ending.load(Ordering::Acquire) {
        1 => Ending::Stopped,
        2 => Ending::Deadlock,
        3 => Ending::Deadline,
        _ => Ending::Finished,
    }
}

/// Runs one M per queue, the first on this thread, until the run stops; then raises the first
/// goroutine panic, if any.
fn run_ms(shared: &Arc<Shared>, queues: Vec<Worker<Runnable>>) {
    let mut queues = queues.into_iter().enumerate();
    let (first_id, first_queue) = queues.next().expect("at least one P");
    rayon::scope(|s| {
        for (id, queue) in queues {
            let shared = &shared;
            s.spawn(move |_| m_loop(shared, id, queue));
        }
        m_loop(shared, first_id, first_queue);
    });
    // Stale timers hold wakers of finished goroutines, whose schedule closures hold `shared`;
    // a stopped run's global queue holds runnable ones.
    for timers in shared.timers.iter() {
        timers.clear();
    }
    // Dropping a Runnable drops its goroutine's future.
    while !matches!(shared.global.steal(), Steal::Empty) {}
    for stealer in shared.stealers.iter() {
        while !matches!(stealer.steal(), Steal::Empty) {}
    }
    let panicked = shared
        .panic
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(payload) = panicked {
        panic::resume_unwind(payload);
    }
}

/// An M: runs P `id` until the run stops.
fn m_loop(shared: &Arc<Shared>, id: usize, queue: Worker<Runnable>) {
    let local = Local {
        id,
        shared: Arc::as_ptr(shared),
        queue,
        handoff: RefCell::new(VecDeque::with_capacity(64)),
        taken: Cell::new(0),
        runnext: Cell::new(None),
        tick: Cell::new(0),
        streak: Cell::new(0),
        budget: Cell::new(BUDGET),
    };
    shared.ms_started.fetch_add(1, Ordering::SeqCst);
    let _entered = Entered::new(&local);
    while let Some(runnable) = find_runnable(shared, &local) {
        local.budget.set(BUDGET);
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| runnable.run())) {
            let mut first = shared.panic.lock().unwrap_or_else(PoisonError::into_inner);
            first.get_or_insert(payload);
        }
    }
}

/// Points `CURRENT` at an M's P while its loop runs, and clears it however the loop ends —
/// by returning or by unwinding (a panic payload whose drop panics, say) — since every
/// `unsafe` read of `CURRENT` trusts that it never outlives the P (tokio's `set_scheduler`
/// guards its context the same way).
struct Entered;

impl Entered {
    fn new(local: &Local) -> Entered {
        CURRENT.with(|current| current.set(local));
        Entered
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(std::ptr::null()));
    }
}

/// Go's `schedule` + `findRunnable`: the next G for this P, or `None` once the run stops.
fn find_runnable(shared: &Shared, local: &Local) -> Option<Runnable> {
    // A run ended while goroutines are runnable (a program's `main` returned) runs no more.
    if shared.stopped.load(Ordering::Acquire) {
        return None;
    }
    let tick = local.tick.get().wrapping_add(1);
    local.tick.set(tick);
    if tick.is_multiple_of(GLOBAL_EVERY) {
        if let Some(r) = steal_global(shared, local) {
            return Some(r);
        }
    }
    if tick.is_multiple_of(16) {
        shared.timers[local.id].fire_due();
        if shared.past_deadline() {
            return None;
        }
    }
    if let Some(r) = local_next(shared, local) {
        return Some(r);
    }
    let (mut rounds, mut asks) = (0, 0);
    loop {
        if shared.stopped.load(Ordering::Acquire) || shared.past_deadline() {
            return None;
        }
        if let Some(r) = local_next(shared, local).or_else(|| steal_any(shared, local)) {
            shared.idle.found_work();
            return Some(r);
        }
        if shared.timers[local.id].fire_due() {
            continue;
        }
        rounds += 1;
        if rounds < SPIN_ROUNDS {
            for _ in 0..(1 << rounds.min(6)) {
                std::hint::spin_loop();
            }
            continue;
        }
        if rounds == SPIN_ROUNDS && fire_overdue_elsewhere(shared, local) {
            continue;
        }
        if asks < MAX_UNANSWERED_ASKS && ask_to_share(shared, local) {
            asks += 1;
            rounds = 0;
            continue;
        }
        park(shared, local);
        (rounds, asks) = (0, 0);
    }
}

fn local_next(shared: &Shared, local: &Local) -> Option<Runnable> {
    let mine = &shared.handoff[local.id];
    if mine.share.load(Ordering::Relaxed) {
        share_half(shared, local);
    }
    if local.streak.get() >= RUNNEXT_STREAK {
        local.streak.set(0);
        if let Some(r) = queued(shared, local) {
            return Some(r);
        }
    }
    if let Some(r) = local.runnext.take() {
        local.streak.set(local.streak.get() + 1);
        return Some(r);
    }
    local.streak.set(0);
    queued(shared, local)
}

/// The next G from the hand-off queue or the stealable one, taking turns between them.
fn queued(shared: &Shared, local: &Local) -> Option<Runnable> {
    let from_handoff = || {
        let mut handoff = local.handoff.borrow_mut();
        let next = handoff.pop_front()?;
        let published = &shared.handoff[local.id];
        published.len.store(handoff.len(), Ordering::Relaxed);
        local.taken.set(local.taken.get().wrapping_add(1));
        published.taken.store(local.taken.get(), Ordering::Relaxed);
        Some(next)
    };
    if local.tick.get().is_multiple_of(2) {
        from_handoff().or_else(|| local.queue.pop())
    } else {
        local.queue.pop().or_else(from_handoff)
    }
}

/// A thief asked: the older half of the hand-off queue becomes stealable.
fn share_half(shared: &Shared, local: &Local) {
    let mut handoff = local.handoff.borrow_mut();
    let half = handoff.len().div_ceil(2);
    for r in handoff.drain(..half) {
        local.queue.push(r);
    }
    let published = &shared.handoff[local.id];
    published.len.store(handoff.len(), Ordering::Relaxed);
    published.share.store(false, Ordering::Relaxed);
    drop(handoff);
    // Whoever asked may have given up and parked (see `MAX_UNANSWERED_ASKS`).
    if half > 0 {
        shared.idle.wakep();
    }
}

/// An M with nothing to do watches the other Ps' hand-off queues; where the Gs waiting at the
/// start have not all run within [`STALE`], it asks that P to share. Whether it asked.
fn ask_to_share(shared: &Shared, local: &Local) -> bool {
    let n = shared.procs();
    let mut watched = [(0usize, 0usize, 0usize); 8];
    let mut count = 0;
    for p in (0..n).filter(|&p| p != local.id) {
        let h = &shared.handoff[p];
        let len = h.len.load(Ordering::Relaxed);
        if len > 0 && count < watched.len() {
            watched[count] = (p, len, h.taken.load(Ordering::Relaxed));
            count += 1;
        }
    }
    if count == 0 {
        return false;
    }
    let until = Instant::now() + STALE;
    while Instant::now() < until {
        for _ in 0..64 {
            std::hint::spin_loop();
        }
        if shared.stopped.load(Ordering::Relaxed) || shared.any_work() {
            return true;
        }
    }
    let mut asked = false;
    for &(p, len, taken) in &watched[..count] {
        let h = &shared.handoff[p];
        let ran = h.taken.load(Ordering::Relaxed).wrapping_sub(taken);
        if ran < len && h.len.load(Ordering::Relaxed) > 0 {
            h.share.store(true, Ordering::Relaxed);
            asked = true;
        }
    }
    if asked {
        shared.asks.fetch_add(1, Ordering::Relaxed);
        shared.declines.store(0, Ordering::Relaxed);
    } else {
        shared.declines.fetch_add(1, Ordering::Relaxed);
    }
    asked
}

/// Fires the timers of other Ps that are overdue by more than [`TIMER_GRACE`]; whether any
/// goroutine woke (it runs here: this M readied it).
fn fire_overdue_elsewhere(shared: &Shared, local: &Local) -> bool {
    let now = Instant::now();
    let mut fired = false;
    for p in (0..shared.procs()).filter(|&p| p != local.id) {
        let timers = &shared.timers[p];
        if timers.earliest().is_some_and(|at| at + TIMER_GRACE <= now) {
            fired |= timers.fire_due();
        }
    }
    fired
}

fn steal_global(shared: &Shared, local: &Local) -> Option<Runnable> {
    loop {
        match shared.global.steal_batch_and_pop(&local.queue) {
            Steal::Success(r) => return Some(r),
            Steal::Empty => return None,
            Steal::Retry => {}
        }
    }
}

/// The global queue, then half of another P's queue, starting from a different P each time.
fn steal_any(shared: &Shared, local: &Local) -> Option<Runnable> {
    if let Some(r) = steal_global(shared, local) {
        return Some(r);
    }
    let n = shared.procs();
    let start = local.tick.get() as usize % n;
    for k in 0..n {
        let victim = (start + k) % n;
        if victim == local.id {
            continue;
        }
        loop {
            match shared.stealers[victim].steal_batch_and_pop(&local.queue) {
                Steal::Success(r) => return Some(r),
                Steal::Empty => break,
                Steal::Retry => {}
            }
        }
    }
    None
}

/// Parks this M until a G may be runnable: its P's next timer, a busy P's overdue one, a wake
/// from `wakep`, or the end.
fn park(shared: &Shared, local: &Local) {
    shared.idle.park(
        local.id,
        // Its own timers, and the busy Ps' timers that their Ms may not get to (a parked P's M
        // wakes for its own).
        |busy, listed| {
            if shared.check_dead(listed) {
                return None;
            }
            (0..shared.procs())
                .filter(|&p| p != local.id && busy & bit(p) != 0)
                .filter_map(|p| shared.timers[p].earliest().map(|at| at + TIMER_GRACE))
                .chain(shared.timers[local.id].earliest())
                .chain(shared.deadline)
                .min()
        },
        || shared.any_work() || shared.stopped.load(Ordering::SeqCst),
    );
}

/// Spends one of the running goroutine's [`BUDGET`] of operations; `false` when it is spent:
/// the goroutine is then woken to run again after the others in its P's queue, and the
/// operation must return `Pending` without having done anything. Always `true` outside a
/// goroutine (a test's `block_on`).
pub(crate) fn consume_budget(cx: &Context<'_>) -> bool {
    CURRENT.with(|current| {
        // SAFETY: as in `with_local`.
        let Some(local) = (unsafe { current.get().as_ref() }) else {
            return true;
        };
        match local.budget.get() {
            0 => {
                // Woken while running: the scheduler puts it at the back of the queue.
                cx.waker().wake_by_ref();
                false
            }
            left => {
                local.budget.set(left - 1);
                true
            }
        }
    })
}

/// Gives the P to other goroutines: the caller goes to the back of its P's queue (Go's
/// `Gosched`, which uses the global queue; the local one keeps the G on its core).
pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

/// The future of [`yield_now`].
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        // Woken while running: the scheduler puts it at the back of the queue.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Wakes every waker collected by `collect`, after the caller's locks are released.
fn wake_all_later(collect: impl FnOnce(&mut Vec<std::task::Waker>)) {
    WAKE_LATER.with(|cell| {
        // Re-entered only if a waker's schedule wakes others, which ours never does.
        let mut wakers = match cell.try_borrow_mut() {
            Ok(mut w) => std::mem::take(&mut *w),
            Err(_) => Vec::new(),
        };
        collect(&mut wakers);
        for waker in wakers.drain(..) {
            waker.wake();
        }
        if let Ok(mut w) = cell.try_borrow_mut() {
            *w = wakers;
        }
    });
}
