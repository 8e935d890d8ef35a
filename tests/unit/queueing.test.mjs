// The queueing formulas against cases with known answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mmck } from '../../www/model/queueing.js';

const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('M/M/1: the time in the system is exponential with rate μ − λ', () => {
  const q = mmck({ lambda: 800, mu: 1000, c: 1 });
  close(q.meanMs, 1000 / 200, 1e-6, 'mean');
  close(q.percentileMs(0.95), (Math.log(20) / 200) * 1000, 1e-6, 'p95');
  close(q.tail(10), Math.exp(-200 * 0.01), 1e-9, 'tail at 10 ms');
});

test('M/M/c/K drops as the Erlang loss formulas say', () => {
  // c = 1, K = 1 (no buffer): Erlang B with one server, a/(1 + a).
  close(mmck({ lambda: 900, mu: 1000, c: 1, k: 1 }).drop, 0.9 / 1.9, 1e-12, 'B(1, 0.9)');
  // c = 2, K = 2: Erlang B(2, a) = (a²/2)/(1 + a + a²/2).
  const a = 1.5;
  close(
    mmck({ lambda: 1500, mu: 1000, c: 2, k: 2 }).drop,
    a ** 2 / 2 / (1 + a + a ** 2 / 2),
    1e-12,
    'B(2, 1.5)',
  );
  // No buffer, no wait: the time in the system is the service alone.
  const loss = mmck({ lambda: 1500, mu: 1000, c: 2, k: 2 });
  close(loss.meanMs, 1, 1e-9, 'mean with no queue');
  close(loss.percentileMs(0.95), Math.log(20), 1e-6, 'p95 with no queue');
});

test('M/M/c: the mean wait is Erlang C over cμ − λ', () => {
  const c = 4;
  const lambda = 3200;
  const mu = 1000;
  const a = lambda / mu;
  let sum = 0;
  let term = 1;
  for (let n = 0; n < c; n++) {
    if (n > 0) term *= a / n;
    sum += term;
  }
  const top = ((term * a) / c) * (1 / (1 - a / c));
  const erlangC = top / (sum + top);
  const wq = erlangC / (c * mu - lambda);
  close(mmck({ lambda, mu, c }).meanMs, (wq + 1 / mu) * 1000, 1e-6, 'W');
  assert.equal(mmck({ lambda: 5000, mu: 1000, c: 4 }), null, 'unstable: no steady state');
});

test('a longer buffer means fewer drops and a longer tail', () => {
  const short = mmck({ lambda: 900, mu: 100, c: 8, k: 8 + 5 });
  const long = mmck({ lambda: 900, mu: 100, c: 8, k: 8 + 200 });
  assert.ok(long.drop < short.drop);
  assert.ok(long.percentileMs(0.95) > short.percentileMs(0.95));
  // Overloaded (ρ = 1.125): the drop share never falls below 1 − 1/ρ.
  assert.ok(long.drop >= 1 - 800 / 900 - 1e-9);
});
