//! The channel against Go's semantics, ported from the cases of Go's own `TestChan`
//! (runtime/chan_test.go) at capacities 0, 1 and 100, plus Go's close and counter rules — with
//! goroutines parked, never threads.
// Native: the helpers start threads to drive the runtime (tests/web.rs covers the browser).
#![cfg(not(target_arch = "wasm32"))]

use common::go::{eventually, run_on, settle};
use poolsim::chan::{Chan, CloseError, SendError, TryRecvError, TrySendError};
use poolsim::runtime;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

mod common;

const CAPS: [usize; 3] = [0, 1, 100];

#[test]
fn receive_from_empty_channel_blocks() {
    for cap in CAPS {
        run_on(2, async move {
            let ch = Arc::new(Chan::<i32>::new(cap));
            let received = Arc::new(AtomicBool::new(false));
            let (c, r) = (Arc::clone(&ch), Arc::clone(&received));
            let receiver = runtime::spawn(async move {
                c.recv().await;
                r.store(true, Ordering::SeqCst);
            });
            eventually(|| ch.blocked_receivers() == 1).await;
            settle().await;
            assert!(!received.load(Ordering::SeqCst), "cap={cap}: did not block");
            ch.send(0).await.unwrap();
            receiver.await;
            assert!(received.load(Ordering::SeqCst));
        });
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
        run_on(2, async move {
            let ch = Arc::new(Chan::<usize>::new(cap));
            for i in 0..cap {
                ch.send(i).await.unwrap();
            }
            let sent = Arc::new(AtomicBool::new(false));
            let (c, s) = (Arc::clone(&ch), Arc::clone(&sent));
            let sender = runtime::spawn(async move {
                c.send(0).await.unwrap();
                s.store(true, Ordering::SeqCst);
            });
            eventually(|| ch.blocked_senders() == 1).await;
            settle().await;
            assert!(
                !sent.load(Ordering::SeqCst),
                "cap={cap}: send did not block"
            );
            assert_eq!(ch.len(), cap, "cap={cap}: a blocked send is not queued");
            ch.recv().await;
            sender.await;
            assert!(sent.load(Ordering::SeqCst));
        });
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
        run_on(1, async move {
            let ch = Chan::<usize>::new(cap);
            for i in 0..cap {
                ch.send(i).await.unwrap();
            }
            ch.close().unwrap();
            for i in 0..cap {
                assert_eq!(ch.recv().await, Some(i), "cap={cap}");
            }
            assert_eq!(ch.recv().await, None, "cap={cap}");
            assert_eq!(ch.recv().await, None, "cap={cap}: closed stays closed");
            assert_eq!(ch.try_recv(), Err(TryRecvError::Closed));
        });
    }
}

#[test]
fn close_wakes_blocked_receivers() {
    for cap in CAPS {
        run_on(2, async move {
            let ch = Arc::new(Chan::<i32>::new(cap));
            let receivers: Vec<_> = (0..3)
                .map(|_| {
                    let c = Arc::clone(&ch);
                    runtime::spawn(async move { c.recv().await })
                })
                .collect();
            eventually(|| ch.blocked_receivers() == 3).await;
            ch.close().unwrap();
            for r in receivers {
                assert_eq!(r.await, None, "cap={cap}");
            }
            assert_eq!(ch.blocked_receivers(), 0);
        });
    }
}

#[test]
fn close_fails_blocked_senders_and_returns_their_values() {
    for cap in CAPS {
        run_on(2, async move {
            let ch = Arc::new(Chan::<usize>::new(cap));
            for i in 0..cap {
                ch.send(i).await.unwrap();
            }
            let c = Arc::clone(&ch);
            let sender = runtime::spawn(async move { c.send(999).await });
            eventually(|| ch.blocked_senders() == 1).await;
            ch.close().unwrap();
            assert_eq!(sender.await, Err(SendError(999)), "cap={cap}");
            for i in 0..cap {
                assert_eq!(ch.recv().await, Some(i));
            }
            assert_eq!(ch.recv().await, None);
        });
    }
}

#[test]
fn send_on_closed_channel_is_an_error() {
    for cap in CAPS {
        run_on(1, async move {
            let ch = Chan::new(cap);
            ch.close().unwrap();
            assert_eq!(ch.send(5).await, Err(SendError(5)), "cap={cap}");
            assert_eq!(ch.try_send(6), Err(TrySendError::Closed(6)), "cap={cap}");
        });
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
    for procs in [1, 2] {
        for cap in CAPS {
            run_on(procs, async move {
                let ch = Arc::new(Chan::<i32>::new(cap));
                let c = Arc::clone(&ch);
                runtime::go(async move {
                    for i in 0..1000 {
                        c.send(i).await.unwrap();
                    }
                });
                for i in 0..1000 {
                    assert_eq!(ch.recv().await, Some(i), "cap={cap} procs={procs}");
                }
            });
        }
    }
}

#[test]
fn four_senders_four_receivers_deliver_each_value_once() {
    const PER: usize = 1000;
    for procs in [1, 2, 3] {
        for cap in CAPS {
            let seen = run_on(procs, async move {
                let ch = Arc::new(Chan::<usize>::new(cap));
                for _ in 0..4 {
                    let c = Arc::clone(&ch);
                    runtime::go(async move {
                        for i in 0..PER {
                            c.send(i).await.unwrap();
                        }
                    });
                }
                let receivers: Vec<_> = (0..4)
                    .map(|_| {
                        let c = Arc::clone(&ch);
                        runtime::spawn(async move {
                            let mut got = vec![0u32; PER];
                            for _ in 0..PER {
                                got[c.recv().await.unwrap()] += 1;
                            }
                            got
                        })
                    })
                    .collect();
                let mut seen = vec![0u32; PER];
                for r in receivers {
                    for (i, n) in r.await.into_iter().enumerate() {
                        seen[i] += n;
                    }
                }
                assert_eq!(ch.len(), 0);
                seen
            });
            assert!(seen.iter().all(|&n| n == 4), "cap={cap} procs={procs}");
        }
    }
}

#[test]
fn len_and_cap_follow_the_buffer() {
    for cap in CAPS {
        let ch = Chan::<usize>::new(cap);
        assert_eq!((ch.len(), ch.cap()), (0, cap));
        for i in 0..cap {
            ch.try_send(i).unwrap();
        }
        assert_eq!((ch.len(), ch.cap()), (cap, cap), "cap={cap}");
        assert_eq!(ch.max_len(), cap);
    }
}

#[test]
fn unbuffered_send_completes_only_when_received() {
    run_on(2, async {
        let ch = Arc::new(Chan::<i32>::new(0));
        let c = Arc::clone(&ch);
        let sender = runtime::spawn(async move { c.send(42).await });
        eventually(|| ch.blocked_senders() == 1).await;
        assert_eq!(ch.len(), 0, "an unbuffered channel never queues");
        assert_eq!(ch.recv().await, Some(42));
        assert_eq!(sender.await, Ok(()));
        assert_eq!(ch.max_len(), 0);
    });
}

#[test]
fn unbuffered_try_recv_takes_from_a_blocked_sender() {
    run_on(2, async {
        let ch = Arc::new(Chan::<i32>::new(0));
        let c = Arc::clone(&ch);
        let sender = runtime::spawn(async move { c.send(7).await });
        eventually(|| ch.blocked_senders() == 1).await;
        assert_eq!(ch.try_recv(), Ok(7));
        assert_eq!(sender.await, Ok(()));
    });
}

#[test]
fn unbuffered_try_send_hands_off_to_a_waiting_receiver() {
    run_on(2, async {
        let ch = Arc::new(Chan::<i32>::new(0));
        assert_eq!(ch.try_send(1), Err(TrySendError::Full(1)));
        let c = Arc::clone(&ch);
        let receiver = runtime::spawn(async move { c.recv().await });
        eventually(|| ch.blocked_receivers() == 1).await;
        assert_eq!(ch.try_send(2), Ok(()));
        // Handed to the parked receiver: no other receive can take it.
        assert_eq!(ch.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(ch.len(), 0, "a hand-off is never queued");
        assert_eq!(receiver.await, Some(2));
        assert_eq!(ch.max_len(), 0);
    });
}

#[test]
fn receiving_from_a_full_buffer_moves_a_blocked_senders_value_in() {
    run_on(2, async {
        let ch = Arc::new(Chan::<i32>::new(1));
        ch.send(1).await.unwrap();
        let c = Arc::clone(&ch);
        let sender = runtime::spawn(async move { c.send(2).await });
        eventually(|| ch.blocked_senders() == 1).await;
        assert_eq!(ch.recv().await, Some(1));
        assert_eq!(ch.len(), 1, "the blocked sender's value is now buffered");
        assert_eq!(ch.blocked_senders(), 0);
        assert_eq!(sender.await, Ok(()));
        assert_eq!(ch.recv().await, Some(2));
    });
}

#[test]
fn a_value_handed_to_a_receiver_survives_a_close() {
    run_on(1, async {
        let ch = Arc::new(Chan::<i32>::new(0));
        let c = Arc::clone(&ch);
        let receiver = runtime::spawn(async move { c.recv().await });
        eventually(|| ch.blocked_receivers() == 1).await;
        // On one P the receiver cannot run between these two lines.
        ch.try_send(5).unwrap();
        ch.close().unwrap();
        assert_eq!(receiver.await, Some(5));
    });
}

#[test]
fn a_cancelled_receive_leaves_recvq_and_a_cancelled_send_takes_its_value_along() {
    run_on(2, async {
        let ch = Arc::new(Chan::<i32>::new(0));
        let c = Arc::clone(&ch);
        let receiver = runtime::spawn(async move { c.recv().await });
        eventually(|| ch.blocked_receivers() == 1).await;
        drop(receiver); // cancels the goroutine
        eventually(|| ch.blocked_receivers() == 0).await;
        assert_eq!(ch.try_send(1), Err(TrySendError::Full(1)));

        let c = Arc::clone(&ch);
        let sender = runtime::spawn(async move { c.send(9).await });
        eventually(|| ch.blocked_senders() == 1).await;
        drop(sender);
        eventually(|| ch.blocked_senders() == 0).await;
        assert_eq!(ch.try_recv(), Err(TryRecvError::Empty));
    });
}

/// Counts its wake-ups: a receiver's, to see that it was told.
struct Count(std::sync::atomic::AtomicUsize);

impl std::task::Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_value_handed_to_a_receiver_that_gives_up_goes_to_the_next_one() {
    // Two receivers parked on an unbuffered channel; a send hands its value to the first, whose
    // goroutine is then dropped before it runs. The value must reach the second (and wake it),
    // not sit in the channel while the second waits forever, or vanish at a close.
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    for cap in CAPS {
        let ch = Chan::<i32>::new(cap);
        let first = Waker::noop();
        let second = Arc::new(Count(std::sync::atomic::AtomicUsize::new(0)));
        let second_waker = Waker::from(Arc::clone(&second));
        let mut r1 = Box::pin(ch.recv());
        assert!(r1
            .as_mut()
            .poll(&mut Context::from_waker(first))
            .is_pending());
        let mut r2 = Box::pin(ch.recv());
        assert!(r2
            .as_mut()
            .poll(&mut Context::from_waker(&second_waker))
            .is_pending());
        ch.try_send(5).unwrap();
        drop(r1);
        assert_eq!(
            second.0.load(Ordering::SeqCst),
            1,
            "cap={cap}: the second was not woken"
        );
        assert_eq!(
            r2.as_mut().poll(&mut Context::from_waker(&second_waker)),
            Poll::Ready(Some(5)),
            "cap={cap}"
        );
        ch.close().unwrap();
        assert_eq!(
            ch.try_recv(),
            Err(TryRecvError::Closed),
            "cap={cap}: nothing left"
        );
    }
}
