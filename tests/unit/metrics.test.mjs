// The chart series against what the synthetic log says happened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogView, quantile, runMetrics } from '../../www/metrics.js';
import { syntheticLog } from './synthetic.mjs';

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
