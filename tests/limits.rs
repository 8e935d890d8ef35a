//! No panic is reachable from a config: over the whole accepted range of every field and past
//! it, a config is refused with an error naming one of its fields, or it runs to an honest end.
// Natively only: proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use poolsim::config::{Raw, RunConfig};
use poolsim::sim::{self, SimConfig};
use poolsim::trace::{self, Kind, MAX_SPAN_MS};
use proptest::prelude::*;

/// Numbers from far below to far above every limit, the edges that break arithmetic included,
/// and plenty of ordinary ones so that many configs pass and run.
fn number() -> impl Strategy<Value = f64> {
    let edge = prop_oneof![
        Just(-1.0),
        Just(f64::MIN_POSITIVE),
        Just(1e-300),
        Just(1e-20),
        Just(1e-12),
        Just(1e300),
        Just(f64::INFINITY),
        Just(f64::NAN),
        Just(u32::MAX as f64),
        Just(u32::MAX as f64 + 1.0),
        any::<f64>(),
    ];
    prop_oneof![
        1 => edge,
        8 => (1u32..17).prop_map(f64::from),
        4 => 0.0f64..1.0,
        2 => (-4i32..8).prop_map(|e| 10f64.powi(e)),
    ]
}

/// A field's value: usually a number, sometimes a value of the wrong type.
fn value() -> impl Strategy<Value = Raw> {
    prop_oneof![
        40 => number().prop_map(Raw::Number),
        1 => Just(Raw::Null),
        1 => prop_oneof![
            Just(Raw::Str("3".into())),
            Just(Raw::Bool(true)),
            Just(Raw::List(vec![])),
        ],
    ]
}

/// An object `{kind, ...}`: a kind, then up to two of that kind's fields (now and then one it
/// does not take), each any value.
type Kinds = &'static [(&'static str, &'static [&'static str])];

fn object(kinds: Kinds) -> BoxedStrategy<Raw> {
    prop::sample::select(kinds)
        .prop_flat_map(|(kind, fields)| {
            let field = prop_oneof![
                12 => prop::sample::select(if fields.is_empty() { &["x"][..] } else { fields }),
                1 => Just("unknownField"),
            ];
            (
                Just(kind),
                prop::collection::vec((field, value()), 0..=fields.len().min(2)),
            )
        })
        .prop_map(|(kind, fields)| {
            let mut entries = vec![("kind".to_string(), Raw::Str(kind.into()))];
            entries.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
            Raw::Map(entries)
        })
        .boxed()
}

/// Numeric fields both drivers take, then each driver's own.
const SHARED: &[&str] = &[
    "workers",
    "jobs",
    "jobsBuffer",
    "resultsBuffer",
    "traceLimit",
];
const LIVE: &[&str] = &["failureRate"]; // both drivers take it; most often set live
const SIM: &[&str] = &[
    "seed",
    "cores",
    "collectorDelayMs",
    "warmupJobs",
    "jobBytes",
    "memoryLimitBytes",
];

/// A top-level numeric field: mostly the driver's own, now and then the other driver's.
fn top_field(own: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop_oneof![
        20 => prop::sample::select(SHARED),
        10 => prop::sample::select(own),
        1 => prop::sample::select(if own == LIVE { SIM } else { LIVE }),
    ]
}

/// A config for `driver` with any subset of fields, each any value.
fn config(driver: &'static str) -> impl Strategy<Value = Raw> {
    let own = if driver == "live" { LIVE } else { SIM };
    let arrival = object(&[
        ("closed", &[]),
        ("constant", &["ratePerSec"]),
        ("poisson", &["ratePerSec"]),
        ("burst", &["size", "everyMs"]),
    ])
    .prop_map(|v| ("arrival", v));
    let sim_only = prop_oneof![
        object(&[
            ("constant", &["meanMs"]),
            ("exponential", &["meanMs"]),
            ("uniform", &["meanMs", "spreadMs"]),
            ("lognormal", &["meanMs", "sigma"]),
        ])
        .prop_map(|v| ("service", v)),
        object(&[("block", &[]), ("drop", &[]), ("timeout", &["timeoutMs"])])
            .prop_map(|v| ("policy", v)),
        prop::sample::select(&["cpu", "io"][..]).prop_map(|c| ("jobClass", Raw::Str(c.into()))),
        prop::sample::select(&["pool", "unbounded"][..]).prop_map(|m| ("mode", Raw::Str(m.into()))),
        prop::sample::select(&["neverCloseJobs", "closeResultsEarly", "collectAfterSubmit"][..])
            .prop_map(|m| ("mistake", Raw::Str(m.into()))),
    ];
    let live_only = object(&[
        ("double", &[]),
        ("cpu", &["iterations"]),
        ("io", &["waitMs"]),
    ])
    .prop_map(|v| ("work", v));
    let nested = if driver == "live" {
        prop_oneof![8 => arrival, 8 => live_only, 1 => sim_only].boxed()
    } else {
        prop_oneof![4 => arrival, 12 => sim_only, 1 => live_only].boxed()
    };
    (
        prop::collection::vec((top_field(own), value()), 0..5),
        prop::collection::vec(nested, 0..3),
    )
        .prop_map(move |(top, nested)| {
            let mut entries = vec![("driver".to_string(), Raw::Str(driver.into()))];
            entries.extend(top.into_iter().map(|(k, v)| (k.to_string(), v)));
            entries.extend(nested.into_iter().map(|(k, v)| (k.to_string(), v)));
            Raw::Map(entries)
        })
}

/// Every field path a config error may name.
fn known_field(field: &str) -> bool {
    let top = field.split('.').next().unwrap_or_default();
    [SHARED, LIVE, SIM].iter().any(|list| list.contains(&top))
        || [
            "arrival", "service", "policy", "work", "jobClass", "mode", "mistake", "driver",
        ]
        .contains(&top)
}

/// Runs a simulated config small enough to run here, and checks that it ended honestly.
fn runs_to_an_honest_end(config: &SimConfig) {
    let (s, log) = sim::run(config);
    let events: Vec<_> = std::iter::from_fn(|| log.ring().pop()).collect();
    let last = events.last().expect("a log");
    assert_eq!(last.kind, Kind::RunFinished as u8);
    assert_eq!(s.events_dropped, 0);
    assert!(s.elapsed_ms.is_finite() && (0.0..=MAX_SPAN_MS).contains(&s.elapsed_ms));
    assert!(s.jobs + s.dropped <= u64::from(config.jobs));
    assert!(s.results <= s.jobs);
    assert!(events.iter().all(|e| e.time_us as f64 <= MAX_SPAN_MS * 1e3));
    if s.deadlock.is_none() && config.mistake.is_none() {
        assert_eq!(s.results + s.dropped, u64::from(config.jobs), "{config:?}");
    }
    if let Some(violation) = common::causal_violation(&events) {
        panic!("{config:?}: {violation}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn a_simulated_config_is_refused_by_field_or_runs_to_an_honest_end(raw in config("sim")) {
        match RunConfig::from_raw(&raw) {
            Err(e) => prop_assert!(known_field(&e.field), "{e}"),
            Ok(RunConfig::Sim(c)) => {
                // The whole range is validated; the run itself is kept small enough to run here.
                let c = SimConfig {
                    jobs: c.jobs.min(300),
                    workers: c.workers.min(400),
                    warmup_jobs: c.warmup_jobs.min(300),
                    ..c
                };
                runs_to_an_honest_end(&c);
            }
            Ok(other) => prop_assert!(false, "driver: 'sim' gave {other:?}"),
        }
    }

    #[test]
    fn a_live_config_is_refused_by_field_or_schedules_every_job_in_range(raw in config("live")) {
        match RunConfig::from_raw(&raw) {
            Err(e) => prop_assert!(known_field(&e.field), "{e}"),
            Ok(RunConfig::Live(c)) => {
                // The producer's schedule for every job, and the log's size, computed without a
                // panic; the pool itself is exercised in tests/pool.rs.
                // Jobs are numbered 1..=jobs; the producer asks for no other.
                let jobs = [1, 2, c.jobs / 2, c.jobs.saturating_sub(1), c.jobs];
                for j in jobs.into_iter().filter(|&j| (1..=c.jobs).contains(&j)) {
                    if let Some(due) = c.arrival.due(j) {
                        prop_assert!(due.as_secs_f64() * 1e3 <= MAX_SPAN_MS, "job {j}: {due:?}");
                    }
                }
                let _ = trace::for_run(c.jobs.min(1000), c.workers, c.trace_limit.min(10_000));
            }
            Ok(other) => prop_assert!(false, "the live driver gave {other:?}"),
        }
    }
}

#[test]
fn rates_too_slow_for_the_longest_span_are_refused_by_name() {
    for (driver, kind, rate) in [
        ("live", "constant", 1e-20),
        ("sim", "constant", 1e-20),
        ("sim", "poisson", 1e-12),
    ] {
        let raw = Raw::Map(vec![
            ("driver".into(), Raw::Str(driver.into())),
            (
                "arrival".into(),
                Raw::Map(vec![
                    ("kind".into(), Raw::Str(kind.into())),
                    ("ratePerSec".into(), Raw::Number(rate)),
                ]),
            ),
        ]);
        let e = RunConfig::from_raw(&raw).unwrap_err();
        assert_eq!(e.field, "arrival.ratePerSec", "{driver} {kind}");
        assert!(e.message.contains("longest run is 100 years"), "{e}");
    }
}

#[test]
fn a_slow_collector_or_long_service_over_the_span_is_refused_by_name() {
    let sim = |fields: Vec<(&str, Raw)>| {
        let mut entries = vec![("driver".to_string(), Raw::Str("sim".into()))];
        entries.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
        RunConfig::from_raw(&Raw::Map(entries)).unwrap_err().field
    };
    let jobs = ("jobs", Raw::Number(1e7));
    assert_eq!(
        sim(vec![jobs.clone(), ("collectorDelayMs", Raw::Number(3.6e6))]),
        "collectorDelayMs"
    );
    let service = Raw::Map(vec![
        ("kind".into(), Raw::Str("constant".into())),
        ("meanMs".into(), Raw::Number(3.6e6)),
    ]);
    assert_eq!(
        sim(vec![
            jobs,
            ("workers", Raw::Number(1.0)),
            ("service", service)
        ]),
        "service.meanMs"
    );
}

#[test]
fn the_generated_configs_reach_the_engine_often() {
    // A property over configs that are all refused would prove nothing about running them.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for driver in ["sim", "live"] {
        let strategy = config(driver);
        let accepted = (0..1000)
            .filter(|_| {
                let raw = strategy.new_tree(&mut runner).unwrap().current();
                RunConfig::from_raw(&raw).is_ok()
            })
            .count();
        assert!(accepted >= 200, "{driver}: {accepted} of 1000 accepted");
    }
}
