//! Shared by the native and the wasm test suites.
// Each test binary uses its own part of this module.
#![allow(dead_code)]

use poolsim::sim::{Arrival, Dist, JobClass, Policy, SimConfig};

/// A run that touches every random draw: Poisson arrivals, log-normal service, CPU cores, the
/// timeout policy, a slow collector.
pub fn golden_config() -> SimConfig {
    SimConfig {
        workers: 7,
        jobs: 3000,
        jobs_buffer: 4,
        results_buffer: 2,
        arrival: Arrival::Poisson {
            rate_per_sec: 2500.0,
        },
        service: Dist::Lognormal {
            mean_ms: 2.5,
            sigma: 0.9,
        },
        job_class: JobClass::Cpu,
        cores: 3,
        policy: Policy::Timeout { timeout_ms: 1.5 },
        collector_delay_ms: 0.05,
        seed: 2026,
        ..SimConfig::default()
    }
}

/// The golden run's log digest. Both suites check it, natively and in Chromium: the log is the
/// same byte for byte. Change it only with a change to the simulator.
pub const GOLDEN_FINGERPRINT: u64 = 0xb4a9_f521_401f_4966;

/// Checks that a log tells a causal story: each job's send comes before its receive, each
/// result's send before its collection, and every `wg.Done()` before `close(results)`. Returns
/// the first violation found.
pub fn causal_violation(events: &[poolsim::trace::Event]) -> Option<String> {
    use poolsim::trace::Kind;
    use std::collections::HashMap;
    let mut sent = HashMap::new();
    let mut result_sent = HashMap::new();
    let mut results_closed = false;
    for (at, e) in events.iter().enumerate() {
        let k = e.kind;
        if k == Kind::JobSent as u8 {
            sent.insert(e.job, at);
        } else if k == Kind::JobReceived as u8 && e.actor != 0 && !sent.contains_key(&e.job) {
            return Some(format!(
                "event {at}: job {} received before it was sent",
                e.job
            ));
        } else if k == Kind::ResultSent as u8 {
            result_sent.insert(e.job, at);
        } else if k == Kind::ResultCollected as u8 && !result_sent.contains_key(&e.job) {
            return Some(format!(
                "event {at}: result {} collected before it was sent",
                e.job
            ));
        } else if k == Kind::WorkerExited as u8 {
            if results_closed {
                return Some(format!(
                    "event {at}: worker {} exited after close(results)",
                    e.actor
                ));
            }
        } else if k == Kind::ChannelClosed as u8 && e.value == 1 {
            results_closed = true;
        }
    }
    None
}

/// Goroutine test helpers (native: they start threads).
#[cfg(not(target_arch = "wasm32"))]
pub mod go {
    use poolsim::runtime::{self, time::sleep};
    use std::future::Future;
    use std::time::Duration;

    /// Runs `main` on `procs` Ps, failing the test if it takes more than 30 s (a hang).
    pub fn run_on<T: Send + 'static>(
        procs: usize,
        main: impl Future<Output = T> + Send + 'static,
    ) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let threads = rayon::ThreadPoolBuilder::new()
                .num_threads(procs)
                .build()
                .unwrap();
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                threads.install(|| runtime::run(procs, main))
            }));
            let _ = tx.send(out);
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(value)) => value,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => panic!("the runtime hung"),
        }
    }

    /// Long enough for a goroutine that is not blocked to have run.
    pub async fn settle() {
        sleep(Duration::from_millis(20)).await;
    }

    /// Waits (as a goroutine) until `cond` holds.
    pub async fn eventually(cond: impl Fn() -> bool) {
        for _ in 0..2000 {
            if cond() {
                return;
            }
            sleep(Duration::from_millis(1)).await;
        }
        panic!("condition never held");
    }
}

/// Go's recorded first errors (`tests/go/syntax/`, `check/`, `flow/`, `types/`, `valid/`), carried in the binary so
/// that the browsers' tests need no disk.
pub const GO_CORPORA: [(&str, &str); 5] = [
    ("syntax", include_str!("../go/syntax/expected.json")),
    ("check", include_str!("../go/check/expected.json")),
    ("flow", include_str!("../go/flow/expected.json")),
    ("types", include_str!("../go/types/expected.json")),
    // Programs Go builds, each error null: the checks must invent nothing.
    ("valid", include_str!("../go/valid/expected.json")),
];

/// Every program of a recorded corpus whose check differs from what Go said: `name: got …,
/// Go said …`. Empty when poolsim agrees with Go on all of them.
pub fn go_corpus_disagreements(json: &str) -> (usize, Vec<String>) {
    let recorded: serde_json::Value = serde_json::from_str(json).expect("a recorded corpus");
    let cases = recorded["cases"].as_object().expect("cases");
    let mut wrong = Vec::new();
    for (name, case) in cases {
        let source = case["source"].as_str().expect("source");
        let want = case["error"].as_str();
        let got = poolsim::golang::check(source).err().map(|e| e.to_string());
        if got.as_deref() != want {
            wrong.push(format!("{name}: got {got:?}, Go said {want:?}"));
        }
    }
    (cases.len(), wrong)
}
