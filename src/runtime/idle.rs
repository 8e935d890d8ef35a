//! Which Ms sleep and which look for work — Go's idle M list, `npidle` and `nmspinning` — and
//! the protocol that keeps a readied G from waiting while every M sleeps: whoever readies a G
//! wakes a sleeping M unless one is already looking (`wakep`), and an M about to sleep lists
//! itself, then looks once more. A SeqCst fence on each side (the Dekker pattern) means that
//! either the M sees the new work, or the one who readied it sees the M listed and wakes it.
//!
//! Its atomics, lock and condition variables come from `crate::sync`, so `tests/loom.rs` checks
//! this protocol in every interleaving of two Ms and a waker.

use super::park::Parker;
use crate::sync::atomic::{fence, AtomicUsize, Ordering};
use crate::sync::Mutex;
use std::sync::PoisonError;
use web_time::Instant;

/// The Ms of one runtime, as far as sleeping and waking go; M `m` runs P `m`.
#[doc(hidden)]
pub struct Idle {
    parkers: Box<[Parker]>,
    /// Ms parked with nothing to do.
    idle: Mutex<Vec<usize>>,
    count: AtomicUsize,
    /// Ms woken to look for work that have not found any yet (Go's `nmspinning`).
    spinning: AtomicUsize,
}

impl Idle {
    /// `ms` Ms, all awake.
    pub fn new(ms: usize) -> Self {
        Idle {
            parkers: (0..ms).map(|_| Parker::default()).collect(),
            idle: Mutex::new(Vec::with_capacity(ms)),
            count: AtomicUsize::new(0),
            spinning: AtomicUsize::new(0),
        }
    }

    /// Wakes a parked M to look for work, unless one is already looking (Go's `wakep`). Call it
    /// after making work visible.
    pub fn wakep(&self) {
        // Pairs with the fence in `park`: either this sees the parked M, or it sees the work.
        fence(Ordering::SeqCst);
        if self.count.load(Ordering::SeqCst) == 0 || self.spinning.load(Ordering::SeqCst) > 0 {
            return;
        }
        self.wake_one();
    }

    /// Wakes one parked M, if any, as a spinning M.
    pub fn wake_one(&self) {
        fence(Ordering::SeqCst);
        if self.count.load(Ordering::SeqCst) == 0 {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(m) = idle.pop() {
            self.count.fetch_sub(1, Ordering::SeqCst);
            self.spinning.fetch_add(1, Ordering::SeqCst);
            drop(idle);
            self.parkers[m].unpark();
        }
    }

    /// A spinning M found work: if it was the last one looking, another may look (Go's
    /// `resetspinning`), since there may be more where this came from.
    pub fn found_work(&self) {
        let was = self.spinning.load(Ordering::SeqCst);
        if was > 0
            && self
                .spinning
                .compare_exchange(was, was - 1, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            && was == 1
        {
            self.wakep();
        }
    }

    /// Parks M `m` until it may have work: unless `has_work()` says so once it is listed as
    /// idle, it sleeps until `deadline(busy, idle)` (given the set of Ps not parked, one bit
    /// each, see [`bit`], and how many Ms are listed idle, itself included) or until woken.
    pub fn park(
        &self,
        m: usize,
        deadline: impl FnOnce(u128, usize) -> Option<Instant>,
        has_work: impl FnOnce() -> bool,
    ) {
        // No longer looking: if this was a woken M, it gives up its spinning mark first, then
        // checks once more, so work readied meanwhile is seen either by it or by whoever readied
        // it (who now sees no spinning M and wakes one).
        let mut was_spinning = false;
        let mut seen = self.spinning.load(Ordering::SeqCst);
        while seen > 0 && !was_spinning {
            match self
                .spinning
                .compare_exchange(seen, seen - 1, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => was_spinning = true,
                Err(now) => seen = now,
            }
        }
        let (busy, listed) = {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            idle.push(m);
            self.count.fetch_add(1, Ordering::SeqCst);
            let busy = idle.iter().fold(!0u128, |busy, &p| busy & !bit(p));
            (busy, idle.len())
        };
        fence(Ordering::SeqCst);
        let deadline = deadline(busy, listed);
        if !has_work() {
            self.parkers[m].park(deadline);
        }
        // Still listed unless a waker took it off (and counted it as spinning).
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = idle.iter().position(|&p| p == m) {
            idle.swap_remove(at);
            self.count.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Wakes every M (the run is over).
    pub fn unpark_all(&self) {
        for parker in self.parkers.iter() {
            parker.unpark();
        }
    }
}

/// P `p`'s bit in a set of Ps (Ps from the 128th on share the last bit: one of them idle counts
/// them all idle, so their timers wait for their own Ms).
pub fn bit(p: usize) -> u128 {
    1u128 << p.min(127)
}
