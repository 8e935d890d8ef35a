//! The locks, atomics and condition variables that threads share, from `std` — or, under
//! `--cfg loom`, from loom, whose model checker then sees every one of them and runs the code in
//! every interleaving (`tests/loom.rs`, `make test-loom`). tokio keeps its scheduler behind the
//! same kind of facade. Code that must be model-checked takes its primitives from here.

#[cfg(loom)]
pub(crate) use loom::sync::{atomic, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::{atomic, Condvar, Mutex, MutexGuard};
