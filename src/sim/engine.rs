//! The discrete-event engine: the seed's goroutines as state machines over virtual time, with
//! Go's channel rules (`chan`): FIFO wait queues, hand-off to a waiting receiver, rendezvous at
//! capacity 0, a blocked sender's value moved into the buffer on receive, close waking receivers,
//! and Go's panics for a send on a closed channel or a second close.
//!
//! The log is causal: a parked sender's send is recorded when a receiver lets it through, before
//! that receiver's own events, so what the log says happened first did happen first.

use super::chan::{ChanPanic, Got, Sent, SimChan, G};
use super::crash::{Cause, Fault, Panicker, Scene, Stuck};
use super::dist::Rng;
use super::stats::{Histogram, Sojourn};
use super::timers::Timers;
use super::{
    Arrival, Crash, JobClass, Mistake, Mode, Policy, SimConfig, SimSummary, GOROUTINE_STACK_BYTES,
};
use crate::trace::{self, Kind, Trace, MAX_SPAN_MS};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::collections::VecDeque;

/// Nanoseconds of virtual time. Goroutines: 0 the producer, 1..=N the workers, then the closer,
/// then the collector, then (unbounded mode) one per job.
type Ns = u64;

/// The longest virtual span, [`MAX_SPAN_MS`], in nanoseconds (about 3.2e18, inside `u64`).
const HORIZON: Ns = (MAX_SPAN_MS * 1e6) as Ns;

/// A duration in virtual nanoseconds; saturates rather than wraps (`as` does for floats).
fn ns(ms: f64) -> Ns {
    // `(x).round() as Ns`, without `round` (a library call on x86-64's baseline, a twentieth
    // of the simulator's time): truncation is one instruction, and below 2^53 the fraction
    // `x - whole` is exact, so the result is the same to the bit; above, `x` is whole already.
    let x = ms.max(0.0) * 1e6;
    let whole = x as Ns;
    if x < 9.0e15 && x - whole as f64 >= 0.5 {
        whole + 1
    } else {
        whole
    }
}

/// A job as it travels: its number and the virtual times it met so far.
#[derive(Debug, Clone, Copy)]
struct Job {
    id: u32,
    /// When the arrival process made it due: where its latency starts, whether or not the
    /// producer was free to send it then (a blocked producer's backlog is latency too).
    due: Ns,
    /// When it entered `jobs` (a parked send: when a receiver let it through).
    sent: Ns,
    received: Ns,
}

/// Why a parked goroutine runs again.
#[derive(Debug, Clone, Copy)]
enum Wake {
    Start,
    Got(Job),
    Closed,
    Sent,
    /// A timer fired; its number tells a current timer from one made stale by events.
    Timer(u64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Producer,
    Worker,
    Closer,
    Collector,
    /// One of the unbounded mode's goroutines, one per job.
    Spawned,
}

/// Which channel an operation is on.
#[derive(Clone, Copy)]
enum Ch {
    Jobs,
    Results,
}

pub(super) struct Engine<'a> {
    cfg: &'a SimConfig,
    trace: &'a Trace,
    /// Whether the log still takes job events (see `record`).
    job_events: Cell<bool>,
    /// Memory moves by this much before the log hears of it.
    memory_step: u64,
    rng: Rng,
    now: Ns,
    timers: Timers,
    runq: VecDeque<(G, Wake)>,
    jobs: SimChan<Job>,
    results: SimChan<Job>,
    wg: u32,
    closer_waiting: bool,
    busy_cores: u32,
    cpu_queue: VecDeque<(G, Ns)>,
    // producer
    next_job: u32,
    next_due: Ns,
    blocked_since: Option<Ns>,
    blocked_total: Ns,
    /// The producer's current timer (arrival or send timeout); others are stale.
    producer_timer: u64,
    // per goroutine
    holding: Vec<Option<Job>>,
    done: Vec<u64>,
    // tallies
    sent: u64,
    dropped: u64,
    collected: u64,
    sum: u64,
    errors: u64,
    producer_wait: Histogram,
    wait: Histogram,
    service: Histogram,
    total: Histogram,
    sojourn: Sojourn,
    collector_done: bool,
    /// main is in `wg.Wait()` after its `range results` (the `WaitAfterCollect` mistake).
    main_waiting: bool,
    /// The goroutine whose channel operation panicked.
    panicking: Option<G>,
    /// The collector's pause: the timers that start and end it, and whether it is on.
    pause_timer: u64,
    resume_timer: u64,
    collector_paused: bool,
    producer_done: bool,
    panic: Option<Crash>,
    // memory
    memory: u64,
    peak_memory: u64,
    memory_logged: u64,
    goroutines: u64,
    peak_goroutines: u64,
    /// The unbounded mode's goroutines in flight, by goroutine number.
    spawned: BTreeMap<G, Job>,
}

impl<'a> Engine<'a> {
    pub(super) fn new(cfg: &'a SimConfig, trace: &'a Trace) -> Self {
        let goroutines = cfg.workers as usize + 3;
        Engine {
            cfg,
            trace,
            job_events: Cell::new(true),
            memory_step: super::memory_log_step(cfg),
            rng: Rng::new(cfg.seed),
            now: 0,
            timers: Timers::default(),
            runq: VecDeque::new(),
            jobs: SimChan::new(cfg.jobs_buffer),
            results: SimChan::new(cfg.results_buffer),
            // Unbounded, each goroutine is added as it starts; with the mistake, each worker
            // adds itself once it runs.
            wg: if cfg.mode == Mode::Unbounded || cfg.mistake == Some(Mistake::AddInsideGoroutine) {
                0
            } else {
                cfg.workers
            },
            closer_waiting: false,
            busy_cores: 0,
            cpu_queue: VecDeque::new(),
            next_job: 1,
            next_due: 0,
            blocked_since: None,
            blocked_total: 0,
            producer_timer: 0,
            holding: vec![None; goroutines],
            // The unbounded program has no workers to count for (the live driver's `[]`).
            done: vec![
                0;
                if cfg.mode == Mode::Unbounded {
                    0
                } else {
                    cfg.workers as usize
                }
            ],
            sent: 0,
            dropped: 0,
            collected: 0,
            sum: 0,
            errors: 0,
            producer_wait: Histogram::new(),
            wait: Histogram::new(),
            service: Histogram::new(),
            total: Histogram::new(),
            sojourn: Sojourn::default(),
            collector_done: false,
            main_waiting: false,
            panicking: None,
            pause_timer: 0,
            resume_timer: 0,
            collector_paused: false,
            producer_done: false,
            panic: None,
            memory: 0,
            peak_memory: 0,
            memory_logged: 0,
            goroutines: 0,
            peak_goroutines: 0,
            spawned: BTreeMap::new(),
        }
    }

    /// Takes `bytes` (negative: gives back); past the limit the program dies as Go does.
    fn memory_change(&mut self, bytes: i64) {
        self.memory = self.memory.saturating_add_signed(bytes);
        self.peak_memory = self.peak_memory.max(self.memory);
        // Log memory when it moved by a step: a curve, not a flood.
        if self.memory.abs_diff(self.memory_logged) >= self.memory_step {
            self.memory_logged = self.memory;
            let kib = (self.memory / 1024).min(u64::from(u32::MAX)) as usize;
            self.record(Kind::Memory, 0, 0, kib);
        }
        let limit = self.cfg.memory_limit_bytes;
        if limit > 0 && self.memory > limit && self.panic.is_none() {
            self.panic = Some(Crash::out_of_memory(self.goroutines));
            self.runq.clear();
            self.timers.clear();
            // The program is dead: the step that allocated goes no further in the log (its
            // caller still finishes the step, as Go's would not).
            self.job_events.set(false);
        }
    }

    fn goroutine_started(&mut self) {
        self.goroutines += 1;
        self.peak_goroutines = self.peak_goroutines.max(self.goroutines);
        self.memory_change(GOROUTINE_STACK_BYTES as i64);
    }

    fn goroutine_exited(&mut self) {
        self.goroutines -= 1;
        self.memory_change(-(GOROUTINE_STACK_BYTES as i64));
    }

    fn unbounded(&self) -> bool {
        self.cfg.mode == Mode::Unbounded
    }

    /// The workers `RunStarted` announces: none for the unbounded program, as live.
    fn pool_size(&self) -> usize {
        if self.unbounded() {
            0
        } else {
            self.cfg.workers as usize
        }
    }

    fn mistake(&self, m: Mistake) -> bool {
        self.cfg.mistake == Some(m)
    }

    fn closer(&self) -> G {
        self.cfg.workers + 1
    }

    fn collector(&self) -> G {
        self.cfg.workers + 2
    }

    fn role(&self, g: G) -> Role {
        match g {
            0 => Role::Producer,
            g if g <= self.cfg.workers => Role::Worker,
            g if g == self.closer() => Role::Closer,
            g if g == self.collector() => Role::Collector,
            _ => Role::Spawned,
        }
    }

    fn actor(&self, g: G) -> u32 {
        match self.role(g) {
            Role::Producer => trace::ACTOR_PRODUCER,
            Role::Worker => g,
            Role::Closer => trace::ACTOR_CLOSER,
            Role::Collector => trace::ACTOR_COLLECTOR,
            // Too many to name one by one: the log folds them into the producer's lane.
            Role::Spawned => trace::ACTOR_PRODUCER,
        }
    }

    fn record(&self, kind: Kind, g: G, job: u32, value: usize) {
        // Once the log has turned a job event away (its limit reached, or tracing off), every
        // later one would be: they stop here, a branch instead of the log's atomics.
        let job_event = !kind.is_lifecycle();
        if job_event && !self.job_events.get() {
            return;
        }
        let kept = self
            .trace
            .record_at(self.now / 1000, kind, self.actor(g), job, value as u32);
        if job_event && !kept {
            self.job_events.set(false);
        }
    }

    fn ready(&mut self, g: G, wake: Wake) {
        self.runq.push_back((g, wake));
    }

    /// Wakes `g` at virtual time `at` (past the horizon, the run stops there; see `run`).
    fn timer(&mut self, g: G, at: Ns) -> u64 {
        self.timers.set(g, at)
    }

    fn chan(&mut self, ch: Ch) -> &mut SimChan<Job> {
        match ch {
            Ch::Jobs => &mut self.jobs,
            Ch::Results => &mut self.results,
        }
    }

    /// `ch <- job` by `g`; `false`: `g` parked (or the program panicked).
    fn send(&mut self, ch: Ch, g: G, job: Job) -> bool {
        match self.chan(ch).send(g, job) {
            Ok(Sent::Buffered) => true,
            Ok(Sent::Handed(r, job)) => {
                self.ready(r, Wake::Got(job));
                true
            }
            Ok(Sent::Parked) => false,
            Err(panic) => {
                // A panic in any goroutine ends the whole program.
                self.panicking = Some(g);
                self.crash(Fault::Chan(panic));
                false
            }
        }
    }

    /// `<-ch` by `g`. A parked sender it lets through has its send recorded first.
    fn recv(&mut self, ch: Ch, g: G) -> Got<Job> {
        let now = self.now;
        let got = self.chan(ch).recv_completing(g, |job| {
            if matches!(ch, Ch::Jobs) {
                job.sent = now;
            }
        });
        if let Got::Value {
            unparked: Some(s), ..
        } = got
        {
            self.send_completed(ch, s);
            self.ready(s, Wake::Sent);
        }
        got
    }

    /// `close(ch)` by `g`, recorded; Go's panic if it was closed, or if senders were parked on it.
    fn close(&mut self, ch: Ch, g: G) {
        match self.chan(ch).close() {
            Ok(woken) => {
                let which = match ch {
                    Ch::Jobs => 0,
                    Ch::Results => 1,
                };
                self.record(Kind::ChannelClosed, g, 0, which);
                for r in woken.receivers {
                    self.ready(r, Wake::Closed);
                }
                if let Some(&sender) = woken.senders.first() {
                    // A sender parked on a channel that closes panics as it wakes.
                    self.panicking = Some(sender);
                    self.crash(Fault::Chan(ChanPanic::SendOnClosed));
                }
            }
            Err(panic) => {
                self.panicking = Some(g);
                self.crash(Fault::Chan(panic));
            }
        }
    }

    /// The send of a sender parked on `ch` went through: recorded now, when it happened.
    fn send_completed(&mut self, ch: Ch, s: G) {
        match (ch, self.role(s)) {
            (Ch::Jobs, _) => {
                self.unblock();
                // Its timeout, if any, is moot now.
                self.producer_timer = 0;
                let job = self.holding[0].take();
                if let Some(job) = job {
                    self.job_sent(job);
                }
                let id = job.map_or(0, |j| j.id);
                self.record(Kind::ProducerUnblocked, 0, id, self.len(Ch::Jobs));
                self.record(Kind::JobSent, 0, id, self.len(Ch::Jobs));
                self.sent += 1;
                self.next_job += 1;
            }
            (Ch::Results, Role::Spawned) => {
                if let Some(job) = self.spawned.remove(&s) {
                    self.record(Kind::ResultSent, s, job.id, self.len(Ch::Results));
                }
            }
            (Ch::Results, _) => {
                let job = self.holding[s as usize].map_or(0, |j| j.id);
                self.record(Kind::WorkerUnblocked, s, job, self.len(Ch::Results));
                self.result_sent(s, job);
            }
        }
    }

    fn len(&self, ch: Ch) -> usize {
        match ch {
            Ch::Jobs => self.jobs.len(),
            Ch::Results => self.results.len(),
        }
    }

    /// Runs every goroutine to the end; returns the virtual time it took.
    pub(super) fn run(mut self) -> SimSummary {
        self.record(Kind::RunStarted, 0, 0, self.pool_size());
        let workers = if self.unbounded() {
            0
        } else {
            self.cfg.workers
        };
        for _ in 0..workers + 3 {
            self.goroutine_started();
        }
        // Go puts a new goroutine in its P's `runnext`, so on one P the one started last (the
        // closer) runs first: with `wg.Add(1)` inside the workers, that is before any of them.
        if self.mistake(Mistake::AddInsideGoroutine) {
            self.ready(self.closer(), Wake::Start);
        }
        for g in 0..self.cfg.workers + 3 {
            if self.mistake(Mistake::AddInsideGoroutine) && g == self.closer() {
                continue;
            }
            if self.role(g) != Role::Worker || !self.unbounded() {
                self.ready(g, Wake::Start);
            }
        }
        if self.cfg.collector_pause_ms > 0.0 {
            self.pause_timer = self.timer(self.collector(), ns(self.cfg.collector_pause_at_ms));
        }
        while self.panic.is_none() {
            while let Some((g, wake)) = self.runq.pop_front() {
                self.resume(g, wake);
                if self.panic.is_some() {
                    break;
                }
            }
            if self.panic.is_some() {
                break;
            }
            let Some((at, seq, g)) = self.timers.pop() else {
                break;
            };
            if at > HORIZON {
                self.stop_at_horizon();
                break;
            }
            self.now = at;
            self.resume(g, Wake::Timer(seq));
        }
        // Nothing left to run and no timer to wait for: if `main` (the collector) has not seen
        // `results` close, every goroutine is asleep, which Go reports as a deadlock.
        if self.panic.is_none() && !self.collector_done {
            self.crash(Fault::Deadlock);
        }
        let how = self.panic.as_ref().map_or(0, |c| c.ending as usize);
        self.record(Kind::RunFinished, self.collector(), 0, how);
        self.summary()
    }

    /// The run as it ends when cancelled before it began: started, then finished, nothing sent.
    pub(super) fn cancelled(self) -> SimSummary {
        self.record(Kind::RunStarted, 0, 0, self.pool_size());
        self.record(Kind::RunFinished, self.collector(), 0, 1);
        SimSummary {
            cancelled: true,
            ..self.summary()
        }
    }

    /// A random draw (a long-tailed service time, a slow Poisson arrival) carried the run past
    /// the longest virtual span: it stops there and says so, rather than wrap its clock.
    fn stop_at_horizon(&mut self) {
        self.now = HORIZON;
        self.panic = Some(Crash::horizon(MAX_SPAN_MS));
        self.runq.clear();
        self.timers.clear();
    }

    /// Stops the program as Go would for `fault`, with each live goroutine and where it waits.
    fn crash(&mut self, fault: Fault) {
        if self.panic.is_some() {
            return;
        }
        let n = self.cfg.workers;
        // main: the collector (or, with the submit-then-collect mistake, the producer too).
        let main_sends = self.mistake(Mistake::CollectAfterSubmit) && !self.producer_done;
        // One pass over each queue, not a search of it per worker: a crash of 100,000 workers
        // with thousands parked is reported in linear time.
        let mut waits: Vec<Option<Stuck>> = vec![None; n as usize + 1];
        let worker = |g: G| (1..=n).contains(&g).then_some(g as usize);
        for w in self.results.senders().filter_map(worker) {
            waits[w] = Some(Stuck::Sending);
        }
        for w in self.jobs.receivers().filter_map(worker) {
            waits[w] = Some(Stuck::Receiving);
        }
        let stuck = (1..=n)
            .filter_map(|w| waits[w as usize].map(|stuck| (w, stuck)))
            .collect();
        let cause = if self.mistake(Mistake::NeverCloseJobs)
            || (self.producer_done && !self.jobs.is_closed())
        {
            Cause::JobsNeverClosed
        } else if self.mistake(Mistake::CollectAfterSubmit) {
            Cause::CollectAfterSubmit
        } else if self.mistake(Mistake::WaitBeforeCollect) {
            Cause::WaitBeforeCollect
        } else {
            Cause::Other
        };
        let scene = Scene {
            workers: n,
            main_sends,
            main_waits: self.main_waiting
                || (self.mistake(Mistake::WaitBeforeCollect) && !self.results.is_closed()),
            main_receives: !main_sends && !self.collector_done,
            stuck,
            producer_sends: !main_sends && self.jobs.sending(0),
            producer_goroutine: !self.mistake(Mistake::CollectAfterSubmit),
            panicking: self.panicking.map(|g| match self.role(g) {
                Role::Worker => Panicker::Worker(g),
                Role::Closer => Panicker::Closer,
                Role::Producer => Panicker::Producer,
                _ => Panicker::Main,
            }),
            // With `WaitBeforeCollect` the waiting is main's own; there is no closer.
            closer_waits: self.closer_waiting
                && self.wg > 0
                && !self.mistake(Mistake::WaitBeforeCollect),
            cause,
        };
        self.panic = Some(Crash::report(fault, &scene));
        self.runq.clear();
        self.timers.clear();
    }

    fn resume(&mut self, g: G, wake: Wake) {
        match self.role(g) {
            Role::Producer => self.producer(wake),
            Role::Worker => self.worker(g, wake),
            Role::Closer => self.closer_step(wake),
            Role::Collector => self.collector_step(wake),
            Role::Spawned => self.spawned_step(g, wake),
        }
    }

    /// The unbounded mode's `go func(j int) { defer wg.Done(); results <- work(j) }(j)`.
    fn spawned_step(&mut self, g: G, wake: Wake) {
        match wake {
            Wake::Start => {
                let job = self.spawned[&g];
                self.record(Kind::JobReceived, g, job.id, 0);
                self.serve(g);
            }
            Wake::Timer(_) => {
                let job = self.spawned[&g];
                if self.finish_job(g, job) {
                    self.spawned_exit(g);
                }
            }
            Wake::Sent => self.spawned_exit(g),
            Wake::Got(_) | Wake::Closed => {}
        }
    }

    fn spawned_exit(&mut self, g: G) {
        if let Some(job) = self.spawned.remove(&g) {
            self.record(Kind::ResultSent, g, job.id, self.len(Ch::Results));
        }
        self.wg -= 1;
        self.goroutine_exited();
        if self.wg == 0 && self.producer_done && self.closer_waiting {
            self.ready(self.closer(), Wake::Start);
        }
    }

    /// Starts job service for goroutine `g`: a timer, after a core if the job needs one.
    fn serve(&mut self, g: G) {
        let service = ns(self.cfg.service.sample(&mut self.rng));
        match self.cfg.job_class {
            JobClass::Io => {
                self.timer(g, self.now.saturating_add(service));
            }
            JobClass::Cpu if self.busy_cores < self.cfg.cores => {
                self.busy_cores += 1;
                self.timer(g, self.now.saturating_add(service));
            }
            JobClass::Cpu => self.cpu_queue.push_back((g, service)),
        }
    }

    /// Goroutine `g`'s service of `job` is over: free its core, count it, `results <- r`.
    /// Returns whether the send went through (else `g` is blocked until a receiver takes it).
    fn finish_job(&mut self, g: G, job: Job) -> bool {
        self.free_core();
        if job.id > self.cfg.warmup_jobs {
            self.service.record(self.now - job.received);
        }
        let failed = crate::work::fails(job.id, self.cfg.failure_rate);
        self.record(Kind::JobDone, g, job.id, usize::from(failed));
        if !self.send(Ch::Results, g, job) {
            if self.panic.is_none() {
                self.record(Kind::WorkerBlocked, g, job.id, self.len(Ch::Results));
            }
            return false;
        }
        true
    }

    /// A CPU job finished: its core goes to the next job waiting for one.
    fn free_core(&mut self) {
        if matches!(self.cfg.job_class, JobClass::Cpu) {
            self.busy_cores -= 1;
            if let Some((next, service)) = self.cpu_queue.pop_front() {
                self.busy_cores += 1;
                self.timer(next, self.now.saturating_add(service));
            }
        }
    }

    /// The producer: jobs 1..=n at their arrival times, then `close(jobs)`.
    fn producer(&mut self, wake: Wake) {
        match wake {
            // The receiver that let the send through recorded it (`send_completed`).
            Wake::Sent => {}
            Wake::Timer(seq) if seq != self.producer_timer => return,
            Wake::Timer(_) if self.blocked_since.is_some() => return self.time_out(),
            _ => {}
        }
        if self.producer_done {
            return;
        }
        while self.next_job <= self.cfg.jobs {
            let id = self.next_job;
            if self.holding[0].is_none() {
                let due = self.due(id);
                self.holding[0] = Some(Job {
                    id,
                    due,
                    sent: 0,
                    received: 0,
                });
                if due > self.now {
                    self.producer_timer = self.timer(0, due);
                    return;
                }
            }
            let mut job = self.holding[0].expect("held above");
            job.sent = self.now;
            self.holding[0] = Some(job);
            // Due while the producer was still blocked on an earlier send: it has been waiting
            // upstream since then, and the log says by how much so the charts can count it.
            if job.due < self.now {
                let late_us = ((self.now - job.due) / 1000).min(u64::from(u32::MAX));
                self.record(Kind::JobLate, 0, id, late_us as usize);
            }
            self.sojourn.arrive_since(job.due, self.now);
            self.memory_change(i64::from(self.cfg.job_bytes));
            if self.unbounded() {
                // `wg.Add(1); go func(j int) { ... }(j)`: a goroutine per job, no limit.
                let g = self.collector() + id;
                self.holding[0] = None;
                self.spawned.insert(
                    g,
                    Job {
                        received: self.now,
                        ..job
                    },
                );
                self.wg += 1;
                self.goroutine_started();
                self.job_sent(job);
                self.wait.record(0);
                self.record(Kind::JobSent, 0, id, 0);
                self.sent += 1;
                self.next_job += 1;
                self.ready(g, Wake::Start);
                if self.panic.is_some() {
                    return;
                }
                continue;
            }
            if matches!(self.cfg.policy, Policy::Drop) && !self.jobs.can_send() {
                self.sojourn.leave(self.now);
                self.memory_change(-i64::from(self.cfg.job_bytes));
                self.dropped += 1;
                self.holding[0] = None;
                self.next_job += 1;
                continue;
            }
            if self.send(Ch::Jobs, 0, job) {
                self.holding[0] = None;
                self.job_sent(job);
                self.record(Kind::JobSent, 0, id, self.len(Ch::Jobs));
                self.sent += 1;
                self.next_job += 1;
            } else {
                if self.panic.is_some() {
                    return;
                }
                self.blocked_since = Some(self.now);
                self.record(Kind::ProducerBlocked, 0, id, self.len(Ch::Jobs));
                if let Policy::Timeout { timeout_ms } = self.cfg.policy {
                    self.producer_timer = self.timer(0, self.now.saturating_add(ns(timeout_ms)));
                }
                return;
            }
        }
        self.producer_done = true;
        if self.unbounded() && self.wg == 0 && self.closer_waiting {
            self.ready(self.closer(), Wake::Start);
        }
        if !self.mistake(Mistake::NeverCloseJobs) {
            self.close(Ch::Jobs, 0);
        }
        if self.mistake(Mistake::CollectAfterSubmit) {
            // main's own loop over results starts only now.
            self.ready(self.collector(), Wake::Start);
        }
    }

    /// `job` entered `jobs` (or, unbounded, its goroutine started) now: the producer's part of
    /// its latency is over.
    fn job_sent(&mut self, job: Job) {
        if job.id > self.cfg.warmup_jobs {
            self.producer_wait.record(self.now - job.due);
        }
    }

    fn unblock(&mut self) {
        if let Some(since) = self.blocked_since.take() {
            self.blocked_total += self.now - since;
        }
    }

    /// A timed-out send: take the job back out of `sendq` and count it dropped.
    fn time_out(&mut self) {
        if self.jobs.withdraw(0).is_none() {
            return;
        }
        self.unblock();
        let job = self.holding[0].take().map_or(0, |j| j.id);
        self.record(Kind::ProducerUnblocked, 0, job, self.len(Ch::Jobs));
        self.sojourn.leave(self.now);
        self.memory_change(-i64::from(self.cfg.job_bytes));
        self.dropped += 1;
        self.next_job += 1;
        self.producer(Wake::Start);
    }

    /// When job `id` arrives, by the arrival model.
    fn due(&mut self, id: u32) -> Ns {
        match self.cfg.arrival {
            Arrival::Closed => self.now,
            Arrival::Poisson { rate_per_sec } => {
                let gap = -libm::log(self.rng.unit()) / rate_per_sec * 1e3;
                self.next_due = self.next_due.saturating_add(ns(gap));
                self.next_due
            }
            Arrival::Constant { rate_per_sec } => ns(f64::from(id - 1) / rate_per_sec * 1e3),
            Arrival::Burst { size, every_ms } => {
                ns(f64::from((id - 1) / size) * f64::from(every_ms))
            }
        }
    }

    /// A worker: `for j := range jobs { results <- work(j) }`, then `wg.Done()`.
    fn worker(&mut self, g: G, wake: Wake) {
        let mut wake = wake;
        loop {
            match wake {
                Wake::Start => {
                    if self.mistake(Mistake::AddInsideGoroutine) {
                        self.wg += 1; // `wg.Add(1)`, too late if the closer has waited
                    }
                }
                Wake::Got(mut job) => {
                    job.received = self.now;
                    self.record(Kind::JobReceived, g, job.id, self.len(Ch::Jobs));
                    if job.id > self.cfg.warmup_jobs {
                        self.wait.record(job.received - job.sent);
                    }
                    self.holding[g as usize] = Some(job);
                    self.serve(g);
                    return;
                }
                Wake::Timer(_) => {
                    let job = self.holding[g as usize].expect("a worker's timer ends its job");
                    if !self.finish_job(g, job) {
                        return;
                    }
                    self.result_sent(g, job.id);
                }
                // The collector that let the send through recorded it (`send_completed`).
                Wake::Sent => {}
                Wake::Closed => {
                    self.wg -= 1;
                    self.record(Kind::WorkerExited, g, 0, self.wg as usize);
                    if self.wg == 0 && self.closer_waiting {
                        self.ready(self.closer(), Wake::Start);
                    }
                    if self.wg == 0 && self.main_waiting {
                        self.ready(self.collector(), Wake::Start);
                    }
                    return;
                }
            }
            wake = match self.recv(Ch::Jobs, g) {
                Got::Value { value, .. } => Wake::Got(value),
                Got::Closed => Wake::Closed,
                Got::Parked => {
                    self.record(Kind::WorkerWaiting, g, 0, 0);
                    return;
                }
            };
        }
    }

    fn result_sent(&mut self, g: G, job: u32) {
        self.holding[g as usize] = None;
        self.done[g as usize - 1] += 1;
        self.record(Kind::ResultSent, g, job, self.len(Ch::Results));
    }

    /// `go func() { wg.Wait(); close(results) }()` (or, with `WaitBeforeCollect`, main's own
    /// `wg.Wait(); close(results)` before it collects).
    fn closer_step(&mut self, _wake: Wake) {
        if self.mistake(Mistake::CloseResultsEarly) || self.mistake(Mistake::WaitAfterCollect) {
            if !self.results.is_closed() {
                self.close(Ch::Results, self.closer());
            }
            return;
        }
        if !self.closer_waiting {
            self.closer_waiting = true;
            self.record(Kind::CloserWaiting, self.closer(), 0, self.wg as usize);
        }
        if self.wg == 0 && (self.producer_done || !self.unbounded()) {
            self.closer_waiting = false;
            self.close(Ch::Results, self.closer());
            if self.mistake(Mistake::WaitBeforeCollect) {
                // main's `range results` starts only now.
                self.ready(self.collector(), Wake::Start);
            }
        }
    }

    /// `for r := range results { ... }`, taking `collectorDelayMs` per result, and stopping
    /// for `collectorPauseMs` at `collectorPauseAtMs`.
    fn collector_step(&mut self, wake: Wake) {
        let me = self.collector();
        match wake {
            Wake::Timer(seq) if seq == self.pause_timer && seq != 0 => {
                // It stops where it is: a parked receive is given up, a result in hand is kept.
                self.results.stop_receiving(me);
                self.collector_paused = true;
                self.record(Kind::CollectorPaused, me, 0, self.len(Ch::Results));
                let until = self.now.saturating_add(ns(self.cfg.collector_pause_ms));
                self.resume_timer = self.timer(me, until);
                return;
            }
            Wake::Timer(seq) if seq == self.resume_timer && seq != 0 => {
                self.collector_paused = false;
                self.record(Kind::CollectorResumed, me, 0, self.len(Ch::Results));
            }
            _ if self.collector_paused => return, // its resume timer starts it again
            _ => {}
        }
        if self.mistake(Mistake::CollectAfterSubmit) && !self.producer_done {
            return; // main is still in its send loop; it comes here when that ends
        }
        if self.mistake(Mistake::WaitBeforeCollect) && !self.results.is_closed() {
            return; // main is in wg.Wait(); the close wakes it (closer_step)
        }
        if self.mistake(Mistake::WaitAfterCollect) && self.main_waiting {
            // main is in wg.Wait() after its range: it returns when the last worker is done.
            if self.wg == 0 {
                self.collector_done = true;
                self.runq.clear();
                self.timers.clear();
            }
            return;
        }
        let mut wake = wake;
        loop {
            match wake {
                Wake::Got(job) => {
                    self.collected += 1;
                    match self.cfg.work.outcome(job.id, self.cfg.failure_rate) {
                        Ok(value) => self.sum += value,
                        Err(_) => self.errors += 1,
                    }
                    if job.id > self.cfg.warmup_jobs {
                        self.total.record(self.now - job.due);
                    }
                    self.sojourn.leave(self.now);
                    self.memory_change(-i64::from(self.cfg.job_bytes));
                    self.record(Kind::ResultCollected, me, job.id, self.len(Ch::Results));
                    if self.cfg.collector_delay_ms > 0.0 {
                        self.timer(me, self.now.saturating_add(ns(self.cfg.collector_delay_ms)));
                        return;
                    }
                }
                Wake::Closed if self.mistake(Mistake::WaitAfterCollect) => {
                    // main's range is over, and it waits for the workers before returning.
                    self.main_waiting = true;
                    return self.collector_step(Wake::Start);
                }
                Wake::Closed => {
                    // main returns, and a Go program ends with main: whatever the other
                    // goroutines were doing stops here.
                    self.collector_done = true;
                    self.runq.clear();
                    self.timers.clear();
                    return;
                }
                Wake::Start | Wake::Timer(_) | Wake::Sent => {}
            }
            wake = match self.recv(Ch::Results, me) {
                Got::Value { value, .. } => Wake::Got(value),
                Got::Closed => Wake::Closed,
                Got::Parked => return,
            };
        }
    }

    fn summary(self) -> SimSummary {
        let elapsed_ms = self.now as f64 / 1e6;
        let ms = |h: &Histogram| h.summary();
        SimSummary {
            jobs: self.sent,
            results: self.collected,
            sum: self.sum,
            errors: self.errors,
            dropped: self.dropped,
            cancelled: false,
            max_jobs_len: self.jobs.max_len() as u64,
            max_results_len: self.results.max_len() as u64,
            per_worker: self.done.clone(),
            elapsed_ms,
            throughput_per_sec: if elapsed_ms > 0.0 {
                self.collected as f64 / elapsed_ms * 1e3
            } else {
                0.0
            },
            mean_in_system: self.sojourn.mean_in_system(self.now),
            producer_blocked_fraction: if self.now > 0 {
                self.blocked_total as f64 / self.now as f64
            } else {
                0.0
            },
            mean_queue_wait_ms: self.wait.summary().mean_ms,
            mean_latency_ms: self.total.summary().mean_ms,
            producer_wait: ms(&self.producer_wait),
            queue_wait: ms(&self.wait),
            service: ms(&self.service),
            latency: ms(&self.total),
            trace_truncated: self.trace.truncated(),
            events_dropped: self.trace.dropped() as u64,
            peak_memory_bytes: self.peak_memory,
            peak_goroutines: self.peak_goroutines,
            deadlock: self.panic.clone(),
            config: *self.cfg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ns;

    #[test]
    fn ns_rounds_exactly_as_round_does() {
        let mut values = vec![
            0.0,
            -1.0,
            f64::NAN,
            0.000_000_5,
            // Just below a half, and around 2^52 and 2^53 ns, where whole numbers begin.
            f64::from_bits(0.5f64.to_bits() - 1) / 1e6,
            1.5e-6,
            2.5e-6,
            (2f64.powi(52) + 0.5) / 1e6,
            9.0e9,
            2f64.powi(53) / 1e6,
            (2f64.powi(53) + 2.0) / 1e6,
            1e12,
            3.2e12,
            f64::MAX,
            f64::INFINITY,
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            values.push(unit * 10f64.powi((state % 16) as i32 - 6));
        }
        for ms in values {
            assert_eq!(ns(ms), (ms.max(0.0) * 1e6).round() as u64, "{ms:e} ms");
        }
    }
}
