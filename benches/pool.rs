//! Native timing of the seed's workload for `make bench` (scripts/bench.mjs compares it with
//! Chromium and Go). Usage: `cargo bench --bench pool -- <workers> <jobs> <runs>`; prints one
//! JSON line with each run's milliseconds.

use poolsim::config::Config;
use poolsim::pool::{self, Control};

fn arg(n: usize, name: &str) -> u32 {
    let raw = std::env::args().nth(n).unwrap_or_default();
    raw.parse()
        .unwrap_or_else(|_| panic!("{name}: expected a whole number, got {raw:?}"))
}

fn main() {
    // `cargo bench` appends `--bench`; the numbers come first.
    let (workers, jobs, runs) = (arg(1, "workers"), arg(2, "jobs"), arg(3, "runs"));
    let config = Config {
        workers,
        jobs,
        trace_limit: 0,
        ..Config::default()
    };
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads_needed())
        .build()
        .expect("a rayon pool");
    let ms: Vec<String> = (0..runs)
        .map(|_| {
            let summary = threads.install(|| pool::run(&config, &Control::new(&config)).unwrap());
            assert_eq!(summary.results, u64::from(jobs), "every job came back");
            format!("{:.3}", summary.elapsed_ms)
        })
        .collect();
    println!(
        r#"{{"driver":"native","workers":{workers},"ms":[{}]}}"#,
        ms.join(",")
    );
}
