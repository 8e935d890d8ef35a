// The timeline against the plain fold: whatever path the playhead takes (seek, step, step back,
// per-goroutine steps), the state it shows is the log folded from the start to the playhead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kind, WORDS } from '../../www/events.js';
import { initialState, applyBatch } from '../../www/pipeline.js';
import { Timeline } from '../../www/timeline.js';

const PRODUCER = 0;
const CLOSER = 0xfffffe;
const COLLECTOR = 0xffffff;

/**
 * A log shaped like the engine's: `jobs` jobs over `workers` workers with small buffers, a
 * producer that sometimes blocks, and timestamps that sometimes run backwards (threads stamp
 * their own events).
 */
function syntheticLog(jobs, workers, seed = 7) {
  let rand = seed;
  const random = () => (rand = (rand * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = [];
  let t = 0;
  const push = (kind, actor, job, value) => {
    t += Math.floor(random() * 20);
    const stamp = random() < 0.1 ? Math.max(0, t - 15) : t;
    words.push(stamp, kind | (actor << 8), job, value);
  };
  push(Kind.RunStarted, PRODUCER, 0, workers);
  let queued = 0;
  for (let j = 1; j <= jobs; j++) {
    if (queued >= 2) {
      push(Kind.ProducerBlocked, PRODUCER, j, queued);
      queued -= 1;
      push(Kind.ProducerUnblocked, PRODUCER, j, queued + 1);
    }
    queued += 1;
    push(Kind.JobSent, PRODUCER, j, queued);
    const w = (j % workers) + 1;
    push(Kind.WorkerWaiting, w, 0, 0);
    queued -= 1;
    push(Kind.JobReceived, w, j, queued);
    push(Kind.JobDone, w, j, j % 13 === 0 ? 1 : 0);
    push(Kind.ResultSent, w, j, 1);
    push(Kind.ResultCollected, COLLECTOR, j, 0);
  }
  push(Kind.ChannelClosed, PRODUCER, 0, 0);
  push(Kind.CloserWaiting, CLOSER, 0, workers);
  for (let w = 1; w <= workers; w++) push(Kind.WorkerExited, w, 0, workers - w);
  push(Kind.ChannelClosed, CLOSER, 0, 1);
  push(Kind.RunFinished, COLLECTOR, 0, 0);
  return new Uint32Array(words);
}

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
