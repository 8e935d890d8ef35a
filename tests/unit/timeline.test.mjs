// The timeline against the plain fold: whatever path the playhead takes (seek, step, step back,
// per-goroutine steps), the state it shows is the log folded from the start to the playhead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORDS, Kind } from '../../www/model/events.js';
import { syntheticLog } from './synthetic.mjs';
import { initialState, applyBatch } from '../../www/model/pipeline.js';
import { Timeline } from '../../www/model/timeline.js';

const CONFIG = { workers: 4, jobsBuffer: 2, resultsBuffer: 2 };

function foldTo(words, n, config = CONFIG) {
  return applyBatch(initialState(config), words.subarray(0, n * WORDS));
}

/** A timeline fed in uneven batches, as the engine worker sends them. */
function timelineOf(words, config = CONFIG) {
  const timeline = new Timeline(config);
  for (
    let at = 0, size = 3;
    at < words.length;
    at += size * WORDS, size = ((size * 7) % 5000) + 1
  ) {
    timeline.append(words.subarray(at, Math.min(words.length, at + size * WORDS)));
  }
  return timeline;
}

/** States compare without the time field, which the timeline makes monotonic. */
const comparable = ({ timeUs, ...rest }) => rest;

test('the state at the playhead equals the log folded to the same point', () => {
  const words = syntheticLog(3000, 4);
  const timeline = timelineOf(words);
  const total = words.length / WORDS;
  assert.equal(timeline.length, total);
  for (const n of [0, 1, 2, 1023, 1024, 1025, 5000, 12_345, total - 1, total]) {
    assert.deepEqual(comparable(timeline.stateAfter(n)), comparable(foldTo(words, n)), `n=${n}`);
    assert.deepEqual(comparable(timeline.seekEvent(n)), comparable(foldTo(words, n)), `seek ${n}`);
  }
  assert.equal(timeline.state.finished, true);
  assert.equal(timeline.state.collector.collected, 3000);
});

test('stepping back then forward returns the same state', () => {
  const timeline = timelineOf(syntheticLog(500, 3));
  timeline.seekEvent(1500);
  const before = structuredClone(timeline.state);
  timeline.step(-10);
  assert.equal(timeline.position, 1490);
  assert.notDeepEqual(comparable(timeline.state), comparable(before));
  timeline.step(10);
  assert.deepEqual(timeline.state, before);
  for (let i = 0; i < 25; i++) timeline.step(-1);
  for (let i = 0; i < 25; i++) timeline.step(1);
  assert.deepEqual(timeline.state, before);
});

test('random walks of the playhead always show the folded state', () => {
  const config = { ...CONFIG, workers: 5 };
  const words = syntheticLog(800, 5, 99);
  const timeline = timelineOf(words, config);
  let rand = 1;
  for (let i = 0; i < 300; i++) {
    rand = (rand * 48271) % 2147483647;
    const move = (rand % 4000) - 2000;
    timeline.step(move);
    assert.deepEqual(
      comparable(timeline.state),
      comparable(foldTo(words, timeline.position, config)),
      `after ${i} moves, at ${timeline.position}`,
    );
  }
});

test('seeking by time applies exactly the events at or before that time', () => {
  const words = syntheticLog(400, 2);
  const timeline = timelineOf(words);
  for (let i = 1; i < timeline.length; i++) {
    assert.ok(timeline.timeOf(i) >= timeline.timeOf(i - 1), 'times are monotonic');
  }
  for (const us of [0, 17, 500, 2500, timeline.endUs, timeline.endUs + 1]) {
    timeline.seekUs(us);
    const n = timeline.position;
    assert.ok(n === 0 || timeline.timeOf(n - 1) <= us, `event ${n - 1} is at or before ${us}`);
    assert.ok(n === timeline.length || timeline.timeOf(n) > us, `event ${n} is after ${us}`);
  }
  assert.equal(timeline.seekUs(-1), timeline.state);
  assert.equal(timeline.position, 0);
});

test('stepping one goroutine moves to its next and previous events', () => {
  const timeline = timelineOf(syntheticLog(50, 3));
  timeline.seekEvent(0);
  timeline.stepActor(2, 1);
  assert.equal(timeline.actorOf(timeline.position - 1), 2);
  const first = timeline.position;
  timeline.stepActor(2, 1);
  assert.equal(timeline.actorOf(timeline.position - 1), 2);
  assert.ok(timeline.position > first);
  timeline.stepActor(2, -1);
  assert.equal(timeline.position, first);
});

test("stepping a goroutine back after another's event undoes its own last event", () => {
  const timeline = timelineOf(syntheticLog(50, 3));
  // Just past another goroutine's event that follows a run of goroutine 2's.
  let other = 1;
  while (!(timeline.actorOf(other - 1) === 2 && timeline.actorOf(other) !== 2)) other++;
  timeline.seekEvent(other + 1);
  // Goroutine 2's current event is at other - 1; a step back lands just after its one before.
  let previous = other - 2;
  while (previous >= 0 && timeline.actorOf(previous) !== 2) previous--;
  timeline.stepActor(2, -1);
  assert.equal(timeline.position, previous + 1);
});

test('seeking anywhere in a million-event log folds at most one keyframe span', () => {
  const words = syntheticLog(170_000, 16);
  const config = { ...CONFIG, workers: 16 };
  const timeline = new Timeline(config);
  timeline.append(words);
  assert.ok(timeline.length > 1_000_000);
  const target = 987_654;
  assert.deepEqual(
    comparable(timeline.seekEvent(target)),
    comparable(foldTo(words, target, config)),
  );
});

test('times past 2^32 µs (71.6 minutes) are read exactly', () => {
  const hours = (h) => h * 3_600_000_000;
  const record = (us, kind, job) => [us % 2 ** 32, Math.floor(us / 2 ** 32), kind, job, 0];
  const words = new Uint32Array([
    ...record(0, Kind.RunStarted, 0),
    ...record(hours(2), Kind.JobSent, 1),
    ...record(hours(24 * 365 * 50), Kind.JobSent, 2),
  ]);
  const timeline = new Timeline({ workers: 1, jobsBuffer: 1, resultsBuffer: 1 });
  timeline.append(words);
  assert.deepEqual(
    [0, 1, 2].map((i) => timeline.event(i).timeUs),
    [0, hours(2), hours(24 * 365 * 50)],
  );
  assert.equal(timeline.endUs, hours(24 * 365 * 50));
  timeline.seek(hours(3) / 1000);
  assert.equal(timeline.position, 2, 'seeking by time passes the event at two hours');
});

test('a big pool: keyframes pack workers and hold no more than the log', () => {
  const config = { workers: 5000, jobsBuffer: 100, resultsBuffer: 100 };
  const words = syntheticLog(30_000, 5000);
  const timeline = timelineOf(words, config);
  const total = words.length / WORDS;
  for (const n of [0, 1, 8191, 8192, 8193, 40_000, total - 1, total]) {
    assert.deepEqual(
      comparable(timeline.stateAfter(n)),
      comparable(foldTo(words, n, config)),
      `n=${n}`,
    );
  }
  assert.ok(
    timeline.keyframeBytes <= words.byteLength,
    `keyframes ${timeline.keyframeBytes} B, log ${words.byteLength} B`,
  );
});

test("the Ps: each P's last goroutine, its event count and the moves, through keyframes", () => {
  const config = { workers: 6, jobsBuffer: 2, resultsBuffer: 2 };
  const words = syntheticLog(3000, 6, 11, 3);
  const timeline = timelineOf(words, config);
  // Counted directly from the words, not through the fold.
  const end = { events: [0, 0, 0], last: [-1, -1, -1], moves: 0 };
  const at = new Map();
  for (let i = 0; i < words.length; i += WORDS) {
    const p = words[i + 1] >>> 24;
    const actor = words[i + 2] >>> 8;
    end.events[p - 1] += 1;
    end.last[p - 1] = actor;
    if (actor >= 1 && actor <= 6) {
      if (at.has(actor) && at.get(actor) !== p) end.moves += 1;
      at.set(actor, p);
    }
  }
  const state = timeline.stateAfter(timeline.length);
  assert.deepEqual(
    state.procs.map((p) => p.events),
    end.events,
  );
  assert.deepEqual(
    state.procs.map((p) => p.actor),
    end.last,
  );
  assert.equal(state.moves, end.moves);
  assert.ok(end.moves > 10, `the log moves workers: ${end.moves}`);
  for (const n of [0, 1, 1023, 1024, 1025, 9000, timeline.length]) {
    assert.deepEqual(
      comparable(timeline.stateAfter(n)),
      comparable(foldTo(words, n, config)),
      `n=${n}`,
    );
  }
  // Times stay exact with the P in the high word's top byte.
  assert.equal(timeline.event(5).timeUs, words[5 * WORDS]);
});

test('the per-state worker counts always match the workers', () => {
  const config = { workers: 7, jobsBuffer: 3, resultsBuffer: 0 };
  const words = syntheticLog(900, 7);
  const timeline = timelineOf(words, config);
  for (let n = 0; n <= timeline.length; n += 97) {
    const state = timeline.seekEvent(n);
    const counted = {};
    for (const w of state.workers) counted[w.state] = (counted[w.state] ?? 0) + 1;
    const kept = Object.fromEntries(Object.entries(state.workerStates).filter(([, c]) => c > 0));
    assert.deepEqual(kept, counted, `n=${n}`);
  }
});

test('a blocked producer waits in a select under the timeout policy, in a send otherwise', () => {
  for (const [policy, waitsIn] of [
    [{ kind: 'timeout', timeoutMs: 5 }, 'select'],
    [{ kind: 'block' }, 'chan send'],
    [undefined, 'chan send'],
  ]) {
    const t = new Timeline({ workers: 3, jobsBuffer: 2, resultsBuffer: 2, policy });
    t.append(syntheticLog(200, 3));
    // Kept through the keyframes, as the diagram reads it at any playhead.
    for (const n of [0, 7, t.length]) assert.equal(t.stateAfter(n).producerWaitsIn, waitsIn);
  }
});
