// <pool-figure>: several on one page share the engine in turn; each draws its own run; a bad
// attribute is named; removing a running figure ends its run and the next figure runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, ARTIFACTS } from './helpers.mjs';

const { openPage } = suite();

test('three figures on one page: in turn, each drawing its own run, a bad one named', async () => {
  const { page, problems } = await openPage();
  const out = await page.evaluate(async () => {
    await import('./www/pool-figure.js');
    const events = [];
    const figure = (name, attributes) => {
      const el = document.createElement('pool-figure');
      for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
      for (const type of ['pool-start', 'pool-done', 'pool-error']) {
        el.addEventListener(type, (e) =>
          events.push(`${name} ${type}${type === 'pool-error' ? ` ${e.detail.field}` : ''}`),
        );
      }
      document.body.append(el);
      return el;
    };
    const a = figure('A', { workers: 3, jobs: 3000, 'jobs-buffer': 10 });
    const b = figure('B', { driver: 'sim', workers: 40, jobs: 800, seed: 5 });
    const c = figure('C', { workers: 0 });
    const runs = [a.run(), b.run(), c.run().catch((e) => e.field)];
    await new Promise((resolve) => setTimeout(resolve, 0));
    const waiting = b.querySelector('.pf-status').textContent;
    const [sa, sb, fc] = await Promise.all(runs);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {
      events,
      waiting,
      fc,
      a: {
        results: sa.results,
        sum: sa.sum,
        drawn: a.drawn?.collector.collected,
        workers: a.drawn?.workers.length,
      },
      b: {
        results: sb.results,
        driver: sb.driver,
        drawn: b.drawn?.collector.collected,
        workers: b.drawn?.workers.length,
      },
      cText: c.querySelector('.pf-outcome').textContent,
    };
  });
  assert.match(out.waiting, /^Waiting for the engine/);
  assert.equal(out.fc, 'workers');
  assert.match(out.cText, /^No run: workers: /);
  assert.deepEqual(out.a, { results: 3000, sum: 3000 * 3001, drawn: 3000, workers: 3 });
  assert.deepEqual(out.b, { results: 800, driver: 'sim', drawn: 800, workers: 40 });
  // C is refused at once (before the engine); A runs first, then B.
  assert.deepEqual(
    out.events.filter((e) => e.startsWith('A') || e.startsWith('B')),
    ['A pool-start', 'B pool-start', 'A pool-done', 'B pool-done'],
  );
  assert.ok(out.events.includes('C pool-error workers'));
  await page.screenshot({ path: `${ARTIFACTS}/e2e-figures.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('removing a running figure ends its run, and the next figure runs to its end', async () => {
  const { page, problems } = await openPage();
  const out = await page.evaluate(async () => {
    await import('./www/pool-figure.js');
    const make = (attributes) => {
      const el = document.createElement('pool-figure');
      for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
      document.body.append(el);
      return el;
    };
    // A long I/O-bound run, given as a scenario (a link's code) with a field on top.
    const { encodeScenario } = await import('./www/scenario.js');
    const scenario = await encodeScenario({
      workers: 2,
      jobs: 100000,
      work: { kind: 'io', waitMs: 20 },
    });
    const long = make({ scenario, workers: 4 });
    const next = make({ driver: 'sim', workers: 8, jobs: 300 });
    const first = long
      .run()
      .then((s) => ({ cancelled: s.cancelled, results: s.results, jobs: s.jobs }));
    const second = next.run();
    await new Promise((resolve) => setTimeout(resolve, 400));
    long.remove();
    const s = await second;
    return {
      first: await first,
      second: { results: s.results, cancelled: s.cancelled },
      config: await long.config(),
    };
  });
  assert.equal(out.first.cancelled, true);
  assert.ok(
    out.first.results < 100000 && out.first.results === out.first.jobs,
    JSON.stringify(out.first),
  );
  assert.deepEqual(out.second, { results: 300, cancelled: false });
  assert.deepEqual(out.config, { jobs: 100000, work: { kind: 'io', waitMs: 20 }, workers: 4 });
  assert.deepEqual(problems, []);
  await page.close();
});
