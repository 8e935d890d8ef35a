//! The orchestrator: exactly one result per job, over a matrix of workers, buffer sizes and
//! Ps (`GOMAXPROCS`).

use poolsim::config::{Arrival, Config};
use poolsim::pool::{self, Control, Summary};
use poolsim::trace::{Event, Kind};
use poolsim::work::{cpu_result, expected_failures, Work};
use std::sync::Arc;

mod common;

/// Every test runs on one P (every hand-off on one thread), two (this machine's cores) and
/// three (more Ps than cores: Ms preempted by the OS).
const PROCS: [u32; 3] = [1, 2, 3];

/// Runs `config` on `procs` Ps, each a thread of a rayon pool, as the browser's pool has.
fn drive(procs: u32, config: &Config, control: &Arc<Control>) -> Summary {
    let config = Config {
        gomaxprocs: procs,
        ..*config
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(procs as usize)
        .build()
        .unwrap()
        .install(|| pool::run(&config, control))
}

/// Names the P count of a failing case (a test's loop holds one while it runs).
struct Case(u32);

impl Drop for Case {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("(this failure is on {} Ps)", self.0);
        }
    }
}

fn run_on(procs: u32, config: &Config) -> (Summary, Vec<Event>) {
    let control = Arc::new(Control::new(config));
    // Drain while the run goes, as the browser's engine worker does.
    let mut events = Vec::new();
    let summary = std::thread::scope(|s| {
        let running = s.spawn(|| drive(procs, config, &control));
        while !running.is_finished() {
            while let Some(e) = control.trace.ring().pop() {
                events.push(e);
            }
            std::thread::yield_now();
        }
        running.join().unwrap()
    });
    while let Some(e) = control.trace.ring().pop() {
        events.push(e);
    }
    (summary, events)
}

fn seed(workers: u32, jobs_buffer: u32, results_buffer: u32, jobs: u32) -> Config {
    Config {
        workers,
        jobs,
        jobs_buffer,
        results_buffer,
        ..Config::default()
    }
}

#[test]
fn every_job_yields_exactly_one_result_across_workers_and_buffers() {
    for procs in PROCS {
        let _case = Case(procs);
        for workers in [1, 2, 3, 8, 16] {
            for jobs_buffer in [0, 1, 100] {
                for results_buffer in [0, 1, 100] {
                    let config = seed(workers, jobs_buffer, results_buffer, 2000);
                    let (s, _) = run_on(procs, &config);
                    let case =
                        format!("workers={workers} jobs={jobs_buffer} results={results_buffer}");
                    assert_eq!(s.jobs, 2000, "{case}");
                    assert_eq!(s.results, 2000, "{case}");
                    assert_eq!(s.errors, 0, "{case}");
                    assert_eq!(s.duplicates, 0, "{case}");
                    assert_eq!(s.sum, 2 * (1..=2000u64).sum::<u64>(), "{case}");
                    assert_eq!(s.per_worker.len(), workers as usize, "{case}");
                    assert_eq!(s.per_worker.iter().sum::<u64>(), 2000, "{case}");
                    assert!(s.max_jobs_len <= u64::from(jobs_buffer), "{case}");
                    assert!(s.max_results_len <= u64::from(results_buffer), "{case}");
                    assert!(!s.cancelled);
                }
            }
        }
    }
}

#[test]
fn cpu_jobs_sum_to_the_serial_answer() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            work: Work::Cpu { iterations: 500 },
            ..seed(4, 10, 10, 3000)
        };
        let (s, _) = run_on(procs, &config);
        let expected: u64 = (1..=3000).map(|j| cpu_result(j, 500)).sum();
        assert_eq!((s.results, s.sum), (3000, expected));
    }
}

#[test]
fn failures_come_back_as_error_values_not_lost_jobs() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            failure_rate: 0.25,
            ..seed(3, 5, 5, 4000)
        };
        let (s, _) = run_on(procs, &config);
        let failed = expected_failures(4000, 0.25);
        assert!(
            failed > 800 && failed < 1200,
            "the hash spreads failures: {failed}"
        );
        assert_eq!(s.results, 4000);
        assert_eq!(s.errors, failed);
        let ok_sum: u64 = (1..=4000u64)
            .filter(|&j| !poolsim::work::fails(j as u32, 0.25))
            .map(|j| 2 * j)
            .sum();
        assert_eq!(s.sum, ok_sum);
    }
}

#[test]
fn cpu_bound_goroutines_spread_over_every_p() {
    // A worker yields between pieces of a long job, and an idle P steals what waits.
    for procs in [2, 3] {
        let config = Config {
            work: Work::Cpu {
                iterations: 2_000_000,
            },
            ..seed(6, 100, 100, 60)
        };
        let (s, _) = run_on(procs, &config);
        assert_eq!(s.results, 60);
        assert_eq!(s.threads, procs as u64, "Ps that ran jobs, of {procs}");
    }
}

#[test]
fn small_buffers_make_the_producer_block() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            work: Work::Io { wait_ms: 1 },
            ..seed(2, 1, 1, 50)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 50);
        let blocked = events
            .iter()
            .filter(|e| e.kind == Kind::ProducerBlocked as u8)
            .count();
        assert!(
            blocked > 10,
            "backpressure reached the producer {blocked} times"
        );
    }
}

#[test]
fn the_log_tells_the_orchestrators_story_in_order() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = seed(3, 100, 100, 200);
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.events_dropped, 0);
        let count = |k: Kind| events.iter().filter(|e| e.kind == k as u8).count();
        assert_eq!(count(Kind::RunStarted), 1);
        assert_eq!(count(Kind::JobSent), 200);
        assert_eq!(count(Kind::JobReceived), 200);
        assert_eq!(count(Kind::JobDone), 200);
        assert_eq!(count(Kind::ResultSent), 200);
        assert_eq!(count(Kind::ResultCollected), 200);
        assert_eq!(count(Kind::WorkerExited), 3);
        assert_eq!(count(Kind::ChannelClosed), 2);
        assert_eq!(events.first().unwrap().kind, Kind::RunStarted as u8);
        assert_eq!(events.last().unwrap().kind, Kind::RunFinished as u8);
        // Each job is received, done and sent by the same worker, in that order.
        for job in [1, 100, 200] {
            let mine: Vec<_> = events
                .iter()
                .filter(|e| e.job == job && (4..=9).contains(&e.kind))
                .collect();
            let kinds: Vec<u8> = mine.iter().map(|e| e.kind).collect();
            assert_eq!(kinds.first(), Some(&(Kind::JobReceived as u8)), "job {job}");
            assert_eq!(kinds.last(), Some(&(Kind::ResultSent as u8)), "job {job}");
            assert!(mine.iter().all(|e| e.actor == mine[0].actor));
        }
        // `close(results)` comes after every `wg.Done()`: the closer waited.
        let closed_results = events
            .iter()
            .position(|e| e.kind == Kind::ChannelClosed as u8 && e.value == 1)
            .unwrap();
        let last_exit = events
            .iter()
            .rposition(|e| e.kind == Kind::WorkerExited as u8)
            .unwrap();
        assert!(closed_results > last_exit);
        assert_eq!(
            events[last_exit].value, 0,
            "the last wg.Done leaves the counter at 0"
        );
    }
}

#[test]
fn a_reader_that_falls_behind_delays_events_but_loses_none() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = seed(4, 1, 1, 20_000);
        let control = Arc::new(Control::new(&config));
        let s = drive(procs, &config, &control);
        let mut events = Vec::new();
        while let Some(e) = control.trace.ring().pop() {
            events.push(e);
        }
        assert_eq!(s.events_dropped, 0);
        let sent = events
            .iter()
            .filter(|e| e.kind == Kind::JobSent as u8)
            .count();
        let collected = events
            .iter()
            .filter(|e| e.kind == Kind::ResultCollected as u8)
            .count();
        assert_eq!((sent, collected), (20_000, 20_000));
        assert_eq!(events.last().unwrap().kind, Kind::RunFinished as u8);
    }
}

#[test]
fn a_trace_limit_caps_job_events_but_keeps_the_lifecycle() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            trace_limit: 50,
            ..seed(2, 10, 10, 1000)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 1000);
        let jobs_events = events.iter().filter(|e| e.job != 0 || e.kind == 4).count();
        assert!(jobs_events <= 50);
        assert!(s.trace_truncated);
        assert_eq!(events.last().unwrap().kind, Kind::RunFinished as u8);
    }
}

#[test]
fn cancel_stops_a_long_run_cleanly_and_accounts_for_every_sent_job() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            work: Work::Io { wait_ms: 50 },
            ..seed(4, 10, 10, 100_000)
        };
        let control = Arc::new(Control::new(&config));
        let started = std::time::Instant::now();
        let s = std::thread::scope(|s| {
            let running = s.spawn(|| drive(procs, &config, &control));
            std::thread::sleep(std::time::Duration::from_millis(120));
            control.cancel();
            running.join().unwrap()
        });
        assert!(s.cancelled);
        assert!(s.jobs < 100_000);
        assert_eq!(s.results, s.jobs, "every sent job got a result or an error");
        assert!(
            s.errors > 0,
            "jobs caught by the cancel come back as errors"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

#[test]
fn zero_jobs_is_a_run_that_ends_at_once() {
    for procs in PROCS {
        let _case = Case(procs);
        let (s, _) = run_on(procs, &seed(3, 0, 0, 0));
        assert_eq!((s.jobs, s.results, s.sum), (0, 0, 0));
    }
}

#[test]
fn spawn_runs_in_the_background_and_reports_when_finished() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = seed(2, 4, 4, 500);
        let config = Config {
            gomaxprocs: procs,
            ..config
        };
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(procs as usize)
            .build()
            .unwrap();
        let handle = threads.install(|| pool::spawn(config, |_| {}));
        while !handle.is_finished() {
            std::thread::yield_now();
        }
        let s = handle.summary().unwrap();
        assert_eq!((s.results, s.sum), (500, 2 * (1..=500u64).sum::<u64>()));
    }
}

#[test]
fn a_panic_in_a_background_run_ends_it_with_a_report_and_the_pool_runs_again() {
    // Review core.md #5: `pool::spawn` ran the pool on a rayon thread with nothing to catch the
    // goroutine's panic that `pool::run` raises again, and rayon's handler aborted the process.
    use poolsim::pool::Fault;
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            gomaxprocs: procs,
            ..seed(3, 1, 1, 1_000)
        };
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(procs as usize)
            .build()
            .unwrap();
        let finish = |handle: Arc<pool::RunHandle>| {
            let start = std::time::Instant::now();
            while !handle.is_finished() {
                assert!(start.elapsed().as_secs() < 20, "the run hung");
                std::thread::yield_now();
            }
            handle.summary().expect("a finished run has a summary")
        };
        let crashed =
            finish(threads.install(|| {
                pool::spawn(config, |control| control.fault = Some(Fault::Worker(500)))
            }));
        let crash = crashed.deadlock.expect("the panic is reported");
        assert!(
            crash.message.starts_with("panic: planted fault"),
            "{}",
            crash.message
        );
        let again = finish(threads.install(|| pool::spawn(config, |_| {})));
        assert_eq!((again.results, again.deadlock), (1_000, None));
    }
}

#[test]
fn a_constant_arrival_rate_paces_the_producer() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            arrival: Arrival::Constant {
                rate_per_sec: 400.0,
            },
            ..seed(2, 10, 10, 20)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 20);
        for e in events.iter().filter(|e| e.kind == Kind::JobSent as u8) {
            let due_us = f64::from(e.job - 1) / 400.0 * 1e6;
            assert!(e.time_us as f64 >= due_us, "job {} sent early", e.job);
        }
    }
}

#[test]
fn a_job_due_while_the_producer_was_blocked_is_logged_late_by_that_much() {
    // One worker of 2 ms, jobs due every 0.1 ms, no buffer: the producer falls behind at once,
    // and job j waits upstream from its due time until its send. The log says how late each
    // was, so latency can start at arrival.
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            arrival: Arrival::Constant {
                rate_per_sec: 10_000.0,
            },
            work: Work::Io { wait_ms: 2 },
            ..seed(1, 0, 10, 20)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 20);
        let late = |job: u32| {
            events
                .iter()
                .find(|e| e.kind == Kind::JobLate as u8 && e.job == job)
                .map(|e| (e.time_us, e.value))
        };
        // Job 20 was due at 1.9 ms; ~18 jobs of 2 ms went before it.
        let (at, late_us) = late(20).expect("job 20 sent late");
        assert!(late_us >= 30_000, "job 20 late by {late_us} µs");
        assert!(at >= u64::from(late_us), "due before the run began");
        // Due 1.9 ms after job 1 (which was due when the producer started, and sent at once).
        let first = events
            .iter()
            .find(|e| e.kind == Kind::JobSent as u8 && e.job == 1)
            .expect("job 1 sent")
            .time_us;
        let due_us = at - u64::from(late_us) - first;
        assert!(
            due_us.abs_diff(1_900) < 1_000,
            "job 20 due {due_us} µs after job 1"
        );
    }
}

#[test]
fn bursts_send_their_jobs_together_then_wait() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = Config {
            arrival: Arrival::Burst {
                size: 5,
                every_ms: 30,
            },
            ..seed(2, 10, 10, 15)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 15);
        for e in events.iter().filter(|e| e.kind == Kind::JobSent as u8) {
            let burst = (e.job - 1) / 5;
            assert!(
                e.time_us >= u64::from(burst) * 30_000,
                "job {} left before its burst",
                e.job
            );
        }
    }
}

#[test]
fn pausing_the_collector_sends_backpressure_back_to_the_producer() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = seed(2, 3, 3, 200);
        let control = Arc::new(Control::new(&config));
        control.collector.set_paused(true);
        let mut events: Vec<Event> = Vec::new();
        let seen = |events: &[Event], kind: Kind| events.iter().position(|e| e.kind == kind as u8);
        let s = std::thread::scope(|s| {
            let running = s.spawn(|| drive(procs, &config, &control));
            // Wait until the stall has travelled all the way back: a worker is blocked on the full
            // `results` and the producer is blocked on the full `jobs` — for good, since nothing
            // is collected. (Threads log their own events, so the producer's last block may be
            // logged before a worker's: the order of the two records proves nothing.)
            let last =
                |events: &[Event], kind: Kind| events.iter().rposition(|e| e.kind == kind as u8);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            loop {
                while let Some(e) = control.trace.ring().pop() {
                    events.push(e);
                }
                let worker_blocked = seen(&events, Kind::WorkerBlocked).is_some();
                let producer_blocked = match (
                    last(&events, Kind::ProducerBlocked),
                    last(&events, Kind::ProducerUnblocked),
                ) {
                    (Some(blocked), Some(unblocked)) => blocked > unblocked,
                    (Some(_), None) => true,
                    _ => false,
                };
                if worker_blocked && producer_blocked {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "no stall after 60 s; last events: {:?}",
                    &events[events.len().saturating_sub(12)..]
                );
                std::thread::yield_now();
            }
            control.collector.set_paused(false);
            running.join().unwrap()
        });
        assert!(seen(&events, Kind::CollectorPaused).is_some());
        assert_eq!(
            seen(&events, Kind::ResultCollected),
            None,
            "nothing was collected while paused"
        );
        assert_eq!((s.results, s.duplicates), (200, 0));
        assert_eq!(
            s.max_results_len, 3,
            "results filled to its capacity while paused"
        );
    }
}

#[test]
fn cancel_resumes_a_paused_collector_so_the_run_ends() {
    for procs in PROCS {
        let _case = Case(procs);
        let config = seed(2, 2, 2, 1000);
        let control = Arc::new(Control::new(&config));
        control.collector.set_paused(true);
        let s = std::thread::scope(|s| {
            let running = s.spawn(|| drive(procs, &config, &control));
            std::thread::sleep(std::time::Duration::from_millis(50));
            control.cancel();
            running.join().unwrap()
        });
        assert!(s.cancelled);
        assert_eq!(s.results, s.jobs);
    }
}

#[test]
fn a_pause_after_a_cancel_does_not_stop_the_collector() {
    // Review core.md #7: the cancel opened the gate once; a pause that came later parked the
    // collector for good, and the cancelled run waited for a resume nobody would send.
    for procs in PROCS {
        let _case = Case(procs);
        // Ten million jobs: a second or more, so the cancel 20 ms in always finds it running.
        let config = seed(2, 2, 2, 10_000_000);
        let control = Arc::new(Control::new(&config));
        let (done, finished) = std::sync::mpsc::channel();
        let running = {
            let control = Arc::clone(&control);
            std::thread::spawn(move || done.send(drive(procs, &config, &control)).unwrap())
        };
        std::thread::sleep(std::time::Duration::from_millis(20));
        control.cancel();
        control.collector.set_paused(true);
        let s = finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the cancelled run ended although its collector was paused after the cancel");
        running.join().unwrap();
        assert!(s.cancelled);
        assert_eq!(s.results, s.jobs, "every job sent comes back");
    }
}

#[test]
fn the_log_is_causal_under_stress_sends_before_receives_and_exits_before_close() {
    for procs in PROCS {
        let _case = Case(procs);
        // Small buffers and many short runs give the threads every chance to race; each log must
        // still say a job was sent before it was received and every worker exited before the
        // closer closed `results`.
        for round in 0..300 {
            let workers = [1, 2, 3, 8][round % 4];
            let buffer = [0, 1, 2][round % 3];
            let config = seed(workers, buffer, buffer, 200);
            let (s, events) = run_on(procs, &config);
            assert_eq!(s.results, 200);
            if let Some(violation) = common::causal_violation(&events) {
                panic!("round {round} (workers {workers}, buffers {buffer}): {violation}");
            }
        }
    }
}

#[test]
fn a_panic_in_any_role_ends_the_run_instead_of_hanging_it() {
    use poolsim::pool::Fault;
    for procs in PROCS {
        for fault in [Fault::Producer(50), Fault::Worker(50), Fault::Collector(50)] {
            for buffer in [0, 1, 100] {
                let config = seed(3, buffer, buffer, 10_000);
                let (tx, rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let mut control = Control::new(&config);
                    control.fault = Some(fault);
                    let control = Arc::new(control);
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        drive(procs, &config, &control)
                    }));
                    let _ = tx.send(outcome.is_err());
                });
                let panicked = rx
                    .recv_timeout(std::time::Duration::from_secs(20))
                    .unwrap_or_else(|_| {
                        panic!("{procs} Ps, {fault:?}, buffers {buffer}: the run hung")
                    });
                assert!(
                    panicked,
                    "{procs} Ps, {fault:?}: the panic reached the caller"
                );
            }
        }
    }
}

#[test]
fn goroutines_by_the_thousand_each_job_exactly_once() {
    // Only goroutines on Ps can run this many workers (a thread each would be 10,003 threads).
    for workers in [100, 1_000, 10_000] {
        for buffer in [0, 1, 100] {
            let config = seed(workers, buffer, buffer, 20_000);
            let (s, events) = run_on(2, &config);
            let case = format!("workers={workers} buffers={buffer}");
            assert_eq!(
                (s.jobs, s.results, s.duplicates),
                (20_000, 20_000, 0),
                "{case}"
            );
            assert_eq!(s.sum, 2 * (1..=20_000u64).sum::<u64>(), "{case}");
            assert_eq!(s.per_worker.len(), workers as usize, "{case}");
            assert_eq!(s.per_worker.iter().sum::<u64>(), 20_000, "{case}");
            let exits = events
                .iter()
                .filter(|e| e.kind == Kind::WorkerExited as u8)
                .count();
            assert_eq!(exits, workers as usize, "{case}: every wg.Done() logged");
            if let Some(violation) = common::causal_violation(&events) {
                panic!("{case}: {violation}");
            }
        }
    }
}

#[test]
fn cancel_and_pause_at_any_moment_never_hang_or_lose_a_job() {
    // A cancel (and a pause of the collector before it) at 40 moments from the first
    // microsecond to well into the run, on both kinds of work.
    for step in 0..40u64 {
        let work = if step % 2 == 0 {
            Work::Double
        } else {
            Work::Io { wait_ms: 1 }
        };
        let config = Config {
            work,
            ..seed(50, (step % 3) as u32 * 10, 1, 200_000)
        };
        let control = Arc::new(Control::new(&config));
        let s = std::thread::scope(|s| {
            let running = s.spawn(|| drive(2, &config, &control));
            std::thread::sleep(std::time::Duration::from_micros(step * step * 20));
            if step % 4 == 1 {
                control.collector.set_paused(true);
                std::thread::sleep(std::time::Duration::from_micros(500));
            }
            control.cancel();
            running.join().unwrap()
        });
        let case = format!("cancel at step {step}");
        assert!(
            s.cancelled || s.jobs == 200_000,
            "{case}: ended early uncancelled"
        );
        assert_eq!(s.results, s.jobs, "{case}: every sent job came back");
        assert_eq!(s.duplicates, 0, "{case}");
    }
}

#[test]
fn every_goroutines_event_names_the_p_that_ran_it() {
    for procs in [1, 3] {
        let config = Config {
            work: Work::Cpu { iterations: 20_000 },
            ..seed(8, 10, 10, 3000)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 3000);
        let mut seen = std::collections::BTreeSet::new();
        for e in &events {
            let outside = e.kind == Kind::RunStarted as u8 || e.kind == Kind::RunFinished as u8;
            if outside {
                assert_eq!(
                    e.p, 0,
                    "{e:?}: the run starts and ends outside the goroutines"
                );
            } else {
                assert!((1..=procs as u8).contains(&e.p), "{e:?} on {procs} Ps");
                seen.insert(e.p);
            }
        }
        assert_eq!(seen.len(), procs as usize, "events from every P: {seen:?}");
    }
}

#[test]
fn the_unbounded_program_runs_a_goroutine_per_job_and_collects_them_all() {
    for procs in [1, 2] {
        let config = Config {
            mode: poolsim::sim::Mode::Unbounded,
            work: Work::Io { wait_ms: 2 },
            ..seed(3, 0, 100, 20_000)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!((s.jobs, s.results, s.duplicates), (20_000, 20_000, 0));
        assert_eq!(s.sum, (1..=20_000u64).sum::<u64>());
        assert!(s.per_worker.is_empty(), "no pool");
        assert!(
            (1..=u64::from(procs)).contains(&s.threads),
            "Ps that ran jobs: {}",
            s.threads
        );
        assert!(s.deadlock.is_none());
        assert!(
            s.peak_goroutines > 100,
            "goroutines piled up: {}",
            s.peak_goroutines
        );
        assert!(s.peak_memory_bytes >= s.peak_goroutines * 1024);
        let count = |k: Kind| events.iter().filter(|e| e.kind == k as u8).count();
        assert_eq!(count(Kind::JobReceived), 20_000);
        assert!(count(Kind::Memory) > 2, "memory traced as it moved");
        assert_eq!(count(Kind::WorkerExited), 0);
        if let Some(violation) = common::causal_violation(&events) {
            panic!("{procs} Ps: {violation}");
        }
    }
}

#[test]
fn the_unbounded_program_under_overload_dies_of_out_of_memory_at_its_limit() {
    // Jobs arrive at 200,000 a second and each waits 100 ms: 20,000 goroutines would be alive
    // at once, each holding 4 KiB — far past an 8 MiB limit.
    let config = Config {
        mode: poolsim::sim::Mode::Unbounded,
        work: Work::Io { wait_ms: 100 },
        arrival: Arrival::Constant {
            rate_per_sec: 200_000.0,
        },
        job_bytes: 4096,
        memory_limit_bytes: 8 << 20,
        ..seed(3, 0, 100, 100_000)
    };
    let started = std::time::Instant::now();
    let (s, events) = run_on(2, &config);
    let crash = s.deadlock.as_ref().expect("Go's out-of-memory death");
    assert_eq!(crash.message, "fatal error: runtime: out of memory");
    assert!(
        crash.explanation.contains("goroutines were alive"),
        "{}",
        crash.explanation
    );
    assert!(
        s.jobs < 100_000 && s.jobs > 1000,
        "stopped part-way: {} sent",
        s.jobs
    );
    assert_eq!(s.results, s.jobs, "every goroutine started still delivered");
    assert!(
        s.peak_memory_bytes <= 8 << 20,
        "never past the limit: {}",
        s.peak_memory_bytes
    );
    assert!(
        s.peak_memory_bytes > 7 << 20,
        "up to it: {}",
        s.peak_memory_bytes
    );
    assert!(!s.cancelled, "a death, not a cancel");
    let end = events.last().unwrap();
    assert_eq!((end.kind, end.value), (Kind::RunFinished as u8, 4));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn a_pool_counts_its_goroutines_and_the_bytes_their_tasks_hold() {
    let (s, _) = run_on(2, &seed(10_000, 100, 100, 20_000));
    assert_eq!(s.peak_goroutines, 10_000, "every worker alive at once");
    // A worker's future holds its loop's state: a few hundred bytes, not a 2 KiB stack.
    let per = s.peak_memory_bytes / 10_000;
    assert!((64..4096).contains(&per), "{per} bytes a worker");
    assert!(s.deadlock.is_none());
}

#[test]
fn the_unbounded_program_runs_its_goroutines_while_it_is_still_starting_them() {
    // `for j := range n { go handle(j) }` as fast as it can: Go runs the first goroutines long
    // before the loop ends (another P steals them, or the loop is preempted). A spawner that
    // never yields kept every goroutine waiting until all 20,000 were started.
    for procs in [1, 2] {
        let config = Config {
            mode: poolsim::sim::Mode::Unbounded,
            work: Work::Io { wait_ms: 2 },
            ..seed(3, 0, 100, 20_000)
        };
        let (s, events) = run_on(procs, &config);
        assert_eq!(s.results, 20_000);
        let first_run = events
            .iter()
            .position(|e| e.kind == Kind::JobReceived as u8)
            .expect("a goroutine ran");
        let last_started = events
            .iter()
            .rposition(|e| e.kind == Kind::JobSent as u8)
            .expect("goroutines started");
        assert!(
            first_run < last_started,
            "{procs} Ps: the first goroutine ran only after all were started"
        );
    }
}
