//! poolsim: Go's worker-pool pattern as a real pool of threads, with an event log of everything
//! it does, so a browser page can show (and rewind) fan-out, fan-in and backpressure.
//!
//! The core is plain Rust and tested natively; only [`wasm`] knows about JavaScript.

pub mod arrival;
pub mod chan;
pub mod config;
pub mod golang;
pub mod heap;
pub mod pool;
pub mod runtime;
pub mod signal;
pub mod sim;
mod sync;
pub mod trace;
pub mod wait_group;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
