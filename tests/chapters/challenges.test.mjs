// The challenges that replaced menu picks and "any big number": met by the answer reasoning
// gives, not by the answers that need none.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, experiment } from './engine.mjs';
import fanOut from '../../tutorial/chapters/02-fan-out.js';
import orchestrator from '../../tutorial/chapters/06-the-orchestrator.js';
import sizing, { FEWEST_FOR_P95 } from '../../tutorial/chapters/07-sizing.js';

function meets(chapter, name, changes, driver = 'sim') {
  const block = experiment(chapter, name);
  const run = simulate({ ...block.config, ...changes, driver });
  return { met: block.challenge.check(run), near: block.challenge.near?.(run), run };
}

test('chapter 2: any big number no longer does; the fewest workers (and one spare) do', () => {
  // Modeled as the page runs it without threads: 10 ms I/O jobs in virtual time.
  const io = { service: { kind: 'constant', meanMs: 10 } };
  assert.equal(meets(fanOut, 'faster', { ...io, workers: 1000 }).met, false);
  assert.match(meets(fanOut, 'faster', { ...io, workers: 1000 }).near, /How few would do/);
  assert.equal(meets(fanOut, 'faster', { ...io, workers: 7 }).met, false, '7: 430 ms');
  for (const workers of [8, 9]) {
    const r = meets(fanOut, 'faster', { ...io, workers });
    assert.equal(r.met, true, `${workers}: ${r.near}`);
  }
  assert.equal(meets(fanOut, 'faster', { ...io, workers: 10 }).met, false);
});

test('chapter 6: the smallest results buffer is 100 − 10 − 3 = 87', () => {
  assert.equal(
    meets(orchestrator, 'finish', { resultsBuffer: 86 }).run.summary.deadlock !== null,
    true,
  );
  assert.equal(meets(orchestrator, 'finish', { resultsBuffer: 86 }).met, false);
  assert.equal(meets(orchestrator, 'finish', { resultsBuffer: 87 }).met, true);
  const bigger = meets(orchestrator, 'finish', { resultsBuffer: 100 });
  assert.equal(bigger.met, false);
  assert.match(bigger.near, /is it the smallest/);
  // Fixing the layout instead is another lesson, not this challenge's answer.
  assert.equal(meets(orchestrator, 'finish', { mistake: null }).met, false);
});

test(`chapter 7: ${FEWEST_FOR_P95} workers are the fewest that meet the p95 target`, () => {
  const at = meets(sizing, 'fewest', { workers: FEWEST_FOR_P95 });
  assert.equal(at.met, true, at.near);
  const fewer = meets(sizing, 'fewest', { workers: FEWEST_FOR_P95 - 1 });
  assert.ok(fewer.run.summary.latency.p95Ms >= 65, fewer.near);
  assert.equal(meets(sizing, 'fewest', { workers: 40 }).met, false);
});

test('chapter 4: one worker brings results back in order (at the cost of parallelism)', async () => {
  const fanIn = (await import('../../tutorial/chapters/04-fan-in.js')).default;
  const one = meets(fanIn, 'in-order', { workers: 1 });
  assert.equal(one.met, true, one.near);
  for (const workers of [2, 4]) {
    const r = meets(fanIn, 'in-order', { workers });
    assert.equal(r.met, false, `${workers} workers`);
    assert.match(r.near, /^with \d+ workers, result \d+ collected was job \d+\.$/);
  }
  // Trying seeds is not the answer: another seed does not count.
  assert.equal(meets(fanIn, 'in-order', { workers: 1, seed: 2 }).met, false);
});

test('chapter 5: of the places for wg.Wait(), only the closer goroutine shuts down cleanly', async () => {
  const waitGroups = (await import('../../tutorial/chapters/05-wait-groups.js')).default;
  const place = (mistake) => meets(waitGroups, 'place-the-wait', { mistake });
  assert.equal(place(null).met, true, place(null).near);
  assert.match(place('waitBeforeCollect').near, /deadlock/);
  assert.match(place('waitAfterCollect').near, /send on closed channel/);
  assert.match(place('closeResultsEarly').near, /^0 of 20 results were collected\.$/);
  for (const mistake of [
    'waitBeforeCollect',
    'waitAfterCollect',
    'closeResultsEarly',
    'addInsideGoroutine',
    'neverCloseJobs',
    'collectAfterSubmit',
  ])
    assert.equal(place(mistake).met, false, mistake);
  // A results buffer big enough for every result hides the deadlock: the check refuses it.
  assert.equal(
    meets(waitGroups, 'place-the-wait', { mistake: 'waitBeforeCollect', resultsBuffer: 20 }).met,
    false,
  );
});
