//! The wasm-bindgen boundary: the engine the browser's engine worker drives.
//!
//! Everything here runs in a dedicated Web Worker, never on the page's main thread: a live run
//! blocks threads, and blocking (`Atomics.wait`) traps on the main thread. The same code builds
//! without atomics for pages that are not cross-origin isolated; there only the simulated driver
//! runs.

use crate::config::{ConfigError, Raw, RunConfig};
use crate::pool::{self, RunHandle};
use crate::sim::{self, SimSummary};
use crate::trace::{Trace, WORDS};
use serde::Serialize;
use std::sync::{Arc, Mutex, Once, OnceLock, PoisonError};
use wasm_bindgen::prelude::*;

mod go;

#[cfg(target_feature = "atomics")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// A JS `Error` whose message names the field, with the field also as `error.field` so a page
/// can show it beside the right control.
fn config_error(err: &ConfigError) -> JsValue {
    let error = js_sys::Error::new(&err.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"field".into(), &err.field.as_str().into());
    error.into()
}

fn parse(config: JsValue) -> Result<RunConfig, JsValue> {
    // Every entry point that can run anything parses a config first.
    keep_panics();
    let raw: Raw = serde_wasm_bindgen::from_value(config).map_err(|e| {
        config_error(&ConfigError {
            field: "config".into(),
            message: e.to_string(),
        })
    })?;
    RunConfig::from_raw(&raw).map_err(|e| config_error(&e))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // `None` becomes `null`, as the README documents, not a missing field.
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// `value` as a JS object with `driver` set, so results of both drivers say which ran them.
fn with_driver<T: Serialize>(value: &T, driver: &str) -> Result<JsValue, JsValue> {
    let object = to_js(value)?;
    js_sys::Reflect::set(&object, &"driver".into(), &driver.into())?;
    Ok(object)
}

/// The first panic's message in this instance, set by the panic hook on whichever thread
/// panicked. The wasm build aborts on a panic (the thread's worker traps), so nothing unwinds
/// and a live run would just stop: the engine worker reads this instead, reports the panic,
/// and the page starts a fresh engine.
static PANICKED: OnceLock<String> = OnceLock::new();

/// A fault for the next live run, planted by a test of the crash path.
static PLANTED: Mutex<Option<pool::Fault>> = Mutex::new(None);

/// Installs the hook that keeps the first panic's message (once per instance).
fn keep_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let earlier = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let what = info
                .payload_as_str()
                .unwrap_or("a value that is not a message");
            let at = info
                .location()
                .map(|l| format!(" [{}:{}]", l.file(), l.line()))
                .unwrap_or_default();
            let _ = PANICKED.set(format!("panic: {what}{at}"));
            earlier(info);
        }));
    });
}

/// The message of this instance's first panic, Go-style (`panic: …`), if one happened: after
/// it the instance cannot be trusted (a thread died holding whatever it held).
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> Option<String> {
    PANICKED.get().cloned()
}

/// Plants a panic in the next live run: `role` (`producer`, `worker` or `collector`) panics
/// at job `job`. For tests of the crash path only.
#[doc(hidden)]
#[wasm_bindgen(js_name = plantFault)]
pub fn plant_fault(role: &str, job: u32) -> Result<(), JsValue> {
    let fault = match role {
        "producer" => pool::Fault::Producer(job),
        "worker" => pool::Fault::Worker(job),
        "collector" => pool::Fault::Collector(job),
        _ => return Err(js_sys::Error::new("role: producer, worker or collector").into()),
    };
    *PLANTED.lock().unwrap_or_else(PoisonError::into_inner) = Some(fault);
    Ok(())
}

/// Whether this build has threads (the live driver); the other build runs only the simulator.
#[wasm_bindgen(js_name = hasThreads)]
pub fn has_threads() -> bool {
    cfg!(target_feature = "atomics")
}

/// Validates a config and returns it with every default filled in, its `driver`, and
/// `threads`: the pool size the live driver needs, one thread per P (0 for the simulator).
/// Throws an `Error` naming the bad field.
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(config: JsValue) -> Result<JsValue, JsValue> {
    let (normalized, threads) = match parse(config)? {
        RunConfig::Live(c) => (with_driver(&c, "live")?, c.gomaxprocs as usize),
        RunConfig::Sim(c) => (with_driver(&c, "sim")?, 0),
    };
    js_sys::Reflect::set(&normalized, &"threads".into(), &(threads as u32).into())?;
    Ok(normalized)
}

/// A sizing sweep: runs a simulated config once per worker count in `workers` (at most 64
/// counts), tracing off; returns `[{workers, throughputPerSec, meanLatencyMs, p95LatencyMs}]`.
#[wasm_bindgen(js_name = sweepSizes)]
pub fn sweep_sizes(config: JsValue, workers: Vec<u32>) -> Result<JsValue, JsValue> {
    let RunConfig::Sim(config) = parse(config)? else {
        return Err(config_error(&ConfigError {
            field: "driver".into(),
            message: "a sizing sweep runs on the simulated driver: use driver: 'sim'".into(),
        }));
    };
    if workers.is_empty()
        || workers.len() > 64
        || workers.iter().any(|&w| w == 0 || w > sim::MAX_SIM_WORKERS)
    {
        return Err(config_error(&ConfigError {
            field: "workers".into(),
            message: format!(
                "a sweep takes 1 to 64 worker counts, each from 1 to {}",
                sim::MAX_SIM_WORKERS
            ),
        }));
    }
    to_js(&sim::sweep(&config, &workers))
}

/// Words per event record in the batches `drain` returns.
/// Latency and drops against load: runs a simulated config once per arrival rate in `rates`
/// (1 to 64 rates, each above 0 and at most 10⁹ a second). Resolves to the sweep's points.
#[wasm_bindgen(js_name = sweepLoads)]
pub fn sweep_loads(config: JsValue, rates: Vec<f64>) -> Result<JsValue, JsValue> {
    let RunConfig::Sim(config) = parse(config)? else {
        return Err(config_error(&ConfigError {
            field: "driver".into(),
            message: "a load sweep runs on the simulated driver: use driver: 'sim'".into(),
        }));
    };
    if rates.is_empty() || rates.len() > 64 || rates.iter().any(|r| !(*r > 0.0 && *r <= 1e9)) {
        return Err(config_error(&ConfigError {
            field: "rates".into(),
            message: "a load sweep takes 1 to 64 arrival rates, each above 0 and at most 10^9 \
                      a second"
                .into(),
        }));
    }
    to_js(&sim::load_sweep(&config, &rates))
}

#[wasm_bindgen(js_name = eventWords)]
pub fn event_words() -> usize {
    WORDS
}

/// The current run: live (on the thread pool, in the background) or simulated (already over).
enum Current {
    Live(Arc<RunHandle>),
    Sim(Box<(SimSummary, Trace)>),
}

impl Current {
    fn trace(&self) -> &Trace {
        match self {
            Current::Live(run) => &run.control.trace,
            Current::Sim(sim) => &sim.1,
        }
    }

    fn finished(&self) -> bool {
        match self {
            Current::Live(run) => run.is_finished(),
            Current::Sim(_) => true,
        }
    }
}

/// One run at a time, live or simulated, drained in batches.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    run: Option<Current>,
}

#[wasm_bindgen]
impl Engine {
    /// An idle engine. For live runs, start the thread pool (`initThreadPool`) first.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Starts a run: a live one in the background, a simulated one to the end at once (it is
    /// one thread and fast). Throws on a bad config or while a live run is going. `cancelled`
    /// and `paused`: what the page asked of the run before it began, in force from its first
    /// event (a simulated run cancelled so records its start and end and does nothing).
    pub fn start(
        &mut self,
        config: JsValue,
        cancelled: Option<bool>,
        paused: Option<bool>,
    ) -> Result<(), JsValue> {
        let config = parse(config)?;
        if self.run.as_ref().is_some_and(|run| !run.finished()) {
            return Err(js_sys::Error::new("a run is already in progress").into());
        }
        self.run = Some(match config {
            RunConfig::Live(c) => {
                if !has_threads() {
                    return Err(config_error(&ConfigError {
                        field: "driver".into(),
                        message: "the live driver needs wasm threads, and this is the build \
                                  without them (for pages that cannot have shared memory); use \
                                  driver: 'sim'"
                            .into(),
                    }));
                }
                let prepare = |control: &mut pool::Control| {
                    if cancelled == Some(true) {
                        control.cancel();
                    }
                    control.collector.set_paused(paused == Some(true));
                    control.fault = PLANTED
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .take();
                };
                // The pool's threads are the Ms; `initThreadPool` made at least `gomaxprocs`.
                Current::Live(pool::spawn(c, prepare))
            }
            RunConfig::Sim(c) if cancelled == Some(true) => {
                Current::Sim(Box::new(sim::cancelled(&c)))
            }
            RunConfig::Sim(c) => Current::Sim(Box::new(sim::run(&c))),
        });
        Ok(())
    }

    /// Takes up to `max_events` records from the log, four `u32` words each.
    pub fn drain(&self, max_events: usize) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(run) = &self.run {
            run.trace().ring().drain_into(&mut out, max_events);
        }
        out
    }

    /// Whether the current run has finished (every result collected, `results` closed).
    pub fn finished(&self) -> bool {
        self.run.as_ref().is_some_and(Current::finished)
    }

    /// The finished run's summary (with `driver`), or `undefined` while it runs.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        match &self.run {
            Some(Current::Live(run)) => match run.summary() {
                Some(summary) => with_driver(&summary, "live"),
                None => Ok(JsValue::UNDEFINED),
            },
            Some(Current::Sim(sim)) => with_driver(&sim.0, "sim"),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Asks the current live run to stop: the producer stops sending and closes `jobs`, jobs
    /// still queued come back as "cancelled" errors, and the pool shuts down its usual way.
    pub fn cancel(&self) {
        if let Some(Current::Live(run)) = &self.run {
            run.control.cancel();
        }
    }

    /// Pauses (`true`) or resumes (`false`) the collector of the current live run: results
    /// pile up in `results`, then workers block sending, then `jobs` fills and the producer
    /// blocks.
    #[wasm_bindgen(js_name = pauseCollector)]
    pub fn pause_collector(&self, paused: bool) {
        if let Some(Current::Live(run)) = &self.run {
            run.control.collector.set_paused(paused);
        }
    }
}
