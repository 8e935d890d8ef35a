//! The G/M/P runtime: goroutines at scale, timers, yields, fairness, cancel, panics.
// Native: the helpers start threads to drive the runtime (tests/web.rs covers the browser).
#![cfg(not(target_arch = "wasm32"))]

use common::go::{run_on, settle};
use poolsim::chan::Chan;
use poolsim::runtime::{self, time::sleep};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod common;

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

#[test]
fn a_sleep_polled_before_its_deadline_still_wakes() {
    // A goroutine can be polled early: woken by something else (a cancel's wake-up of every
    // sleeper), or run on a P whose clock reads a few µs earlier than the one that fired its
    // timer. The sleep must then wait again, not forever.
    let slept = run_on(1, async {
        let start = web_time::Instant::now();
        let mut sleep = Box::pin(sleep(Duration::from_millis(20)));
        let mut early = true;
        let handle = runtime::Handle::current().expect("in a goroutine");
        std::future::poll_fn(|cx| {
            let poll = sleep.as_mut().poll(cx);
            if early {
                // Every sleeper woken now, due or not, as a cancel does: the sleep's timer is
                // spent, and its next poll comes long before the deadline.
                early = false;
                handle.wake_sleepers();
            }
            poll
        })
        .await;
        start.elapsed()
    });
    assert!(slept >= Duration::from_millis(20), "{slept:?}");
}

#[test]
fn an_m_whose_loop_unwinds_leaves_no_p_behind_on_its_thread() {
    // Review core.md #9: the thread's pointer to its P was cleared only when the M's loop
    // returned. Something can unwind out of the loop itself — here a second goroutine's panic
    // payload whose drop panics, dropped by the loop because the first panic is kept — and a
    // later `current_p()` on that thread read a P from a stack frame that was gone.
    struct PanicsWhenDropped;
    impl Drop for PanicsWhenDropped {
        fn drop(&mut self) {
            if !std::thread::panicking() {
                panic!("a payload that panics when dropped");
            }
        }
    }
    let after = std::thread::spawn(|| {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        threads.install(|| {
            let outcome = std::panic::catch_unwind(|| {
                runtime::run(1, async {
                    runtime::go(async { std::panic::panic_any(PanicsWhenDropped) });
                    runtime::go(async { std::panic::panic_any(PanicsWhenDropped) });
                })
            });
            let unwound = outcome.is_err();
            std::mem::forget(outcome);
            (unwound, runtime::current_p())
        })
    })
    .join()
    .unwrap();
    assert_eq!(
        after,
        (true, None),
        "(unwound, the P this thread still claims)"
    );
}

#[test]
fn an_idle_m_fires_the_overdue_timer_of_a_p_held_by_a_long_goroutine() {
    // Review core.md, "Timers": only a P's own M fired its timers, so a sleeper whose P was
    // held by a goroutine that did not yield (or by an M the OS descheduled) woke only when
    // that P came free, while another M sat idle. Go's idle Ps run other Ps' due timers.
    let slept = run_on(2, async {
        let (done, woke) = (Arc::new(Chan::new(1)), Arc::new(Chan::new(1)));
        let (done_tx, woke_tx) = (Arc::clone(&done), Arc::clone(&woke));
        runtime::go(async move {
            let p = runtime::current_p();
            // The blocker takes `runnext`: it runs on this P as soon as this goroutine sleeps.
            runtime::go(async move {
                assert_eq!(
                    runtime::current_p(),
                    p,
                    "runnext runs on the P that readied it"
                );
                std::thread::sleep(Duration::from_secs(1));
                done_tx.send(()).await.unwrap();
            });
            let start = web_time::Instant::now();
            sleep(Duration::from_millis(5)).await;
            woke_tx.send(start.elapsed()).await.unwrap();
        });
        let slept = woke.recv().await.unwrap();
        done.recv().await.unwrap();
        slept
    });
    assert!(
        slept < Duration::from_millis(500),
        "a 5 ms sleep took {slept:?} (its P was held for 1 s)"
    );
}

#[test]
fn a_goroutine_whose_channel_operations_never_wait_still_lets_the_others_on_its_p_run() {
    // Review core.md, "Preemption": a goroutine looping over channel operations that never
    // block held its P for good, so a goroutine beside it that would stop the loop never ran
    // (on one P: a hang). Go preempts it after 10 ms; a budget of operations makes it yield.
    let rounds = run_on(1, async {
        let stop = Arc::new(AtomicBool::new(false));
        let ch = Chan::new(1);
        let s = Arc::clone(&stop);
        runtime::go(async move { s.store(true, Ordering::SeqCst) });
        let mut rounds = 0u64;
        while !stop.load(Ordering::SeqCst) {
            rounds += 1;
            ch.send(rounds).await.unwrap();
            assert_eq!(ch.recv().await, Some(rounds));
        }
        rounds
    });
    assert!(rounds > 0);
}
