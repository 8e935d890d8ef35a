//! The channel against Go's semantics, ported from the cases of Go's own `TestChan`
//! (runtime/chan_test.go) at capacities 0, 1 and 100, plus Go's close and counter rules.

use poolsim::chan::{Chan, CloseError, SendError, TryRecvError, TrySendError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

const CAPS: [usize; 3] = [0, 1, 100];

/// Long enough for a thread that is not blocked to have run.
fn settle() {
    thread::sleep(Duration::from_millis(30));
}

/// Polls until `cond` holds, so tests wait for a thread to block without guessing how long.
fn eventually(cond: impl Fn() -> bool) {
    for _ in 0..2000 {
        if cond() {
            return;
        }
        thread::sleep(Duration::from_millis(1));
    }
    panic!("condition never held");
}

#[test]
fn receive_from_empty_channel_blocks() {
    for cap in CAPS {
        let ch = Chan::<i32>::new(cap);
        let received = AtomicBool::new(false);
        thread::scope(|s| {
            s.spawn(|| {
                ch.recv();
                received.store(true, Ordering::SeqCst);
            });
            eventually(|| ch.blocked_receivers() == 1);
            settle();
            assert!(
                !received.load(Ordering::SeqCst),
                "cap={cap}: receive did not block"
            );
            ch.send(0).unwrap();
        });
        assert!(received.load(Ordering::SeqCst));
    }
}

#[test]
fn non_blocking_receive_does_not_block() {
    for cap in CAPS {
        let ch = Chan::<i32>::new(cap);
        assert_eq!(ch.try_recv(), Err(TryRecvError::Empty), "cap={cap}");
    }
}

#[test]
fn send_to_full_channel_blocks() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        for i in 0..cap {
            ch.send(i).unwrap();
        }
        let sent = AtomicBool::new(false);
        thread::scope(|s| {
            s.spawn(|| {
                ch.send(0).unwrap();
                sent.store(true, Ordering::SeqCst);
            });
            eventually(|| ch.blocked_senders() == 1);
            settle();
            assert!(
                !sent.load(Ordering::SeqCst),
                "cap={cap}: send did not block"
            );
            assert_eq!(ch.len(), cap, "cap={cap}: a blocked send is not queued");
            ch.recv();
        });
        assert!(sent.load(Ordering::SeqCst));
    }
}

#[test]
fn non_blocking_send_to_full_channel_does_not_block() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        for i in 0..cap {
            ch.try_send(i).unwrap();
        }
        assert_eq!(ch.try_send(7), Err(TrySendError::Full(7)), "cap={cap}");
    }
}

#[test]
fn receive_after_close_drains_then_reports_closed() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        for i in 0..cap {
            ch.send(i).unwrap();
        }
        ch.close().unwrap();
        for i in 0..cap {
            assert_eq!(ch.recv(), Some(i), "cap={cap}");
        }
        assert_eq!(ch.recv(), None, "cap={cap}");
        assert_eq!(ch.recv(), None, "cap={cap}: closed stays closed");
        assert_eq!(ch.try_recv(), Err(TryRecvError::Closed));
    }
}

#[test]
fn close_wakes_blocked_receivers() {
    for cap in CAPS {
        let ch = Chan::<i32>::new(cap);
        thread::scope(|s| {
            let receivers: Vec<_> = (0..3).map(|_| s.spawn(|| ch.recv())).collect();
            eventually(|| ch.blocked_receivers() == 3);
            ch.close().unwrap();
            for r in receivers {
                assert_eq!(r.join().unwrap(), None, "cap={cap}");
            }
        });
        assert_eq!(ch.blocked_receivers(), 0);
    }
}

#[test]
fn close_fails_blocked_senders_and_returns_their_values() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        for i in 0..cap {
            ch.send(i).unwrap();
        }
        thread::scope(|s| {
            let sender = s.spawn(|| ch.send(999));
            eventually(|| ch.blocked_senders() == 1);
            ch.close().unwrap();
            assert_eq!(sender.join().unwrap(), Err(SendError(999)), "cap={cap}");
        });
        // The buffered values survive the close; the refused one was not queued.
        for i in 0..cap {
            assert_eq!(ch.recv(), Some(i));
        }
        assert_eq!(ch.recv(), None);
    }
}

#[test]
fn send_on_closed_channel_is_an_error() {
    for cap in CAPS {
        let ch = Chan::new(cap);
        ch.close().unwrap();
        assert_eq!(ch.send(5), Err(SendError(5)), "cap={cap}");
        assert_eq!(ch.try_send(6), Err(TrySendError::Closed(6)), "cap={cap}");
    }
}

#[test]
fn closing_twice_is_an_error() {
    for cap in CAPS {
        let ch = Chan::<()>::new(cap);
        assert_eq!(ch.close(), Ok(()));
        assert_eq!(ch.close(), Err(CloseError), "cap={cap}");
        assert!(ch.is_closed());
    }
}

#[test]
fn values_arrive_uncorrupted_in_fifo_order() {
    for cap in CAPS {
        let ch = Chan::<i32>::new(cap);
        thread::scope(|s| {
            s.spawn(|| {
                for i in 0..100 {
                    ch.send(i).unwrap();
                }
            });
            for i in 0..100 {
                assert_eq!(ch.recv(), Some(i), "cap={cap}");
            }
        });
    }
}

#[test]
fn four_senders_four_receivers_deliver_each_value_once() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        const PER: usize = 1000;
        let mut seen = vec![0u32; PER];
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for i in 0..PER {
                        ch.send(i).unwrap();
                    }
                });
            }
            let receivers: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        let mut got = vec![0u32; PER];
                        for _ in 0..PER {
                            got[ch.recv().unwrap()] += 1;
                        }
                        got
                    })
                })
                .collect();
            for r in receivers {
                for (i, n) in r.join().unwrap().into_iter().enumerate() {
                    seen[i] += n;
                }
            }
        });
        assert!(seen.iter().all(|&n| n == 4), "cap={cap}: {seen:?}");
        assert_eq!(ch.len(), 0);
    }
}

#[test]
fn len_and_cap_follow_the_buffer() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        assert_eq!((ch.len(), ch.cap()), (0, cap));
        for i in 0..cap {
            ch.send(i).unwrap();
        }
        assert_eq!((ch.len(), ch.cap()), (cap, cap), "cap={cap}");
        assert_eq!(ch.max_len(), cap);
    }
}

#[test]
fn unbuffered_send_completes_only_when_received() {
    let ch = Chan::<i32>::new(0);
    thread::scope(|s| {
        let sender = s.spawn(|| ch.send(42));
        eventually(|| ch.blocked_senders() == 1);
        assert_eq!(ch.len(), 0, "an unbuffered channel never queues");
        assert_eq!(ch.recv(), Some(42));
        assert_eq!(sender.join().unwrap(), Ok(()));
    });
    assert_eq!(ch.max_len(), 0);
}

#[test]
fn unbuffered_try_recv_takes_from_a_blocked_sender() {
    // Go: `select { case v := <-ch: ... default: }` succeeds when a sender is waiting.
    let ch = Chan::<i32>::new(0);
    thread::scope(|s| {
        let sender = s.spawn(|| ch.send(7));
        eventually(|| ch.blocked_senders() == 1);
        assert_eq!(ch.try_recv(), Ok(7));
        assert_eq!(sender.join().unwrap(), Ok(()));
    });
}

#[test]
fn unbuffered_try_send_succeeds_only_with_a_waiting_receiver() {
    let ch = Chan::<i32>::new(0);
    assert_eq!(ch.try_send(1), Err(TrySendError::Full(1)));
    thread::scope(|s| {
        let receiver = s.spawn(|| ch.recv());
        eventually(|| ch.blocked_receivers() == 1);
        assert_eq!(ch.try_send(2), Ok(()));
        assert_eq!(receiver.join().unwrap(), Some(2));
    });
    assert_eq!(ch.max_len(), 0, "a hand-off is never queued");
}

#[test]
fn receiving_from_a_full_buffer_moves_a_blocked_senders_value_in() {
    let ch = Chan::<i32>::new(1);
    ch.send(1).unwrap();
    thread::scope(|s| {
        let sender = s.spawn(|| ch.send(2));
        eventually(|| ch.blocked_senders() == 1);
        assert_eq!(ch.recv(), Some(1));
        assert_eq!(sender.join().unwrap(), Ok(()));
        assert_eq!(ch.len(), 1, "the blocked sender's value is now buffered");
        assert_eq!(ch.blocked_senders(), 0);
    });
    assert_eq!(ch.recv(), Some(2));
}
