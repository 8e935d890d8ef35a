//! Every bad config is refused with an error that names the field; good ones get defaults.

use poolsim::config::{Config, Raw};
use poolsim::work::Work;

fn parse(json: &str) -> Result<Config, (String, String)> {
    let raw: Raw = serde_json::from_str(json).expect("test JSON parses");
    Config::from_raw(&raw).map_err(|e| (e.field.clone(), e.to_string()))
}

fn field_of(json: &str) -> String {
    match parse(json) {
        Ok(c) => panic!("{json} was accepted as {c:?}"),
        Err((field, _)) => field,
    }
}

#[test]
fn an_empty_config_is_the_seed() {
    let c = parse("{}").unwrap();
    assert_eq!(c, Config::default());
    assert_eq!((c.workers, c.jobs_buffer, c.results_buffer), (3, 100, 100));
    assert_eq!(c.work, Work::Double);
}

#[test]
fn a_full_config_is_read_field_by_field() {
    let c = parse(
        r#"{"workers":16,"jobs":10000000,"jobsBuffer":0,"resultsBuffer":1000000,
            "work":{"kind":"io","waitMs":25},"failureRate":0.5,"traceLimit":0,"gomaxprocs":5}"#,
    )
    .unwrap();
    assert_eq!(c.workers, 16);
    assert_eq!(c.gomaxprocs, 5);
    assert_eq!(c.jobs, 10_000_000);
    assert_eq!((c.jobs_buffer, c.results_buffer), (0, 1_000_000));
    assert_eq!(c.work, Work::Io { wait_ms: 25 });
    assert_eq!((c.failure_rate, c.trace_limit), (0.5, 0));
    let cpu = parse(r#"{"work":{"kind":"cpu","iterations":77}}"#).unwrap();
    assert_eq!(cpu.work, Work::Cpu { iterations: 77 });
}

#[test]
fn null_fields_take_their_defaults() {
    assert_eq!(parse(r#"{"workers":null}"#).unwrap().workers, 3);
}

#[test]
fn bad_worker_counts_name_the_workers_field() {
    for bad in [
        "0", "-1", "2.5", "\"abc\"", "\"3\"", "100001", "1e9", "true", "[3]", "{}",
    ] {
        let json = format!(r#"{{"workers":{bad}}}"#);
        assert_eq!(field_of(&json), "workers", "{json}");
    }
    let (_, message) = parse(r#"{"workers":2.5}"#).unwrap_err();
    assert_eq!(
        message,
        "workers: must be a whole number from 1 to 100000, got 2.5"
    );
    let (_, message) = parse(r#"{"workers":"abc"}"#).unwrap_err();
    assert_eq!(
        message,
        "workers: must be a whole number from 1 to 100000, got the string \"abc\""
    );
    let (_, message) = parse(r#"{"workers":100001}"#).unwrap_err();
    assert!(message.contains("at most 100000"), "{message}");
}

#[test]
fn gomaxprocs_is_one_p_short_of_the_cores_unless_given() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u32);
    assert_eq!(
        parse("{}").unwrap().gomaxprocs,
        cores.saturating_sub(1).max(1)
    );
    assert_eq!(parse(r#"{"gomaxprocs":64}"#).unwrap().gomaxprocs, 64);
    for bad in ["0", "65", "1.5", "\"all\""] {
        let json = format!(r#"{{"gomaxprocs":{bad}}}"#);
        assert_eq!(field_of(&json), "gomaxprocs", "{json}");
    }
}

#[test]
fn bad_job_counts_and_buffers_name_their_fields() {
    assert_eq!(field_of(r#"{"jobs":-5}"#), "jobs");
    assert_eq!(field_of(r#"{"jobs":10000001}"#), "jobs");
    assert_eq!(field_of(r#"{"jobsBuffer":-1}"#), "jobsBuffer");
    assert_eq!(field_of(r#"{"jobsBuffer":1e12}"#), "jobsBuffer");
    assert_eq!(field_of(r#"{"resultsBuffer":-100}"#), "resultsBuffer");
    assert_eq!(field_of(r#"{"resultsBuffer":1000001}"#), "resultsBuffer");
    assert_eq!(field_of(r#"{"traceLimit":-1}"#), "traceLimit");
}

#[test]
fn bad_failure_rates_name_the_field() {
    for bad in ["-0.1", "1.5", "\"often\""] {
        assert_eq!(
            field_of(&format!(r#"{{"failureRate":{bad}}}"#)),
            "failureRate"
        );
    }
}

#[test]
fn bad_work_names_the_work_field() {
    assert_eq!(field_of(r#"{"work":"cpu"}"#), "work");
    assert_eq!(field_of(r#"{"work":{}}"#), "work.kind");
    assert_eq!(field_of(r#"{"work":{"kind":"gpu"}}"#), "work.kind");
    assert_eq!(field_of(r#"{"work":{"kind":3}}"#), "work.kind");
    assert_eq!(
        field_of(r#"{"work":{"kind":"cpu","iterations":0}}"#),
        "work.iterations"
    );
    assert_eq!(
        field_of(r#"{"work":{"kind":"io","waitMs":-3}}"#),
        "work.waitMs"
    );
    assert_eq!(
        field_of(r#"{"work":{"kind":"io","waitMs":60001}}"#),
        "work.waitMs"
    );
    // A field of another kind is unknown here, not silently ignored.
    assert_eq!(
        field_of(r#"{"work":{"kind":"double","waitMs":3}}"#),
        "work.waitMs"
    );
    let (_, message) = parse(r#"{"work":{"kind":"gpu"}}"#).unwrap_err();
    assert!(message.contains("unknown job kind \"gpu\""), "{message}");
}

#[test]
fn unknown_fields_are_refused_by_name() {
    let (field, message) = parse(r#"{"workers":3,"wrokers":4}"#).unwrap_err();
    assert_eq!(field, "wrokers");
    assert!(message.contains("unknown field"), "{message}");
}

#[test]
fn a_field_given_twice_is_refused_as_given_twice() {
    let (field, message) = parse(r#"{"workers":3,"workers":4}"#).unwrap_err();
    assert_eq!(field, "workers");
    assert!(message.contains("given twice"), "{message}");
    let (field, _) = parse(r#"{"work":{"kind":"io","kind":"cpu"}}"#).unwrap_err();
    assert_eq!(field, "work.kind");
}

#[test]
fn a_config_that_is_not_an_object_is_refused() {
    assert_eq!(field_of("3"), "config");
    assert_eq!(field_of("null"), "config");
    assert_eq!(field_of("[]"), "config");
}

#[test]
fn arrivals_are_read_and_bad_ones_named() {
    use poolsim::config::Arrival;
    let c = parse(r#"{"arrival":{"kind":"constant","ratePerSec":250}}"#).unwrap();
    assert_eq!(
        c.arrival,
        Arrival::Constant {
            rate_per_sec: 250.0
        }
    );
    let c = parse(r#"{"arrival":{"kind":"burst","size":4,"everyMs":50}}"#).unwrap();
    assert_eq!(
        c.arrival,
        Arrival::Burst {
            size: 4,
            every_ms: 50
        }
    );
    assert_eq!(
        parse(r#"{"arrival":{"kind":"closed"}}"#).unwrap().arrival,
        Arrival::Closed
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"constant"}}"#),
        "arrival.ratePerSec"
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"constant","ratePerSec":0}}"#),
        "arrival.ratePerSec"
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"constant","ratePerSec":-2}}"#),
        "arrival.ratePerSec"
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"burst","size":0}}"#),
        "arrival.size"
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"burst","everyMs":0}}"#),
        "arrival.everyMs"
    );
    assert_eq!(
        field_of(r#"{"arrival":{"kind":"sometimes"}}"#),
        "arrival.kind"
    );
    assert_eq!(field_of(r#"{"arrival":"fast"}"#), "arrival");
}

fn run_field_of(json: &str) -> String {
    use poolsim::config::RunConfig;
    let raw: Raw = serde_json::from_str(json).expect("test JSON parses");
    match RunConfig::from_raw(&raw) {
        Ok(c) => panic!("{json} was accepted as {c:?}"),
        Err(e) => {
            assert!(e.to_string().starts_with(&format!("{}: ", e.field)));
            e.field
        }
    }
}

#[test]
fn the_driver_field_picks_the_driver_and_the_live_one_refuses_simulator_fields() {
    use poolsim::config::RunConfig;
    use poolsim::sim::{Arrival, Dist, JobClass, Policy};
    let raw: Raw = serde_json::from_str(
        r#"{"driver":"sim","workers":5000,"jobs":100000,"seed":7,"cores":8,
            "arrival":{"kind":"poisson","ratePerSec":900},
            "service":{"kind":"lognormal","meanMs":4,"sigma":0.5},"jobClass":"cpu",
            "policy":{"kind":"timeout","timeoutMs":20},"collectorDelayMs":0.5}"#,
    )
    .unwrap();
    let RunConfig::Sim(s) = RunConfig::from_raw(&raw).unwrap() else {
        panic!("driver: 'sim' gives a simulated run");
    };
    assert_eq!((s.workers, s.jobs, s.seed, s.cores), (5000, 100_000, 7, 8));
    assert_eq!(
        s.arrival,
        Arrival::Poisson {
            rate_per_sec: 900.0
        }
    );
    assert_eq!(
        s.service,
        Dist::Lognormal {
            mean_ms: 4.0,
            sigma: 0.5
        }
    );
    assert_eq!(s.job_class, JobClass::Cpu);
    assert_eq!(s.policy, Policy::Timeout { timeout_ms: 20.0 });
    let live: Raw = serde_json::from_str(r#"{"driver":"live","workers":2}"#).unwrap();
    assert!(matches!(RunConfig::from_raw(&live), Ok(RunConfig::Live(c)) if c.workers == 2));

    assert_eq!(run_field_of(r#"{"driver":"gpu"}"#), "driver");
    assert_eq!(run_field_of(r#"{"seed":3}"#), "seed");
    // Both drivers take `work` and `failureRate`: the simulator computes the same values.
    let both: Raw =
        serde_json::from_str(r#"{"driver":"sim","work":{"kind":"io"},"failureRate":0.25}"#)
            .unwrap();
    let Ok(RunConfig::Sim(s)) = RunConfig::from_raw(&both) else {
        panic!("the simulator takes work and failureRate");
    };
    assert_eq!((s.work, s.failure_rate), (Work::Io { wait_ms: 10 }, 0.25));
    assert_eq!(
        run_field_of(r#"{"driver":"sim","failureRate":2}"#),
        "failureRate"
    );
    assert_eq!(run_field_of(r#"{"workers":100001}"#), "workers");
    assert_eq!(
        run_field_of(r#"{"driver":"sim","workers":100001}"#),
        "workers"
    );
    assert_eq!(
        run_field_of(r#"{"arrival":{"kind":"poisson","ratePerSec":5}}"#),
        "arrival.kind"
    );
}

#[test]
fn bad_simulator_fields_name_the_field() {
    for (json, field) in [
        (
            r#"{"driver":"sim","service":{"kind":"pareto"}}"#,
            "service.kind",
        ),
        (
            r#"{"driver":"sim","service":{"kind":"exponential","meanMs":0}}"#,
            "service.meanMs",
        ),
        (
            r#"{"driver":"sim","service":{"kind":"exponential","meanMs":-1}}"#,
            "service.meanMs",
        ),
        (
            r#"{"driver":"sim","service":{"kind":"constant","meanMs":1e12}}"#,
            "service.meanMs",
        ),
        (
            r#"{"driver":"sim","service":{"kind":"uniform","meanMs":2,"spreadMs":3}}"#,
            "service.spreadMs",
        ),
        (
            r#"{"driver":"sim","arrival":{"kind":"poisson","ratePerSec":0}}"#,
            "arrival.ratePerSec",
        ),
        (
            r#"{"driver":"sim","arrival":{"kind":"poisson"}}"#,
            "arrival.ratePerSec",
        ),
        (
            r#"{"driver":"sim","policy":{"kind":"timeout"}}"#,
            "policy.timeoutMs",
        ),
        (
            r#"{"driver":"sim","policy":{"kind":"timeout","timeoutMs":0}}"#,
            "policy.timeoutMs",
        ),
        (
            r#"{"driver":"sim","policy":{"kind":"sometimes"}}"#,
            "policy.kind",
        ),
        (r#"{"driver":"sim","jobClass":"gpu"}"#, "jobClass"),
        (r#"{"driver":"sim","cores":0}"#, "cores"),
        (r#"{"driver":"sim","seed":-1}"#, "seed"),
        (
            r#"{"driver":"sim","collectorDelayMs":-2}"#,
            "collectorDelayMs",
        ),
        (r#"{"driver":"sim","extra":1}"#, "extra"),
    ] {
        assert_eq!(run_field_of(json), field, "{json}");
    }
}

#[test]
fn the_live_unbounded_program_takes_a_memory_limit_below_half_the_wasm_memory() {
    let c = parse(r#"{"mode":"unbounded","jobBytes":4096,"memoryLimitBytes":16777216}"#).unwrap();
    assert_eq!(c.mode, poolsim::sim::Mode::Unbounded);
    assert_eq!((c.job_bytes, c.memory_limit_bytes), (4096, 16 << 20));
    assert_eq!(parse("{}").unwrap().memory_limit_bytes, 256 << 20);
    for bad in ["0", "1048575", "536870913", "1.5", "\"lots\""] {
        let json = format!(r#"{{"memoryLimitBytes":{bad}}}"#);
        assert_eq!(field_of(&json), "memoryLimitBytes", "{json}");
    }
    assert_eq!(field_of(r#"{"mode":"forever"}"#), "mode");
}
