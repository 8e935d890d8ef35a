//! Signals from outside a running pool: cancel it, pause its collector.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use web_time::Instant;

/// A cancellation flag that also cuts short the waits of I/O jobs.
#[derive(Default)]
pub struct Cancel {
    /// Read lock-free on every job; the mutex below exists only for sleepers.
    cancelled: AtomicBool,
    sleepers: Mutex<()>,
    wake: Condvar,
    /// Wakes goroutines asleep on a runtime's timers (set while a run of the G/M/P driver goes).
    on_cancel: Mutex<Option<Box<dyn Fn() + Send + Sync>>>,
}

impl Cancel {
    /// Not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels and wakes every waiting job.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        // Taking the lock orders this wake-up after any sleeper's check of the flag.
        drop(self.sleepers.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_all();
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

    /// Sleeps for `wait` unless cancelled first; returns whether the full wait elapsed.
    pub fn sleep(&self, wait: Duration) -> bool {
        // A deadline, because condition variables may wake early and more than once.
        let deadline = Instant::now() + wait;
        let mut guard = self.sleepers.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.cancelled.load(Ordering::SeqCst) {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            guard = self
                .wake
                .wait_timeout(guard, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// A gate the collector passes before each receive: closing it pauses the collector, so results
/// pile up and backpressure travels back through the workers to the producer.
#[derive(Default)]
pub struct Gate {
    /// Read lock-free on every result; the mutex below exists only for a waiting collector.
    paused: AtomicBool,
    /// A goroutine waiting for the gate to open (the collector, on the G/M/P driver).
    lock: Mutex<Option<Waker>>,
    changed: Condvar,
}

impl Gate {
    /// An open gate.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pauses (`true`) or resumes (`false`) whoever waits at the gate.
    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
        let waiting = self
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.changed.notify_all();
        if let Some(waker) = waiting {
            waker.wake();
        }
    }

    /// Whether the gate is closed.
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }

    /// Blocks while the gate is closed.
    pub fn wait_open(&self) {
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        while self.paused.load(Ordering::SeqCst) {
            guard = self
                .changed
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
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
