import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepAround } from '../../www/model/sweep-counts.js';

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
