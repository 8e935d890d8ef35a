//! Go's map: keys of any comparable type, found by a hash of their value; `range` visits the
//! entries from a random place (Go randomizes iteration order on purpose; here the seed decides
//! it, so a run repeats itself), and entries deleted during a `range` are not visited.

use super::super::code::TypeId;
use super::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A comparable value as a hash key: what Go's `==` says is equal is one key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Nil,
    Bool(bool),
    Int(i64),
    /// The bits of a float, `-0` as `+0` (equal in Go); a NaN is never equal to anything, so
    /// each NaN gets a key of its own.
    Float(u64),
    NaN(u64),
    Str(Arc<str>),
    Struct(Box<[Key]>),
    /// A channel or sync value: its address.
    Addr(usize),
    /// A pointer: the variable it points to.
    Ptr(Box<Key>),
    Iface(TypeId, Box<Key>),
}

#[derive(Default)]
pub struct GoMap {
    /// Entries in insertion order; a deleted one leaves a hole (reused by no one) until the
    /// map is compacted.
    entries: Vec<Option<(Value, Value)>>,
    index: HashMap<Key, usize>,
    nans: u64,
}

impl GoMap {
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn key_of(&mut self, v: &Value) -> Key {
        match key(v) {
            Key::NaN(_) => {
                self.nans += 1;
                Key::NaN(self.nans)
            }
            k => k,
        }
    }

    pub fn get(&self, k: &Value) -> Option<Value> {
        let at = *self.index.get(&key(k))?;
        self.entries[at].as_ref().map(|(_, v)| v.clone())
    }

    pub fn set(&mut self, k: Value, v: Value) {
        let key = self.key_of(&k);
        match self.index.get(&key) {
            Some(&at) => {
                if let Some(entry) = &mut self.entries[at] {
                    entry.1 = v;
                }
            }
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(Some((k, v)));
            }
        }
    }

    pub fn delete(&mut self, k: &Value) {
        if let Some(at) = self.index.remove(&key(k)) {
            self.entries[at] = None;
            if self.entries.len() > 32 && self.index.len() * 2 < self.entries.len() {
                self.compact();
            }
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    fn compact(&mut self) {
        self.entries.retain(Option::is_some);
        self.index.clear();
        for (at, (k, _)) in self.entries.iter().flatten().enumerate() {
            self.index.insert(key(k), at);
        }
    }

    /// The keys, for a `range`: from entry `start` (mod the number of entries) round to it.
    pub fn keys_from(&self, start: u64) -> Vec<Value> {
        let live: Vec<&Value> = self.entries.iter().flatten().map(|(k, _)| k).collect();
        if live.is_empty() {
            return Vec::new();
        }
        let from = (start % live.len() as u64) as usize;
        live[from..]
            .iter()
            .chain(&live[..from])
            .map(|k| (*k).clone())
            .collect()
    }

    /// Every entry, in insertion order (fmt sorts them itself).
    pub fn entries(&self) -> Vec<(Value, Value)> {
        self.entries.iter().flatten().cloned().collect()
    }
}

/// The key of a comparable value.
pub fn key(v: &Value) -> Key {
    match v {
        Value::Nil => Key::Nil,
        Value::Bool(b) => Key::Bool(*b),
        Value::Int(i) => Key::Int(*i),
        Value::Float(f) if f.is_nan() => Key::NaN(0),
        Value::Float(f) => Key::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
        Value::Str(s) => Key::Str(Arc::clone(s)),
        Value::Struct(items) => Key::Struct(items.iter().map(key).collect()),
        // Never read out of its cell as itself; keyed as the array it holds, were it.
        Value::Shared(a) => Key::Struct(super::value::lock(a).iter().map(key).collect()),
        Value::Pointer(p) => Key::Ptr(Box::new(ptr_key(p))),
        Value::Chan(c) => Key::Addr(Arc::as_ptr(c) as *const () as usize),
        Value::Iface(b) => Key::Iface(b.0, Box::new(key(&b.1))),
        Value::WaitGroup(w) => Key::Addr(Arc::as_ptr(w) as *const () as usize),
        Value::Mutex(m) => Key::Addr(Arc::as_ptr(m) as *const () as usize),
        Value::Once(o) => Key::Addr(Arc::as_ptr(o) as *const () as usize),
        Value::Context(c) => Key::Addr(Arc::as_ptr(c) as *const () as usize),
        Value::Group(g) => Key::Addr(Arc::as_ptr(g) as *const () as usize),
        // Not comparable: the checker refuses them as keys.
        Value::Slice(_) | Value::Func(_) | Value::Map(_) => Key::Nil,
    }
}

fn ptr_key(p: &super::value::Ptr) -> Key {
    use super::value::Ptr;
    match p {
        Ptr::Cell(c) => Key::Addr(Arc::as_ptr(c) as *const () as usize),
        Ptr::Elem(a, i) => Key::Struct(Box::new([
            Key::Addr(Arc::as_ptr(a) as *const () as usize),
            Key::Int(*i as i64),
        ])),
        Ptr::Field(p, i) => Key::Struct(Box::new([ptr_key(p), Key::Int(*i as i64), Key::Nil])),
    }
}
