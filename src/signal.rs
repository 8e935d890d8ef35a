//! Signals from outside a running pool: cancel it, pause its collector.

use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::Mutex;
use std::future::Future;
use std::pin::Pin;
use std::sync::PoisonError;
use std::task::{Context, Poll, Waker};

/// A cancellation flag that also cuts short the waits of I/O jobs.
#[derive(Default)]
pub struct Cancel {
    /// Read lock-free on every job.
    cancelled: AtomicBool,
    /// Wakes goroutines asleep on the run's timers (set while a run goes), so they see the flag.
    on_cancel: Mutex<Option<Box<dyn Fn() + Send + Sync>>>,
}

impl Cancel {
    /// Not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels and wakes every sleeping goroutine of the run.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(wake) = &*self
            .on_cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        {
            wake();
        }
    }

    /// Has `cancel` call `wake` too (or nothing more, with `None`).
    pub fn set_on_cancel(&self, wake: Option<Box<dyn Fn() + Send + Sync>>) {
        *self
            .on_cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = wake;
    }

    /// Whether `cancel` was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// One poll of a wait a cancel cuts short (an I/O job's sleep): `Ready(false)` if cancelled,
    /// `Ready(true)` once `wait` says it is over; `wait` sets up its own wake-up when it is not.
    pub fn poll_wait(&self, wait: impl FnOnce() -> bool) -> Poll<bool> {
        if self.is_cancelled() {
            return Poll::Ready(false);
        }
        if wait() {
            return Poll::Ready(true);
        }
        // A cancel that came while the wait set its wake-up may have woken everyone before
        // it was set: look again. (The timers' lock orders the two, so this load sees it.)
        if self.is_cancelled() {
            return Poll::Ready(false);
        }
        Poll::Pending
    }
}

/// A gate the collector passes before each receive: closing it pauses the collector, so results
/// pile up and backpressure travels back through the workers to the producer.
#[derive(Default)]
pub struct Gate {
    /// Read lock-free on every result.
    paused: AtomicBool,
    /// Set by [`Gate::release`]: the gate stays open whatever comes later.
    released: AtomicBool,
    /// The goroutine waiting for the gate to open (the collector).
    lock: Mutex<Option<Waker>>,
}

impl Gate {
    /// An open gate.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pauses (`true`) or resumes (`false`) whoever waits at the gate.
    pub fn set_paused(&self, paused: bool) {
        {
            // Under the lock, so a pause cannot slip in after a release (see `release`).
            let _order = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            let released = self.released.load(Ordering::SeqCst);
            self.paused.store(paused && !released, Ordering::SeqCst);
        }
        self.wake();
    }

    /// Opens the gate for good: a cancelled run must drain, so a pause that comes after the
    /// cancel is ignored instead of parking the collector with nobody left to resume it.
    pub fn release(&self) {
        {
            let _order = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.released.store(true, Ordering::SeqCst);
            self.paused.store(false, Ordering::SeqCst);
        }
        self.wake();
    }

    fn wake(&self) {
        let waiting = self
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(waker) = waiting {
            waker.wake();
        }
    }

    /// Whether the gate is closed.
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }

    /// Waits in a goroutine while the gate is closed, parking the goroutine, not its thread.
    pub fn opened(&self) -> Opened<'_> {
        Opened(self)
    }
}

/// The future of [`Gate::opened`].
#[must_use = "a wait does nothing unless awaited"]
pub struct Opened<'a>(&'a Gate);

impl Future for Opened<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut waiting = self.0.lock.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.0.paused.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        *waiting = Some(cx.waker().clone());
        Poll::Pending
    }
}
