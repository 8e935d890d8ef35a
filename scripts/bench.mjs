// `make bench`: the seed's workload (double jobs, both buffers 100) timed natively, in headless
// Chromium and Firefox through the page's own API, and as the seed's Go program — medians side
// by side, with ratios to Go, written into BENCHMARKS.md; then how CPU work scales with
// GOMAXPROCS, how close 100,000 waiting goroutines come to their ideal rate, and the page's
// frames while goroutines run flat out. A benchmark, never a test: nothing here can fail a
// build for being slow.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { serve, freshPage } from '../tests/e2e/browser.mjs';
import { measureFrames } from '../tests/e2e/frames.mjs';
import { firstRunMsInPage } from '../tests/e2e/helpers.mjs';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WORKERS = [1, 2, 4];
const CORES = cpus().length;
/** GOMAXPROCS values timed: one P, and as many as Go's default (the cores). */
const PROCS = [...new Set([1, CORES])];
/** CPU-bound scaling: jobs of 100,000 rounds (about 0.1–0.2 ms each) on 8 workers. */
const CPU = { workers: 8, jobs: 2000, work: { kind: 'cpu', iterations: 100_000 } };
/** 100,000 goroutines waiting 10 ms a job, through 10⁶ jobs: ideally 100 ms. */
const WAIT = { workers: 100_000, jobs: 1_000_000, work: { kind: 'io', waitMs: 10 } };
const WAIT_IDEAL_MS = (WAIT.jobs / WAIT.workers) * WAIT.work.waitMs;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const nsPerJob = (ms) => (ms * 1e6) / JOBS;
const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
const lastJson = (out) => JSON.parse(out.trim().split('\n').at(-1));

/** Native run times (ms) of `workers` workers on `procs` Ps; `work` as the bench takes it. */
function native(workers, procs, { jobs = JOBS, runs = RUNS, work } = {}) {
  const args = [workers, jobs, runs, procs, ...(work ? [work] : [])].map(String);
  return lastJson(sh('cargo', ['bench', '-q', '--bench', 'pool', '--', ...args])).ms;
}

function go(workers) {
  return lastJson(sh('target/go/seed', [workers, JOBS, RUNS].map(String))).ms;
}

/** bench/seed-vm.go with `workers` and `jobs` on its constants' lines (as benches/go.rs sets them). */
function seedVm(workers, jobs) {
  return readFileSync('bench/seed-vm.go', 'utf8')
    .replace('const workerCount = 4\n', `const workerCount = ${workers}\n`)
    .replace('const jobCount = 1000000\n', `const jobCount = ${jobs}\n`);
}

/** Times `config` `runs` times in the page (after one warm-up run); the summaries' `elapsedMs`. */
function timeIn(page, config, runs) {
  return page.evaluate(
    async ({ config, runs }) => {
      await window.poolsim.run(config); // warm-up: starts the engine's threads
      const ms = [];
      for (let i = 0; i < runs; i++) {
        const s = await window.poolsim.run(config);
        if (s.results !== config.jobs) throw new Error(`lost jobs: ${s.results}/${config.jobs}`);
        if (s.driver !== 'live') throw new Error(`ran ${s.driver}, not live`);
        ms.push(s.elapsedMs);
      }
      return ms;
    },
    { config, runs },
  );
}

async function browser(kind, server) {
  const { page, close } = await freshPage(kind);
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.poolsim !== undefined);
    const out = { perJob: {} };
    if (kind === 'chromium') {
      // The page with its figure animating every run: frames while goroutines run flat out.
      out.seedFrames = await measureFrames(page, 3, 1_000_000);
      out.frames = await measureFrames(page, 10_000, 2_000_000);
    }
    // The engine's own speed: without the figure, whose drawing on a machine of few cores
    // takes CPU from the Ps (with it, CPU work on 2 Ps of 2 cores ran 1.5–1.7× faster than on
    // 1, against 1.9× without).
    await page.evaluate(() => document.querySelector('pool-figure')?.remove());
    for (const procs of PROCS) {
      for (const workers of WORKERS) {
        out.perJob[`${workers}/${procs}`] = await timeIn(
          page,
          { workers, jobs: JOBS, traceLimit: 0, gomaxprocs: procs },
          RUNS,
        );
      }
    }
    out.cpu = {};
    for (const procs of PROCS) {
      out.cpu[procs] = await timeIn(page, { ...CPU, traceLimit: 0, gomaxprocs: procs }, 3);
    }
    out.wait = await timeIn(page, { ...WAIT, traceLimit: 0, gomaxprocs: CORES }, 3);
    if (kind === 'chromium') {
      // Go source on the live driver (issue #18): bench/seed-vm.go through runGo on as many Ps
      // as Go's default, without a log; `elapsedMs` is the program's own run, compiling and
      // messages aside.
      const source = seedVm(4, JOBS);
      const want = String(JOBS * (JOBS + 1));
      out.goLive = await page.evaluate(
        async ({ source, runs, procs, want }) => {
          const options = { driver: 'live', gomaxprocs: procs, wallLimitMs: 60_000, maxEvents: 0 };
          const ms = [];
          for (let i = 0; i <= runs; i++) {
            const r = await window.poolsim.runGo(source, options);
            if (r.stdout.trim() !== want) throw new Error(`runGo: ${r.stdout} ${r.stderr}`);
            if (i > 0) ms.push(r.elapsedMs); // the first starts the engine's threads
          }
          return ms;
        },
        { source, runs: RUNS, procs: CORES, want },
      );
      out.sim = await page.evaluate(async (runs) => {
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
      }, RUNS);
    }
    return out;
  } finally {
    await close();
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
    firefox: version('/usr/bin/firefox-esr', ['--version']),
    go: version('go', ['version']),
  };
}

const hasGo = (() => {
  try {
    mkdirSync('target/go', { recursive: true });
    sh('go', ['build', '-o', 'target/go/seed', 'bench/seed.go']);
    sh('go', ['build', '-o', 'target/go/chan', 'bench/chan.go']);
    sh('go', ['build', '-o', 'target/go/wait', 'bench/wait.go']);
    return true;
  } catch {
    return false;
  }
})();

/**
 * Fresh Firefox starts: each a new browser and page, timed from the page's first `run` call to
 * its summary (the engine worker, its wasm and its thread pool all start inside that). A start
 * that does not finish in 60 s counts as 60 s.
 */
async function firefoxStarts(server, count) {
  const ms = [];
  for (let i = 0; i < count; i++) {
    const { page, close } = await freshPage('firefox');
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => window.poolsim !== undefined);
      ms.push((await page.evaluate(firstRunMsInPage)) ?? 60_000);
    } finally {
      await close();
    }
  }
  return ms;
}

console.error(
  `bench: ${JOBS} double jobs, buffers 100, ${RUNS} runs per cell, workers ${WORKERS}, GOMAXPROCS ${PROCS}`,
);
const STARTS = Number(process.env.BENCH_STARTS ?? 50);
const server = await serve();
const inBrowser = {};
let starts;
try {
  for (const kind of ['chromium', 'firefox']) inBrowser[kind] = await browser(kind, server);
  starts = await firefoxStarts(server, STARTS);
} finally {
  server.close();
}
const goMs = Object.fromEntries(WORKERS.map((w) => [w, hasGo ? go(w) : null]));
const rows = [];
for (const procs of PROCS) {
  for (const workers of WORKERS) {
    const key = `${workers}/${procs}`;
    rows.push({
      workers,
      procs,
      cells: {
        native: native(workers, procs),
        chromium: inBrowser.chromium.perJob[key],
        firefox: inBrowser.firefox.perJob[key],
        go: goMs[workers],
      },
    });
  }
}

const fmt = (ms) => `${nsPerJob(median(ms)).toFixed(0)} ns`;
const range = (ms) =>
  `${nsPerJob(Math.min(...ms)).toFixed(0)}–${nsPerJob(Math.max(...ms)).toFixed(0)}`;
const ratio = (a, b) => (b ? `${(median(a) / median(b)).toFixed(2)}×` : 'n/a');
const header = [
  'workers',
  'GOMAXPROCS',
  'native (median, min–max per job)',
  'Chromium',
  'Firefox',
  `Go, GOMAXPROCS ${CORES}`,
  'native / Go',
  'Chromium / Go',
  'Firefox / Go',
];
const lines = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows
    .map(({ workers, procs, cells: c }) =>
      [
        workers,
        procs,
        `${fmt(c.native)} (${range(c.native)})`,
        `${fmt(c.chromium)} (${range(c.chromium)})`,
        `${fmt(c.firefox)} (${range(c.firefox)})`,
        c.go ? `${fmt(c.go)} (${range(c.go)})` : 'go not installed',
        ratio(c.native, c.go),
        ratio(c.chromium, c.go),
        ratio(c.firefox, c.go),
      ].join(' | '),
    )
    .map((l) => `| ${l} |`),
];
const table = lines.join('\n');
console.log(table);

// CPU-bound work as GOMAXPROCS grows: the speed-up over one P, against the ideal (the Ps).
const cpuNative = Object.fromEntries(
  PROCS.map((p) => [
    p,
    native(CPU.workers, p, {
      jobs: CPU.jobs,
      runs: 3,
      work: `cpu:${CPU.work.iterations}`,
    }),
  ]),
);
const speedup = (byProcs, p) => (median(byProcs[1]) / median(byProcs[p])).toFixed(2);
const cpuTable = [
  '| GOMAXPROCS | native (median) | speed-up | Chromium (median) | speed-up | Firefox (median) | speed-up |',
  '|---|---|---|---|---|---|---|',
  ...PROCS.map((p) =>
    [
      p,
      `${median(cpuNative[p]).toFixed(0)} ms`,
      `${speedup(cpuNative, p)}×`,
      `${median(inBrowser.chromium.cpu[p]).toFixed(0)} ms`,
      `${speedup(inBrowser.chromium.cpu, p)}×`,
      `${median(inBrowser.firefox.cpu[p]).toFixed(0)} ms`,
      `${speedup(inBrowser.firefox.cpu, p)}×`,
    ].join(' | '),
  ).map((l) => `| ${l} |`),
].join('\n');
console.log(`\n${cpuTable}`);

// 100,000 goroutines waiting 10 ms a job: the rate against the ideal.
const waitNative = native(WAIT.workers, CORES, {
  jobs: WAIT.jobs,
  runs: 3,
  work: `io:${WAIT.work.waitMs}`,
});
const waitRow = (label, ms) =>
  `| ${label} | ${median(ms).toFixed(0)} ms | ${(WAIT.jobs / (median(ms) / 1000) / 1e6).toFixed(2)} M jobs/s | ${((100 * WAIT_IDEAL_MS) / median(ms)).toFixed(0)}% |`;
const waitTable = [
  `| where (GOMAXPROCS ${CORES}) | run time (median of 3) | rate | of the ideal (${WAIT_IDEAL_MS} ms, 10 M jobs/s) |`,
  '|---|---|---|---|',
  waitRow('native', waitNative),
  waitRow('Chromium', inBrowser.chromium.wait),
  waitRow('Firefox', inBrowser.firefox.wait),
  hasGo ? waitRow('Go', lastJson(sh('target/go/wait', ['3'])).ms) : '| Go | not installed | | |',
].join('\n');
console.log(`\n${waitTable}`);

// A channel operation alone: one sender, one receiver, 10⁶ values.
const jsonLines = (out) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const chanNative = jsonLines(sh('cargo', ['bench', '-q', '--bench', 'chan']));
const chanGo = hasGo ? jsonLines(sh('target/go/chan', [])) : [];
const chanLines = [
  `| capacity | GOMAXPROCS | poolsim channel per value (median, min–max) | Go channel per value (GOMAXPROCS ${CORES}) | poolsim / Go |`,
  '|---|---|---|---|---|',
  ...chanNative.map(({ cap, gomaxprocs, ns }) => {
    const g = chanGo.find((r) => r.cap === cap)?.ns;
    const cell = (xs) =>
      `${median(xs).toFixed(0)} ns (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    return `| ${cap} | ${gomaxprocs} | ${cell(ns)} | ${g ? cell(g) : 'go not installed'} | ${ratio(ns, g)} |`;
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
          ? `${cell(inBrowser.chromium.sim)} (through \`poolsim.run\`, messages included)`
          : ''
      } |`,
  ),
].join('\n');
console.log(`\n${simTable}`);

// Go source on poolsim's VM (issue #18): the seed's program compiled and run in virtual time on
// one P, natively, beside the same program built by Go; one value through an unbuffered channel
// in the VM beside the runtime's own channel.
const [vmSeed, vmChan, vmLiveChan] = jsonLines(
  sh('cargo', ['bench', '-q', '--bench', 'go', '--', '4', String(JOBS), '5']),
);
const vmPerJob = vmSeed.ms.map(nsPerJob);
const goPerJob = goMs[4]?.map(nsPerJob) ?? null;
// 10⁶ values: milliseconds for them all are nanoseconds for each.
const vmChanNs = vmChan.ms;
const vmLiveChanNs = vmLiveChan.ms;
const runtimeChanNs = chanNative.find((r) => r.cap === 0 && r.gomaxprocs === 1)?.ns ?? null;
const nsCell = (xs) =>
  `${median(xs).toFixed(0)} ns (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const vmRatio = (a, b) => (b ? `${(median(a) / median(b)).toFixed(1)}×` : 'n/a');
const liveVmPerJob = inBrowser.chromium.goLive.map(nsPerJob);
const vmTable = [
  '| Go source on the VM | VM (median, min–max) | beside it | VM / beside |',
  '|---|---|---|---|',
  `| the seed's program, 4 workers, ${JOBS.toLocaleString('en')} jobs, live in Chromium through \`runGo\` (${CORES} Ps): per job | ${nsCell(liveVmPerJob)} | Go (GOMAXPROCS ${CORES}): ${goPerJob ? nsCell(goPerJob) : 'not installed'} | ${vmRatio(liveVmPerJob, goPerJob)} |`,
  `| the same, virtual time, one P, natively | ${nsCell(vmPerJob)} | Go: ${goPerJob ? nsCell(goPerJob) : 'not installed'} | ${vmRatio(vmPerJob, goPerJob)} |`,
  `| one value through an unbuffered channel, virtual time | ${nsCell(vmChanNs)} | the runtime's own (1 P): ${runtimeChanNs ? nsCell(runtimeChanNs) : 'n/a'} | ${vmRatio(vmChanNs, runtimeChanNs)} |`,
  `| the same, live driver, one P (the runtime's scheduler), natively | ${nsCell(vmLiveChanNs)} | the runtime's own (1 P): ${runtimeChanNs ? nsCell(runtimeChanNs) : 'n/a'} | ${vmRatio(vmLiveChanNs, runtimeChanNs)} |`,
].join('\n');
console.log(`\n${vmTable}`);

const f = inBrowser.chromium.frames;
const frameTable = [
  '| measure | value |',
  '|---|---|',
  ...frameRows("the seed's pool (3 workers, 10⁶ jobs)", inBrowser.chromium.seedFrames),
  ...frameRows('10,000 goroutines, 2·10⁶ jobs', f),
  `| seek to a random event of a ${f.events.toLocaleString('en')}-event log, p95 / max | ${f.seekP95.toFixed(2)} ms / ${f.seekMax.toFixed(2)} ms |`,
].join('\n');
console.log(`\n${frameTable}`);

// Each aim of issue #17 against what this run measured, beside the last run's figure.
const file = 'BENCHMARKS.md';
let doc;
try {
  doc = readFileSync(file, 'utf8');
} catch {
  doc = '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
}
const before = Object.fromEntries(
  [...doc.matchAll(/^\| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (?:met|not met) \|$/gm)].map((row) => [
    row[1],
    row[3],
  ]),
);
const worst = (xs) => Math.max(...xs);
const goRatios = rows
  .filter((r) => r.cells.go)
  .map((r) => median(r.cells.chromium) / median(r.cells.go));
const simPerOp = simNative.map(({ ms, jobs }) => (median(ms) * 1e6) / (jobs * 4));
const waitPct = (ms) => (100 * WAIT_IDEAL_MS) / median(ms);
const aims = [
  {
    aim: 'Chromium per job against Go (worst row)',
    target: '≤ 1.00×',
    now: goRatios.length ? worst(goRatios) : null,
    show: (x) => `${x.toFixed(2)}×`,
    met: (x) => x <= 1.0,
  },
  {
    aim: "Go source live in Chromium (runGo), the seed's program per job against Go (bar 20×)",
    target: '≤ 10×',
    now: goPerJob ? median(liveVmPerJob) / median(goPerJob) : null,
    show: (x) => `${x.toFixed(1)}×`,
    met: (x) => x <= 10,
  },
  {
    aim: "a channel operation in the VM (live, one P) against the runtime's own",
    target: '≤ 3×',
    now: runtimeChanNs ? median(vmLiveChanNs) / median(runtimeChanNs) : null,
    show: (x) => `${x.toFixed(1)}×`,
    met: (x) => x <= 3,
  },
  {
    aim: 'simulator per channel operation, native (worst worker count)',
    target: '≤ 30 ns',
    now: worst(simPerOp),
    show: (x) => `${x.toFixed(0)} ns`,
    met: (x) => x <= 30,
  },
  {
    aim: 'simulator, 10⁶ jobs through 1,000 workers in Chromium',
    target: '≤ 200 ms',
    now: median(inBrowser.chromium.sim),
    show: (x) => `${x.toFixed(0)} ms`,
    met: (x) => x <= 200,
  },
  ...[
    ['native', waitNative],
    ['Chromium', inBrowser.chromium.wait],
    ['Firefox', inBrowser.firefox.wait],
  ].map(([where, ms]) => ({
    aim: `100,000 sleeping goroutines, ${where}: share of the ideal rate`,
    target: '≥ 25%',
    now: waitPct(ms),
    show: (x) => `${x.toFixed(0)}%`,
    met: (x) => x >= 25,
  })),
  ...[
    ["frame p95, the seed's pool animating", inBrowser.chromium.seedFrames],
    ['frame p95, 10,000 goroutines animating', inBrowser.chromium.frames],
  ].map(([aim, f]) => ({
    aim,
    target: '≤ 16.7 ms',
    now: f.p95,
    show: (x) => `${x.toFixed(1)} ms`,
    met: (x) => x <= 16.7,
  })),
  {
    aim: `Firefox, ${STARTS} fresh starts: the slowest to its first run`,
    target: '< 2 s each',
    now: worst(starts),
    show: (x) =>
      `${(x / 1000).toFixed(2)} s (${starts.filter((t) => t >= 2000).length} of ${starts.length} ≥ 2 s; median ${(median(starts) / 1000).toFixed(2)} s)`,
    met: (x) => x < 2000,
  },
];
const aimTable = [
  '| aim | target | now | before | |',
  '|---|---|---|---|---|',
  ...aims.map(
    (a) =>
      `| ${a.aim} | ${a.target} | ${a.now === null ? 'n/a' : a.show(a.now)} | ${before[a.aim] ?? '—'} | ${a.now !== null && a.met(a.now) ? 'met' : 'not met'} |`,
  ),
].join('\n');
console.log(`\n${aimTable}`);

const m = machine();
const section = [
  `<!-- bench:start -->`,
  `Measured ${m.date} by \`make bench\` on ${m.cpu}; ${m.rustc}; ${m.chromium}; ${m.firefox}; ${m.go}.`,
  `${JOBS.toLocaleString('en')} \`double\` jobs through the seed's orchestrator (both buffers 100),`,
  'in the browsers on a page without a figure (the engine alone, through `poolsim.run`);',
  `${RUNS} runs per cell after a warm-up; time per job = run time / jobs. Tracing off (\`traceLimit: 0\`).`,
  `Go runs at its default GOMAXPROCS (${CORES}, the cores); poolsim at 1 and ${CORES}.`,
  '',
  "The aims (issue #17), each against this run's figure and the last run's:",
  '',
  aimTable,
  '',
  table,
  '',
  `CPU-bound work (${CPU.workers} workers, ${CPU.jobs.toLocaleString('en')} jobs of ${CPU.work.iterations.toLocaleString('en')} rounds), run time by GOMAXPROCS; the`,
  'speed-up over one P, whose ideal is GOMAXPROCS (aim: ≥ 0.9 of it):',
  '',
  cpuTable,
  '',
  `${WAIT.workers.toLocaleString('en')} goroutines that each wait ${WAIT.work.waitMs} ms per job, through ${WAIT.jobs.toLocaleString('en')} jobs (tracing off):`,
  '',
  waitTable,
  '',
  'A channel alone — one sender goroutine, one receiver goroutine, 10⁶ values, 5 runs:',
  '',
  chanTable,
  '',
  'The simulated driver, 10⁶ jobs at 90% load (Poisson arrivals, exponential 1 ms service), tracing',
  'off. Aims: ≤ 30 ns per simulated channel operation natively, ≤ 0.2 s for 1000 workers in wasm,',
  'cost growing no faster than n·log(workers):',
  '',
  simTable,
  '',
  "Go source on poolsim's VM (issue #18): the seed's program (bench/seed-vm.go) compiled by poolsim",
  `and run live in Chromium through runGo (${RUNS} runs after a warm-up, no log; the program's own`,
  'run time) and in virtual time on one P natively (5 runs), beside the same program built by Go;',
  "and one value through an unbuffered channel, a million times, in the VM beside the runtime's own:",
  '',
  vmTable,
  '',
  'The page (Chromium) while live goroutines run `double` jobs flat out at the default GOMAXPROCS,',
  'animation on, default trace limit (10⁶ job events). Aims: frame p95 ≤ 16.7 ms, no long task,',
  'any seek ≤ 50 ms.',
  '',
  frameTable,
  `<!-- bench:end -->`,
].join('\n');
writeFileSync(file, doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
console.error(`bench: wrote ${file}`);
