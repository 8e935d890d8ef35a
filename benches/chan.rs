//! One sender, one receiver, a million values through a channel: the cost of a channel operation
//! alone, for `make bench` to set beside Go's (bench/chan.go). Prints one JSON line per capacity.

use poolsim::chan::Chan;
use std::time::Instant;

const VALUES: u64 = 1_000_000;
const RUNS: usize = 5;

fn main() {
    for cap in [0usize, 1, 100] {
        let ns: Vec<String> = (0..RUNS)
            .map(|_| {
                let ch = Chan::new(cap);
                let start = Instant::now();
                std::thread::scope(|s| {
                    s.spawn(|| {
                        for v in 0..VALUES {
                            ch.send(v).expect("nobody else closes");
                        }
                        ch.close().expect("closed once");
                    });
                    let mut sum = 0;
                    while let Some(v) = ch.recv() {
                        sum += v;
                    }
                    assert_eq!(sum, VALUES * (VALUES - 1) / 2);
                });
                format!("{:.1}", start.elapsed().as_nanos() as f64 / VALUES as f64)
            })
            .collect();
        println!(
            r#"{{"driver":"native","cap":{cap},"ns":[{}]}}"#,
            ns.join(",")
        );
    }
}
