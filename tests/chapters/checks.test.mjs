// Each challenge against the engine: the configs a reasoning reader reaches meet it, and the
// configs that meet it without understanding (a hidden queue, a menu pick, any big number)
// do not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, experiment } from './engine.mjs';
import backpressure from '../../tutorial/chapters/08-backpressure.js';
import capstone from '../../tutorial/chapters/09-capstone.js';

/** Runs an experiment's config with the reader's `changes`; whether its challenge is met. */
function meets(chapter, name, changes) {
  const block = experiment(chapter, name);
  const run = simulate({ ...block.config, ...changes });
  return { met: block.challenge.check(run), run, near: block.challenge.near?.(run) };
}

test('chapter 8: blocking on an unbuffered jobs hides nothing — the backlog is latency', () => {
  const blocked = meets(backpressure, 'tune', { policy: { kind: 'block' }, jobsBuffer: 0 });
  assert.equal(blocked.run.summary.dropped, 0);
  assert.equal(blocked.met, false, blocked.near);
  assert.match(blocked.near, /waiting for a blocked producer/);
  const buffered = meets(backpressure, 'tune', { policy: { kind: 'block' }, jobsBuffer: 5 });
  assert.equal(buffered.met, false, buffered.near);
});

test('chapter 8: more workers than the load needs meet it', () => {
  const { met, near } = meets(backpressure, 'tune', { workers: 10 });
  assert.equal(met, true, near);
  const blocking = meets(backpressure, 'tune', { workers: 12, policy: { kind: 'block' } });
  assert.equal(blocking.met, true, blocking.near);
});

test('chapter 9: ten blocking workers do not meet the card; a sized pool does', () => {
  for (const workers of [10, 40]) {
    const r = meets(capstone, 'design', { workers, policy: { kind: 'block' }, jobsBuffer: 0 });
    assert.equal(r.run.summary.dropped, 0);
    assert.equal(r.met, false, `${workers} workers: ${r.near}`);
  }
  const sized = meets(capstone, 'design', { workers: 48 });
  assert.equal(sized.met, true, sized.near);
  const over = meets(capstone, 'design', { workers: 61 });
  assert.equal(over.met, false, 'more than 60 workers');
});

test('chapter 8: a stopped collector blocks the producer once every place in the pool is full', async () => {
  const block = experiment(backpressure, 'stopped-collector');
  const places = (c) => c.resultsBuffer + c.workers + c.jobsBuffer;
  for (const change of [{}, { jobsBuffer: 10 }, { resultsBuffer: 1, workers: 4 }]) {
    const config = { ...block.config, ...change };
    const run = simulate(config);
    assert.equal(block.predict.actual(run), places(config), JSON.stringify(change));
    assert.match(block.predict.explain(run), /results filled/);
  }
  // A collector that never stops: the producer never blocks, and the page says so.
  const never = simulate({ ...block.config, collectorPauseMs: 0 });
  assert.equal(block.predict.actual(never), null);
});
