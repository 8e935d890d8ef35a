// The Chrome trace export: one named track per goroutine, every span closed where it opened and
// nested on its track, the unbounded program's overlapping goroutines included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kind } from '../../www/model/events.js';
import { Timeline } from '../../www/model/timeline.js';
import { chromeTrace } from '../../www/model/export.js';
import { syntheticLog } from './synthetic.mjs';

const PRODUCER = 0;
const CLOSER = 0xfffffe;
const COLLECTOR = 0xffffff;

async function traceOf(words, config) {
  const timeline = new Timeline(config);
  timeline.append(words);
  return JSON.parse(await (await chromeTrace(timeline)).text()).traceEvents;
}

/** Every B closes with an E on its own track, last opened first closed. */
function assertBalanced(events) {
  const stacks = new Map();
  for (const e of events) {
    if (e.ph === 'B') {
      if (!stacks.has(e.tid)) stacks.set(e.tid, []);
      stacks.get(e.tid).push(e.name);
    } else if (e.ph === 'E') {
      assert.equal(stacks.get(e.tid)?.pop(), e.name, `E of ${e.name} on track ${e.tid}`);
    }
  }
  for (const [tid, open] of stacks) assert.deepEqual(open, [], `track ${tid} left open`);
  const async = new Map();
  for (const e of events.filter((e) => e.ph === 'b' || e.ph === 'e')) {
    const key = `${e.cat}/${e.id}`;
    async.set(key, (async.get(key) ?? 0) + (e.ph === 'b' ? 1 : -1));
    assert.ok(async.get(key) >= 0, `async ${key} ends before it begins`);
  }
  for (const [key, open] of async) assert.equal(open, 0, `async ${key} left open`);
}

test('a pool of 1,001 workers: every goroutine has a track of its own, named once', async () => {
  const workers = 1001;
  const events = await traceOf(syntheticLog(3000, workers), { workers, mode: 'pool' });
  const names = events.filter((e) => e.name === 'thread_name');
  const tids = names.map((e) => e.tid);
  assert.equal(new Set(tids).size, tids.length, 'two goroutines share a track');
  assert.equal(names.length, workers + 3);
  const nameOf = new Map(names.map((e) => [e.tid, e.args.name]));
  for (const e of events.filter((e) => e.ph !== 'M')) assert.ok(nameOf.has(e.tid), e.name);
  const closes = events.filter((e) => e.name === 'close(results)');
  assert.deepEqual(
    closes.map((e) => nameOf.get(e.tid)),
    ['closer'],
  );
  const collected = events.find((e) => e.name.startsWith('collect job'));
  assert.equal(nameOf.get(collected.tid), 'collector (main)');
  assertBalanced(events);
});

test("the unbounded program: overlapping goroutines' jobs each open and close", async () => {
  const words = [];
  let t = 0;
  const push = (kind, actor, job, value) => words.push(t++, 0, kind | (actor << 8), job, value);
  push(Kind.RunStarted, PRODUCER, 0, 0);
  for (let j = 1; j <= 3; j++) push(Kind.JobReceived, PRODUCER, j, 0);
  for (let j = 1; j <= 3; j++) {
    push(Kind.JobDone, PRODUCER, j, 0);
    push(Kind.ResultSent, PRODUCER, j, 1);
    push(Kind.ResultCollected, COLLECTOR, j, 0);
  }
  push(Kind.CloserWaiting, CLOSER, 0, 3);
  push(Kind.ChannelClosed, CLOSER, 0, 1);
  push(Kind.RunFinished, COLLECTOR, 0, 0);
  const events = await traceOf(new Uint32Array(words), { workers: 4, mode: 'unbounded' });
  const names = events.filter((e) => e.name === 'thread_name').map((e) => e.args.name);
  assert.ok(!names.some((n) => n.startsWith('worker')), names.join(', '));
  const jobs = events.filter((e) => /^job \d$/.test(e.name));
  assert.equal(jobs.length, 6, 'a begin and an end for each of three jobs');
  assertBalanced(events);
});
