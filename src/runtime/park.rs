//! An M's bed: a token and a condition variable, with an optional wake-up time.

use crate::sync::{Condvar, Mutex};
use std::sync::PoisonError;
use web_time::Instant;

/// Like `std::thread::park`, but owned by the runtime, so a wake-up meant for an M can never
/// be taken by anything else running on its thread.
#[derive(Default)]
pub(super) struct Parker {
    /// Set by `unpark`, taken by `park`: an unpark that comes first is not lost.
    token: Mutex<bool>,
    wake: Condvar,
}

impl Parker {
    /// Sleeps until unparked or until `deadline`.
    pub(super) fn park(&self, deadline: Option<Instant>) {
        let mut token = self.token.lock().unwrap_or_else(PoisonError::into_inner);
        while !*token {
            match deadline {
                None => {
                    token = self
                        .wake
                        .wait(token)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    token = self
                        .wake
                        .wait_timeout(token, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
            }
        }
        *token = false;
    }

    pub(super) fn unpark(&self) {
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.wake.notify_one();
    }
}
