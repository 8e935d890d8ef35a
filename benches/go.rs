//! The seed's orchestrator as Go source, compiled and run on poolsim's VM (the virtual-time
//! driver, one P), for `make bench` to set beside the same program built by Go (bench/seed.go)
//! and the runtime's own pool: wall-clock milliseconds per run. Also a channel's cost alone in
//! the VM: one goroutine sending a million values to another.
//!
//! Usage: cargo bench --bench go -- <workers> <jobs> <runs>; prints JSON lines.

use poolsim::golang::{
    self,
    vm::{Driver, Options},
};
use std::sync::Arc;
use std::time::Instant;

/// bench/seed-vm.go with `workers` and `jobs` in its constants.
fn seed(workers: usize, jobs: usize) -> String {
    include_str!("../bench/seed-vm.go")
        .replace(
            "const workerCount = 4\n",
            &format!("const workerCount = {workers}\n"),
        )
        .replace(
            "const jobCount = 1000000\n",
            &format!("const jobCount = {jobs}\n"),
        )
}

const PING: &str = r#"package main

import "fmt"

func main() {
	ch := make(chan int)
	go func() {
		for i := 0; i < 1000000; i++ {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	fmt.Println(sum)
}
"#;

fn time_runs(src: &str, runs: usize, want: &str, driver: Driver) -> Vec<String> {
    let program = Arc::new(golang::compile(src).expect("the benchmark compiles"));
    let options = Options {
        driver,
        wall_limit_ms: 600_000,
        max_events: 0,
        ..Options::default()
    };
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = golang::vm::run(Arc::clone(&program), options.clone());
            assert_eq!(out.stdout.trim(), want, "{}", out.stderr);
            format!("{:.1}", start.elapsed().as_secs_f64() * 1e3)
        })
        .collect()
}

fn main() {
    // The numbers among the arguments: the program's path and cargo's `--bench` are not.
    let args: Vec<usize> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    let workers = args.first().copied().unwrap_or(4);
    let jobs = args.get(1).copied().unwrap_or(1_000_000);
    let runs = args.get(2).copied().unwrap_or(5);
    let sum = (jobs * (jobs + 1)).to_string();
    let ms = time_runs(&seed(workers, jobs), runs, &sum, Driver::Sim);
    println!(
        r#"{{"driver":"vm","workers":{workers},"jobs":{jobs},"ms":[{}]}}"#,
        ms.join(",")
    );
    let pinged = (999_999u64 * 1_000_000 / 2).to_string();
    let ping = time_runs(PING, runs, &pinged, Driver::Sim);
    println!(
        r#"{{"driver":"vm","bench":"chan","values":1000000,"ms":[{}]}}"#,
        ping.join(",")
    );
    // The same on the live driver's one P: the runtime the pool's channel is timed on.
    let live = Driver::Live { gomaxprocs: 1 };
    let ping = time_runs(PING, runs, &pinged, live);
    println!(
        r#"{{"driver":"vm-live","bench":"chan","values":1000000,"ms":[{}]}}"#,
        ping.join(",")
    );
}
