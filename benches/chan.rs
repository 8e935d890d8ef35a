//! One sender goroutine, one receiver goroutine, a million values through a channel: the cost
//! of a channel operation alone, for `make bench` to set beside Go's (bench/chan.go, which runs
//! on Go's default GOMAXPROCS). Here on one P (hand-offs in `runnext`) and two. Prints one JSON
//! line per capacity and P count.

use poolsim::chan::Chan;
use poolsim::runtime;
use std::sync::Arc;
use std::time::Instant;

const VALUES: u64 = 1_000_000;
const RUNS: usize = 5;

fn main() {
    for procs in [1usize, 2] {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(procs)
            .build()
            .expect("a rayon pool");
        for cap in [0usize, 1, 100] {
            let ns: Vec<String> = (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    let sum = threads.install(|| {
                        runtime::run(procs, async move {
                            let ch = Arc::new(Chan::new(cap));
                            let tx = Arc::clone(&ch);
                            runtime::go(async move {
                                for v in 0..VALUES {
                                    tx.send(v).await.expect("nobody else closes");
                                }
                                tx.close().expect("closed once");
                            });
                            let mut sum = 0;
                            while let Some(v) = ch.recv().await {
                                sum += v;
                            }
                            sum
                        })
                    });
                    assert_eq!(sum, VALUES * (VALUES - 1) / 2);
                    format!("{:.1}", start.elapsed().as_nanos() as f64 / VALUES as f64)
                })
                .collect();
            println!(
                r#"{{"driver":"native","gomaxprocs":{procs},"cap":{cap},"ns":[{}]}}"#,
                ns.join(",")
            );
        }
    }
}
