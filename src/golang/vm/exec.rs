//! The interpreter: one goroutine's loop over its frames' operations. It is an `async fn`, so
//! a channel operation, a `wg.Wait()` or a `time.Sleep` that must wait returns `Pending` to the
//! scheduler — the goroutine parks, its thread goes on — and resumes where it stopped.

use super::super::code::{BinOp, Conv, Func, FuncId, Native, Num, Op, RType, TypeId};
use super::log::{Kind, Wait};
use super::value::{lock, Callee, Closure, Ptr, Slice, Value};
use super::{fmt as gofmt, GInfo, GState, Machine};
use crate::chan::Chan;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Operations a goroutine runs (in calls and backward jumps) before it yields its P, as Go
/// preempts a goroutine that runs 10 ms: no loop holds the program.
const BUDGET: u32 = 4096;

/// Calls deep before a goroutine's stack is "exhausted": Go's limit is 1 GB of stack, which
/// a recursion without end reaches; this is a few MB of frames.
const MAX_FRAMES: usize = 50_000;

/// Starts goroutine 1: package variables' initialisers, then `main.main`.
pub(crate) fn start_main(m: &Arc<Machine>) {
    let g = Arc::new(GInfo {
        id: 1,
        created_by: None,
        state: Mutex::new(GState::default()),
    });
    let init = m.program.init;
    let main = m.program.main;
    let go = Goroutine::new(m, g);
    m.clock.spawn(Box::pin(go.run(vec![
        (Value::code(init), Vec::new()),
        (Value::code(main), Vec::new()),
    ])));
}

struct Frame {
    func: Arc<Func>,
    id: FuncId,
    pc: usize,
    base: usize,
    /// Whether the function value sits below `base` (to be removed on return).
    callee_below: bool,
    captures: Option<Arc<Closure>>,
    defers: Vec<(Value, Vec<Value>)>,
    /// The results being returned while deferred calls run.
    returning: Option<Vec<Value>>,
    /// A deferred call: its results are dropped.
    deferred: bool,
}

/// A panic in flight: its value, whether a deferred call has recovered it, and the stack it
/// started in (the report shows it: deferred calls run above it).
struct Panicking {
    value: Value,
    recovered: bool,
    frames: Vec<(FuncId, u32)>,
    library: &'static [&'static str],
}

/// What the loop does after a runtime error or a `panic`.
enum Flow {
    Next,
    /// The goroutine is done (returned from its first function, or the program ended).
    Exit,
}

struct Goroutine {
    m: Arc<Machine>,
    g: Arc<GInfo>,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    panicking: Option<Panicking>,
    /// Panics a later panic (in a deferred call) cut short; Go's report lists them first.
    aborted: Vec<Panicking>,
    /// The library frames of a native that is panicking (`sync.(*WaitGroup).Add`).
    library: &'static [&'static str],
    budget: u32,
    /// Set when a call went past [`MAX_FRAMES`]: the loop ends the program.
    stack_overflow: bool,
}

impl Goroutine {
    fn new(m: &Arc<Machine>, g: Arc<GInfo>) -> Goroutine {
        let live = m.live.fetch_add(1, Ordering::Relaxed) + 1;
        m.peak.fetch_max(live, Ordering::Relaxed);
        lock(&m.goroutines).push(Arc::clone(&g));
        Goroutine {
            m: Arc::clone(m),
            g,
            stack: Vec::with_capacity(64),
            frames: Vec::with_capacity(8),
            panicking: None,
            aborted: Vec::new(),
            library: &[],
            budget: BUDGET,
            stack_overflow: false,
        }
    }

    /// Runs each call in turn (goroutine 1 runs `init`, then `main`), then exits.
    async fn run(mut self, calls: Vec<(Value, Vec<Value>)>) {
        let first = self.g.id == 1;
        for (callee, args) in calls {
            if self.m.exited() {
                break;
            }
            self.stack.push(callee);
            let n = args.len() as u16;
            self.stack.extend(args);
            if let Flow::Exit = self.call_value(n, false).await {
                break;
            }
            if !self.frames.is_empty() {
                self.exec().await;
            }
        }
        if first {
            // main returned: the program is over, whatever else runs.
            self.m.exit(0);
        }
        lock(&self.g.state).exited = true;
        self.m.live.fetch_sub(1, Ordering::Relaxed);
        self.m.record(Kind::GoExited, self.g.id, 0, 0, 0);
    }

    fn frame(&mut self) -> &mut Frame {
        let at = self.frames.len() - 1;
        &mut self.frames[at]
    }

    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or_default()
    }

    fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len().saturating_sub(n);
        self.stack.split_off(at)
    }

    fn program(&self) -> &super::super::code::Program {
        &self.m.program
    }

    /// Pushes a frame for compiled function `id` whose `n` arguments are on the stack.
    fn enter(&mut self, id: FuncId, n: u16, captures: Option<Arc<Closure>>, callee_below: bool) {
        if self.frames.len() >= MAX_FRAMES {
            self.stack_overflow = true;
        }
        let func = Arc::clone(&self.m.program.funcs[id as usize]);
        let base = self.stack.len() - n as usize;
        self.stack.resize(base + func.slots as usize, Value::Nil);
        self.frames.push(Frame {
            func,
            id,
            pc: 0,
            base,
            callee_below,
            captures,
            defers: Vec::new(),
            returning: None,
            deferred: false,
        });
    }

    /// Calls the function value below the top `n` values: a compiled function gets a frame,
    /// a native runs now.
    async fn call_value(&mut self, n: u16, deferred: bool) -> Flow {
        let at = self.stack.len() - n as usize - 1;
        let callee = std::mem::take(&mut self.stack[at]);
        let Value::Func(closure) = callee else {
            self.stack.truncate(at);
            return self.runtime_error(
                "invalid memory address or nil pointer dereference".into(),
                true,
            );
        };
        let Some((native, args)) = self.enter_closure(&closure, at, n, deferred) else {
            return Flow::Next;
        };
        match Box::pin(self.native(native, args)).await {
            Ok(values) => {
                if !deferred {
                    self.stack.extend(values);
                }
                Flow::Next
            }
            Err(flow) => flow,
        }
    }

    /// Calls `closure` (taken from the stack at `at`, its `n` arguments above it): compiled
    /// code gets a frame (a method value's receiver first among its arguments); a native's
    /// function and arguments (its captured receiver first) come back for the caller to run.
    fn enter_closure(
        &mut self,
        closure: &Arc<Closure>,
        at: usize,
        n: u16,
        deferred: bool,
    ) -> Option<(Native, Vec<Value>)> {
        match closure.callee {
            Callee::Code(id) => {
                let captures = (!closure.captures.is_empty()).then(|| Arc::clone(closure));
                self.enter(id, n, captures, true);
            }
            Callee::Method(id) => {
                let receiver = closure.captures.first().cloned().unwrap_or_default();
                self.stack.insert(at + 1, receiver);
                self.enter(id, n + 1, None, true);
            }
            Callee::Native(native) => {
                let args = self.pop_n(n as usize);
                self.stack.truncate(at);
                let mut all = closure.captures.to_vec();
                all.extend(args);
                return Some((native, all));
            }
        }
        self.frame().deferred = deferred;
        None
    }

    /// Runs the top frame's code until the first frame returns, the goroutine exits, or the
    /// program ends.
    async fn exec(&mut self) {
        let bottom = self.frames.len();
        loop {
            if self.frames.len() < bottom {
                return;
            }
            let frame = self.frames.last_mut().expect("a frame");
            let Some(&op) = frame.func.code.get(frame.pc) else {
                // Ran off the end of a function without results.
                if let Flow::Exit = self.ret(Vec::new()).await {
                    return;
                }
                continue;
            };
            frame.pc += 1;
            let base = frame.base;
            let flow = match op {
                Op::Const(i) => {
                    let v = frame.func.consts[i as usize].clone();
                    self.stack.push(v);
                    Flow::Next
                }
                Op::Nil => {
                    self.stack.push(Value::Nil);
                    Flow::Next
                }
                Op::Local(i) => {
                    let v = self.stack[base + i as usize].clone();
                    self.stack.push(v);
                    Flow::Next
                }
                Op::SetLocal(i) => {
                    let v = self.pop();
                    self.stack[base + i as usize] = v;
                    Flow::Next
                }
                Op::NewCell(i) => {
                    let v = self.pop();
                    self.stack[base + i as usize] = Value::Pointer(Ptr::cell(v));
                    Flow::Next
                }
                Op::LoadCell(i) => {
                    let v = match &self.stack[base + i as usize] {
                        Value::Pointer(p) => p.load(),
                        _ => Value::Nil,
                    };
                    self.stack.push(v);
                    Flow::Next
                }
                Op::StoreCell(i) => {
                    let v = self.pop();
                    if let Value::Pointer(p) = &self.stack[base + i as usize] {
                        p.store(v);
                    }
                    Flow::Next
                }
                Op::Capture(i) => {
                    let v = frame
                        .captures
                        .as_ref()
                        .and_then(|c| c.captures.get(i as usize).cloned())
                        .unwrap_or_default();
                    self.stack.push(v);
                    Flow::Next
                }
                Op::Global(i) => {
                    let p = self.m.globals[i as usize].clone();
                    self.stack.push(Value::Pointer(p));
                    Flow::Next
                }
                Op::Deref => match self.pop() {
                    Value::Pointer(p) => {
                        self.stack.push(p.load());
                        Flow::Next
                    }
                    _ => self.nil_dereference(),
                },
                Op::Store => {
                    let v = self.pop();
                    match self.pop() {
                        Value::Pointer(p) => {
                            p.store(v);
                            Flow::Next
                        }
                        _ => self.nil_dereference(),
                    }
                }
                Op::Pop => {
                    self.stack.pop();
                    Flow::Next
                }
                Op::Dup => {
                    let v = self.stack.last().cloned().unwrap_or_default();
                    self.stack.push(v);
                    Flow::Next
                }
                Op::Binary(op, num) => {
                    let y = self.pop();
                    let x = self.pop();
                    if let (Value::Str(a), Value::Str(b)) = (&x, &y) {
                        // `s += s` doubles: a few dozen turns reach any memory.
                        if a.len() + b.len() > 1 << 16 && !self.room_for(a.len() + b.len()) {
                            return;
                        }
                    }
                    match binary(op, num, &x, &y) {
                        Ok(v) => {
                            self.stack.push(v);
                            Flow::Next
                        }
                        Err(msg) => self.runtime_error(msg, false),
                    }
                }
                Op::Neg(num) => {
                    let x = self.pop();
                    self.stack.push(match (num, x) {
                        (Num::Float, x) => Value::Float(-x.float()),
                        (Num::Int(k), x) => Value::Int(k.wrap(x.int().wrapping_neg())),
                        (_, x) => x,
                    });
                    Flow::Next
                }
                Op::Not => {
                    let x = self.pop();
                    self.stack.push(Value::Bool(!x.bool()));
                    Flow::Next
                }
                Op::Complement(k) => {
                    let x = self.pop();
                    self.stack.push(Value::Int(k.wrap(!x.int())));
                    Flow::Next
                }
                Op::Convert(conv) => {
                    let x = self.pop();
                    self.stack.push(convert(conv, x));
                    Flow::Next
                }
                Op::Jump(to) => {
                    let back = (to as usize) < frame.pc;
                    frame.pc = to as usize;
                    if back {
                        self.tick().await;
                    }
                    Flow::Next
                }
                Op::JumpIfFalse(to) => {
                    if !self.pop().bool() {
                        self.frame().pc = to as usize;
                    }
                    Flow::Next
                }
                Op::JumpIfTrue(to) => {
                    if self.pop().bool() {
                        self.frame().pc = to as usize;
                    }
                    Flow::Next
                }
                Op::Call(f, n) => {
                    self.enter(f, n, None, false);
                    if self.stack_overflow {
                        return self.overflow();
                    }
                    self.tick().await;
                    Flow::Next
                }
                Op::CallValue(n) => {
                    let flow = self.call_value(n, false).await;
                    if self.stack_overflow {
                        return self.overflow();
                    }
                    self.tick().await;
                    flow
                }
                Op::CallNative(native, n) => {
                    let args = self.pop_n(n as usize);
                    match self.native(native, args).await {
                        Ok(values) => {
                            self.stack.extend(values);
                            Flow::Next
                        }
                        Err(flow) => flow,
                    }
                }
                Op::Return(n) => {
                    let frame = self.frame();
                    let values = match frame.returning.take() {
                        Some(values) => values,
                        None => {
                            let at = self.stack.len() - n as usize;
                            self.stack.split_off(at)
                        }
                    };
                    self.ret(values).await
                }
                Op::ReturnNamed => self.ret(Vec::new()).await,
                Op::Go(n) => {
                    self.go_statement(n);
                    Flow::Next
                }
                Op::Defer(n) => {
                    let args = self.pop_n(n as usize);
                    let callee = self.pop();
                    self.frame().defers.push((callee, args));
                    Flow::Next
                }
                Op::BindMethod(f) => {
                    let receiver = self.pop();
                    self.stack.push(Value::Func(Arc::new(Closure {
                        callee: Callee::Method(f),
                        captures: Box::new([receiver]),
                    })));
                    Flow::Next
                }
                Op::BindNative(native) => {
                    let receiver = self.pop();
                    self.stack.push(Value::Func(Arc::new(Closure {
                        callee: Callee::Native(native),
                        captures: Box::new([receiver]),
                    })));
                    Flow::Next
                }
                Op::Closure(f, n) => {
                    let captures = self.pop_n(n as usize).into_boxed_slice();
                    self.stack.push(Value::Func(Arc::new(Closure {
                        callee: Callee::Code(f),
                        captures,
                    })));
                    Flow::Next
                }
                Op::MakeChan(_) => {
                    let cap = self.pop().int();
                    if cap < 0 {
                        self.runtime_error("makechan: size out of range".into(), false)
                    } else if !self.room_for(bytes_of(cap as u64, VALUE_BYTES)) {
                        // Go allocates a channel's buffer when it makes the channel.
                        Flow::Exit
                    } else {
                        let ch = Arc::new(Chan::new(usize::try_from(cap).unwrap_or(usize::MAX)));
                        let id = self.m.chan_id(&ch);
                        self.m
                            .record(Kind::ChanMade, self.g.id, self.line(), id, cap as u32);
                        self.stack.push(Value::Chan(ch));
                        Flow::Next
                    }
                }
                Op::Send => {
                    let v = self.pop();
                    let ch = self.pop();
                    self.send(ch, v).await
                }
                Op::Recv(t) => {
                    let ch = self.pop();
                    match self.recv(ch, t).await {
                        Some((v, _)) => {
                            self.stack.push(v);
                            Flow::Next
                        }
                        None => Flow::Exit,
                    }
                }
                Op::RecvOk(t) => {
                    let ch = self.pop();
                    match self.recv(ch, t).await {
                        Some((v, ok)) => {
                            self.stack.push(v);
                            self.stack.push(Value::Bool(ok));
                            Flow::Next
                        }
                        None => Flow::Exit,
                    }
                }
                Op::Close => match self.pop() {
                    Value::Chan(ch) => match ch.close() {
                        Ok(()) => {
                            let id = self.m.chan_id(&ch);
                            self.m
                                .record(Kind::ChanClose, self.g.id, self.line(), id, 0);
                            Flow::Next
                        }
                        Err(_) => self.plain_panic("close of closed channel"),
                    },
                    _ => self.plain_panic("close of nil channel"),
                },
                Op::MakeSlice(t) => {
                    let cap = self.pop().int();
                    let len = self.pop().int();
                    if len < 0 || cap < len {
                        let msg = if len < 0 {
                            "makeslice: len out of range"
                        } else {
                            "makeslice: cap out of range"
                        };
                        self.runtime_error(msg.into(), false)
                    } else if !self.room_for(bytes_of(cap as u64, VALUE_BYTES)) {
                        Flow::Exit
                    } else {
                        let zero = self.zero(t);
                        let mut items = vec![zero; len as usize];
                        items.reserve((cap - len) as usize);
                        items.resize(cap as usize, self.zero(t));
                        self.stack.push(Value::Slice(Slice {
                            array: Arc::new(Mutex::new(items)),
                            offset: 0,
                            len: len as usize,
                            cap: cap as usize,
                        }));
                        Flow::Next
                    }
                }
                Op::SliceOf(n) => {
                    let items = self.pop_n(n as usize);
                    let len = items.len();
                    self.stack.push(Value::Slice(Slice {
                        array: Arc::new(Mutex::new(items)),
                        offset: 0,
                        len,
                        cap: len,
                    }));
                    Flow::Next
                }
                Op::Index => {
                    let i = self.pop().int();
                    let x = self.pop();
                    match index(&x, i) {
                        Ok(v) => {
                            self.stack.push(v);
                            Flow::Next
                        }
                        Err(msg) => self.runtime_error(msg, false),
                    }
                }
                Op::SetIndex => {
                    let v = self.pop();
                    let i = self.pop().int();
                    let x = self.pop();
                    match element(&x, i) {
                        Ok(p) => {
                            p.store(v);
                            Flow::Next
                        }
                        Err(msg) => self.runtime_error(msg, false),
                    }
                }
                Op::IndexAddr => {
                    let i = self.pop().int();
                    let x = self.pop();
                    let found = match x {
                        // An element of an array behind a pointer: a field of it.
                        Value::Pointer(p) => {
                            let len = items_of(&p.load()).len();
                            match within(i, len) {
                                Some(i) => Ok(Ptr::Field(Arc::new(p), i as u16)),
                                None => Err(format!("index out of range [{i}] with length {len}")),
                            }
                        }
                        other => element(&other, i),
                    };
                    match found {
                        Ok(p) => {
                            self.stack.push(Value::Pointer(p));
                            Flow::Next
                        }
                        Err(msg) => self.runtime_error(msg, false),
                    }
                }
                Op::SliceExpr(has_lo, has_hi) => {
                    let hi = if has_hi { Some(self.pop().int()) } else { None };
                    let lo = if has_lo { self.pop().int() } else { 0 };
                    let x = self.pop();
                    match slice_expr(x, lo, hi) {
                        Ok(v) => {
                            self.stack.push(v);
                            Flow::Next
                        }
                        Err(msg) => self.runtime_error(msg, false),
                    }
                }
                Op::SliceArray(has_lo, has_hi) => {
                    let hi = if has_hi { Some(self.pop().int()) } else { None };
                    let lo = if has_lo { self.pop().int() } else { 0 };
                    let shared = match self.pop() {
                        Value::Pointer(p) => Some(p.shared_array()),
                        _ => None,
                    };
                    match shared {
                        None => self.nil_dereference(),
                        Some(None) => {
                            // Not Go's: an array inside a struct or a slice, behind a pointer.
                            let report = format!(
                                "program stopped: poolsim does not run slicing an array inside \
                                 a struct or a slice yet\n\n{}",
                                self.traceback("running")
                            );
                            self.m.crash(&report);
                            return;
                        }
                        Some(Some(array)) => {
                            let len = lock(&array).len() as i64;
                            let hi = hi.unwrap_or(len);
                            if hi < 0 || hi > len {
                                let msg =
                                    format!("slice bounds out of range [:{hi}] with length {len}");
                                self.runtime_error(msg, false)
                            } else if lo < 0 || lo > hi {
                                self.runtime_error(
                                    format!("slice bounds out of range [{lo}:{hi}]"),
                                    false,
                                )
                            } else {
                                self.stack.push(Value::Slice(Slice {
                                    array,
                                    offset: lo as usize,
                                    len: (hi - lo) as usize,
                                    cap: (len - lo) as usize,
                                }));
                                Flow::Next
                            }
                        }
                    }
                }
                Op::Copy => {
                    let src = self.pop();
                    let dst = self.pop();
                    // The source read whole first: an overlapping copy moves what was there.
                    let items: Vec<Value> = match &src {
                        Value::Str(s) => s.bytes().map(|b| Value::Int(b as i64)).collect(),
                        other => items_of(other),
                    };
                    let n = match &dst {
                        Value::Slice(d) => {
                            let n = d.len.min(items.len());
                            let mut a = lock(&d.array);
                            for (k, v) in items.into_iter().take(n).enumerate() {
                                a[d.offset + k] = v;
                            }
                            n
                        }
                        _ => 0,
                    };
                    self.stack.push(Value::Int(n as i64));
                    Flow::Next
                }
                Op::Append(n) => {
                    let items = self.pop_n(n as usize);
                    let s = self.pop();
                    if !self.room_for(growth(&s, items.len())) {
                        return;
                    }
                    self.stack.push(append(s, items));
                    Flow::Next
                }
                Op::AppendSpread => {
                    let more = self.pop();
                    let s = self.pop();
                    let n = match &more {
                        Value::Slice(t) => t.len,
                        Value::Str(t) => t.len(),
                        _ => 0,
                    };
                    if !self.room_for(n.saturating_mul(VALUE_BYTES) + growth(&s, n)) {
                        return;
                    }
                    let items = match &more {
                        Value::Slice(t) => {
                            let a = lock(&t.array);
                            a[t.offset..t.offset + t.len].to_vec()
                        }
                        Value::Str(t) => t.bytes().map(|b| Value::Int(b as i64)).collect(),
                        _ => Vec::new(),
                    };
                    self.stack.push(append(s, items));
                    Flow::Next
                }
                Op::Len => {
                    let x = self.pop();
                    self.stack.push(Value::Int(match &x {
                        Value::Str(s) => s.len() as i64,
                        Value::Map(m) => lock(m).len() as i64,
                        Value::Slice(s) => s.len as i64,
                        Value::Struct(items) => items.len() as i64,
                        Value::Chan(c) => c.len() as i64,
                        _ => 0,
                    }));
                    Flow::Next
                }
                Op::Cap => {
                    let x = self.pop();
                    self.stack.push(Value::Int(match &x {
                        Value::Slice(s) => s.cap as i64,
                        Value::Struct(items) => items.len() as i64,
                        Value::Chan(c) => c.cap() as i64,
                        _ => 0,
                    }));
                    Flow::Next
                }
                Op::MakeMap => {
                    self.pop();
                    self.stack.push(Value::Map(Default::default()));
                    Flow::Next
                }
                Op::MapIndex(t) | Op::MapIndexOk(t) => {
                    let k = self.pop();
                    let found = match self.pop() {
                        Value::Map(m) => lock(&m).get(&k),
                        _ => None,
                    };
                    let ok = found.is_some();
                    let v = found.unwrap_or_else(|| self.zero(t));
                    self.stack.push(v);
                    if let Op::MapIndexOk(_) = op {
                        self.stack.push(Value::Bool(ok));
                    }
                    Flow::Next
                }
                Op::MapSet => {
                    let v = self.pop();
                    let k = self.pop();
                    match self.pop() {
                        Value::Map(m) => {
                            lock(&m).set(k, v);
                            Flow::Next
                        }
                        _ => self.plain_panic("assignment to entry in nil map"),
                    }
                }
                Op::Delete => {
                    let k = self.pop();
                    if let Value::Map(m) = self.pop() {
                        lock(&m).delete(&k);
                    }
                    Flow::Next
                }
                Op::MapClear => {
                    if let Value::Map(m) = self.pop() {
                        lock(&m).clear();
                    }
                    Flow::Next
                }
                Op::MapKeys => {
                    let keys = match self.pop() {
                        Value::Map(m) => {
                            let start = lock(&self.m.rng).next_u64();
                            lock(&m).keys_from(start)
                        }
                        _ => Vec::new(),
                    };
                    self.stack.push(slice_of(keys));
                    Flow::Next
                }
                Op::Assert(from, to, ok) | Op::AssertIface(from, to, ok) => {
                    let x = self.pop();
                    let iface = matches!(op, Op::AssertIface(..));
                    let program = Arc::clone(&self.m.program);
                    let dynamic = match &x {
                        Value::Iface(b) => Some(b.0),
                        _ => None,
                    };
                    let matched = match dynamic {
                        Some(t) if iface => missing_method(&program, t, to).is_none(),
                        Some(t) => t == to,
                        None => false,
                    };
                    if matched {
                        let v = match (&x, iface) {
                            (Value::Iface(b), false) => b.1.clone(),
                            _ => x,
                        };
                        self.stack.push(v);
                        if ok {
                            self.stack.push(Value::Bool(true));
                        }
                        Flow::Next
                    } else if ok {
                        let zero = if iface { Value::Nil } else { self.zero(to) };
                        self.stack.push(zero);
                        self.stack.push(Value::Bool(false));
                        Flow::Next
                    } else {
                        let name = |t| gofmt::type_name(&program, t);
                        let msg = match (dynamic, iface) {
                            (None, false) => {
                                format!(
                                    "interface conversion: {} is nil, not {}",
                                    name(from),
                                    name(to)
                                )
                            }
                            (None, true) => {
                                format!("interface conversion: interface is nil, not {}", name(to))
                            }
                            (Some(t), false) => format!(
                                "interface conversion: {} is {}, not {}",
                                name(from),
                                name(t),
                                name(to)
                            ),
                            (Some(t), true) => format!(
                                "interface conversion: {} is not {}: missing method {}",
                                name(t),
                                name(to),
                                missing_method(&program, t, to).unwrap_or_default()
                            ),
                        };
                        // A *runtime.TypeAssertionError: a runtime.Error whose text has no prefix.
                        self.plain_panic(&msg)
                    }
                }
                Op::IsType(t) => {
                    let x = self.pop();
                    let is = matches!(&x, Value::Iface(b) if b.0 == t);
                    self.stack.push(Value::Bool(is));
                    Flow::Next
                }
                Op::Implements(t) => {
                    let x = self.pop();
                    let is = match &x {
                        Value::Iface(b) => missing_method(&self.m.program, b.0, t).is_none(),
                        _ => false,
                    };
                    self.stack.push(Value::Bool(is));
                    Flow::Next
                }
                Op::Field(i) => {
                    let x = self.pop();
                    let v = match x {
                        Value::Struct(fields) => {
                            fields.get(i as usize).cloned().unwrap_or_default()
                        }
                        _ => Value::Nil,
                    };
                    self.stack.push(v);
                    Flow::Next
                }
                Op::FieldAddr(i) => match self.pop() {
                    Value::Pointer(p) => {
                        self.stack.push(Value::Pointer(Ptr::Field(Arc::new(p), i)));
                        Flow::Next
                    }
                    _ => self.nil_dereference(),
                },
                Op::Struct(n) => {
                    let fields = self.pop_n(n as usize).into_boxed_slice();
                    self.stack.push(Value::Struct(fields));
                    Flow::Next
                }
                Op::NewPtr => {
                    let v = self.pop();
                    self.stack.push(Value::Pointer(Ptr::cell(v)));
                    Flow::Next
                }
                Op::StringRune => {
                    let i = self.pop().int().max(0) as usize;
                    let s = self.pop();
                    let (r, next) = match &s {
                        Value::Str(s) => match s.get(i..).and_then(|t| t.chars().next()) {
                            Some(c) => (c as i64, i + c.len_utf8()),
                            // Not at a character boundary: one byte, read as U+FFFD.
                            None => (0xFFFD, i + 1),
                        },
                        _ => (0xFFFD, i + 1),
                    };
                    self.stack.push(Value::Int(r));
                    self.stack.push(Value::Int(next as i64));
                    Flow::Next
                }
                Op::CallMethod(name, n) => {
                    let name = match &self.frame().func.consts[name as usize] {
                        Value::Str(s) => Arc::clone(s),
                        _ => Arc::from(""),
                    };
                    let flow = self.call_method(&name, n).await;
                    self.tick().await;
                    flow
                }
                Op::Box(t) => {
                    let v = self.pop();
                    self.stack.push(Value::Iface(Arc::new((t, v))));
                    Flow::Next
                }
                Op::Panic => {
                    let v = self.pop();
                    self.start_panic(v)
                }
                Op::Recover => {
                    let v = self.recover();
                    self.stack.push(v);
                    Flow::Next
                }
                Op::Zero(t) => {
                    let v = self.zero(t);
                    self.stack.push(v);
                    Flow::Next
                }
                Op::Unreachable => self.plain_panic("unreachable"),
                Op::Select(i) => {
                    // The function, not a copy of its cases: a select may run per job.
                    let func = Arc::clone(&frame.func);
                    self.select(&func.selects[i as usize]).await
                }
            };
            if let Flow::Exit = flow {
                return;
            }
        }
    }

    /// Spends one unit of the budget; yields the P when it is spent (and looks at the heap:
    /// a loop that allocates a little each turn meets the memory limit here).
    async fn tick(&mut self) {
        self.budget -= 1;
        if self.budget == 0 {
            self.budget = BUDGET;
            if !self.room_for(0) {
                return;
            }
            YieldNow(false).await;
        }
    }

    /// Returns from the top frame with `values` (or, for named results, the named variables'
    /// values once deferred calls have run).
    async fn ret(&mut self, values: Vec<Value>) -> Flow {
        let frame = self.frame();
        if let Some((callee, args)) = frame.defers.pop() {
            // Run the deferred call, then come back to this return.
            frame.returning = Some(values);
            frame.pc -= 1;
            return self.call_deferred(callee, args).await;
        }
        let mut values = values;
        let (func, base) = (Arc::clone(&frame.func), frame.base);
        if !func.named_results.is_empty() && func.results as usize != values.len() {
            values = func
                .named_results
                .iter()
                .map(|&(slot, boxed)| {
                    let v = &self.stack[base + slot as usize];
                    match (boxed, v) {
                        (true, Value::Pointer(p)) => p.load(),
                        _ => v.clone(),
                    }
                })
                .collect();
        }
        let frame = self.frames.pop().expect("a frame");
        let floor = frame.base - usize::from(frame.callee_below);
        self.stack.truncate(floor);
        if frame.deferred {
            return self.after_deferred();
        }
        // Even from a goroutine's first function: a native that called it (an errgroup's
        // goroutine) reads its results here.
        self.stack.extend(values);
        Flow::Next
    }

    async fn call_deferred(&mut self, callee: Value, args: Vec<Value>) -> Flow {
        self.stack.push(callee);
        let n = args.len() as u16;
        self.stack.extend(args);
        let before = self.frames.len();
        let flow = self.call_value(n, true).await;
        if self.frames.len() == before {
            // A native ran to its end at once.
            if let Flow::Exit = flow {
                return flow;
            }
            return self.after_deferred();
        }
        flow
    }

    /// A deferred call has returned: go on returning (or panicking) from the frame below.
    fn after_deferred(&mut self) -> Flow {
        match &self.panicking {
            Some(p) if p.recovered => {
                // The frame that deferred the recovering call returns normally.
                self.panicking = None;
                self.aborted.clear();
                let frame = self.frame();
                frame.returning = None;
                // The compiler's landing returns the named results, or zero values.
                frame.pc = frame.func.recover_pc as usize;
                Flow::Next
            }
            Some(_) => self.unwind(),
            None => Flow::Next,
        }
    }

    fn recover(&mut self) -> Value {
        let direct = self.frames.last().is_some_and(|f| f.deferred);
        match &mut self.panicking {
            Some(p) if direct && !p.recovered => {
                p.recovered = true;
                p.value.clone()
            }
            _ => Value::Nil,
        }
    }

    fn start_panic(&mut self, value: Value) -> Flow {
        if value.is_nil() {
            // Go 1.21: panic(nil) is a *runtime.PanicNilError.
            let t = self.program().builtin.runtime_error;
            let msg = "panic called with nil argument (use runtime.PanicNilError)";
            return self.start_panic(Value::Iface(Arc::new((t, Value::str(msg)))));
        }
        let library = std::mem::take(&mut self.library);
        let next = Panicking {
            value,
            recovered: false,
            frames: self.frame_list(),
            library,
        };
        if let Some(old) = self.panicking.replace(next) {
            self.aborted.push(old);
        }
        self.unwind()
    }

    /// Runs the deferred calls of the frames a panic leaves, innermost first; with none left
    /// to recover it, the program crashes.
    fn unwind(&mut self) -> Flow {
        loop {
            let Some(frame) = self.frames.last_mut() else {
                self.crash_with_panic();
                return Flow::Exit;
            };
            if let Some((callee, args)) = frame.defers.pop() {
                // The deferred call runs as a frame of its own; the loop goes on in `exec`.
                self.stack.push(callee);
                let n = args.len() as u16;
                self.stack.extend(args);
                return self.start_deferred_sync(n);
            }
            let frame = self.frames.pop().expect("a frame");
            self.stack
                .truncate(frame.base - usize::from(frame.callee_below));
            if frame.deferred {
                // A deferred call panicked: the frame below goes on unwinding.
                continue;
            }
            if self.frames.is_empty() {
                self.crash_with_panic();
                return Flow::Exit;
            }
        }
    }

    /// Starts a deferred call during a panic. Natives among deferred calls that can run
    /// without waiting (`wg.Done`, `mu.Unlock`) run now.
    fn start_deferred_sync(&mut self, n: u16) -> Flow {
        let at = self.stack.len() - n as usize - 1;
        let callee = std::mem::take(&mut self.stack[at]);
        let Value::Func(closure) = callee else {
            self.stack.truncate(at);
            return self.unwind();
        };
        let Some((native, args)) = self.enter_closure(&closure, at, n, true) else {
            return Flow::Next;
        };
        if let Err(flow) = self.native_sync(native, args) {
            return flow;
        }
        self.unwind()
    }

    fn crash_with_panic(&mut self) {
        let Some(last) = self.panicking.take() else {
            return;
        };
        let program = Arc::clone(&self.m.program);
        let mut report = String::new();
        let chain: Vec<Panicking> = self.aborted.drain(..).chain([last]).collect();
        for (i, p) in chain.iter().enumerate() {
            if i > 0 {
                report.push('\t');
            }
            report.push_str("panic: ");
            report.push_str(&gofmt::panic_value(&program, &p.value));
            if p.recovered {
                report.push_str(" [recovered]");
            }
            report.push('\n');
        }
        let last = chain.last().expect("a panic");
        if report.contains("invalid memory address or nil pointer dereference") {
            report.push_str("[signal SIGSEGV: segmentation violation]\n");
        }
        report.push('\n');
        report.push_str(&describe(
            &self.m,
            self.g.id,
            "running",
            last.library,
            &last.frames,
            self.g.created_by,
        ));
        self.m.crash(&report);
    }

    /// This goroutine's header and frames, as Go prints them.
    fn traceback(&self, state: &str) -> String {
        let frames: Vec<(FuncId, u32)> = self.frame_list();
        describe(
            &self.m,
            self.g.id,
            state,
            self.library,
            &frames,
            self.g.created_by,
        )
    }

    fn frame_list(&self) -> Vec<(FuncId, u32)> {
        frame_list(&self.frames).collect()
    }

    fn runtime_error(&mut self, msg: String, segv: bool) -> Flow {
        let _ = segv;
        let t = self.program().builtin.runtime_error;
        let v = error_value(t, &format!("runtime error: {msg}"));
        self.start_panic(v)
    }

    fn nil_dereference(&mut self) -> Flow {
        self.runtime_error(
            "invalid memory address or nil pointer dereference".into(),
            true,
        )
    }

    /// A panic with one of the runtime's plain errors (`send on closed channel`).
    fn plain_panic(&mut self, msg: &str) -> Flow {
        let t = self.program().builtin.runtime_error;
        self.start_panic(error_value(t, msg))
    }

    /// Calls method `name` of the interface value below the top `n` arguments, by its
    /// dynamic type.
    async fn call_method(&mut self, name: &str, n: u16) -> Flow {
        let at = self.stack.len() - n as usize - 1;
        let Value::Iface(boxed) = std::mem::take(&mut self.stack[at]) else {
            self.stack.truncate(at);
            return self.nil_dereference();
        };
        let (t, v) = (boxed.0, boxed.1.clone());
        let types = &self.m.program.types;
        let (named, through_pointer) = match types.get(t as usize) {
            Some(RType::Pointer(inner)) => (*inner, true),
            _ => (t, false),
        };
        let found = match types.get(named as usize) {
            Some(RType::Named { methods, .. }) => methods
                .iter()
                .find(|(m, _, _)| m == name)
                .map(|(_, f, pointer)| (f.clone(), *pointer)),
            _ => None,
        };
        let Some((f, pointer)) = found else {
            self.stack.truncate(at);
            return self.plain_panic(&format!("method {name} not found"));
        };
        let (f, receiver) = match f {
            super::super::code::FuncRef::Promoted(p) => match promoted_receiver(v, &p) {
                Some(receiver) => (p.target.clone(), receiver),
                None => {
                    self.stack.truncate(at);
                    return self.nil_dereference();
                }
            },
            // A value method called through a pointer gets the value.
            f => match (through_pointer, pointer, v) {
                (true, false, Value::Pointer(p)) => (f, p.load()),
                (_, _, v) => (f, v),
            },
        };
        self.stack[at] = receiver;
        match f {
            super::super::code::FuncRef::Code(id) => {
                self.enter(id, n + 1, None, false);
                Flow::Next
            }
            super::super::code::FuncRef::Native(native) => {
                let args = self.pop_n(n as usize + 1);
                match self.native(native, args).await {
                    Ok(values) => {
                        self.stack.extend(values);
                        Flow::Next
                    }
                    Err(flow) => flow,
                }
            }
            // A promoted method's target is the holder's own method.
            super::super::code::FuncRef::Promoted(_) => self.plain_panic("method not found"),
        }
    }

    /// A recursion without end: Go's stack overflow, a fatal error.
    fn overflow(&mut self) {
        let mut report = String::from(
            "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n\n",
        );
        // The innermost frames tell the story; Go elides the middle of a deep stack too.
        let frames: Vec<(FuncId, u32)> = self.frame_list().into_iter().take(100).collect();
        report.push_str(&describe(
            &self.m,
            self.g.id,
            "running",
            &[],
            &frames,
            self.g.created_by,
        ));
        self.m.crash(&report);
    }

    fn fatal(&mut self, msg: &str) -> Flow {
        let report = format!("fatal error: {msg}\n\n{}", self.traceback("running"));
        self.m.crash(&report);
        Flow::Exit
    }

    /// Whether the heap has room for `more` bytes under poolsim's memory limit; if not, the
    /// program is stopped with a message naming the limit (not Go's: Go would grow until the
    /// machine ran out, and the browser's engine would abort).
    fn room_for(&mut self, more: usize) -> bool {
        if crate::heap::live_bytes().saturating_add(more) <= self.m.heap_limit {
            return true;
        }
        *lock(&self.m.limit) = Some(super::Limit::Memory);
        let mb = self.m.options.max_memory_bytes >> 20;
        let report = format!(
            "program stopped: it used more than {mb} MB of memory (poolsim's limit)\n\n{}",
            self.traceback("running")
        );
        self.m.crash(&report);
        false
    }

    fn go_statement(&mut self, n: u16) {
        let args = self.pop_n(n as usize);
        let callee = self.pop();
        let limit = self.m.options.max_goroutines;
        if self.m.live.load(Ordering::Relaxed) >= limit {
            // Not Go's: a page's guard, so a runaway `go` loop ends with a message.
            *lock(&self.m.limit) = Some(super::Limit::Goroutines);
            let report = format!(
                "program stopped: more than {limit} goroutines at once (poolsim's limit)\n\n{}",
                self.traceback("running")
            );
            self.m.crash(&report);
            return;
        }
        let (parent, line) = self.frame_list().first().copied().unwrap_or((0, 0));
        let id = self.m.next_gid.fetch_add(1, Ordering::Relaxed);
        let g = Arc::new(GInfo {
            id,
            created_by: Some((parent, self.g.id, line)),
            state: Mutex::new(GState::default()),
        });
        self.m
            .record(Kind::GoCreated, id, line, self.g.id as u32, 0);
        let go = Goroutine::new(&self.m, g);
        self.m.clock.spawn(Box::pin(go.run(vec![(callee, args)])));
    }

    /// Awaits `fut`, telling the crash report (and the log) this goroutine waits for `reason`
    /// while it does.
    async fn park<F: Future + Unpin>(&self, fut: F, reason: &'static str) -> F::Output {
        self.park_on(fut, reason, 0).await
    }

    /// As [`Goroutine::park`], on channel number `chan` (for the log).
    async fn park_on<F: Future + Unpin>(
        &self,
        fut: F,
        reason: &'static str,
        chan: u32,
    ) -> F::Output {
        Parking {
            fut,
            m: &self.m,
            g: &self.g,
            reason,
            chan,
            frames: &self.frames,
            parked: false,
        }
        .await
    }

    /// The line the goroutine is at.
    fn line(&self) -> u32 {
        frame_list(&self.frames).next().map_or(0, |(_, line)| line)
    }

    async fn send(&mut self, ch: Value, v: Value) -> Flow {
        let Value::Chan(ch) = ch else {
            self.park(Never, "chan send (nil chan)").await;
            return Flow::Exit;
        };
        let id = self.m.chan_id(&ch);
        match self.park_on(ch.send(v), "chan send", id).await {
            Ok(()) => {
                if self.m.logging() {
                    let len = ch.len() as u32;
                    self.m
                        .record(Kind::ChanSend, self.g.id, self.line(), id, len);
                }
                Flow::Next
            }
            Err(_) => self.plain_panic("send on closed channel"),
        }
    }

    /// A receive's value and whether it came from a send; `None` if it can never complete.
    async fn recv(&mut self, ch: Value, t: TypeId) -> Option<(Value, bool)> {
        let Value::Chan(ch) = ch else {
            self.park(Never, "chan receive (nil chan)").await;
            return None;
        };
        let id = self.m.chan_id(&ch);
        let got = self.park_on(ch.recv(), "chan receive", id).await;
        if self.m.logging() {
            let came = got.is_some() as u32 | (ch.len() as u32) << 1;
            self.m
                .record(Kind::ChanRecv, self.g.id, self.line(), id, came);
        }
        match got {
            Some(v) => Some((v, true)),
            None => Some((self.zero(t), false)),
        }
    }

    /// `select`: the cases' operands are on the stack; pushes the value received (or nil),
    /// whether it came from a send, and the case that ran.
    async fn select(&mut self, desc: &super::super::code::SelectCases) -> Flow {
        use crate::chan::{Case, Outcome};
        let n = desc.cases.len();
        let operands: usize = desc.cases.iter().map(|(send, _)| 1 + *send as usize).sum();
        let mut values = self.pop_n(operands).into_iter();
        // Each case's channel (nil channels' cases are never ready: left out) and value.
        let mut chans: Vec<(usize, Arc<Chan<Value>>, Option<Value>)> = Vec::with_capacity(n);
        for (k, (send, _)) in desc.cases.iter().enumerate() {
            let ch = values.next().unwrap_or_default();
            let v = if *send { values.next() } else { None };
            if let Value::Chan(ch) = ch {
                chans.push((k, ch, v));
            }
        }
        let mut order: Vec<usize> = (0..chans.len()).collect();
        {
            // Go tries the cases in a random order: a uniform choice among the ready ones.
            let mut rng = lock(&self.m.rng);
            for i in (1..order.len()).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
        }
        let cases: Vec<(usize, Case<'_, Value>)> = chans
            .iter_mut()
            .map(|(k, ch, v)| {
                let case = match v.take() {
                    Some(v) => Case::Send(&**ch, v),
                    None => Case::Recv(&**ch),
                };
                (*k, case)
            })
            .collect();
        let reason = if n == 0 {
            "select (no cases)"
        } else {
            "select"
        };
        let blocking = !desc.default;
        let fut = crate::chan::select(cases, order, blocking);
        let got = self.park(fut, reason).await;
        let (chosen, value, ok) = match got {
            None => (n, Value::Nil, false),
            Some((k, Outcome::Received(Some(v)))) => (k, v, true),
            Some((k, Outcome::Received(None))) => {
                let t = desc.cases.get(k).map_or(0, |c| c.1);
                (k, self.zero(t), false)
            }
            Some((k, Outcome::Sent)) => (k, Value::Nil, false),
            Some((_, Outcome::SendClosed(_))) => return self.plain_panic("send on closed channel"),
        };
        if self.m.logging() {
            // The case's channel operation, as a plain send or receive logs it.
            if let Some((_, ch, _)) = chans.iter().find(|(k, _, _)| *k == chosen) {
                let (id, len, line) = (self.m.chan_id(ch), ch.len() as u32, self.line());
                if desc.cases.get(chosen).is_some_and(|c| c.0) {
                    self.m.record(Kind::ChanSend, self.g.id, line, id, len);
                } else {
                    self.m
                        .record(Kind::ChanRecv, self.g.id, line, id, ok as u32 | len << 1);
                }
            }
        }
        self.m
            .record(Kind::SelectChose, self.g.id, self.line(), chosen as u32, 0);
        self.stack.push(value);
        self.stack.push(Value::Bool(ok));
        self.stack.push(Value::Int(chosen as i64));
        Flow::Next
    }

    /// The zero value of type `t`.
    fn zero(&self, t: TypeId) -> Value {
        zero(&self.m.program.types, t)
    }

    /// Runs a native function; its results, or how the goroutine goes on after a panic.
    async fn native(&mut self, native: Native, args: Vec<Value>) -> Result<Vec<Value>, Flow> {
        use Native::*;
        match native {
            WaitGroupWait => {
                if let Some(Value::WaitGroup(wg)) = args.first() {
                    let wg = Arc::clone(wg);
                    self.park(wg.zero(), "sync.WaitGroup.Wait").await;
                }
                Ok(Vec::new())
            }
            MutexLock | RLock => {
                if let Some(Value::Mutex(mu)) = args.first() {
                    let mu = Arc::clone(mu);
                    let reason = if native == RLock {
                        "sync.RWMutex.RLock"
                    } else {
                        "sync.Mutex.Lock"
                    };
                    self.park(mu.lock(native == RLock), reason).await;
                }
                Ok(Vec::new())
            }
            Sleep => {
                let d = args.first().map_or(0, Value::int);
                if d > 0 {
                    let until = self.m.clock.now().saturating_add(d as u64);
                    let sleep = self.m.clock.sleep(until);
                    self.park(sleep, "sleep").await;
                }
                Ok(Vec::new())
            }
            WaitGroupGo => {
                let mut args = args;
                let f = args.pop().unwrap_or_default();
                let wg = args.pop().unwrap_or_default();
                if let Value::WaitGroup(wg) = &wg {
                    let _ = wg.add(1);
                }
                // The goroutine calls f, then wg.Done(): a closure of our own over both.
                self.stack.push(Value::native(Native::WaitGroupGoBody));
                self.stack.push(wg);
                self.stack.push(f);
                self.go_statement(2);
                Ok(Vec::new())
            }
            WaitGroupGoBody => {
                let mut args = args;
                let f = args.pop().unwrap_or_default();
                let wg = args.pop().unwrap_or_default();
                self.stack.push(f);
                if !self.call_through(0).await {
                    return Err(Flow::Exit);
                }
                if let Value::WaitGroup(wg) = &wg {
                    if wg.done().is_err() {
                        return Err(self.plain_panic("sync: negative WaitGroup counter"));
                    }
                }
                Ok(Vec::new())
            }
            OnceDo => {
                let mut args = args;
                let f = args.pop().unwrap_or_default();
                let Some(Value::Once(once)) = args.pop() else {
                    return Ok(Vec::new());
                };
                if once.done.load(Ordering::Acquire) {
                    return Ok(Vec::new());
                }
                self.park(once.mutex.lock(false), "sync.Mutex.Lock").await;
                if !once.done.load(Ordering::Acquire) {
                    self.stack.push(f);
                    if !self.call_through(0).await {
                        return Err(Flow::Exit);
                    }
                    once.done.store(true, Ordering::Release);
                }
                once.mutex.unlock(false);
                Ok(Vec::new())
            }
            GroupGo | GroupTryGo => {
                let mut args = args;
                let f = args.pop().unwrap_or_default();
                let Some(Value::Group(g)) = args.pop() else {
                    return Err(self.nil_dereference());
                };
                let sem = lock(&g.sem).clone();
                if let Some(sem) = sem {
                    // The limit: a token in a buffered channel, as x/sync/errgroup has.
                    if native == GroupTryGo {
                        if sem.try_send(Value::Nil).is_err() {
                            return Ok(vec![Value::Bool(false)]);
                        }
                    } else {
                        let _ = self.park(sem.send(Value::Nil), "chan send").await;
                    }
                }
                let _ = g.wg.add(1);
                self.stack.push(Value::native(Native::GroupBody));
                self.stack.push(Value::Group(g));
                self.stack.push(f);
                self.go_statement(2);
                Ok(if native == GroupTryGo {
                    vec![Value::Bool(true)]
                } else {
                    Vec::new()
                })
            }
            GroupBody => {
                let mut args = args;
                let f = args.pop().unwrap_or_default();
                let Some(Value::Group(g)) = args.pop() else {
                    return Ok(Vec::new());
                };
                self.stack.push(f);
                if !self.call_through(0).await {
                    return Err(Flow::Exit);
                }
                let err = self.pop();
                g.finished(err, &self.m.canceled);
                Ok(Vec::new())
            }
            GroupWait => {
                let Some(Value::Group(g)) = args.into_iter().next() else {
                    return Err(self.nil_dereference());
                };
                self.park(g.wg.zero(), "sync.WaitGroup.Wait").await;
                let err = lock(&g.err).clone();
                if let Some(ctx) = &g.ctx {
                    ctx.cancel(self.m.canceled.clone(), Value::Nil);
                }
                Ok(vec![err])
            }
            ErrorsUnwrap => {
                let err = args.into_iter().next().unwrap_or_default();
                Ok(vec![self.unwrap_error(&err).await])
            }
            ErrorsIs | ErrorsAs => {
                let mut args = args.into_iter();
                let mut err = args.next().unwrap_or_default();
                let target = args.next().unwrap_or_default();
                // For As: the variable the target points to, and its type.
                let (into, want) = match (&target, native) {
                    (Value::Iface(b), ErrorsAs) => {
                        match (&b.1, self.m.program.types.get(b.0 as usize)) {
                            (Value::Pointer(p), Some(RType::Pointer(t))) => (Some(p.clone()), *t),
                            _ => {
                                return Err(
                                    self.plain_panic("errors: target must be a non-nil pointer")
                                )
                            }
                        }
                    }
                    _ => (None, 0),
                };
                for _ in 0..100 {
                    if err.is_nil() {
                        break;
                    }
                    let found = match (&into, &err) {
                        (None, _) => err.equals(&target),
                        (Some(p), Value::Iface(b)) => {
                            let interface = matches!(
                                self.m.program.types.get(want as usize),
                                Some(RType::Interface(_))
                            ) || matches!(
                                self.m.program.types.get(want as usize),
                                Some(RType::Named { under, .. })
                                    if matches!(self.m.program.types.get(*under as usize), Some(RType::Interface(_)))
                            );
                            let hit = if interface {
                                missing_method(&self.m.program, b.0, want).is_none()
                            } else {
                                b.0 == want
                            };
                            if hit {
                                p.store(if interface { err.clone() } else { b.1.clone() });
                            }
                            hit
                        }
                        _ => false,
                    };
                    if found {
                        return Ok(vec![Value::Bool(true)]);
                    }
                    err = self.unwrap_error(&err).await;
                }
                Ok(vec![Value::Bool(false)])
            }
            SortInterface => {
                // An insertion sort through the value's own Len, Less and Swap.
                let data = args.into_iter().next().unwrap_or_default();
                let n = match self.call_iface(&data, "Len", Vec::new()).await {
                    Some(v) => v.int(),
                    None => return Err(Flow::Exit),
                };
                for i in 1..n {
                    let mut j = i;
                    while j > 0 {
                        let args = vec![Value::Int(j), Value::Int(j - 1)];
                        match self.call_iface(&data, "Less", args).await {
                            Some(v) if v.bool() => {}
                            Some(_) => break,
                            None => return Err(Flow::Exit),
                        }
                        let args = vec![Value::Int(j), Value::Int(j - 1)];
                        if self.call_iface(&data, "Swap", args).await.is_none() {
                            return Err(Flow::Exit);
                        }
                        j -= 1;
                    }
                }
                Ok(Vec::new())
            }
            SortSlice => {
                // An insertion sort asking the program's `less` (stable, so ties keep their
                // order; Go's sort.Slice may order ties otherwise).
                let mut args = args;
                let less = args.pop().unwrap_or_default();
                let slice = match args.pop() {
                    Some(Value::Iface(b)) => b.1.clone(),
                    other => other.unwrap_or_default(),
                };
                let Value::Slice(s) = slice else {
                    return Ok(Vec::new());
                };
                for i in 1..s.len {
                    let mut j = i;
                    while j > 0 {
                        self.stack.push(less.clone());
                        self.stack.push(Value::Int(j as i64));
                        self.stack.push(Value::Int(j as i64 - 1));
                        if !self.call_through(2).await {
                            return Err(Flow::Exit);
                        }
                        if !self.pop().bool() {
                            break;
                        }
                        lock(&s.array).swap(s.offset + j, s.offset + j - 1);
                        j -= 1;
                    }
                }
                Ok(Vec::new())
            }
            Println | Print | Printf | Sprintf | Sprint | Sprintln | Errorf => {
                let args = self.resolve_methods(args).await;
                self.native_sync(native, args)
            }
            _ => self.native_sync(native, args),
        }
    }

    /// What `errors.Unwrap` gives: a `%w` error's wrapped one, or the result of the error's
    /// own `Unwrap() error` method; nil otherwise.
    async fn unwrap_error(&mut self, err: &Value) -> Value {
        let Value::Iface(b) = err else {
            return Value::Nil;
        };
        if b.0 == self.m.program.builtin.wrap_error {
            if let Value::Pointer(p) = &b.1 {
                if let Value::Struct(fields) = p.load() {
                    return fields.get(1).cloned().unwrap_or_default();
                }
            }
            return Value::Nil;
        }
        let Some((f, receiver)) = self.compiled_method(err, "Unwrap") else {
            return Value::Nil;
        };
        self.stack.push(Value::code(f));
        self.stack.push(receiver);
        if !self.call_through(1).await {
            return Value::Nil;
        }
        self.pop()
    }

    /// Calls the function value below the top `n` values and runs it to its return (a native
    /// from within another, such as `sort.Slice`'s `less`); whether it returned — not the
    /// program ending, or a panic unwinding past it.
    async fn call_through(&mut self, n: u16) -> bool {
        let depth = self.frames.len();
        if let Flow::Exit = self.call_value(n, false).await {
            return false;
        }
        if self.frames.len() > depth {
            Box::pin(self.exec()).await;
        }
        !self.m.exited() && self.panicking.is_none()
    }

    /// Calls method `name` of interface value `recv` and runs it to its return; its first
    /// result (nil for none), or `None` if the program ended or is panicking.
    async fn call_iface(&mut self, recv: &Value, name: &str, args: Vec<Value>) -> Option<Value> {
        let depth = self.frames.len();
        let height = self.stack.len();
        self.stack.push(recv.clone());
        let n = args.len() as u16;
        self.stack.extend(args);
        if let Flow::Exit = Box::pin(self.call_method(name, n)).await {
            return None;
        }
        if self.frames.len() > depth {
            Box::pin(self.exec()).await;
        }
        if self.m.exited() || self.panicking.is_some() {
            return None;
        }
        let result = if self.stack.len() > height {
            self.stack[height].clone()
        } else {
            Value::Nil
        };
        self.stack.truncate(height);
        Some(result)
    }

    /// An interface value's compiled method by name (a pointer has its target's methods too),
    /// with the receiver to call it on.
    fn compiled_method(&self, v: &Value, name: &str) -> Option<(FuncId, Value)> {
        let Value::Iface(boxed) = v else {
            return None;
        };
        let types = &self.m.program.types;
        let (named, through_pointer) = match types.get(boxed.0 as usize)? {
            RType::Pointer(inner) => (*inner, true),
            _ => (boxed.0, false),
        };
        let RType::Named { methods, .. } = types.get(named as usize)? else {
            return None;
        };
        let (_, f, pointer) = methods
            .iter()
            .find(|(m, _, pointer)| m == name && (through_pointer || !pointer))?;
        let receiver = boxed.1.clone();
        match f {
            super::super::code::FuncRef::Code(id) => Some((
                *id,
                match (through_pointer, pointer, receiver) {
                    (true, false, Value::Pointer(p)) => p.load(),
                    (_, _, r) => r,
                },
            )),
            super::super::code::FuncRef::Promoted(p) => match &p.target {
                super::super::code::FuncRef::Code(id) => {
                    Some((*id, promoted_receiver(receiver, p)?))
                }
                _ => None,
            },
            super::super::code::FuncRef::Native(_) => None,
        }
    }

    /// Before `fmt` formats its operands: each value whose type has a compiled `Error` or
    /// `String` method gets its text from it (Go's `handleMethods`).
    async fn resolve_methods(&mut self, args: Vec<Value>) -> Vec<Value> {
        let mut out = Vec::with_capacity(args.len());
        for arg in args {
            out.push(self.with_method_text(arg).await);
        }
        out
    }

    fn with_method_text<'a>(
        &'a mut self,
        arg: Value,
    ) -> Pin<Box<dyn Future<Output = Value> + Send + 'a>> {
        Box::pin(async move {
            match &arg {
                Value::Slice(s) => {
                    let items: Vec<Value> = {
                        let a = lock(&s.array);
                        a[s.offset..s.offset + s.len].to_vec()
                    };
                    if !items.iter().any(|v| self.method_of(v).is_some()) {
                        return arg;
                    }
                    let mut done = Vec::with_capacity(items.len());
                    for v in items {
                        done.push(self.with_method_text(v).await);
                    }
                    let len = done.len();
                    Value::Slice(Slice {
                        array: Arc::new(Mutex::new(done)),
                        offset: 0,
                        len,
                        cap: len,
                    })
                }
                Value::Iface(_) => match self.method_of(&arg) {
                    Some((f, receiver)) => {
                        self.stack.push(Value::code(f));
                        self.stack.push(receiver);
                        if !self.call_through(1).await {
                            return arg;
                        }
                        let text = self.pop();
                        let t = self.program().builtin.method_text;
                        Value::Iface(Arc::new((t, Value::Struct(Box::new([text, arg.clone()])))))
                    }
                    None => arg,
                },
                _ => arg,
            }
        })
    }

    /// The compiled `Error` or `String` method of an interface value's dynamic type, and the
    /// receiver to call it on.
    fn method_of(&self, v: &Value) -> Option<(FuncId, Value)> {
        ["Error", "String"]
            .into_iter()
            .find_map(|name| self.compiled_method(v, name))
    }

    /// Natives that never wait.
    fn native_sync(&mut self, native: Native, args: Vec<Value>) -> Result<Vec<Value>, Flow> {
        use Native::*;
        let m = Arc::clone(&self.m);
        let program = &m.program;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(vec![v]);
        match native {
            Println | Print | Printf => {
                let text = match native {
                    Println => gofmt::sprintln(program, &args),
                    Print => gofmt::sprint(program, &args),
                    _ => gofmt::sprintf(program, &string_of(&arg(0)), &args[1..]),
                };
                m.write_out(&text);
                let len = lock(&m.out).0.len() as u32;
                m.record(Kind::Output, self.g.id, self.line(), len, 0);
                Ok(vec![Value::Int(text.len() as i64), Value::Nil])
            }
            Sprintf => one(Value::str(&gofmt::sprintf(
                program,
                &string_of(&arg(0)),
                &args[1..],
            ))),
            Sprint => one(Value::str(&gofmt::sprint(program, &args))),
            Sprintln => one(Value::str(&gofmt::sprintln(program, &args))),
            Errorf => {
                let text = gofmt::sprintf(program, &string_of(&arg(0)), &args[1..]);
                let wrapped = gofmt::wrapped_operand(&string_of(&arg(0)), &args[1..]);
                one(match wrapped {
                    Some(inner) => Value::Iface(Arc::new((
                        program.builtin.wrap_error,
                        Value::Pointer(Ptr::cell(Value::Struct(Box::new([
                            Value::str(&text),
                            inner,
                        ])))),
                    ))),
                    None => error_string(program, &text),
                })
            }
            ErrorsNew => one(error_string(program, &string_of(&arg(0)))),
            ErrorString => one(match arg(0) {
                Value::Pointer(p) => match p.load() {
                    Value::Struct(fields) => fields.first().cloned().unwrap_or_default(),
                    _ => Value::str(""),
                },
                _ => Value::str(""),
            }),
            WaitGroupAdd | WaitGroupDone => {
                let delta = if native == WaitGroupDone {
                    -1
                } else {
                    arg(1).int()
                };
                if let Value::WaitGroup(wg) = arg(0) {
                    if wg.add(delta).is_err() {
                        self.library = if native == WaitGroupDone {
                            &["sync.(*WaitGroup).Add", "sync.(*WaitGroup).Done"]
                        } else {
                            &["sync.(*WaitGroup).Add"]
                        };
                        return Err(self.plain_panic_sync("sync: negative WaitGroup counter"));
                    }
                }
                Ok(Vec::new())
            }
            MutexUnlock | RUnlock => {
                if let Value::Mutex(mu) = arg(0) {
                    if !mu.unlock(native == RUnlock) {
                        let msg = if native == RUnlock {
                            self.library = &["sync.(*RWMutex).RUnlock"];
                            "sync: RUnlock of unlocked RWMutex"
                        } else {
                            self.library = &[
                                "internal/sync.(*Mutex).unlockSlow",
                                "internal/sync.(*Mutex).Unlock",
                                "sync.(*Mutex).Unlock",
                            ];
                            "sync: unlock of unlocked mutex"
                        };
                        return Err(self.fatal(msg));
                    }
                }
                Ok(Vec::new())
            }
            MutexTryLock => one(Value::Bool(match arg(0) {
                Value::Mutex(mu) => mu.try_lock(),
                _ => false,
            })),
            After => {
                // A channel the runtime sends the time on when the timer fires.
                let ch = Arc::new(Chan::new(1));
                let at = m.clock.now().saturating_add(arg(0).int().max(0) as u64);
                let target = Arc::clone(&ch);
                let clock = m.clock.clone();
                m.clock.add_action(
                    at,
                    Box::new(move || {
                        let now = Value::Struct(Box::new([Value::Int(clock.now() as i64)]));
                        let _ = target.try_send(now);
                    }),
                );
                one(Value::Chan(ch))
            }
            Now => one(Value::Struct(Box::new([Value::Int(m.clock.now() as i64)]))),
            Since => one(Value::Int(m.clock.now() as i64 - time_ns(&arg(0)))),
            Until => one(Value::Int(time_ns(&arg(0)) - m.clock.now() as i64)),
            TimeAdd => one(Value::Struct(Box::new([Value::Int(
                time_ns(&arg(0)).wrapping_add(arg(1).int()),
            )]))),
            TimeSub => one(Value::Int(time_ns(&arg(0)) - time_ns(&arg(1)))),
            TimeBefore => one(Value::Bool(time_ns(&arg(0)) < time_ns(&arg(1)))),
            TimeAfter => one(Value::Bool(time_ns(&arg(0)) > time_ns(&arg(1)))),
            DurationSeconds => one(Value::Float(arg(0).int() as f64 / 1e9)),
            DurationMilliseconds => one(Value::Int(arg(0).int() / 1_000_000)),
            DurationRound => one(Value::Int(round_duration(arg(0).int(), arg(1).int()))),
            DurationTruncate => {
                let (d, m) = (arg(0).int(), arg(1).int());
                one(Value::Int(if m <= 0 { d } else { d - d % m }))
            }
            DurationMicroseconds => one(Value::Int(arg(0).int() / 1_000)),
            DurationNanoseconds => one(Value::Int(arg(0).int())),
            DurationString => one(Value::str(&gofmt::duration(arg(0).int()))),
            RandIntn | RandInt | RandInt63 | RandFloat64 | RandExpFloat64 | RandNormFloat64 => {
                let mut rng = lock(&m.rng);
                let v = match native {
                    RandIntn => {
                        let n = arg(0).int();
                        if n <= 0 {
                            drop(rng);
                            return Err(self.plain_panic_sync("invalid argument to Intn"));
                        }
                        Value::Int((rng.next_u64() % n as u64) as i64)
                    }
                    RandInt | RandInt63 => Value::Int((rng.next_u64() >> 1) as i64),
                    RandFloat64 => {
                        Value::Float((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
                    }
                    RandExpFloat64 => Value::Float(-libm::log(rng.unit())),
                    _ => Value::Float(rng.normal()),
                };
                one(v)
            }
            RandSeed => Ok(Vec::new()),
            ContextCanceled => one(m.canceled.clone()),
            ContextDeadlineExceeded => one(m.deadline_exceeded.clone()),
            ContextBackground => one(context_value(
                program,
                super::context::GoContext::background(),
            )),
            ContextWithCancel | ContextWithTimeout | ContextWithDeadline => {
                let Some(parent) = context_of(&arg(0)) else {
                    return Err(self.plain_panic("cannot create context from nil parent"));
                };
                let deadline = match native {
                    ContextWithTimeout => {
                        Some(m.clock.now().saturating_add(arg(1).int().max(0) as u64))
                    }
                    ContextWithDeadline => Some(time_ns(&arg(1)).max(0) as u64),
                    _ => None,
                };
                let child = super::context::GoContext::child(&parent, deadline);
                if let Some(at) = deadline {
                    let expired = m.deadline_exceeded.clone();
                    if at <= m.clock.now() {
                        child.cancel(expired, Value::Nil);
                    } else {
                        let target = Arc::downgrade(&child);
                        m.clock.add_action(
                            at,
                            Box::new(move || {
                                if let Some(c) = target.upgrade() {
                                    c.cancel(expired, Value::Nil);
                                }
                            }),
                        );
                    }
                }
                let cancel = Value::Func(Arc::new(Closure {
                    callee: Callee::Native(CtxCancel),
                    captures: Box::new([Value::Context(Arc::clone(&child))]),
                }));
                Ok(vec![context_value(program, child), cancel])
            }
            ContextWithValue => {
                let Some(parent) = context_of(&arg(0)) else {
                    return Err(self.plain_panic("cannot create context from nil parent"));
                };
                let child = super::context::GoContext::with_value(&parent, arg(1), arg(2));
                one(context_value(program, child))
            }
            ContextCause => one(match context_of(&arg(0)) {
                Some(c) => c.cause(),
                None => Value::Nil,
            }),
            CtxCancel => {
                if let Value::Context(c) = arg(0) {
                    c.cancel(m.canceled.clone(), Value::Nil);
                }
                Ok(Vec::new())
            }
            CtxDone | CtxErr | CtxDeadline | CtxValue => {
                let Value::Context(c) = arg(0) else {
                    return Err(self.nil_dereference());
                };
                match native {
                    CtxDone => one(c.done_chan()),
                    CtxErr => one(c.error()),
                    CtxValue => one(c.lookup(&inner_value(&arg(1)))),
                    _ => Ok(match c.deadline() {
                        Some(at) => vec![
                            Value::Struct(Box::new([Value::Int(at as i64)])),
                            Value::Bool(true),
                        ],
                        None => vec![Value::Struct(Box::new([Value::Int(0)])), Value::Bool(false)],
                    }),
                }
            }
            GroupWithContext => {
                let Some(parent) = context_of(&arg(0)) else {
                    return Err(self.plain_panic("cannot create context from nil parent"));
                };
                let child = super::context::GoContext::child(&parent, None);
                let group = super::context::GoGroup {
                    ctx: Some(Arc::clone(&child)),
                    ..Default::default()
                };
                Ok(vec![
                    Value::Pointer(Ptr::cell(Value::Group(Arc::new(group)))),
                    context_value(program, child),
                ])
            }
            GroupSetLimit => {
                if let Value::Group(g) = arg(0) {
                    let active = g.wg.count();
                    if active > 0 {
                        let msg = format!(
                            "errgroup: modify limit while {active} goroutines in the group are still active"
                        );
                        return Err(self.plain_panic(&msg));
                    }
                    let n = arg(1).int();
                    *lock(&g.sem) = (n >= 0).then(|| Arc::new(Chan::new(n as usize)));
                }
                Ok(Vec::new())
            }
            Tick | NewTicker | NewTimer => {
                let d = arg(0).int();
                if d <= 0 && native == Tick {
                    return one(Value::Nil); // Go's Tick gives a nil channel then
                }
                if d <= 0 && native == NewTicker {
                    return Err(self.plain_panic("non-positive interval for NewTicker"));
                }
                let ch = Arc::new(Chan::new(1));
                let seq = Ptr::cell(Value::Int(0));
                let at = m.clock.now().saturating_add(d.max(0) as u64);
                arm_timer(&m.clock, &ch, &seq, at, d.max(0) as u64, native != NewTimer);
                if native == Tick {
                    return one(Value::Chan(ch));
                }
                // A *Timer or *Ticker: its channel C, and (hidden) its timer's number.
                one(Value::Pointer(Ptr::cell(Value::Struct(Box::new([
                    Value::Chan(ch),
                    Value::Pointer(seq),
                    Value::Int(d),
                ])))))
            }
            TimerStop | TimerReset | TickerStop | TickerReset => {
                let Value::Struct(fields) = arg(0) else {
                    return Err(self.nil_dereference());
                };
                let (Some(Value::Chan(ch)), Some(Value::Pointer(seq))) =
                    (fields.first(), fields.get(1))
                else {
                    return Err(self.nil_dereference());
                };
                let active = m.clock.stop_action(seq.load().int() as u64);
                // Go 1.23: no value sent before the stop is received after it.
                let _ = ch.try_recv();
                match native {
                    TimerReset | TickerReset => {
                        let d = arg(1).int();
                        if native == TickerReset && d <= 0 {
                            return Err(self.plain_panic("non-positive interval for Ticker.Reset"));
                        }
                        let d = d.max(0) as u64;
                        let at = m.clock.now().saturating_add(d);
                        arm_timer(&m.clock, ch, seq, at, d, native == TickerReset);
                        Ok(if native == TimerReset {
                            vec![Value::Bool(active)]
                        } else {
                            Vec::new()
                        })
                    }
                    TimerStop => one(Value::Bool(active)),
                    _ => Ok(Vec::new()),
                }
            }
            SortBasic => {
                if let Value::Slice(s) = arg(0) {
                    let mut a = lock(&s.array);
                    a[s.offset..s.offset + s.len].sort_by(|x, y| match (x, y) {
                        (Value::Int(x), Value::Int(y)) => x.cmp(y),
                        (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
                        (Value::Str(x), Value::Str(y)) => x.cmp(y),
                        _ => std::cmp::Ordering::Equal,
                    });
                }
                Ok(Vec::new())
            }
            StringsContains | StringsHasPrefix | StringsHasSuffix => {
                let (a, b) = (string_of(&arg(0)), string_of(&arg(1)));
                one(Value::Bool(match native {
                    StringsContains => a.contains(&b),
                    StringsHasPrefix => a.starts_with(&b),
                    _ => a.ends_with(&b),
                }))
            }
            StringsIndex => {
                let (a, b) = (string_of(&arg(0)), string_of(&arg(1)));
                one(Value::Int(a.find(&b).map_or(-1, |i| i as i64)))
            }
            StringsLastIndex => {
                let (a, b) = (string_of(&arg(0)), string_of(&arg(1)));
                one(Value::Int(a.rfind(&b).map_or(-1, |i| i as i64)))
            }
            StringsCount => {
                let (a, b) = (string_of(&arg(0)), string_of(&arg(1)));
                // Go: an empty substring is counted once per rune, and once more.
                let n = if b.is_empty() {
                    a.chars().count() + 1
                } else {
                    a.matches(b.as_str()).count()
                };
                one(Value::Int(n as i64))
            }
            StringsCut => {
                let (a, sep) = (string_of(&arg(0)), string_of(&arg(1)));
                Ok(match a.split_once(sep.as_str()) {
                    Some((before, after)) => {
                        vec![Value::str(before), Value::str(after), Value::Bool(true)]
                    }
                    None => vec![Value::str(&a), Value::str(""), Value::Bool(false)],
                })
            }
            BuiltinPrint | BuiltinPrintln => {
                m.write_err(&gofmt::print_builtin(
                    program,
                    &args,
                    native == BuiltinPrintln,
                ));
                Ok(Vec::new())
            }
            StringsJoin => {
                let parts: Vec<String> = items_of(&arg(0)).iter().map(string_of).collect();
                one(Value::str(&parts.join(&string_of(&arg(1)))))
            }
            StringsSplit => {
                let (a, sep) = (string_of(&arg(0)), string_of(&arg(1)));
                let parts: Vec<Value> = if sep.is_empty() {
                    a.chars()
                        .map(|c| Value::str(c.encode_utf8(&mut [0; 4])))
                        .collect()
                } else {
                    a.split(sep.as_str()).map(Value::str).collect()
                };
                one(slice_of(parts))
            }
            StringsFields => {
                let a = string_of(&arg(0));
                one(slice_of(a.split_whitespace().map(Value::str).collect()))
            }
            StringsRepeat => {
                let n = arg(1).int();
                if n < 0 {
                    return Err(self.plain_panic("strings: negative Repeat count"));
                }
                let text = string_of(&arg(0));
                if !self.room_for(bytes_of(n as u64, text.len())) {
                    return Err(Flow::Exit);
                }
                one(Value::str(&text.repeat(n as usize)))
            }
            StringsReplaceAll => one(Value::str(
                &string_of(&arg(0)).replace(&string_of(&arg(1)), &string_of(&arg(2))),
            )),
            StringsToUpper => one(Value::str(&string_of(&arg(0)).to_uppercase())),
            StringsToLower => one(Value::str(&string_of(&arg(0)).to_lowercase())),
            StringsTrimSpace => one(Value::str(string_of(&arg(0)).trim())),
            StringsTrimPrefix | StringsTrimSuffix => {
                let (a, b) = (string_of(&arg(0)), string_of(&arg(1)));
                let t = if native == StringsTrimPrefix {
                    a.strip_prefix(b.as_str())
                } else {
                    a.strip_suffix(b.as_str())
                };
                one(Value::str(t.unwrap_or(&a)))
            }
            BuilderWriteString => {
                let add = string_of(&arg(1));
                if let Value::Pointer(p) = arg(0) {
                    p.update(&mut |v| {
                        let mut text = string_of(v);
                        text.push_str(&add);
                        *v = Value::str(&text);
                    });
                }
                Ok(vec![Value::Int(add.len() as i64), Value::Nil])
            }
            BuilderString | BuilderLen => {
                let text = match arg(0) {
                    Value::Pointer(p) => string_of(&p.load()),
                    _ => String::new(),
                };
                one(if native == BuilderLen {
                    Value::Int(text.len() as i64)
                } else {
                    Value::str(&text)
                })
            }
            Itoa => one(Value::str(&arg(0).int().to_string())),
            Quote => one(Value::str(&gofmt::quote(&string_of(&arg(0))))),
            Atoi => {
                let text = string_of(&arg(0));
                let digits = text.strip_prefix(['+', '-']).unwrap_or(&text);
                let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                match (valid, text.parse::<i64>()) {
                    (true, Ok(n)) => Ok(vec![Value::Int(n), Value::Nil]),
                    (true, Err(_)) => {
                        let max = if text.starts_with('-') {
                            i64::MIN
                        } else {
                            i64::MAX
                        };
                        let msg = format!(
                            "strconv.Atoi: parsing {}: value out of range",
                            gofmt::quote(&text)
                        );
                        Ok(vec![Value::Int(max), error_string(program, &msg)])
                    }
                    (false, _) => {
                        let msg = format!(
                            "strconv.Atoi: parsing {}: invalid syntax",
                            gofmt::quote(&text)
                        );
                        Ok(vec![Value::Int(0), error_string(program, &msg)])
                    }
                }
            }
            AtomicAdd | AtomicLoad | AtomicStore | AtomicCas => {
                let Value::Pointer(p) = arg(0) else {
                    return Err(self.nil_dereference());
                };
                let mut result = Value::Nil;
                p.update(&mut |v| {
                    let now = v.int();
                    result = match native {
                        AtomicAdd => {
                            *v = Value::Int(now.wrapping_add(arg(1).int()));
                            v.clone()
                        }
                        AtomicLoad => Value::Int(now),
                        AtomicStore => {
                            *v = Value::Int(arg(1).int());
                            Value::Nil
                        }
                        _ => {
                            let swap = now == arg(1).int();
                            if swap {
                                *v = Value::Int(arg(2).int());
                            }
                            Value::Bool(swap)
                        }
                    };
                });
                Ok(if native == AtomicStore {
                    Vec::new()
                } else {
                    vec![result]
                })
            }
            CloseChan => match arg(0) {
                Value::Chan(ch) => match ch.close() {
                    Ok(()) => Ok(Vec::new()),
                    Err(_) => Err(self.plain_panic("close of closed channel")),
                },
                _ => Err(self.plain_panic("close of nil channel")),
            },
            Exit => {
                m.exit(arg(0).int() as i32);
                Err(Flow::Exit)
            }
            WaitGroupWait | MutexLock | RLock | Sleep | WaitGroupGo | WaitGroupGoBody | OnceDo
            | SortSlice | SortInterface | ErrorsIs | ErrorsAs | ErrorsUnwrap | GroupGo
            | GroupTryGo | GroupBody | GroupWait => Ok(Vec::new()),
        }
    }

    fn plain_panic_sync(&mut self, msg: &str) -> Flow {
        self.plain_panic(msg)
    }
}

/// The first method of interface `iface` that dynamic type `t` lacks, if any.
fn missing_method(p: &super::super::code::Program, t: TypeId, iface: TypeId) -> Option<String> {
    let wanted = match p.types.get(iface as usize)? {
        RType::Interface(names) => names.clone(),
        RType::Named { under, .. } => match p.types.get(*under as usize)? {
            RType::Interface(names) => names.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let (named, through_pointer) = match p.types.get(t as usize) {
        Some(RType::Pointer(inner)) => (*inner, true),
        _ => (t, false),
    };
    let methods = match p.types.get(named as usize) {
        Some(RType::Named { methods, .. }) => methods.clone(),
        _ => Vec::new(),
    };
    wanted.into_iter().find(|m| {
        !methods
            .iter()
            .any(|(name, _, pointer)| name == m && (through_pointer || !pointer))
    })
}

/// The receiver of a promoted method, walked to from `v` (the struct, or a pointer to it) along
/// the embedded fields; `None` through a nil embedded pointer.
fn promoted_receiver(v: Value, p: &super::super::code::Promoted) -> Option<Value> {
    // Where the walk is: a value, or a place (through a pointer, so a pointer method can have
    // the field's address).
    enum At {
        Value(Value),
        Place(Ptr),
    }
    let mut at = match v {
        Value::Pointer(ptr) => At::Place(ptr),
        v => At::Value(v),
    };
    for (k, &(index, through_pointer)) in p.path.iter().enumerate() {
        // The struct itself was placed above; deeper, a pointer field is followed.
        if through_pointer && k > 0 {
            let held = match at {
                At::Value(v) => v,
                At::Place(ptr) => ptr.load(),
            };
            let Value::Pointer(ptr) = held else {
                return None;
            };
            at = At::Place(ptr);
        }
        at = match at {
            At::Value(Value::Struct(fields)) => At::Value(fields.get(index as usize)?.clone()),
            At::Value(_) => return None,
            At::Place(ptr) => At::Place(Ptr::Field(Arc::new(ptr), index)),
        };
    }
    let field = |at: At| match at {
        At::Value(v) => v,
        At::Place(ptr) => ptr.load(),
    };
    Some(match (p.holder_pointer, p.wants_pointer) {
        // The field holds the pointer the method wants, or points to the value it wants.
        (true, true) => field(at),
        (true, false) => match field(at) {
            Value::Pointer(ptr) => ptr.load(),
            _ => return None,
        },
        (false, true) => match at {
            At::Place(ptr) => Value::Pointer(ptr),
            At::Value(_) => return None,
        },
        (false, false) => field(at),
    })
}

/// Each frame's function and the line it is at, innermost first.
fn frame_list(frames: &[Frame]) -> impl Iterator<Item = (FuncId, u32)> + '_ {
    frames.iter().rev().map(|f| {
        let at = f.pc.saturating_sub(1);
        (f.id, f.func.lines.get(at).copied().unwrap_or(0))
    })
}

/// The frames of the standard library Go's traceback shows above the program's for a
/// goroutine parked in it (the runtime's own are hidden).
fn library_frames(reason: &str) -> &'static [&'static str] {
    match reason {
        "sync.WaitGroup.Wait" => &["sync.runtime_SemacquireWaitGroup", "sync.(*WaitGroup).Wait"],
        "sync.Mutex.Lock" => &[
            "internal/sync.runtime_SemacquireMutex",
            "internal/sync.(*Mutex).lockSlow",
            "internal/sync.(*Mutex).Lock",
            "sync.(*Mutex).Lock",
        ],
        "sync.RWMutex.RLock" => &["sync.runtime_SemacquireRWMutexR", "sync.(*RWMutex).RLock"],
        "sleep" => &["time.Sleep"],
        _ => &[],
    }
}

/// The report of a deadlock: every goroutine still blocked, as Go 1.25+ prints them.
pub(crate) fn deadlock_report(m: &Machine) -> String {
    let mut report = String::from("fatal error: all goroutines are asleep - deadlock!\n\n");
    let goroutines = lock(&m.goroutines).clone();
    let mut first = true;
    for g in goroutines.iter() {
        let st = lock(&g.state);
        if st.exited {
            continue;
        }
        if !first {
            report.push('\n');
        }
        first = false;
        let library = library_frames(st.wait);
        report.push_str(&describe(
            m,
            g.id,
            st.wait,
            library,
            &st.frames,
            g.created_by,
        ));
    }
    report
}

fn describe(
    m: &Machine,
    id: u64,
    state: &str,
    library: &[&str],
    frames: &[(FuncId, u32)],
    created_by: Option<(FuncId, u64, u32)>,
) -> String {
    let mut out = format!("goroutine {id} [{state}]:\n");
    for name in library {
        out.push_str(&format!("{name}(...)\n\t{}\n", library_file(name)));
    }
    let funcs = &m.program.funcs;
    for &(f, line) in frames {
        let name = funcs.get(f as usize).map_or("?", |f| f.name.as_str());
        out.push_str(&format!("{name}(...)\n\tprog.go:{line}\n"));
    }
    if let Some((f, parent, line)) = created_by {
        let name = funcs.get(f as usize).map_or("?", |f| f.name.as_str());
        out.push_str(&format!(
            "created by {name} in goroutine {parent}\n\tprog.go:{line}\n"
        ));
    }
    out
}

/// Where a library frame's function lives, as the traceback's second line says.
fn library_file(name: &str) -> &'static str {
    match name.split('.').next() {
        Some("sync") => "sync/waitgroup.go",
        Some("internal/sync") => "internal/sync/mutex.go",
        _ => "runtime/time.go",
    }
}

/// A context in its interface.
fn context_value(p: &super::super::code::Program, c: Arc<super::context::GoContext>) -> Value {
    Value::Iface(Arc::new((p.builtin.context, Value::Context(c))))
}

/// The context inside an interface value.
fn context_of(v: &Value) -> Option<Arc<super::context::GoContext>> {
    match v {
        Value::Iface(b) => match &b.1 {
            Value::Context(c) => Some(Arc::clone(c)),
            _ => None,
        },
        _ => None,
    }
}

/// A value taken out of its interface (a context's key compares as a value).
fn inner_value(v: &Value) -> Value {
    v.clone()
}

/// Sets a timer to send the time on `ch` at `at`, then every `d` after it if `repeat` (a
/// ticker keeps to its beat, however late a tick fired); `seq` holds its current number, for
/// `Stop` and `Reset`.
fn arm_timer(
    clock: &super::clock::Clock,
    ch: &Arc<Chan<Value>>,
    seq: &Ptr,
    at: u64,
    d: u64,
    repeat: bool,
) {
    let (target, again, cell) = (Arc::clone(ch), clock.clone(), seq.clone());
    let n = clock.add_action(
        at,
        Box::new(move || {
            let now = Value::Struct(Box::new([Value::Int(again.now() as i64)]));
            // A ticker drops a tick nobody took (its channel holds one).
            let _ = target.try_send(now);
            if repeat {
                // Ticks missed while nothing fired it are dropped, as Go's ticker drops them.
                let (now, mut next) = (again.now(), at.saturating_add(d));
                if next <= now && d > 0 {
                    next = next.saturating_add(d.saturating_mul((now - next) / d + 1));
                }
                arm_timer(&again, &target, &cell, next, d, true);
            }
        }),
    );
    seq.store(Value::Int(n as i64));
}

fn time_ns(v: &Value) -> i64 {
    match v {
        Value::Struct(f) => f.first().map_or(0, Value::int),
        _ => 0,
    }
}

fn string_of(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        _ => String::new(),
    }
}

fn error_string(program: &super::super::code::Program, text: &str) -> Value {
    error_value(program.builtin.error_string, text)
}

/// An error value of the VM's own: a pointer to a struct holding its text, in an interface.
pub(crate) fn error_value(t: TypeId, text: &str) -> Value {
    Value::Iface(Arc::new((
        t,
        Value::Pointer(Ptr::cell(Value::Struct(Box::new([Value::str(text)])))),
    )))
}

/// The zero value of type `t`.
pub(crate) fn zero(types: &[RType], t: TypeId) -> Value {
    match types.get(t as usize) {
        Some(RType::Bool) => Value::Bool(false),
        Some(RType::Int(_)) => Value::Int(0),
        Some(RType::Float64 | RType::Float32) => Value::Float(0.0),
        Some(RType::String) => Value::str(""),
        Some(RType::Named { name, under, .. }) => match name.as_str() {
            "sync.WaitGroup" => Value::WaitGroup(Default::default()),
            "sync.Mutex" | "sync.RWMutex" => Value::Mutex(Default::default()),
            "sync.Once" => Value::Once(Default::default()),
            "errgroup.Group" => Value::Group(Default::default()),
            // A reference of their own: their methods change them through any copy's pointer.
            "strings.Builder" => Value::Pointer(Ptr::cell(Value::str(""))),
            "atomic.Int64" | "atomic.Int32" => Value::Pointer(Ptr::cell(Value::Int(0))),
            _ => zero(types, *under),
        },
        Some(RType::Struct(fields)) => {
            Value::Struct(fields.iter().map(|(_, t)| zero(types, *t)).collect())
        }
        Some(RType::Array(n, t)) => Value::Struct((0..*n).map(|_| zero(types, *t)).collect()),
        _ => Value::Nil,
    }
}

fn binary(op: BinOp, num: Num, x: &Value, y: &Value) -> Result<Value, String> {
    use BinOp::*;
    Ok(match num {
        Num::Int(k) => {
            let (a, b) = (x.int(), y.int());
            let unsigned = !k.signed();
            match op {
                Add => Value::Int(k.wrap(a.wrapping_add(b))),
                Sub => Value::Int(k.wrap(a.wrapping_sub(b))),
                Mul => Value::Int(k.wrap(a.wrapping_mul(b))),
                Div | Rem => {
                    if b == 0 {
                        return Err("integer divide by zero".into());
                    }
                    let v = match (op == Div, unsigned) {
                        (true, false) => a.wrapping_div(b),
                        (false, false) => a.wrapping_rem(b),
                        (true, true) => ((a as u64) / (b as u64)) as i64,
                        (false, true) => ((a as u64) % (b as u64)) as i64,
                    };
                    Value::Int(k.wrap(v))
                }
                And => Value::Int(a & b),
                Or => Value::Int(a | b),
                Xor => Value::Int(k.wrap(a ^ b)),
                AndNot => Value::Int(a & !b),
                Shl => {
                    if b < 0 {
                        return Err("negative shift amount".into());
                    }
                    Value::Int(if b >= 64 { 0 } else { k.wrap(a << b) })
                }
                Shr => {
                    if b < 0 {
                        return Err("negative shift amount".into());
                    }
                    let s = b.min(63);
                    Value::Int(if unsigned {
                        if b >= 64 {
                            0
                        } else {
                            ((a as u64) >> s) as i64
                        }
                    } else {
                        a >> s
                    })
                }
                Eq => Value::Bool(a == b),
                Ne => Value::Bool(a != b),
                Lt | Le | Gt | Ge => {
                    let ord = if unsigned {
                        (a as u64).cmp(&(b as u64))
                    } else {
                        a.cmp(&b)
                    };
                    Value::Bool(compare(op, ord))
                }
            }
        }
        Num::Float => {
            let (a, b) = (x.float(), y.float());
            match op {
                Add => Value::Float(a + b),
                Sub => Value::Float(a - b),
                Mul => Value::Float(a * b),
                Div => Value::Float(a / b),
                Eq => Value::Bool(a == b),
                Ne => Value::Bool(a != b),
                Lt => Value::Bool(a < b),
                Le => Value::Bool(a <= b),
                Gt => Value::Bool(a > b),
                Ge => Value::Bool(a >= b),
                _ => Value::Float(f64::NAN),
            }
        }
        Num::String => {
            let a = string_of(x);
            let b = string_of(y);
            match op {
                Add => Value::str(&(a + &b)),
                Eq => Value::Bool(a == b),
                Ne => Value::Bool(a != b),
                _ => Value::Bool(compare(op, a.cmp(&b))),
            }
        }
        Num::Any => match op {
            Eq => Value::Bool(x.equals(y)),
            _ => Value::Bool(!x.equals(y)),
        },
    })
}

fn compare(op: BinOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        BinOp::Lt => ord == Less,
        BinOp::Le => ord != Greater,
        BinOp::Gt => ord == Greater,
        BinOp::Ge => ord != Less,
        BinOp::Eq => ord == Equal,
        _ => ord != Equal,
    }
}

fn convert(conv: Conv, x: Value) -> Value {
    match conv {
        Conv::IntToInt(k) => Value::Int(k.wrap(x.int())),
        Conv::IntToFloat => Value::Float(x.int() as f64),
        Conv::UintToFloat => Value::Float(x.int() as u64 as f64),
        Conv::FloatToInt(k) => Value::Int(k.wrap(x.float() as i64)),
        Conv::IntToString => {
            let c = u32::try_from(x.int())
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            Value::str(c.encode_utf8(&mut [0; 4]))
        }
        Conv::StringToBytes => {
            let s = string_of(&x);
            let items: Vec<Value> = s.bytes().map(|b| Value::Int(b as i64)).collect();
            slice_of(items)
        }
        Conv::StringToRunes => {
            let s = string_of(&x);
            let items: Vec<Value> = s.chars().map(|c| Value::Int(c as i64)).collect();
            slice_of(items)
        }
        Conv::BytesToString => {
            let bytes: Vec<u8> = items_of(&x).iter().map(|v| v.int() as u8).collect();
            Value::str(&String::from_utf8_lossy(&bytes))
        }
        Conv::RunesToString => {
            let s: String = items_of(&x)
                .iter()
                .map(|v| char::from_u32(v.int() as u32).unwrap_or('\u{FFFD}'))
                .collect();
            Value::str(&s)
        }
    }
}

fn slice_of(items: Vec<Value>) -> Value {
    let len = items.len();
    Value::Slice(Slice {
        array: Arc::new(Mutex::new(items)),
        offset: 0,
        len,
        cap: len,
    })
}

pub(crate) fn items_of(x: &Value) -> Vec<Value> {
    match x {
        Value::Slice(s) => {
            let a = lock(&s.array);
            a[s.offset..s.offset + s.len].to_vec()
        }
        Value::Struct(items) => items.to_vec(),
        _ => Vec::new(),
    }
}

/// Index `i` as a place in `len` things, if it is one. Compared before any cast: on wasm32 a
/// `usize` is 32 bits, and `1<<32 as usize` is 0 — the first element, not Go's panic.
fn within(i: i64, len: usize) -> Option<usize> {
    usize::try_from(i).ok().filter(|&i| i < len)
}

fn index(x: &Value, i: i64) -> Result<Value, String> {
    let out_of_range = |len: usize| format!("index out of range [{i}] with length {len}");
    match x {
        Value::Str(s) => {
            let b = s.as_bytes();
            let i = within(i, b.len()).ok_or_else(|| out_of_range(b.len()))?;
            Ok(Value::Int(b[i] as i64))
        }
        Value::Slice(s) => {
            let i = within(i, s.len).ok_or_else(|| out_of_range(s.len))?;
            Ok(lock(&s.array)[s.offset + i].clone())
        }
        Value::Struct(items) => {
            let i = within(i, items.len()).ok_or_else(|| out_of_range(items.len()))?;
            Ok(items[i].clone())
        }
        Value::Nil => Err(out_of_range(0)),
        _ => Err(out_of_range(0)),
    }
}

fn element(x: &Value, i: i64) -> Result<Ptr, String> {
    let out_of_range = |len: usize| format!("index out of range [{i}] with length {len}");
    match x {
        Value::Slice(s) => {
            let i = within(i, s.len).ok_or_else(|| out_of_range(s.len))?;
            Ok(Ptr::Elem(Arc::clone(&s.array), s.offset + i))
        }
        _ => Err(out_of_range(0)),
    }
}

fn slice_expr(x: Value, lo: i64, hi: Option<i64>) -> Result<Value, String> {
    match x {
        Value::Str(s) => {
            let len = s.len() as i64;
            let hi = hi.unwrap_or(len);
            if hi < 0 || hi > len {
                return Err(format!(
                    "slice bounds out of range [:{hi}] with length {len}"
                ));
            }
            if lo < 0 || lo > hi {
                return Err(format!("slice bounds out of range [{lo}:{hi}]"));
            }
            Ok(Value::str(&String::from_utf8_lossy(
                &s.as_bytes()[lo as usize..hi as usize],
            )))
        }
        Value::Slice(s) => {
            let cap = s.cap as i64;
            let hi = hi.unwrap_or(s.len as i64);
            if hi < 0 || hi > cap {
                return Err(format!(
                    "slice bounds out of range [:{hi}] with capacity {cap}"
                ));
            }
            if lo < 0 || lo > hi {
                return Err(format!("slice bounds out of range [{lo}:{hi}]"));
            }
            Ok(Value::Slice(Slice {
                array: s.array,
                offset: s.offset + lo as usize,
                len: (hi - lo) as usize,
                cap: (cap - lo) as usize,
            }))
        }
        Value::Nil => {
            let hi = hi.unwrap_or(0);
            if hi != 0 || lo != 0 {
                return Err(format!("slice bounds out of range [:{hi}] with capacity 0"));
            }
            Ok(Value::Nil)
        }
        Value::Pointer(p) => {
            // A pointer to an array: slice the array in place.
            let items = items_of(&p.load());
            slice_expr(slice_of(items), lo, hi)
        }
        other => Ok(other),
    }
}

/// `append`: in place while the capacity lasts, else into a new array of twice the size.
/// The bytes an `append` of `n` values to `s` allocates: a new array when it outgrows `s`'s.
fn growth(s: &Value, n: usize) -> usize {
    match s {
        Value::Slice(s) if s.len + n <= s.cap => 0,
        Value::Slice(s) => (s.cap * 2).max(s.len + n).saturating_mul(VALUE_BYTES),
        _ => n.saturating_mul(VALUE_BYTES),
    }
}

/// The bytes of `count` things of `each` bytes, in full: on wasm32 a `usize` is 32 bits, and a
/// count cast to it first would wrap (`make([]int, 1<<40)` asked for nothing).
fn bytes_of(count: u64, each: usize) -> usize {
    usize::try_from(u128::from(count) * each as u128).unwrap_or(usize::MAX)
}

/// What one value takes in a slice's array.
const VALUE_BYTES: usize = std::mem::size_of::<Value>();

fn append(s: Value, items: Vec<Value>) -> Value {
    if items.is_empty() {
        return s;
    }
    match s {
        Value::Slice(mut s) => {
            let n = items.len();
            if s.len + n <= s.cap {
                {
                    let mut a = lock(&s.array);
                    for (k, v) in items.into_iter().enumerate() {
                        a[s.offset + s.len + k] = v;
                    }
                }
                s.len += n;
                Value::Slice(s)
            } else {
                let mut grown: Vec<Value> = {
                    let a = lock(&s.array);
                    a[s.offset..s.offset + s.len].to_vec()
                };
                grown.extend(items);
                let len = s.len + n;
                let cap = (s.cap * 2).max(len);
                grown.resize(cap, Value::Nil);
                Value::Slice(Slice {
                    array: Arc::new(Mutex::new(grown)),
                    offset: 0,
                    len,
                    cap,
                })
            }
        }
        _ => {
            let len = items.len();
            slice_of_cap(items, len)
        }
    }
}

fn slice_of_cap(items: Vec<Value>, len: usize) -> Value {
    let cap = items.len();
    Value::Slice(Slice {
        array: Arc::new(Mutex::new(items)),
        offset: 0,
        len,
        cap,
    })
}

/// A future that is pending once: the goroutine goes to the back of the run queue.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// A wait that never ends: a nil channel's send or receive.
struct Never;

impl Future for Never {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

/// A wait, with what the goroutine waits for written where the crash report reads it while
/// the wait lasts (only once it does wait: a send that completes at once writes nothing).
struct Parking<'a, F> {
    fut: F,
    m: &'a Machine,
    g: &'a GInfo,
    reason: &'static str,
    chan: u32,
    frames: &'a [Frame],
    parked: bool,
}

impl<F: Future + Unpin> Future for Parking<'_, F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        match Pin::new(&mut this.fut).poll(cx) {
            Poll::Ready(v) => {
                if this.parked {
                    lock(&this.g.state).wait = "";
                    if this.m.logging() {
                        let line = frame_list(this.frames).next().map_or(0, |(_, l)| l);
                        let p = crate::runtime::current_p().unwrap_or(0) as u32;
                        this.m.record(Kind::GoRunning, this.g.id, line, p, 0);
                    }
                }
                Poll::Ready(v)
            }
            Poll::Pending => {
                if !this.parked {
                    this.parked = true;
                    let mut st = lock(&this.g.state);
                    st.wait = this.reason;
                    st.frames.clear();
                    st.frames.extend(frame_list(this.frames));
                    let line = st.frames.first().map_or(0, |(_, l)| *l);
                    drop(st);
                    if this.m.logging() {
                        let wait = Wait::of(this.reason) as u32;
                        this.m
                            .record(Kind::GoBlocked, this.g.id, line, wait, this.chan);
                    }
                }
                Poll::Pending
            }
        }
    }
}

/// `time.Duration.Round` as Go's time package has it: halfway values round away from zero, and
/// a result past the type's range saturates.
fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let less_than_half = |x: i64| (x as u64).wrapping_add(x as u64) < m as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r) {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if less_than_half(r) {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}
