//! Go programs on the live driver: goroutines on GOMAXPROCS threads of a rayon pool, in real
//! time. Programs whose outcome cannot depend on scheduling (`"live": true` in
//! `tests/go/run/expected.json`: Go ended each the same way on one P and on four, every run)
//! must end as Go did; the rest of what is checked here holds whatever the schedule.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use poolsim::golang::vm::{self, log::Kind, Driver, Limit, Options};
use std::time::{Duration, Instant};

fn live(gomaxprocs: usize) -> Options {
    Options {
        driver: Driver::Live { gomaxprocs },
        ..Options::default()
    }
}

/// Runs on a pool of its own with a thread per P, so every M starts however many cores the
/// machine has and whatever other tests run meanwhile.
fn run_live(src: &str, options: Options) -> vm::Outcome {
    let Driver::Live { gomaxprocs } = options.driver else {
        panic!("a live run");
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(gomaxprocs)
        .build()
        .unwrap();
    pool.install(|| poolsim::golang::run(src, options).expect("it compiles"))
}

#[test]
fn programs_that_do_not_depend_on_scheduling_end_live_as_go_ended_them() {
    for procs in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(procs)
            .build()
            .unwrap();
        // Three times each: a race in the runtime shows as a run that differs.
        for _ in 0..3 {
            let problems = pool.install(|| {
                common::go_live_disagreements(include_str!("go/run/expected.json"), live(procs))
            });
            assert!(problems.is_empty(), "{procs} Ps: {}", problems.join("\n\n"));
        }
    }
}

#[test]
fn goroutines_run_on_several_ps_at_once() {
    // Four workers, each job a long loop: a worker that yields mid-job can be taken by an idle
    // P, and one that waits to hand over its result runs again wherever it was woken.
    let src = "package main\n\nimport \"fmt\"\n\nfunc work(n int) int {\n\ts := 0\n\tfor i := 0; i < 20000; i++ {\n\t\ts += i % (n + 1)\n\t}\n\treturn s\n}\n\nfunc main() {\n\tjobs := make(chan int, 64)\n\tresults := make(chan int)\n\tfor w := 0; w < 4; w++ {\n\t\tgo func() {\n\t\t\tfor j := range jobs {\n\t\t\t\tresults <- work(j)\n\t\t\t}\n\t\t}()\n\t}\n\tfor j := 0; j < 64; j++ {\n\t\tjobs <- j\n\t}\n\tclose(jobs)\n\ttotal := 0\n\tfor j := 0; j < 64; j++ {\n\t\ttotal += <-results\n\t}\n\tfmt.Println(total)\n}\n";
    let want = run_with_sim(src);
    let out = run_live(src, live(4));
    assert_eq!((&out.stdout, out.exit_code), (&want, 0), "{}", out.stderr);
    let mut ps: Vec<u32> = out
        .events
        .iter()
        .filter(|e| e.kind == Kind::GoRunning)
        .map(|e| e.a)
        .collect();
    ps.sort_unstable();
    ps.dedup();
    assert!(ps.len() >= 2, "every goroutine ran on P {ps:?}");
    assert!(ps.iter().all(|&p| p < 4), "{ps:?}");
}

fn run_with_sim(src: &str) -> String {
    let out = poolsim::golang::run(src, Options::default()).expect("it compiles");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn main_returning_ends_a_live_program_with_goroutines_alive() {
    // One goroutine spins for ever, one waits for ever: neither keeps the program.
    let src = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tgo func() {\n\t\tn := 0\n\t\tfor {\n\t\t\tn++\n\t\t}\n\t}()\n\tgo func() {\n\t\tselect {}\n\t}()\n\tfmt.Println(\"bye\")\n}\n";
    let out = run_live(src, live(2));
    assert_eq!(
        (out.stdout.as_str(), out.exit_code, out.limit),
        ("bye\n", 0, None),
        "{out:?}"
    );
}

#[test]
fn a_live_goroutine_that_never_blocks_is_stopped_by_the_wall_clock() {
    let src = "package main\n\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n";
    let out = run_live(
        src,
        Options {
            wall_limit_ms: 200,
            ..live(2)
        },
    );
    assert_eq!(
        (out.exit_code, out.limit),
        (2, Some(Limit::WallTime)),
        "{out:?}"
    );
    assert_eq!(
        out.stderr,
        "program stopped: it ran for 0.2 s of real time (poolsim's limit)\n"
    );
    // A sleep past the limit is cut short by it too.
    let src = "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n";
    let started = Instant::now();
    let out = run_live(
        src,
        Options {
            wall_limit_ms: 200,
            ..live(2)
        },
    );
    assert_eq!(out.limit, Some(Limit::WallTime), "{out:?}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_live_deadlock_waits_for_timers_but_not_for_stopped_ones() {
    // The sleeper's timer is something to wait for; once it has fired and the sleeper is
    // gone, nothing is. A stopped timer is nothing to wait for.
    let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tt := time.NewTimer(time.Hour)\n\tt.Stop()\n\tch := make(chan int)\n\tgo func() {\n\t\ttime.Sleep(20 * time.Millisecond)\n\t\tfmt.Println(\"slept\")\n\t}()\n\t<-ch\n}\n";
    let out = run_live(src, live(2));
    assert_eq!(out.limit, None, "{out:?}");
    assert_eq!((out.stdout.as_str(), out.exit_code), ("slept\n", 2));
    assert!(
        out.stderr.starts_with(
            "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main(...)\n\tprog.go:16\n"
        ),
        "{}",
        out.stderr
    );
    assert!(out.elapsed_ns >= 20_000_000, "{}", out.elapsed_ns);
}

#[test]
fn live_timers_fire_in_real_time() {
    // Each wait is for a timer alone, so the output is fixed; only when is real.
    let src = "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tstart := time.Now()\n\tticker := time.NewTicker(5 * time.Millisecond)\n\tfor i := 0; i < 4; i++ {\n\t\t<-ticker.C\n\t}\n\tticker.Stop()\n\tfmt.Println(\"ticks\", time.Since(start) >= 20*time.Millisecond)\n\tselect {\n\tcase <-time.After(10 * time.Millisecond):\n\t\tfmt.Println(\"after\")\n\t}\n\tctx, cancel := context.WithTimeout(context.Background(), 15*time.Millisecond)\n\tdefer cancel()\n\t<-ctx.Done()\n\tfmt.Println(ctx.Err())\n\tt := time.NewTimer(time.Hour)\n\tfmt.Println(t.Stop(), t.Stop())\n\tt.Reset(time.Millisecond)\n\t<-t.C\n\tfmt.Println(\"reset\", time.Since(start) >= 45*time.Millisecond)\n}\n";
    let started = Instant::now();
    let out = run_live(src, live(2));
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        (
            "ticks true\nafter\ncontext deadline exceeded\ntrue false\nreset true\n",
            0
        ),
        "{out:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(46));
    assert!(out.elapsed_ns >= 46_000_000, "{}", out.elapsed_ns);
}

#[test]
fn cancel_stops_a_live_program_at_once() {
    let src = "package main\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() {\n\t\t\tfor {\n\t\t\t}\n\t\t}()\n\t}\n\tselect {}\n}\n";
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let program = std::sync::Arc::new(poolsim::golang::compile(src).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let options = Options {
        wall_limit_ms: 60_000,
        ..live(2)
    };
    let canceller = std::thread::spawn(move || {
        let stopper: vm::Stopper = rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        stopper.cancel();
    });
    let started = Instant::now();
    let out = pool.install(|| vm::run_with(program, options, |s| tx.send(s).unwrap()));
    canceller.join().unwrap();
    assert_eq!(
        (out.exit_code, out.limit),
        (2, Some(Limit::Cancelled)),
        "{out:?}"
    );
    assert_eq!(out.stderr, "program stopped: cancelled\n");
    // Well short of its wall-clock limit of a minute.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_virtual_driver_can_be_cancelled_too() {
    let src = "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n";
    let program = std::sync::Arc::new(poolsim::golang::compile(src).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let canceller = std::thread::spawn(move || {
        let stopper: vm::Stopper = rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(50));
        stopper.cancel();
    });
    let options = Options {
        wall_limit_ms: 60_000,
        ..Options::default()
    };
    let out = vm::run_with(program, options, |s| tx.send(s).unwrap());
    canceller.join().unwrap();
    assert_eq!(out.limit, Some(Limit::Cancelled), "{out:?}");
}

#[test]
fn a_live_log_is_in_time_order() {
    // Four goroutines log from four threads at once: the records' times never go back, so a
    // view can seek the log by time.
    let src = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int, 8)\n\tdone := make(chan bool)\n\tfor w := 0; w < 4; w++ {\n\t\tgo func() {\n\t\t\tfor v := range ch {\n\t\t\t\t_ = v\n\t\t\t}\n\t\t\tdone <- true\n\t\t}()\n\t}\n\tfor i := 0; i < 20000; i++ {\n\t\tch <- i\n\t}\n\tclose(ch)\n\tfor w := 0; w < 4; w++ {\n\t\t<-done\n\t}\n\tfmt.Println(\"ok\")\n}\n";
    for _ in 0..5 {
        let out = run_live(src, live(4));
        assert_eq!(out.stdout, "ok\n", "{}", out.stderr);
        let back = out
            .events
            .windows(2)
            .filter(|w| w[1].at_ns < w[0].at_ns)
            .count();
        assert_eq!(back, 0, "{back} records earlier than the one before");
    }
}
