// <pool-figure>: one experiment, as many as a page wants; the playground is one of them.
//
// Attributes:
// - the config in kebab-case (`workers`, `jobs`, `jobs-buffer`, `results-buffer`, `driver`,
//   `seed`), or a `scenario` (a link's code, see scenario.js) with those on top;
// - `controls`: `none` (scripts run it), `run` (Run and Cancel; the default) or `full` (the
//   whole settings form, collector pause and sizing sweep);
// - `views`: which panels show, from `diagram gmp code charts summary` (default: `diagram`, or all
//   of them with `controls="full"`);
// - `link`: the page's address holds this figure's scenario (`#s=…&t=…`), Back/Forward move
//   between runs (one such figure per page: the playground);
// - `follow-engine`: also show runs that scripts start on `window.poolsim` directly;
// - `playground`: the URL of the live playground, offered when this page can only model a run.
//
// API: `run()` → a promise of the summary; `cancel()`; events `pool-start` (detail: config),
// `pool-done` (detail: summary) and `pool-error` (detail: the Error). Every figure on a page
// shares its one engine through an EngineQueue: a figure says when it waits its turn, and its
// cancel touches only its own run. Keys work only while focus is inside the figure; off screen
// it draws nothing; removed, it cancels its run and lets go of its timeline and charts.

import { toSim } from '../engine/poolsim.js';
import { LIVE_WORKER_CAP, pageCores, defaultGomaxprocs } from '../model/limits.js';
import { sweepAround } from '../model/sweep-counts.js';
import { curveFits, curveRates, curveTable, theoryNote } from '../model/load-curve.js';
import { pageEngine } from '../engine/page-engine.js';

import { Diagram } from '../views/diagram.js';
import { Player } from '../views/player.js';
import { Timeline } from '../model/timeline.js';
import { CodePanel } from '../views/code-panel.js';
import { GmpView } from '../views/gmp-view.js';
import { applySummary } from '../model/pipeline.js';
import { Kind, ACTOR_PRODUCER, ACTOR_CLOSER, ACTOR_COLLECTOR } from '../model/events.js';
import { encodeScenario, decodeScenario, normalizeScenario } from '../engine/scenario.js';
import {
  buildFields,
  syncForm,
  readForm,
  readFields,
  writeForm,
  showFormError,
} from '../views/config-form.js';
import { renderSummary, summaryText, sweepTable } from '../views/summary-table.js';
import { Speaker, describe } from '../views/speaker.js';
import { buildTransport, wireTransport } from '../views/transport.js';
import { chromeTrace, download } from '../model/export.js';
import { goProgram } from '../model/go-program.js';

/** Attributes that are config fields, and their config names. */
const FIELDS = {
  workers: 'workers',
  jobs: 'jobs',
  'jobs-buffer': 'jobsBuffer',
  'results-buffer': 'resultsBuffer',
  driver: 'driver',
  seed: 'seed',
};

const VIEWS = ['diagram', 'gmp', 'code', 'charts', 'summary', 'sweep', 'curve'];

function attributeValue(name, text) {
  if (name === 'driver') return text;
  const number = Number(text);
  // Not a number: passed on as given, so the engine's validation names the field.
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/**
 * The playground's address `playground` (relative to the page) with `hash`, or `null` when it is
 * not a web address: the attribute is the page author's, but a `javascript:` or `data:` link
 * is never what a reader's click should open.
 */
function playgroundHref(playground, hash) {
  try {
    const url = new URL(hash, new URL(playground, location.href));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function formatUs(us) {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

/**
 * Workers the goroutine menu lists one by one; a bigger pool gets those plus as many spread
 * evenly up to the last (a menu of 100,000 options is no menu, and costs a run's start).
 */
const MENU_WORKERS = 32;

/** The worker ids the goroutine menu offers for a pool of `n`. */
export function menuWorkers(n) {
  if (n <= 2 * MENU_WORKERS) return Array.from({ length: n }, (_, i) => i + 1);
  const first = Array.from({ length: MENU_WORKERS }, (_, i) => i + 1);
  const step = (n - MENU_WORKERS) / MENU_WORKERS;
  const spread = Array.from({ length: MENU_WORKERS }, (_, i) =>
    Math.round(MENU_WORKERS + (i + 1) * step),
  );
  return [...first, ...spread];
}

/**
 * Results per second over the second half of a run's results, from its log: a live run starts
 * on a fresh engine whose code is still warming up, and its first results would understate
 * what the pool does once running. Null when the run is too short to say.
 */
function steadyRate(timeline) {
  if (!timeline) return null;
  const times = [];
  for (let i = 0; i < timeline.length; i++) {
    if (timeline.kindOf(i) === Kind.ResultCollected) times.push(timeline.timeOf(i));
  }
  if (times.length < 20) return null;
  const from = Math.floor(times.length / 2);
  const seconds = (times.at(-1) - times[from]) / 1e6;
  return seconds > 0 ? (times.length - 1 - from) / seconds : null;
}

/** Live charts refresh at most this often while a run streams in. */
const CHARTS_EVERY_MS = 2000;

export class PoolFigure extends HTMLElement {
  #parts = null;
  #diagram = null;
  #player = null;
  #code = null;
  #gmp = null;
  #charts = null;
  #sweepPlot = null;
  #curvePlot = null;
  #speaker = null;
  #summary = null;
  #timeline = null;
  #unsubscribe = null;
  #visibility = null;
  #resize = null;
  #scenario = null;
  #chartsDueAt = 0;
  #settledAt = -1;
  /** This figure's runs and sweeps still going (a sweep is several requests in turn). */
  #busy = 0;
  /** Calls of `#showConfig` and runs so far: an answer for an older one is stale. */
  #shows = 0;
  #onPopState = () => this.#openFromLink();

  get #full() {
    return this.getAttribute('controls') === 'full';
  }

  get #views() {
    const given = this.getAttribute('views');
    if (given === null) return this.#full ? VIEWS : ['diagram'];
    return given.split(/\s+/).filter((v) => VIEWS.includes(v));
  }

  /** The config the attributes describe (a `scenario` first, then the fields on top). */
  async config() {
    const config = this.hasAttribute('scenario')
      ? await decodeScenario(this.getAttribute('scenario'))
      : {};
    for (const [attribute, field] of Object.entries(FIELDS)) {
      if (this.hasAttribute(attribute)) {
        config[field] = attributeValue(attribute, this.getAttribute(attribute));
      }
    }
    return config;
  }

  static get observedAttributes() {
    return ['scenario', ...Object.keys(FIELDS)];
  }

  /** A script changed a setting: the pool at rest shows it (a run on screen keeps its own). */
  attributeChangedCallback(name, before, now) {
    if (before !== now && this.#parts && !this.#timeline) this.#showConfig(null);
  }

  connectedCallback() {
    // Moved (see `disconnectedCallback`): still built, and its run goes on.
    if (this.#parts) return;
    const { poolsim, queue } = pageEngine();
    this.#build();
    const unsubscribe = poolsim.subscribe((message) => this.#engineSaid(message));
    // Run and Cancel follow this figure's calls and requests, not each call's end: a second run
    // (Back in the playground, a script) keeps Cancel live until the last ends.
    const unqueue = queue.onChange(() => this.#syncRunning());
    // The reader may ask for less motion while the page is open: the next frame obeys.
    const motion = matchMedia('(prefers-reduced-motion: reduce)');
    const onMotion = () => {
      this.#player.reducedMotion = motion.matches;
      this.#player.invalidate();
    };
    motion.addEventListener('change', onMotion);
    this.#unsubscribe = () => {
      unsubscribe();
      unqueue();
      motion.removeEventListener('change', onMotion);
    };
    // Off screen, a figure draws nothing and its playback waits (the player keeps its place).
    this.#visibility = new IntersectionObserver((entries) => {
      const onScreen = entries.at(-1).isIntersecting;
      const back = onScreen && !this.#player.onScreen;
      this.#player.onScreen = onScreen;
      this.toggleAttribute('data-offscreen', !onScreen);
      if (back && this.#timeline) this.#charts?.update(this.#timeline);
    });
    this.#visibility.observe(this);
    poolsim.supported().then((ok) => this.#liveIs(ok));
    if (this.hasAttribute('link')) {
      addEventListener('popstate', this.#onPopState);
      this.#openFromLink();
    } else if (this.#full && this.hasAttribute('scenario')) {
      this.config().then(
        (c) => this.#showConfig(c),
        () => {},
      );
    }
  }

  disconnectedCallback() {
    // A move (a framework reordering nodes, a tab container) is a removal and an insertion in
    // one task: only a figure still out of the page after it is torn down.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  /** Removed from the page: its run ends, and nothing of it stays alive or drawing. */
  #teardown() {
    this.cancel();
    this.#unsubscribe?.();
    this.#visibility?.disconnect();
    this.#resize?.disconnect();
    removeEventListener('popstate', this.#onPopState);
    this.#player?.pause();
    this.#player?.load(null, { live: false });
    this.#speaker?.stop();
    this.#charts?.destroy?.();
    this.#sweepPlot?.destroy?.();
    this.#curvePlot?.destroy?.();
    if (this.#timeline?.onMove) this.#timeline.onMove = null;
    this.#timeline = null;
    this.#charts = null;
    this.#sweepPlot = null;
    this.#curvePlot = null;
    this.#diagram = null;
    this.#code = null;
    this.#gmp = null;
    this.#parts = null;
    // Put back later, it starts at rest, with nothing of this run.
    this.#summary = null;
    this.#scenario = null;
    this.#settledAt = -1;
    this.replaceChildren();
  }

  /** Runs this figure's experiment on the page's engine, after the figures ahead of it. */
  async run() {
    const parts = this.#parts;
    if (!parts) throw new Error('this figure is not on a page');
    // The place in line is taken at once, in the order runs were asked for, even while a
    // scenario is still being decoded.
    const config = parts.form
      ? Promise.resolve().then(() => readForm(parts.form))
      : this.config().then((c) => this.#fieldsOver(c));
    if (this.getAttribute('sweep') && parts.sweepView) return this.#runSweep(config);
    return this.#run(config, { remember: this.hasAttribute('link') && Boolean(parts.form) });
  }

  /**
   * The worker counts of the `sweep` attribute for a run of `config`, or null: numbers, or
   * `gomaxprocs` for counts around the run's GOMAXPROCS G (see `sweepAround`).
   */
  #sweepCounts(config) {
    const given = (this.getAttribute('sweep') ?? '').trim();
    if (given === 'gomaxprocs') return sweepAround(config.gomaxprocs ?? defaultGomaxprocs());
    const counts = given
      .split(/\s+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    return counts.length > 0 ? counts : null;
  }

  /**
   * A sizing sweep: the experiment once per worker count, in turn on the page's engine. Counts
   * up to what the page runs live (`sweep-live-max`: a number or `cores×2`; never above the live
   * cap) are measured on real threads, largest first — the engine's thread pool only grows, so
   * one start serves them all. The rest are modeled, with the service time measured by the
   * smallest live run, so the two agree where they meet. With `jobs-per-worker`, each point gets
   * that many jobs per worker, so every point runs about as long. Resolves to `{sweep:
   * [{workers, throughputPerSec, measured, gomaxprocs, elapsedMs, results}], cancelled,
   * gomaxprocs}` (`gomaxprocs`: the live points', or `null`).
   */
  async #runSweep(asked) {
    const { poolsim } = pageEngine();
    const p = this.#parts;
    const perWorker = Number(this.getAttribute('jobs-per-worker')) || null;
    this.#busy += 1;
    this.#shows += 1;
    this.#syncRunning();
    const points = [];
    let cancelled = false;
    try {
      const base = await asked;
      const counts = this.#sweepCounts(base) ?? [];
      this.#emit('pool-start', base);
      this.#drawSweep(points);
      const threads = base.driver !== 'sim' && (await poolsim.supported());
      const liveMax = threads ? this.#sweepLiveMax() : 0;
      const live = counts.filter((n) => n <= liveMax).sort((x, y) => y - x);
      const modeled = counts.filter((n) => n > liveMax).sort((x, y) => x - y);
      const point = async (workers, config, step) => {
        p.status.textContent = `Running ${workers} workers (${step} of ${counts.length})…`;
        if (perWorker) config.jobs = workers * perWorker;
        const summary = await this.#sweepRun({ ...config, workers });
        if (summary.cancelled) return false;
        points.push({
          workers,
          measured: summary.driver !== 'sim',
          gomaxprocs: summary.driver !== 'sim' ? summary.config.gomaxprocs : null,
          results: summary.results,
          elapsedMs: summary.elapsedMs,
          throughputPerSec:
            steadyRate(this.#timeline) ?? summary.results / (summary.elapsedMs / 1000),
        });
        points.sort((x, y) => x.workers - y.workers);
        this.#drawSweep(points);
        return true;
      };
      let step = 0;
      for (const workers of live) {
        if (this.#parts !== p || !(await point(workers, structuredClone(base), ++step))) break;
      }
      cancelled = points.length < live.length;
      const smallest = points[0];
      for (const workers of cancelled ? [] : modeled) {
        const config = base.driver === 'sim' ? structuredClone(base) : toSim(base);
        if (smallest?.measured) {
          // What one job took here, measured: the model runs the same job.
          config.service = {
            kind: 'constant',
            meanMs: (smallest.workers * 1000) / smallest.throughputPerSec,
          };
        }
        if (this.#parts !== p || !(await point(workers, config, ++step))) {
          cancelled = true;
          break;
        }
      }
      const gomaxprocs = points.find((q) => q.measured)?.gomaxprocs ?? null;
      const result = { sweep: points, cancelled, gomaxprocs };
      if (this.#parts === p) {
        const measured = points.filter((q) => q.measured).length;
        p.status.textContent = cancelled ? 'Cancelled' : 'Done';
        p.outcome.textContent =
          `${points.length} runs: ${measured} measured on your ${navigator.hardwareConcurrency} ` +
          `cores` +
          (gomaxprocs ? ` (GOMAXPROCS ${gomaxprocs})` : '') +
          `, ${points.length - measured} modeled` +
          (measured > 0 && points.length > measured ? ' (from the job time measured here)' : '');
      }
      this.#emit('pool-done', result);
      return result;
    } catch (error) {
      return this.#refused(error);
    } finally {
      this.#busy -= 1;
      this.#syncRunning();
    }
  }

  /** The most workers a sweep runs live: `sweep-live-max` (a number, or `cores×2`). */
  #sweepLiveMax() {
    const given = this.getAttribute('sweep-live-max') ?? String(LIVE_WORKER_CAP);
    const max = /^cores/.test(given) ? Math.max(4, 2 * pageCores()) : Number(given);
    return Math.min(LIVE_WORKER_CAP, Number.isFinite(max) ? max : LIVE_WORKER_CAP);
  }

  /**
   * One point of a sweep. A live engine that would not start (Firefox ESR now and then leaves
   * a fresh engine's threads unstarted until the watchdog gives up) gets one more try: a sweep
   * is many runs, and one bad start should not cost the reader all of them.
   */
  async #sweepRun(config) {
    const { queue } = pageEngine();
    try {
      return await queue.run(this, config);
    } catch (error) {
      if (error.field !== undefined && error.field !== null) throw error;
      if (error.name === 'AbortError') throw error;
      return queue.run(this, config);
    }
  }

  /**
   * The curve view: the same pool measured at loads around its capacity (a load sweep on the
   * page's engine, after the run), theory beside it, and this run marked.
   */
  async #drawCurve(config) {
    const p = this.#parts;
    p.curveView.dataset.ready = 'false';
    if (!curveFits(config)) {
      p.curveNote.textContent = 'The curve is drawn for simulated runs with an arrival rate.';
      p.curveTable.replaceChildren();
      return;
    }
    p.curveNote.textContent = 'Measuring the same pool at other loads…';
    const { queue } = pageEngine();
    const points = await queue.loadSweep(this, config, curveRates(config));
    if (this.#parts !== p) return;
    p.curveNote.textContent =
      `Simulated at ${points.length} loads, latency from arrival; dashed: queueing theory. ` +
      theoryNote(config);
    p.curveTable.replaceChildren(curveTable(config, points));
    if (p.loadChart) this.#curvePlot = p.loadChart(p.curveRoot, config, points, this.#curvePlot);
    p.curveView.dataset.ready = 'true';
  }

  /** The sweep so far: a chart where the chart library loaded, and always a table. */
  #drawSweep(points) {
    const p = this.#parts;
    if (!p?.sweepView) return;
    const table = el('table', 'summary');
    const caption = el('caption', 'visually-hidden', 'Throughput by number of workers');
    table.append(caption);
    const head = table.createTHead().insertRow();
    for (const name of ['workers', 'results per second', 'how']) {
      const th = el('th', '', name);
      th.scope = 'col';
      head.append(th);
    }
    const body = table.createTBody();
    for (const q of points) {
      const row = body.insertRow();
      row.dataset.workers = String(q.workers);
      for (const text of [
        q.workers,
        Math.round(q.throughputPerSec).toLocaleString('en-US'),
        q.measured ? 'measured' : 'modeled',
      ]) {
        row.insertCell().textContent = String(text);
      }
    }
    p.sweepTable.replaceChildren(table);
    if (p.sizingChart && points.length > 0) {
      // `sweep-mark`: a worker count drawn as a line (a reader's guess, say).
      const mark = Number(this.getAttribute('sweep-mark')) || null;
      this.#sweepPlot = p.sizingChart(p.sizingRoot, points, this.#sweepPlot, mark);
    }
  }

  /** Cancels this figure's run, waiting or running; other figures' runs go on. */
  cancel() {
    pageEngine().queue.cancel(this);
  }

  /** What the diagram last drew (for tests and scripts). */
  get drawn() {
    return this.#diagram?.drawn ?? null;
  }

  get diagram() {
    return this.#diagram;
  }

  get player() {
    return this.#player;
  }

  /** The timeline this figure shows (its last run's), or null. */
  get timeline() {
    return this.#timeline;
  }

  async #run(asked, { remember = false, playheadMs = null } = {}) {
    const { queue } = pageEngine();
    const p = this.#parts;
    if (p.form ?? p.fields) showFormError(p.form ?? p.fields, null);
    this.#summary = null;
    if (p.summary) summaryText(p.summary, 'Waiting for the engine…');
    this.#busy += 1;
    this.#shows += 1;
    this.#syncRunning();
    const running = queue.run(this, asked, {
      onWaiting: (place) => {
        p.status.textContent =
          place === 1
            ? 'Waiting for the engine (next)'
            : `Waiting for the engine (${place - 1} ahead)`;
      },
    });
    // Settled below, or left behind when the config itself is refused.
    running.catch(() => {});
    try {
      const config = await asked;
      this.#emit('pool-start', config);
      if (p.form || this.hasAttribute('playground')) {
        const scenario = await encodeScenario(config).catch(() => null);
        const inAddress = new URLSearchParams(location.hash.slice(1)).get('s');
        if (remember && scenario && inAddress !== scenario) {
          history.pushState(null, '', `#s=${scenario}`);
        }
        this.#scenario = scenario;
      }
      const summary = await running;
      // A figure removed meanwhile has nothing left to show it on.
      if (this.#parts === p) {
        if (playheadMs !== null) this.#player.seekUs(playheadMs * 1000);
        p.status.textContent = summary.cancelled ? 'Cancelled' : 'Done';
        this.#outcome(summary);
        if (p.curveView && !summary.cancelled) {
          // A curve that cannot be measured says so, rather than "Measuring…" for ever.
          this.#drawCurve(config).catch((error) => {
            if (this.#parts === p) p.curveNote.textContent = `No curve: ${error.message}`;
          });
        }
      }
      this.#emit('pool-done', summary);
      return summary;
    } catch (error) {
      return this.#refused(error);
    } finally {
      this.#busy -= 1;
      this.#syncRunning();
    }
  }

  #refused(error) {
    const p = this.#parts;
    if (p) {
      p.status.textContent = '';
      p.outcome.textContent = `No run: ${error.message}`;
      if (p.form ?? p.fields) showFormError(p.form ?? p.fields, error);
      if (p.summary) summaryText(p.summary, `No run: ${error.message}`);
    }
    this.#emit('pool-error', error);
    throw error;
  }

  /** Run and Cancel as this figure's runs stand: any call of its still going, or any request. */
  #syncRunning() {
    this.#setRunning(this.#busy > 0 || pageEngine().queue.stateOf(this) != null);
  }

  #setRunning(running) {
    const p = this.#parts;
    if (!p || p.running === running) return;
    p.running = running;
    p.run.disabled = running;
    p.cancel.disabled = !running;
    if (p.pause) {
      p.pause.disabled = !running;
      p.pause.setAttribute('aria-pressed', 'false');
      p.pause.textContent = 'Pause collector';
    }
  }

  #outcome(summary) {
    const p = this.#parts;
    const modeled = summary.driver === 'sim';
    p.outcome.textContent =
      `${summary.results} of ${summary.jobs} jobs collected` +
      (modeled
        ? ' (modeled)'
        : ` on GOMAXPROCS ${summary.config.gomaxprocs} (measured on your ` +
          `${navigator.hardwareConcurrency} cores)`);
    const playground = this.getAttribute('playground');
    if (playground && this.#scenario) {
      // Every experiment reopens from a link: in the playground, with all its settings.
      const text =
        modeled && summary.note ? 'Run it live in the playground' : 'Open in the playground';
      const href = playgroundHref(playground, `#s=${this.#scenario}`);
      if (href) {
        const link = el('a', 'pf-open', text);
        link.href = href;
        p.outcome.append(' — ', link);
      }
    }
  }

  /** Whether a message of the engine's current run is this figure's to show. */
  #mine(message) {
    // Its own run's, by id: while its config is worked out, a script's run is not its.
    const { queue } = pageEngine();
    if (queue.stateOf(this) === 'running') return queue.runIdOf(this) === message.runId;
    // Runs scripts start themselves belong to no figure; a following figure shows them.
    return this.hasAttribute('follow-engine') && !queue.busy;
  }

  #engineSaid(message) {
    const p = this.#parts;
    if (!p || !this.#mine(message)) return;
    const { poolsim } = pageEngine();
    if (message.type === 'started') {
      this.#summary = null;
      this.#showCrash(null);
      p.status.textContent = 'Running…';
      if (p.summary) summaryText(p.summary, 'Running…');
      this.#timeline = poolsim.timeline();
      this.#timeline.onMove = () => this.#player.moved();
      this.#code?.load(message.config);
      this.#charts?.clear();
      this.#fillGoroutines(message.config);
      this.#player.load(this.#timeline, { live: true });
    } else if (message.type === 'events') {
      this.#player.appended();
      const now = performance.now();
      // Off screen, the charts wait: they catch up when the figure comes back into view.
      if (this.#charts && now > this.#chartsDueAt && this.#player.onScreen) {
        this.#chartsDueAt = now + CHARTS_EVERY_MS;
        this.#charts.update(this.#timeline);
      }
    } else if (message.type === 'error') {
      // The run ended without a summary (its engine died, say): what came of it stays on
      // screen, and the player stops following a live edge that will never move again.
      this.#player.finished();
      this.#player.invalidate();
    } else if (message.type === 'done') {
      this.#summary = message.summary;
      p.status.textContent = message.summary.cancelled ? 'Cancelled' : 'Done';
      if (p.note) {
        p.note.hidden = !poolsim.lastNote;
        p.note.textContent = poolsim.lastNote ?? '';
      }
      this.#showCrash(message.summary.deadlock);
      if (p.summary) renderSummary(p.summary, message.summary);
      if (!pageEngine().queue.stateOf(this)) this.#outcome(message.summary);
      this.#charts?.update(this.#timeline);
      this.#player.finished();
      if (p.transport) p.transport.speed.value = String(this.#player.speed);
      this.#player.invalidate();
    }
  }

  /** Go's own report of a crashed run: the message, then each goroutine and where it waits. */
  #showCrash(crash) {
    const box = this.#parts.crash;
    box.hidden = !crash;
    if (!crash) return;
    const stacks = crash.goroutines.map((g) => `goroutine ${g.id} [${g.state}]:\n${g.at}`);
    box.textContent = [crash.message, ...stacks, `Why: ${crash.explanation}`].join('\n\n');
  }

  #fillGoroutines(config) {
    const menu = this.#parts.transport?.goroutine;
    if (!menu) return;
    const options = [
      [ACTOR_PRODUCER, 'producer'],
      ...menuWorkers(config.mode === 'unbounded' ? 0 : config.workers).map((w) => [
        w,
        `worker ${w}`,
      ]),
      [ACTOR_CLOSER, 'closer'],
      [ACTOR_COLLECTOR, 'collector'],
    ];
    menu.replaceChildren(...options.map(([value, label]) => new Option(label, String(value))));
  }

  /** A page that cannot run live threads: the form keeps to the simulator. */
  #liveIs(ok) {
    const form = this.#parts?.form;
    if (ok || !form) return;
    form.driver.querySelector('option[value="live"]').disabled = true;
    if (form.driver.value === 'live') {
      form.driver.value = 'sim';
      syncForm(form);
    }
  }

  #draw({ state, timeline, tokens, flows }) {
    const p = this.#parts;
    if (!p) return;
    const shown =
      this.#summary && timeline.position === timeline.length
        ? applySummary(structuredClone(state), this.#summary)
        : state;
    this.#diagram.draw(shown, { tokens, flows, reducedMotion: this.#player.reducedMotion });
    this.#code?.render(shown);
    this.#gmp?.render(shown);
    this.#charts?.setPlayhead(timeline.timeUs / 1000);
    const t = p.transport;
    if (t) {
      const end = Math.max(1, timeline.endUs);
      t.scrub.value = String(Math.round((1000 * timeline.timeUs) / end));
      t.scrub.setAttribute(
        'aria-valuetext',
        `${formatUs(timeline.timeUs)} of ${formatUs(timeline.endUs)}`,
      );
      t.clock.textContent = `${formatUs(timeline.timeUs)} / ${formatUs(timeline.endUs)} · event ${timeline.position} of ${timeline.length}`;
      t.follow.checked = this.#player.follow;
      t.play.textContent = this.#player.playing ? '‖' : '▶︎';
      t.play.setAttribute('aria-pressed', String(this.#player.playing));
    }
    const notes = [];
    if (flows)
      notes.push('Too many jobs in flight to draw one by one: wire widths show how many crossed.');
    if (shown.truncated)
      notes.push(
        'The log kept full detail up to its trace limit; later job events are counted, not drawn.',
      );
    p.diagramNote.hidden = notes.length === 0;
    p.diagramNote.textContent = notes.join(' ');
    const player = this.#player;
    const moving = player.playing || (player.follow && player.live);
    this.#speaker.speak(() => describe(shown), moving);
    if (!moving && this.#timeline === timeline && timeline.position !== this.#settledAt) {
      // The playhead came to rest on a run's moment: a tutorial checks what the reader found.
      this.#settledAt = timeline.position;
      // A copy: the state is the timeline's own, and it changes as the playhead moves.
      this.#emit('pool-playhead', { position: timeline.position, state: structuredClone(shown) });
    }
  }

  /** A `pool-…` event: it bubbles, and leaves a shadow root, as the platform's own do. */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #build() {
    const full = this.#full;
    const views = this.#views;
    const controls = this.getAttribute('controls') ?? 'run';
    const p = {};
    p.status = el('span', 'pf-status');
    p.status.setAttribute('role', 'status');
    p.outcome = el('p', 'pf-outcome muted');
    p.crash = el('pre', 'banner crash pf-crash');
    p.crash.setAttribute('role', 'alert');
    p.crash.hidden = true;
    p.run = el('button', full ? 'pf-start' : 'pf-run', full ? 'Start' : 'Run');
    p.cancel = el('button', 'pf-cancel', 'Cancel');
    p.cancel.type = 'button';
    p.cancel.disabled = true;
    p.cancel.addEventListener('click', () => this.cancel());

    const sections = [];
    if (full) {
      p.note = el('p', 'banner pf-note');
      p.note.setAttribute('role', 'status');
      p.note.hidden = true;
      sections.push(p.note, p.crash);
      // method="dialog" outside a dialog: submitting does nothing natively, so a page whose
      // script failed to load never reloads itself when Start is pressed.
      p.form = el('form', 'pf-config');
      p.form.method = 'dialog';
      p.form.noValidate = true;
      p.run.type = 'submit';
      p.pause = el('button', 'pf-pause', 'Pause collector');
      p.pause.type = 'button';
      p.pause.setAttribute('aria-pressed', 'false');
      p.pause.disabled = true;
      p.pause.addEventListener('click', () => {
        const paused = p.pause.getAttribute('aria-pressed') !== 'true';
        p.pause.setAttribute('aria-pressed', String(paused));
        p.pause.textContent = paused ? 'Resume collector' : 'Pause collector';
        pageEngine().queue.pauseCollector(this, paused);
      });
      p.sweepButton = el('button', 'pf-sweep-button', 'Sizing sweep');
      p.sweepButton.type = 'button';
      p.sweepButton.title = 'Simulate these settings with 1 to 256 workers';
      p.sweepButton.addEventListener('click', () => this.#sweep());
      const buttons = el('div', 'buttons');
      buttons.append(p.run, p.cancel, p.pause, p.sweepButton, p.status);
      const formError = el('output', 'error pf-form-error');
      formError.dataset.errorFor = 'config';
      p.form.append(...buildFields(), buttons, formError);
      p.form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.run().catch(() => {});
      });
      p.form.addEventListener('change', (event) => {
        if (event.target.tagName === 'SELECT') syncForm(p.form);
        this.#showConfig(null);
      });
      // Before the first run the diagram and the code follow the settings as they are typed.
      p.form.addEventListener('input', () => this.#showConfig(null));
      syncForm(p.form);
      sections.push(panel('The orchestrator', 'controls', p.form));
    } else {
      p.run.type = 'button';
      p.run.addEventListener('click', () => this.run().catch(() => {}));
      if (this.#fieldNames) {
        // A few settings the reader may change (the figure's author chose which).
        p.fields = el('form', 'pf-fields pf-config');
        p.fields.method = 'dialog';
        p.fields.noValidate = true;
        const formError = el('output', 'error pf-form-error');
        formError.dataset.errorFor = 'config';
        p.fields.append(...buildFields(this.#fieldNames), formError);
        p.fields.addEventListener('submit', (event) => {
          event.preventDefault();
          // Enter in a form of one field submits it (HTML's implicit submission): a run, as
          // the Run button would start — not a second one beside a run going on.
          if (!p.running) this.run().catch(() => {});
        });
        p.fields.addEventListener('input', (event) => {
          // What the reader typed outlives the first filling, however late that comes.
          event.target.dataset.edited = 'true';
          this.#showConfig(null);
        });
        p.fields.addEventListener('change', () => this.#showConfig(null));
        sections.push(p.fields);
      }
      if (controls === 'run') {
        const bar = el('div', 'pf-controls');
        bar.append(p.run, p.cancel, p.status);
        sections.push(bar);
      }
    }

    const watch = [];
    p.diagramNote = el('p', 'note pf-diagram-note');
    p.diagramNote.hidden = true;
    p.spoken = el('p', 'visually-hidden pf-spoken');
    p.spoken.setAttribute('aria-live', 'polite');
    const canvas = el('canvas', 'diagram pf-diagram');
    canvas.setAttribute('role', 'img');
    canvas.tabIndex = 0;
    canvas.setAttribute(
      'aria-label',
      'The worker pool at the playhead (keys: Space, arrows, Home, End)',
    );
    if (views.includes('diagram')) {
      p.transport = buildTransport({ full });
      watch.push(p.transport.root, canvas, p.diagramNote, p.spoken);
    }
    if (views.includes('gmp')) {
      const gmp = el('div', 'pf-gmp');
      gmp.setAttribute('role', 'region');
      gmp.setAttribute('aria-label', 'Goroutines on Ps');
      this.#gmp = new GmpView(gmp);
      watch.push(gmp);
    }
    const below = el('div', 'below');
    if (views.includes('code')) {
      const code = el('div', 'code pf-code');
      code.setAttribute('role', 'region');
      code.tabIndex = 0;
      code.setAttribute('aria-label', "Go program with each goroutine's current line");
      this.#code = new CodePanel(code);
      below.append(column('The Go program, line by line', full, code));
    }
    if (views.includes('charts')) {
      const charts = el('div', 'charts pf-charts');
      const latency = el('div', 'latency pf-latency');
      below.append(column('Over time', full, charts, latency));
      this.#loadCharts(charts, latency);
    }
    if (below.childElementCount > 0) watch.push(below);
    below.classList.toggle('single', below.childElementCount === 1);
    const watchRoot = full ? panel('Watch the pool', 'pf-watch', ...watch) : el('div', 'pf-watch');
    if (!full) watchRoot.append(...watch);
    sections.push(watchRoot);
    if (full) {
      p.sweep = el('div', 'charts pf-sweep');
      p.sweepPanel = panel('Sizing: the same pool with 1 to 256 workers (simulated)', '', p.sweep);
      p.sweepPanel.classList.add('pf-sweep-panel');
      p.sweepPanel.hidden = true;
      sections.push(p.sweepPanel);
    }
    if (views.includes('sweep')) {
      p.sweepView = el('div', 'pf-sweep-view');
      p.sizingRoot = el('div', 'charts pf-sizing-chart');
      p.sweepTable = el('div', 'summary pf-sizing-table');
      p.sweepView.append(p.sizingRoot, p.sweepTable);
      sections.push(p.sweepView);
      if (!views.includes('charts')) this.#loadCharts(null, null);
    }
    if (views.includes('curve')) {
      p.curveView = el('div', 'pf-curve-view');
      p.curveNote = el('p', 'note pf-curve-note', 'Run it to draw the curve.');
      p.curveRoot = el('div', 'charts pf-curve-chart');
      p.curveTable = el('div', 'summary pf-curve-table');
      p.curveTable.tabIndex = 0;
      p.curveTable.setAttribute('role', 'region');
      p.curveTable.setAttribute('aria-label', 'Drops and latency by load, as a table');
      p.curveView.append(p.curveNote, p.curveRoot, p.curveTable);
      sections.push(p.curveView);
      if (!views.includes('charts') && !views.includes('sweep')) this.#loadCharts(null, null);
    }
    if (views.includes('summary')) {
      p.summary = el('div', 'summary pf-summary');
      summaryText(p.summary, 'Start a run to see what the pool did.');
      sections.push(full ? panel('Summary', '', p.summary) : p.summary);
    }
    if (!full) sections.push(p.outcome, p.crash);
    this.replaceChildren(...sections);
    this.#parts = p;

    this.#diagram = new Diagram(canvas);
    this.#speaker = new Speaker(p.spoken);
    const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#player = new Player((frame) => this.#draw(frame), { reducedMotion });
    if (p.transport) this.#wireTransport(p.transport, watchRoot);
    // The pool at rest before any run: the diagram and the Go code of its settings.
    this.#showConfig(null);
  }

  /** Shows a config's pool at rest (before a run): the form's, else the attributes'. */
  async #showConfig(config) {
    const p = this.#parts;
    if (!p) return;
    // The engine checks configs in its worker, which may be busy: a later call, or a run,
    // makes this one's answers stale (they would show an older setting, or link to it).
    const asked = ++this.#shows;
    const stale = () => asked !== this.#shows || this.#timeline !== null || this.#parts !== p;
    if (config && p.form) writeForm(p.form, await normalizeScenario(config).catch(() => config));
    if (this.#timeline) return;
    let shown = config;
    try {
      shown ??= p.form ? readForm(p.form) : await this.#fieldsOver(await this.config());
      const normalized = await normalizeScenario(shown);
      if (stale()) return;
      this.#code?.load(normalized);
      this.#player.load(new Timeline(normalized), { live: false });
      const playground = this.getAttribute('playground');
      if (playground && !p.form) {
        // Before any run, the experiment already opens in the playground, as set up now.
        const scenario = await encodeScenario(shown);
        if (stale()) return;
        this.#scenario = scenario;
        const href = playgroundHref(playground, `#s=${scenario}`);
        const link = el('a', 'pf-open', 'Open in the playground');
        link.href = href;
        p.outcome.replaceChildren(...(href ? [link] : []));
      }
    } catch (error) {
      // A config the engine refuses shows nothing at rest; Run says why. Anything else is a
      // bug of ours, and is not hidden.
      if (error?.field === undefined) console.error(error);
    }
  }

  /** The schema names of the `fields` attribute, or null. */
  get #fieldNames() {
    const names = this.getAttribute('fields');
    return names ? names.split(/\s+/).filter(Boolean) : null;
  }

  /**
   * `config` with the reader's settings laid over it. The first time, the fields are filled
   * from the config instead (so they start at the experiment's values).
   */
  async #fieldsOver(config) {
    const p = this.#parts;
    if (!p?.fields) return config;
    // Filled once; a run asked for while the first filling is under way waits for it (it
    // would otherwise read the schema's defaults).
    p.fieldsFilled ??= normalizeScenario(config)
      .catch(() => config)
      .then((normalized) => {
        // The engine answers after its worker starts: a reader may have typed meanwhile, or be
        // in a field about to type, all of it selected. Those fields are not written at all:
        // a value written, even the same one written back, drops the selection, and what they
        // type lands after it (`48` became `1648`, then `348`, in walks).
        const typed = [...p.fields.elements].filter(
          (input) => input.dataset.edited || input === document.activeElement,
        );
        writeForm(p.fields, normalized, new Set(typed));
      });
    await p.fieldsFilled;
    return readFields(p.fields, this.#fieldNames, config);
  }

  #loadCharts(root, latency) {
    // The charts load on their own: a chart library that throws while loading (uPlot does in
    // WebKit when the browser's language is `C`) costs the charts, never the figure.
    import('../views/charts.js').then(
      (module) => {
        if (!this.#parts) return;
        this.#parts.sweepChart = module.sweepChart;
        this.#parts.sizingChart = module.sizingChart;
        this.#parts.loadChart = module.loadChart;
        if (!root) return;
        this.#charts = new module.Charts(root, latency);
        if (this.#timeline) this.#charts.update(this.#timeline);
      },
      (error) => {
        if (!root) return; // a sweep keeps its table
        const off = el('p', 'muted');
        off.textContent = `Charts are off: the chart library did not load (${error}). Everything else works.`;
        root.dataset.off = 'true';
        root.replaceChildren(off);
      },
    );
  }

  async #sweep() {
    const p = this.#parts;
    showFormError(p.form, null);
    p.sweepButton.disabled = true;
    try {
      const points = await pageEngine().queue.sweep(this, readForm(p.form));
      if (!this.#parts) return;
      p.sweepPanel.hidden = false;
      this.#sweepPlot = (p.sweepChart ?? sweepTable)(p.sweep, points, this.#sweepPlot);
      p.sweep.dataset.ready = 'true';
    } catch (error) {
      if (this.#parts) showFormError(p.form, error);
    } finally {
      p.sweepButton.disabled = false;
    }
  }

  #wireTransport(t, scope) {
    const player = this.#player;
    wireTransport(t.root, scope, {
      start: () => player.toStart(),
      back: (shift) => player.step(shift ? -10 : -1),
      play: () => player.toggle(),
      forward: (shift) => player.step(shift ? 10 : 1),
      end: () => player.toEnd(),
      ...(t.goroutine && {
        'actor-back': () => player.stepActor(Number(t.goroutine.value), -1),
        'actor-forward': () => player.stepActor(Number(t.goroutine.value), 1),
        'export-trace': () => this.#exportTrace(),
        'export-go': () => {
          const config = this.#timeline?.config;
          if (config) download('poolsim.go', goProgram(config).text, 'text/x-go');
        },
        'copy-link': () => this.#copyLink(),
      }),
    });
    t.speed.addEventListener('change', () => (player.speed = Number(t.speed.value)));
    t.scrub.addEventListener('input', () => {
      if (this.#timeline) player.seekUs((Number(t.scrub.value) / 1000) * this.#timeline.endUs);
    });
    t.follow.addEventListener('change', () => {
      if (t.follow.checked) player.toEnd();
      else player.follow = false;
    });
    this.#resize = new ResizeObserver(() => {
      if (!this.#diagram) return;
      this.#diagram.layout = null;
      player.invalidate();
    });
    this.#resize.observe(this.#diagram.canvas);
  }

  async #exportTrace() {
    if (!this.#timeline) return;
    const trace = await chromeTrace(this.#timeline);
    download('poolsim-trace.json', trace);
  }

  async #copyLink() {
    const out = this.#parts.transport.linkStatus;
    if (!this.#scenario) {
      out.textContent = 'Run something first: a link reopens a run.';
      return;
    }
    const t = this.#timeline ? `&t=${Math.round(this.#timeline.timeUs / 1000)}` : '';
    const hash = `#s=${this.#scenario}${t}`;
    const url =
      playgroundHref(this.getAttribute('playground') ?? location.href, hash) ??
      new URL(hash, location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      out.textContent = 'Link copied.';
    } catch {
      // No clipboard here (an insecure page, or permission refused): show it to copy by hand.
      out.textContent = url;
    }
    out.dataset.url = url;
  }

  /**
   * Opens the scenario in the address (`#s=<scenario>&t=<playhead ms>`): fills the form and
   * runs it. A link the engine refuses runs nothing and says which field is wrong.
   */
  async #openFromLink() {
    const params = new URLSearchParams(location.hash.slice(1));
    const scenario = params.get('s');
    if (scenario === null) return;
    this.cancel();
    let config;
    try {
      config = await decodeScenario(scenario);
      if (this.#parts?.form) writeForm(this.#parts.form, await normalizeScenario(config));
    } catch (error) {
      try {
        this.#refused(error);
      } catch {
        // Said on the figure; a link that cannot run runs nothing.
      }
      return;
    }
    const t = Number(params.get('t'));
    await this.#run(config, { playheadMs: params.has('t') && t >= 0 ? t : null }).catch(() => {});
  }
}

/** A titled panel of the full figure. */
function panel(title, className, ...children) {
  const section = el('section', `panel ${className}`.trim());
  section.setAttribute('aria-label', title);
  section.append(el('h2', '', title), ...children);
  return section;
}

function column(title, withHeading, ...children) {
  const div = el('div');
  if (withHeading) div.append(el('h3', '', title));
  div.append(...children);
  return div;
}

if (!customElements.get('pool-figure')) customElements.define('pool-figure', PoolFigure);
