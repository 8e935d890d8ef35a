// One engine per page, shared by figures: requests take turns in order, each told its place,
// and a figure's cancel touches only its own request. In Chromium and Firefox.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startServers } from './helpers.mjs';

const servers = startServers({ server: {} });

async function open(kind) {
  const opened = await freshPage(kind);
  await opened.page.goto(servers.server.url);
  return opened;
}

/** Three figures share the page's engine; A runs long, B and C wait; C and then A cancel. */
async function threeFigures() {
  const { EngineQueue } = await import('./www/engine/engine-queue.js');
  const queue = new EngineQueue(window.poolsim);
  const [a, b, c] = [{ name: 'A' }, { name: 'B' }, { name: 'C' }];
  const places = { B: [], C: [] };
  const order = [];
  const settle = (figure, promise) =>
    promise.then(
      (s) => (
        order.push(figure.name),
        { cancelled: s.cancelled, results: s.results, jobs: s.jobs, driver: s.driver }
      ),
      (e) => (order.push(figure.name), { error: e.name, message: e.message }),
    );
  const longRun = { workers: 4, jobs: 100000, work: { kind: 'io', waitMs: 20 } };
  const ra = settle(a, queue.run(a, longRun));
  const rb = settle(
    b,
    queue.run(b, { driver: 'sim', workers: 3, jobs: 500 }, { onWaiting: (p) => places.B.push(p) }),
  );
  const rc = settle(
    c,
    queue.run(c, { driver: 'sim', workers: 2, jobs: 100 }, { onWaiting: (p) => places.C.push(p) }),
  );
  const states = [queue.stateOf(a), queue.stateOf(b), queue.stateOf(c)];
  queue.cancel({ name: 'nobody' }); // a stranger's cancel touches no one
  queue.cancel(c); // C gives up while waiting: B moves up
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stillRunning = queue.stateOf(a);
  queue.cancel(a); // A stops; B, which never asked to, runs to its end
  const results = { A: await ra, B: await rb, C: await rc };
  return { states, stillRunning, places, order, results, after: queue.stateOf(b) };
}

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: figures share one engine in turn, and a cancel touches only its own figure`, async () => {
    const { page, close } = await open(kind);
    try {
      await page.waitForFunction(() => window.poolsim !== undefined);
      const out = await page.evaluate(threeFigures);
      if (out.results.A.error) throw new Error(`run A failed: ${out.results.A.message}`);
      assert.deepEqual(out.states, ['running', 'waiting', 'waiting']);
      assert.equal(out.stillRunning, 'running', "C's cancel did not stop A");
      assert.deepEqual(out.places.B, [1, 1, 1], 'B was next all along');
      assert.deepEqual(out.places.C, [2], 'C was second until it left');
      assert.equal(out.results.C.error, 'AbortError');
      assert.equal(out.results.A.cancelled, true);
      assert.ok(out.results.A.results < 100000);
      assert.deepEqual(out.results.B, {
        cancelled: false,
        results: 500,
        jobs: 500,
        driver: 'sim',
      });
      assert.deepEqual(out.order, ['C', 'A', 'B']);
      assert.equal(out.after, null);
    } finally {
      await close();
    }
  });
}

test('two copies of the figure module on one page share one engine and one queue', async () => {
  const { page, close } = await open('chromium');
  try {
    await page.waitForFunction(() => window.poolsim !== undefined);
    const same = await page.evaluate(async () => {
      // A second copy of the module (another URL: a bundle, a cache-busting query).
      const one = (await import('./www/engine/page-engine.js')).pageEngine();
      const two = (await import('./www/engine/page-engine.js?copy=2')).pageEngine();
      return { poolsim: one.poolsim === two.poolsim, queue: one.queue === two.queue };
    });
    assert.deepEqual(same, { poolsim: true, queue: true });
  } finally {
    await close();
  }
});
