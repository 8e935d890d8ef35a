//! A Go channel: FIFO, capacity 0 (rendezvous) to N, explicit close, and Go's own counters.
//!
//! The names follow `runtime/chan.go`: a channel has a queue length and a capacity, a queue of
//! blocked senders (`sendq`) and one of blocked receivers (`recvq`), and a closed flag.

use std::collections::VecDeque;
use std::fmt;
// Under `--cfg loom` the same code runs on loom's model of these primitives, which explores
// every interleaving of a small test (tests/loom.rs).
#[cfg(loom)]
use loom::sync::{
    atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    Condvar, Mutex, MutexGuard,
};
use std::sync::PoisonError;
#[cfg(not(loom))]
use std::sync::{
    atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    Condvar, Mutex, MutexGuard,
};

/// How much of a buffer is reserved up front; larger channels grow on first use, never per send.
const PREALLOCATE: usize = 4096;

/// Spins, then yields, a bounded number of times before a blocked thread sleeps for real.
///
/// Sleeping and waking a thread costs a system call each way (a futex, or `Atomics.wait` in the
/// browser) — microseconds, against tens of nanoseconds for a channel operation. In a busy pool
/// the other side usually acts within that time, so a blocked goroutine first waits awake,
/// already queued where the other side will find it. This is crossbeam's `Backoff`; Go gets the
/// same effect from its cheap goroutine switches.
struct Backoff(u32);

impl Backoff {
    #[cfg(not(loom))]
    const SPIN_LIMIT: u32 = 6;
    #[cfg(not(loom))]
    const YIELD_LIMIT: u32 = 10;

    /// Under loom, one yield stands for the whole backoff: spinning only multiplies the
    /// interleavings to explore without adding any.
    #[cfg(loom)]
    fn wait_while(blocked: impl Fn() -> bool) -> bool {
        if blocked() {
            loom::thread::yield_now();
        }
        !blocked()
    }

    /// Waits while `blocked()` holds, until it stops holding (`true`) or the backoff is spent
    /// (`false`: time to sleep).
    #[cfg(not(loom))]
    fn wait_while(blocked: impl Fn() -> bool) -> bool {
        let mut step = Backoff(0);
        loop {
            if !blocked() {
                return true;
            }
            if step.0 > Self::YIELD_LIMIT {
                return false;
            }
            if step.0 <= Self::SPIN_LIMIT || cfg!(target_arch = "wasm32") {
                // wasm has no yield (`yield_now` does nothing there): it spins throughout.
                for _ in 0..1 << step.0.min(Self::SPIN_LIMIT) {
                    std::hint::spin_loop();
                }
            } else {
                std::thread::yield_now();
            }
            step.0 += 1;
        }
    }
}

/// Told, under a channel's lock, what its senders do at the moment they do it.
///
/// A log written from here is causal: a send is recorded before any receiver can hold its
/// value, and a blocked sender's send is recorded when a receiver lets it through (Go's
/// `recv` completes a parked sender's send), not later when the sender wakes. `()` watches
/// nothing.
pub trait Watch<T> {
    /// A sender found no room and no receiver, and parked in `sendq` with `value`; `len` is
    /// `len(ch)`.
    fn parked(&self, value: &T, len: usize);
    /// `value` entered the channel (the buffer, or a blocked receiver's hands); `len` is
    /// `len(ch)` after; `was_parked` says its sender had been blocked in `sendq` until now.
    fn sent(&self, value: &T, len: usize, was_parked: bool);
}

impl<T> Watch<T> for () {
    fn parked(&self, _: &T, _: usize) {}
    fn sent(&self, _: &T, _: usize, _: bool) {}
}

/// A Go-semantics channel shared by reference between threads.
///
/// ```
/// use poolsim::chan::Chan;
/// let ch = Chan::new(2);
/// ch.send(1).unwrap();
/// ch.send(2).unwrap();
/// ch.close().unwrap();
/// assert_eq!(ch.recv(), Some(1)); // buffered values drain after close...
/// assert_eq!(ch.recv(), Some(2));
/// assert_eq!(ch.recv(), None); // ...then receive reports closed, like `v, ok := <-ch`
/// ```
pub struct Chan<T, W = ()> {
    cap: usize,
    watch: W,
    state: Mutex<State<T>>,
    /// Sleeping receivers wait here for a value or for close.
    recv_ready: Condvar,
    /// Sleeping senders wait here for a receiver to take their value, or for close.
    send_ready: Condvar,
    /// A lock-free copy of what blocked goroutines wait for, so they can poll it while awake
    /// without contending for the lock with the goroutine they wait for.
    hint: Hint,
}

#[derive(Default)]
struct Hint {
    buffered: AtomicUsize,
    parked: AtomicUsize,
    taken: AtomicU64,
    closed: AtomicBool,
}

struct State<T> {
    /// Buffered values, plus values already handed to blocked receivers that have not woken yet.
    buf: VecDeque<T>,
    /// Go's `sendq`: blocked senders queue their value here, oldest first, with a ticket.
    sendq: VecDeque<(u64, T)>,
    /// Tickets handed out to blocked senders so far.
    next_ticket: u64,
    /// How many queued values receivers have taken; ticket `t` is done once `taken > t`.
    taken: u64,
    /// Go's `recvq`: receivers blocked because nothing was buffered and no sender was queued.
    recvq: usize,
    /// Blocked receivers and senders that gave up waiting awake and sleep on a condvar; only
    /// these need a (costly) wake-up call.
    recv_sleepers: usize,
    send_sleepers: usize,
    closed: bool,
    max_len: usize,
}

impl<T> State<T> {
    /// Go hands a value straight to a waiting receiver; such values are in flight, not queued,
    /// so each blocked receiver adds one place beyond the capacity.
    fn has_room(&self, cap: usize) -> bool {
        self.buf.len() < cap + self.recvq
    }

    /// The queue length Go would report: values handed to blocked receivers do not count.
    fn len(&self) -> usize {
        self.buf.len().saturating_sub(self.recvq)
    }

    fn note_len(&mut self) {
        self.max_len = self.max_len.max(self.len());
    }

    fn can_recv(&self) -> bool {
        !self.buf.is_empty() || (!self.sendq.is_empty() && !self.closed)
    }

    /// Takes the oldest queued sender's value, as Go's `recv` does from `sendq`.
    fn take_queued(&mut self) -> Option<T> {
        if self.closed {
            return None;
        }
        let (_, value) = self.sendq.pop_front()?;
        self.taken += 1;
        Some(value)
    }
}

/// Sending failed because the channel is closed; the value comes back (Go would panic).
#[derive(Debug, PartialEq, Eq)]
pub struct SendError<T>(pub T);

/// Why a non-blocking send did not happen; the value comes back either way.
#[derive(Debug, PartialEq, Eq)]
pub enum TrySendError<T> {
    /// No free slot and no waiting receiver: a blocking send would block here.
    Full(T),
    /// The channel is closed.
    Closed(T),
}

/// Why a non-blocking receive got nothing.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum TryRecvError {
    /// Nothing buffered and no sender waiting: a blocking receive would block here.
    Empty,
    /// Closed and drained: Go's `ok == false`.
    Closed,
}

/// Closing a channel that is already closed (Go panics with "close of closed channel").
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct CloseError;

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("send on closed channel")
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.write_str("channel full: send would block"),
            TrySendError::Closed(_) => f.write_str("send on closed channel"),
        }
    }
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => f.write_str("channel empty: receive would block"),
            TryRecvError::Closed => f.write_str("receive from closed channel"),
        }
    }
}

impl fmt::Display for CloseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("close of closed channel")
    }
}

impl<T: fmt::Debug> std::error::Error for SendError<T> {}
impl<T: fmt::Debug> std::error::Error for TrySendError<T> {}
impl std::error::Error for TryRecvError {}
impl std::error::Error for CloseError {}

impl<T> Chan<T> {
    /// `make(chan T, cap)`. Capacity 0 makes an unbuffered channel: every send waits for a receiver.
    pub fn new(cap: usize) -> Self {
        Chan::watched(cap, ())
    }
}

impl<T, W: Watch<T>> Chan<T, W> {
    /// `make(chan T, cap)`, with `watch` told of every send as it happens.
    pub fn watched(cap: usize, watch: W) -> Self {
        Chan {
            cap,
            watch,
            state: Mutex::new(State {
                buf: VecDeque::with_capacity(cap.min(PREALLOCATE) + 1),
                sendq: VecDeque::with_capacity(4),
                next_ticket: 0,
                taken: 0,
                recvq: 0,
                recv_sleepers: 0,
                send_sleepers: 0,
                closed: false,
                max_len: 0,
            }),
            recv_ready: Condvar::new(),
            send_ready: Condvar::new(),
            hint: Hint::default(),
        }
    }

    /// A panicking holder cannot leave the state half-updated (every update is a single step),
    /// so a poisoned lock is still safe to use, and wasm has no unwinding anyway.
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Copies what waiters poll; called under the lock after every change.
    fn publish(&self, st: &State<T>) {
        self.hint.buffered.store(st.buf.len(), Ordering::Relaxed);
        self.hint.parked.store(st.sendq.len(), Ordering::Relaxed);
        self.hint.taken.store(st.taken, Ordering::Relaxed);
        self.hint.closed.store(st.closed, Ordering::Relaxed);
    }

    fn push(&self, mut st: MutexGuard<'_, State<T>>, value: T) {
        st.buf.push_back(value);
        st.note_len();
        if let Some(value) = st.buf.back() {
            self.watch.sent(value, st.len(), false);
        }
        self.publish(&st);
        let wake = st.recv_sleepers > 0;
        drop(st);
        if wake {
            self.recv_ready.notify_one();
        }
    }

    /// Receives without blocking: from the buffer (refilled from queued senders, as Go does),
    /// else straight from a queued sender.
    fn take(&self, mut st: MutexGuard<'_, State<T>>) -> Option<T> {
        let taken_before = st.taken;
        let value = match st.buf.pop_front() {
            Some(value) => {
                while st.has_room(self.cap) {
                    match st.take_queued() {
                        Some(queued) => {
                            st.buf.push_back(queued);
                            if let Some(queued) = st.buf.back() {
                                self.watch.sent(queued, st.len(), true);
                            }
                        }
                        None => break,
                    }
                }
                st.note_len();
                Some(value)
            }
            None => {
                let value = st.take_queued();
                if let Some(value) = &value {
                    self.watch.sent(value, st.len(), true);
                }
                value
            }
        };
        self.publish(&st);
        let wake = st.taken != taken_before && st.send_sleepers > 0;
        drop(st);
        if wake {
            // Each sleeping sender waits for its own ticket; only the owner can tell which.
            self.send_ready.notify_all();
        }
        value
    }

    /// `ch <- v`: blocks until there is a free slot or a receiver takes the value.
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        let mut st = self.lock();
        if st.closed {
            return Err(SendError(value));
        }
        if st.has_room(self.cap) {
            self.push(st, value);
            return Ok(());
        }
        // Blocked: queue the value where receivers take it from, as Go's `sendq` does.
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        self.watch.parked(&value, st.len());
        st.sendq.push_back((ticket, value));
        self.publish(&st);
        drop(st);
        Backoff::wait_while(|| {
            self.hint.taken.load(Ordering::Relaxed) <= ticket
                && !self.hint.closed.load(Ordering::Relaxed)
        });
        let mut st = self.lock();
        loop {
            if st.taken > ticket {
                return Ok(());
            }
            if st.closed {
                let at = st.sendq.iter().position(|(t, _)| *t == ticket);
                if let Some((_, value)) = at.and_then(|at| st.sendq.remove(at)) {
                    self.publish(&st);
                    return Err(SendError(value));
                }
            }
            st.send_sleepers += 1;
            st = self
                .send_ready
                .wait(st)
                .unwrap_or_else(PoisonError::into_inner);
            st.send_sleepers -= 1;
        }
    }

    /// `select { case ch <- v: default: }`: sends only if that would not block.
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let st = self.lock();
        if st.closed {
            Err(TrySendError::Closed(value))
        } else if st.has_room(self.cap) {
            self.push(st, value);
            Ok(())
        } else {
            Err(TrySendError::Full(value))
        }
    }

    /// `v, ok := <-ch`: blocks until a value arrives; `None` once the channel is closed and drained.
    pub fn recv(&self) -> Option<T> {
        let mut st = self.lock();
        if st.can_recv() {
            return self.take(st);
        }
        if st.closed {
            return None;
        }
        // Blocked: count in `recvq` at once, so a sender hands its value over instead of blocking.
        st.recvq += 1;
        loop {
            drop(st);
            let awake = Backoff::wait_while(|| {
                self.hint.buffered.load(Ordering::Relaxed) == 0
                    && self.hint.parked.load(Ordering::Relaxed) == 0
                    && !self.hint.closed.load(Ordering::Relaxed)
            });
            st = self.lock();
            if st.can_recv() {
                st.recvq -= 1;
                return self.take(st);
            }
            if st.closed {
                st.recvq -= 1;
                return None;
            }
            // Another receiver got there first: wait awake again. Spent the backoff: sleep.
            if !awake {
                st.recv_sleepers += 1;
                st = self
                    .recv_ready
                    .wait(st)
                    .unwrap_or_else(PoisonError::into_inner);
                st.recv_sleepers -= 1;
                if st.can_recv() || st.closed {
                    continue;
                }
            }
        }
    }

    /// `select { case v, ok := <-ch: default: }`: receives only if that would not block.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let st = self.lock();
        let closed = st.closed;
        match self.take(st) {
            Some(value) => Ok(value),
            None if closed => Err(TryRecvError::Closed),
            None => Err(TryRecvError::Empty),
        }
    }

    /// `close(ch)`: wakes every blocked receiver (they drain, then see closed) and every blocked
    /// sender (their sends fail). Closing twice is an error.
    pub fn close(&self) -> Result<(), CloseError> {
        let mut st = self.lock();
        if st.closed {
            return Err(CloseError);
        }
        st.closed = true;
        self.publish(&st);
        drop(st);
        self.recv_ready.notify_all();
        self.send_ready.notify_all();
        Ok(())
    }

    /// `len(ch)`: values queued in the buffer.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether `len(ch) == 0`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `cap(ch)`: the buffer size given to `make`.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Whether `close` has been called.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Senders blocked in `send` (the length of Go's `sendq`).
    pub fn blocked_senders(&self) -> usize {
        self.lock().sendq.len()
    }

    /// Receivers blocked in `recv` (the length of Go's `recvq`).
    pub fn blocked_receivers(&self) -> usize {
        self.lock().recvq
    }

    /// The largest queue length this channel has reached.
    pub fn max_len(&self) -> usize {
        self.lock().max_len
    }
}
