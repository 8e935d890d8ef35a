// Goroutines at Go's scale, live, in Chromium and Firefox: 100,000 workers waiting on timers,
// and the unbounded program (a goroutine per job) dying of Go's out-of-memory error at its
// limit — with the page alive and the next run exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startServers } from './helpers.mjs';

const servers = startServers({ server: {} });

/** 200 jobs/ms arrive, each waits 100 ms: 20,000 goroutines at once want far past 8 MiB. */
const OVERLOAD = {
  mode: 'unbounded',
  jobs: 100_000,
  work: { kind: 'io', waitMs: 100 },
  arrival: { kind: 'constant', ratePerSec: 200_000 },
  jobBytes: 4096,
  memoryLimitBytes: 8 * 2 ** 20,
  jobsBuffer: 0,
  resultsBuffer: 100,
};

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: 100,000 live goroutines, then the unbounded program dies of out-of-memory and the page lives on`, async () => {
    const { page, close } = await freshPage(kind);
    try {
      await page.goto(servers.server.url);
      await page.waitForFunction(() => window.poolsim !== undefined);
      const out = {};
      out.many = await page.evaluate(() =>
        window.poolsim.run({
          workers: 100_000,
          jobs: 200_000,
          work: { kind: 'io', waitMs: 10 },
          traceLimit: 0,
        }),
      );
      out.dead = await page.evaluate((overload) => window.poolsim.run(overload), OVERLOAD);
      // The playground follows the engine: it shows Go's message as Go prints it.
      await page.waitForFunction(() => !document.querySelector('.pf-crash').hidden);
      const shown = await page.evaluate(() => document.querySelector('.pf-crash').textContent);
      assert.match(shown, /^fatal error: runtime: out of memory\n\nWhy: \d+ goroutines were alive/);
      out.after = await page.evaluate(() => window.poolsim.run({ workers: 3, jobs: 1000 }));
      assert.equal(out.many.driver, 'live');
      assert.equal(out.many.results, 200_000);
      assert.equal(out.many.peakGoroutines, 100_000);
      assert.equal(out.many.perWorker.length, 100_000);
      // A parked receiver is handed the next job in turn (recvq is FIFO): each got one.
      assert.ok(
        out.many.perWorker.every((n) => n >= 1),
        'every goroutine took a job',
      );
      assert.equal(
        out.many.perWorker.reduce((a, b) => a + b),
        200_000,
      );

      const { dead } = out;
      assert.equal(dead.driver, 'live');
      assert.equal(dead.deadlock?.message, 'fatal error: runtime: out of memory');
      assert.ok(dead.jobs > 1000 && dead.jobs < 100_000, `${dead.jobs} sent`);
      assert.equal(dead.results, dead.jobs, 'every goroutine started delivered');
      assert.ok(dead.peakMemoryBytes <= 8 * 2 ** 20, `${dead.peakMemoryBytes}`);
      assert.ok(dead.peakMemoryBytes > 7 * 2 ** 20, `${dead.peakMemoryBytes}`);
      // The instance's real memory grew to hold them (it never shrinks).
      assert.ok(dead.wasmMemoryBytes > dead.peakMemoryBytes, `${dead.wasmMemoryBytes}`);

      assert.equal(out.after.results, 1000, 'the next run is exact');
      assert.equal(out.after.sum, 1000 * 1001);
    } finally {
      await close();
    }
  });
}
