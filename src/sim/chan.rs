//! A channel under Go's rules in virtual time: what `runtime/chan.go` does, minus the locks.
//!
//! The simulator's goroutines are state machines, so an operation cannot block here: it says
//! what happened (the value went through, the caller parked, the channel was closed) and the
//! engine parks or wakes goroutines accordingly. The rules are Go's: FIFO `sendq` and `recvq`, a
//! value handed straight to a waiting receiver, rendezvous at capacity 0, a parked sender's
//! value moved into the buffer when a receive makes room, receives draining a closed channel
//! before they report it closed, and a panic for a send on a closed channel or a second close.

use std::collections::VecDeque;

/// A goroutine, as the engine numbers them.
pub(super) type G = u32;

/// Why a channel operation panics, in Go's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChanPanic {
    /// `panic: send on closed channel`.
    SendOnClosed,
    /// `panic: close of closed channel`.
    CloseOfClosed,
}

impl ChanPanic {
    /// The line Go prints.
    pub(super) fn message(self) -> &'static str {
        match self {
            ChanPanic::SendOnClosed => "panic: send on closed channel",
            ChanPanic::CloseOfClosed => "panic: close of closed channel",
        }
    }
}

/// What a send did.
#[derive(Debug, PartialEq)]
pub(super) enum Sent<V> {
    /// Into the buffer.
    Buffered,
    /// Straight into the hands of a parked receiver, who must be woken with it.
    Handed(G, V),
    /// No room and no receiver: the sender parked in `sendq` with its value.
    Parked,
}

/// What a receive did.
#[derive(Debug, PartialEq)]
pub(super) enum Got<V> {
    /// A value; `unparked` is the sender whose parked value this receive let through (into the
    /// buffer, or straight to this receiver), who must be woken: its send is complete.
    Value { value: V, unparked: Option<G> },
    /// Closed and drained: Go's `ok == false`.
    Closed,
    /// Nothing to take: the receiver parked in `recvq`.
    Parked,
}

/// The goroutines a close wakes.
#[derive(Debug, PartialEq)]
pub(super) struct Woken {
    /// Parked receivers: each now receives `ok == false`.
    pub(super) receivers: Vec<G>,
    /// Parked senders: in Go each of them panics (`send on closed channel`).
    pub(super) senders: Vec<G>,
}

/// `hchan`, for the simulator.
pub(super) struct SimChan<V> {
    cap: usize,
    buf: VecDeque<V>,
    sendq: VecDeque<(G, V)>,
    recvq: VecDeque<G>,
    closed: bool,
    max_len: usize,
}

impl<V> SimChan<V> {
    /// `make(chan V, cap)`.
    pub(super) fn new(cap: u32) -> Self {
        SimChan {
            cap: cap as usize,
            buf: VecDeque::new(),
            sendq: VecDeque::new(),
            recvq: VecDeque::new(),
            closed: false,
            max_len: 0,
        }
    }

    /// Whether a send would go through without parking (a `select` with `default` asks this).
    pub(super) fn can_send(&self) -> bool {
        !self.closed && (!self.recvq.is_empty() || self.buf.len() < self.cap)
    }

    /// `ch <- v` by goroutine `g`.
    pub(super) fn send(&mut self, g: G, value: V) -> Result<Sent<V>, ChanPanic> {
        if self.closed {
            return Err(ChanPanic::SendOnClosed);
        }
        if let Some(r) = self.recvq.pop_front() {
            return Ok(Sent::Handed(r, value));
        }
        if self.buf.len() < self.cap {
            self.buf.push_back(value);
            self.max_len = self.max_len.max(self.buf.len());
            return Ok(Sent::Buffered);
        }
        self.sendq.push_back((g, value));
        Ok(Sent::Parked)
    }

    /// `v, ok := <-ch` by goroutine `g`.
    #[cfg(test)]
    pub(super) fn recv(&mut self, g: G) -> Got<V> {
        self.recv_completing(g, |_| {})
    }

    /// `v, ok := <-ch` by goroutine `g`; `completed` sees a parked sender's value as its send
    /// goes through (the moment a value stamped at its send attempt really entered the channel).
    pub(super) fn recv_completing(&mut self, g: G, completed: impl FnOnce(&mut V)) -> Got<V> {
        if let Some(value) = self.buf.pop_front() {
            // The oldest parked sender's value takes the freed slot, as in Go's `recv`.
            let unparked = self.sendq.pop_front().map(|(s, mut parked)| {
                completed(&mut parked);
                self.buf.push_back(parked);
                s
            });
            return Got::Value { value, unparked };
        }
        if let Some((s, mut value)) = self.sendq.pop_front() {
            completed(&mut value);
            return Got::Value {
                value,
                unparked: Some(s),
            };
        }
        if self.closed {
            return Got::Closed;
        }
        self.recvq.push_back(g);
        Got::Parked
    }

    /// `close(ch)`.
    pub(super) fn close(&mut self) -> Result<Woken, ChanPanic> {
        if self.closed {
            return Err(ChanPanic::CloseOfClosed);
        }
        self.closed = true;
        Ok(Woken {
            receivers: self.recvq.drain(..).collect(),
            senders: self.sendq.drain(..).map(|(g, _)| g).collect(),
        })
    }

    /// Takes goroutine `g` out of `recvq` (a receiver that stops waiting); whether it was there.
    pub(super) fn stop_receiving(&mut self, g: G) -> bool {
        let before = self.recvq.len();
        self.recvq.retain(|&r| r != g);
        self.recvq.len() != before
    }

    /// Takes goroutine `g`'s value back out of `sendq` (a send that gave up: a `select` whose
    /// timer fired first). `None` if it is not parked here.
    pub(super) fn withdraw(&mut self, g: G) -> Option<V> {
        let at = self.sendq.iter().position(|(s, _)| *s == g)?;
        self.sendq.remove(at).map(|(_, value)| value)
    }

    /// `len(ch)`.
    pub(super) fn len(&self) -> usize {
        self.buf.len()
    }

    /// The largest `len(ch)` reached.
    pub(super) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Whether `close` was called.
    pub(super) fn is_closed(&self) -> bool {
        self.closed
    }

    /// Whether goroutine `g` is parked sending.
    pub(super) fn sending(&self, g: G) -> bool {
        self.sendq.iter().any(|(s, _)| *s == g)
    }

    /// The goroutines parked receiving, first come first.
    pub(super) fn receivers(&self) -> impl Iterator<Item = G> + '_ {
        self.recvq.iter().copied()
    }

    /// The goroutines parked sending, first come first.
    pub(super) fn senders(&self) -> impl Iterator<Item = G> + '_ {
        self.sendq.iter().map(|&(g, _)| g)
    }
}

/// The cases of Go's `TestChan` (runtime/chan_test.go) that `tests/chan.rs` runs against the
/// threaded channel, here against the simulated one, at capacities 0, 1 and 100.
#[cfg(test)]
mod tests {
    use super::*;

    const CAPS: [u32; 3] = [0, 1, 100];

    #[test]
    fn receive_from_empty_parks_until_a_send_hands_the_value_over() {
        for cap in CAPS {
            let mut c = SimChan::new(cap);
            assert_eq!(c.recv(1), Got::Parked);
            assert!(c.receivers().any(|g| g == 1));
            assert_eq!(c.send(0, 7), Ok(Sent::Handed(1, 7)));
            assert!(!c.receivers().any(|g| g == 1));
            assert_eq!(c.len(), 0, "a hand-off is in flight, not queued");
        }
    }

    #[test]
    fn send_parks_only_when_the_buffer_is_full() {
        for cap in CAPS {
            let mut c = SimChan::new(cap);
            for v in 0..cap {
                assert_eq!(c.send(0, v), Ok(Sent::Buffered));
            }
            assert_eq!(c.send(0, cap), Ok(Sent::Parked));
            assert!(c.sending(0));
            assert_eq!(c.len(), cap as usize);
            assert_eq!(c.max_len(), cap as usize);
        }
    }

    #[test]
    fn values_arrive_in_send_order_and_a_parked_value_moves_into_the_buffer() {
        for cap in CAPS {
            let mut c = SimChan::new(cap);
            for v in 0..cap + 3 {
                c.send(v, v).unwrap();
            }
            for v in 0..cap + 3 {
                let Got::Value { value, unparked } = c.recv(99) else {
                    panic!("cap {cap}: a value was ready");
                };
                assert_eq!(value, v, "cap {cap}: FIFO");
                // Receiving value v lets the oldest parked sender through: cap, cap+1, …
                let expect = (v + cap < cap + 3).then_some(v + cap);
                assert_eq!(unparked, expect, "cap {cap}: who was let through");
                assert!(c.len() <= cap as usize);
            }
            assert_eq!(c.recv(99), Got::Parked);
        }
    }

    #[test]
    fn rendezvous_takes_straight_from_the_parked_sender() {
        let mut c = SimChan::new(0);
        assert_eq!(c.send(5, 'a'), Ok(Sent::Parked));
        assert_eq!(
            c.recv(1),
            Got::Value {
                value: 'a',
                unparked: Some(5)
            }
        );
        assert_eq!(c.len(), 0);
    }

    #[test]
    fn close_drains_then_reports_closed_and_wakes_parked_receivers() {
        for cap in CAPS {
            let mut c = SimChan::new(cap.max(1));
            c.send(0, 1).unwrap();
            let woken = c.close().unwrap();
            assert_eq!(woken.receivers, Vec::<G>::new());
            assert!(matches!(c.recv(1), Got::Value { value: 1, .. }));
            assert_eq!(c.recv(1), Got::Closed);
            assert_eq!(c.recv(1), Got::Closed, "closed stays closed");

            let mut c: SimChan<u32> = SimChan::new(cap);
            c.recv(1);
            c.recv(2);
            let woken = c.close().unwrap();
            assert_eq!(woken.receivers, vec![1, 2]);
            assert!(c.is_closed());
        }
    }

    #[test]
    fn send_on_closed_and_close_of_closed_panic() {
        for cap in CAPS {
            let mut c = SimChan::new(cap);
            c.close().unwrap();
            assert_eq!(c.send(0, 1), Err(ChanPanic::SendOnClosed));
            assert!(!c.can_send());
            assert_eq!(c.close(), Err(ChanPanic::CloseOfClosed));
        }
    }

    #[test]
    fn close_with_parked_senders_names_them_to_panic() {
        let mut c = SimChan::new(1);
        c.send(3, 1).unwrap();
        assert_eq!(c.send(4, 2), Ok(Sent::Parked));
        let woken = c.close().unwrap();
        assert_eq!(woken.senders, vec![4]);
        assert!(matches!(c.recv(1), Got::Value { value: 1, .. }));
        assert_eq!(c.recv(1), Got::Closed, "the parked value is not delivered");
    }

    #[test]
    fn a_withdrawn_send_is_not_delivered() {
        let mut c = SimChan::new(0);
        assert_eq!(c.send(0, 9), Ok(Sent::Parked));
        assert_eq!(c.withdraw(0), Some(9));
        assert_eq!(c.withdraw(0), None);
        assert_eq!(c.recv(1), Got::Parked);
    }
}
