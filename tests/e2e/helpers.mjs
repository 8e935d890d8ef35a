// Page helpers shared by the end-to-end suites.
import assert from 'node:assert/strict';

import { before, after } from 'node:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { serve, launch } from './browser.mjs';

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = 'artifacts';

/**
 * Registers a suite's set-up and tear-down: a server for dist/ with the host files' headers (the
 * policy overridden by `csp`; and, with `plain`, one without headers) and one browser. Returns
 * the page helpers and the servers.
 */
export function suite({ plain = false, csp = 'host' } = {}) {
  const env = startServers({ server: { csp }, ...(plain ? { plain: { isolated: false } } : {}) });
  env.browser = null;
  before(async () => (env.browser = await launch()));
  after(async () => await env.browser?.close());
  return { env, ...pageHelpers(() => env) };
}

/**
 * Registers servers for a suite, one per entry of `specs` (`{name: serve options}`), started
 * before its tests and stopped after; returns the object they appear in, by name.
 */
export function startServers(specs) {
  const running = {};
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, options] of Object.entries(specs)) running[name] = await serve(options);
  });
  after(() => Object.keys(specs).forEach((name) => running[name]?.close()));
  return running;
}

/**
 * FNV-1a over the last run's log, as src/trace.rs computes it (run in the page: pass it to
 * `page.evaluate`).
 */
export function fingerprintInPage() {
  const { words } = window.poolsim.lastRun();
  let hash = 0xcbf29ce484222325n;
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16);
}

/** The summary table as { name: text } (Playwright's and Puppeteer's pages alike). */
export async function summaryOf(page) {
  await page.waitForSelector('.pf-summary[data-ready="true"]', { timeout: 60_000 });
  return page.$$eval('.pf-summary tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])),
  );
}

/** Helpers bound to a suite's server and browser (read lazily: they start in `before`). */
export function pageHelpers(env) {
  async function openPage(url = env().server.url) {
    const page = await env().browser.context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => window.poolsim !== undefined);
    return { page, problems };
  }

  async function fill(page, values) {
    for (const [name, value] of Object.entries(values)) {
      await page.fill(`.pf-config [name="${name}"]`, String(value));
    }
  }

  return { openPage, summaryOf, fill };
}

/**
 * In the page (pass it to `page.evaluate`): ms from the page's first `poolsim.run` to its summary —
 * the engine worker, its wasm and its thread pool all start inside that — or `null` if the run
 * was not live or took over 60 s.
 */
export async function firstRunMsInPage() {
  const start = performance.now();
  const stop = new Promise((resolve) => setTimeout(resolve, 60_000, 'stalled'));
  const run = window.poolsim.run({ workers: 2, jobs: 100, gomaxprocs: 2 });
  const first = await Promise.race([run.catch(() => 'failed'), stop]);
  if (typeof first === 'string' || first.driver !== 'live') return null;
  return performance.now() - start;
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/**
 * The WCAG 2.1 A/AA violations axe-core finds on `page` now, one line each (rule, then the
 * elements it names). Playwright's and Puppeteer's pages alike.
 */
export async function violations(page) {
  // Evaluated by the driver, which the page's Content-Security-Policy does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

/**
 * Waits until `fn()` holds in the page, with `arg` in `window.waitArg`: the page's policy
 * forbids evaluating strings, and Playwright and Puppeteer pass arguments differently.
 */
export async function waitIn(page, fn, arg, timeout = 60_000) {
  await page.evaluate((a) => (window.waitArg = a), arg);
  // Playwright: (fn, arg, options); Puppeteer: (fn, options).
  const playwright = typeof page.selectOption === 'function';
  await page.waitForFunction(fn, ...(playwright ? [null] : []), { timeout });
}

/**
 * A module worker that runs the real engine and plants a panic (a worker's, at job 50) in its
 * 1000-job run — when that run arrives: the engine starts it only after its thread pool, long
 * after this, and a fresh engine the page starts next runs clean. It shares the engine's wasm
 * instance (one module, initialised once). `REAL` and `PKG` stand for the engine worker's and
 * the wasm package's URLs; a page that runs it must allow `blob:` workers.
 */
export const PLANTING_WORKER = `import 'REAL';
const planted = import('PKG').then(async (wasm) => { await wasm.default(); return wasm; });
self.addEventListener('message', ({ data }) => {
  if (data.type === 'run' && data.config.jobs === 1000)
    planted.then((wasm) => wasm.plantFault('worker', 50));
});
`;

/**
 * In the page (pass it to `page.evaluate` with `PLANTING_WORKER`): a live run whose worker
 * panics, then an ordinary run. Returns what the crashed run said, whether the page still
 * counted a run as going, and the next run's results.
 */
export async function plantedPanicInPage(source) {
  const { Poolsim } = await import('./www/engine/poolsim.js');
  const code = source
    .replace('REAL', new URL('./www/engine/engine-worker.js', location.href).href)
    .replace('PKG', new URL('./pkg/poolsim.js', location.href).href);
  const workerUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const poolsim = new Poolsim({ workerUrl });
  const config = { workers: 3, jobs: 1000, gomaxprocs: 2, work: { kind: 'io', waitMs: 1 } };
  const crashed = await poolsim.run(config).then(
    (summary) => `no crash: ${JSON.stringify(summary)}`,
    (error) => error.message,
  );
  const next = await poolsim.run({ ...config, jobs: 100 });
  return { crashed, running: poolsim.running, next: next.results, driver: next.driver };
}

/** What `plantedPanicInPage` must return: Go's first line of the panic, and a page that runs on. */
export function assertPlantedPanic(outcome) {
  assert.match(
    outcome.crashed,
    /the engine worker died \(panic: planted fault: Worker\(50\) \[src\/pool\.rs:\d+\]\)/,
  );
  assert.equal(outcome.running, false);
  assert.deepEqual([outcome.next, outcome.driver], [100, 'live']);
}
