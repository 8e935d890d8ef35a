//! The G/M/P runtime: its channel against the cases of Go's `TestChan` (runtime/chan_test.go)
//! at capacities 0, 1 and 100 — the same cases `tests/chan.rs` runs on the thread channel, here
//! with goroutines parked instead of threads — then the scheduler itself: goroutines at scale,
//! timers, yields, fairness, cancel, panics.

use poolsim::chan::{CloseError, SendError, TryRecvError, TrySendError};
use poolsim::runtime::{self, chan::Chan, time::sleep};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const CAPS: [usize; 3] = [0, 1, 100];

/// Runs `main` on `procs` Ps, failing the test if it takes more than 30 s (a hang).
fn run_on<T: Send + 'static>(procs: usize, main: impl Future<Output = T> + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(procs)
            .build()
            .unwrap();
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            threads.install(|| runtime::run(procs, main))
        }));
        let _ = tx.send(out);
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the runtime hung"),
    }
}

/// Long enough for a goroutine that is not blocked to have run.
async fn settle() {
    sleep(Duration::from_millis(20)).await;
}

/// Waits (as a goroutine) until `cond` holds.
async fn eventually(cond: impl Fn() -> bool) {
    for _ in 0..2000 {
        if cond() {
            return;
        }
        sleep(Duration::from_millis(1)).await;
    }
    panic!("condition never held");
}

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

#[test]
fn a_hundred_thousand_goroutines_sleep_on_timers_not_threads() {
    let woke = run_on(2, async {
        let woke = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(poolsim::wait_group::WaitGroup::new());
        done.add(100_000).unwrap();
        for i in 0..100_000u64 {
            let (w, d) = (Arc::clone(&woke), Arc::clone(&done));
            runtime::go(async move {
                sleep(Duration::from_millis(5 + i % 20)).await;
                w.fetch_add(1, Ordering::Relaxed);
                d.done().unwrap();
            });
        }
        done.zero().await;
        woke.load(Ordering::Relaxed)
    });
    assert_eq!(woke, 100_000);
}

#[test]
fn a_sleep_lasts_at_least_its_duration_and_timers_fire_in_order() {
    let order = run_on(2, async {
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let tasks: Vec<_> = [30u64, 10, 20]
            .into_iter()
            .map(|ms| {
                let o = Arc::clone(&order);
                runtime::spawn(async move {
                    let start = web_time::Instant::now();
                    sleep(Duration::from_millis(ms)).await;
                    assert!(start.elapsed() >= Duration::from_millis(ms));
                    o.lock().unwrap().push(ms);
                })
            })
            .collect();
        for t in tasks {
            t.await;
        }
        let order = order.lock().unwrap().clone();
        order
    });
    assert_eq!(order, vec![10, 20, 30]);
}

#[test]
fn waking_the_sleepers_lets_a_cancelled_sleep_end_at_once() {
    // A sleep that ends early when a flag is set, as the pool's I/O jobs end on a cancel: the
    // flag alone does nothing until the sleepers are woken to look at it.
    run_on(2, async {
        let handle = runtime::Handle::current().unwrap();
        let cancelled = Arc::new(AtomicBool::new(false));
        let start = web_time::Instant::now();
        let sleepers: Vec<_> = (0..100)
            .map(|_| {
                let c = Arc::clone(&cancelled);
                runtime::spawn(async move {
                    let mut nap = sleep(Duration::from_secs(60));
                    std::future::poll_fn(|cx| {
                        if c.load(Ordering::SeqCst) {
                            return std::task::Poll::Ready(());
                        }
                        std::pin::Pin::new(&mut nap).poll(cx)
                    })
                    .await
                })
            })
            .collect();
        settle().await;
        cancelled.store(true, Ordering::SeqCst);
        handle.wake_sleepers();
        for s in sleepers {
            s.await;
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    });
}

#[test]
fn a_yielding_cpu_bound_goroutine_never_starves_the_others_on_its_p() {
    // One P: a goroutine burning CPU in slices, and a ping-pong over an unbuffered channel.
    // The ping-pong finishes while the burner still has most of its work left.
    let (rounds_done, burner_left) = run_on(1, async {
        let left = Arc::new(AtomicUsize::new(100_000));
        let l = Arc::clone(&left);
        runtime::go(async move {
            while l.load(Ordering::Relaxed) > 0 {
                std::hint::black_box(poolsim::work::cpu_rounds(1, 2000));
                l.fetch_sub(1, Ordering::Relaxed);
                runtime::yield_now().await;
            }
        });
        let (ping, pong) = (Arc::new(Chan::new(0)), Arc::new(Chan::new(0)));
        let (pi, po) = (Arc::clone(&ping), Arc::clone(&pong));
        runtime::go(async move {
            while let Some(v) = pi.recv().await {
                po.send(v + 1).await.unwrap();
            }
        });
        let mut rounds = 0;
        for i in 0..1000 {
            ping.send(i).await.unwrap();
            assert_eq!(pong.recv().await, Some(i + 1));
            rounds += 1;
        }
        ping.close().unwrap();
        let burner_left = left.load(Ordering::Relaxed);
        left.store(0, Ordering::Relaxed);
        (rounds, burner_left)
    });
    assert_eq!(rounds_done, 1000);
    assert!(
        burner_left > 50_000,
        "the burner took most of the P: {burner_left} slices left of 100,000"
    );
}

#[test]
fn cpu_work_spreads_over_every_p() {
    for procs in [2, 3] {
        let ps = run_on(procs, async move {
            let seen = Arc::new(AtomicUsize::new(0));
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let s = Arc::clone(&seen);
                    runtime::spawn(async move {
                        for _ in 0..400 {
                            std::hint::black_box(poolsim::work::cpu_rounds(3, 4000));
                            s.fetch_or(1 << runtime::current_p().unwrap(), Ordering::Relaxed);
                            runtime::yield_now().await;
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await;
            }
            seen.load(Ordering::Relaxed).count_ones() as usize
        });
        assert_eq!(ps, procs, "Ps that ran the CPU work");
    }
}

#[test]
fn a_goroutines_panic_reaches_the_caller_after_the_others_finish() {
    let finished = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&finished);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_on(2, async move {
            runtime::go(async move {
                sleep(Duration::from_millis(20)).await;
                f.store(true, Ordering::SeqCst);
            });
            runtime::go(async { panic!("planted") });
        })
    }));
    assert!(outcome.is_err(), "the panic reached the caller");
    assert!(
        finished.load(Ordering::SeqCst),
        "the other goroutine ran to its end"
    );
}
