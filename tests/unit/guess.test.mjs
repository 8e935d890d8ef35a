// Guess scoring at its edges: zero, a missing answer, percentages, ordinary counts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, verdictOf } from '../../www/model/guess.js';

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

test('a question that cannot score a run says so, instead of leaving the reader on "Running…"', () => {
  const show = (v) => String(v);
  const throws = {
    kind: 'number',
    actual: () => {
      throw new TypeError("Cannot read properties of null (reading 'throughputPerSec')");
    },
    explain: () => 'never reached',
  };
  const out = verdictOf(throws, 12, {}, show);
  assert.match(out.text, /^Your guess: 12 · this run could not be scored \(Cannot read/);
  assert.equal(out.why, null);
  assert.ok(out.error instanceof TypeError);
  const badExplain = {
    kind: 'choice',
    actual: () => 'deadlock',
    explain: () => {
      throw new Error('boom');
    },
  };
  const second = verdictOf(badExplain, 'deadlock', {}, show);
  assert.equal(second.text, 'Your guess: deadlock · The run: deadlock — right.');
  assert.equal(second.why, null);
  assert.equal(second.error.message, 'boom');
  const fine = verdictOf(
    {
      kind: 'number',
      unit: 'ms',
      actual: () => 100,
      explain: ({ guess, actual }) => `${guess}/${actual}`,
    },
    105,
    {},
    show,
  );
  assert.deepEqual(fine, {
    actual: 100,
    text: 'Your guess: 105 · The run: 100 — within 10%: well judged.',
    why: '105/100',
    error: null,
  });
});
