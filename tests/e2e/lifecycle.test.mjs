// The lifecycle contract of `window.poolsim` (README, "The JS API"), called the way a page with
// several figures will call it: nothing hangs, nothing is lost, any call sequence leaves the page
// able to run again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, plantedPanicInPage, assertPlantedPanic, PLANTING_WORKER } from './helpers.mjs';

// No Content-Security-Policy here: one test plants a faulty engine worker from a `blob:` URL,
// which the shipped policy (rightly) forbids.
const { openPage, env, fill } = suite({ csp: 'none' });

/** A live run that would take about ten minutes unless it is cancelled. */
const LONG = { workers: 2, jobs: 1000, work: { kind: 'io', waitMs: 1000 } };

test('cancel right after run, while the engine starts, still stops the run', async () => {
  const { page, problems } = await openPage();
  const s = await page.evaluate(async (config) => {
    const running = window.poolsim.run(config); // a fresh page: the engine is still starting
    window.poolsim.cancel();
    return running;
  }, LONG);
  assert.equal(s.driver, 'live');
  assert.equal(s.cancelled, true);
  assert.equal(s.results, s.jobs, 'every sent job came back');
  assert.ok(s.jobs < LONG.jobs);
  assert.deepEqual(problems, []);
  await page.close();
});

test('cancel while the engine restarts for a new worker count still stops the run', async () => {
  const { page } = await openPage();
  const s = await page.evaluate(async (config) => {
    await window.poolsim.run({ workers: 3, jobs: 100 });
    const running = window.poolsim.run({ ...config, workers: 5 }); // another size: a restart
    await new Promise((resolve) => setTimeout(resolve, 0));
    window.poolsim.cancel();
    return running;
  }, LONG);
  assert.equal(s.cancelled, true);
  assert.equal(s.config.workers, 5);
  assert.equal(s.results, s.jobs);
  await page.close();
});

test('pauseCollector right after run holds the collector from its first result', async () => {
  const { page } = await openPage();
  const seen = await page.evaluate(async () => {
    const running = window.poolsim.run({ workers: 2, jobs: 500, jobsBuffer: 1, resultsBuffer: 1 });
    window.poolsim.pauseCollector(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const held = window.poolsim.timeline().state;
    const during = { collected: held.collector.collected, producer: held.producer.state };
    window.poolsim.pauseCollector(false);
    return { during, summary: await running };
  });
  assert.equal(seen.during.collected, 0, 'nothing was collected while paused');
  assert.equal(seen.during.producer, 'blocked', 'backpressure reached the producer');
  assert.equal(seen.summary.results, 500);
  await page.close();
});

test('two runs in the same tick: the second rejects at once, the first settles', async () => {
  const { page } = await openPage();
  const outcome = await page.evaluate(async () => {
    const first = window.poolsim.run({ workers: 2, jobs: 300 });
    const second = window.poolsim.run({ workers: 2, jobs: 300 });
    const secondError = await second.then(
      () => null,
      (error) => error.message,
    );
    const sweep = await window.poolsim.sweep({ workers: 2 }).then(
      () => null,
      (error) => error.message,
    );
    const summary = await first;
    const next = await window.poolsim.run({ workers: 2, jobs: 10 });
    return { secondError, sweep, results: summary.results, next: next.results };
  });
  assert.match(outcome.secondError, /a run is already in progress/);
  assert.match(outcome.sweep, /a run is already in progress/);
  assert.equal(outcome.results, 300);
  assert.equal(outcome.next, 10);
  await page.close();
});

test('a rate too slow for the longest run is refused by name, and the page still runs', async () => {
  const { page, problems } = await openPage();
  const outcome = await page.evaluate(async () => {
    const refused = await window.poolsim
      .run({ arrival: { kind: 'constant', ratePerSec: 1e-20 } })
      .then(
        () => null,
        (error) => ({ field: error.field, message: error.message }),
      );
    const next = await window.poolsim.run({ workers: 2, jobs: 100 });
    return { refused, next: next.results };
  });
  assert.equal(outcome.refused.field, 'arrival.ratePerSec');
  assert.match(outcome.refused.message, /longest run is 100 years/);
  assert.equal(outcome.next, 100);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an engine worker that dies fails its run saying so, and the next run works', async () => {
  const { page } = await openPage();
  const outcome = await page.evaluate(async () => {
    const { Poolsim } = await import('./www/engine/poolsim.js');
    // The real engine, in a worker that throws (dies) as soon as it is given a 13-job run.
    const real = new URL('./www/engine/engine-worker.js', location.href).href;
    const code =
      `import '${real}';\n` +
      `self.addEventListener('message', ({ data }) => {\n` +
      `  if (data.type === 'run' && data.config.jobs === 13) setTimeout(() => { throw new Error('boom'); }, 200);\n` +
      `});\n`;
    const workerUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const poolsim = new Poolsim({ workerUrl });
    const died = await poolsim
      .run({ workers: 2, jobs: 13, work: { kind: 'io', waitMs: 60000 } })
      .then(
        () => null,
        (error) => error.message,
      );
    const next = await poolsim.run({ workers: 2, jobs: 100 });
    return { died, running: poolsim.running, next: next.results };
  });
  assert.match(outcome.died, /the engine worker died \(.*boom.*\)/);
  assert.equal(outcome.running, false);
  assert.equal(outcome.next, 100);
  await page.close();
});

test('a goroutine that panics ends its run with the panic, and the next run works', async () => {
  const { page, problems } = await openPage();
  assertPlantedPanic(await page.evaluate(plantedPanicInPage, PLANTING_WORKER));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a figure whose engine dies mid-run stops following it, and runs again', async () => {
  // Review frontend.md #1: the figure heard the engine's death only as a refused run, and its
  // player went on following a live run that would never end, redrawing every frame.
  const page = await env.browser.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // The page's first engine worker is one that panics in its 1000-job run.
  await page.addInitScript((source) => {
    const Real = window.Worker;
    let planted = false;
    window.Worker = class extends Real {
      constructor(url, options) {
        if (!planted && String(url).includes('/www/engine/engine-worker.js')) {
          planted = true;
          const code = source
            .replace('REAL', new URL(url, location.href).href)
            .replace('PKG', new URL('../../pkg/poolsim.js', new URL(url, location.href)).href);
          url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
        }
        super(url, options);
      }
    };
  }, PLANTING_WORKER);
  await page.goto(env.server.url);
  await page.waitForFunction(() => window.poolsim !== undefined);
  await fill(page, { workers: 3, jobs: 1000, gomaxprocs: 2 });
  await page.selectOption('.pf-config [name="kind"]', 'io');
  await page.evaluate(() => {
    window.figureSaid = [];
    const figure = document.querySelector('pool-figure');
    figure.addEventListener('pool-done', (e) => window.figureSaid.push(e.detail.results));
    figure.addEventListener('pool-error', (e) => window.figureSaid.push(e.detail.message));
  });
  await page.click('.pf-start');
  await page.waitForFunction(() => window.figureSaid.length === 1);
  const died = await page.evaluate(() => {
    const figure = document.querySelector('pool-figure');
    return {
      said: window.figureSaid[0],
      live: figure.player.live,
      playing: figure.player.playing,
      startDisabled: figure.querySelector('.pf-start').disabled,
    };
  });
  assert.match(died.said, /^the engine worker died \(panic: planted fault/);
  assert.deepEqual([died.live, died.playing, died.startDisabled], [false, false, false]);
  await fill(page, { jobs: 200 });
  await page.click('.pf-start');
  await page.waitForFunction(() => window.figureSaid.length === 2);
  assert.equal(await page.evaluate(() => window.figureSaid[1]), 200);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a figure whose fields include the driver runs its own settings', async () => {
  // Review frontend.md #6: filling a partial form with a driver field walked the whole schema,
  // threw on the first field the form lacks, and the figure ran the schema's defaults instead.
  const { page, problems } = await openPage();
  const ran = await page.evaluate(async () => {
    const figure = document.createElement('pool-figure');
    for (const [name, value] of Object.entries({
      driver: 'sim',
      workers: '40',
      jobs: '400',
      fields: 'driver workers',
    }))
      figure.setAttribute(name, value);
    document.body.append(figure);
    const shown = () => {
      const form = figure.querySelector('.pf-fields');
      return { driver: form.elements.driver.value, workers: form.elements.workers.value };
    };
    const summary = await figure.run();
    const before = shown();
    figure.querySelector('.pf-fields [name="workers"]').value = '7';
    const again = await figure.run();
    figure.remove();
    return { before, workers: [summary.config.workers, again.config.workers] };
  });
  assert.deepEqual(ran, { before: { driver: 'sim', workers: '40' }, workers: [40, 7] });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a figure's cancel while its config resolves stops that run, and only that run", async () => {
  // Review frontend.md #2: the queue counted the request as running while its config was still
  // being worked out, and a cancel then went to the engine, which had nothing of the figure's
  // to stop: the run started anyway.
  const { page, problems } = await openPage();
  const out = await page.evaluate(async () => {
    const figure = document.createElement('pool-figure');
    figure.setAttribute('driver', 'sim');
    figure.setAttribute('jobs', '500');
    document.body.append(figure);
    const started = [];
    const unsubscribe = window.poolsim.subscribe((m) => m.type === 'started' && started.push(m));
    const running = figure.run();
    figure.cancel();
    const said = await running.then(
      (summary) => `ran: ${summary.results} results`,
      (error) => error.name,
    );
    // The figure's next run is its own again.
    const next = await figure.run();
    unsubscribe();
    figure.remove();
    return { said, started: started.length, next: next.results };
  });
  assert.deepEqual(out, { said: 'AbortError', started: 1, next: 500 });
  assert.deepEqual(problems, []);
  await page.close();
});

test("Run and Cancel follow the figure's requests, not each call", async () => {
  // Review frontend.md #3: each run's end enabled Run and disabled Cancel, even while the same
  // figure's next run was going.
  const { page, problems } = await openPage();
  const out = await page.evaluate(async () => {
    const figure = document.createElement('pool-figure');
    // Live, and long: 10 million jobs take a second or more.
    for (const [name, value] of Object.entries({ workers: '2', jobs: '10000000' }))
      figure.setAttribute(name, value);
    document.body.append(figure);
    const buttons = () => ({
      run: figure.querySelector('.pf-run').disabled,
      cancel: figure.querySelector('.pf-cancel').disabled,
    });
    const first = figure.run().catch((e) => e.name);
    const second = figure.run().catch((e) => e.name);
    await new Promise((r) => setTimeout(r, 300));
    // Cancelling the running one: the waiting one starts.
    window.poolsim.cancel();
    await first;
    await new Promise((r) => setTimeout(r, 300));
    const whileSecond = buttons();
    figure.cancel();
    await second;
    const after = buttons();
    figure.remove();
    return { whileSecond, after };
  });
  assert.deepEqual(out, {
    whileSecond: { run: true, cancel: false },
    after: { run: false, cancel: true },
  });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a figure moved in the page keeps its run; one removed and put back starts at rest', async () => {
  // Review frontend.md #4: a move (a removal and an insertion in the same task) cancelled the
  // run, and a figure put back showed the last run's counts on its fresh pool at rest.
  const { page, problems } = await openPage();
  const out = await page.evaluate(async () => {
    const figure = document.createElement('pool-figure');
    for (const [name, value] of Object.entries({ workers: '2', jobs: '3000000' }))
      figure.setAttribute(name, value);
    const [here, there] = [document.createElement('div'), document.createElement('div')];
    document.body.append(here, there);
    here.append(figure);
    const running = figure.run();
    await new Promise((r) => setTimeout(r, 100));
    there.append(figure);
    const moved = await running;
    const sim = document.createElement('pool-figure');
    for (const [name, value] of Object.entries({ driver: 'sim', workers: '3', jobs: '500' }))
      sim.setAttribute(name, value);
    here.append(sim);
    await sim.run();
    sim.remove();
    await new Promise((r) => setTimeout(r, 50));
    there.append(sim);
    sim.scrollIntoView(); // off screen, a figure draws nothing
    const start = performance.now();
    while (!sim.drawn && performance.now() - start < 5000) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    const atRest = sim.drawn?.collector.collected;
    here.remove();
    there.remove();
    return { moved: [moved.cancelled, moved.results], atRest };
  });
  assert.deepEqual(out, { moved: [false, 3000000], atRest: 0 });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the charts' worker is sent each word of a live run's log once", async () => {
  // Review frontend.md #9: every chart update copied the whole log so far to the metrics
  // worker, so a long run's updates grew with it (and went on while the figure was off screen).
  const page = await env.browser.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => {
    window.chartWords = [];
    const Real = window.Worker;
    window.Worker = class extends Real {
      constructor(url, options) {
        super(url, options);
        if (!String(url).includes('metrics-worker')) return;
        const post = this.postMessage.bind(this);
        this.postMessage = (message, transfer) => {
          window.chartWords.push(message.words.length);
          post(message, transfer);
        };
      }
    };
  });
  await page.goto(env.server.url);
  await page.waitForFunction(() => window.poolsim !== undefined);
  await fill(page, { workers: 3, jobs: 450, gomaxprocs: 2 });
  await page.selectOption('.pf-config [name="kind"]', 'io');
  await fill(page, { waitMs: 30 });
  await page.evaluate(() => document.querySelector('pool-figure .pf-charts')?.scrollIntoView());
  await page.evaluate(() =>
    window.poolsimPage.figure.addEventListener('pool-done', () => (window.ranToEnd = true)),
  );
  await page.click('.pf-start');
  await page.waitForFunction(() => window.ranToEnd === true, null, { timeout: 60_000 });
  // The update at the end of the run brings the last words.
  await page.waitForFunction(
    () => window.chartWords.reduce((a, b) => a + b, 0) >= window.poolsim.lastRun().words.length,
  );
  const out = await page.evaluate(() => ({
    posts: window.chartWords,
    log: window.poolsim.lastRun().words.length,
  }));
  assert.ok(out.posts.length >= 3, `updates: ${out.posts}`);
  assert.equal(
    out.posts.reduce((a, b) => a + b, 0),
    out.log,
    `words sent per update: ${out.posts}`,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('soak: 200 start/cancel cycles with changing worker counts, then an exact run', async () => {
  const { page, problems } = await openPage();
  const outcome = await page.evaluate(async () => {
    let seed = 12345;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const settled = [];
    for (let cycle = 0; cycle < 200; cycle++) {
      const workers = 1 + Math.floor(random() * 4);
      const running = window.poolsim.run({
        workers,
        jobs: 100000,
        jobsBuffer: Math.floor(random() * 3),
        work: { kind: 'io', waitMs: 5 },
      });
      await new Promise((resolve) => setTimeout(resolve, random() * 30));
      window.poolsim.cancel();
      const s = await running;
      settled.push(s.cancelled && s.results === s.jobs);
    }
    const exact = await window.poolsim.run({ workers: 3, jobs: 20000 });
    return { settled, exact };
  });
  assert.equal(outcome.settled.length, 200);
  assert.ok(
    outcome.settled.every(Boolean),
    'every cycle was cancelled with each sent job accounted for',
  );
  assert.equal(outcome.exact.results, 20000);
  assert.equal(outcome.exact.sum, 20000 * 20001);
  assert.equal(outcome.exact.duplicates, 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the page's memory does not grow with the number of runs", async () => {
  const { page } = await openPage();
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const runs = (n) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) await window.poolsim.run({ workers: 3, jobs: 5000 });
    }, n);
  await runs(10);
  const after10 = await heap();
  await runs(40);
  const after50 = await heap();
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  console.log(`page heap: ${mib(after10)} MiB after 10 runs, ${mib(after50)} MiB after 50`);
  // One run's log is kept (the last); 40 more runs must not add 40 more.
  assert.ok(after50 < after10 * 1.25 + 2 ** 20, `${mib(after10)} → ${mib(after50)} MiB`);
  await page.close();
});
