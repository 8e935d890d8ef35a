// A recorded run as something to move through: the event log, keyframes for fast seeking, and a
// playhead. Play, pause, step, step back and scrub are all "move the playhead"; the state shown
// is always the log folded up to the playhead, so a live multi-threaded run can be rewound.

import { WORDS, TAG, JOB, VALUE, timeAt } from './events.js';
import { initialState, applyBatch } from './pipeline.js';

/** Events between keyframes for a small pool: seeking folds at most this many. */
const KEYFRAME_EVERY = 1024;

/** Worker states as one byte each in a keyframe. */
const WORKER_STATES = ['starting', 'waiting', 'working', 'sending', 'blocked', 'idle', 'exited'];
const STATE_CODE = Object.fromEntries(WORKER_STATES.map((name, i) => [name, i]));

/** Bytes a keyframe keeps per worker: state, P, job, jobs done. */
export const KEYFRAME_BYTES_PER_WORKER = 10;

/**
 * A keyframe: the state with its workers packed into typed arrays (10 bytes a worker, not an
 * object each), so a log of 10⁶ events over 100,000 workers keeps megabytes, not 10⁸ objects.
 */
function pack(state) {
  const n = state.workers.length;
  const codes = new Uint8Array(n);
  const ps = new Uint8Array(n);
  const jobs = new Uint32Array(n);
  const done = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const w = state.workers[i];
    codes[i] = STATE_CODE[w.state];
    ps[i] = w.p;
    jobs[i] = w.job;
    done[i] = w.done;
  }
  const rest = structuredClone({ ...state, workers: [] });
  return { rest, codes, ps, jobs, done };
}

function unpack({ rest, codes, ps, jobs, done }) {
  const state = structuredClone(rest);
  state.workers = Array.from(codes, (code, i) => ({
    state: WORKER_STATES[code],
    job: jobs[i],
    done: done[i],
    p: ps[i],
  }));
  return state;
}

/**
 * Events between keyframes for a pool of `workers`: never fewer than the workers, so that the
 * keyframes together hold about as many bytes as the log itself, at any pool size.
 */
export function keyframeEvery(workers) {
  let every = KEYFRAME_EVERY;
  while (every < workers) every *= 2;
  return every;
}

export class Timeline {
  #words = new Uint32Array(KEYFRAME_EVERY * WORDS);
  #times = new Float64Array(KEYFRAME_EVERY);
  #length = 0;
  #keyframes;
  #head; // the state after every appended event, for the next keyframe
  #position = 0;
  #state;
  #every;

  /** An empty timeline for a run of `config` (the normalized config from a `started` message). */
  constructor(config) {
    this.config = config;
    this.#every = keyframeEvery(config.mode === 'unbounded' ? 0 : config.workers);
    this.#head = initialState(config);
    this.#keyframes = [pack(this.#head)];
    this.#state = initialState(config);
  }

  /** Bytes the keyframes' workers take (the rest of a keyframe is a few small objects). */
  get keyframeBytes() {
    return this.#keyframes.reduce((sum, k) => sum + k.codes.length * KEYFRAME_BYTES_PER_WORKER, 0);
  }

  /** Events recorded so far. */
  get length() {
    return this.#length;
  }

  /** Run time of the last event, in microseconds. */
  get endUs() {
    return this.#length === 0 ? 0 : this.#times[this.#length - 1];
  }

  /** The playhead as a count of events applied (0 = before the first). */
  get position() {
    return this.#position;
  }

  /** The playhead as run time: the time of the last applied event. */
  get timeUs() {
    return this.#position === 0 ? 0 : this.#times[this.#position - 1];
  }

  /** The pipeline's state at the playhead. */
  get state() {
    return this.#state;
  }

  /** The raw words of the whole log (a view, valid until the next append). */
  get words() {
    return this.#words.subarray(0, this.#length * WORDS);
  }

  /**
   * Appends a batch of records. Threads stamp their own events, so a record can carry a time a
   * little before its predecessor's; the timeline keeps times monotonic (each is at least the
   * one before) so that seeking by time is a binary search.
   */
  append(batch) {
    const count = batch.length / WORDS;
    this.#reserve(this.#length + count);
    this.#words.set(batch, this.#length * WORDS);
    let last = this.endUs;
    for (let i = 0; i < count; i++) {
      last = Math.max(last, timeAt(batch, i * WORDS));
      this.#times[this.#length + i] = last;
    }
    // Fold the head keyframe by keyframe, cloning at each boundary.
    let at = this.#length;
    const end = this.#length + count;
    while (at < end) {
      const boundary = (Math.floor(at / this.#every) + 1) * this.#every;
      const stop = Math.min(end, boundary);
      applyBatch(this.#head, this.#words.subarray(at * WORDS, stop * WORDS));
      if (stop === boundary) this.#keyframes.push(pack(this.#head));
      at = stop;
    }
    this.#length = end;
  }

  #reserve(events) {
    if (events <= this.#times.length) return;
    let size = this.#times.length;
    while (size < events) size *= 2;
    const words = new Uint32Array(size * WORDS);
    words.set(this.#words.subarray(0, this.#length * WORDS));
    const times = new Float64Array(size);
    times.set(this.#times.subarray(0, this.#length));
    this.#words = words;
    this.#times = times;
  }

  /** The state after the first `n` events, from the nearest keyframe at or before it. */
  stateAfter(n) {
    n = Math.max(0, Math.min(this.#length, Math.trunc(n)));
    if (n === this.#length && n % this.#every !== 0) return unpack(pack(this.#head));
    const k = Math.floor(n / this.#every);
    const state = unpack(this.#keyframes[k]);
    return applyBatch(state, this.#words.subarray(k * this.#every * WORDS, n * WORDS));
  }

  /** How many events happened at or before run time `us`. */
  eventsUntil(us) {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#times[mid] <= us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The state at run time `us` (in microseconds), without moving the playhead. */
  stateAtUs(us) {
    return this.stateAfter(this.eventsUntil(us));
  }

  /** Moves the playhead to just after event `n`; returns the state there. */
  seekEvent(n) {
    n = Math.max(0, Math.min(this.#length, Math.trunc(n)));
    if (n === this.#position) return this.#state;
    if (n > this.#position && n - this.#position <= this.#every) {
      // Forward by a little: keep folding rather than restart from a keyframe.
      applyBatch(this.#state, this.#words.subarray(this.#position * WORDS, n * WORDS));
    } else {
      this.#state = this.stateAfter(n);
    }
    this.#position = n;
    this.onMove?.(this);
    return this.#state;
  }

  /** Moves the playhead to run time `us`: every event at or before it is applied. */
  seekUs(us) {
    return this.seekEvent(this.eventsUntil(us));
  }

  /** Moves the playhead to run time `ms` (milliseconds): the scripting API's `seek`. */
  seek(ms) {
    return this.seekUs(ms * 1000);
  }

  /** The pipeline's state at run time `ms`, without moving the playhead. */
  stateAt(ms) {
    return this.stateAtUs(ms * 1000);
  }

  /** Moves `n` events forward (negative: back). */
  step(n = 1) {
    return this.seekEvent(this.#position + n);
  }

  /**
   * Moves to the next (`direction` 1) or previous (-1) event of one goroutine (`actor`, as in
   * events.js), leaving other goroutines' events in between applied.
   */
  stepActor(actor, direction = 1) {
    if (direction > 0) {
      for (let i = this.#position; i < this.#length; i++) {
        if (this.actorOf(i) === actor) return this.seekEvent(i + 1);
      }
      return this.seekEvent(this.#length);
    }
    // Back: undo the goroutine's own latest event, however many others' came after it.
    let latest = this.#position - 1;
    while (latest >= 0 && this.actorOf(latest) !== actor) latest--;
    for (let i = latest - 1; i >= 0; i--) {
      if (this.actorOf(i) === actor) return this.seekEvent(i + 1);
    }
    return this.seekEvent(0);
  }

  /** Event `i`'s kind, actor, job, value and (monotonic) time. */
  event(i) {
    const at = i * WORDS;
    const tag = this.#words[at + TAG];
    return {
      timeUs: this.#times[i],
      kind: tag & 0xff,
      actor: tag >>> 8,
      job: this.#words[at + JOB],
      value: this.#words[at + VALUE],
    };
  }

  actorOf(i) {
    return this.#words[i * WORDS + TAG] >>> 8;
  }

  kindOf(i) {
    return this.#words[i * WORDS + TAG] & 0xff;
  }

  timeOf(i) {
    return this.#times[i];
  }
}
