//! The simulated driver: deterministic, exactly-once, and in agreement with queueing theory
//! (Erlang C for M/M/c, M/M/c/K for the drop policy, Little's law for everything).

mod common;

use common::{golden_config, GOLDEN_FINGERPRINT};
use poolsim::sim::{self, Arrival, Dist, JobClass, Mistake, Mode, Policy, SimConfig};

fn log_of(config: &SimConfig) -> Vec<u32> {
    let (_, trace) = sim::run(config);
    let mut words = Vec::new();
    trace.ring().drain_into(&mut words, usize::MAX);
    words
}

#[test]
fn the_same_config_and_seed_give_the_same_log_byte_for_byte() {
    let config = SimConfig {
        workers: 8,
        jobs: 5000,
        jobs_buffer: 10,
        results_buffer: 3,
        arrival: Arrival::Poisson {
            rate_per_sec: 5000.0,
        },
        service: Dist::Lognormal {
            mean_ms: 1.5,
            sigma: 0.8,
        },
        job_class: JobClass::Cpu,
        cores: 3,
        seed: 42,
        ..SimConfig::default()
    };
    let a = log_of(&config);
    assert!(a.len() > 5000 * 4 * 5);
    assert_eq!(a, log_of(&config));
    assert_ne!(a, log_of(&SimConfig { seed: 43, ..config }));
}

#[test]
fn the_seeds_scenario_yields_exactly_one_result_per_job() {
    for (workers, buffer) in [(1, 0), (3, 100), (16, 1), (1000, 0), (10_000, 100)] {
        let config = SimConfig {
            workers,
            jobs: 20_000,
            jobs_buffer: buffer,
            results_buffer: buffer,
            ..SimConfig::default()
        };
        let (s, _) = sim::run(&config);
        let case = format!("workers={workers} buffer={buffer}");
        assert_eq!(
            (s.jobs, s.results, s.dropped),
            (20_000, 20_000, 0),
            "{case}"
        );
        assert_eq!(s.sum, 2 * (1..=20_000u64).sum::<u64>(), "{case}");
        assert_eq!(s.per_worker.iter().sum::<u64>(), 20_000, "{case}");
        assert!(s.max_jobs_len <= u64::from(buffer), "{case}");
    }
}

#[test]
fn io_bound_pools_scale_with_workers_and_cpu_bound_ones_stop_at_the_cores() {
    let run = |workers, job_class| {
        let config = SimConfig {
            workers,
            jobs: 4000,
            service: Dist::Constant { mean_ms: 10.0 },
            job_class,
            cores: 4,
            ..SimConfig::default()
        };
        sim::run(&config).0.throughput_per_sec
    };
    // Constant 10 ms jobs: each worker (or core) finishes 100 a second.
    assert!((run(8, JobClass::Io) - 800.0).abs() < 10.0);
    assert!((run(64, JobClass::Io) - 6400.0).abs() < 100.0);
    assert!((run(8, JobClass::Cpu) - 400.0).abs() < 10.0);
    assert!((run(64, JobClass::Cpu) - 400.0).abs() < 10.0);
}

#[test]
fn littles_law_holds_on_every_run() {
    let services = [
        Dist::Constant { mean_ms: 2.0 },
        Dist::Exponential { mean_ms: 2.0 },
        Dist::Uniform {
            mean_ms: 2.0,
            spread_ms: 1.5,
        },
        Dist::Lognormal {
            mean_ms: 2.0,
            sigma: 1.0,
        },
    ];
    let policies = [
        Policy::Block,
        Policy::Drop,
        Policy::Timeout { timeout_ms: 1.0 },
    ];
    for service in services {
        for policy in policies {
            let config = SimConfig {
                workers: 4,
                jobs: 5000,
                jobs_buffer: 5,
                results_buffer: 2,
                arrival: Arrival::Poisson {
                    rate_per_sec: 1800.0,
                },
                service,
                policy,
                collector_delay_ms: 0.1,
                ..SimConfig::default()
            };
            let (s, _) = sim::run(&config);
            // Over a whole run (empty at both ends) L·T is the sum of every job's time in the
            // system, from the moment it was due: W for each collected job; 0 for a job dropped
            // at once; for one dropped after waiting, the whole timeout plus any time it was
            // due before the producer could try it (the log's `JobLate`, in whole µs).
            let dropped_wait_ms = match policy {
                Policy::Timeout { timeout_ms } => timeout_ms,
                _ => 0.0,
            };
            let (late_unsent_ms, unsent) = late_and_never_sent(&log_of(&config));
            assert!(unsent <= s.dropped);
            let l = s.mean_in_system;
            let total_ms = s.results as f64 * s.latency.mean_ms
                + s.dropped as f64 * dropped_wait_ms
                + late_unsent_ms;
            let lambda_w = total_ms / s.elapsed_ms;
            let rounding = unsent as f64 * 1e-3 / s.elapsed_ms;
            assert!(
                (l - lambda_w).abs() <= 1e-9 * l.max(1.0) + rounding,
                "{service:?} {policy:?}: L={l} λW={lambda_w}"
            );
            assert_eq!(s.results + s.dropped, 5000, "{service:?} {policy:?}");
        }
    }
}

/// The time jobs that were never sent spent due before the producer tried them (ms), and how
/// many such late jobs there were.
fn late_and_never_sent(words: &[u32]) -> (f64, u64) {
    use poolsim::trace::Kind;
    let mut late = std::collections::HashMap::new();
    for r in words.chunks(5) {
        match r[2] & 0xff {
            k if k == Kind::JobLate as u32 => {
                late.insert(r[3], r[4]);
            }
            k if k == Kind::JobSent as u32 => {
                late.remove(&r[3]);
            }
            _ => {}
        }
    }
    let ms = late.values().map(|&us| f64::from(us) / 1e3).sum();
    (ms, late.len() as u64)
}

/// Erlang C: the chance an arrival waits in M/M/c, with offered load `a = λ/μ`.
fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / f64::from(c);
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / f64::from(k);
        sum += term;
    }
    let top = term * a / f64::from(c) / (1.0 - rho);
    top / (sum + top)
}

/// Mean and 99% half-width (Student's t) over independent replications.
fn replicate(reps: u64, mut one: impl FnMut(u64) -> f64) -> (f64, f64) {
    let xs: Vec<f64> = (1..=reps).map(&mut one).collect();
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    // t(0.995) for 11 degrees of freedom.
    assert_eq!(reps, 12);
    (mean, 3.106 * (var / n).sqrt())
}

fn mmc(
    workers: u32,
    lambda: f64,
    mean_ms: f64,
    seed: u64,
    buffer: u32,
    policy: Policy,
) -> sim::SimSummary {
    let config = SimConfig {
        workers,
        jobs: 60_000,
        jobs_buffer: buffer,
        results_buffer: 1_000_000,
        arrival: Arrival::Poisson {
            rate_per_sec: lambda,
        },
        service: Dist::Exponential { mean_ms },
        job_class: JobClass::Io,
        policy,
        seed,
        trace_limit: 0,
        warmup_jobs: 5_000,
        ..SimConfig::default()
    };
    sim::run(&config).0
}

#[test]
fn m_m_c_waiting_matches_erlang_c() {
    // c workers, service mean 1 ms (μ = 1000/s), loads ρ = 0.5, 0.8, 0.9.
    for (c, rho) in [(1u32, 0.5), (4, 0.8), (4, 0.9), (16, 0.9)] {
        let mu = 1000.0;
        let lambda = rho * mu * f64::from(c);
        let wq_ms = erlang_c(c, lambda / mu) / (f64::from(c) * mu - lambda) * 1e3;
        let (mean, half) = replicate(12, |seed| {
            mmc(c, lambda, 1.0, seed, 1_000_000, Policy::Block)
                .queue_wait
                .mean_ms
        });
        println!("c={c} ρ={rho}: Wq {mean:.4} ± {half:.4} ms, Erlang C {wq_ms:.4} ms");
        assert!(
            (mean - wq_ms).abs() <= half,
            "c={c} ρ={rho}: simulated Wq {mean:.4} ± {half:.4} ms, Erlang C {wq_ms:.4} ms"
        );
    }
}

#[test]
fn m_m_c_k_with_drops_matches_blocking_probability_and_waiting() {
    for (c, buffer, rho) in [(2u32, 3u32, 0.9), (4, 4, 1.2), (1, 5, 0.7)] {
        let mu = 1000.0;
        let lambda = rho * mu * f64::from(c);
        let k = c + buffer;
        let a = lambda / mu;
        // p_n ∝ a^n/n! for n ≤ c, a^n/(c!·c^(n−c)) above.
        let mut weights = Vec::new();
        let mut w = 1.0;
        for n in 0..=k {
            if n > 0 {
                w *= a / f64::from(n.min(c));
            }
            weights.push(w);
        }
        let total: f64 = weights.iter().sum();
        let p: Vec<f64> = weights.iter().map(|w| w / total).collect();
        let p_block = p[k as usize];
        let lq: f64 = (c..=k).map(|n| f64::from(n - c) * p[n as usize]).sum();
        let wq_ms = lq / (lambda * (1.0 - p_block)) * 1e3;

        let (blocked, half) = replicate(12, |seed| {
            let s = mmc(c, lambda, 1.0, seed, buffer, Policy::Drop);
            s.dropped as f64 / (s.dropped + s.jobs) as f64
        });
        assert!(
            (blocked - p_block).abs() <= half,
            "c={c} K={k}: simulated p_K {blocked:.4} ± {half:.4}, theory {p_block:.4}"
        );
        println!("c={c} K={k}: p_K {blocked:.4} ± {half:.4}, theory {p_block:.4}");
        let (wait, half) = replicate(12, |seed| {
            mmc(c, lambda, 1.0, seed, buffer, Policy::Drop)
                .queue_wait
                .mean_ms
        });
        assert!(
            (wait - wq_ms).abs() <= half,
            "c={c} K={k}: simulated Wq {wait:.4} ± {half:.4} ms, theory {wq_ms:.4} ms"
        );
    }
}

#[test]
fn the_golden_runs_log_has_the_same_fingerprint_on_every_platform() {
    let words = log_of(&golden_config());
    assert_eq!(poolsim::trace::fingerprint(&words), GOLDEN_FINGERPRINT);
}

fn crash_of(config: SimConfig) -> sim::Crash {
    let (s, _) = sim::run(&config);
    s.deadlock.expect("the run crashed")
}

#[test]
fn a_healthy_run_reports_no_deadlock() {
    let (s, _) = sim::run(&SimConfig::default());
    assert_eq!(s.deadlock, None);
}

#[test]
fn never_closing_jobs_is_reported_as_gos_deadlock_with_every_goroutine() {
    let crash = crash_of(SimConfig {
        workers: 3,
        jobs: 50,
        mistake: Some(Mistake::NeverCloseJobs),
        ..SimConfig::default()
    });
    assert_eq!(
        crash.message,
        "fatal error: all goroutines are asleep - deadlock!"
    );
    let states: Vec<(u32, &str)> = crash
        .goroutines
        .iter()
        .map(|g| (g.id, g.state.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            (1, "chan receive"), // main, ranging over results
            (6, "chan receive"), // the three workers, ranging over jobs
            (7, "chan receive"),
            (8, "chan receive"),
            (10, "sync.WaitGroup.Wait"), // the closer, in wg.Wait()
        ]
    );
    assert!(crash.goroutines[1].at.contains("for j := range jobs"));
    assert!(crash.explanation.contains("jobs was never closed"));
}

#[test]
fn closing_results_before_the_workers_finish_loses_their_results() {
    // As in Go: main's range ends on the early close, main returns, the program exits.
    let (s, _) = sim::run(&SimConfig {
        jobs: 50,
        mistake: Some(Mistake::CloseResultsEarly),
        ..SimConfig::default()
    });
    assert_eq!(s.deadlock, None);
    assert_eq!(s.results, 0, "no result was delivered");
    assert!(s.jobs > 0, "jobs went out all the same");
}

#[test]
fn submitting_everything_before_collecting_deadlocks_on_small_buffers_only() {
    let config = |buffer| SimConfig {
        workers: 2,
        jobs: 100,
        jobs_buffer: buffer,
        results_buffer: buffer,
        mistake: Some(Mistake::CollectAfterSubmit),
        ..SimConfig::default()
    };
    let crash = crash_of(config(5));
    assert_eq!(
        crash.message,
        "fatal error: all goroutines are asleep - deadlock!"
    );
    assert_eq!(
        crash.goroutines[0].state, "chan send",
        "main is stuck sending jobs"
    );
    assert!(crash
        .goroutines
        .iter()
        .any(|g| g.at.contains("results <- r")));
    // Buffers big enough to hold every job and result: the same program finishes.
    let (s, _) = sim::run(&config(100));
    assert_eq!((s.deadlock, s.results), (None, 100));
}

/// CPU-bound requests arriving faster than 8 cores can serve them: 2000/s against 8 × 100/s.
fn overload(mode: Mode, memory_limit_bytes: u64) -> sim::SimSummary {
    sim::run(&overload_config(mode, memory_limit_bytes)).0
}

fn overload_config(mode: Mode, memory_limit_bytes: u64) -> SimConfig {
    SimConfig {
        workers: 8,
        jobs: 20_000,
        arrival: Arrival::Poisson {
            rate_per_sec: 2000.0,
        },
        service: Dist::Constant { mean_ms: 10.0 },
        job_class: JobClass::Cpu,
        cores: 8,
        mode,
        job_bytes: 4096,
        memory_limit_bytes,
        ..SimConfig::default()
    }
}

#[test]
fn an_unbounded_pool_grows_until_it_runs_out_of_memory_while_a_bounded_one_stays_flat() {
    let limit = 16 << 20;
    let unbounded = overload(Mode::Unbounded, limit);
    let crash = unbounded.deadlock.expect("the unbounded program died");
    assert_eq!(crash.message, "fatal error: runtime: out of memory");
    assert!(unbounded.peak_memory_bytes > limit);
    assert!(unbounded.results < 20_000, "it died before finishing");

    // The allocation that killed it ends the program there: no job is logged as sent after
    // it (every job sent started its goroutine), and the run's last event is its end.
    let log = log_of(&overload_config(Mode::Unbounded, limit));
    let events: Vec<(u32, u32)> = log.chunks(5).map(|w| (w[2] & 0xff, w[3])).collect();
    let (sent, started) = (1, 5);
    let last_sent = events
        .iter()
        .rev()
        .find(|e| e.0 == sent)
        .expect("jobs were sent")
        .1;
    assert!(
        events.contains(&(started, last_sent)),
        "job {last_sent} was logged as sent after the program died"
    );
    assert_eq!(events.last().map(|e| e.0), Some(14), "RunFinished last");

    let bounded = overload(Mode::Pool, limit);
    assert_eq!(bounded.deadlock, None);
    assert_eq!(bounded.results, 20_000);
    // 11 goroutine stacks and at most buffer + workers + a job at the producer, in flight.
    let ceiling = 11 * 2048 + (100 + 100 + 8 + 1) * 4096;
    assert!(
        bounded.peak_memory_bytes <= ceiling,
        "{}",
        bounded.peak_memory_bytes
    );
    assert!(
        bounded.producer_blocked_fraction > 0.5,
        "backpressure held the load back"
    );
}

#[test]
fn an_unbounded_pool_without_a_limit_starts_a_goroutine_per_job_and_loses_none() {
    let s = overload(Mode::Unbounded, 0);
    assert_eq!((s.results, s.deadlock), (20_000, None));
    assert!(
        s.peak_goroutines > 1000,
        "{} goroutines at once",
        s.peak_goroutines
    );
    assert_eq!(s.sum, 2 * (1..=20_000u64).sum::<u64>());
    // No workers, as the live driver says: no per-worker counts, and a pool of 0 in the log.
    assert_eq!(s.per_worker, Vec::<u64>::new());
    let config = SimConfig {
        mode: Mode::Unbounded,
        workers: 8,
        jobs: 10,
        ..SimConfig::default()
    };
    let log = log_of(&config);
    assert_eq!((log[2] & 0xff, log[4]), (0, 0), "RunStarted's pool size");
}

#[test]
fn a_sizing_sweep_flattens_at_the_cores_for_cpu_work_and_keeps_rising_for_io() {
    let counts = [1, 2, 4, 8, 16, 64, 256];
    let base = SimConfig {
        jobs: 20_000,
        service: Dist::Exponential { mean_ms: 5.0 },
        cores: 4,
        ..SimConfig::default()
    };
    let cpu = sim::sweep(
        &SimConfig {
            job_class: JobClass::Cpu,
            ..base
        },
        &counts,
    );
    let io = sim::sweep(
        &SimConfig {
            job_class: JobClass::Io,
            ..base
        },
        &counts,
    );
    let rate = |points: &[sim::SweepPoint], w: u32| {
        points
            .iter()
            .find(|p| p.workers == w)
            .unwrap()
            .throughput_per_sec
    };
    // 4 cores, 5 ms jobs: at most 800 jobs/s however many workers.
    assert!(rate(&cpu, 4) > 700.0);
    assert!(rate(&cpu, 256) < 1.05 * rate(&cpu, 4));
    // No core needed: every worker adds 200 jobs/s.
    assert!(rate(&io, 64) > 10.0 * rate(&io, 4));
    assert!(rate(&io, 256) > 3.0 * rate(&io, 64));
}

/// The log's events, decoded.
fn events_of(config: &SimConfig) -> (sim::SimSummary, Vec<poolsim::trace::Event>) {
    let (s, trace) = sim::run(config);
    (s, std::iter::from_fn(|| trace.ring().pop()).collect())
}

fn closes(events: &[poolsim::trace::Event], channel: u32) -> usize {
    events
        .iter()
        .filter(|e| e.kind == poolsim::trace::Kind::ChannelClosed as u8 && e.value == channel)
        .count()
}

#[test]
fn the_timeout_policy_closes_jobs_exactly_once() {
    // The golden run's last send completes before its timeout would fire: that stale timer
    // once re-ran the producer's ending and closed `jobs` a second time.
    let (s, events) = events_of(&golden_config());
    assert_eq!(s.deadlock, None);
    assert_eq!(closes(&events, 0), 1, "close(jobs)");
    assert_eq!(closes(&events, 1), 1, "close(results)");
    // With main collecting only after its last send, the stale timer once started a second
    // `main`; now the run ends as the seed's program does, or as Go reports it.
    for buffer in [1, 4, 50] {
        let (s, events) = events_of(&SimConfig {
            mistake: Some(Mistake::CollectAfterSubmit),
            jobs: 400,
            jobs_buffer: buffer,
            results_buffer: buffer,
            ..golden_config()
        });
        assert!(closes(&events, 0) <= 1, "buffers {buffer}");
        let collected = events
            .iter()
            .filter(|e| e.kind == poolsim::trace::Kind::ResultCollected as u8)
            .count() as u64;
        assert_eq!(collected, s.results, "buffers {buffer}: one main collected");
        assert!(s.results + s.dropped <= 400);
    }
}

#[test]
fn every_simulated_log_is_causal() {
    for workers in [1, 3, 16] {
        for buffer in [0, 1, 10] {
            for policy in [Policy::Block, Policy::Timeout { timeout_ms: 0.5 }] {
                let config = SimConfig {
                    workers,
                    jobs: 500,
                    jobs_buffer: buffer,
                    results_buffer: buffer,
                    arrival: Arrival::Poisson {
                        rate_per_sec: 3000.0,
                    },
                    service: Dist::Exponential { mean_ms: 1.0 },
                    collector_delay_ms: 0.1,
                    policy,
                    ..SimConfig::default()
                };
                let (_, events) = events_of(&config);
                if let Some(violation) = common::causal_violation(&events) {
                    panic!("workers {workers}, buffers {buffer}, {policy:?}: {violation}");
                }
            }
        }
    }
}

#[test]
fn a_big_job_and_a_slow_collector_lose_no_events() {
    // Memory events on top of every job event: the ring is sized for them too.
    let (s, trace) = sim::run(&SimConfig {
        workers: 8,
        // Just under a power of two at ten events a job, the old sizing: the ring had no
        // room left for memory events.
        jobs: 26_000,
        jobs_buffer: 1,
        results_buffer: 1,
        job_bytes: 1 << 20,
        collector_delay_ms: 1.0,
        ..SimConfig::default()
    });
    assert_eq!(s.events_dropped, 0);
    let memory = std::iter::from_fn(|| trace.ring().pop())
        .filter(|e| e.kind == poolsim::trace::Kind::Memory as u8)
        .count();
    assert!(memory > 26_000, "memory moved {memory} times");
}

#[test]
fn times_past_71_virtual_minutes_are_logged_exactly() {
    // A u32 of microseconds ends at 71.6 minutes; the log's time is 64 bits.
    let (s, events) = events_of(&SimConfig {
        workers: 1,
        jobs: 3,
        arrival: Arrival::Constant {
            rate_per_sec: 1.0 / 3600.0,
        },
        ..SimConfig::default()
    });
    let sent: Vec<u64> = events
        .iter()
        .filter(|e| e.kind == poolsim::trace::Kind::JobSent as u8)
        .map(|e| e.time_us)
        .collect();
    assert_eq!(sent, [0, 3_600_000_000, 7_200_000_000]);
    assert!((s.elapsed_ms - 7_200_001.0).abs() < 1.0, "{}", s.elapsed_ms);
}

#[test]
fn a_random_draw_past_the_longest_span_stops_the_run_and_says_so() {
    let span_ms = poolsim::trace::MAX_SPAN_MS;
    let mut stopped = 0;
    for seed in 1..=20 {
        // One job whose mean arrival is just inside the span: about a third of draws land
        // beyond it.
        let (s, events) = events_of(&SimConfig {
            jobs: 1,
            arrival: Arrival::Poisson {
                rate_per_sec: 1e3 / (0.99 * span_ms),
            },
            seed,
            ..SimConfig::default()
        });
        assert!(s.elapsed_ms <= span_ms, "seed {seed}: {}", s.elapsed_ms);
        let last = events.last().unwrap();
        assert_eq!(last.kind, poolsim::trace::Kind::RunFinished as u8);
        match &s.deadlock {
            None => assert_eq!((s.results, last.value), (1, 0), "seed {seed}"),
            Some(crash) => {
                assert!(crash.message.starts_with("stopped: "), "{}", crash.message);
                assert_eq!((s.results, last.value), (0, 5), "seed {seed}");
                stopped += 1;
            }
        }
    }
    assert!(stopped > 0 && stopped < 20, "{stopped} of 20 runs stopped");
}

#[test]
fn a_run_cancelled_before_it_began_sends_nothing_and_says_so() {
    let (s, trace) = sim::cancelled(&SimConfig::default());
    assert!(s.cancelled);
    assert_eq!((s.jobs, s.results, s.elapsed_ms), (0, 0, 0.0));
    let kinds: Vec<u8> = std::iter::from_fn(|| trace.ring().pop())
        .map(|e| e.kind)
        .collect();
    use poolsim::trace::Kind;
    assert_eq!(kinds, [Kind::RunStarted as u8, Kind::RunFinished as u8]);
    assert!(!sim::run(&SimConfig::default()).0.cancelled);
}

/// Chapter 8's pool (8 workers of ~10 ms: ~800/s) offered ~900/s, blocking on a `jobs` of 0.
fn overloaded_and_blocking() -> SimConfig {
    SimConfig {
        workers: 8,
        jobs: 5000,
        jobs_buffer: 0,
        arrival: Arrival::Poisson {
            rate_per_sec: 900.0,
        },
        service: Dist::Exponential { mean_ms: 10.0 },
        job_class: JobClass::Io,
        policy: Policy::Block,
        ..SimConfig::default()
    }
}

#[test]
fn a_blocked_producers_backlog_counts_in_latency() {
    // Nothing is dropped, but the pool cannot keep up: jobs come due faster than the producer
    // can send them, and each waits upstream from the moment it was due. Latency counted from
    // the send hid that wait (p99 about 45 ms); from arrival it is the backlog's size.
    let (s, _) = sim::run(&overloaded_and_blocking());
    assert_eq!((s.dropped, s.results), (0, 5000));
    let arrivals_ms = 5000.0 / 900.0 * 1e3;
    assert!(s.elapsed_ms > 1.05 * arrivals_ms, "{} ms", s.elapsed_ms);
    assert!(s.latency.p99_ms > 200.0, "{:?}", s.latency);
    assert!(s.producer_wait.p99_ms > 200.0, "{:?}", s.producer_wait);
    // The stages add up: arrival → send → receive → done → collected.
    let stages = s.producer_wait.mean_ms + s.queue_wait.mean_ms + s.service.mean_ms;
    assert!(
        s.latency.mean_ms >= stages - 1e-6 && s.latency.mean_ms < stages + 1.0,
        "total {} vs stages {stages}",
        s.latency.mean_ms
    );
}

#[test]
fn a_producer_that_keeps_up_waits_for_nothing() {
    let config = SimConfig {
        workers: 16,
        jobs_buffer: 20,
        ..overloaded_and_blocking()
    };
    let (s, _) = sim::run(&config);
    assert_eq!(s.producer_wait.max_ms, 0.0);
    // A late job says so in the log; here none was late.
    assert!(!log_of(&config)
        .chunks(5)
        .any(|r| r[2] & 0xff == poolsim::trace::Kind::JobLate as u32));
}

#[test]
fn the_log_says_how_late_each_job_was_sent() {
    let config = overloaded_and_blocking();
    let (s, _) = sim::run(&config);
    // A job is due at its `JobLate` event's time minus the value, and sent at its `JobSent`:
    // the log alone gives each job's wait upstream, as the charts compute it.
    let mut due = std::collections::HashMap::new();
    let mut waits = Vec::new();
    for r in log_of(&config).chunks(5) {
        let t = u64::from(r[0]) | u64::from(r[1] & 0xff_ffff) << 32;
        match r[2] & 0xff {
            k if k == poolsim::trace::Kind::JobLate as u32 => {
                due.insert(r[3], t - u64::from(r[4]));
            }
            k if k == poolsim::trace::Kind::JobSent as u32 => {
                waits.push(t - due.get(&r[3]).copied().unwrap_or(t));
            }
            _ => {}
        }
    }
    assert!(due.len() > 4000, "{} late jobs", due.len());
    let max_ms = *waits.iter().max().unwrap() as f64 / 1e3;
    // Log times are whole µs; the summary's are exact.
    assert!(
        (max_ms - s.producer_wait.max_ms).abs() <= 0.002,
        "log {max_ms} ms, summary {} ms",
        s.producer_wait.max_ms
    );
}

#[test]
fn the_log_holds_every_event_of_a_wide_pool() {
    // 65,000 goroutines' stacks move the memory curve thousands of times before the one job
    // runs; the log's ring must have room for those events too, or the run's end is lost.
    let config = SimConfig {
        workers: 65_000,
        jobs: 1,
        jobs_buffer: 0,
        ..SimConfig::default()
    };
    let (s, _) = sim::run(&config);
    assert_eq!(s.events_dropped, 0);
    let words = log_of(&config);
    let last = &words[words.len() - 5..];
    assert_eq!(last[2] & 0xff, poolsim::trace::Kind::RunFinished as u32);
}

/// Chapter 5's small program: 3 workers, 20 jobs of 5 ms, a `results` buffer of 5.
fn wait_group_program(mistake: Mistake) -> SimConfig {
    SimConfig {
        workers: 3,
        jobs: 20,
        results_buffer: 5,
        service: Dist::Constant { mean_ms: 5.0 },
        mistake: Some(mistake),
        ..SimConfig::default()
    }
}

#[test]
fn waiting_in_main_before_collecting_deadlocks_once_results_is_full() {
    let (s, _) = sim::run(&wait_group_program(Mistake::WaitBeforeCollect));
    let crash = s.deadlock.expect("a deadlock");
    assert_eq!(
        crash.message,
        "fatal error: all goroutines are asleep - deadlock!"
    );
    let states: Vec<(u32, &str)> = crash
        .goroutines
        .iter()
        .map(|g| (g.id, g.state.as_str()))
        .collect();
    // main in wg.Wait(); the three workers each holding a result that has nowhere to go.
    assert_eq!(
        states,
        [
            (1, "sync.WaitGroup.Wait"),
            (6, "chan send"),
            (7, "chan send"),
            (8, "chan send"),
        ]
    );
    assert_eq!(s.results, 0);
    assert!(crash.explanation.starts_with("main waits for every worker"));
    // With room for every result it finishes: the mistake hides until the load grows.
    let (roomy, _) = sim::run(&SimConfig {
        results_buffer: 20,
        ..wait_group_program(Mistake::WaitBeforeCollect)
    });
    assert_eq!((roomy.deadlock, roomy.results), (None, 20));
}

#[test]
fn waiting_in_main_after_collecting_panics_on_the_first_send() {
    let (s, _) = sim::run(&wait_group_program(Mistake::WaitAfterCollect));
    let crash = s.deadlock.expect("a panic");
    assert_eq!(crash.message, "panic: send on closed channel");
    // Go shows the goroutine that panicked, and only it: a worker, sending.
    assert_eq!(crash.goroutines.len(), 1);
    assert_eq!(crash.goroutines[0].state, "running");
    assert!(crash.goroutines[0].at.contains("results <- r"));
    assert_eq!(s.results, 0);
}

#[test]
fn adding_inside_the_goroutine_lets_the_closer_close_before_any_worker_counts() {
    // On one P Go runs the goroutine started last (the closer) first: wg.Wait() sees 0.
    let (s, log) = sim::run(&wait_group_program(Mistake::AddInsideGoroutine));
    assert_eq!(s.deadlock, None);
    assert_eq!((s.jobs, s.results, s.sum), (20, 0, 0));
    let mut words = Vec::new();
    log.ring().drain_into(&mut words, usize::MAX);
    let closed_results_at = words
        .chunks(5)
        .position(|r| r[2] & 0xff == poolsim::trace::Kind::ChannelClosed as u32 && r[4] == 1)
        .expect("results closed");
    let first_receive = words
        .chunks(5)
        .position(|r| r[2] & 0xff == poolsim::trace::Kind::JobReceived as u32);
    assert!(first_receive.is_none_or(|at| at > closed_results_at));
}

#[test]
fn a_paused_collector_sends_backpressure_back_to_the_producer() {
    use poolsim::trace::Kind;
    let config = SimConfig {
        workers: 3,
        jobs: 200,
        jobs_buffer: 5,
        results_buffer: 5,
        // 1,000 jobs a second into a pool that finishes 1,500: nothing waits until the stop.
        arrival: Arrival::Constant {
            rate_per_sec: 1000.0,
        },
        service: Dist::Constant { mean_ms: 2.0 },
        collector_pause_at_ms: 20.0,
        collector_pause_ms: 200.0,
        ..SimConfig::default()
    };
    let (s, _) = sim::run(&config);
    assert_eq!((s.results, s.deadlock), (200, None));
    let words = log_of(&config);
    let kind = |r: &[u32]| r[2] & 0xff;
    let time_ms = |r: &[u32]| f64::from(r[0]) / 1e3;
    let records: Vec<&[u32]> = words.chunks(5).collect();
    let paused = records
        .iter()
        .position(|r| kind(r) == Kind::CollectorPaused as u32)
        .expect("paused");
    assert_eq!(time_ms(records[paused]), 20.0);
    let resumed = records
        .iter()
        .position(|r| kind(r) == Kind::CollectorResumed as u32)
        .expect("resumed");
    assert_eq!(time_ms(records[resumed]), 220.0);
    // Nothing is collected while it is stopped; in that time the stop travels back: results
    // fills, every worker blocks holding a result, jobs fills, and then the producer blocks.
    let during = &records[paused..resumed];
    assert!(!during
        .iter()
        .any(|r| kind(r) == Kind::ResultCollected as u32));
    let order: Vec<u32> = during
        .iter()
        .map(|r| kind(r))
        .filter(|&k| k == Kind::WorkerBlocked as u32 || k == Kind::ProducerBlocked as u32)
        .collect();
    assert_eq!(
        order,
        [
            Kind::WorkerBlocked as u32,
            Kind::WorkerBlocked as u32,
            Kind::WorkerBlocked as u32,
            Kind::ProducerBlocked as u32
        ]
    );
    let blocked = during
        .iter()
        .find(|r| kind(r) == Kind::ProducerBlocked as u32)
        .unwrap();
    assert_eq!(blocked[4], 5, "jobs is full when the producer blocks");
    assert!(s.producer_blocked_fraction > 0.5);
}
