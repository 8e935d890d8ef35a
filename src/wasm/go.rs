//! Go source at the wasm boundary: `runGo` runs a program in virtual time to its end at once;
//! `GoRun` runs one live, on the thread pool in the background, for the engine worker to poll
//! and cancel.

use super::{config_error, keep_panics, with_driver};
use crate::config::ConfigError;
use crate::golang::vm::{self, Driver, Limit, Outcome, Stopper};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use wasm_bindgen::prelude::*;

/// `runGo`'s options read, every key checked by name (serde-wasm-bindgen reads a struct's own
/// fields only: a misspelt option would pass unseen).
fn options(options: JsValue) -> Result<vm::Options, JsValue> {
    keep_panics();
    let raw: crate::golang::RunOptions = if options.is_undefined() || options.is_null() {
        crate::golang::RunOptions::default()
    } else {
        if let Some(object) = options.dyn_ref::<js_sys::Object>() {
            for key in js_sys::Object::keys(object).iter() {
                let key = key.as_string().unwrap_or_default();
                if !crate::golang::RunOptions::FIELDS.contains(&key.as_str()) {
                    return Err(config_error(&ConfigError {
                        message: format!(
                            "unknown option `{key}`; options are {}",
                            crate::golang::RunOptions::FIELDS.join(", ")
                        ),
                        field: key,
                    }));
                }
            }
        }
        serde_wasm_bindgen::from_value(options).map_err(|e| {
            config_error(&ConfigError {
                field: "options".into(),
                message: e.to_string(),
            })
        })?
    };
    raw.options().map_err(|e| {
        config_error(&ConfigError {
            field: e.field.into(),
            message: e.message,
        })
    })
}

/// Compiles `source`; a compile error is a JS `Error` with `line` and `column`, its message as
/// the `go` command prints it.
fn compile(source: &str) -> Result<Arc<crate::golang::code::Program>, JsValue> {
    crate::golang::compile(source).map(Arc::new).map_err(|e| {
        let error = js_sys::Error::new(&e.to_string());
        let _ = js_sys::Reflect::set(&error, &"line".into(), &e.pos.line.into());
        let _ = js_sys::Reflect::set(&error, &"column".into(), &e.pos.col.into());
        JsValue::from(error)
    })
}

/// A program's outcome as the page gets it; `events` is the log, six `u32` words a record
/// (README, "Go source"), one array, not an object each.
fn result(out: Outcome, driver: &str) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct GoResult {
        stdout: String,
        stderr: String,
        exit_code: i32,
        elapsed_ms: f64,
        peak_goroutines: usize,
        limit: Option<&'static str>,
        events_truncated: bool,
    }
    let limit = out.limit.map(|l| match l {
        Limit::VirtualTime => "virtualTime",
        Limit::WallTime => "wallTime",
        Limit::Goroutines => "goroutines",
        Limit::Memory => "memory",
        Limit::Cancelled => "cancelled",
    });
    let result = with_driver(
        &GoResult {
            stdout: out.stdout,
            stderr: out.stderr,
            exit_code: out.exit_code,
            elapsed_ms: out.elapsed_ns as f64 / 1e6,
            peak_goroutines: out.peak_goroutines,
            limit,
            events_truncated: out.events_truncated,
        },
        driver,
    )?;
    let words: Vec<u32> = out.events.iter().flat_map(|e| e.words()).collect();
    js_sys::Reflect::set(
        &result,
        &"events".into(),
        &js_sys::Uint32Array::from(words.as_slice()),
    )?;
    Ok(result)
}

/// `runGo` in virtual time: compiles Go source and runs it to its end. Resolves to `{stdout,
/// stderr, exitCode, elapsedMs, peakGoroutines, limit, driver, events, eventsTruncated}` for
/// every program that ran (a panic or a deadlock is a result with `exitCode: 2`); throws an
/// `Error` for a compile error (with `line` and `column`) or a refused option (with `field`),
/// and for `driver: 'live'`, which runs through [`GoRun`].
#[wasm_bindgen(js_name = runGo)]
pub fn run_go(source: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = self::options(options)?;
    if options.driver != Driver::Sim {
        return Err(config_error(&ConfigError {
            field: "driver".into(),
            message: "a live program runs in the background: GoRun.start".into(),
        }));
    }
    let program = compile(source)?;
    result(vm::run(program, options), "sim")
}

/// The threads a Go program's options need: GOMAXPROCS for `driver: 'live'`, 0 in virtual
/// time. Throws for a refused option, naming it.
#[wasm_bindgen(js_name = goThreads)]
pub fn go_threads(options: JsValue) -> Result<u32, JsValue> {
    Ok(match self::options(options)?.driver {
        Driver::Sim => 0,
        Driver::Live { gomaxprocs } => gomaxprocs as u32,
    })
}

/// What the page's engine worker and the program's threads share.
#[derive(Default)]
struct Shared {
    finished: AtomicBool,
    outcome: Mutex<Option<Outcome>>,
    stopper: Mutex<Option<Stopper>>,
    cancelled: AtomicBool,
}

/// A Go program running live: on `gomaxprocs` threads of the pool (`initThreadPool` first),
/// in the background; the engine worker polls `finished()` and takes `result()`.
#[wasm_bindgen]
pub struct GoRun(Arc<Shared>);

#[wasm_bindgen]
impl GoRun {
    /// Compiles and starts a program with `driver: 'live'`. Throws as `runGo` does: a compile
    /// error with `line` and `column`, a refused option with `field`.
    pub fn start(source: &str, options: JsValue) -> Result<GoRun, JsValue> {
        let options = self::options(options)?;
        if options.driver == Driver::Sim {
            return Err(config_error(&ConfigError {
                field: "driver".into(),
                message: "GoRun runs driver: 'live'; virtual time runs through runGo".into(),
            }));
        }
        if !cfg!(target_feature = "atomics") {
            return Err(config_error(&ConfigError {
                field: "driver".into(),
                message: "the live driver needs wasm threads; this build has none".into(),
            }));
        }
        let program = compile(source)?;
        let shared = Arc::new(Shared::default());
        let background = Arc::clone(&shared);
        rayon::spawn(move || {
            let keep = Arc::clone(&background);
            let out = vm::run_with(program, options, move |stopper| {
                let mut slot = keep.stopper.lock().unwrap_or_else(PoisonError::into_inner);
                // A cancel that came before the program started stops it now.
                if keep.cancelled.load(Ordering::Acquire) {
                    stopper.cancel();
                }
                *slot = Some(stopper);
            });
            *background
                .outcome
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(out);
            background.finished.store(true, Ordering::Release);
        });
        Ok(GoRun(shared))
    }

    /// Whether the program has ended (`result()` is ready).
    pub fn finished(&self) -> bool {
        self.0.finished.load(Ordering::Acquire)
    }

    /// The program's result, as `runGo`'s, once `finished()`; `null` before.
    pub fn result(&self) -> Result<JsValue, JsValue> {
        let out = self
            .0
            .outcome
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match out {
            Some(out) => result(out, "live"),
            None => Ok(JsValue::NULL),
        }
    }

    /// Stops the program at once: its result says `limit: 'cancelled'`.
    pub fn cancel(&self) {
        let slot = self
            .0
            .stopper
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.0.cancelled.store(true, Ordering::Release);
        if let Some(stopper) = slot.as_ref() {
            stopper.cancel();
        }
    }
}
