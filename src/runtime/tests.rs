//! The scheduler's own bookkeeping, read from inside (the integration tests in `tests/runtime.rs`
//! see only what goroutines see).

use super::*;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Runs `main` on `procs` Ps of a rayon pool of their own.
fn run_on<T: Send + 'static>(procs: usize, main: impl Future<Output = T> + Send + 'static) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(procs)
        .build()
        .unwrap()
        .install(|| run(procs, main))
}

#[test]
fn an_idle_m_stops_asking_a_p_that_never_answers_and_parks() {
    // Review core.md, "Spinning": an idle M asked a P to share its hand-off queue every 10 µs
    // for as long as the P's goroutine kept running without yielding — a core spent on asking.
    let asks = run_on(2, async {
        let Handle(shared) = Handle::current().expect("in a goroutine");
        for _ in 0..3 {
            // One to `runnext`, two to the hand-off queue that only this P takes from.
            go(async {});
        }
        // A goroutine that holds its P (and its thread) for 200 ms without a yield.
        let before = shared.asks.load(Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(200));
        shared.asks.load(Ordering::Relaxed) - before
    });
    // It did ask (else the cap would be untested), and then stopped.
    assert!(
        asks >= 1,
        "the idle M never asked: the test no longer sets the scene"
    );
    assert!(
        asks <= MAX_UNANSWERED_ASKS,
        "{asks} asks in 200 ms (at most {MAX_UNANSWERED_ASKS} before it parks)"
    );
}
