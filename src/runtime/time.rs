//! Timers, kept per P as Go keeps them: a goroutine that sleeps puts its wake-up on the heap of
//! the P it runs on, and that P's M fires it between goroutines or sleeps until it is due. No
//! thread sleeps for a goroutine.

use super::{wake_all_later, with_current};
use crate::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use crate::sync::{Mutex, MutexGuard};
use std::cmp::Ordering as Order;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::PoisonError;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use web_time::Instant;

struct Entry {
    at: Instant,
    seq: u64,
    waker: Waker,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Order::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Order> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Earliest first (the heap is a max-heap); equal times in the order they were set.
    fn cmp(&self, other: &Self) -> Order {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// One P's timers. Public only for the loom models (`tests/loom.rs`).
#[doc(hidden)]
#[derive(Default)]
pub struct Timers {
    heap: Mutex<BinaryHeap<Entry>>,
    /// Entries in the heap, readable without its lock: most turns of a P's loop find none.
    pending: AtomicUsize,
    seq: AtomicU64,
}

impl Timers {
    fn lock(&self) -> MutexGuard<'_, BinaryHeap<Entry>> {
        self.heap.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes `waker` once `at` has come (or a cancel fires them all); the timer's number.
    pub fn add(&self, at: Instant, waker: Waker) -> u64 {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        let mut heap = self.lock();
        heap.push(Entry { at, seq, waker });
        self.pending.store(heap.len(), Ordering::Release);
        seq
    }

    /// Takes timer `seq` off the heap, if it is still there: a stopped timer must not count as
    /// something the run waits for (a deadlock is found only when no timer is set).
    fn remove(&self, seq: u64) {
        let mut heap = self.lock();
        heap.retain(|e| e.seq != seq);
        self.pending.store(heap.len(), Ordering::Release);
    }

    /// Wakes the goroutines whose time has come; whether there were any.
    pub(super) fn fire_due(&self) -> bool {
        if self.pending.load(Ordering::Acquire) == 0 {
            return false;
        }
        let now = Instant::now();
        let mut fired = false;
        wake_all_later(|wakers| {
            let mut heap = self.lock();
            while heap.peek().is_some_and(|e| e.at <= now) {
                if let Some(entry) = heap.pop() {
                    wakers.push(entry.waker);
                }
            }
            self.pending.store(heap.len(), Ordering::Release);
            fired = !wakers.is_empty();
        });
        fired
    }

    /// Wakes every goroutine waiting here, due or not (a cancelled run's sleepers).
    pub fn fire_all(&self) {
        wake_all_later(|wakers| {
            let mut heap = self.lock();
            wakers.extend(heap.drain().map(|e| e.waker));
            self.pending.store(0, Ordering::Release);
        });
    }

    /// Drops every timer without waking anyone (the run is over).
    pub(super) fn clear(&self) {
        let mut heap = self.lock();
        heap.clear();
        self.pending.store(0, Ordering::Release);
    }

    /// When the earliest timer is due.
    pub(super) fn earliest(&self) -> Option<Instant> {
        if self.pending.load(Ordering::Acquire) == 0 {
            return None;
        }
        self.lock().peek().map(|e| e.at)
    }
}

/// What a timer set by [`after`] does when it fires, once.
struct Action(std::sync::Mutex<Option<Box<dyn FnOnce() + Send>>>);

impl Action {
    fn take(&self) -> Option<Box<dyn FnOnce() + Send>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl std::task::Wake for Action {
    fn wake(self: std::sync::Arc<Self>) {
        if let Some(action) = self.take() {
            action();
        }
    }
}

/// A timer set by [`after`].
pub struct Timer {
    p: usize,
    seq: u64,
    action: std::sync::Arc<Action>,
}

/// Runs `action` on the calling goroutine's P once `at` has come, with no goroutine waiting
/// (Go's runtime timers: what `time.After`'s channel and `context.WithTimeout` run on).
///
/// # Panics
/// Outside a goroutine.
pub fn after(at: Instant, action: Box<dyn FnOnce() + Send>) -> Timer {
    let action = std::sync::Arc::new(Action(std::sync::Mutex::new(Some(action))));
    let waker = Waker::from(std::sync::Arc::clone(&action));
    let set = with_current(|shared, p| (p, shared.timers[p].add(at, waker)));
    let (p, seq) = set.expect("a timer set outside a goroutine");
    Timer { p, seq, action }
}

impl Timer {
    /// Stops the timer; whether it had yet to fire (Go's `Timer.Stop`).
    pub fn stop(&self) -> bool {
        let stopped = self.action.take().is_some();
        if stopped {
            with_current(|shared, _| shared.timers[self.p].remove(self.seq));
        }
        stopped
    }
}

/// `time.Sleep(d)`: the goroutine waits `d` without holding its thread.
pub fn sleep(d: Duration) -> Sleep {
    sleep_until(Instant::now() + d)
}

/// Waits until `at`.
pub fn sleep_until(at: Instant) -> Sleep {
    Sleep { at }
}

/// The future of [`sleep`].
#[derive(Debug)]
#[must_use = "a sleep does nothing unless awaited"]
pub struct Sleep {
    at: Instant,
}

impl Sleep {
    /// When it is due.
    pub fn deadline(&self) -> Instant {
        self.at
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.at {
            return Poll::Ready(());
        }
        // Every poll before the deadline sets a timer, not only the first: a poll that comes
        // early may find the last one spent — fired by a P whose clock read later than this
        // one's, or drained by `Handle::wake_sleepers` — and nothing else would wake it. The
        // usual life is one poll that sets it and one, when it fires, that finds it due; an
        // entry left over by an early poll only wakes the goroutine once more, harmlessly.
        let at = self.at;
        let waker = cx.waker().clone();
        let set = with_current(|shared, p| shared.timers[p].add(at, waker));
        assert!(set.is_some(), "a sleep outside a goroutine");
        Poll::Pending
    }
}
