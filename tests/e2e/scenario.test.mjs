// Scenario links: every experiment has a link that reopens it exactly, checked by the engine's
// own validation; a tampered link is refused by field and runs nothing; the playground's address
// follows its runs, Back and Forward included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, ARTIFACTS, fingerprintInPage } from './helpers.mjs';

const { env, openPage, summaryOf, fill } = suite();

test('50 random valid configs round-trip through a link; simulated ones rerun to the same log', async () => {
  const { page, problems } = await openPage();
  const configs = await page.evaluate(() => {
    let seed = 20261128;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = (list) => list[Math.floor(random() * list.length)];
    const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
    const configs = [];
    for (let i = 0; i < 50; i++) {
      const common = {
        workers: int(1, 16),
        jobs: int(0, 400),
        jobsBuffer: int(0, 50),
        resultsBuffer: int(0, 50),
      };
      if (i % 2 === 0) {
        const arrival = pick([
          { kind: 'closed' },
          { kind: 'constant', ratePerSec: int(100, 100000) },
          { kind: 'poisson', ratePerSec: int(100, 100000) },
          { kind: 'burst', size: int(1, 20), everyMs: int(1, 50) },
        ]);
        configs.push({
          driver: 'sim',
          ...common,
          arrival,
          service: pick([
            { kind: 'constant', meanMs: int(1, 20) },
            { kind: 'exponential', meanMs: int(1, 20) / 4 },
            { kind: 'lognormal', meanMs: int(1, 20), sigma: int(1, 15) / 10 },
          ]),
          jobClass: pick(['io', 'cpu']),
          cores: int(1, 8),
          policy: pick([{ kind: 'block' }, { kind: 'drop' }, { kind: 'timeout', timeoutMs: 2 }]),
          seed: int(1, 1e6),
        });
      } else {
        configs.push({
          ...common,
          ...(random() < 0.5 ? { driver: 'live' } : {}),
          work: pick([
            { kind: 'double' },
            { kind: 'cpu', iterations: int(0, 5000) },
            { kind: 'io', waitMs: int(0, 3) },
          ]),
          failureRate: pick([0, 0.1, 0.5]),
        });
      }
    }
    return configs;
  });
  const out = [];
  for (const config of configs) {
    const r = await page.evaluate(async (config) => {
      const { encodeScenario, decodeScenario, normalizeScenario } =
        await import('./www/engine/scenario.js');
      const link = await encodeScenario(config);
      const back = await decodeScenario(link);
      const same =
        JSON.stringify(await normalizeScenario(back)) ===
        JSON.stringify(await normalizeScenario(config));
      return { link, back, same, driver: back.driver ?? null, given: config.driver ?? null };
    }, config);
    if (config.driver === 'sim') {
      const a = await page.evaluate((c) => window.poolsim.run(c), config);
      const first = await page.evaluate(fingerprintInPage);
      const b = await page.evaluate((c) => window.poolsim.run(c), r.back);
      const second = await page.evaluate(fingerprintInPage);
      r.logs = [first, second];
      r.summaries = JSON.stringify(a) === JSON.stringify(b);
    }
    out.push(r);
  }
  assert.equal(out.length, 50);
  for (const r of out) {
    assert.ok(r.same, `round trip changed the config: ${r.link}`);
    assert.equal(r.driver, r.given, 'a link keeps the driver as given (or its absence)');
    assert.match(r.link, /^1\.[A-Za-z0-9_-]+$/);
    assert.ok(r.link.length < 400, `a long link: ${r.link.length} characters`);
    if (r.logs) {
      assert.equal(r.logs[0], r.logs[1], `the reopened run wrote another log: ${r.link}`);
      assert.ok(r.summaries, `the reopened run has another summary: ${r.link}`);
    }
  }
  assert.equal(out.filter((r) => r.logs).length, 25);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a broken or tampered link is refused by field, and nothing runs', async () => {
  const { page, problems } = await openPage();
  const fields = await page.evaluate(async () => {
    const { encodeScenario, decodeScenario } = await import('./www/engine/scenario.js');
    const code = (config) => btoa(JSON.stringify(config)).replace(/=+$/, '');
    const fieldOf = (text) =>
      decodeScenario(text).then(
        () => null,
        (e) => `${e.field}: ${e.message}`,
      );
    const good = await encodeScenario({ driver: 'sim', workers: 9 });
    return {
      garbage: await fieldOf('hello'),
      version: await fieldOf(`7.${good.slice(2)}`),
      truncated: await fieldOf(good.slice(0, -3)),
      notObject: await fieldOf(`1.${code([1, 2])}`),
      workers: await fieldOf(`1.${code({ driver: 'sim', workers: -1 })}`),
      unknown: await fieldOf(`1.${code({ workers: 2, threads: 4 })}`),
      kind: await fieldOf(`1.${code({ work: { kind: 'gpu' } })}`),
      refusedToEncode: await encodeScenario({ jobs: 'many' }).then(
        () => null,
        (e) => e.field,
      ),
    };
  });
  assert.match(fields.garbage, /^scenario: scenario: this is not a poolsim link/);
  assert.match(fields.version, /^scenario: .*version 7/);
  assert.match(fields.truncated, /^(scenario|[a-zA-Z.]+): /);
  assert.match(fields.notObject, /^scenario: .*not a config/);
  assert.match(fields.workers, /^workers: /);
  assert.match(fields.unknown, /^threads: /);
  assert.match(fields.kind, /^work\.kind: /);
  assert.equal(fields.refusedToEncode, 'jobs');
  // Opened as the page's address: the field is named and no run happens.
  const tampered = await page.evaluate(() => {
    const code = btoa(JSON.stringify({ driver: 'sim', jobsBuffer: -3 })).replace(/=+$/, '');
    return `1.${code}`;
  });
  await page.goto(`${env.server.url}#s=${tampered}`);
  await page.waitForFunction(() =>
    /No run: /.test(document.querySelector('.pf-summary').textContent),
  );
  assert.match(await page.textContent('.pf-summary'), /jobsBuffer/);
  assert.equal(await page.evaluate(() => window.poolsim.timeline()), null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the address follows the runs: reopen, Back and Forward, and Copy link', async () => {
  const { page, problems } = await openPage();
  const runFromControls = async (values) => {
    await page.selectOption('.pf-config [name="driver"]', 'sim');
    await fill(page, values);
    await page.click('.pf-start');
    return summaryOf(page);
  };
  const a = await runFromControls({ workers: 5, jobs: 400, seed: 11 });
  const linkA = page.url();
  assert.match(linkA, /#s=1\.[A-Za-z0-9_-]+$/);
  const logA = await page.evaluate(fingerprintInPage);
  const b = await runFromControls({ workers: 9, jobs: 300, seed: 12 });
  const linkB = page.url();
  assert.notEqual(linkB, linkA);
  assert.equal(b['results collected'], '300');
  // Back: the controls and the run are scenario A's again.
  await page.goBack();
  await page.waitForFunction(
    () =>
      document.querySelector('.pf-summary').dataset.ready === 'true' &&
      window.poolsim.lastRun().config?.workers === 5,
  );
  assert.equal(page.url(), linkA);
  assert.equal(await page.inputValue('.pf-config [name="workers"]'), '5');
  assert.equal(await page.evaluate(fingerprintInPage), logA);
  await page.goForward();
  await page.waitForFunction(() => window.poolsim.lastRun().config?.workers === 9);
  assert.equal(await page.inputValue('.pf-config [name="seed"]'), '12');
  // Copy link, then open it in a fresh page: same settings, same log, playhead where it was.
  await page.evaluate(() => window.poolsim.timeline().seek(1));
  await page.click('[data-action="copy-link"]');
  await page.waitForFunction(() => document.querySelector('.pf-link-status').dataset.url);
  const copied = await page.evaluate(() => document.querySelector('.pf-link-status').dataset.url);
  assert.match(copied, /#s=1\.[A-Za-z0-9_-]+&t=1$/);
  const logB = await page.evaluate(fingerprintInPage);
  const reopened = await openPage(copied);
  const again = await summaryOf(reopened.page);
  assert.equal(await reopened.page.evaluate(fingerprintInPage), logB);
  assert.deepEqual(again, b);
  assert.equal(await reopened.page.inputValue('.pf-config [name="workers"]'), '9');
  assert.equal(
    await reopened.page.evaluate(() => Math.round(window.poolsim.timeline().timeUs / 1000)),
    1,
  );
  await reopened.page.screenshot({ path: `${ARTIFACTS}/scenario-reopened.png`, fullPage: true });
  assert.deepEqual([...problems, ...reopened.problems], []);
  await reopened.page.close();
  await page.close();
  assert.equal(a['results collected'], '400');
});
