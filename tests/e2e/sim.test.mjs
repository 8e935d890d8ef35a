// The simulated driver in the page: any scale, the same timeline and charts, the same log from
// both wasm builds, and the live driver's cap handing over to it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, ARTIFACTS, fingerprintInPage } from './helpers.mjs';

const { env, openPage, summaryOf, fill } = suite({ plain: true });

const GOLDEN = {
  driver: 'sim',
  workers: 7,
  jobs: 3000,
  jobsBuffer: 4,
  resultsBuffer: 2,
  arrival: { kind: 'poisson', ratePerSec: 2500 },
  service: { kind: 'lognormal', meanMs: 2.5, sigma: 0.9 },
  jobClass: 'cpu',
  cores: 3,
  policy: { kind: 'timeout', timeoutMs: 1.5 },
  collectorDelayMs: 0.05,
  seed: 2026,
};

test('both wasm builds write the golden log the native suite checks', async () => {
  const digests = [];
  for (const url of [env.server.url, env.plain.url]) {
    const { page } = await openPage(url);
    await page.evaluate((config) => window.poolsim.run(config), GOLDEN);
    digests.push(await page.evaluate(fingerprintInPage));
    await page.close();
  }
  // tests/common/mod.rs: GOLDEN_FINGERPRINT
  assert.deepEqual(digests, ['b4a9f521401f4966', 'b4a9f521401f4966']);
});

test('a thousand simulated workers run from the controls and replay like a live run', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await page.selectOption('.pf-config [name="arrival"]', 'poisson');
  await fill(page, { workers: 1000, jobs: 50000, ratePerSec: 40000, meanMs: 20 });
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['driver'], 'simulated (virtual time)');
  assert.equal(s['results collected'], '50000');
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.collector.collected === 50000);
  const drawn = await page.evaluate(() => window.poolsimPage.diagram.drawn);
  assert.equal(drawn.workers.length, 1000);
  assert.ok(drawn.workers.every((w) => w.state === 'exited'));
  // The goroutine menu stays a menu: the first workers, then a spread up to the last.
  const menu = await page.$$eval('.pf-goroutine option', (options) => options.map((o) => o.text));
  assert.ok(menu.length <= 70, `${menu.length} options`);
  assert.ok(menu.includes('worker 1') && menu.includes('worker 1000'), menu.join(', '));
  await page.click('[data-action="start"]');
  await page.evaluate(() => window.poolsim.timeline().seek(window.poolsim.timeline().endUs / 2000));
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.collector.collected < 50000);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-sim-1000-workers.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a simulated pool of 50,000 workers runs from the form as through the API', async () => {
  // Review frontend.md #5: the form always sent its own memory limit (64 MiB, where the engine
  // has none for the simulator), and 2 KiB per worker goroutine crossed it at t=0.
  const { page, problems } = await openPage();
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await fill(page, { workers: 50000, jobs: 100000 });
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['results collected'], '100000');
  const viaApi = await page.evaluate(() =>
    window.poolsim.run({ driver: 'sim', workers: 50000, jobs: 100000 }),
  );
  assert.deepEqual([viaApi.results, viaApi.deadlock], [100000, null]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('100,000 simulated workers: a frame draws a bounded grid and counts, not a list', async () => {
  const { page, problems } = await openPage();
  await page.evaluate(() =>
    window.poolsim.run({
      driver: 'sim',
      workers: 100000,
      jobs: 300000,
      arrival: { kind: 'poisson', ratePerSec: 1e6 },
      service: { kind: 'exponential', meanMs: 100 },
    }),
  );
  await page.waitForFunction(
    () => window.poolsimPage.diagram.drawn?.collector.collected === 300000,
  );
  // Mid-run, many workers busy: seek there and read what was drawn.
  await page.evaluate(() => window.poolsim.timeline().seek(window.poolsim.timeline().endUs / 2000));
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.collector.collected < 300000);
  const out = await page.evaluate(async () => {
    const { diagram, player } = window.poolsimPage;
    // The page's own cost per frame at this size, reported (not asserted).
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      player.step(i % 2 ? 1 : -1);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // Flows into a grid: one band per wire into and out of it, however many workers crossed.
    const flows = [];
    for (let w = 1; w <= 5000; w++) {
      flows.push({ kind: 5, worker: w, count: 3 }, { kind: 9, worker: w, count: 2 });
    }
    flows.push({ kind: 1, worker: 0, count: 40 }, { kind: 13, worker: 0, count: 30 });
    diagram.draw(window.poolsim.timeline().state, { tokens: [], flows });
    const flowsDrawn = diagram.flowsDrawn;
    return {
      flowsDrawn,
      cells: diagram.cellsDrawn,
      chips: [...document.querySelectorAll('.pf-code .chip')].map((c) => c.textContent),
      median: times[10],
    };
  });
  console.log(`100,000 workers: step + draw median ${out.median.toFixed(1)} ms (two frames)`);
  assert.ok(out.cells <= 4096, `${out.cells} cells`);
  assert.equal(out.flowsDrawn, 4, 'jobs → grid, grid → results, and the two end wires');
  assert.ok(
    out.chips.some((chip) => /^\d+ workers$/.test(chip)),
    `chips: ${out.chips.join(', ')}`,
  );
  assert.ok(!out.chips.some((chip) => /^w\d/.test(chip)), 'no worker listed by name');
  await page.screenshot({ path: `${ARTIFACTS}/e2e-sim-100000-workers.png` });
  assert.deepEqual(problems, []);
  await page.close();
});

test('live runs take as many workers as the simulator, and no more', async () => {
  const { page } = await openPage();
  const out = await page.evaluate(async () => ({
    many: await window.poolsim.run({ workers: 20000, jobs: 40000 }),
    over: await window.poolsim.run({ workers: 100001 }).catch((e) => e.message),
  }));
  assert.equal(out.many.driver, 'live');
  assert.equal(out.many.results, 40000);
  assert.equal(out.many.perWorker.length, 20000);
  assert.match(out.over, /^workers: must be at most 100000, got 100001/);
  await page.close();
});

test('bad simulator settings are named, then a good run works', async () => {
  const { page } = await openPage();
  const out = await page.evaluate(async () => {
    const fields = [];
    for (const config of [
      { driver: 'sim', service: { kind: 'pareto' } },
      { driver: 'sim', service: { kind: 'exponential', meanMs: 0 } },
      { driver: 'sim', arrival: { kind: 'poisson', ratePerSec: -5 } },
      { driver: 'sim', policy: { kind: 'timeout' } },
      { driver: 'sim', workers: 200000 },
      { driver: 'sim', work: { kind: 'gpu' } },
    ]) {
      try {
        await window.poolsim.run(config);
        fields.push('accepted');
      } catch (e) {
        fields.push(e.field);
      }
    }
    const good = await window.poolsim.run({ driver: 'sim', workers: 10000, jobs: 100000 });
    return { fields, good: good.results };
  });
  assert.deepEqual(out.fields, [
    'service.kind',
    'service.meanMs',
    'arrival.ratePerSec',
    'policy.timeoutMs',
    'workers',
    'work.kind',
  ]);
  assert.equal(out.good, 100000);
  await page.close();
});

test("a built-in mistake ends with Go's deadlock report and the program that causes it", async () => {
  const { page, problems } = await openPage();
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await page.selectOption('.pf-config [name="mistake"]', 'neverCloseJobs');
  await fill(page, { workers: 3, jobs: 40 });
  await page.click('.pf-start');
  await summaryOf(page);
  const crash = page.locator('.pf-crash');
  await crash.waitFor();
  const text = await crash.textContent();
  assert.match(text, /^fatal error: all goroutines are asleep - deadlock!/);
  assert.match(text, /goroutine 1 \[chan receive\]:\nmain\.main\(\): for r := range results/);
  assert.match(
    text,
    /goroutine 6 \[chan receive\]:\nmain\.worker\(1\): for j := range jobs\ncreated by main\.main in goroutine 1/,
  );
  assert.match(text, /\[sync\.WaitGroup\.Wait\]:\nmain\.main\.func3\(\): wg\.Wait\(\)/);
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.crashed === 'deadlock');
  assert.match(await page.textContent('.pf-code'), /close\(jobs\) forgotten/);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-deadlock.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('one goroutine per job climbs to an out-of-memory death while the pool stays flat', async () => {
  const { page, problems } = await openPage();
  const run = (mode) =>
    page.evaluate(
      (mode) =>
        window.poolsim.run({
          driver: 'sim',
          mode,
          workers: 8,
          jobs: 20000,
          arrival: { kind: 'poisson', ratePerSec: 2000 },
          service: { kind: 'constant', meanMs: 10 },
          jobClass: 'cpu',
          cores: 8,
          jobBytes: 4096,
          memoryLimitBytes: 16 * 2 ** 20,
        }),
      mode,
    );
  const pool = await run('pool');
  assert.equal(pool.deadlock, null);
  assert.equal(pool.results, 20000);
  assert.ok(pool.peakMemoryBytes < 2 * 2 ** 20, `pool peak ${pool.peakMemoryBytes}`);
  const unbounded = await run('unbounded');
  assert.equal(unbounded.deadlock.message, 'fatal error: runtime: out of memory');
  assert.ok(unbounded.peakMemoryBytes > 16 * 2 ** 20);
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.memoryKiB > 15 * 1024);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-unbounded-oom.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a sizing sweep: CPU-bound throughput flattens at the cores, I/O-bound keeps rising', async () => {
  const { page } = await openPage();
  const sweep = (jobClass) =>
    page.evaluate(
      (jobClass) =>
        window.poolsim.sweep(
          {
            driver: 'sim',
            jobs: 5000,
            service: { kind: 'exponential', meanMs: 5 },
            jobClass,
            cores: 4,
          },
          [1, 4, 16, 64],
        ),
      jobClass,
    );
  const cpu = await sweep('cpu');
  const io = await sweep('io');
  assert.deepEqual(
    cpu.map((p) => p.workers),
    [1, 4, 16, 64],
  );
  assert.ok(cpu[3].throughputPerSec < 1.05 * cpu[1].throughputPerSec);
  assert.ok(io[3].throughputPerSec > 10 * io[1].throughputPerSec);
  // From the controls, drawn as a chart.
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await page.click('.pf-sweep-button');
  await page.waitForSelector('.pf-sweep[data-ready="true"]');
  await page.screenshot({ path: `${ARTIFACTS}/e2e-sweep.png`, fullPage: true });
  await page.close();
});

test('charts are destroyed when replaced: four sweeps and two runs leave one of each set', async () => {
  const { page, problems } = await openPage();
  // The count the chart module keeps: the page's own instance of it (imported by its URL).
  const liveCharts = () =>
    page.evaluate(async () =>
      (await import(new URL('www/views/charts.js', document.baseURI).href)).liveCharts(),
    );
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  for (let run = 0; run < 2; run++) {
    await page.click('.pf-start');
    await summaryOf(page);
    await page.waitForFunction(() => document.querySelectorAll('.pf-charts .uplot').length === 4);
  }
  for (let sweep = 0; sweep < 4; sweep++) {
    await page.evaluate(() => (document.querySelector('.pf-sweep').dataset.ready = 'false'));
    await page.click('.pf-sweep-button');
    await page.waitForSelector('.pf-sweep[data-ready="true"]');
  }
  // The run's four charts and one sweep chart; a leak keeps every replaced one alive.
  assert.equal(await liveCharts(), 5);
  assert.deepEqual(problems, []);
  await page.close();
});
