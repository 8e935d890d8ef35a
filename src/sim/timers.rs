//! The simulator's timers: every goroutine's wake-up, earliest first, ties in the order they
//! were set.
//!
//! Each job costs two timers: the producer's next arrival and the worker's service. The
//! producer never has more than one that counts, so its timer waits in a slot of its own,
//! compared with the heap's earliest, and a job pays for one heap push and pop instead of two
//! (the heap holds the workers' timers: its depth grows with them). Firing order is exactly the
//! one heap's: by time, then by the sequence number each timer got when set.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A wake-up: when (virtual ns), its sequence number, and the goroutine.
pub(super) type Timer = (u64, u64, u32);

#[derive(Default)]
pub(super) struct Timers {
    heap: BinaryHeap<Reverse<Timer>>,
    /// The goroutine whose timers take the slot (the producer), and its latest timer.
    slot: Option<Timer>,
    seq: u64,
}

impl Timers {
    /// Wakes goroutine `g` at `at`; returns the timer's sequence number. Goroutine 0's latest
    /// timer takes the slot: an earlier one still there moves to the heap (it fires as it
    /// would have — a stale timer still moves the clock).
    pub(super) fn set(&mut self, g: u32, at: u64) -> u64 {
        self.seq += 1;
        let timer = (at, self.seq, g);
        if g == 0 {
            if let Some(older) = self.slot.replace(timer) {
                self.heap.push(Reverse(older));
            }
        } else {
            self.heap.push(Reverse(timer));
        }
        self.seq
    }

    /// The earliest timer, taken out.
    pub(super) fn pop(&mut self) -> Option<Timer> {
        let heap_first = match (self.slot, self.heap.peek()) {
            (Some(slot), Some(&Reverse(top))) => top < slot,
            (Some(_), None) => false,
            (None, _) => true,
        };
        if heap_first {
            self.heap.pop().map(|Reverse(timer)| timer)
        } else {
            self.slot.take()
        }
    }

    /// Drops every timer (the program ended).
    pub(super) fn clear(&mut self) {
        self.heap.clear();
        self.slot = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_as_one_heap_would_fire_them() {
        // A pseudo-random mix of producer (goroutine 0) and worker timers, with equal times,
        // checked against a plain heap of the same timers.
        let mut timers = Timers::default();
        let mut heap = BinaryHeap::new();
        let mut state = 7u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut fired, mut expected) = (Vec::new(), Vec::new());
        let mut now = 0;
        for _ in 0..20_000 {
            let r = next();
            if r % 3 == 0 {
                if let Some(t) = timers.pop() {
                    now = t.0;
                    fired.push(t);
                }
                if let Some(Reverse(t)) = heap.pop() {
                    expected.push(t);
                }
            } else {
                let g = (r >> 8) as u32 % 4;
                let at = now + (r >> 16) % 5;
                let seq = timers.set(g, at);
                heap.push(Reverse((at, seq, g)));
            }
        }
        while let Some(t) = timers.pop() {
            fired.push(t);
        }
        while let Some(Reverse(t)) = heap.pop() {
            expected.push(t);
        }
        assert_eq!(fired, expected);
        assert!(fired.len() > 10_000);
    }
}
