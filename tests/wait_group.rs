//! `sync.WaitGroup`'s rules.

use poolsim::wait_group::{NegativeCounter, WaitGroup};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

#[test]
fn wait_returns_at_once_when_the_counter_is_zero() {
    WaitGroup::new().wait();
}

#[test]
fn wait_blocks_until_every_done() {
    let wg = WaitGroup::new();
    assert_eq!(wg.add(3), Ok(3));
    let released = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            wg.wait();
            released.store(true, Ordering::SeqCst);
        });
        assert_eq!(wg.done(), Ok(2));
        assert_eq!(wg.done(), Ok(1));
        thread::sleep(Duration::from_millis(30));
        assert!(
            !released.load(Ordering::SeqCst),
            "released before the last Done"
        );
        assert_eq!(wg.count(), 1);
        assert_eq!(wg.done(), Ok(0));
    });
    assert!(released.load(Ordering::SeqCst));
}

#[test]
fn done_below_zero_is_an_error_and_changes_nothing() {
    let wg = WaitGroup::new();
    assert_eq!(wg.done(), Err(NegativeCounter));
    assert_eq!(wg.count(), 0);
    wg.add(1).unwrap();
    assert_eq!(wg.add(-2), Err(NegativeCounter));
    assert_eq!(wg.count(), 1);
    assert_eq!(
        NegativeCounter.to_string(),
        "sync: negative WaitGroup counter"
    );
}

#[test]
fn many_waiters_are_all_released() {
    let wg = WaitGroup::new();
    wg.add(1).unwrap();
    thread::scope(|s| {
        let waiters: Vec<_> = (0..4).map(|_| s.spawn(|| wg.wait())).collect();
        thread::sleep(Duration::from_millis(10));
        wg.done().unwrap();
        for w in waiters {
            w.join().unwrap();
        }
    });
}
