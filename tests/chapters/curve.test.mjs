// The load curve's two halves agree: the simulator's drops and p95 latency (from arrival) at
// loads around capacity, against the M/M/c/K and M/M/c formulas the page draws beside them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepLoads } from '../../target/pkg-st/poolsim.js';
import './engine.mjs';
import { theoryAt, curveRates } from '../../www/model/load-curve.js';

// Chapter 8's pool, run long and measured past its start-up, so it reads the steady state.
const POOL = {
  driver: 'sim',
  workers: 8,
  jobs: 60000,
  warmupJobs: 5000,
  jobsBuffer: 20,
  resultsBuffer: 1000000,
  arrival: { kind: 'poisson', ratePerSec: 900 },
  service: { kind: 'exponential', meanMs: 10 },
  jobClass: 'io',
  policy: { kind: 'drop' },
  seed: 3,
  cores: 4,
};

test('with the drop policy, the simulator meets M/M/c/K at every load', () => {
  const rates = curveRates(POOL);
  const points = sweepLoads(POOL, rates);
  assert.equal(points.length, rates.length);
  for (const p of points) {
    const t = theoryAt(POOL, p.ratePerSec);
    const drop = p.dropped / p.offered;
    assert.ok(Math.abs(drop - t.drop) < 0.012, `${p.ratePerSec}/s: dropped ${drop} vs ${t.drop}`);
    const rel = Math.abs(p.p95LatencyMs - t.p95Ms) / t.p95Ms;
    assert.ok(rel < 0.05, `${p.ratePerSec}/s: p95 ${p.p95LatencyMs} vs ${t.p95Ms} ms`);
  }
});

test('with block, below capacity, the backlog behind the producer is M/M/c', () => {
  const block = { ...POOL, policy: { kind: 'block' }, jobsBuffer: 0 };
  for (const rate of [400, 640, 720]) {
    const [p] = sweepLoads(block, [rate]);
    const t = theoryAt(block, rate);
    assert.equal(p.dropped, 0);
    const rel = Math.abs(p.p95LatencyMs - t.p95Ms) / t.p95Ms;
    assert.ok(rel < 0.06, `${rate}/s: p95 ${p.p95LatencyMs} vs ${t.p95Ms} ms`);
  }
  assert.equal(theoryAt(block, 900), null, 'past capacity: no steady state');
});
