// The chart series against what the synthetic log says happened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogView, quantile, runMetrics } from '../../www/model/metrics.js';
import { syntheticLog } from './synthetic.mjs';
import { Kind } from '../../www/model/events.js';

const CONFIG = { workers: 4, jobsBuffer: 2, resultsBuffer: 2 };

test('quantiles use the nearest rank', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(sorted, 0.5), 50);
  assert.equal(quantile(sorted, 0.95), 95);
  assert.equal(quantile(sorted, 0.99), 99);
  assert.equal(quantile(new Float64Array(0), 0.5), 0);
});

test('series account for every job and stay within the buffers', () => {
  const view = new LogView(CONFIG, syntheticLog(2000, 4));
  const m = runMetrics(view, 100);
  const binSeconds = view.endUs / 100 / 1e6;
  const collected = m.throughput.reduce((sum, rate) => sum + rate * binSeconds, 0);
  assert.ok(Math.abs(collected - 2000) < 1e-6, `collected ${collected}`);
  assert.ok(Math.max(...m.jobsLen) <= 2);
  assert.ok(m.utilisation.every((u) => u >= 0 && u <= 1.000001));
  assert.equal(m.latency.total.count, 2000);
  assert.equal(m.latency.wait.count, 2000);
  assert.ok(m.latency.total.p50 <= m.latency.total.p95);
  assert.ok(m.latency.total.p95 <= m.latency.total.p99);
  assert.ok(m.latency.wait.p99 <= m.latency.total.p99);
});

test('times in a view never run backwards', () => {
  const view = new LogView(CONFIG, syntheticLog(300, 2));
  for (let i = 1; i < view.length; i++) assert.ok(view.times[i] >= view.times[i - 1]);
});

test('latency starts when a job was due: a late send adds its wait upstream', () => {
  // Two jobs: job 1 sent on time at 0; job 2 due at 100 µs but sent at 1,000 µs (the producer
  // was blocked), received at once, done 500 µs later, collected at once.
  const P = 0;
  const W = 1;
  const C = 0xffffff;
  const rec = (t, kind, actor, job, value) => [t, 0, kind | (actor << 8), job, value];
  const words = Uint32Array.from(
    [
      rec(0, Kind.RunStarted, P, 0, 1),
      rec(0, Kind.JobSent, P, 1, 1),
      rec(0, Kind.JobReceived, W, 1, 0),
      rec(500, Kind.JobDone, W, 1, 0),
      rec(500, Kind.ResultSent, W, 1, 1),
      rec(500, Kind.ResultCollected, C, 1, 0),
      rec(1000, Kind.JobLate, P, 2, 900),
      rec(1000, Kind.JobSent, P, 2, 1),
      rec(1000, Kind.JobReceived, W, 2, 0),
      rec(1500, Kind.JobDone, W, 2, 0),
      rec(1500, Kind.ResultSent, W, 2, 1),
      rec(1500, Kind.ResultCollected, C, 2, 0),
    ].flat(),
  );
  const m = runMetrics(new LogView({ workers: 1 }, words), 10);
  assert.deepEqual([m.latency.producer.p50, m.latency.producer.p99], [0, 0.9]);
  assert.deepEqual([m.latency.inPool.p50, m.latency.inPool.p99], [0.5, 0.5]);
  assert.deepEqual([m.latency.total.p50, m.latency.total.p99], [0.5, 1.4]);
  assert.equal(Math.max(...m.latencyP99.filter((v) => v !== null)), 1.4);
  assert.equal(Math.max(...m.inPoolP95.filter((v) => v !== null)), 0.5);
});

test('the unbounded program has no workers to be busy: no utilisation line', () => {
  const words = [];
  let t = 0;
  const push = (kind, actor, job, value) =>
    words.push((t += 10), 0, kind | (actor << 8), job, value);
  push(Kind.RunStarted, 0, 0, 0);
  // Three of the program's goroutines, one per job, all logged in the producer's lane.
  for (let j = 1; j <= 3; j++) push(Kind.JobReceived, 0, j, 0);
  for (let j = 1; j <= 3; j++) {
    push(Kind.JobDone, 0, j, 0);
    push(Kind.ResultCollected, 0xffffff, j, 0);
  }
  push(Kind.RunFinished, 0xffffff, 0, 0);
  const view = new LogView({ workers: 2, mode: 'unbounded' }, new Uint32Array(words));
  const m = runMetrics(view, 10);
  assert.deepEqual([...new Set(m.utilisation)], [null]);
});
