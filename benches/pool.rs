//! Native timing of the seed's workload for `make bench` (scripts/bench.mjs compares it with
//! Chromium and Go). Usage: `cargo bench --bench pool -- <workers> <jobs> <runs> [procs]
//! [cpu:<iterations> | io:<ms>]`; without `procs`, a thread per goroutine; with it, goroutines
//! on that many Ps. The work is the seed's `double` unless given. Prints one JSON line with
//! each run's milliseconds.

use poolsim::config::Config;
use poolsim::orchestrator;
use poolsim::pool::{self, Control};
use poolsim::work::Work;
use std::sync::Arc;

fn arg(n: usize, name: &str) -> u32 {
    let raw = std::env::args().nth(n).unwrap_or_default();
    raw.parse()
        .unwrap_or_else(|_| panic!("{name}: expected a whole number, got {raw:?}"))
}

fn main() {
    // `cargo bench` appends `--bench`; the numbers come first.
    let (workers, jobs, runs) = (arg(1, "workers"), arg(2, "jobs"), arg(3, "runs"));
    let procs = std::env::args()
        .nth(4)
        .filter(|a| !a.starts_with('-'))
        .map(|_| arg(4, "procs") as usize);
    let work = match std::env::args().nth(5).filter(|a| !a.starts_with('-')) {
        None => Work::Double,
        Some(spec) => match spec.split_once(':') {
            Some(("cpu", n)) => Work::Cpu {
                iterations: n.parse().expect("cpu:<iterations>"),
            },
            Some(("io", n)) => Work::Io {
                wait_ms: n.parse().expect("io:<ms>"),
            },
            _ => panic!("work: expected cpu:<iterations> or io:<ms>, got {spec:?}"),
        },
    };
    let config = Config {
        workers,
        jobs,
        work,
        trace_limit: 0,
        ..Config::default()
    };
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(procs.unwrap_or(config.threads_needed()))
        .build()
        .expect("a rayon pool");
    let ms: Vec<String> = (0..runs)
        .map(|_| {
            let control = Arc::new(Control::new(&config));
            let summary = threads.install(|| match procs {
                Some(procs) => orchestrator::run(&config, &control, procs),
                None => pool::run(&config, &control).unwrap(),
            });
            assert_eq!(summary.results, u64::from(jobs), "every job came back");
            format!("{:.3}", summary.elapsed_ms)
        })
        .collect();
    println!(
        r#"{{"driver":"native","workers":{workers},"procs":{},"ms":[{}]}}"#,
        procs.map_or("null".into(), |p| p.to_string()),
        ms.join(",")
    );
}
