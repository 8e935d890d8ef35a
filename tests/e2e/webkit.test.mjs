// Safari's engine, as Debian's WebKitGTK: the seed's pool on live threads where the page gets
// shared memory (by headers, or by the service worker on a host without them), an honest banner
// where it does not, and a page that survives its chart library.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchWebKit } from './browser.mjs';
import { ARTIFACTS, startServers } from './helpers.mjs';

const env = startServers({ server: {}, plain: { isolated: false } });

const SHARED_MEMORY = { JSC_useSharedArrayBuffer: '1' };

/** A fresh WebKit on `url`, once the page's script has run. */
async function openPage(url, browserEnv) {
  const webkit = await launchWebKit({ env: browserEnv });
  try {
    await webkit.goto(url);
    await webkit.evaluate(async () => {
      for (let i = 0; i < 200 && window.poolsim === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (window.poolsim === undefined) throw new Error('app.js never ran');
      await window.poolsim.supported();
    });
    return webkit;
  } catch (error) {
    await webkit.close();
    throw error;
  }
}

/** Fills the controls, presses Start and resolves to the summary table once it is ready. */
function runFromControls(webkit, values) {
  return webkit.evaluate(async (values) => {
    const form = document.querySelector('.pf-config');
    for (const [name, value] of Object.entries(values)) form.elements[name].value = String(value);
    window.stillHere = true;
    document.querySelector('.pf-start').click();
    const summary = document.querySelector('.pf-summary');
    for (let i = 0; i < 1200 && summary.dataset.ready !== 'true'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = [...summary.querySelectorAll('tr')];
    return {
      stillHere: window.stillHere === true,
      search: location.search,
      summary: Object.fromEntries(
        rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]),
      ),
    };
  }, values);
}

test("WebKit with shared memory: the seed's pool runs live", async () => {
  const webkit = await openPage(env.server.url, SHARED_MEMORY);
  try {
    const out = await runFromControls(webkit, {
      driver: 'live',
      workers: 3,
      jobs: 5000,
      jobsBuffer: 100,
      resultsBuffer: 100,
      kind: 'double',
      gomaxprocs: 2,
    });
    const s = out.summary;
    assert.equal(s['results received'], '5000');
    assert.equal(s['sum of results'], String(5000 * 5001));
    assert.equal(s['GOMAXPROCS'], '2');
    await webkit.screenshot(`${ARTIFACTS}/webkit-seed.png`);
  } finally {
    await webkit.close();
  }
});

test('WebKit isolated but without SharedArrayBuffer: the banner says so, runs are modeled', async () => {
  const webkit = await openPage(env.server.url, {});
  try {
    const page = await webkit.evaluate(async () => ({
      isolated: crossOriginIsolated,
      sharedMemory: typeof SharedArrayBuffer,
      status: document.getElementById('status').textContent,
      driver: document.querySelector('.pf-config').elements.driver.value,
      run: await window.poolsim.run({ workers: 3, jobs: 200 }),
    }));
    assert.equal(page.isolated, true);
    assert.equal(page.sharedMemory, 'undefined');
    assert.match(page.status, /no SharedArrayBuffer, although it is cross-origin isolated/);
    assert.doesNotMatch(page.status, /not cross-origin isolated/);
    assert.equal(page.driver, 'sim');
    assert.equal(page.run.driver, 'sim');
    assert.equal(page.run.sum, 200 * 201);
    assert.match(page.run.note, /no SharedArrayBuffer/);
  } finally {
    await webkit.close();
  }
});

test('WebKit on a host without headers: the service worker isolates the page, threads run', async () => {
  const webkit = await launchWebKit({ env: SHARED_MEMORY });
  try {
    await webkit.goto(env.plain.url);
    // The service worker reloads the page once: ask again until the reloaded page answers.
    let page = null;
    for (let tries = 0; page === null && tries < 100; tries++) {
      page = await webkit
        .evaluate(async () => {
          if (!crossOriginIsolated || window.poolsim === undefined) return null;
          await window.poolsim.supported();
          return {
            status: document.getElementById('status').textContent,
            run: await window.poolsim.run({
              workers: 4,
              jobs: 400,
              gomaxprocs: 2,
              work: { kind: 'cpu', iterations: 200000 },
            }),
          };
        })
        .catch(() => null);
      if (page === null) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(page, 'the page never became isolated');
    assert.match(page.status, /isolated by a service worker/);
    assert.equal(page.run.driver, 'live');
    assert.equal(page.run.results, 400);
    assert.equal(page.run.threads, 2, 'two Web Workers ran goroutines');
  } finally {
    await webkit.close();
  }
});

test('WebKit in the C locale: uPlot throws while loading, the page runs without charts', async () => {
  // WebKitGTK takes the page's language from LANG; uPlot's module rejects the tag `C`.
  const webkit = await openPage(env.server.url, { ...SHARED_MEMORY, LANG: 'C.UTF-8' });
  try {
    const charts = await webkit.evaluate(async () => {
      const root = document.querySelector('.pf-charts');
      for (let i = 0; i < 100 && root.dataset.off !== 'true'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { language: navigator.language, off: root.dataset.off, text: root.textContent };
    });
    assert.equal(charts.language, 'C');
    assert.equal(charts.off, 'true');
    assert.match(charts.text, /Charts are off: .*invalid language tag/);
    const out = await runFromControls(webkit, { driver: 'live', workers: 2, jobs: 300 });
    assert.equal(out.stillHere, true, 'the page reloaded');
    assert.equal(out.search, '');
    assert.equal(out.summary['sum of results'], String(300 * 301));
    await webkit.screenshot(`${ARTIFACTS}/webkit-no-charts.png`);
  } finally {
    await webkit.close();
  }
});
