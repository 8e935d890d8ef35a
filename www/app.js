// The page: reads the controls, runs the pool through the public API, and draws what the
// event log says once per animation frame.

import { Poolsim, LIVE_WORKER_CAP } from './poolsim.js';
import { initialState, applyBatch, applySummary } from './pipeline.js';
import { PipelineView } from './pipeline-view.js';

const poolsim = new Poolsim();
window.poolsim = poolsim;

const form = document.getElementById('config');
const startButton = document.getElementById('start');
const cancelButton = document.getElementById('cancel');
const statusLine = document.getElementById('status');
const summaryBox = document.getElementById('summary');
const view = new PipelineView(document.getElementById('pipeline'));

const COST = {
  double: null,
  cpu: { label: 'Iterations per job', field: 'iterations', value: 10000 },
  io: { label: 'Wait per job (ms)', field: 'waitMs', value: 10 },
};

function syncCostField() {
  const cost = COST[form.kind.value];
  const wrapper = form.querySelector('[data-cost]');
  wrapper.hidden = cost === null;
  if (cost) {
    wrapper.querySelector('[data-cost-label]').textContent = cost.label;
    if (form.cost.dataset.kind !== form.kind.value) form.cost.value = cost.value;
    form.cost.dataset.kind = form.kind.value;
  }
}

/** Number inputs give NaN for text that is not a number; Rust names the field in its error. */
function numberOf(input) {
  return input.value.trim() === '' ? input.value : input.valueAsNumber;
}

function readConfig() {
  const kind = form.kind.value;
  const work = { kind };
  if (COST[kind]) work[COST[kind].field] = numberOf(form.cost);
  return {
    workers: numberOf(form.workers),
    jobs: numberOf(form.jobs),
    jobsBuffer: numberOf(form.jobsBuffer),
    resultsBuffer: numberOf(form.resultsBuffer),
    failureRate: numberOf(form.failureRate),
    work,
  };
}

function showError(error) {
  for (const out of form.querySelectorAll('output.error')) out.textContent = '';
  if (!error) return;
  const field = error.field ?? 'config';
  const target =
    [...form.querySelectorAll('output.error')].find((out) =>
      out.dataset.errorFor.split(' ').includes(field),
    ) ?? document.getElementById('form-error');
  target.textContent = error.message;
  const input = target.closest('.field')?.querySelector('input, select');
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}

function renderSummary(s) {
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
  if (s.traceTruncated) rows.push(['log', `first ${s.config.traceLimit} job events in full`]);
  if (s.eventsDropped > 0) rows.push(['events dropped (reader behind)', s.eventsDropped]);
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

let state = null;
let queued = [];
let frame = 0;

function draw() {
  frame = 0;
  if (!state) return;
  for (const words of queued) applyBatch(state, words);
  queued = [];
  view.render(state);
}

function scheduleDraw() {
  if (!frame) frame = requestAnimationFrame(draw);
}

poolsim.subscribe((message) => {
  if (message.type === 'started') {
    state = initialState(message.config);
    queued = [];
    view.reset(message.config);
    view.render(state);
    updateStatus();
  } else if (message.type === 'events') {
    queued.push(message.words);
    scheduleDraw();
  }
});

async function start(event) {
  event.preventDefault();
  showError(null);
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  summaryBox.dataset.ready = 'false';
  summaryBox.innerHTML = '<p class="muted">Running…</p>';
  startButton.disabled = true;
  cancelButton.disabled = false;
  try {
    const summary = await poolsim.run(readConfig());
    draw();
    view.render(applySummary(state, summary));
    renderSummary(summary);
  } catch (error) {
    showError(error);
  } finally {
    startButton.disabled = false;
    cancelButton.disabled = true;
  }
}

async function updateStatus() {
  const ok = await poolsim.supported();
  statusLine.dataset.isolated = String(poolsim.isolated);
  const threads = poolsim.threads
    ? `${poolsim.threads} threads in the pool`
    : 'pool starts on the first run';
  statusLine.textContent = ok
    ? `Cross-origin isolated · wasm threads · ${threads} · up to ${LIVE_WORKER_CAP} live workers`
    : 'Not cross-origin isolated: the live pool needs SharedArrayBuffer, so runs are disabled here.';
  if (!ok) startButton.disabled = true;
}

form.addEventListener('submit', start);
form.kind.addEventListener('change', syncCostField);
cancelButton.addEventListener('click', () => poolsim.cancel());
syncCostField();
updateStatus();
