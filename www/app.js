// The page: reads the controls, runs the pool through the public API, and shows the run's
// timeline — diagram, Go code and charts — at the playhead, live or replayed.

import { Poolsim, LIVE_WORKER_CAP } from './poolsim.js';
import { applySummary } from './pipeline.js';
import { Diagram } from './diagram.js';
import { Player, SPEEDS } from './player.js';
import { CodePanel } from './code-panel.js';
import { ACTOR_PRODUCER, ACTOR_CLOSER, ACTOR_COLLECTOR } from './events.js';
import { chromeTrace, download } from './export.js';
import { goProgram } from './go-program.js';
import { encodeScenario, decodeScenario, normalizeScenario } from './scenario.js';

const poolsim = new Poolsim();
window.poolsim = poolsim;

const $ = (id) => document.getElementById(id);
const form = $('config');
const startButton = $('start');
const cancelButton = $('cancel');
const pauseButton = $('pause-collector');
const statusLine = $('status');
const summaryBox = $('summary');
const scrub = $('scrub');
const clock = $('clock');
const speedSelect = $('speed');
const followBox = $('follow');
const goroutineSelect = $('goroutine');
const playButton = document.querySelector('[data-action="play"]');
const note = $('diagram-note');
const spoken = $('diagram-text');

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
const diagram = new Diagram($('diagram'));
const code = new CodePanel($('code'));
// The charts load on their own: a chart library that throws while loading (uPlot does in WebKit
// when the browser's language is `C`) costs the charts, never the page.
let charts = { update() {}, clear() {}, setPlayhead() {} };
let sweepChart = sweepTable;
let sweepPlot = null;
import('./charts.js').then(
  (module) => {
    charts = new module.Charts($('charts'), $('latency'));
    sweepChart = module.sweepChart;
    window.poolsimPage.liveCharts = module.liveCharts;
    if (poolsim.timeline()) charts.update(poolsim.timeline());
  },
  (error) => {
    const off = document.createElement('p');
    off.className = 'muted';
    off.textContent = `Charts are off: the chart library did not load (${error}). Everything else works.`;
    $('charts').dataset.off = 'true';
    $('charts').replaceChildren(off);
  },
);
const player = new Player(drawFrame, { reducedMotion });
window.poolsimPage = { player, diagram };

const COST = {
  double: null,
  cpu: { label: 'Iterations per job', field: 'iterations', value: 10000 },
  io: { label: 'Wait per job (ms)', field: 'waitMs', value: 10 },
};

function syncFields() {
  const sim = form.driver.value === 'sim';
  for (const field of form.querySelectorAll('[data-driver]')) {
    field.hidden = field.dataset.driver !== form.driver.value;
  }
  if (!sim && form.arrival.value === 'poisson') form.arrival.value = 'closed';
  form.workers.max = sim ? '100000' : String(LIVE_WORKER_CAP);
  for (const field of form.querySelectorAll('[data-policy]')) {
    field.hidden = !sim || field.dataset.policy !== form.policy.value;
  }
  const cost = COST[form.kind.value];
  const wrapper = form.querySelector('[data-cost]');
  wrapper.hidden = sim || cost === null;
  if (cost) {
    wrapper.querySelector('[data-cost-label]').textContent = cost.label;
    if (form.cost.dataset.kind !== form.kind.value) form.cost.value = cost.value;
    form.cost.dataset.kind = form.kind.value;
  }
  for (const field of form.querySelectorAll('[data-arrival]')) {
    field.hidden = !field.dataset.arrival.split(' ').includes(form.arrival.value);
  }
}

/** Number inputs give NaN for text that is not a number; Rust names the field in its error. */
function numberOf(input) {
  return input.value.trim() === '' ? input.value : input.valueAsNumber;
}

function readConfig() {
  const arrival = { kind: form.arrival.value };
  if (arrival.kind === 'constant' || arrival.kind === 'poisson') {
    arrival.ratePerSec = numberOf(form.ratePerSec);
  }
  if (arrival.kind === 'burst') {
    arrival.size = numberOf(form.burstSize);
    arrival.everyMs = numberOf(form.everyMs);
  }
  const common = {
    workers: numberOf(form.workers),
    jobs: numberOf(form.jobs),
    jobsBuffer: numberOf(form.jobsBuffer),
    resultsBuffer: numberOf(form.resultsBuffer),
    arrival,
  };
  if (form.driver.value === 'sim') {
    const service = { kind: form.service.value, meanMs: numberOf(form.meanMs) };
    const policy = { kind: form.policy.value };
    if (policy.kind === 'timeout') policy.timeoutMs = numberOf(form.timeoutMs);
    const mistake = form.mistake.value ? { mistake: form.mistake.value } : {};
    return {
      driver: 'sim',
      ...mistake,
      ...common,
      service,
      jobClass: form.jobClass.value,
      cores: numberOf(form.cores),
      policy,
      seed: numberOf(form.seed),
      mode: form.mode.value,
      memoryLimitBytes: numberOf(form.memoryLimitMiB) * 1024 * 1024,
      jobBytes: numberOf(form.jobKiB) * 1024,
    };
  }
  const kind = form.kind.value;
  const work = { kind };
  if (COST[kind]) work[COST[kind].field] = numberOf(form.cost);
  return { ...common, failureRate: numberOf(form.failureRate), work };
}

function showError(error) {
  for (const out of form.querySelectorAll('output.error')) out.textContent = '';
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  if (!error) return;
  const field = error.field ?? 'config';
  const target =
    [...form.querySelectorAll('output.error')].find((out) =>
      out.dataset.errorFor.split(' ').includes(field),
    ) ?? $('form-error');
  target.textContent = error.message;
  const input = target.closest('.field')?.querySelector('input, select');
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}

const ms = (v) => `${v < 1 ? v.toFixed(3) : v.toFixed(2)} ms`;

function simRows(s) {
  const stage = (p) =>
    `${ms(p.meanMs)} mean · p50 ${ms(p.p50Ms)} · p95 ${ms(p.p95Ms)} · p99 ${ms(p.p99Ms)}`;
  return [
    ['driver', 'simulated (virtual time)'],
    ['jobs sent', s.jobs],
    ['dropped', s.dropped],
    ['results collected', s.results],
    ['sum of results', s.sum],
    ['errors', s.errors],
    ['max len(jobs)', s.maxJobsLen],
    ['max len(results)', s.maxResultsLen],
    ['virtual time', ms(s.elapsedMs)],
    ['throughput', `${s.throughputPerSec.toFixed(1)} jobs/s`],
    ['jobs in the system (L)', s.meanInSystem.toFixed(3)],
    ['producer blocked', `${(s.producerBlockedFraction * 100).toFixed(1)}% of the time`],
    ['peak memory', `${(s.peakMemoryBytes / 2 ** 20).toFixed(2)} MiB`],
    ['peak goroutines', s.peakGoroutines],
    ['wait in jobs (Wq)', stage(s.queueWait)],
    ['service', stage(s.service)],
    ['send to collect (W)', stage(s.latency)],
    ['cancelled', s.cancelled ? 'yes (before it began)' : 'no'],
  ];
}

function renderSummary(s) {
  if (s.driver === 'sim') return renderRows(simRows(s), s);
  const rows = [
    ['jobs sent', s.jobs],
    ['results received', s.results],
    ['sum of results', s.sum],
    ['errors', s.errors],
    ['duplicates', s.duplicates],
    ['max len(jobs)', s.maxJobsLen],
    ['max len(results)', s.maxResultsLen],
    ['threads that ran jobs', s.threads],
    ['jobs per worker', s.perWorker.join(' · ')],
    ['elapsed', `${s.elapsedMs.toFixed(1)} ms`],
    ['cancelled', s.cancelled ? 'yes' : 'no'],
  ];
  if (s.eventsDropped > 0) rows.push(['events dropped (reader behind)', s.eventsDropped]);
  renderRows(rows, s);
}

function renderRows(rows, s) {
  if (s.traceTruncated) rows.push(['log', `first ${s.config.traceLimit} job events in full`]);
  const table = document.createElement('table');
  for (const [name, value] of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = name;
    tr.insertCell().textContent = String(value);
    tr.dataset.key = name;
  }
  summaryBox.replaceChildren(table);
  summaryBox.dataset.ready = 'true';
}

function formatUs(us) {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

/**
 * The diagram in words for screen readers (a polite live region): while the view moves, at most
 * once every few seconds; once it stops, within a moment. Either way the last words are always
 * those of the latest state — a trailing update carries it, so a fast run's end is never lost.
 */
const SPEAK_MOVING_MS = 5000;
const SPEAK_STILL_MS = 300;
const speaker = { describe: null, timer: 0, dueAt: 0, lastAt: -Infinity };

function speak(describeNow, moving) {
  speaker.describe = describeNow;
  const dueAt = Math.max(
    performance.now(),
    speaker.lastAt + (moving ? SPEAK_MOVING_MS : SPEAK_STILL_MS),
  );
  if (speaker.timer && speaker.dueAt <= dueAt) return;
  clearTimeout(speaker.timer);
  speaker.dueAt = dueAt;
  speaker.timer = setTimeout(() => {
    speaker.timer = 0;
    speaker.lastAt = performance.now();
    const words = speaker.describe();
    if (spoken.textContent !== words) spoken.textContent = words;
  }, dueAt - performance.now());
}
let summary = null;

function drawFrame({ state, timeline, tokens, flows }) {
  const shown =
    summary && timeline.position === timeline.length
      ? applySummary(structuredClone(state), summary)
      : state;
  diagram.draw(shown, { tokens, flows, reducedMotion });
  code.render(shown);
  charts.setPlayhead(timeline.timeUs / 1000);
  const end = Math.max(1, timeline.endUs);
  scrub.value = String(Math.round((1000 * timeline.timeUs) / end));
  clock.textContent = `${formatUs(timeline.timeUs)} / ${formatUs(timeline.endUs)} · event ${timeline.position} of ${timeline.length}`;
  followBox.checked = player.follow;
  playButton.textContent = player.playing ? '‖' : '▶︎';
  playButton.setAttribute('aria-pressed', String(player.playing));
  const notes = [];
  if (flows)
    notes.push('Too many jobs in flight to draw one by one: wire widths show how many crossed.');
  if (shown.truncated)
    notes.push(
      'The log kept full detail up to its trace limit; later job events are counted, not drawn.',
    );
  note.hidden = notes.length === 0;
  note.textContent = notes.join(' ');
  speak(() => describe(shown), player.playing || (player.follow && player.live));
}

/** The diagram in words, for screen readers. */
function describe(s) {
  const blocked = s.workers.filter((w) => w.state === 'blocked').length;
  const working = s.workers.filter((w) => w.state === 'working' || w.state === 'sending').length;
  return (
    `Producer ${s.producer.state === 'blocked' ? 'blocked on a full jobs channel' : s.producer.state}, ` +
    `${s.producer.sent} sent. jobs ${s.jobs.len} of ${s.jobs.cap}${s.jobs.closed ? ', closed' : ''}. ` +
    `${working} workers working, ${blocked} blocked on results. ` +
    `results ${s.results.len} of ${s.results.cap}${s.results.closed ? ', closed' : ''}. ` +
    `${s.collector.collected} collected. WaitGroup counter ${s.waitGroup}.`
  );
}

/**
 * Workers the goroutine menu lists one by one; a bigger pool gets those plus as many spread
 * evenly up to the last (a menu of 100,000 options is no menu, and costs a run's start).
 */
const MENU_WORKERS = 32;

/** The worker ids the goroutine menu offers for a pool of `n`. */
function menuWorkers(n) {
  if (n <= 2 * MENU_WORKERS) return Array.from({ length: n }, (_, i) => i + 1);
  const first = Array.from({ length: MENU_WORKERS }, (_, i) => i + 1);
  const step = (n - MENU_WORKERS) / MENU_WORKERS;
  const spread = Array.from({ length: MENU_WORKERS }, (_, i) =>
    Math.round(MENU_WORKERS + (i + 1) * step),
  );
  return [...first, ...spread];
}

function fillGoroutines(config) {
  const options = [
    [ACTOR_PRODUCER, 'producer'],
    ...menuWorkers(config.workers).map((w) => [w, `worker ${w}`]),
    [ACTOR_CLOSER, 'closer'],
    [ACTOR_COLLECTOR, 'collector'],
  ];
  goroutineSelect.replaceChildren(
    ...options.map(([value, label]) => new Option(label, String(value))),
  );
}

/** The sizing sweep as a table, for when the chart library did not load. */
function sweepTable(root, points) {
  const table = document.createElement('table');
  table.className = 'summary';
  const head = table.createTHead().insertRow();
  for (const name of ['workers', 'results/s', 'p95 latency (ms)']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const p of points) {
    const row = body.insertRow();
    for (const value of [p.workers, Math.round(p.throughputPerSec), p.p95LatencyMs.toFixed(2)]) {
      row.insertCell().textContent = String(value);
    }
  }
  root.replaceChildren(table);
}

/** Go's own report of a crashed run: the message, then each goroutine and where it waits. */
function showCrash(crash) {
  const box = $('crash');
  box.hidden = !crash;
  if (!crash) return;
  const stacks = crash.goroutines.map((g) => `goroutine ${g.id} [${g.state}]:\n${g.at}`);
  box.textContent = [crash.message, ...stacks, `Why: ${crash.explanation}`].join('\n\n');
}

let chartsDueAt = 0;
poolsim.subscribe((message) => {
  if (message.type === 'started') {
    summary = null;
    showCrash(null);
    const timeline = poolsim.timeline();
    timeline.onMove = () => player.moved();
    code.load(message.config);
    charts.clear();
    fillGoroutines(message.config);
    player.load(timeline, { live: true });
    updateStatus();
  } else if (message.type === 'events') {
    player.appended();
    const now = performance.now();
    if (now > chartsDueAt) {
      chartsDueAt = now + 2000;
      charts.update(poolsim.timeline());
    }
  } else if (message.type === 'error') {
    // The engine died or a policy forbade its workers: the status line says what is left.
    updateStatus();
  } else if (message.type === 'done') {
    // Runs started from the controls and from scripts end the same way.
    summary = message.summary;
    const note = $('note');
    note.hidden = !poolsim.lastNote;
    note.textContent = poolsim.lastNote ?? '';
    showCrash(summary.deadlock);
    renderSummary(summary);
    charts.update(poolsim.timeline());
    player.finished();
    syncSpeed();
    player.invalidate();
  }
});

/** The scenario string of the run shown (for "Copy link"), and that run's promise. */
let shownScenario = null;
let currentRun = Promise.resolve();

function start(event) {
  event.preventDefault();
  currentRun = runScenario(readConfig(), { remember: true });
}

function refuse(error) {
  showError(error);
  summaryBox.replaceChildren();
  const why = document.createElement('p');
  why.className = 'muted';
  why.textContent = `No run: ${error.message}`;
  summaryBox.append(why);
  summaryBox.dataset.ready = 'false';
}

/**
 * Runs `config` from the page. With `remember`, its link becomes a new history entry (Back
 * returns to the previous scenario); a config the engine refuses gets no link and no run.
 */
async function runScenario(config, { remember = false, playheadMs = null } = {}) {
  showError(null);
  summaryBox.dataset.ready = 'false';
  summaryBox.innerHTML = '<p class="muted">Running…</p>';
  startButton.disabled = true;
  cancelButton.disabled = false;
  pauseButton.disabled = false;
  pauseButton.setAttribute('aria-pressed', 'false');
  try {
    const scenario = await encodeScenario(config).catch(() => null);
    if (remember && scenario && new URLSearchParams(location.hash.slice(1)).get('s') !== scenario) {
      history.pushState(null, '', `#s=${scenario}`);
    }
    shownScenario = scenario;
    await poolsim.run(config);
    if (playheadMs !== null) player.seekUs(playheadMs * 1000);
  } catch (error) {
    refuse(error);
  } finally {
    startButton.disabled = false;
    cancelButton.disabled = true;
    pauseButton.disabled = true;
  }
}

/** Fills the controls from a config with every default filled in (what a link holds). */
function writeConfig(c) {
  const set = (name, value) => {
    if (value !== undefined && value !== null) form.elements[name].value = String(value);
  };
  if (c.driver === 'sim' || !form.driver.querySelector('option[value="live"]').disabled) {
    form.driver.value = c.driver;
  }
  set('workers', c.workers);
  set('jobs', c.jobs);
  set('jobsBuffer', c.jobsBuffer);
  set('resultsBuffer', c.resultsBuffer);
  form.arrival.value = c.arrival.kind;
  set('ratePerSec', c.arrival.ratePerSec);
  set('burstSize', c.arrival.size);
  set('everyMs', c.arrival.everyMs);
  if (c.driver === 'sim') {
    form.service.value = c.service.kind;
    set('meanMs', c.service.meanMs);
    form.policy.value = c.policy.kind;
    set('timeoutMs', c.policy.timeoutMs);
    form.mistake.value = c.mistake ?? '';
    form.jobClass.value = c.jobClass;
    set('cores', c.cores);
    set('seed', c.seed);
    form.mode.value = c.mode;
    set('memoryLimitMiB', c.memoryLimitBytes / 2 ** 20);
    set('jobKiB', c.jobBytes / 1024);
  } else {
    form.kind.value = c.work.kind;
    if (COST[c.work.kind]) set('cost', c.work[COST[c.work.kind].field]);
    form.cost.dataset.kind = c.work.kind;
    set('failureRate', c.failureRate);
  }
  syncFields();
}

/**
 * Opens the scenario in the address (`#s=<scenario>&t=<playhead ms>`): fills the controls and
 * runs it. A link the engine refuses runs nothing and says which field is wrong.
 */
async function openFromLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const scenario = params.get('s');
  if (scenario === null) return;
  poolsim.cancel();
  await currentRun;
  let config;
  try {
    config = await decodeScenario(scenario);
    writeConfig(await normalizeScenario(config));
  } catch (error) {
    refuse(error);
    return;
  }
  const t = Number(params.get('t'));
  currentRun = runScenario(config, { playheadMs: params.has('t') && t >= 0 ? t : null });
  await currentRun;
}

async function copyLink() {
  const out = $('link-status');
  if (!shownScenario) {
    out.textContent = 'Run something first: a link reopens a run.';
    return;
  }
  const timeline = poolsim.timeline();
  const t = timeline ? `&t=${Math.round(timeline.timeUs / 1000)}` : '';
  const url = new URL(`#s=${shownScenario}${t}`, location.href).href;
  try {
    await navigator.clipboard.writeText(url);
    out.textContent = 'Link copied.';
  } catch {
    // No clipboard here (an insecure page, or permission refused): show it to copy by hand.
    out.textContent = url;
  }
  out.dataset.url = url;
}

async function updateStatus() {
  const ok = await poolsim.supported();
  statusLine.dataset.isolated = String(poolsim.isolated);
  const threads = poolsim.threads
    ? `${poolsim.threads} threads in the pool`
    : 'pool starts on the first run';
  const how = poolsim.isolation.how === 'service worker' ? 'by a service worker' : 'by headers';
  statusLine.textContent = ok
    ? `Cross-origin isolated ${how} · wasm threads · ${threads} · up to ${LIVE_WORKER_CAP} live workers`
    : `${poolsim.liveOff}. Live threads are off here; runs use the simulated driver.`;
  const fix = poolsim.isolation.fix;
  const fixBox = $('isolation-fix');
  fixBox.hidden = ok || !fix;
  if (fix === 'reload') {
    fixBox.replaceChildren('A normal reload brings the threads back: ', reloadButton());
  } else if (fix) {
    fixBox.textContent = fix;
  }
  if (!ok && form.driver.value === 'live') {
    form.driver.value = 'sim';
    form.driver.querySelector('option[value="live"]').disabled = true;
    syncFields();
  }
}

function reloadButton() {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => location.reload());
  return button;
}

function syncSpeed() {
  speedSelect.value = String(player.speed);
}

const ACTIONS = {
  start: () => player.toStart(),
  back: (shift) => player.step(shift ? -10 : -1),
  play: () => player.toggle(),
  forward: (shift) => player.step(shift ? 10 : 1),
  end: () => player.toEnd(),
  'actor-back': () => player.stepActor(Number(goroutineSelect.value), -1),
  'actor-forward': () => player.stepActor(Number(goroutineSelect.value), 1),
  'export-trace': () => {
    const timeline = poolsim.timeline();
    if (timeline) download('poolsim-trace.json', JSON.stringify(chromeTrace(timeline)));
  },
  'copy-link': () => copyLink(),
  'export-go': () => {
    const config = poolsim.timeline()?.config;
    if (config) download('poolsim.go', goProgram(config).text, 'text/x-go');
  },
};

const KEYS = {
  ' ': 'play',
  ArrowLeft: 'back',
  ArrowRight: 'forward',
  Home: 'start',
  End: 'end',
  ',': 'actor-back',
  '.': 'actor-forward',
};

for (const s of SPEEDS) speedSelect.append(new Option(`${s}× real time`, String(s)));
speedSelect.value = '1';
speedSelect.addEventListener('change', () => {
  player.speed = Number(speedSelect.value);
});
scrub.addEventListener('input', () => {
  const timeline = poolsim.timeline();
  if (timeline) player.seekUs((Number(scrub.value) / 1000) * timeline.endUs);
});
followBox.addEventListener('change', () => {
  if (followBox.checked) player.toEnd();
  else player.follow = false;
});
document.querySelector('.transport').addEventListener('click', (event) => {
  const action = event.target.closest('[data-action]')?.dataset.action;
  if (action) ACTIONS[action](event.shiftKey);
});
// The playback keys belong to the "Watch the pool" panel: only while focus is in it (the diagram
// takes focus), so elsewhere Space, the arrows, Home and End scroll the page and press buttons
// as they always do. Space on a button presses that button.
$('watch').addEventListener('keydown', (event) => {
  if (
    event.target.closest('input, select, textarea') ||
    (event.key === ' ' && event.target.closest('button, a')) ||
    event.ctrlKey ||
    event.metaKey ||
    event.altKey
  )
    return;
  const action = KEYS[event.key];
  if (!action) return;
  event.preventDefault();
  ACTIONS[action](event.shiftKey);
});
form.addEventListener('submit', start);
form.kind.addEventListener('change', syncFields);
form.arrival.addEventListener('change', syncFields);
form.driver.addEventListener('change', syncFields);
form.policy.addEventListener('change', syncFields);
cancelButton.addEventListener('click', () => poolsim.cancel());
$('sweep-button').addEventListener('click', async () => {
  showError(null);
  const button = $('sweep-button');
  button.disabled = true;
  try {
    const points = await poolsim.sweep(readConfig());
    $('sweep-panel').hidden = false;
    sweepPlot = sweepChart($('sweep'), points, sweepPlot);
    $('sweep').dataset.ready = 'true';
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
});
pauseButton.addEventListener('click', () => {
  const paused = pauseButton.getAttribute('aria-pressed') !== 'true';
  pauseButton.setAttribute('aria-pressed', String(paused));
  pauseButton.textContent = paused ? 'Resume collector' : 'Pause collector';
  poolsim.pauseCollector(paused);
});
addEventListener('resize', () => {
  diagram.layout = null;
  player.invalidate();
});
syncFields();
updateStatus();
addEventListener('popstate', () => openFromLink());
openFromLink();
