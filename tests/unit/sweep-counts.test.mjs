import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepAround, steadyRate } from '../../www/model/sweep-counts.js';
import { Kind } from '../../www/model/events.js';

test('a sweep around GOMAXPROCS has points on both sides of it on any machine', () => {
  assert.deepEqual(sweepAround(1), [1, 2, 3, 4]);
  assert.deepEqual(sweepAround(2), [1, 2, 3, 4]);
  assert.deepEqual(sweepAround(3), [1, 2, 3, 4, 6]);
  assert.deepEqual(sweepAround(7), [1, 2, 3, 6, 7, 8, 14]);
  assert.deepEqual(sweepAround(16), [1, 2, 8, 15, 16, 17, 32]);
  for (let g = 1; g <= 64; g++) {
    const counts = sweepAround(g);
    assert.ok(counts.includes(g) && counts.some((n) => n > g), `G=${g}: ${counts}`);
  }
});

test("a sweep point's rate is its second half's: a slow start (a fresh engine warming up) is left out", () => {
  // A log of results only: the first 20 a millisecond apart, the last 20 a tenth of that.
  const times = [];
  for (let i = 0; i < 20; i++) times.push(i * 1000);
  for (let i = 1; i <= 20; i++) times.push(19_000 + i * 100);
  const log = { length: times.length, kindOf: () => Kind.ResultCollected, timeOf: (i) => times[i] };
  // 19 results in the last 1.9 ms: 10,000 a second (over the whole run it would be 1,905).
  assert.equal(Math.round(steadyRate(log)), 10_000);
  // Other kinds are not results; too few results say nothing.
  assert.equal(steadyRate({ ...log, kindOf: (i) => (i < 19 ? Kind.ResultCollected : 0) }), null);
  assert.equal(steadyRate({ ...log, length: 19 }), null);
  assert.equal(steadyRate(null), null);
});
