// The built page as a user meets it, in Debian's Chromium: isolated, the seed's pool runs live on
// several threads with matching counts, bad input is named, cancel works, no isolation is honest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, ARTIFACTS } from './helpers.mjs';

const { env, openPage, summaryOf, fill } = suite({ plain: true });

test('the page is cross-origin isolated and says so', async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await page.waitForFunction(() => document.getElementById('status').dataset.isolated === 'true');
  assert.match(await page.textContent('#status'), /Cross-origin isolated/);
  // What runs on the threads: goroutines on GOMAXPROCS of them, not a thread per worker.
  const foot = await page.textContent('footer');
  assert.match(foot, /every worker is a goroutine/);
  assert.match(foot, /GOMAXPROCS Web Worker threads/);
  assert.doesNotMatch(foot, /real thread/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('before any run the pool is drawn at rest with its Go code, following the settings', async () => {
  const { page, problems } = await openPage();
  const atRest = (workers) =>
    page.waitForFunction((n) => {
      const { diagram } = window.poolsimPage;
      const workerBoxes = diagram.scene.boxes.filter((b) => b.title.startsWith('worker '));
      const code = document.querySelector('.pf-code').textContent;
      return (
        workerBoxes.length === n &&
        workerBoxes.every((b) => b.detail.startsWith('starting')) &&
        code.includes(`for w := 1; w <= ${n}; w++`)
      );
    }, workers);
  await atRest(3);
  await fill(page, { workers: 5 });
  await atRest(5);
  assert.equal(await page.evaluate(() => window.poolsimPage.figure.timeline), null);
  // The engine worker checked each config: the page loaded no second engine of its own.
  const engines = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.endsWith('.wasm') || /\/pkg(-st)?\/poolsim\.js$/.test(path)),
  );
  assert.deepEqual(engines, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the seed's pool runs from the controls with exactly one result per job", async () => {
  const { page, problems } = await openPage();
  await fill(page, { workers: 3, jobs: 5000, jobsBuffer: 100, resultsBuffer: 100, gomaxprocs: 2 });
  await page.selectOption('.pf-config [name="kind"]', 'double');
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['jobs sent'], '5000');
  assert.equal(s['results received'], '5000');
  assert.equal(s['sum of results'], String(5000 * 5001));
  assert.equal(s['errors'], '0');
  assert.equal(s['duplicates'], '0');
  assert.ok(Number(s['max len(jobs)']) <= 100);
  assert.ok(Number(s['max len(results)']) <= 100);
  assert.equal(s['GOMAXPROCS'], '2');
  // The seed's pipeline hands values on one P (another would only add trips between cores).
  assert.ok([1, 2].includes(Number(s['Ps that ran jobs'])), `Ps: ${s['Ps that ran jobs']}`);
  const perWorker = s['jobs per worker'].split(' · ').map(Number);
  assert.equal(perWorker.length, 3);
  assert.equal(
    perWorker.reduce((a, b) => a + b),
    5000,
  );
  // The diagram, folded from the streamed log, ends where the summary does.
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.collector.collected === 5000);
  const drawn = await page.evaluate(() => window.poolsimPage.diagram.drawn);
  assert.equal(drawn.waitGroup, 0);
  assert.equal(drawn.jobs.closed, true);
  assert.equal(drawn.results.closed, true);
  assert.equal(drawn.producer.sent, 5000);
  assert.deepEqual(
    drawn.workers.map((w) => w.state),
    ['exited', 'exited', 'exited'],
  );
  assert.match(await page.textContent('#status'), /2 threads \(Ms\) started/);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-seed.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad field is shown beside it, and the next good run works', async () => {
  const { page } = await openPage();
  await fill(page, { workers: 0 });
  await page.click('.pf-start');
  const error = page.locator('output[data-error-for="workers"]');
  await error.waitFor();
  assert.match(
    await error.textContent(),
    /^workers: must be a whole number from 1 to 100000, got 0/,
  );
  // The error describes the field; it is not part of the field's name.
  const named = await page.$eval('.pf-config [name="workers"]', (input) => ({
    inLabel: [...input.labels].some((label) => label.querySelector('output.error')),
    described: document.getElementById(input.getAttribute('aria-describedby'))?.textContent,
    invalid: input.getAttribute('aria-invalid'),
  }));
  assert.equal(named.inLabel, false);
  assert.match(named.described ?? '', /^workers: must be a whole number/);
  assert.equal(named.invalid, 'true');
  // The summary says the run was refused, not "Running…" forever.
  assert.match(await page.textContent('.pf-summary'), /^No run: workers: /);
  await fill(page, { workers: 2, jobs: 300, resultsBuffer: -4 });
  await page.click('.pf-start');
  await page.locator('output[data-error-for="resultsBuffer"]').waitFor();
  assert.equal(await error.textContent(), '');
  await page.screenshot({ path: `${ARTIFACTS}/e2e-bad-input.png` });
  await fill(page, { resultsBuffer: 10 });
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['results received'], '300');
  await page.close();
});

test('the API rejects bad configs with the field named, then runs a good one', async () => {
  const { page } = await openPage();
  const outcomes = await page.evaluate(async () => {
    const bad = [
      { workers: -1 },
      { workers: 2.5 },
      { workers: 'three' },
      { workers: 100001, driver: 'live' },
      { jobs: -3 },
      { jobs: 1e9 },
      { jobsBuffer: -1 },
      { resultsBuffer: 1e10 },
      { work: { kind: 'gpu' } },
      { failureRate: 2 },
      { colour: 'blue' },
    ];
    const out = [];
    for (const config of bad) {
      try {
        await window.poolsim.run(config);
        out.push({ config, accepted: true });
      } catch (e) {
        out.push({ message: e.message, field: e.field, isError: e instanceof Error });
      }
    }
    // CPU work yields every few microseconds, so a second P takes some: two threads run it.
    const good = await window.poolsim.run({
      workers: 4,
      jobs: 1000,
      gomaxprocs: 2,
      work: { kind: 'cpu', iterations: 100000 },
    });
    return { out, good };
  });
  const fields = outcomes.out.map((o) => o.field);
  assert.deepEqual(fields, [
    'workers',
    'workers',
    'workers',
    'workers',
    'jobs',
    'jobs',
    'jobsBuffer',
    'resultsBuffer',
    'work.kind',
    'failureRate',
    'colour',
  ]);
  for (const o of outcomes.out) {
    assert.equal(o.isError, true);
    assert.ok(o.message.startsWith(`${o.field}:`), o.message);
  }
  assert.equal(outcomes.good.results, 1000);
  assert.equal(outcomes.good.driver, 'live');
  assert.equal(outcomes.good.threads, 2, 'both Ps ran jobs');
  // The playground follows the engine: its G/M/P view shows both Ps and who ran on them.
  await page.waitForFunction(() => document.querySelector('.pf-gmp')?.dataset.procs === '2');
  const gmp = await page.$$eval('.pf-gmp li', (items) => items.map((li) => li.textContent));
  assert.equal(gmp.length, 2);
  gmp.forEach((line, i) =>
    assert.match(
      line,
      new RegExp(`^P${i} · (worker \\d+|producer|closer|collector \\(main\\)) · [\\d,]+ events$`),
    ),
  );
  await page.close();
});

test('events arrive in batches, not one message per job', async () => {
  const { page } = await openPage();
  const seen = await page.evaluate(async () => {
    let messages = 0;
    const off = window.poolsim.subscribe((m) => {
      if (m.type === 'events') messages += 1;
    });
    const summary = await window.poolsim.run({ workers: 4, jobs: 20000 });
    off();
    const { words } = window.poolsim.lastRun();
    let sent = 0;
    for (let at = 0; at < words.length; at += 5) if ((words[at + 2] & 0xff) === 1) sent += 1;
    return { messages, events: words.length / 5, sent, summary };
  });
  assert.equal(seen.summary.results, 20000);
  assert.equal(seen.sent, 20000, 'every JobSent event reached the page');
  assert.ok(seen.events >= 20000 * 5, `events: ${seen.events}`);
  assert.ok(
    seen.messages < seen.events / 100,
    `${seen.messages} messages for ${seen.events} events`,
  );
  await page.close();
});

test('cancel stops a long run and every sent job is accounted for', async () => {
  const { page } = await openPage();
  const s = await page.evaluate(async () => {
    const running = window.poolsim.run({
      workers: 4,
      jobs: 100000,
      work: { kind: 'io', waitMs: 20 },
    });
    await new Promise((r) => setTimeout(r, 400));
    window.poolsim.cancel();
    return running;
  });
  assert.equal(s.cancelled, true);
  assert.ok(s.jobs < 100000);
  assert.equal(s.results, s.jobs);
  await page.close();
});

test('without isolation the page says so and runs the simulated driver instead', async () => {
  const { page, problems } = await openPage(env.plain.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  await page.waitForFunction(() => document.getElementById('status').dataset.isolated === 'false');
  assert.match(await page.textContent('#status'), /live threads are off here/i);
  assert.equal(await page.inputValue('.pf-config [name="driver"]'), 'sim');
  // The seed's scenario from the controls, simulated.
  await fill(page, { workers: 3, jobs: 1000 });
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['driver'], 'simulated (virtual time)');
  assert.equal(s['results collected'], '1000');
  // A live config through the API falls back, and says why.
  const live = await page.evaluate(() => window.poolsim.run({ workers: 2, jobs: 50 }));
  assert.equal(live.driver, 'sim');
  assert.equal(live.results, 50);
  assert.match(live.note, /not cross-origin isolated/);
  await page.waitForFunction(() => !document.querySelector('.pf-note').hidden);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-not-isolated.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a chart library that throws while loading costs the charts, not the page', async () => {
  const page = await env.browser.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // What uPlot does in WebKit when the browser's language is `C`.
  await page.route('**/vendor/uPlot.esm.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'throw new RangeError("invalid language tag: C"); export default null;',
    }),
  );
  await page.goto(env.server.url);
  await page.waitForSelector('.pf-charts[data-off="true"]');
  assert.match(await page.textContent('.pf-charts'), /Charts are off: .*invalid language tag: C/);
  await page.evaluate(() => (window.stillHere = true));
  await fill(page, { workers: 2, jobs: 300 });
  await page.click('.pf-start');
  const s = await summaryOf(page);
  assert.equal(s['sum of results'], String(300 * 301));
  // A native submit would have reloaded the page with the form in the query string.
  assert.equal(await page.evaluate(() => window.stillHere), true);
  assert.equal(new URL(page.url()).search, '');
  await page.click('.pf-sweep-button');
  await page.waitForSelector('.pf-sweep[data-ready="true"]');
  const rows = await page.$$eval('.pf-sweep tbody tr', (trs) =>
    trs.map((tr) => tr.cells[0].textContent),
  );
  assert.equal(rows[0], '1');
  assert.ok(rows.length > 3, `sweep rows: ${rows}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a 320 px phone: nothing is wider than the screen, after a run and a sweep', async () => {
  const { page, problems } = await openPage();
  await page.setViewportSize({ width: 320, height: 800 });
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await page.click('.pf-start');
  await summaryOf(page);
  await page.click('.pf-sweep-button');
  await page.waitForSelector('.pf-sweep[data-ready="true"]');
  // The charts draw when their metrics come back from the metrics worker.
  await page.waitForFunction(() => document.querySelectorAll('.pf-charts .uplot').length > 0);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `the page is ${scrollWidth} px wide at ${clientWidth}`);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-phone-320.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the charts follow their panel when the window narrows', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await page.click('.pf-start');
  await summaryOf(page);
  await page.waitForFunction(() => document.querySelectorAll('.pf-charts .uplot').length === 4);
  const widths = () =>
    page.evaluate(() => ({
      panel: document.querySelector('.pf-charts').clientWidth,
      charts: [...document.querySelectorAll('.pf-charts .uplot canvas')].map((c) => c.clientWidth),
    }));
  const wide = await widths();
  await page.setViewportSize({ width: 600, height: 860 });
  await page.waitForFunction(() => {
    const panel = document.querySelector('.pf-charts').clientWidth;
    return [...document.querySelectorAll('.pf-charts .uplot')].every((u) => u.offsetWidth <= panel);
  });
  const narrow = await widths();
  assert.ok(narrow.panel < wide.panel, `panel ${wide.panel} → ${narrow.panel}`);
  for (const width of narrow.charts) {
    assert.ok(
      width <= narrow.panel && width >= narrow.panel - 40,
      `a chart ${width} px wide in ${narrow.panel}`,
    );
  }
  assert.deepEqual(problems, []);
  await page.close();
});
