//! Go's `sync.WaitGroup`: a counter of outstanding work, and a way to wait for it to reach zero.

use std::fmt;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

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
    count: Mutex<i64>,
    zero: Condvar,
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

    fn lock(&self) -> MutexGuard<'_, i64> {
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
        let mut count = self.lock();
        let next = *count + delta;
        if next < 0 {
            return Err(NegativeCounter);
        }
        *count = next;
        then(next);
        drop(count);
        if next == 0 {
            self.zero.notify_all();
        }
        Ok(next)
    }

    /// `wg.Done()`, which is `wg.Add(-1)`; returns the new counter.
    pub fn done(&self) -> Result<i64, NegativeCounter> {
        self.add(-1)
    }

    /// `wg.Wait()`: blocks until the counter is zero.
    pub fn wait(&self) {
        let mut count = self.lock();
        while *count > 0 {
            count = self
                .zero
                .wait(count)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The current counter.
    pub fn count(&self) -> i64 {
        *self.lock()
    }
}
