// `make bench`: the seed's workload (double jobs, both buffers 100) timed natively, in headless
// Chromium through the page's own API, and as the seed's Go program — medians side by side, with
// ratios to Go, written into BENCHMARKS.md. A benchmark, never a test: nothing here can fail a
// build for being slow.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { serve, launch } from '../tests/e2e/browser.mjs';
import { measureFrames } from '../tests/e2e/frames.mjs';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WORKERS = [1, 2, 4];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const nsPerJob = (ms) => (ms * 1e6) / JOBS;
const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
const lastJson = (out) => JSON.parse(out.trim().split('\n').at(-1));

function native(workers) {
  const out = sh(
    'cargo',
    ['bench', '-q', '--bench', 'pool', '--', workers, JOBS, RUNS].map(String),
  );
  return lastJson(out).ms;
}

function go(workers) {
  return lastJson(sh('target/go/seed', [workers, JOBS, RUNS].map(String))).ms;
}

async function browser() {
  const server = await serve();
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.poolsim !== undefined);
    await page.evaluate(() => window.poolsim.run({ workers: 3, jobs: 1000 })); // warm-up
    const out = {
      sim: await page.evaluate(async (runs) => {
        const config = {
          driver: 'sim',
          workers: 1000,
          jobs: 1_000_000,
          arrival: { kind: 'poisson', ratePerSec: 900_000 },
          service: { kind: 'exponential', meanMs: 1 },
          traceLimit: 0,
        };
        await window.poolsim.run(config);
        const ms = [];
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          await window.poolsim.run(config);
          ms.push(performance.now() - start);
        }
        return ms;
      }, RUNS),
      seedFrames: await measureFrames(page, 3, 1_000_000),
      frames: await measureFrames(page, 16, 2_000_000),
    };
    for (const workers of WORKERS) {
      out[workers] = await page.evaluate(
        async ({ workers, jobs, runs }) => {
          const config = { workers, jobs, traceLimit: 0 };
          await window.poolsim.run(config); // warm-up: starts this pool size's engine worker
          const ms = [];
          for (let i = 0; i < runs; i++) {
            const s = await window.poolsim.run(config);
            if (s.results !== jobs) throw new Error(`lost jobs: ${s.results}/${jobs}`);
            ms.push(s.elapsedMs);
          }
          return ms;
        },
        { workers, jobs: JOBS, runs: RUNS },
      );
    }
    return out;
  } finally {
    await close();
    server.close();
  }
}

function machine() {
  const version = (cmd, args) => {
    try {
      return sh(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')[0];
    } catch {
      return 'not found';
    }
  };
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
    rustc: version('rustc', ['--version']),
    chromium: version('/usr/bin/chromium', ['--version']),
    go: version('go', ['version']),
  };
}

const hasGo = (() => {
  try {
    mkdirSync('target/go', { recursive: true });
    sh('go', ['build', '-o', 'target/go/seed', 'bench/seed.go']);
    sh('go', ['build', '-o', 'target/go/chan', 'bench/chan.go']);
    return true;
  } catch {
    return false;
  }
})();

console.error(`bench: ${JOBS} double jobs, buffers 100, ${RUNS} runs per cell, workers ${WORKERS}`);
const rows = [];
const inBrowser = await browser();
for (const workers of WORKERS) {
  const cells = { native: native(workers), browser: inBrowser[workers] };
  if (hasGo) cells.go = go(workers);
  rows.push({ workers, cells });
}

const fmt = (ms) => `${nsPerJob(median(ms)).toFixed(0)} ns`;
const range = (ms) =>
  `${nsPerJob(Math.min(...ms)).toFixed(0)}–${nsPerJob(Math.max(...ms)).toFixed(0)}`;
const ratio = (a, b) => (b ? `${(median(a) / median(b)).toFixed(2)}×` : 'n/a');
const header = [
  'workers',
  'native (median, min–max per job)',
  'Chromium (median, min–max per job)',
  'Go (median, min–max per job)',
  'native / Go',
  'Chromium / Go',
];
const lines = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows
    .map(({ workers, cells: c }) =>
      [
        workers,
        `${fmt(c.native)} (${range(c.native)})`,
        `${fmt(c.browser)} (${range(c.browser)})`,
        c.go ? `${fmt(c.go)} (${range(c.go)})` : 'go not installed',
        ratio(c.native, c.go),
        ratio(c.browser, c.go),
      ].join(' | '),
    )
    .map((l) => `| ${l} |`),
];
const table = lines.join('\n');
console.log(table);

// A channel operation alone: one sender, one receiver, 10⁶ values.
const jsonLines = (out) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const chanNative = jsonLines(sh('cargo', ['bench', '-q', '--bench', 'chan']));
const chanGo = hasGo ? jsonLines(sh('target/go/chan', [])) : [];
const chanLines = [
  '| capacity | poolsim `Chan` per value (median, min–max) | Go channel per value | poolsim / Go |',
  '|---|---|---|---|',
  ...chanNative.map(({ cap, ns }) => {
    const g = chanGo.find((r) => r.cap === cap)?.ns;
    const cell = (xs) =>
      `${median(xs).toFixed(0)} ns (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    return `| ${cap} | ${cell(ns)} | ${g ? cell(g) : 'go not installed'} | ${ratio(ns, g)} |`;
  }),
];
const chanTable = chanLines.join('\n');
console.log(`\n${chanTable}`);

const frameRows = (label, f) => [
  `| ${label}: frame time p50 / p95 | ${f.p50.toFixed(1)} ms / ${f.p95.toFixed(1)} ms over ${f.frames} frames |`,
  `| ${label}: long tasks (> 50 ms) | ${f.longTasks} (longest ${f.longest.toFixed(0)} ms) |`,
];
// The simulator: 10⁶ jobs, Poisson arrivals at 90% load, exponential 1 ms service, tracing off.
const simNative = jsonLines(sh('cargo', ['bench', '-q', '--bench', 'sim']));
const cell = (xs) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const perOp = (xs, jobs) => `${((median(xs) * 1e6) / (jobs * 4)).toFixed(0)} ns`;
const simTable = [
  '| workers | native, 10⁶ jobs (median, min–max) | per channel operation (4 a job) | Chromium (wasm), 10⁶ jobs |',
  '|---|---|---|---|',
  ...simNative.map(
    ({ workers, jobs, ms }) =>
      `| ${workers.toLocaleString('en')} | ${cell(ms)} | ${perOp(ms, jobs)} | ${
        workers === 1000
          ? `${cell(inBrowser.sim)} (through \`poolsim.run\`, messages included)`
          : ''
      } |`,
  ),
].join('\n');
console.log(`\n${simTable}`);

const f = inBrowser.frames;
const frameTable = [
  '| measure | value |',
  '|---|---|',
  ...frameRows("the seed's pool (3 workers, 10⁶ jobs)", inBrowser.seedFrames),
  ...frameRows('16 workers, 2·10⁶ jobs', f),
  `| seek to a random event of a ${f.events.toLocaleString('en')}-event log, p95 / max | ${f.seekP95.toFixed(2)} ms / ${f.seekMax.toFixed(2)} ms |`,
].join('\n');
console.log(`\n${frameTable}`);

const m = machine();
const section = [
  `<!-- bench:start -->`,
  `Measured ${m.date} by \`make bench\` on ${m.cpu}; ${m.rustc}; ${m.chromium}; ${m.go}.`,
  `${JOBS.toLocaleString('en')} \`double\` jobs through the seed's orchestrator (both buffers 100),`,
  `${RUNS} runs per cell after a warm-up; time per job = run time / jobs. Tracing off (\`traceLimit: 0\`).`,
  '',
  table,
  '',
  'A channel alone — one sender, one receiver, 10⁶ values, 5 runs:',
  '',
  chanTable,
  '',
  'The simulated driver, 10⁶ jobs at 90% load (Poisson arrivals, exponential 1 ms service), tracing',
  'off. Aims: ≤ 30 ns per simulated channel operation natively, ≤ 0.2 s for 1000 workers in wasm,',
  'cost growing no faster than n·log(workers):',
  '',
  simTable,
  '',
  'The page while live workers run `double` jobs flat out, animation on, default trace limit',
  '(10⁶ job events). Aims: frame p95 ≤ 16.7 ms, no long task, any seek ≤ 50 ms.',
  '',
  frameTable,
  `<!-- bench:end -->`,
].join('\n');
const file = 'BENCHMARKS.md';
let doc;
try {
  doc = readFileSync(file, 'utf8');
} catch {
  doc = '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
}
writeFileSync(file, doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
console.error(`bench: wrote ${file}`);
