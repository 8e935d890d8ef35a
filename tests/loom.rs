//! The channel, and the runtime's other shared parts — the collector's gate, the event log's
//! ring, the Ms' sleeping and waking — under loom's model checker: every interleaving of small
//! programs, not just the ones a scheduler happens to produce. For the channel, the paths where
//! a goroutine parks in `sendq` or `recvq`, is handed a value or woken by a close, and polls
//! again. Each loom thread stands for a goroutine (or an M) and drives its send or receive with
//! `loom::future::block_on`, whose waker parks and unparks the thread as the runtime would the
//! goroutine. Their atomics, locks and condition variables come from `crate::sync`, which is
//! loom's under `--cfg loom`. Runs with `make test-loom`.
#![cfg(loom)]

use loom::future::block_on;
use loom::sync::Arc;
use loom::thread;
use poolsim::chan::{select, Case, Chan, Outcome, SendError, TryRecvError};
use poolsim::runtime::time::Timers;
use poolsim::runtime::Idle;
use poolsim::signal::{Cancel, Gate};
use poolsim::trace::{Event, Ring};

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

// `select` (`chan::select`): one case completes, whatever races it.

#[test]
fn a_select_takes_one_of_two_sends_and_the_other_waits_for_a_receive() {
    // Two senders on two unbuffered channels race a select parked on both: exactly one value
    // is the select's, the other is received later by a plain receive — none lost, none twice.
    loom::model(|| {
        let a = Arc::new(Chan::new(0));
        let b = Arc::new(Chan::new(0));
        let senders: Vec<_> = [(Arc::clone(&a), 1), (Arc::clone(&b), 2)]
            .into_iter()
            .map(|(ch, v)| thread::spawn(move || block_on(ch.send(v))))
            .collect();
        let got = block_on(select(
            vec![(0, Case::Recv(&*a)), (1, Case::Recv(&*b))],
            vec![0, 1],
            true,
        ));
        let (case, first) = match got {
            Some((case, Outcome::Received(Some(v)))) => (case, v),
            other => panic!("the select ended with {other:?}"),
        };
        assert_eq!(first, case as i32 + 1, "case {case} got {first}");
        let other = if case == 0 { &b } else { &a };
        let second = block_on(other.recv()).unwrap();
        assert_eq!(first + second, 3);
        for s in senders {
            assert_eq!(s.join().unwrap(), Ok(()));
        }
    });
}

#[test]
fn two_selects_meet_on_an_unbuffered_channel() {
    // A select sending and a select receiving (each with a second case that never fires)
    // find each other in every order: the value passes once.
    loom::model(|| {
        let ch = Arc::new(Chan::new(0));
        let quiet = Arc::new(Chan::<i32>::new(0));
        let (tx, q1) = (Arc::clone(&ch), Arc::clone(&quiet));
        let sender = thread::spawn(move || {
            block_on(select(
                vec![(0, Case::Send(&*tx, 9)), (1, Case::Recv(&*q1))],
                vec![1, 0],
                true,
            ))
        });
        let got = block_on(select(
            vec![(0, Case::Recv(&*quiet)), (1, Case::Recv(&*ch))],
            vec![0, 1],
            true,
        ));
        assert_eq!(got, Some((1, Outcome::Received(Some(9)))));
        assert_eq!(sender.join().unwrap(), Some((0, Outcome::Sent)));
    });
}

#[test]
fn close_completes_a_select_or_the_send_does_never_both() {
    // A select receiving on a channel that one thread sends on and another closes: it gets the
    // value (and the sender succeeds) or sees the close (and the send fails) — never a lost value.
    loom::model(|| {
        let ch = Arc::new(Chan::new(0));
        let tx = Arc::clone(&ch);
        let sender = thread::spawn(move || block_on(tx.send(4)));
        let closer = Arc::clone(&ch);
        let closing = thread::spawn(move || closer.close().unwrap());
        let got = block_on(select(vec![(0, Case::Recv(&*ch))], vec![0], true));
        closing.join().unwrap();
        match (got, sender.join().unwrap()) {
            (Some((0, Outcome::Received(Some(4)))), Ok(())) => {}
            (Some((0, Outcome::Received(None))), Err(SendError(4))) => {}
            other => panic!("{other:?}"),
        }
    });
}

// The collector's gate (`signal::Gate`): pause, resume and a cancel's release.

#[test]
fn a_paused_collector_wakes_when_the_gate_opens() {
    // The collector parks at the gate at any moment relative to the resume: it must pass.
    // Without the resume's wake-up, loom reports the collector asleep for good.
    loom::model(|| {
        let gate = Arc::new(Gate::new());
        gate.set_paused(true);
        let g = Arc::clone(&gate);
        let resumer = thread::spawn(move || g.set_paused(false));
        block_on(gate.opened());
        resumer.join().unwrap();
    });
}

#[test]
fn a_pause_never_lands_after_a_cancels_release() {
    // A page's pause racing a cancel: once released, the gate stays open whatever the order
    // (the pause read "not released" and stored "paused" after the release, before the lock).
    loom::model(|| {
        let gate = Arc::new(Gate::new());
        let g = Arc::clone(&gate);
        let pauser = thread::spawn(move || g.set_paused(true));
        gate.release();
        pauser.join().unwrap();
        assert!(!gate.is_paused(), "a pause landed after the release");
        block_on(gate.opened());
    });
}

// The event log's ring (`trace::Ring`): many writers, one reader.

/// A record whose every field says who wrote it: a torn read shows as a mismatch.
fn record(actor: u32, n: u32) -> Event {
    Event {
        time_us: u64::from(actor * 1000 + n),
        kind: 1,
        actor,
        job: actor * 10 + n,
        value: actor * 100 + n,
        p: 0,
    }
}

fn whole(e: &Event) -> (u32, u32) {
    let n = e.job - e.actor * 10;
    assert_eq!(e.value, e.actor * 100 + n, "a torn record: {e:?}");
    assert_eq!(
        e.time_us,
        u64::from(e.actor * 1000 + n),
        "a torn record: {e:?}"
    );
    (e.actor, n)
}

/// The reader's loop, as the engine worker drains: a record if one is there, else a yield (so
/// that, in loom, the writers run, and its later reads meet their writes — a reader that only
/// ever read before them would hide every torn read from loom's search).
fn pop_or_yield(ring: &Ring) -> Option<Event> {
    let got = ring.pop();
    if got.is_none() {
        thread::yield_now();
    }
    got
}

#[test]
fn records_written_by_two_threads_are_read_once_and_whole() {
    // The reader takes records while both writers may be mid-write: it gets a whole record or
    // none, and what it did not get is there afterwards, each record exactly once.
    loom::model(|| {
        let ring = Arc::new(Ring::with_capacity(2));
        let writers: Vec<_> = [1, 2]
            .into_iter()
            .map(|actor| {
                let ring = Arc::clone(&ring);
                thread::spawn(move || assert!(ring.push(&record(actor, 1))))
            })
            .collect();
        let mut read = Vec::new();
        for _ in 0..3 {
            read.extend(pop_or_yield(&ring).iter().map(whole));
        }
        for w in writers {
            w.join().unwrap();
        }
        while let Some(e) = ring.pop() {
            read.push(whole(&e));
        }
        read.sort_unstable();
        assert_eq!(read, [(1, 1), (2, 1)]);
    });
}

#[test]
fn a_full_ring_refuses_records_and_loses_none_it_took() {
    // Three records into two slots while the reader takes some: every record the ring accepted
    // is read, in the order written; the others were refused, not lost.
    loom::model(|| {
        let ring = Arc::new(Ring::with_capacity(2));
        let w = Arc::clone(&ring);
        let writer = thread::spawn(move || {
            (1..=3)
                .filter(|&n| w.push(&record(1, n)))
                .collect::<Vec<_>>()
        });
        let mut read = Vec::new();
        for _ in 0..2 {
            read.extend(pop_or_yield(&ring).iter().map(|e| whole(e).1));
        }
        let accepted = writer.join().unwrap();
        while let Some(e) = ring.pop() {
            read.push(whole(&e).1);
        }
        assert_eq!(read, accepted);
        assert!(
            accepted.len() >= 2,
            "a ring of two refused a record it had room for"
        );
    });
}

// The runtime's sleeping and waking Ms (`runtime::Idle`): Go's `wakep` and spinning Ms.

#[test]
fn a_readied_goroutine_never_waits_while_every_m_sleeps() {
    // Two Ms take work or park; a goroutine elsewhere readies work and calls `wakep`, at any
    // moment relative to an M deciding to park. Work must never sit queued with both Ms asleep:
    // loom would report the Ms parked for good (a lost wake-up) and the run unfinished.
    use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
    const WORK: usize = 2;
    loom::model(|| {
        let idle = Arc::new(Idle::new(2));
        let queued = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let stopped = Arc::new(AtomicBool::new(false));
        let ms: Vec<_> = (0..2)
            .map(|m| {
                let (idle, queued, done, stopped) = (
                    Arc::clone(&idle),
                    Arc::clone(&queued),
                    Arc::clone(&done),
                    Arc::clone(&stopped),
                );
                thread::spawn(move || loop {
                    if stopped.load(SeqCst) {
                        return;
                    }
                    let n = queued.load(SeqCst);
                    if n > 0 && queued.compare_exchange(n, n - 1, SeqCst, SeqCst).is_ok() {
                        idle.found_work();
                        if done.fetch_add(1, SeqCst) + 1 == WORK {
                            stopped.store(true, SeqCst);
                            idle.unpark_all();
                        }
                        continue;
                    }
                    idle.park(
                        m,
                        |_, _| None,
                        || queued.load(SeqCst) > 0 || stopped.load(SeqCst),
                    );
                })
            })
            .collect();
        for _ in 0..WORK {
            queued.fetch_add(1, SeqCst);
            idle.wakep();
        }
        for m in ms {
            m.join().unwrap();
        }
        assert_eq!(done.load(SeqCst), WORK);
    });
}

// A cancelled run's sleepers (`signal::Cancel` and `runtime::time::Timers`): an I/O job's sleep
// that a cancel cuts short.

/// A waker that notes it was woken.
struct Woken(loom::sync::atomic::AtomicBool);

impl std::task::Wake for Woken {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.store(true, loom::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_sleep_cancelled_while_it_sets_its_timer_returns_or_is_woken() {
    // The cancel wakes every sleeper on the run's timers while a job's sleep may be setting its
    // timer: either the sleep sees the cancel and returns, or its timer is there to be fired.
    // Never both missed — a job asleep until its deadline in a cancelled run.
    loom::model(|| {
        let timers = Arc::new(Timers::default());
        let cancel = Arc::new(Cancel::new());
        let fire = Arc::clone(&timers);
        cancel.set_on_cancel(Some(Box::new(move || fire.fire_all())));
        let canceller = {
            let cancel = Arc::clone(&cancel);
            thread::spawn(move || cancel.cancel())
        };
        let woken = std::sync::Arc::new(Woken(loom::sync::atomic::AtomicBool::new(false)));
        let waker = std::task::Waker::from(std::sync::Arc::clone(&woken));
        let far = web_time::Instant::now() + std::time::Duration::from_secs(3600);
        let polled = cancel.poll_wait(|| {
            timers.add(far, waker);
            false
        });
        canceller.join().unwrap();
        match polled {
            std::task::Poll::Ready(done) => assert!(!done, "a sleep of an hour was over"),
            std::task::Poll::Pending => assert!(
                woken.0.load(loom::sync::atomic::Ordering::SeqCst),
                "the sleep waits on, and the cancel's wake-up missed it"
            ),
        }
    });
}
