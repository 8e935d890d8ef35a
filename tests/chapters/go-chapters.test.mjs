// The chapters on Go source, against the engine (the single-threaded build, in Node, virtual
// time as the pages run them): each question's answer is what the program really does, and each
// challenge is met by the program reasoning leads to and not by the edits that dodge it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGo } from '../../target/pkg-st/poolsim.js';
import './engine.mjs'; // initialises the wasm
import { GoRun } from '../../www/model/go-run.js';
import { experiment } from './engine.mjs';
import stopping, {
  stoppingPool,
  SLEEPING_JOB,
  WATCHING_JOB,
  WATCHING_SEND,
  BLIND_SEND,
  leftBehind,
} from '../../tutorial/chapters/10-stopping.js';

/** `program` run as a `<go-figure>` runs it: `{result, run}`, what a chapter's checks read. */
function view(program) {
  const result = runGo(program, {});
  return { result, run: new GoRun(result) };
}

/** A question's answer and explanation for the experiment's own program. */
function answer(chapter, name) {
  const block = experiment(chapter, name);
  const v = view(block.program);
  const actual = block.predict.actual(v);
  return { actual, why: block.predict.explain({ ...v, actual }), ...v };
}

function challenge(chapter, name, program) {
  const { challenge: c } = experiment(chapter, name);
  const v = view(program);
  return { met: c.check(v), near: c.near(v), said: c.check(v) ? c.met(v) : null, ...v };
}

test('chapter 10: six jobs finish — three were asleep at the deadline and ran on to 60 ms', () => {
  const { actual, why, result } = answer(stopping, 'deadline');
  assert.equal(actual, 6);
  assert.match(result.stdout, /^stopped after 60 ms: context deadline exceeded$/m);
  assert.match(why, /stopped 15 ms after its deadline, with 6 jobs finished/);
});

test('chapter 10: a producer that does not watch ctx is left blocked when main returns', () => {
  const { actual, why, run } = answer(stopping, 'leak');
  assert.equal(actual, 'leak');
  const [producer, ...others] = leftBehind(run);
  assert.deepEqual(others, []);
  assert.equal(producer.wait, 'chan send');
  assert.match(
    why,
    new RegExp(`goroutine ${producer.id} was still blocked on its send at line ${producer.line}`),
  );
  // The line is the send's, in the program as the page shows it.
  const line = experiment(stopping, 'leak').program.split('\n')[producer.line - 1];
  assert.match(line, /jobs <- j \/\/ does not watch ctx/);
});

test('chapter 10: the pool stops in time only when the job watches ctx, and leaves nobody', () => {
  const start = challenge(stopping, 'stop-in-time', experiment(stopping, 'stop-in-time').program);
  assert.equal(start.met, false);
  assert.equal(start.near, 'the pool stopped at 60 ms, 15 ms after its deadline.');
  const fixed = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: WATCHING_SEND }),
  );
  assert.equal(fixed.met, true, fixed.near);
  assert.equal(fixed.said, 'Stopped at 45 ms with 3 jobs finished and no goroutine left behind.');
  assert.match(fixed.result.stdout, /^worker \d dropped job \d$/m);
  // Stopping in time but leaving the producer behind does not do.
  const leaky = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: BLIND_SEND }),
  );
  assert.equal(leaky.met, false);
  assert.match(leaky.near, /^goroutine \d+ was left behind, at line \d+\.$/);
  // Shorter jobs, or no deadline, dodge the question: neither meets it.
  const shorter = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: SLEEPING_JOB.replace('30 *', '15 *'), send: WATCHING_SEND }),
  );
  assert.equal(shorter.met, false);
  assert.match(shorter.near, /must still take 30 ms/);
  const noDeadline = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: WATCHING_SEND }).replace(
      '45*time.Millisecond',
      '45*time.Second',
    ),
  );
  assert.equal(noDeadline.met, false);
  assert.match(noDeadline.near, /must still stop at its deadline/);
});
