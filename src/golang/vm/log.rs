//! The event log of a Go program's run: what each goroutine did and when, each event with its
//! source line, so a view can show every goroutine's line at any moment and step back through
//! it (DESIGN.md: one event log, any program). Records are six `u32` words on the wire, as the
//! pool's log has five: the page gets them as one `Uint32Array`.

use super::value::lock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Words per record: time (ns, low and high), kind and goroutine, line, two details.
pub const WORDS: usize = 6;

/// What happened. The details (`a`, `b`) per kind:
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// A `go` statement started goroutine `g`; a: the goroutine that ran it.
    GoCreated = 1,
    /// Goroutine `g` runs again after a wait; a: the P it runs on (0-based; 0 in virtual time).
    GoRunning = 2,
    /// Goroutine `g` waits; a: [`Wait`] reason, b: the channel's number (0 for none).
    GoBlocked = 3,
    /// Goroutine `g` ended (its function returned, or the program ended with it blocked).
    GoExited = 4,
    /// `make(chan T, n)`; a: the channel's number, b: its capacity.
    ChanMade = 5,
    /// A send completed; a: the channel's number, b: `len(ch)` after.
    ChanSend = 6,
    /// A receive completed; a: the channel's number, b: 1 if a value came (0 if the channel
    /// was closed and empty), plus `len(ch)` after, times 2.
    ChanRecv = 7,
    /// `close(ch)`; a: the channel's number.
    ChanClose = 8,
    /// A `select` ran a case; a: the case's number (the number of cases for `default`).
    SelectChose = 9,
    /// The program wrote to stdout; a: stdout's length in bytes after.
    Output = 10,
    /// The program ended; a: its exit status.
    Exit = 11,
}

/// Why a goroutine waits (`GoBlocked`'s a), as Go names it in its tracebacks: one number for
/// each of Go's texts, so a view can write what Go's report writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Wait {
    ChanSend = 1,
    ChanReceive = 2,
    Select = 3,
    WaitGroup = 4,
    Mutex = 5,
    Sleep = 6,
    NilChanSend = 7,
    Other = 8,
    SelectNoCases = 9,
    NilChanReceive = 10,
    RwMutexRead = 11,
}

impl Wait {
    /// The number of Go's wait-reason text.
    pub fn of(reason: &str) -> Wait {
        match reason {
            "chan send" => Wait::ChanSend,
            "chan receive" => Wait::ChanReceive,
            "select" => Wait::Select,
            "select (no cases)" => Wait::SelectNoCases,
            "sync.WaitGroup.Wait" => Wait::WaitGroup,
            "sync.Mutex.Lock" => Wait::Mutex,
            "sync.RWMutex.RLock" => Wait::RwMutexRead,
            "sleep" => Wait::Sleep,
            "chan send (nil chan)" => Wait::NilChanSend,
            "chan receive (nil chan)" => Wait::NilChanReceive,
            _ => Wait::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Virtual nanoseconds since the program started.
    pub at_ns: u64,
    pub kind: Kind,
    pub g: u32,
    pub line: u32,
    pub a: u32,
    pub b: u32,
}

impl Event {
    pub fn words(&self) -> [u32; WORDS] {
        [
            self.at_ns as u32,
            (self.at_ns >> 32) as u32,
            self.kind as u32 | self.g << 8,
            self.line,
            self.a,
            self.b,
        ]
    }
}

/// The log: events in the order they happened, up to a limit (then `truncated`).
pub struct Log {
    events: Mutex<Vec<Event>>,
    limit: usize,
    truncated: AtomicBool,
}

impl Log {
    pub fn new(limit: usize) -> Log {
        Log {
            events: Mutex::new(Vec::with_capacity(limit.min(4096))),
            limit,
            truncated: AtomicBool::new(false),
        }
    }

    /// Adds the event `at(now)` makes, `now` read under the log's lock: on the live driver
    /// threads log at once, and a time read before the lock could land after a later one.
    pub fn push_at(&self, now: impl FnOnce() -> u64, event: impl FnOnce(u64) -> Event) {
        let mut events = lock(&self.events);
        if events.len() < self.limit {
            events.push(event(now()));
        } else {
            self.truncated.store(true, Ordering::Relaxed);
        }
    }

    pub fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *lock(&self.events))
    }

    pub fn truncated(&self) -> bool {
        self.truncated.load(Ordering::Relaxed)
    }
}
