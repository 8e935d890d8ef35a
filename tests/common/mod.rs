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

/// A crash report's shape, as `scripts/go-report.mjs` reads Go's: the first line, and each
/// goroutine's number, wait reason, frames (the program's with their lines when `lines`) and
/// "created by" line.
pub fn go_report(stderr: &str, lines: bool) -> serde_json::Value {
    let text: Vec<&str> = stderr.split('\n').collect();
    let message = text
        .iter()
        .find(|l| l.starts_with("panic:") || l.starts_with("fatal error:"))
        .map(|l| l.to_string());
    let line_of = |l: Option<&&str>| -> u64 {
        let l = l.copied().unwrap_or("");
        let tail = l.rsplit(':').next().unwrap_or("");
        let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().unwrap_or(0)
    };
    let mut goroutines = Vec::new();
    for (i, line) in text.iter().enumerate() {
        let Some(rest) = line.strip_prefix("goroutine ") else {
            continue;
        };
        let Some((id, state)) = rest.split_once(" [") else {
            continue;
        };
        let Some(state) = state.strip_suffix("]:") else {
            continue;
        };
        let mut frames = Vec::new();
        let mut created_by = serde_json::Value::Null;
        let mut j = i + 1;
        while j < text.len() && !text[j].is_empty() {
            let l = text[j];
            if l.starts_with("created by") {
                created_by = if lines {
                    format!("{l}:{}", line_of(text.get(j + 1))).into()
                } else {
                    l.into()
                };
                break;
            }
            let name: String = l
                .chars()
                .take_while(|c| *c != '(' || l.starts_with("sync.("))
                .collect();
            let name = match l.find("(") {
                Some(at) if l.starts_with("sync.(*") => {
                    // `sync.(*WaitGroup).Wait(…)`: the call's parenthesis is the last `(`.
                    let end = l.rfind('(').unwrap_or(at);
                    l[..end].to_string()
                }
                Some(at) => l[..at].to_string(),
                None => name,
            };
            if name.starts_with("main.") {
                frames.push(if lines {
                    format!("{name}:{}", line_of(text.get(j + 1)))
                } else {
                    name
                });
            } else if name.starts_with("sync.") {
                frames.push(name);
            }
            j += 1;
        }
        goroutines.push(serde_json::json!({
            "id": id.parse::<u64>().unwrap_or(0),
            "state": state,
            "frames": frames,
            "createdBy": created_by,
        }));
    }
    serde_json::json!({ "message": message, "goroutines": goroutines })
}

/// A report's goroutines with the program's own numbered from its first: Go numbers them after
/// the runtime's, and how many of those there are varies from run to run (5 or 6 where the
/// program starts its first; a garbage collection before it adds more).
fn numbered(goroutines: &serde_json::Value) -> serde_json::Value {
    let mut list = goroutines.as_array().cloned().unwrap_or_default();
    let first = list
        .iter()
        .filter_map(|g| g["id"].as_u64())
        .filter(|id| *id != 1)
        .min()
        .unwrap_or(0);
    for g in &mut list {
        if let Some(id) = g["id"].as_u64().filter(|id| *id != 1) {
            g["id"] = format!("first+{}", id - first).into();
        }
    }
    list.into()
}

/// How a run on the VM differs from what Go did, if it does: stdout, exit status, report.
fn go_outcome_disagreement(
    name: &str,
    source: &str,
    want: &serde_json::Value,
    lines: bool,
) -> Option<String> {
    go_outcome_disagreement_with(name, source, want, lines, Default::default())
}

fn go_outcome_disagreement_with(
    name: &str,
    source: &str,
    want: &serde_json::Value,
    lines: bool,
    options: poolsim::golang::vm::Options,
) -> Option<String> {
    let outcome = match poolsim::golang::run(source, options) {
        Ok(o) => o,
        Err(e) => return Some(format!("{name}: refused: {e}")),
    };
    let report = go_report(&outcome.stderr, lines);
    let mut wrong = Vec::new();
    if want["stdout"].as_str() != Some(outcome.stdout.as_str()) {
        wrong.push(format!(
            "stdout {:?}, Go printed {:?}",
            outcome.stdout, want["stdout"]
        ));
    }
    if let Some(stderr) = want["stderr"].as_str() {
        if stderr != outcome.stderr {
            wrong.push(format!("stderr {:?}, Go wrote {stderr:?}", outcome.stderr));
        }
    }
    if want["exitCode"].as_i64() != Some(outcome.exit_code as i64) {
        wrong.push(format!(
            "exit status {}, Go's {}",
            outcome.exit_code, want["exitCode"]
        ));
    }
    if report["message"] != want["message"] {
        wrong.push(format!(
            "message {}, Go's {}",
            report["message"], want["message"]
        ));
    }
    let (ours, gos) = (
        numbered(&report["goroutines"]),
        numbered(&want["goroutines"]),
    );
    if ours != gos {
        wrong.push(format!("goroutines {ours}, Go's {gos}"));
    }
    (!wrong.is_empty()).then(|| format!("{name}: {}\n{}", wrong.join("\n  "), outcome.stderr))
}

/// Every program of a recorded run corpus (`tests/go/run/expected.json`) that the VM does not
/// end as Go did.
pub fn go_run_disagreements(json: &str) -> Vec<String> {
    let recorded: serde_json::Value = serde_json::from_str(json).expect("a recorded corpus");
    let cases = recorded["cases"].as_object().expect("cases");
    assert!(!cases.is_empty(), "an empty corpus");
    cases
        .iter()
        .filter_map(|(name, case)| {
            go_outcome_disagreement(name, case["source"].as_str().expect("source"), case, true)
        })
        .collect()
}

/// An exported program of `tests/go/export/` and what Go did with it, built into the test (the
/// browsers' tests cannot read the disk).
pub fn go_export_case(name: &str) -> Option<(&'static str, &'static str)> {
    macro_rules! case {
        ($name:literal) => {
            (
                include_str!(concat!("../go/export/", $name, ".go")),
                include_str!(concat!("../go/export/", $name, ".json")),
            )
        };
    }
    Some(match name {
        "standard" => case!("standard"),
        "never-close-jobs" => case!("never-close-jobs"),
        "close-results-early" => case!("close-results-early"),
        "collect-after-submit" => case!("collect-after-submit"),
        "wait-before-collect" => case!("wait-before-collect"),
        "wait-after-collect" => case!("wait-after-collect"),
        "add-inside-goroutine" => case!("add-inside-goroutine"),
        "paced-poisson" => case!("paced-poisson"),
        "paced-constant" => case!("paced-constant"),
        _ => return None,
    })
}

/// The programs of a recorded run corpus whose output does not depend on scheduling (Go gave
/// the same on 1 and 4 Ps, each run; `"live": true`), that the VM does not end as Go did when
/// run by `options` (the live driver, on several Ps).
pub fn go_live_disagreements(json: &str, options: poolsim::golang::vm::Options) -> Vec<String> {
    let recorded: serde_json::Value = serde_json::from_str(json).expect("a recorded corpus");
    let cases = recorded["cases"].as_object().expect("cases");
    let live: Vec<_> = cases
        .iter()
        .filter(|(_, case)| case["live"] == serde_json::Value::Bool(true))
        .collect();
    assert!(live.len() >= 10, "only {} live cases", live.len());
    live.into_iter()
        .filter_map(|(name, case)| {
            let source = case["source"].as_str().expect("source");
            go_outcome_disagreement_with(name, source, case, true, options.clone())
        })
        .collect()
}

/// The Go panel's exported programs (`tests/go/export/cases.json`) that the VM does not end as
/// Go did.
pub fn go_export_disagreements() -> Vec<String> {
    let read = |name: &str| go_export_case(name).map(|(s, j)| (s.to_string(), j.to_string()));
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("../go/export/cases.json")).expect("cases.json");
    let mut wrong = Vec::new();
    let names: Vec<&String> = cases["cases"].as_object().expect("cases").keys().collect();
    assert!(names.len() >= 9, "the export corpus shrank");
    for name in names {
        let Some((source, json)) = read(name) else {
            wrong.push(format!(
                "{name}: not built into the tests (common::go_export_case)"
            ));
            continue;
        };
        let want: serde_json::Value = serde_json::from_str(&json).expect("a recorded outcome");
        wrong.extend(go_outcome_disagreement(name, &source, &want, false));
    }
    wrong
}
