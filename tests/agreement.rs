//! A live run and a simulated run of the same closed-loop config tell the same story: the same
//! counts, and within each goroutine the same order of events.

use poolsim::config::Config;
use poolsim::pool::{self, Control, Summary};
use poolsim::sim::{self, Dist, SimConfig};
use poolsim::trace::{Event, Kind, ACTOR_CLOSER, ACTOR_COLLECTOR, ACTOR_PRODUCER};
use std::sync::Arc;

fn drain(trace: &poolsim::trace::Trace) -> Vec<Event> {
    std::iter::from_fn(|| trace.ring().pop()).collect()
}

/// Runs `config` on its `GOMAXPROCS` Ps, one thread each.
fn run_live(config: &Config, control: &Arc<Control>) -> Summary {
    rayon::ThreadPoolBuilder::new()
        .num_threads(config.gomaxprocs as usize)
        .build()
        .unwrap()
        .install(|| pool::run(config, control))
}

fn live(config: &Config) -> Vec<Event> {
    let control = Arc::new(Control::new(config));
    let summary = run_live(config, &control);
    assert_eq!(summary.results, u64::from(config.jobs));
    drain(&control.trace)
}

fn simulated(config: &Config) -> Vec<Event> {
    let (summary, trace) = sim::run(&SimConfig {
        workers: config.workers,
        jobs: config.jobs,
        jobs_buffer: config.jobs_buffer,
        results_buffer: config.results_buffer,
        service: Dist::Exponential { mean_ms: 0.01 },
        ..SimConfig::default()
    });
    assert_eq!(summary.results, u64::from(config.jobs));
    drain(&trace)
}

fn kinds_of(events: &[Event], actor: u32) -> Vec<Kind> {
    const KINDS: [Kind; 18] = [
        Kind::RunStarted,
        Kind::JobSent,
        Kind::ProducerBlocked,
        Kind::ProducerUnblocked,
        Kind::WorkerWaiting,
        Kind::JobReceived,
        Kind::JobDone,
        Kind::WorkerBlocked,
        Kind::WorkerUnblocked,
        Kind::ResultSent,
        Kind::WorkerExited,
        Kind::CloserWaiting,
        Kind::ChannelClosed,
        Kind::ResultCollected,
        Kind::RunFinished,
        Kind::CollectorPaused,
        Kind::CollectorResumed,
        Kind::Memory,
    ];
    events
        .iter()
        .filter(|e| e.actor == actor && e.kind != Kind::Memory as u8)
        .map(|e| KINDS[e.kind as usize])
        .collect()
}

/// Checks one log against the seed's program, goroutine by goroutine; returns what it saw.
fn story(events: &[Event], workers: u32, jobs: u32) -> (Vec<u32>, Vec<usize>) {
    use Kind::*;
    // The producer: start, then each job sent in order (blocking first, maybe), then close.
    // (The simulator's memory samples ride in the producer's lane; they are not the producer's.)
    let producer: Vec<&Event> = events
        .iter()
        .filter(|e| e.actor == ACTOR_PRODUCER && e.kind != Kind::Memory as u8)
        .collect();
    let mut sent = Vec::new();
    let mut blocked = false;
    for e in &producer {
        match e.kind {
            k if k == RunStarted as u8 => assert!(sent.is_empty()),
            k if k == ProducerBlocked as u8 => blocked = true,
            k if k == ProducerUnblocked as u8 => assert!(std::mem::take(&mut blocked)),
            k if k == JobSent as u8 => sent.push(e.job),
            k if k == ChannelClosed as u8 => assert_eq!(sent.len() as u32, jobs),
            other => panic!("the producer did event kind {other}"),
        }
    }
    assert_eq!(producer.last().unwrap().kind, ChannelClosed as u8);
    // Each worker: (wait? receive done (blocked unblocked)? sent)* wait? exit.
    let mut done_per_worker = Vec::new();
    for w in 1..=workers {
        let mut done = 0;
        let mut state = "idle";
        for kind in kinds_of(events, w) {
            state = match (state, kind) {
                ("idle", WorkerWaiting) => "waiting",
                ("idle" | "waiting", JobReceived) => "working",
                ("working", JobDone) => "sending",
                ("sending", WorkerBlocked) => "blocked",
                ("blocked", WorkerUnblocked) => "sending",
                ("sending", ResultSent) => {
                    done += 1;
                    "idle"
                }
                ("idle" | "waiting", WorkerExited) => "exited",
                (state, kind) => panic!("worker {w} did {kind:?} while {state}"),
            };
        }
        assert_eq!(state, "exited", "worker {w} ended with wg.Done()");
        done_per_worker.push(done);
    }
    // The closer waits, then closes results; the collector collects every job, then finishes.
    assert_eq!(
        kinds_of(events, ACTOR_CLOSER),
        [CloserWaiting, ChannelClosed]
    );
    let collector = kinds_of(events, ACTOR_COLLECTOR);
    assert_eq!(
        collector.iter().filter(|k| **k == ResultCollected).count() as u32,
        jobs
    );
    assert_eq!(collector.last(), Some(&RunFinished));
    (sent, done_per_worker)
}

#[test]
fn a_live_and_a_simulated_run_agree_on_counts_and_on_each_goroutines_order() {
    for (workers, buffer) in [(3, 100), (4, 1), (2, 0)] {
        let config = Config {
            workers,
            jobs: 2000,
            jobs_buffer: buffer,
            results_buffer: buffer,
            ..Config::default()
        };
        let (live_sent, live_done) = story(&live(&config), workers, 2000);
        let (sim_sent, sim_done) = story(&simulated(&config), workers, 2000);
        // The producer sends 1..=n in order in both; the workers share the jobs out differently
        // (that is the scheduler's business), but every job is done once in both.
        assert_eq!(live_sent, (1..=2000).collect::<Vec<_>>());
        assert_eq!(sim_sent, live_sent);
        assert_eq!(live_done.iter().sum::<usize>(), 2000);
        assert_eq!(sim_done.iter().sum::<usize>(), 2000);
    }
}

#[test]
fn both_drivers_give_one_answer_per_config_sum_and_errors_included() {
    use poolsim::work::{expected_failures, Work};
    for (work, failure_rate) in [
        (Work::Double, 0.0),
        (Work::Double, 0.1),
        (Work::Io { wait_ms: 0 }, 0.3),
        (Work::Cpu { iterations: 50 }, 0.05),
    ] {
        let live_config = Config {
            workers: 4,
            jobs: 2000,
            work,
            failure_rate,
            ..Config::default()
        };
        let live = run_live(&live_config, &Arc::new(Control::new(&live_config)));
        let (sim, _) = sim::run(&SimConfig {
            workers: 4,
            jobs: 2000,
            work,
            failure_rate,
            ..SimConfig::default()
        });
        let case = format!("{work:?} at {failure_rate}");
        assert_eq!((sim.results, sim.sum), (live.results, live.sum), "{case}");
        assert_eq!(sim.errors, live.errors, "{case}");
        assert_eq!(sim.errors, expected_failures(2000, failure_rate), "{case}");
    }
}
