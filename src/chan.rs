//! A Go channel for goroutines: FIFO, capacity 0 (rendezvous) to N, explicit close, and Go's
//! own counters. A blocked send or receive parks the goroutine (its future returns `Pending`),
//! never its thread.
//!
//! The names follow `runtime/chan.go`: a channel has a queue length and a capacity, a queue of
//! blocked senders (`sendq`) and one of blocked receivers (`recvq`), and a closed flag. As in
//! Go, a send that finds a receiver in `recvq` hands the value straight to it and readies it (on
//! the sender's P, in `runnext`): the receiver owns the value before it runs, and no other
//! receiver can take it. A receive that finds a sender in `sendq` takes its value (for a full
//! buffer: the buffer's head, and the sender's value moves in behind) and readies the sender.

use crate::runtime;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::PoisonError;
use std::task::{Context, Poll, Waker};
// Under `--cfg loom` the same code runs on loom's model of the lock, which explores every
// interleaving of a small test (tests/loom.rs).
use crate::sync::{Mutex, MutexGuard};

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

/// How much of a buffer is reserved up front; larger channels grow on first use, never per send.
const PREALLOCATE: usize = 4096;

/// A Go-semantics channel for goroutines of [`crate::runtime`], shared by reference.
///
/// ```
/// use poolsim::{chan::Chan, runtime};
/// let got = runtime::run(1, async {
///     let ch = Chan::new(2);
///     ch.send(1).await.unwrap();
///     ch.send(2).await.unwrap();
///     ch.close().unwrap();
///     // Buffered values drain after close, then receive reports closed, like `v, ok := <-ch`.
///     (ch.recv().await, ch.recv().await, ch.recv().await)
/// });
/// assert_eq!(got, (Some(1), Some(2), None));
/// ```
pub struct Chan<T, W = ()> {
    cap: usize,
    watch: W,
    state: Mutex<State<T>>,
}

struct Parked<T> {
    ticket: u64,
    value: T,
    waker: Waker,
}

struct State<T> {
    /// The first `handed` values belong to receivers that were in `recvq` and have been readied
    /// but have not run yet; the rest is the buffer Go's `len` reports.
    buf: VecDeque<T>,
    handed: usize,
    /// Go's `sendq`: blocked senders with their values, oldest first.
    sendq: VecDeque<Parked<T>>,
    send_tickets: u64,
    /// Senders whose ticket is below this have had their value taken.
    sends_taken: u64,
    /// Go's `recvq`: blocked receivers, oldest first.
    recvq: VecDeque<(u64, Waker)>,
    /// Blocked `select`s with a receive case here, in the same ticket order as `recvq`.
    select_recvq: VecDeque<SelectWaiter<T>>,
    /// Blocked `select`s with a send case here (and its value), in `sendq`'s ticket order.
    select_sendq: VecDeque<SelectWaiter<T>>,
    recv_tickets: u64,
    /// Receivers whose ticket is below this have been handed a value.
    recvs_served: u64,
    closed: bool,
    max_len: usize,
}

impl<T> State<T> {
    fn len(&self) -> usize {
        self.buf.len() - self.handed
    }

    fn note_len(&mut self) {
        self.max_len = self.max_len.max(self.len());
    }

    /// The oldest blocked sender's value, with its waker, as Go's `recv` takes from `sendq`:
    /// a plain send or a `select`'s, whichever parked first; a `select` that another channel
    /// has completed meanwhile is passed over (Go's `dequeue` and `selectDone`).
    fn take_parked(&mut self) -> Option<(T, Waker)> {
        if self.closed {
            return None;
        }
        loop {
            let plain = self.sendq.front().map(|p| p.ticket);
            let select = self.select_sendq.front().map(|w| w.ticket);
            if oldest_is_plain(plain, select)? {
                let parked = self.sendq.pop_front()?;
                self.sends_taken = parked.ticket + 1;
                return Some((parked.value, parked.waker));
            }
            let w = self.select_sendq.pop_front()?;
            if let Some(waker) = w.claim.complete(w.case, |_| Outcome::Sent) {
                if let Some(value) = w.value {
                    return Some((value, waker));
                }
            }
        }
    }

    /// Hands `value` to the oldest blocked receiver, plain or `select` (telling `sent` first);
    /// gives it back if none.
    fn hand_to_receiver(&mut self, value: T, sent: impl FnOnce(&T, usize)) -> Result<Waker, T> {
        let len = self.len();
        let mut sent = Some(sent);
        let mut value = Some(value);
        loop {
            let plain = self.recvq.front().map(|(t, _)| *t);
            let select = self.select_recvq.front().map(|w| w.ticket);
            let Some(is_plain) = oldest_is_plain(plain, select) else {
                return Err(value.take().expect("the value"));
            };
            if is_plain {
                if let (Some(sent), Some(v)) = (sent.take(), value.as_ref()) {
                    sent(v, len);
                }
                let (ticket, waker) = self.recvq.pop_front().expect("a receiver");
                // recvq is non-empty only while nothing is buffered: `buf` is all handed
                // values.
                self.recvs_served = ticket + 1;
                if let Some(v) = value.take() {
                    self.buf.push_back(v);
                }
                self.handed += 1;
                return Ok(waker);
            }
            let w = self.select_recvq.pop_front().expect("a select");
            let won = w.claim.complete(w.case, |_| {
                if let (Some(sent), Some(v)) = (sent.take(), value.as_ref()) {
                    sent(v, len);
                }
                Outcome::Received(value.take())
            });
            if let Some(waker) = won {
                return Ok(waker);
            }
        }
    }
}

/// Whether the oldest of two queues' heads (by ticket) is the plain one; `None` if both are
/// empty.
fn oldest_is_plain(plain: Option<u64>, select: Option<u64>) -> Option<bool> {
    match (plain, select) {
        (None, None) => None,
        (Some(p), Some(s)) => Some(p < s),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
    }
}

impl<T> Chan<T> {
    /// `make(chan T, cap)`.
    pub fn new(cap: usize) -> Self {
        Chan::watched(cap, ())
    }
}

impl<T, W: Watch<T>> Chan<T, W> {
    /// `make(chan T, cap)`, with `watch` told of every send as it happens, under the lock.
    pub fn watched(cap: usize, watch: W) -> Self {
        Chan {
            cap,
            watch,
            state: Mutex::new(State {
                buf: VecDeque::with_capacity(cap.min(PREALLOCATE) + 1),
                handed: 0,
                sendq: VecDeque::with_capacity(4),
                send_tickets: 0,
                sends_taken: 0,
                recvq: VecDeque::with_capacity(4),
                select_recvq: VecDeque::new(),
                select_sendq: VecDeque::new(),
                recv_tickets: 0,
                recvs_served: 0,
                closed: false,
                max_len: 0,
            }),
        }
    }

    /// Every update is a single step, so a lock poisoned by a panicking goroutine is still
    /// consistent.
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends without parking, if a receiver waits or the buffer has room; the receiver to wake.
    fn try_put(&self, st: &mut State<T>, value: T) -> Result<Option<Waker>, T> {
        if !st.recvq.is_empty() || !st.select_recvq.is_empty() {
            match st.hand_to_receiver(value, |v, len| self.watch.sent(v, len, false)) {
                Ok(waker) => return Ok(Some(waker)),
                // Every parked receiver was a select completed elsewhere.
                Err(back) => return self.try_put(st, back),
            }
        }
        if st.len() < self.cap {
            st.buf.push_back(value);
            st.note_len();
            if let Some(value) = st.buf.back() {
                self.watch.sent(value, st.len(), false);
            }
            return Ok(None);
        }
        Err(value)
    }

    /// Receives without parking, if anything is buffered or a sender waits; the sender to wake.
    fn try_take(&self, st: &mut State<T>) -> Option<(T, Option<Waker>)> {
        if st.len() > 0 {
            let at = st.handed;
            let value = st.buf.remove(at)?;
            // Room now: the oldest blocked sender's value moves into the buffer.
            let mut woken = None;
            if st.len() < self.cap {
                if let Some((moved, waker)) = st.take_parked() {
                    st.buf.push_back(moved);
                    if let Some(moved) = st.buf.back() {
                        self.watch.sent(moved, st.len(), true);
                    }
                    woken = Some(waker);
                }
            }
            st.note_len();
            return Some((value, woken));
        }
        let (value, waker) = st.take_parked()?;
        self.watch.sent(&value, st.len(), true);
        Some((value, Some(waker)))
    }

    /// `ch <- v`: a future that completes once the value is in the buffer or in a receiver's
    /// hands, or fails (giving the value back) if the channel is or gets closed.
    pub fn send(&self, value: T) -> Send<'_, T, W> {
        Send {
            chan: self,
            step: SendStep::Start(Some(value)),
        }
    }

    /// `v, ok := <-ch`: a future of the next value, or `None` once closed and drained.
    pub fn recv(&self) -> Recv<'_, T, W> {
        Recv {
            chan: self,
            ticket: None,
        }
    }

    /// `select { case ch <- v: default: }`.
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        let mut st = self.lock();
        if st.closed {
            return Err(TrySendError::Closed(value));
        }
        match self.try_put(&mut st, value) {
            Ok(woken) => {
                drop(st);
                if let Some(waker) = woken {
                    waker.wake();
                }
                Ok(())
            }
            Err(value) => Err(TrySendError::Full(value)),
        }
    }

    /// `select { case v, ok := <-ch: default: }`.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut st = self.lock();
        match self.try_take(&mut st) {
            Some((value, woken)) => {
                drop(st);
                if let Some(waker) = woken {
                    waker.wake();
                }
                Ok(value)
            }
            None if st.closed => Err(TryRecvError::Closed),
            None => Err(TryRecvError::Empty),
        }
    }

    /// `close(ch)`: blocked receivers see closed (after the buffer drains), blocked senders
    /// get their values back. Closing twice is an error.
    pub fn close(&self) -> Result<(), CloseError> {
        let mut st = self.lock();
        if st.closed {
            return Err(CloseError);
        }
        st.closed = true;
        // Waking only queues the goroutines; neither path comes back to this channel's lock.
        for (_, waker) in st.recvq.drain(..) {
            waker.wake();
        }
        for parked in &st.sendq {
            parked.waker.wake_by_ref();
        }
        // A select's receive case is ready (closed); its send case panics, as Go's does.
        for w in st.select_recvq.drain(..) {
            if let Some(waker) = w.claim.complete(w.case, |_| Outcome::Received(None)) {
                waker.wake();
            }
        }
        for mut w in st.select_sendq.drain(..) {
            let value = w.value.take();
            if let Some(waker) = w.claim.complete(w.case, |_| Outcome::SendClosed(value)) {
                waker.wake();
            }
        }
        Ok(())
    }

    /// `len(ch)`.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether `len(ch) == 0`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `cap(ch)`.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Whether `close` has been called.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Goroutines parked in `send` (Go's `sendq`).
    pub fn blocked_senders(&self) -> usize {
        self.lock().sendq.len()
    }

    /// Goroutines parked in `recv` (Go's `recvq`).
    pub fn blocked_receivers(&self) -> usize {
        self.lock().recvq.len()
    }

    /// The largest queue length reached.
    pub fn max_len(&self) -> usize {
        self.lock().max_len
    }
}

enum SendStep<T> {
    Start(Option<T>),
    Parked(u64),
    Done,
}

/// The future of [`Chan::send`].
#[must_use = "a send does nothing unless awaited"]
pub struct Send<'a, T, W: Watch<T>> {
    chan: &'a Chan<T, W>,
    step: SendStep<T>,
}

// The value is moved out by `Option::take`, never through a pin: the future is `Unpin`.
impl<T, W: Watch<T>> Unpin for Send<'_, T, W> {}

impl<T, W: Watch<T>> Future for Send<'_, T, W> {
    type Output = Result<(), SendError<T>>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if matches!(this.step, SendStep::Start(_)) && !runtime::consume_budget(cx) {
            return Poll::Pending;
        }
        let mut st = this.chan.lock();
        match &mut this.step {
            SendStep::Start(value) => {
                let Some(value) = value.take() else {
                    return Poll::Pending;
                };
                if st.closed {
                    this.step = SendStep::Done;
                    return Poll::Ready(Err(SendError(value)));
                }
                match this.chan.try_put(&mut st, value) {
                    Ok(woken) => {
                        drop(st);
                        this.step = SendStep::Done;
                        if let Some(waker) = woken {
                            waker.wake();
                        }
                        Poll::Ready(Ok(()))
                    }
                    Err(value) => {
                        let ticket = st.send_tickets;
                        st.send_tickets += 1;
                        this.chan.watch.parked(&value, st.len());
                        st.sendq.push_back(Parked {
                            ticket,
                            value,
                            waker: cx.waker().clone(),
                        });
                        this.step = SendStep::Parked(ticket);
                        Poll::Pending
                    }
                }
            }
            &mut SendStep::Parked(ticket) => {
                if ticket < st.sends_taken {
                    this.step = SendStep::Done;
                    return Poll::Ready(Ok(()));
                }
                if st.closed {
                    let at = st.sendq.iter().position(|p| p.ticket == ticket);
                    if let Some(parked) = at.and_then(|at| st.sendq.remove(at)) {
                        this.step = SendStep::Done;
                        return Poll::Ready(Err(SendError(parked.value)));
                    }
                }
                Poll::Pending
            }
            SendStep::Done => Poll::Pending,
        }
    }
}

impl<T, W: Watch<T>> Drop for Send<'_, T, W> {
    /// A parked send given up (its goroutine is being dropped) leaves `sendq`, value and all.
    fn drop(&mut self) {
        if let SendStep::Parked(ticket) = self.step {
            let mut st = self.chan.lock();
            if ticket >= st.sends_taken {
                if let Some(at) = st.sendq.iter().position(|p| p.ticket == ticket) {
                    st.sendq.remove(at);
                }
            }
        }
    }
}

/// The future of [`Chan::recv`].
#[must_use = "a receive does nothing unless awaited"]
pub struct Recv<'a, T, W: Watch<T>> {
    chan: &'a Chan<T, W>,
    /// Set while parked in `recvq`.
    ticket: Option<u64>,
}

impl<T, W: Watch<T>> Future for Recv<'_, T, W> {
    type Output = Option<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if self.ticket.is_none() && !runtime::consume_budget(cx) {
            return Poll::Pending;
        }
        let mut st = self.chan.lock();
        if let Some(ticket) = self.ticket {
            if ticket < st.recvs_served {
                // A sender handed this receiver a value: the oldest handed one is as good.
                self.ticket = None;
                st.handed -= 1;
                return Poll::Ready(st.buf.pop_front());
            }
            if st.closed {
                self.ticket = None;
                return Poll::Ready(None);
            }
            return Poll::Pending;
        }
        if let Some((value, woken)) = self.chan.try_take(&mut st) {
            drop(st);
            if let Some(waker) = woken {
                waker.wake();
            }
            return Poll::Ready(Some(value));
        }
        if st.closed {
            return Poll::Ready(None);
        }
        let ticket = st.recv_tickets;
        st.recv_tickets += 1;
        st.recvq.push_back((ticket, cx.waker().clone()));
        self.ticket = Some(ticket);
        Poll::Pending
    }
}

impl<T, W: Watch<T>> Drop for Recv<'_, T, W> {
    /// A parked receive given up leaves `recvq`. A value already handed to it goes on to the
    /// next parked receiver, who is woken for it (a buffered value with receivers still parked
    /// would break `try_put`'s rule that `recvq` waits only while nothing is buffered, and
    /// strand them); with nobody parked, it stays in the channel for the next receive.
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket {
            let mut st = self.chan.lock();
            if ticket < st.recvs_served {
                match st.recvq.pop_front() {
                    Some((next, waker)) => {
                        st.recvs_served = next + 1;
                        drop(st);
                        waker.wake();
                    }
                    None => {
                        // No plain receiver: a select's receive case may take it; else it
                        // stays in the channel for the next receive.
                        st.handed -= 1;
                        if !st.select_recvq.is_empty() {
                            if let Some(value) = st.buf.pop_front() {
                                match st.hand_to_receiver(value, |_, _| {}) {
                                    Ok(waker) => {
                                        drop(st);
                                        waker.wake();
                                    }
                                    Err(value) => st.buf.push_front(value),
                                }
                            }
                        }
                    }
                }
            } else if let Some(at) = st.recvq.iter().position(|(t, _)| *t == ticket) {
                st.recvq.remove(at);
            }
        }
    }
}

// ---- select ------------------------------------------------------------------------------

/// How a `select` case completed.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    /// A receive case: the value, or `None` once the channel is closed and drained.
    Received(Option<T>),
    /// A send case: the value is in the channel or a receiver's hands.
    Sent,
    /// A send case whose channel closed (Go panics); the value comes back.
    SendClosed(Option<T>),
}

/// A blocked `select`, shared by its entries in every channel it waits on: the first channel
/// to complete one of its cases claims it (Go's `selectDone`), and the others pass its
/// entries over. While the `select` is registering, it holds all its channels' locks, so no
/// one can claim it before it is fully parked.
pub struct Claim<T> {
    /// 0 while open; `k + 1` once case `k` has completed.
    state: crate::sync::atomic::AtomicUsize,
    outcome: Mutex<Option<Outcome<T>>>,
    waker: Mutex<Option<Waker>>,
}

impl<T> Claim<T> {
    fn new(waker: Waker) -> Self {
        Claim {
            state: crate::sync::atomic::AtomicUsize::new(0),
            outcome: Mutex::new(None),
            waker: Mutex::new(Some(waker)),
        }
    }

    /// Completes case `case` with `outcome()` if no other case has completed; the waker to
    /// wake then.
    fn complete(&self, case: usize, outcome: impl FnOnce(usize) -> Outcome<T>) -> Option<Waker> {
        use crate::sync::atomic::Ordering;
        self.state
            .compare_exchange(0, case + 1, Ordering::AcqRel, Ordering::Acquire)
            .ok()?;
        *self.outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome(case));
        self.waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// A `select`'s entry in one channel's queue.
struct SelectWaiter<T> {
    ticket: u64,
    case: usize,
    claim: std::sync::Arc<Claim<T>>,
    /// A send case's value.
    value: Option<T>,
}

/// One case of a `select`: a receive from, or a send to, a channel. (A nil channel's case is
/// never ready: leave it out, keeping the other cases' numbers.)
pub enum Case<'a, T, W: Watch<T> = ()> {
    Recv(&'a Chan<T, W>),
    Send(&'a Chan<T, W>, T),
}

impl<'a, T, W: Watch<T>> Case<'a, T, W> {
    fn chan(&self) -> &'a Chan<T, W> {
        match self {
            Case::Recv(c) | Case::Send(c, _) => c,
        }
    }
}

/// Go's `select`: the future of [`select`].
#[must_use = "a select does nothing unless awaited"]
pub struct Select<'a, T, W: Watch<T> = ()> {
    /// Each case with its number.
    cases: Vec<(usize, Case<'a, T, W>)>,
    /// The order the cases are tried in (Go shuffles it: a uniformly random choice among the
    /// ready ones).
    order: Vec<usize>,
    blocking: bool,
    claim: Option<std::sync::Arc<Claim<T>>>,
}

impl<T, W: Watch<T>> Unpin for Select<'_, T, W> {}

/// `select` over `cases` (numbered by their place in the `Vec`, or as given), trying them in
/// `order` (a permutation of `0..cases.len()`); `blocking: false` is a `select` with
/// `default`, which completes with `None` when no case is ready.
pub fn select<'a, T, W: Watch<T>>(
    cases: Vec<(usize, Case<'a, T, W>)>,
    order: Vec<usize>,
    blocking: bool,
) -> Select<'a, T, W> {
    Select {
        cases,
        order,
        blocking,
        claim: None,
    }
}

impl<T, W: Watch<T>> Select<'_, T, W> {
    /// Every channel of the select once, in address order (the order all selects lock in).
    fn channels(&self) -> Vec<usize> {
        let mut at: Vec<usize> = (0..self.cases.len()).collect();
        at.sort_by_key(|&i| self.cases[i].1.chan() as *const Chan<T, W> as usize);
        at.dedup_by_key(|i| self.cases[*i].1.chan() as *const Chan<T, W> as usize);
        at
    }

    /// Removes this select's entries from every channel it waits on.
    fn leave(&mut self) {
        let Some(claim) = self.claim.take() else {
            return;
        };
        for i in self.channels() {
            let mut st = self.cases[i].1.chan().lock();
            st.select_recvq
                .retain(|w| !std::sync::Arc::ptr_eq(&w.claim, &claim));
            st.select_sendq
                .retain(|w| !std::sync::Arc::ptr_eq(&w.claim, &claim));
        }
    }
}

impl<T, W: Watch<T>> Future for Select<'_, T, W> {
    /// The case that completed and how; `None` for `default`.
    type Output = Option<(usize, Outcome<T>)>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Some(claim) = &this.claim {
            // Parked: the waker first, then the outcome, so a completion between the two
            // still wakes this one.
            *claim.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
            let outcome = claim
                .outcome
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            let Some(outcome) = outcome else {
                return Poll::Pending;
            };
            let case = claim
                .state
                .load(crate::sync::atomic::Ordering::Acquire)
                .saturating_sub(1);
            let number = this.cases.get(case).map_or(case, |c| c.0);
            this.leave();
            return Poll::Ready(Some((number, outcome)));
        }
        if this.cases.is_empty() {
            // `select {}`: blocks for ever.
            return if this.blocking {
                Poll::Pending
            } else {
                Poll::Ready(None)
            };
        }
        // Every channel locked at once, in address order: no case can change under the
        // choice, and no one can claim this select before it is parked everywhere.
        let channels = this.channels();
        let mut guards: Vec<(usize, MutexGuard<'_, State<T>>)> = Vec::with_capacity(channels.len());
        for &i in &channels {
            guards.push((i, this.cases[i].1.chan().lock()));
        }
        let guard_of = |guards: &mut Vec<(usize, MutexGuard<'_, State<T>>)>,
                        i: usize,
                        cases: &[(usize, Case<'_, T, W>)]| {
            let addr = cases[i].1.chan() as *const Chan<T, W> as usize;
            guards
                .iter()
                .position(|(j, _)| cases[*j].1.chan() as *const Chan<T, W> as usize == addr)
                .expect("a locked channel")
        };
        let mut woken = None;
        let mut done = None;
        for &i in &this.order {
            let g = guard_of(&mut guards, i, &this.cases);
            let st = &mut guards[g].1;
            let number = this.cases[i].0;
            let chan = this.cases[i].1.chan();
            if let Case::Recv(_) = this.cases[i].1 {
                if let Some((value, w)) = chan.try_take(st) {
                    woken = w;
                    done = Some((number, Outcome::Received(Some(value))));
                    break;
                }
                if st.closed {
                    done = Some((number, Outcome::Received(None)));
                    break;
                }
                continue;
            }
            let has_receiver = !st.recvq.is_empty() || !st.select_recvq.is_empty();
            if !st.closed && !has_receiver && st.len() >= chan.cap {
                continue;
            }
            let Case::Send(_, value) = std::mem::replace(&mut this.cases[i].1, Case::Recv(chan))
            else {
                continue;
            };
            if st.closed {
                done = Some((number, Outcome::SendClosed(Some(value))));
                break;
            }
            match chan.try_put(st, value) {
                Ok(w) => {
                    woken = w;
                    done = Some((number, Outcome::Sent));
                    break;
                }
                // Every parked receiver was a select completed elsewhere.
                Err(value) => this.cases[i].1 = Case::Send(chan, value),
            }
        }
        if done.is_none() && this.blocking {
            // Nothing ready: an entry in every channel, all sharing one claim.
            let claim = std::sync::Arc::new(Claim::new(cx.waker().clone()));
            for k in 0..this.cases.len() {
                let g = guard_of(&mut guards, k, &this.cases);
                let chan = this.cases[k].1.chan();
                let value = match std::mem::replace(&mut this.cases[k].1, Case::Recv(chan)) {
                    Case::Send(_, value) => Some(value),
                    Case::Recv(_) => None,
                };
                let st = &mut guards[g].1;
                let claim = std::sync::Arc::clone(&claim);
                if value.is_some() {
                    let ticket = st.send_tickets;
                    st.send_tickets += 1;
                    st.select_sendq.push_back(SelectWaiter {
                        ticket,
                        case: k,
                        claim,
                        value,
                    });
                } else {
                    let ticket = st.recv_tickets;
                    st.recv_tickets += 1;
                    st.select_recvq.push_back(SelectWaiter {
                        ticket,
                        case: k,
                        claim,
                        value: None,
                    });
                }
            }
            this.claim = Some(claim);
            drop(guards);
            return Poll::Pending;
        }
        drop(guards);
        if let Some(w) = woken {
            w.wake();
        }
        Poll::Ready(done)
    }
}

impl<T, W: Watch<T>> Drop for Select<'_, T, W> {
    /// A parked select given up (its goroutine dropped) leaves every channel.
    fn drop(&mut self) {
        self.leave();
    }
}
