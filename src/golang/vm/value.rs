//! A Go value as the VM holds it. Integers of every size are an `i64` (a `uint64` keeps its
//! bits; the compiler's operations know the kind); what Go shares by reference (slices' arrays,
//! maps, channels, heap cells, the sync types) is shared here by `Arc`, so a value can move to
//! a goroutine on another thread.

use super::super::code::{FuncId, Native, TypeId};
use crate::chan::Chan;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

#[derive(Clone, Default)]
pub enum Value {
    /// A nil pointer, slice, map, channel, function or interface.
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Slice(Slice),
    /// A struct or array: copied when assigned, as Go copies them.
    Struct(Box<[Value]>),
    Pointer(Ptr),
    Chan(Arc<Chan<Value>>),
    Map(Arc<Mutex<super::map::GoMap>>),
    Func(Arc<Closure>),
    /// A non-nil interface: its dynamic type and value.
    Iface(Arc<(TypeId, Value)>),
    WaitGroup(Arc<crate::wait_group::WaitGroup>),
    Mutex(Arc<super::sync::GoMutex>),
    Once(Arc<super::sync::GoOnce>),
    Context(Arc<super::context::GoContext>),
    Group(Arc<super::context::GoGroup>),
    /// An array variable a slice was taken of: its elements, shared with the slices. It lives
    /// only in a variable's cell (see `Ptr::shared_array`); read out, it is a `Struct` copy, as
    /// Go copies an array.
    Shared(Arc<Mutex<Vec<Value>>>),
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Slice(s) => write!(f, "slice(len {}, cap {})", s.len, s.cap),
            Value::Struct(items) => f.debug_list().entries(items.iter()).finish(),
            Value::Pointer(_) => write!(f, "pointer"),
            Value::Chan(c) => write!(f, "chan(len {}, cap {})", c.len(), c.cap()),
            Value::Map(m) => write!(f, "map(len {})", lock(m).len()),
            Value::Func(c) => write!(f, "func {:?}", c.callee),
            Value::Iface(b) => write!(f, "iface(type {}, {:?})", b.0, b.1),
            Value::WaitGroup(_) => write!(f, "sync.WaitGroup"),
            Value::Mutex(_) => write!(f, "sync.Mutex"),
            Value::Once(_) => write!(f, "sync.Once"),
            Value::Context(_) => write!(f, "context"),
            Value::Group(_) => write!(f, "errgroup.Group"),
            Value::Shared(a) => write!(f, "shared array(len {})", lock(a).len()),
        }
    }
}

/// Locks a cell; a goroutine that panicked holding one left it consistent (every write is one
/// step).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A slice: a window on a shared array.
#[derive(Clone)]
pub struct Slice {
    pub array: Arc<Mutex<Vec<Value>>>,
    pub offset: usize,
    pub len: usize,
    pub cap: usize,
}

/// Where a pointer points: a heap cell (a variable that escaped, `new(T)`, `&T{}`), an
/// element of an array, or a field of a struct somewhere.
#[derive(Clone)]
pub enum Ptr {
    Cell(Arc<Mutex<Value>>),
    Elem(Arc<Mutex<Vec<Value>>>, usize),
    Field(Arc<Ptr>, u16),
}

/// An array's new elements into the storage its slices share: of one type, both have the same
/// length; a program the checker let through wrongly gets what fits, never a crash of ours.
fn copy_into(shared: &mut [Value], items: &[Value]) {
    for (slot, v) in shared.iter_mut().zip(items) {
        *slot = v.clone();
    }
}

impl Ptr {
    pub fn cell(v: Value) -> Ptr {
        Ptr::Cell(Arc::new(Mutex::new(v)))
    }

    pub fn load(&self) -> Value {
        match self {
            Ptr::Cell(c) => match &*lock(c) {
                Value::Shared(a) => Value::Struct(lock(a).clone().into_boxed_slice()),
                v => v.clone(),
            },
            Ptr::Elem(a, i) => lock(a).get(*i).cloned().unwrap_or_default(),
            Ptr::Field(p, f) => match p.load() {
                Value::Struct(fields) => fields.get(*f as usize).cloned().unwrap_or_default(),
                _ => Value::Nil,
            },
        }
    }

    pub fn store(&self, v: Value) {
        match self {
            Ptr::Cell(c) => {
                let mut cell = lock(c);
                match (&*cell, v) {
                    // Assigned to, an array a slice shares keeps sharing: the slice sees it.
                    (Value::Shared(a), Value::Struct(items)) => copy_into(&mut lock(a), &items),
                    (_, v) => *cell = v,
                }
            }
            Ptr::Elem(a, i) => {
                if let Some(slot) = lock(a).get_mut(*i) {
                    *slot = v;
                }
            }
            Ptr::Field(p, f) => {
                let mut v = Some(v);
                p.update(&mut |s| {
                    if let (Value::Struct(fields), Some(v)) = (s, v.take()) {
                        if let Some(slot) = fields.get_mut(*f as usize) {
                            *slot = v;
                        }
                    }
                })
            }
        }
    }

    /// Changes the value in place, under one lock (a field of a struct behind a pointer; an
    /// atomic read-modify-write).
    pub fn update(&self, f: &mut dyn FnMut(&mut Value)) {
        match self {
            Ptr::Cell(c) => {
                let mut cell = lock(c);
                if let Value::Shared(a) = &*cell {
                    let mut copy = Value::Struct(lock(a).clone().into_boxed_slice());
                    f(&mut copy);
                    if let Value::Struct(items) = copy {
                        copy_into(&mut lock(a), &items);
                    }
                } else {
                    f(&mut cell);
                }
            }
            Ptr::Elem(a, i) => {
                if let Some(slot) = lock(a).get_mut(*i) {
                    f(slot);
                }
            }
            Ptr::Field(p, i) => p.update(&mut |s| {
                if let Value::Struct(fields) = s {
                    if let Some(slot) = fields.get_mut(*i as usize) {
                        f(slot);
                    }
                }
            }),
        }
    }

    /// The elements of the array this points to, shared from now on with whatever slices are
    /// taken of it (`arr[lo:hi]`). Only a variable's own cell can share: an array inside a
    /// struct or a slice is copied with it, so a slice of it could not stay its alias (`None`).
    pub fn shared_array(&self) -> Option<Arc<Mutex<Vec<Value>>>> {
        let Ptr::Cell(c) = self else {
            return None;
        };
        let mut cell = lock(c);
        match &*cell {
            Value::Shared(a) => Some(Arc::clone(a)),
            Value::Struct(items) => {
                let a = Arc::new(Mutex::new(items.to_vec()));
                *cell = Value::Shared(Arc::clone(&a));
                Some(a)
            }
            _ => None,
        }
    }

    /// Pointer equality: the same variable.
    pub fn same(&self, other: &Ptr) -> bool {
        match (self, other) {
            (Ptr::Cell(a), Ptr::Cell(b)) => Arc::ptr_eq(a, b),
            (Ptr::Elem(a, i), Ptr::Elem(b, j)) => Arc::ptr_eq(a, b) && i == j,
            (Ptr::Field(a, i), Ptr::Field(b, j)) => i == j && a.same(b),
            _ => false,
        }
    }
}

/// A function value: compiled code or a native, with what it closes over (for a native
/// method value, its receiver).
#[derive(Debug)]
pub struct Closure {
    pub callee: Callee,
    pub captures: Box<[Value]>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Callee {
    Code(FuncId),
    Native(Native),
    /// A method value (`c.Inc`): compiled method `f` with its receiver, the closure's one
    /// capture, as its first argument.
    Method(FuncId),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            Value::Float(f) => *f as i64,
            Value::Bool(b) => *b as i64,
            _ => 0,
        }
    }

    pub fn float(&self) -> f64 {
        match self {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            _ => 0.0,
        }
    }

    pub fn bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn code(f: FuncId) -> Value {
        Value::Func(Arc::new(Closure {
            callee: Callee::Code(f),
            captures: Box::new([]),
        }))
    }

    pub fn native(n: Native) -> Value {
        Value::Func(Arc::new(Closure {
            callee: Callee::Native(n),
            captures: Box::new([]),
        }))
    }

    /// Go's `==` for comparable values (the checker has refused the rest).
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Struct(a), Value::Struct(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equals(y))
            }
            (Value::Pointer(a), Value::Pointer(b)) => a.same(b),
            (Value::Chan(a), Value::Chan(b)) => Arc::ptr_eq(a, b),
            (Value::Map(a), Value::Map(b)) => Arc::ptr_eq(a, b),
            (Value::Iface(a), Value::Iface(b)) => a.0 == b.0 && a.1.equals(&b.1),
            (Value::WaitGroup(a), Value::WaitGroup(b)) => Arc::ptr_eq(a, b),
            (Value::Mutex(a), Value::Mutex(b)) => Arc::ptr_eq(a, b),
            (Value::Context(a), Value::Context(b)) => Arc::ptr_eq(a, b),
            (Value::Group(a), Value::Group(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}
