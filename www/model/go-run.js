// A Go program's run (what `poolsim.runGo` resolved to) as something to move through: its log
// (README, "Go source": six words a record) folded to any point, so a view can show every
// goroutine and channel at the playhead and step back. The program view of issue #19 draws
// from it; it draws nothing itself.
//
// What the log says and this keeps: a goroutine is created (by whom, at which line), blocked
// (why, on which channel, at which line), running again (on which P), exited; a channel is made
// (its capacity), sent to and received from (its length after each), closed; stdout grows. A
// goroutine that is neither blocked nor exited is `running` if it did the latest thing the log
// records, else `ready` (runnable — or, on the live driver's several Ps, perhaps running too:
// the log records a goroutine's P only when it runs again after a wait).

/** Words per record: time (ns, low and high), kind | goroutine << 8, line, two details. */
export const GO_WORDS = 6;

/** The log's kinds (`src/golang/vm/log.rs`). */
export const GoKind = Object.freeze({
  CREATED: 1,
  RUNNING: 2,
  BLOCKED: 3,
  EXITED: 4,
  CHAN_MADE: 5,
  SEND: 6,
  RECV: 7,
  CLOSE: 8,
  SELECT: 9,
  OUTPUT: 10,
  EXIT: 11,
});

/** Why a goroutine waits, by the log's number, in Go's words (as its tracebacks write them). */
export const WAIT_REASONS = Object.freeze([
  '',
  'chan send',
  'chan receive',
  'select',
  'sync.WaitGroup.Wait',
  'sync.Mutex.Lock',
  'sleep',
  'chan send (nil chan)',
  'waiting',
  'select (no cases)',
  'chan receive (nil chan)',
  'sync.RWMutex.RLock',
]);

/** Records folded between kept states: a seek folds at most this many. */
const KEEP_EVERY = 1024;

/** One record, read. */
export function goEvent(words, i) {
  const at = i * GO_WORDS;
  const tag = words[at + 2];
  return {
    atNs: words[at] + words[at + 1] * 2 ** 32,
    kind: tag & 0xff,
    g: tag >>> 8,
    line: words[at + 3],
    a: words[at + 4],
    b: words[at + 5],
  };
}

/** The state before the first record: goroutine 1 (`main`) about to run. */
function initialState() {
  return {
    events: 0,
    atNs: 0,
    running: 1,
    goroutines: new Map([[1, goroutine(1, 0, 0)]]),
    channels: new Map(),
    stdoutBytes: 0,
    exitCode: null,
  };
}

function goroutine(id, parent, line) {
  return { id, parent, createdLine: line, state: 'ready', wait: '', chan: 0, line, p: null };
}

/** Applies record `e` to `state` in place. */
function apply(state, e) {
  state.events += 1;
  state.atNs = e.atNs;
  const g = (id) => {
    let got = state.goroutines.get(id);
    if (!got) {
      // A goroutine the log met before its creation record (none should be): kept, not lost.
      got = goroutine(id, 0, e.line);
      state.goroutines.set(id, got);
    }
    return got;
  };
  const acting = (id) => {
    const it = g(id);
    it.line = e.line || it.line;
    if (it.state !== 'exited') {
      it.state = 'running';
      it.wait = '';
      it.chan = 0;
    }
    state.running = id;
  };
  switch (e.kind) {
    case GoKind.CREATED:
      state.goroutines.set(e.g, goroutine(e.g, e.a, e.line));
      acting(e.a);
      break;
    case GoKind.RUNNING:
      acting(e.g);
      g(e.g).p = e.a;
      break;
    case GoKind.BLOCKED: {
      const it = g(e.g);
      Object.assign(it, { state: 'blocked', wait: WAIT_REASONS[e.a] ?? 'waiting', chan: e.b });
      it.line = e.line || it.line;
      if (state.running === e.g) state.running = 0;
      break;
    }
    case GoKind.EXITED:
      // (A goroutine still blocked when the program ends has no such record: it stays
      // blocked, as Go's deadlock report shows it.)
      Object.assign(g(e.g), { state: 'exited', wait: '', chan: 0 });
      if (state.running === e.g) state.running = 0;
      break;
    case GoKind.CHAN_MADE:
      state.channels.set(e.a, { id: e.a, cap: e.b, len: 0, closed: false, line: e.line, by: e.g });
      acting(e.g);
      break;
    case GoKind.SEND:
    case GoKind.RECV:
    case GoKind.CLOSE: {
      const ch = state.channels.get(e.a);
      if (ch) {
        if (e.kind === GoKind.SEND) ch.len = e.b;
        else if (e.kind === GoKind.RECV) ch.len = e.b >>> 1;
        else ch.closed = true;
      }
      acting(e.g);
      break;
    }
    case GoKind.SELECT:
      acting(e.g);
      break;
    case GoKind.OUTPUT:
      state.stdoutBytes = e.a;
      acting(e.g);
      break;
    case GoKind.EXIT:
      state.exitCode = e.a;
      state.running = 0;
      break;
  }
}

function copyState(s) {
  return {
    ...s,
    goroutines: new Map([...s.goroutines].map(([id, g]) => [id, { ...g }])),
    channels: new Map([...s.channels].map(([id, c]) => [id, { ...c }])),
  };
}

export class GoRun {
  #words;
  #stdout;
  #kept = [];

  /** `result`: what `runGo` resolved to (`events` a Uint32Array, `stdout` its text). */
  constructor(result) {
    this.#words = result.events ?? new Uint32Array(0);
    if (this.#words.length % GO_WORDS !== 0) {
      throw new Error(
        `a Go log has ${GO_WORDS} words a record; this one has ${this.#words.length}`,
      );
    }
    this.#stdout = new TextEncoder().encode(result.stdout ?? '');
    this.result = result;
    let state = initialState();
    this.#kept.push(copyState(state));
    for (let i = 0; i < this.length; i++) {
      apply(state, goEvent(this.#words, i));
      if ((i + 1) % KEEP_EVERY === 0) this.#kept.push(copyState(state));
    }
  }

  /** Records in the log. */
  get length() {
    return this.#words.length / GO_WORDS;
  }

  /** The time of the last record, in ns by the run's clock. */
  get endNs() {
    return this.length ? goEvent(this.#words, this.length - 1).atNs : 0;
  }

  /** Record `i`, read. */
  event(i) {
    return goEvent(this.#words, i);
  }

  /**
   * The run after its first `n` records: `{events, atNs, running, goroutines, channels,
   * stdout, exitCode}` — goroutines and channels as arrays in the order the log met them.
   */
  stateAfter(n) {
    const count = Math.max(0, Math.min(this.length, n));
    const from = Math.floor(count / KEEP_EVERY);
    const state = copyState(this.#kept[from]);
    for (let i = from * KEEP_EVERY; i < count; i++) apply(state, goEvent(this.#words, i));
    const stdout = new TextDecoder().decode(this.#stdout.subarray(0, state.stdoutBytes));
    return {
      events: state.events,
      atNs: state.atNs,
      running: state.running,
      goroutines: [...state.goroutines.values()],
      channels: [...state.channels.values()],
      stdout,
      exitCode: state.exitCode,
    };
  }

  /** How many records happened at or before `ns` (the log is in time order). */
  eventsUntil(ns) {
    let [lo, hi] = [0, this.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (goEvent(this.#words, mid).atNs <= ns) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The run as it stood at `ns`. */
  stateAtNs(ns) {
    return this.stateAfter(this.eventsUntil(ns));
  }

  /**
   * Every goroutine's life as lanes over the log's records (what the program view draws),
   * made once: see `lanesOf`.
   */
  lanes() {
    this.#lanes ??= lanesOf(this);
    return this.#lanes;
  }

  #lanes = null;
}

/** A lane's states: what a goroutine is doing over a stretch of records. */
export const Lane = Object.freeze({
  RUNNING: 1,
  /** Runnable, waiting for a P (or, live, perhaps on one: see `lanesOf`). */
  READY: 2,
  /** Blocked on a channel or in a `select`. */
  CHAN: 3,
  /** Blocked on a WaitGroup, Mutex or RWMutex (or another of the runtime's waits). */
  SYNC: 4,
  SLEEP: 5,
  EXITED: 6,
});

/** The lane state of a wait reason (the log's number). */
function waitLane(reason) {
  if ([1, 2, 3, 7, 9, 10].includes(reason)) return Lane.CHAN;
  return reason === 6 ? Lane.SLEEP : Lane.SYNC;
}

/**
 * `{lanes, handoffs}` of a run. A lane is `{id, parent, createdLine, from, segments}` with
 * segments `{from, state, wait, chan}` in record positions: a segment from `from` holds after
 * that many records, up to the next segment's `from` (the last to the log's end). A hand-off
 * `{at, from, to, chan}` is a value passed from one goroutine straight to another blocked one:
 * a send to a parked receiver, or an unbuffered receive from a parked sender (Go's sudog
 * hand-off; a buffered receive takes the buffer's oldest value, no goroutine's). The goroutine
 * such an operation wakes is ready from then; one woken by a WaitGroup, Mutex or timer stays
 * drawn blocked until it runs, as the log records no wake-up for those.
 *
 * In virtual time one goroutine runs at a time, so the one that acts last is running and any
 * other that is not blocked is ready. Live, several run at once and the log does not say which
 * of the unblocked ones are on a P, so they are all drawn running.
 */
export function lanesOf(run) {
  const live = run.result.driver === 'live';
  const lanes = new Map();
  const channels = new Map();
  const handoffs = [];
  /** Goroutines whose next channel operation finishes the one they parked in. */
  const resuming = new Set();
  let running = 0;
  const lane = (id, parent, line, from) => {
    let it = lanes.get(id);
    if (!it) {
      it = { id, parent, createdLine: line, from, segments: [] };
      lanes.set(id, it);
    }
    return it;
  };
  const set = (id, at, state, wait = '', chan = 0) => {
    const { segments } = lane(id, 0, 0, at);
    let last = segments.at(-1);
    if (last?.from === at) {
      segments.pop();
      last = segments.at(-1);
    }
    if (last && last.state === state && last.wait === wait && last.chan === chan) return;
    segments.push({ from: at, state, wait, chan });
  };
  const stateOf = (id) => lanes.get(id)?.segments.at(-1)?.state;
  const unpark = (id) => {
    for (const ch of channels.values()) {
      for (const q of [ch.senders, ch.receivers]) {
        const i = q.indexOf(id);
        if (i >= 0) q.splice(i, 1);
      }
    }
  };
  lane(1, 0, 0, 0);
  set(1, 0, Lane.RUNNING);
  running = 1;
  for (let i = 0; i < run.length; i++) {
    const e = run.event(i);
    const at = i + 1;
    const acting = (id) => {
      const now = stateOf(id);
      if (now === Lane.EXITED) return;
      if (!live && running && running !== id && stateOf(running) === Lane.RUNNING) {
        set(running, at, Lane.READY);
      }
      if (now !== Lane.RUNNING) {
        if (now === Lane.CHAN) resuming.add(id);
        unpark(id);
      }
      set(id, at, Lane.RUNNING);
      running = id;
    };
    switch (e.kind) {
      case GoKind.CREATED:
        lane(e.g, e.a, e.line, at);
        set(e.g, at, Lane.READY);
        acting(e.a);
        break;
      case GoKind.RUNNING:
        acting(e.g);
        break;
      case GoKind.BLOCKED: {
        const wait = WAIT_REASONS[e.a] ?? 'waiting';
        set(e.g, at, waitLane(e.a), wait, e.b);
        const ch = channels.get(e.b);
        if (ch && e.a === 1) ch.senders.push(e.g);
        if (ch && e.a === 2) ch.receivers.push(e.g);
        if (running === e.g) running = 0;
        break;
      }
      case GoKind.EXITED:
        set(e.g, at, Lane.EXITED);
        unpark(e.g);
        if (running === e.g) running = 0;
        break;
      case GoKind.CHAN_MADE:
        channels.set(e.a, { cap: e.b, senders: [], receivers: [] });
        acting(e.g);
        break;
      case GoKind.SEND:
      case GoKind.RECV: {
        acting(e.g);
        const ch = channels.get(e.a);
        if (resuming.delete(e.g) || !ch) break;
        // The operation wakes the first goroutine parked on the other side, if any: a
        // receiver takes the value; a sender's value goes to the receiver (unbuffered) or
        // into the room the receive made in the buffer.
        const sending = e.kind === GoKind.SEND;
        const woken = (sending ? ch.receivers : ch.senders).shift();
        if (woken === undefined || (!sending && !(e.b & 1))) break;
        set(woken, at, Lane.READY);
        resuming.add(woken);
        if (sending || ch.cap === 0) {
          handoffs.push({ at, from: sending ? e.g : woken, to: sending ? woken : e.g, chan: e.a });
        }
        break;
      }
      case GoKind.SELECT:
        acting(e.g);
        break;
      case GoKind.CLOSE: {
        acting(e.g);
        resuming.delete(e.g);
        // Every goroutine parked on a closed channel wakes (a sender to panic).
        const ch = channels.get(e.a);
        for (const id of ch ? [...ch.senders, ...ch.receivers] : []) set(id, at, Lane.READY);
        for (const id of ch ? [...ch.senders, ...ch.receivers] : []) resuming.add(id);
        if (ch) Object.assign(ch, { senders: [], receivers: [] });
        break;
      }
      case GoKind.OUTPUT:
        acting(e.g);
        resuming.delete(e.g);
        break;
      case GoKind.EXIT:
        running = 0;
        break;
    }
  }
  return { lanes: [...lanes.values()], handoffs };
}
