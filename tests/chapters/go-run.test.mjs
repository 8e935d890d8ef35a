// The Go run model (www/model/go-run.js) on real logs: every program of tests/go/run, run by the
// engine (the single-threaded build, in Node: `runGo` in virtual time), folded to its end and
// to points between — stdout up to the playhead, goroutines and channels as the log left them,
// and a deadlock's blocked goroutines as Go's report lists them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runGo } from '../../target/pkg-st/poolsim.js';
import './engine.mjs'; // initialises the wasm
import { GoRun, GoKind, Lane, goEvent } from '../../www/model/go-run.js';

const { cases } = JSON.parse(readFileSync('tests/go/run/expected.json', 'utf8'));

for (const [name, recorded] of Object.entries(cases)) {
  test(`${name}: the log folded to its end is how the program ended`, () => {
    const result = runGo(recorded.source, {});
    const run = new GoRun(result);
    const end = run.stateAfter(run.length);
    assert.equal(end.stdout, result.stdout);
    assert.equal(end.exitCode, result.exitCode);
    assert.equal(end.events, run.length);
    for (const ch of end.channels) {
      assert.ok(ch.len >= 0 && (ch.len <= ch.cap || ch.cap === 0), `${JSON.stringify(ch)}`);
    }
    if (recorded.message === 'fatal error: all goroutines are asleep - deadlock!') {
      // Go lists the goroutines that were blocked, with why; so does the model's end.
      const blocked = end.goroutines.filter((g) => g.state === 'blocked');
      assert.deepEqual(
        blocked.map((g) => g.wait).sort(),
        recorded.goroutines.map((g) => g.state).sort(),
      );
      assert.ok(
        blocked.some((g) => g.id === 1),
        'main is among them',
      );
    }
    if (result.exitCode === 0 && !recorded.source.includes('os.Exit')) {
      assert.equal(end.goroutines.find((g) => g.id === 1)?.state, 'exited');
    }
  });
}

test('the state at any point is the log folded from the start to it', () => {
  // A program of many records, so kept states (every 1024) are used and passed.
  const source =
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tch := make(chan int, 3)\n\tdone := make(chan bool)\n\tfor w := 0; w < 3; w++ {\n\t\tgo func() {\n\t\t\tfor v := range ch {\n\t\t\t\tfmt.Println(v)\n\t\t\t}\n\t\t\tdone <- true\n\t\t}()\n\t}\n\tfor i := 0; i < 1500; i++ {\n\t\tch <- i\n\t}\n\tclose(ch)\n\tfor w := 0; w < 3; w++ {\n\t\t<-done\n\t}\n}\n';
  const result = runGo(source, {});
  const run = new GoRun(result);
  assert.ok(run.length > 3000, `${run.length} records`);
  const fresh = (n) => new GoRun({ ...result, events: result.events.subarray(0, n * 6) });
  for (const n of [0, 1, 7, 1023, 1024, 1025, 2048, 3001, run.length]) {
    const state = run.stateAfter(n);
    assert.deepEqual(state, { ...fresh(n).stateAfter(n), stdout: state.stdout }, `n=${n}`);
    // stdout up to the playhead: exactly what the output records before it wrote.
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const e = run.event(i);
      if (e.kind === GoKind.OUTPUT) bytes = e.a;
    }
    assert.equal(new TextEncoder().encode(state.stdout).length, bytes, `n=${n}`);
  }
  // By time: every record at or before the playhead, none after.
  const mid = goEvent(result.events, 2000).atNs;
  const n = run.eventsUntil(mid);
  assert.ok(run.event(n - 1).atNs <= mid);
  assert.ok(n === run.length || run.event(n).atNs > mid);
  assert.deepEqual(run.stateAtNs(mid), run.stateAfter(n));
  // Three workers took the values; the buffer never held more than its 3.
  const end = run.stateAfter(run.length);
  assert.equal(end.goroutines.length, 4);
  assert.deepEqual(
    end.channels.map((c) => [c.cap, c.closed]),
    [
      [3, true],
      [0, false],
    ],
  );
});

test('a log of another shape is refused', () => {
  assert.throws(() => new GoRun({ events: new Uint32Array(7), stdout: '' }), /six|6 words/);
});

test('lanes end as the folded state ends, for every program of the corpus', () => {
  const laneOf = {
    running: [Lane.RUNNING],
    ready: [Lane.READY, Lane.RUNNING],
    exited: [Lane.EXITED],
  };
  for (const [name, recorded] of Object.entries(cases)) {
    const run = new GoRun(runGo(recorded.source, {}));
    const { lanes, handoffs } = run.lanes();
    const end = run.stateAfter(run.length);
    assert.deepEqual(
      lanes.map((l) => l.id),
      end.goroutines.map((g) => g.id),
      `${name}: a lane per goroutine`,
    );
    for (const g of end.goroutines) {
      const last = lanes.find((l) => l.id === g.id).segments.at(-1);
      const want = g.state === 'blocked' ? [Lane.CHAN, Lane.SYNC, Lane.SLEEP] : laneOf[g.state];
      assert.ok(want.includes(last.state), `${name}: g${g.id} ${g.state}, lane ${last.state}`);
      if (g.state === 'blocked') assert.equal(last.wait, g.wait, `${name}: g${g.id}`);
      // Segments in order, none empty.
      const lane = lanes.find((l) => l.id === g.id);
      for (let i = 1; i < lane.segments.length; i++) {
        assert.ok(
          lane.segments[i].from > lane.segments[i - 1].from,
          `${name}: g${g.id} segment ${i}`,
        );
      }
    }
    for (const h of handoffs) {
      // A hand-off is between two goroutines, at a send or receive on its channel.
      const e = run.event(h.at - 1);
      assert.ok(
        [GoKind.SEND, GoKind.RECV].includes(e.kind) && e.a === h.chan,
        `${name}: ${JSON.stringify(h)}`,
      );
      assert.notEqual(h.from, h.to);
      assert.ok(e.g === h.from || e.g === h.to);
    }
  }
});
