//! The channel under loom's model checker: every interleaving of small Go programs, not just the
//! ones a scheduler happens to produce — the paths where a goroutine parks in `sendq` or
//! `recvq`, is handed a value or woken by a close, and polls again. Each loom thread stands for
//! a goroutine and drives its send or receive with `loom::future::block_on`, whose waker parks
//! and unparks the thread as the runtime would the goroutine. Runs with `make test-loom`
//! (`--cfg loom`).
#![cfg(loom)]

use loom::future::block_on;
use loom::sync::Arc;
use loom::thread;
use poolsim::chan::{Chan, SendError, TryRecvError};

#[test]
fn an_unbuffered_send_meets_its_receive() {
    loom::model(|| {
        let ch = Arc::new(Chan::new(0));
        let tx = Arc::clone(&ch);
        let sender = thread::spawn(move || block_on(tx.send(7)));
        assert_eq!(block_on(ch.recv()), Some(7));
        assert_eq!(sender.join().unwrap(), Ok(()));
        assert_eq!(ch.len(), 0);
    });
}

#[test]
fn two_senders_one_slot_every_value_arrives_once_in_each_senders_order() {
    loom::model(|| {
        let ch = Arc::new(Chan::new(1));
        let senders: Vec<_> = [[1, 2], [10, 20]]
            .into_iter()
            .map(|values| {
                let tx = Arc::clone(&ch);
                thread::spawn(move || {
                    for v in values {
                        block_on(tx.send(v)).unwrap();
                    }
                })
            })
            .collect();
        let got: Vec<i32> = (0..4).map(|_| block_on(ch.recv()).unwrap()).collect();
        for s in senders {
            s.join().unwrap();
        }
        let mut sorted = got.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 10, 20]);
        let pos = |v| got.iter().position(|g| *g == v).unwrap();
        assert!(
            pos(1) < pos(2) && pos(10) < pos(20),
            "FIFO per sender: {got:?}"
        );
    });
}

#[test]
fn close_wakes_a_blocked_receiver_with_closed() {
    loom::model(|| {
        let ch = Arc::new(Chan::<i32>::new(0));
        let rx = Arc::clone(&ch);
        let receiver = thread::spawn(move || block_on(rx.recv()));
        ch.close().unwrap();
        assert_eq!(receiver.join().unwrap(), None);
    });
}

#[test]
fn close_fails_a_blocked_sender_or_its_value_is_received_never_both() {
    loom::model(|| {
        let ch = Arc::new(Chan::new(0));
        let tx = Arc::clone(&ch);
        let sender = thread::spawn(move || block_on(tx.send(5)));
        let rx = Arc::clone(&ch);
        let receiver = thread::spawn(move || block_on(rx.recv()));
        ch.close().unwrap();
        let sent = sender.join().unwrap();
        let got = receiver.join().unwrap();
        match sent {
            Ok(()) => assert_eq!(got, Some(5)),
            Err(SendError(5)) => assert_eq!(got, None),
            Err(other) => panic!("the sender got back {other:?}"),
        }
    });
}

#[test]
fn a_value_handed_to_a_parked_receiver_is_its_alone() {
    // A non-blocking send hands the value to whichever receiver is parked; a second receiver
    // that only tries never takes it, and the parked one always gets it — even across a close.
    loom::model(|| {
        let ch = Arc::new(Chan::new(0));
        let rx = Arc::clone(&ch);
        let parked = thread::spawn(move || block_on(rx.recv()));
        let handed = loop {
            if ch.blocked_receivers() == 1 {
                break ch.try_send(3).is_ok();
            }
            thread::yield_now();
        };
        assert!(handed);
        let thief = Arc::clone(&ch);
        let tried = thread::spawn(move || thief.try_recv());
        ch.close().unwrap();
        assert_eq!(parked.join().unwrap(), Some(3));
        let tried = tried.join().unwrap();
        assert!(
            matches!(tried, Err(TryRecvError::Empty | TryRecvError::Closed)),
            "{tried:?}"
        );
    });
}

#[test]
fn a_value_handed_to_a_receiver_that_gives_up_reaches_the_next() {
    // The first receiver parks, may be handed the value, and is dropped (its goroutine given
    // up) at any point; the second must get the value in every interleaving. Without passing
    // the hand-off on, the second stays parked beside a buffered value and loom reports the hang.
    use std::future::Future;
    use std::task::{Context, Waker};
    loom::model(|| {
        let ch = Arc::new(Chan::<i32>::new(0));
        let mut first = Box::pin(ch.recv());
        assert!(first
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
            .is_pending());
        let rx = Arc::clone(&ch);
        let second = thread::spawn(move || block_on(rx.recv()));
        let tx = Arc::clone(&ch);
        let sender = thread::spawn(move || block_on(tx.send(5)));
        drop(first);
        assert_eq!(second.join().unwrap(), Some(5));
        assert_eq!(sender.join().unwrap(), Ok(()));
    });
}
