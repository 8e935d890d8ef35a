//! The wasm build in real Chromium (`wasm-pack test --headless --chrome`): the threaded pool on
//! wasm-bindgen-rayon's Web Workers, and the JS boundary the engine worker uses.
#![cfg(all(target_arch = "wasm32", target_feature = "atomics"))]

mod common;

use poolsim::config::Config;
use poolsim::pool::{self, Control};
use poolsim::trace::WORDS;
use poolsim::wasm::{init_thread_pool, validate_config, Engine};
use poolsim::work::{cpu_result, Work};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

// Blocking (a pool run, a channel receive) is allowed in a worker and traps on the main thread.
wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Enough threads for 16 workers plus producer, closer and collector. One pool per test binary:
/// wasm-bindgen-rayon's global pool cannot be rebuilt.
const THREADS: usize = 19;
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

#[wasm_bindgen_test]
async fn the_threaded_pool_keeps_exactly_once_on_several_threads() {
    start_pool().await;
    assert_eq!(rayon::current_num_threads(), THREADS);
    for workers in [1, 3, 8, 16] {
        for buffer in [0, 100] {
            let config = Config {
                workers,
                jobs: 20_000,
                jobs_buffer: buffer,
                results_buffer: buffer,
                ..Config::default()
            };
            let s = pool::run(&config, &Control::new(&config)).unwrap();
            let case = format!("workers={workers} buffers={buffer}");
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

#[wasm_bindgen_test]
async fn io_bound_workers_each_hold_their_own_thread() {
    start_pool().await;
    let config = Config {
        workers: 8,
        jobs: 160,
        work: Work::Io { wait_ms: 2 },
        ..Config::default()
    };
    let s = pool::run(&config, &Control::new(&config)).unwrap();
    assert_eq!(s.results, 160);
    assert!(s.per_worker.iter().all(|&n| n > 0), "{:?}", s.per_worker);
    assert_eq!(
        s.threads, 8,
        "eight workers ran on eight distinct Web Workers"
    );
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
    let s = pool::run(&config, &Control::new(&config)).unwrap();
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
    let good = validate_config(js(r#"{"workers":5}"#)).unwrap();
    let threads = js_sys::Reflect::get(&good, &"threads".into()).unwrap();
    assert_eq!(threads.as_f64(), Some(8.0));
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
