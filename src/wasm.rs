//! The wasm-bindgen boundary: the engine the browser's engine worker drives.
//!
//! Everything here runs in a dedicated Web Worker, never on the page's main thread: a run blocks
//! threads, and blocking (`Atomics.wait`) traps on the main thread.

use crate::config::{Config, ConfigError, Raw};
use crate::pool::{self, RunHandle};
use crate::trace::WORDS;
use serde::Serialize;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

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

fn parse(config: JsValue) -> Result<Config, JsValue> {
    let raw: Raw = serde_wasm_bindgen::from_value(config).map_err(|e| {
        config_error(&ConfigError {
            field: "config".into(),
            message: e.to_string(),
        })
    })?;
    Config::from_raw(&raw).map_err(|e| config_error(&e))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// Validates a config and returns it with every default filled in, plus `threads`: the pool
/// size the live driver needs for it. Throws an `Error` naming the bad field.
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(config: JsValue) -> Result<JsValue, JsValue> {
    let config = parse(config)?;
    let normalized = to_js(&config)?;
    js_sys::Reflect::set(
        &normalized,
        &"threads".into(),
        &(config.threads_needed() as u32).into(),
    )?;
    Ok(normalized)
}

/// Words per event record in the batches `drain` returns.
#[wasm_bindgen(js_name = eventWords)]
pub fn event_words() -> usize {
    WORDS
}

/// One pool run at a time, started in the background and drained in batches.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    run: Option<Arc<RunHandle>>,
}

#[wasm_bindgen]
impl Engine {
    /// An idle engine. Start the thread pool (`initThreadPool`) before the first `start`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Starts a run without waiting for it. Throws on a bad config or while a run is going.
    pub fn start(&mut self, config: JsValue) -> Result<(), JsValue> {
        let config = parse(config)?;
        if self.run.as_ref().is_some_and(|run| !run.is_finished()) {
            return Err(js_sys::Error::new("a run is already in progress").into());
        }
        self.run = Some(pool::spawn(config));
        Ok(())
    }

    /// Takes up to `max_events` records from the log, four `u32` words each.
    pub fn drain(&self, max_events: usize) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(run) = &self.run {
            run.control.trace.ring().drain_into(&mut out, max_events);
        }
        out
    }

    /// Whether the current run has finished (every result collected, `results` closed).
    pub fn finished(&self) -> bool {
        self.run.as_ref().is_some_and(|run| run.is_finished())
    }

    /// The finished run's summary, or `undefined` while it runs.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        match self.run.as_ref().and_then(|run| run.summary()) {
            Some(summary) => to_js(&summary),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Asks the current run to stop: the producer stops sending and closes `jobs`, jobs still
    /// queued come back as "cancelled" errors, and the pool shuts down through its usual path.
    pub fn cancel(&self) {
        if let Some(run) = &self.run {
            run.control.cancel();
        }
    }

    /// Pauses (`true`) or resumes (`false`) the collector of the current run: results pile up
    /// in `results`, then workers block sending, then `jobs` fills and the producer blocks.
    #[wasm_bindgen(js_name = pauseCollector)]
    pub fn pause_collector(&self, paused: bool) {
        if let Some(run) = &self.run {
            run.control.collector.set_paused(paused);
        }
    }
}
