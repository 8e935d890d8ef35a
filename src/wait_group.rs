//! Go's `sync.WaitGroup`: a counter of outstanding work, and a way to wait for it to reach zero.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

/// A counter that `wait` blocks on until it is back to zero.
///
/// ```
/// use poolsim::wait_group::WaitGroup;
/// let wg = WaitGroup::new();
/// wg.add(2).unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| wg.done().unwrap());
///     s.spawn(|| wg.done().unwrap());
///     wg.wait();
/// });
/// assert_eq!(wg.count(), 0);
/// assert!(wg.done().is_err()); // below zero: Go panics, we return an error
/// ```
#[derive(Default)]
pub struct WaitGroup {
    count: Mutex<Counter>,
    zero: Condvar,
}

#[derive(Default)]
struct Counter {
    count: i64,
    /// Goroutines (not threads) waiting in [`WaitGroup::zero`].
    waiters: Vec<Waker>,
}

/// The counter would go below zero (Go panics with "sync: negative WaitGroup counter").
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct NegativeCounter;

impl fmt::Display for NegativeCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sync: negative WaitGroup counter")
    }
}

impl std::error::Error for NegativeCounter {}

impl WaitGroup {
    /// A wait group with its counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Counter> {
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `wg.Add(delta)`; returns the new counter. A delta that would make it negative is refused
    /// and leaves the counter unchanged.
    pub fn add(&self, delta: i64) -> Result<i64, NegativeCounter> {
        self.add_then(delta, |_| {})
    }

    /// `wg.Add(delta)`, telling `then` the new counter before any `wait` can return: what
    /// `then` does (say, log the `wg.Done()`) happens before whatever follows the `wait`.
    pub fn add_then(&self, delta: i64, then: impl FnOnce(i64)) -> Result<i64, NegativeCounter> {
        let mut counter = self.lock();
        let next = counter.count + delta;
        if next < 0 {
            return Err(NegativeCounter);
        }
        counter.count = next;
        then(next);
        let waiters = if next == 0 {
            std::mem::take(&mut counter.waiters)
        } else {
            Vec::new()
        };
        drop(counter);
        if next == 0 {
            self.zero.notify_all();
            waiters.into_iter().for_each(Waker::wake);
        }
        Ok(next)
    }

    /// `wg.Done()`, which is `wg.Add(-1)`; returns the new counter.
    pub fn done(&self) -> Result<i64, NegativeCounter> {
        self.add(-1)
    }

    /// `wg.Wait()`: blocks until the counter is zero.
    pub fn wait(&self) {
        let mut counter = self.lock();
        while counter.count > 0 {
            counter = self
                .zero
                .wait(counter)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The current counter.
    pub fn count(&self) -> i64 {
        self.lock().count
    }

    /// `wg.Wait()` in a goroutine: a future that is ready once the counter is zero, parking
    /// the goroutine (not its thread) until then.
    pub fn zero(&self) -> Zero<'_> {
        Zero(self)
    }
}

/// The future of [`WaitGroup::zero`].
#[must_use = "a wait does nothing unless awaited"]
pub struct Zero<'a>(&'a WaitGroup);

impl Future for Zero<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut counter = self.0.lock();
        if counter.count == 0 {
            return Poll::Ready(());
        }
        if !counter.waiters.iter().any(|w| w.will_wake(cx.waker())) {
            counter.waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}
