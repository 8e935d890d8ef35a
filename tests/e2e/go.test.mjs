// `poolsim.runGo` (README, "The JS API"): Go source compiled and run by the engine worker in
// virtual time, under the shipped Content-Security-Policy — Go's output, exit status and
// reports as results; compile errors and refused options as rejections naming their place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite } from './helpers.mjs';

const { openPage } = suite();

/** The pool both clocks' tests export to Go: 20 jobs of 5 ms over 3 workers. */
const POOL = {
  driver: 'sim',
  workers: 3,
  jobs: 20,
  jobsBuffer: 100,
  resultsBuffer: 5,
  service: { kind: 'constant', meanMs: 5 },
  jobClass: 'io',
  seed: 1,
};

test('the exported worker pool gives the same sum through runGo as through run', async () => {
  const { page, problems } = await openPage();
  const got = await page.evaluate(async (config) => {
    const { goProgram } = await import('./www/model/go-program.js');
    const summary = await window.poolsim.run(config);
    const before = window.poolsim.lastGoRun();
    const go = await window.poolsim.runGo(goProgram(config).text);
    const last = window.poolsim.lastGoRun();
    const { events } = go;
    go.last = {
      before,
      same: last.result === go && last.source === goProgram(config).text,
      options: last.options,
    };
    const kinds = [];
    for (let i = 0; i < events.length; i += 6) kinds.push(events[i + 2] & 0xff);
    go.events = { typed: events instanceof Uint32Array, words: events.length, kinds };
    return { sum: summary.sum, go };
  }, POOL);
  assert.equal(got.go.driver, 'sim');
  assert.deepEqual(got.go.last, { before: null, same: true, options: {} });
  assert.equal(got.go.exitCode, 0, got.go.stderr);
  assert.equal(got.go.stdout, `sum: ${got.sum}\n`);
  // The seed's `j * 2`: 2 × (1 + … + 20).
  assert.equal(got.sum, 420);
  // 20 jobs of 5 ms over 3 workers: 7 rounds of virtual time.
  assert.equal(got.go.elapsedMs, 35);
  assert.equal(got.go.peakGoroutines, 6);
  assert.equal(got.go.limit, null);
  // The log: six words a record; 3 workers + producer + closer created (kind 1), 40 sends and
  // receives on the two channels (kinds 6, 7), ending with the exit (kind 11).
  const { typed, words, kinds } = got.go.events;
  assert.ok(typed);
  assert.equal(words % 6, 0);
  assert.equal(kinds.filter((k) => k === 1).length, 5);
  assert.ok(kinds.filter((k) => k === 6).length >= 40);
  assert.equal(kinds.at(-1), 11);
  assert.equal(got.go.eventsTruncated, false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a deadlock is a result with Go report; a compile error and a bad option reject', async () => {
  const { page, problems } = await openPage();
  const got = await page.evaluate(async () => {
    const deadlock = await window.poolsim.runGo(
      'package main\n\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n',
    );
    const caught = (promise) =>
      promise.then(
        () => null,
        (e) => ({ message: e.message, line: e.line, column: e.column, field: e.field }),
      );
    const compile = await caught(
      window.poolsim.runGo('package main\n\nfunc main() {\n\twg.Wait()\n}\n'),
    );
    const option = await caught(
      window.poolsim.runGo('package main\nfunc main() {}\n', { seeed: 1 }),
    );
    const driver = await caught(
      window.poolsim.runGo('package main\nfunc main() {}\n', { driver: 'live', gomaxprocs: 0 }),
    );
    // A program that takes memory without end stops at poolsim's limit, short of the wasm
    // memory's end (where the engine would abort).
    const memory = await window.poolsim.runGo(
      'package main\n\nfunc main() {\n\tvar s []int\n\tfor {\n\t\ts = append(s, 1)\n\t}\n}\n',
    );
    delete memory.events;
    const liveCompile = await caught(
      window.poolsim.runGo('package main\n\nfunc main() {\n\tx := 1\n}\n', { driver: 'live' }),
    );
    return { deadlock, compile, option, driver, liveCompile, memory };
  });
  assert.equal(got.deadlock.exitCode, 2);
  assert.equal(got.deadlock.stdout, '');
  assert.match(
    got.deadlock.stderr,
    /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:\nmain\.main\(\.\.\.\)\n\tprog\.go:5\n/,
  );
  assert.deepEqual(got.compile, {
    message: 'prog.go:4:2: undefined: wg',
    line: 4,
    column: 2,
    field: undefined,
  });
  assert.equal(got.option.field, 'seeed');
  assert.match(got.option.message, /unknown option `seeed`; options are driver, gomaxprocs, seed/);
  assert.equal(got.driver.field, 'gomaxprocs');
  assert.match(got.driver.message, /gomaxprocs: a whole number from 1 to 64/);
  assert.equal(got.memory.limit, 'memory');
  assert.equal(got.memory.exitCode, 2);
  assert.match(got.memory.stderr, /^program stopped: it used more than 256 MB of memory/);
  assert.deepEqual(got.liveCompile, {
    message: 'prog.go:4:2: declared and not used: x',
    line: 4,
    column: 2,
    field: undefined,
  });
  assert.deepEqual(problems, []);
  await page.close();
});

test('live: the pool runs on GOMAXPROCS threads in real time, a deadlock is found, cancel stops it', async () => {
  const { page, problems } = await openPage();
  const got = await page.evaluate(async (config) => {
    const { goProgram } = await import('./www/model/go-program.js');
    const live = { driver: 'live', gomaxprocs: 2 };
    const pool = await window.poolsim.runGo(goProgram(config).text, live);
    const deadlock = await window.poolsim.runGo(
      'package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\t<-ch\n\t<-ch\n}\n',
      live,
    );
    const spin =
      'package main\n\nfunc main() {\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()\n\tfor {\n\t}\n}\n';
    const started = performance.now();
    const running = window.poolsim.runGo(spin, { ...live, wallLimitMs: 60000 });
    // One at a time, as for pool runs.
    const second = await window.poolsim.runGo(spin, live).then(
      () => null,
      (e) => e.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    window.poolsim.cancel();
    const cancelled = await running;
    const cancelMs = performance.now() - started;
    const huge = await window.poolsim.runGo(
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(len(make([]int, 1<<40)))\n}\n',
      live,
    );
    delete huge.events;
    const after = await window.poolsim.runGo(
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("again")\n}\n',
      live,
    );
    delete pool.events;
    delete deadlock.events;
    delete cancelled.events;
    delete after.events;
    return { pool, deadlock, second, cancelled, cancelMs, after, huge };
  }, POOL);
  assert.equal(got.pool.driver, 'live');
  assert.equal(got.pool.exitCode, 0, got.pool.stderr);
  assert.equal(got.pool.stdout, 'sum: 420\n');
  // 20 jobs sleeping 5 ms, 3 at a time: at least 7 rounds of real time.
  assert.ok(got.pool.elapsedMs >= 35, `${got.pool.elapsedMs} ms`);
  assert.equal(got.deadlock.exitCode, 2);
  assert.equal(got.deadlock.limit, null);
  assert.match(
    got.deadlock.stderr,
    /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:\nmain\.main\(\.\.\.\)\n\tprog\.go:7\n/,
  );
  assert.match(got.second, /a run is already in progress/);
  assert.equal(got.cancelled.limit, 'cancelled');
  assert.equal(got.cancelled.exitCode, 2);
  assert.equal(got.cancelled.stderr, 'program stopped: cancelled\n');
  // Stopped at the cancel, not at its limit of a minute.
  assert.ok(got.cancelMs < 30000, `${got.cancelMs} ms`);
  assert.equal(got.huge.limit, 'memory');
  assert.equal(got.after.stdout, 'again\n');
  assert.deepEqual(problems, []);
  await page.close();
});
