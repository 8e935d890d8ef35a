//! The wasm build in real browsers (`wasm-pack test --headless --chrome`, and `--firefox`):
//! goroutines on Ps on wasm-bindgen-rayon's Web Workers, and the JS boundary the engine worker
//! uses.
#![cfg(all(target_arch = "wasm32", target_feature = "atomics"))]

mod common;

use poolsim::config::Config;
use poolsim::pool::{self, Control, Summary};
use poolsim::trace::WORDS;
use poolsim::wasm::{init_thread_pool, validate_config, Engine};
use poolsim::work::{cpu_result, Work};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

// Blocking (a pool run, a channel receive) is allowed in a worker and traps on the main thread.
wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Threads (Ms) for up to four Ps. One pool per test binary: wasm-bindgen-rayon's global pool
/// cannot be rebuilt.
const THREADS: usize = 4;
static POOL_STARTED: AtomicBool = AtomicBool::new(false);

async fn start_pool() {
    if !POOL_STARTED.swap(true, Ordering::SeqCst) {
        JsFuture::from(init_thread_pool(THREADS))
            .await
            .expect("initThreadPool");
    }
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON parses")
}

/// Runs `config` on `procs` Ps.
fn run(config: &Config, procs: usize) -> Summary {
    let config = Config {
        gomaxprocs: procs as u32,
        ..*config
    };
    pool::run(&config, &Arc::new(Control::new(&config)))
}

#[wasm_bindgen_test]
async fn goroutines_on_ps_keep_exactly_once_at_every_scale() {
    start_pool().await;
    assert_eq!(rayon::current_num_threads(), THREADS);
    for procs in [1, THREADS] {
        for workers in [1, 2, 3, 8, 16, 100, 1_000, 10_000] {
            for buffer in [0, 1, 100] {
                let config = Config {
                    workers,
                    jobs: 20_000,
                    jobs_buffer: buffer,
                    results_buffer: buffer,
                    trace_limit: 0,
                    ..Config::default()
                };
                let s = run(&config, procs);
                let case = format!("procs={procs} workers={workers} buffers={buffer}");
                assert_eq!(
                    (s.jobs, s.results, s.duplicates),
                    (20_000, 20_000, 0),
                    "{case}"
                );
                assert_eq!(s.sum, 2 * (1..=20_000u64).sum::<u64>(), "{case}");
                assert_eq!(s.per_worker.iter().sum::<u64>(), 20_000, "{case}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_seeds_pool_in_the_browser_logs_every_job() {
    start_pool().await;
    for workers in [1, 3, 8, 16] {
        for buffer in [0, 100] {
            let config = Config {
                workers,
                jobs: 20_000,
                jobs_buffer: buffer,
                results_buffer: buffer,
                ..Config::default()
            };
            let config = Config {
                gomaxprocs: 2,
                ..config
            };
            let control = Arc::new(Control::new(&config));
            let s = pool::run(&config, &control);
            let case = format!("workers={workers} buffers={buffer}");
            assert_eq!((s.results, s.events_dropped), (20_000, 0), "{case}");
            let mut words = Vec::new();
            control.trace.ring().drain_into(&mut words, usize::MAX);
            let records: Vec<_> = words.chunks(WORDS).collect();
            let count = |kind: u32| records.iter().filter(|w| w[2] & 0xFF == kind).count();
            assert_eq!(count(1), 20_000, "{case}: a JobSent per job");
            assert_eq!(count(13), 20_000, "{case}: a ResultCollected per job");
            assert_eq!(
                count(10),
                workers as usize,
                "{case}: a wg.Done() per worker"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn a_thousand_io_bound_goroutines_wait_on_timers_not_threads() {
    start_pool().await;
    let config = Config {
        workers: 1000,
        jobs: 3000,
        work: Work::Io { wait_ms: 20 },
        ..Config::default()
    };
    let config = Config {
        gomaxprocs: 2,
        ..config
    };
    let control = Arc::new(Control::new(&config));
    let s = pool::run(&config, &control);
    assert_eq!(s.results, 3000);
    assert!(
        s.per_worker.iter().all(|&n| n > 0),
        "every goroutine took jobs"
    );
    // Two threads, yet hundreds of jobs waited at once: each wait parked a goroutine on a
    // timer, not a thread (a thread per wait would allow two at a time).
    let mut words = Vec::new();
    control.trace.ring().drain_into(&mut words, usize::MAX);
    let (mut waiting, mut most) = (0i64, 0i64);
    for w in words.chunks(WORDS) {
        match w[2] & 0xFF {
            5 => waiting += 1, // JobReceived
            6 => waiting -= 1, // JobDone
            _ => {}
        }
        most = most.max(waiting);
    }
    assert!(most >= 500, "at most {most} jobs waited at once");
}

#[wasm_bindgen_test]
async fn cpu_bound_goroutines_spread_over_every_p() {
    start_pool().await;
    let config = Config {
        workers: 8,
        jobs: 64,
        work: Work::Cpu {
            iterations: 2_000_000,
        },
        ..Config::default()
    };
    let s = run(&config, THREADS);
    assert_eq!(s.results, 64);
    assert_eq!(s.threads, THREADS as u64, "Ps that ran jobs");
}

#[wasm_bindgen_test]
async fn cpu_jobs_in_the_browser_match_the_serial_sum() {
    start_pool().await;
    let config = Config {
        workers: 4,
        jobs: 2000,
        work: Work::Cpu { iterations: 1000 },
        ..Config::default()
    };
    let s = run(&config, 3);
    assert_eq!(s.sum, (1..=2000).map(|j| cpu_result(j, 1000)).sum::<u64>());
}

#[wasm_bindgen_test]
async fn the_engine_runs_in_the_background_and_streams_the_log() {
    start_pool().await;
    let mut engine = Engine::new();
    engine
        .start(
            js(r#"{"workers":3,"jobs":3000,"jobsBuffer":10,"resultsBuffer":10}"#),
            None,
            None,
        )
        .expect("a good config starts");
    let mut words = Vec::new();
    while !engine.finished() {
        words.extend(engine.drain(4096));
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    words.extend(engine.drain(usize::MAX));
    // Each record: time (low, high), kind | actor << 8, job, value.
    let kinds = words.chunks(WORDS).map(|w| w[2] & 0xFF);
    assert_eq!(
        kinds.filter(|&k| k == 13).count(),
        3000,
        "a ResultCollected per job"
    );
    let summary = engine.summary().unwrap();
    let results = js_sys::Reflect::get(&summary, &"results".into()).unwrap();
    assert_eq!(results.as_f64(), Some(3000.0));
}

#[wasm_bindgen_test]
fn bad_configs_become_js_errors_that_name_the_field() {
    for (json, field) in [
        (r#"{"workers":0}"#, "workers"),
        (r#"{"workers":"x"}"#, "workers"),
        (r#"{"jobs":-1}"#, "jobs"),
        (r#"{"work":{"kind":"gpu"}}"#, "work.kind"),
        (r#"{"extra":1}"#, "extra"),
    ] {
        let error = validate_config(js(json)).expect_err(json);
        let error: js_sys::Error = error.into();
        let message = String::from(error.message());
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
        let named = js_sys::Reflect::get(&error, &"field".into()).unwrap();
        assert_eq!(named.as_string().as_deref(), Some(field));
    }
    let good = validate_config(js(r#"{"workers":5000,"gomaxprocs":3}"#)).unwrap();
    let threads = js_sys::Reflect::get(&good, &"threads".into()).unwrap();
    assert_eq!(threads.as_f64(), Some(3.0), "a thread per P");
    // GOMAXPROCS by default: one P short of the cores the browser reports, at least one.
    let cores = web_sys_cores();
    let default = validate_config(js("{}")).unwrap();
    let procs = js_sys::Reflect::get(&default, &"gomaxprocs".into()).unwrap();
    assert_eq!(
        procs.as_f64(),
        Some(f64::from(cores.saturating_sub(1).max(1)))
    );
}

#[wasm_bindgen_test]
async fn the_engine_hands_over_every_event_in_batches_after_the_run() {
    start_pool().await;
    let mut engine = Engine::new();
    engine
        .start(js(r#"{"workers":4,"jobs":20000}"#), None, None)
        .expect("a good config starts");
    while !engine.finished() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let mut batches = Vec::new();
    loop {
        let words = engine.drain(16_384);
        if words.is_empty() {
            break;
        }
        batches.push(words.len() / WORDS);
    }
    let sent = batches.iter().sum::<usize>();
    assert!(sent > 100_000, "{batches:?}");
}

/// `navigator.hardwareConcurrency`, read here through JS rather than the crate's own reader.
fn web_sys_cores() -> u32 {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let cores = js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()).unwrap();
    cores.as_f64().unwrap() as u32
}

#[wasm_bindgen_test]
fn the_simulators_golden_log_is_byte_for_byte_the_native_one() {
    let (_, trace) = poolsim::sim::run(&common::golden_config());
    let mut words = Vec::new();
    trace.ring().drain_into(&mut words, usize::MAX);
    assert_eq!(
        poolsim::trace::fingerprint(&words),
        common::GOLDEN_FINGERPRINT
    );
}

#[wasm_bindgen_test]
fn go_source_is_read_and_checked_as_go_does_in_the_browser() {
    // The same recorded corpora as natively (tests/golang.rs): each wrong program stops where
    // Go 1.27 stops, with its words.
    for (corpus, json) in common::GO_CORPORA {
        let (count, wrong) = common::go_corpus_disagreements(json);
        assert!(count >= 5, "{corpus}: {count} programs");
        assert!(wrong.is_empty(), "{corpus}:\n{}", wrong.join("\n"));
    }
}

#[wasm_bindgen_test]
async fn go_programs_end_live_as_go_ended_them_in_the_browser() {
    // The live driver: the program's goroutines on one and on four of the pool's Web Workers,
    // in real time. Only the programs whose outcome does not depend on scheduling (see
    // scripts/record-go-run.mjs) are compared.
    start_pool().await;
    for procs in [1, THREADS] {
        let options = poolsim::golang::vm::Options {
            driver: poolsim::golang::vm::Driver::Live { gomaxprocs: procs },
            ..Default::default()
        };
        let wrong = common::go_live_disagreements(include_str!("go/run/expected.json"), options);
        assert!(wrong.is_empty(), "{procs} Ps: {}", wrong.join("\n\n"));
    }
}

#[wasm_bindgen_test]
fn a_go_int_past_32_bits_is_not_cut_to_a_wasm_usize() {
    // wasm32's usize is 32 bits: an index of 1<<32 cast first would be element 0, a make of
    // 1<<40 values would ask for none. Go panics, or runs out of memory (poolsim's limit).
    let run = |src: &str| poolsim::golang::run(src, Default::default()).expect("it compiles");
    let index = run("package main\n\nimport \"fmt\"\n\nfunc main() {\n\ts := []int{1, 2, 3}\n\ti := 1 << 32\n\tfmt.Println(s[i])\n}\n");
    assert!(
        index
            .stderr
            .starts_with("panic: runtime error: index out of range [4294967296] with length 3"),
        "{}",
        index.stderr
    );
    for src in [
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(len(make([]int, 1<<40)))\n}\n",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(cap(make(chan int, 1<<40)))\n}\n",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc main() {\n\tfmt.Println(len(strings.Repeat(\"x\", 1<<40)))\n}\n",
    ] {
        let out = run(src);
        assert_eq!(out.limit, Some(poolsim::golang::vm::Limit::Memory), "{src}: {out:?}");
    }
}

#[wasm_bindgen_test]
fn go_programs_run_as_go_ran_them_in_the_browser() {
    // The same recorded programs as natively (tests/golang_run.rs), on the VM in virtual time
    // inside the browser's worker: Go's stdout, exit status and crash reports.
    let wrong = common::go_run_disagreements(include_str!("go/run/expected.json"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    let wrong = common::go_run_disagreements(include_str!("go/valid/outputs.json"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    let wrong = common::go_export_disagreements();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
