// The Go panel's program for each built-in mistake, against what real Go did with it: the
// program is the one recorded (tests/go/export/*.go, by scripts/record-go.mjs under Go 1.27.3),
// and the simulator ends it as Go did — the same message, the same goroutines in the same
// states and order, results lost where Go printed "sum: 0". No Go toolchain needed here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { goProgram } from '../../www/model/go-program.js';
import { simulate } from './engine.mjs';

const DIR = 'tests/go/export';
const { base, cases } = JSON.parse(readFileSync(`${DIR}/cases.json`, 'utf8'));

for (const [name, change] of Object.entries(cases)) {
  test(`${name}: the simulator ends the exported program as Go did`, () => {
    const config = { ...base, ...change };
    const recorded = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8'));
    assert.equal(
      goProgram(config).text,
      readFileSync(`${DIR}/${name}.go`, 'utf8'),
      'the export changed since Go ran it: run scripts/record-go.mjs',
    );
    const { summary } = simulate(config);
    const crash = summary.deadlock;
    assert.equal(crash?.message ?? null, recorded.message);
    if (recorded.exitCode === 0) {
      assert.equal(crash, null);
      // Go printed every result's sum, or 0 when main ended before any came back.
      const lost = recorded.stdout.trim() === 'sum: 0';
      assert.equal(summary.results === 0, lost, `${summary.results} results`);
      if (!lost) assert.equal(summary.results, config.jobs);
      return;
    }
    assert.equal(recorded.exitCode, 2);
    const states = (gs) => gs.map((g) => [g.id, g.state]);
    if (recorded.message.startsWith('panic:')) {
      // Which worker's timer fires first is the runtime's to choose: the panicking goroutine
      // is a worker, running, and it is alone in the report.
      assert.equal(crash.goroutines.length, 1);
      assert.equal(recorded.goroutines.length, 1);
      assert.equal(crash.goroutines[0].state, recorded.goroutines[0].state);
      assert.equal(recorded.goroutines[0].frames[0], 'main.worker');
      assert.match(crash.goroutines[0].at, /^main\.worker\(\d\)/);
      return;
    }
    assert.deepEqual(states(crash.goroutines), states(recorded.goroutines));
    // Each goroutine is where Go says: main's, a worker's, the closer's frame.
    crash.goroutines.forEach((g, i) => {
      const frame = recorded.goroutines[i].frames.find((f) => f.startsWith('main.'));
      assert.ok(g.at.startsWith(`${frame}(`), `${g.at} vs ${frame}`);
      assert.equal(
        g.at.endsWith('created by main.main in goroutine 1'),
        recorded.goroutines[i].createdBy === 'created by main.main in goroutine 1',
      );
    });
  });
}
