// Guess scoring at its edges: zero, a missing answer, percentages, ordinary counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from '../../www/guess.js';

test('counts and times are judged by relative error', () => {
  assert.deepEqual(judge(1050, 1000, 'ms'), { well: true, text: ' — within 10%: well judged.' });
  assert.deepEqual(judge(1200, 1000, 'ms'), { well: false, text: ' — off by 20%.' });
  assert.equal(judge(-900, 1000).well, false);
});

test('an answer of 0 is met only by 0, and a miss says by how much', () => {
  assert.deepEqual(judge(0, 0, 'requests'), { well: true, text: ' — exactly right.' });
  assert.deepEqual(judge(5, 0, 'requests'), { well: false, text: ' — off by 5 requests.' });
  assert.deepEqual(judge(1e9, 0), { well: false, text: ' — off by 1000000000.' });
});

test('a run with no number to compare says so instead of Infinity% or NaN%', () => {
  for (const actual of [undefined, null, NaN, Infinity, '12']) {
    const { well, text } = judge(10, actual);
    assert.equal(well, false);
    assert.equal(text, ' — this run gave no number to compare with.');
  }
});

test('percentages are judged in percentage points', () => {
  assert.deepEqual(judge(20, 10, '%'), { well: false, text: ' — off by 10 percentage points.' });
  assert.deepEqual(judge(11, 10, '%'), {
    well: true,
    text: ' — within 1 percentage point: well judged.',
  });
  // 0% is no special case in points: 0.5 points off is close, 3 points is not.
  assert.equal(judge(0.5, 0, '%').well, true);
  assert.equal(judge(3, 0, '%').well, false);
});
