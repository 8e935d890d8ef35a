//! The event log: fixed-size records that engine threads append to without locks.
//!
//! A record is five `u32` words — time since run start in microseconds as a little-endian `u64`
//! (low word, high word), `kind | actor << 8`, job, value — so a batch crosses to JavaScript as
//! one `Uint32Array` with no per-event objects. A time stays below 2^53 µs, so the high word's
//! top byte is free: it holds which P ran the event (its number + 1; 0 for no P, as in the
//! simulator). A 64-bit time cannot saturate: the simulator's
//! longest run, [`MAX_SPAN_MS`], is far inside it and inside a JavaScript number's exact range.

use crate::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use web_time::Instant;

/// Job events recorded in full by default.
pub const DEFAULT_LIMIT: u32 = 1_000_000;

/// Words per record in the wire format.
pub const WORDS: usize = 5;

/// The longest run either driver takes, in (virtual) milliseconds: 100 years. Configs that would
/// run longer are refused up front, and a simulated run whose random draws carry it past this
/// stops there and says so. In microseconds it stays below 2^53, exact in a JavaScript number.
pub const MAX_SPAN_MS: f64 = 100.0 * 365.25 * 24.0 * 3_600_000.0;

/// The producer goroutine (the orchestrator's `for j := 1; j <= n; j++ { jobs <- j }`).
pub const ACTOR_PRODUCER: u32 = 0;
/// The goroutine that runs `wg.Wait(); close(results)`.
pub const ACTOR_CLOSER: u32 = 0xFF_FFFE;
/// The goroutine that ranges over `results`.
pub const ACTOR_COLLECTOR: u32 = 0xFF_FFFF;
// Workers are actors 1..=N, numbered as the seed numbers them (`for w := 1; w <= 3; w++`).

/// Most job events one job can cause: late, sent (with a blocked/unblocked pair), waited for,
/// received, done, result blocked/unblocked, sent and collected; and in the simulator the memory
/// it takes when it arrives and gives back when it leaves.
pub const MAX_EVENTS_PER_JOB: usize = 13;

/// Events a run with `workers` workers records beyond [`MAX_EVENTS_PER_JOB`] per job: start,
/// `wg.Wait`, two closes, finish, per worker its `wg.Done` and its last wait on `jobs`, and
/// room for a reader's pauses and resumes of the collector.
pub fn lifecycle_events(workers: usize) -> usize {
    2 * workers + 5 + 256
}

/// The log of a run of `jobs` jobs on `workers` workers, recording at most `limit` job events:
/// its ring holds every event the run can record, so a slow reader delays events but never
/// loses them. Both drivers size their logs here.
pub fn for_run(jobs: u32, workers: u32, limit: u32) -> Trace {
    for_run_with(jobs, workers, limit, 0)
}

/// [`for_run`] for a run that also records up to `extra` events counted against the limit
/// but not tied to a job (the simulator's memory curve).
pub fn for_run_with(jobs: u32, workers: u32, limit: u32, extra: usize) -> Trace {
    let job_events = (jobs as usize)
        .saturating_mul(MAX_EVENTS_PER_JOB)
        .saturating_add(extra)
        .min(limit as usize);
    Trace::new(
        limit as usize,
        job_events + lifecycle_events(workers as usize),
    )
}

/// What happened. The value word's meaning is given per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// The run began; value: number of workers (`wg.Add(n)` happens here).
    RunStarted = 0,
    /// The producer sent a job; value: `len(jobs)` after.
    JobSent = 1,
    /// The producer found `jobs` full and blocked (backpressure); value: `len(jobs)`.
    ProducerBlocked = 2,
    /// The blocked send went through; value: `len(jobs)` after.
    ProducerUnblocked = 3,
    /// A worker found `jobs` empty and blocked in `range jobs`; value: 0.
    WorkerWaiting = 4,
    /// A worker received a job; value: `len(jobs)` after.
    JobReceived = 5,
    /// A worker finished a job; value: 0 ok, 1 failed, 2 cancelled.
    JobDone = 6,
    /// A worker found `results` full and blocked; value: `len(results)`.
    WorkerBlocked = 7,
    /// The blocked send went through; value: `len(results)` after.
    WorkerUnblocked = 8,
    /// A worker sent its result; value: `len(results)` after.
    ResultSent = 9,
    /// A worker's `range jobs` ended and it called `wg.Done()`; value: the counter after.
    WorkerExited = 10,
    /// The closer started `wg.Wait()`; value: the counter then.
    CloserWaiting = 11,
    /// A channel was closed; value: 0 `jobs` (by the producer), 1 `results` (by the closer).
    ChannelClosed = 12,
    /// The collector received a result; value: `len(results)` after.
    ResultCollected = 13,
    /// The run ended; value: 0 complete, 1 cancelled, 2 deadlock, 3 panic, 4 out of memory,
    /// 5 stopped at the simulator's longest span.
    RunFinished = 14,
    /// The collector stopped at its gate (paused from outside); value: `len(results)`.
    CollectorPaused = 15,
    /// The collector's gate opened again; value: `len(results)`.
    CollectorResumed = 16,
    /// The simulated program's memory moved; value: KiB in use (goroutine stacks and jobs).
    Memory = 17,
    /// The producer took up a job after the moment it was due (it was blocked on an earlier
    /// send, or its timer fired late); value: how late, in µs (saturating). The job's latency
    /// starts at this event's time minus the value.
    JobLate = 18,
}

impl Kind {
    /// The pool's lifecycle (start, `wg.Done`, `wg.Wait`, `close`, finish) is always recorded,
    /// whatever the limit: without it a capped log could not say how the run ended.
    pub fn is_lifecycle(self) -> bool {
        matches!(
            self,
            Kind::RunStarted
                | Kind::WorkerExited
                | Kind::CloserWaiting
                | Kind::ChannelClosed
                | Kind::RunFinished
                | Kind::CollectorPaused
                | Kind::CollectorResumed
        )
    }
}

/// A 64-bit FNV-1a digest of a log's words: equal logs, equal digests, on every platform.
///
/// ```
/// use poolsim::trace::fingerprint;
/// assert_eq!(fingerprint(&[]), 0xcbf2_9ce4_8422_2325);
/// assert_ne!(fingerprint(&[1, 2]), fingerprint(&[2, 1]));
/// ```
pub fn fingerprint(words: &[u32]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in words.iter().flat_map(|w| w.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One record of the log, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Microseconds since the run started.
    pub time_us: u64,
    /// Raw [`Kind`] number.
    pub kind: u8,
    /// Which goroutine: [`ACTOR_PRODUCER`], a worker 1..=N, [`ACTOR_CLOSER`], [`ACTOR_COLLECTOR`].
    pub actor: u32,
    /// The job number (1..=n), or 0 when the event is not about a job.
    pub job: u32,
    /// Per-kind detail, see [`Kind`].
    pub value: u32,
    /// The P that ran it, plus one; 0 when no P did (the simulator, or a thread outside the
    /// runtime).
    pub p: u8,
}

/// The time's bits in a record's high time word; the top byte is the P.
const TIME_HI_MASK: u32 = 0x00FF_FFFF;

impl Event {
    /// The five wire words of this record.
    pub fn words(&self) -> [u32; WORDS] {
        [
            self.time_us as u32,
            ((self.time_us >> 32) as u32 & TIME_HI_MASK) | u32::from(self.p) << 24,
            u32::from(self.kind) | (self.actor << 8),
            self.job,
            self.value,
        ]
    }
}

struct Slot {
    /// Vyukov's sequence number: equals the position when free, position + 1 when written.
    seq: AtomicUsize,
    words: [AtomicU32; WORDS],
}

/// A bounded lock-free queue of records: many engine threads append, one reader drains.
///
/// When the reader falls behind, appends fail rather than wait: a pool must never slow down
/// because somebody is watching it. The failures are counted and reported.
///
/// ```
/// use poolsim::trace::{Event, Ring};
/// let ring = Ring::with_capacity(4);
/// let e = Event { time_us: 7, kind: 1, actor: 0, job: 1, value: 1, p: 2 };
/// assert!(ring.push(&e));
/// assert_eq!(ring.pop(), Some(e));
/// assert_eq!(ring.pop(), None);
/// ```
pub struct Ring {
    slots: Box<[Slot]>,
    mask: usize,
    tail: AtomicUsize,
    head: AtomicUsize,
}

impl Ring {
    /// A ring holding at least `capacity` records (rounded up to a power of two).
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(2).next_power_of_two();
        let slots = (0..capacity)
            .map(|i| Slot {
                seq: AtomicUsize::new(i),
                words: Default::default(),
            })
            .collect();
        Ring {
            slots,
            mask: capacity - 1,
            tail: AtomicUsize::new(0),
            head: AtomicUsize::new(0),
        }
    }

    /// Appends a record; `false` if the ring is full.
    pub fn push(&self, event: &Event) -> bool {
        let mut pos = self.tail.load(Ordering::Relaxed);
        loop {
            let slot = &self.slots[pos & self.mask];
            let seq = slot.seq.load(Ordering::Acquire);
            let lag = seq.wrapping_sub(pos) as isize;
            if lag == 0 {
                match self.tail.compare_exchange_weak(
                    pos,
                    pos.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        for (word, value) in slot.words.iter().zip(event.words()) {
                            word.store(value, Ordering::Relaxed);
                        }
                        slot.seq.store(pos.wrapping_add(1), Ordering::Release);
                        return true;
                    }
                    Err(current) => pos = current,
                }
            } else if lag < 0 {
                return false;
            } else {
                pos = self.tail.load(Ordering::Relaxed);
            }
        }
    }

    /// Takes the oldest record. Only one thread may drain a ring.
    pub fn pop(&self) -> Option<Event> {
        let words = self.pop_words()?;
        Some(Event {
            time_us: u64::from(words[0]) | u64::from(words[1] & TIME_HI_MASK) << 32,
            kind: (words[2] & 0xFF) as u8,
            actor: words[2] >> 8,
            job: words[3],
            value: words[4],
            p: (words[1] >> 24) as u8,
        })
    }

    fn pop_words(&self) -> Option<[u32; WORDS]> {
        let pos = self.head.load(Ordering::Relaxed);
        let slot = &self.slots[pos & self.mask];
        if slot.seq.load(Ordering::Acquire) != pos.wrapping_add(1) {
            return None;
        }
        let words = std::array::from_fn(|i| slot.words[i].load(Ordering::Relaxed));
        slot.seq
            .store(pos.wrapping_add(self.mask + 1), Ordering::Release);
        self.head.store(pos.wrapping_add(1), Ordering::Relaxed);
        Some(words)
    }

    /// Moves up to `max` records into `out` as wire words; returns how many records moved.
    pub fn drain_into(&self, out: &mut Vec<u32>, max: usize) -> usize {
        let mut moved = 0;
        while moved < max {
            match self.pop_words() {
                Some(words) => out.extend_from_slice(&words),
                None => break,
            }
            moved += 1;
        }
        moved
    }
}

/// A run's recorder: timestamps records, keeps full detail up to a limit, counts what it could
/// not keep.
pub struct Trace {
    ring: Ring,
    start: Instant,
    limit: usize,
    offered: AtomicUsize,
    truncated: AtomicBool,
    dropped: AtomicUsize,
}

impl Trace {
    /// Records at most `limit` job events of a run that starts now (lifecycle events always).
    pub fn new(limit: usize, ring_capacity: usize) -> Self {
        Trace {
            ring: Ring::with_capacity(ring_capacity),
            start: Instant::now(),
            limit,
            offered: AtomicUsize::new(0),
            truncated: AtomicBool::new(false),
            dropped: AtomicUsize::new(0),
        }
    }

    /// Whether job events are still recorded; lets callers skip work done only for the log.
    pub fn enabled(&self) -> bool {
        self.offered.load(Ordering::Relaxed) < self.limit
    }

    /// Appends one event stamped with the time since the run started.
    pub fn record(&self, kind: Kind, actor: u32, job: u32, value: u32) {
        if !self.admit(kind) {
            return;
        }
        let micros = self.start.elapsed().as_micros();
        let p = crate::runtime::current_p().map_or(0, |p| (p + 1).min(255) as u8);
        self.append(
            u64::try_from(micros).unwrap_or(u64::MAX),
            kind,
            actor,
            job,
            value,
            p,
        );
    }

    /// Appends one event with a time the caller gives (the simulator's virtual microseconds).
    pub fn record_at(&self, time_us: u64, kind: Kind, actor: u32, job: u32, value: u32) -> bool {
        let admitted = self.admit(kind);
        if admitted {
            self.append(time_us, kind, actor, job, value, 0);
        }
        admitted
    }

    /// Whether an event of `kind` is still recorded, counting it against the limit.
    fn admit(&self, kind: Kind) -> bool {
        // Past the limit every thread only reads `offered`, so the cache line stays shared;
        // a counter bumped by every thread on every job would bounce between cores.
        if !kind.is_lifecycle()
            && (!self.enabled() || self.offered.fetch_add(1, Ordering::Relaxed) >= self.limit)
        {
            if !self.truncated.load(Ordering::Relaxed) {
                self.truncated.store(true, Ordering::Relaxed);
            }
            return false;
        }
        true
    }

    fn append(&self, time_us: u64, kind: Kind, actor: u32, job: u32, value: u32, p: u8) {
        let event = Event {
            time_us,
            kind: kind as u8,
            actor,
            job,
            value,
            p,
        };
        if !self.ring.push(&event) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The ring to drain.
    pub fn ring(&self) -> &Ring {
        &self.ring
    }

    /// Whether job events were left out because the limit was reached.
    pub fn truncated(&self) -> bool {
        self.truncated.load(Ordering::Relaxed)
    }

    /// Events lost because the reader fell behind.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::Relaxed)
    }
}
