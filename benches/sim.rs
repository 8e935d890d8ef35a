//! The simulator's own speed for `make bench`: 10⁶ jobs through 10 to 10,000 workers, tracing
//! off. Prints one JSON line per worker count with each run's wall milliseconds.

use poolsim::sim::{self, Arrival, Dist, SimConfig};
use std::time::Instant;

const JOBS: u32 = 1_000_000;
const RUNS: usize = 5;

fn main() {
    for workers in [10, 100, 1000, 10_000] {
        let config = SimConfig {
            workers,
            jobs: JOBS,
            // Enough load to keep every worker busy: the pool, not the producer, sets the pace.
            arrival: Arrival::Poisson {
                rate_per_sec: f64::from(workers) * 900.0,
            },
            service: Dist::Exponential { mean_ms: 1.0 },
            trace_limit: 0,
            ..SimConfig::default()
        };
        let ms: Vec<String> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let (summary, _) = sim::run(&config);
                assert_eq!(summary.results, u64::from(JOBS));
                format!("{:.2}", start.elapsed().as_secs_f64() * 1e3)
            })
            .collect();
        println!(
            r#"{{"driver":"sim","workers":{workers},"jobs":{JOBS},"ms":[{}]}}"#,
            ms.join(",")
        );
    }
}
