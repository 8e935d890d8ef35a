//! Native timing of the seed's workload for `make bench` (scripts/bench.mjs compares it with
//! Chromium and Go). Usage: `cargo bench --bench pool -- <workers> <jobs> <runs> [gomaxprocs]
//! [cpu:<iterations> | io:<ms>]`; `GOMAXPROCS` defaults to the config's default, the work to
//! the seed's `double`. Prints one JSON line with each run's milliseconds.

use poolsim::config::Config;
use poolsim::pool::{self, Control};
use poolsim::work::Work;
use std::sync::Arc;

fn arg(n: usize, name: &str) -> u32 {
    let raw = std::env::args().nth(n).unwrap_or_default();
    raw.parse()
        .unwrap_or_else(|_| panic!("{name}: expected a whole number, got {raw:?}"))
}

/// Argument `n`, unless it is absent or one of the flags `cargo bench` appends.
fn optional(n: usize) -> Option<String> {
    std::env::args().nth(n).filter(|a| !a.starts_with('-'))
}

fn main() {
    // `cargo bench` appends `--bench`; the numbers come first.
    let (workers, jobs, runs) = (arg(1, "workers"), arg(2, "jobs"), arg(3, "runs"));
    let work = match optional(5) {
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
    let defaults = Config::default();
    let config = Config {
        workers,
        jobs,
        work,
        trace_limit: 0,
        gomaxprocs: optional(4).map_or(defaults.gomaxprocs, |_| arg(4, "gomaxprocs")),
        ..defaults
    };
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(config.gomaxprocs as usize)
        .build()
        .expect("a rayon pool");
    let ms: Vec<String> = (0..runs)
        .map(|_| {
            let control = Arc::new(Control::new(&config));
            let summary = threads.install(|| pool::run(&config, &control));
            assert_eq!(summary.results, u64::from(jobs), "every job came back");
            format!("{:.3}", summary.elapsed_ms)
        })
        .collect();
    println!(
        r#"{{"driver":"native","workers":{workers},"gomaxprocs":{},"ms":[{}]}}"#,
        config.gomaxprocs,
        ms.join(",")
    );
}
