//! `context` and `errgroup` for the VM: a context is a tree of cancellations, each node with
//! a `Done` channel closed once — by its `cancel`, its parent's, or its deadline's timer (a
//! runtime timer, no goroutine) — and the first error that closed it. An errgroup is a wait
//! group that keeps the first error and cancels its context, with an optional limit on the
//! goroutines it runs at once (a buffered channel, as `x/sync/errgroup` has).

use super::value::{lock, Value};
use crate::chan::Chan;
use std::sync::{Arc, Mutex, Weak};

/// A context: `Background` has no `Done` channel and is never cancelled.
pub struct GoContext {
    pub done: Option<Arc<Chan<Value>>>,
    /// The error it was cancelled with (`Canceled`, `DeadlineExceeded`), once it was.
    pub err: Mutex<Value>,
    children: Mutex<Vec<Weak<GoContext>>>,
    /// Virtual nanoseconds, for `Deadline()`.
    pub deadline: Option<u64>,
    /// `WithValue`'s key and value, and the context it wraps.
    pub value: Option<(Value, Value)>,
    /// What `context.Cause` gives: the error given to the cancel (an errgroup's first error),
    /// or `err`.
    pub cause: Mutex<Value>,
    pub parent: Option<Arc<GoContext>>,
}

impl GoContext {
    pub fn background() -> Arc<GoContext> {
        Arc::new(GoContext {
            done: None,
            err: Mutex::new(Value::Nil),
            children: Mutex::new(Vec::new()),
            deadline: None,
            value: None,
            cause: Mutex::new(Value::Nil),
            parent: None,
        })
    }

    /// A child that its parent's cancellation cancels too (at once, if it already has been).
    pub fn child(parent: &Arc<GoContext>, deadline: Option<u64>) -> Arc<GoContext> {
        let deadline = match (deadline, parent.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let ctx = Arc::new(GoContext {
            done: Some(Arc::new(Chan::new(0))),
            err: Mutex::new(Value::Nil),
            children: Mutex::new(Vec::new()),
            deadline,
            value: None,
            cause: Mutex::new(Value::Nil),
            parent: Some(Arc::clone(parent)),
        });
        if let Some(owner) = parent.canceller() {
            lock(&owner.children).push(Arc::downgrade(&ctx));
            let err = lock(&owner.err).clone();
            if !err.is_nil() {
                let cause = lock(&owner.cause).clone();
                ctx.cancel(err, cause);
            }
        }
        ctx
    }

    /// `WithValue`: a node holding a key and value, cancelled with its parent.
    pub fn with_value(parent: &Arc<GoContext>, key: Value, value: Value) -> Arc<GoContext> {
        Arc::new(GoContext {
            done: None,
            err: Mutex::new(Value::Nil),
            children: Mutex::new(Vec::new()),
            deadline: None,
            value: Some((key, value)),
            cause: Mutex::new(Value::Nil),
            parent: Some(Arc::clone(parent)),
        })
    }

    /// The nearest node that can be cancelled (this one or an ancestor).
    fn canceller(self: &Arc<Self>) -> Option<Arc<GoContext>> {
        let mut at = Some(Arc::clone(self));
        while let Some(c) = at {
            if c.done.is_some() {
                return Some(c);
            }
            at = c.parent.clone();
        }
        None
    }

    pub fn deadline(&self) -> Option<u64> {
        self.deadline
            .or_else(|| self.parent.as_ref().and_then(|p| p.deadline()))
    }

    /// `Done()`: the channel closed at cancellation (nil for `Background`).
    pub fn done_chan(self: &Arc<Self>) -> Value {
        match self.canceller().and_then(|c| c.done.clone()) {
            Some(ch) => Value::Chan(ch),
            None => Value::Nil,
        }
    }

    /// `Err()`.
    pub fn error(self: &Arc<Self>) -> Value {
        match self.canceller() {
            Some(c) => lock(&c.err).clone(),
            None => Value::Nil,
        }
    }

    /// `Value(key)`: the nearest node's value for `key`.
    pub fn lookup(&self, key: &Value) -> Value {
        if let Some((k, v)) = &self.value {
            if k.equals(key) {
                return v.clone();
            }
        }
        self.parent.as_ref().map_or(Value::Nil, |p| p.lookup(key))
    }

    /// Cancels this node and its descendants with `err` (and `cause`, nil for `err`), once.
    pub fn cancel(&self, err: Value, cause: Value) {
        {
            let mut e = lock(&self.err);
            if !e.is_nil() || self.done.is_none() {
                return;
            }
            *e = err.clone();
            *lock(&self.cause) = if cause.is_nil() {
                err.clone()
            } else {
                cause.clone()
            };
        }
        if let Some(done) = &self.done {
            let _ = done.close();
        }
        let children = std::mem::take(&mut *lock(&self.children));
        for child in children.iter().filter_map(Weak::upgrade) {
            child.cancel(err.clone(), cause.clone());
        }
    }

    /// `context.Cause`.
    pub fn cause(self: &Arc<Self>) -> Value {
        match self.canceller() {
            Some(c) => lock(&c.cause).clone(),
            None => Value::Nil,
        }
    }
}

/// An errgroup: its goroutines' count, the first error, the context it cancels, and the
/// limit's tokens.
#[derive(Default)]
pub struct GoGroup {
    pub wg: crate::wait_group::WaitGroup,
    pub err: Mutex<Value>,
    pub ctx: Option<Arc<GoContext>>,
    pub sem: Mutex<Option<Arc<Chan<Value>>>>,
}

impl GoGroup {
    /// A goroutine of the group returned `err`: the first one is kept and cancels the context
    /// with `Canceled` — as x/sync 0.1.0 (Debian's, which the corpus is recorded with) does;
    /// later versions give the error as the context's `Cause`.
    pub fn finished(&self, err: Value, canceled: &Value) {
        if !err.is_nil() {
            let mut first = lock(&self.err);
            if first.is_nil() {
                *first = err.clone();
                drop(first);
                if let Some(ctx) = &self.ctx {
                    ctx.cancel(canceled.clone(), Value::Nil);
                }
            }
        }
        if let Some(sem) = lock(&self.sem).clone() {
            let _ = sem.try_recv();
        }
        let _ = self.wg.done();
    }
}
