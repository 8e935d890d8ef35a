// The public API (`window.poolsim` on the page): run a pool, watch its event log, cancel it.
//
// This module runs on the page's main thread and never blocks: the pool lives in an engine
// worker (engine-worker.js), which sends the log here in batches of about one per frame.

import { threads as wasmThreads } from '../../vendor/wasm-feature-detect.js';
import { Timeline } from '../model/timeline.js';
import { isolation } from './isolation.js';
import { defaultGomaxprocs, pageCores } from '../model/limits.js';

// The limits are the API's too (scripts read them from here, as before).
export { LIVE_WORKER_CAP, GOMAXPROCS_CAP, defaultGomaxprocs, pageCores } from '../model/limits.js';

/**
 * How long a fresh engine may take to start a run (load wasm, start its thread pool; about
 * 0.2 s here) before the page replaces it, attempt by attempt. Firefox ESR here now and then
 * (up to 1 start in 4) never finishes starting a fresh engine, in no step we could pin down; a
 * run that has not begun can safely go to a fresh engine again. Doubling waits keep a slow
 * machine from being cut short; after the last, the run fails.
 */
const START_TIMEOUTS_MS = [3_000, 6_000, 12_000, 24_000];
/** How long `validate` waits for the engine before it says the engine could not answer. */
const ASK_TIMEOUT_MS = 10_000;

/** Roughly how long one `cpu` iteration takes, to give the simulator a service time. */
const CPU_ITERATION_MS = 1e-6;
/** The seed's `j * 2` is a few nanoseconds of work. */
const DOUBLE_MS = 1e-4;

/**
 * A live config as the simulated driver's: the same pool, arrivals, job values and failures
 * (so the summary's `sum` and `errors` are what the live run would give), the job kind's cost
 * as a service time and class. Fields it does not know pass through, so errors still name them.
 */
export function toSim(config) {
  const { work = { kind: 'double' }, driver, ...rest } = config;
  const service =
    work.kind === 'io'
      ? { kind: 'constant', meanMs: work.waitMs ?? 10 }
      : work.kind === 'cpu'
        ? {
            kind: 'constant',
            meanMs: Math.max(DOUBLE_MS, (work.iterations ?? 10_000) * CPU_ITERATION_MS),
          }
        : { kind: 'constant', meanMs: DOUBLE_MS };
  // The modeled machine has the Ps the live run would have had.
  const cores = rest.cores ?? rest.gomaxprocs ?? defaultGomaxprocs();
  return {
    ...rest,
    driver: 'sim',
    work,
    service,
    cores,
    jobClass: work.kind === 'io' ? 'io' : 'cpu',
  };
}

/** An `Error` whose message names the config field, which is also `error.field`. */
/**
 * Why live threads cannot run here, most basic reason first (`null`: they can). WebKit, for one,
 * can be cross-origin isolated and still withhold `SharedArrayBuffer`.
 */
function whyNoThreads(isolation, wasmThreads) {
  if (!globalThis.crossOriginIsolated) {
    return `This page is not cross-origin isolated: ${isolation.why}`;
  }
  if (typeof SharedArrayBuffer !== 'function') {
    return 'This browser gives the page no SharedArrayBuffer, although it is cross-origin isolated';
  }
  if (!wasmThreads) return "This browser's WebAssembly has no threads";
  return null;
}

function lowerFirst(sentence) {
  return sentence.replace(/^This /, 'this ');
}

function configError(message, field) {
  return Object.assign(new Error(message), { field });
}

/**
 * The lifecycle contract (README, "The JS API"): one run at a time, and `run()` claims it before
 * its first `await`, so a second call — even in the same tick — rejects at once while the first
 * still settles. `cancel()` and `pauseCollector()` act at any moment: a request made while the
 * engine starts or restarts is kept with the run and applied as soon as it begins. If the engine
 * worker dies, the pending run rejects saying so, and the next run starts a fresh engine.
 */
export class Poolsim {
  #workerUrl;
  #worker = null;
  #threads = 0;
  #listeners = new Set();
  #nextRunId = 1;
  // { runId, kind: 'run' | 'sweep', message, resolve, reject, cancelled, paused }
  #pending = null;
  #timeline = null;
  #canThread = false;
  #liveOff = null;
  #isolation = null;
  /** What a Content-Security-Policy forbade: `'engine'` (its worker) or `'pool'` (the threads). */
  #blocked = null;
  #blockedWhy = null;
  /** The pool's threads (Ms): Web Workers this page started for the engine worker. */
  #threadWorkers = [];
  /** The script the threads start from (wasm-bindgen-rayon's helper), once asked for. */
  #threadUrl = null;
  /** Config checks the engine has not answered yet: askId → {message, resolve, reject}. */
  #asks = new Map();
  #nextAsk = 1;
  /** The last Go program that ran: `{source, options, result}`. */
  #lastGo = null;

  constructor({ workerUrl = new URL('./engine-worker.js', import.meta.url) } = {}) {
    this.#workerUrl = workerUrl;
    globalThis.document?.addEventListener('securitypolicyviolation', (event) => {
      if (event.blockedURI.startsWith(String(this.#workerUrl))) this.#block('engine', event);
      else if (this.#threadUrl && event.blockedURI.startsWith(this.#threadUrl))
        this.#poolBlocked(event.effectiveDirective);
    });
  }

  /** Whether the page is cross-origin isolated, which shared wasm memory requires. */
  get isolated() {
    return globalThis.crossOriginIsolated === true;
  }

  /** Threads in the live pool: workers + producer + closer + collector (0 before a run). */
  get threads() {
    return this.#threads;
  }

  /** Whether a run is in progress. */
  get running() {
    return this.#pending !== null;
  }

  /**
   * The engine's own check of `config`, without running it: resolves to the config as the
   * engine reads it (every field, defaults filled in), or rejects with an `Error` naming the
   * field (`error.field`). If the engine cannot answer (its worker is forbidden or died), the
   * `Error` has `engineGone: true`.
   */
  async validate(config) {
    // The first message makes the engine worker: it must be the build the page can run.
    await this.supported();
    if (this.#blocked === 'engine') throw this.#gone(this.#blockedWhy);
    return new Promise((resolve, reject) => {
      const askId = this.#nextAsk++;
      const message = { type: 'validate', askId, config };
      this.#asks.set(askId, { message, resolve, reject });
      this.#post(message);
      // An engine busy with a long simulation answers late; the caller need not wait on it.
      setTimeout(
        () => this.#answer({ askId, gone: `no answer in ${ASK_TIMEOUT_MS} ms` }),
        ASK_TIMEOUT_MS,
      );
    });
  }

  /**
   * Compiles Go source and runs it. In virtual time (`driver: 'sim'`, the default: one P, the
   * clock moving only when every goroutine is blocked, the same output on every machine) or live
   * (`driver: 'live'`: `gomaxprocs` threads, real timers; needs what `run`'s live driver needs,
   * and takes the engine as a run does — one at a time, `cancel()` stops it). Resolves to
   * `{stdout, stderr, exitCode, elapsedMs, peakGoroutines, limit, driver, events,
   * eventsTruncated}` for every program that ran — a panic or a deadlock is a result with
   * `exitCode: 2` and Go's report in `stderr`. Rejects for a compile error (an `Error` with
   * `line` and `column`, its message as `go build` prints it: `prog.go:4:2: undefined: wg`) or
   * a refused option (`error.field`). Options: `driver`, `gomaxprocs` (live), `seed`,
   * `timeLimitMs` (virtual), `wallLimitMs` (real, 5000 by default), `maxGoroutines`.
   */
  async runGo(source, options = {}) {
    const result = await this.#runGo(source, options);
    this.#lastGo = { source, options: { ...options }, result };
    return result;
  }

  /**
   * The last Go program that ran (either clock): `{source, options, result}`, `result` as
   * `runGo` resolved it, its log in `result.events`; `null` before one ran. (A pool's log and a
   * program's have different records, so `lastRun()` keeps to pools.)
   */
  lastGoRun() {
    return this.#lastGo;
  }

  async #runGo(source, options) {
    if (typeof source !== 'string') throw configError('source: Go source text', 'source');
    if (options?.driver === 'live') return this.#runGoLive(source, options);
    await this.supported();
    if (this.#blocked === 'engine') throw this.#gone(this.#blockedWhy, 'run the program');
    return new Promise((resolve, reject) => {
      const askId = this.#nextAsk++;
      const message = { type: 'runGo', askId, source, options };
      this.#asks.set(askId, { message, resolve, reject, what: 'run the program' });
      this.#post(message);
      // The engine ends a program at its wall-clock limit; past that and a margin, it is gone.
      const wait = (options.wallLimitMs ?? 5000) + ASK_TIMEOUT_MS;
      setTimeout(() => this.#answer({ askId, gone: `no answer in ${wait} ms` }), wait);
    });
  }

  /** A live Go program: a run like a pool's, claimed before the first `await`. */
  async #runGoLive(source, options) {
    const claim = this.#claim('runGo');
    return this.#released(claim, async () => {
      if (!(await this.supported())) {
        throw configError(
          `driver: the live driver needs threads, and ${lowerFirst(this.#liveOff)}; use driver: 'sim'`,
          'driver',
        );
      }
      return this.#start(claim, { type: 'runGoLive', runId: claim.runId, source, options });
    });
  }

  #gone(why, what = 'check the config') {
    return Object.assign(new Error(`the engine could not ${what} (${why})`), {
      engineGone: true,
    });
  }

  #answer({ askId, config, result, error, field, line, column, gone }) {
    const ask = this.#asks.get(askId);
    if (!ask) return;
    this.#asks.delete(askId);
    if (gone !== undefined) ask.reject(this.#gone(gone, ask.what));
    else if (error !== undefined && line != null)
      ask.reject(Object.assign(new Error(error), { line, column }));
    else if (error !== undefined) ask.reject(configError(error, field));
    else ask.resolve(result ?? config);
  }

  /** Whether this browser can run the live driver: isolation plus wasm threads. */
  async supported() {
    this.#isolation ??= await isolation();
    this.#liveOff = this.#blockedWhy ?? whyNoThreads(this.#isolation, await wasmThreads());
    this.#canThread = this.#liveOff === null;
    return this.#canThread;
  }

  /**
   * How the page got cross-origin isolation — `{how: 'headers' | 'service worker' | null, why,
   * fix}` — known once `supported()` has resolved.
   */
  get isolation() {
    return this.#isolation;
  }

  /**
   * Why live threads are off in this browser, as a sentence (`null` when they are on). Known once
   * `supported()` has resolved.
   */
  get liveOff() {
    return this.#liveOff;
  }

  /**
   * Runs a pool to completion. Resolves to its summary; rejects with an `Error` whose message
   * names the bad field (and `error.field`). `driver: 'sim'` runs the simulated driver. With no
   * `driver`, a live run this page cannot do (no isolation, no wasm threads) runs simulated
   * instead, and its summary's `note` says why.
   */
  async run(config = {}) {
    const claim = this.#claim('run');
    return this.#released(claim, async () => {
      const threads = await this.supported();
      let note = null;
      let run = { ...config };
      // With no driver named, a live run this page cannot do goes to the simulator; a run that
      // names `driver: 'live'` gets the live driver or a clear error.
      if (run.driver === undefined && !threads) {
        note =
          `${this.#liveOff}, so live threads are off: the simulated driver ran this pool ` +
          'in virtual time.';
        run = toSim(run);
      }
      if (run.driver === 'live' && !threads) {
        throw configError(
          `driver: the live driver needs threads, and ${lowerFirst(this.#liveOff)}; use driver: 'sim'`,
          'driver',
        );
      }
      if (run.driver === 'sim' && run.cores === undefined && run.gomaxprocs === undefined) {
        run.cores = pageCores();
      }
      /** Why the last run went to the simulator instead of live threads (`null`: it did not). */
      this.lastNote = note;
      let summary;
      try {
        summary = await this.#start(claim, { type: 'run', runId: claim.runId, config: run });
      } catch (error) {
        // A policy that forbids the pool's threads shows only once they start: a run that left
        // the driver to us goes to the simulator, as it would on a page without isolation.
        if (!error.poolBlocked || config.driver !== undefined) throw error;
        note = `${this.#liveOff}, so live threads are off: the simulated driver ran this pool in virtual time.`;
        run = toSim(run);
        run.cores ??= pageCores();
        this.lastNote = note;
        summary = await this.#start(claim, { type: 'run', runId: claim.runId, config: run });
      }
      return note ? { ...summary, note } : summary;
    });
  }

  /**
   * A sizing sweep (simulated): runs `config` once per count in `workers` and resolves to
   * `[{workers, throughputPerSec, meanLatencyMs, p95LatencyMs}]` — CPU-bound work flattens at the
   * cores, I/O-bound keeps rising. `config` may be live-shaped; it runs simulated.
   */
  async sweep(config = {}, workers = [1, 2, 4, 8, 16, 32, 64, 128, 256]) {
    return this.#sweep(config, { workers });
  }

  /**
   * A load sweep (simulated): runs `config` once per arrival rate in `rates` (jobs per second)
   * and resolves to `[{ratePerSec, offered, dropped, throughputPerSec, meanLatencyMs,
   * p95LatencyMs, p99LatencyMs}]`, latency from arrival: the curve of latency and drops against
   * load.
   */
  async loadSweep(config, rates) {
    return this.#sweep(config, { rates });
  }

  async #sweep(config, over) {
    const claim = this.#claim('sweep');
    return this.#released(claim, async () => {
      await this.supported();
      const run = config.driver === 'sim' ? { ...config } : toSim(config);
      run.cores ??= pageCores();
      return this.#start(claim, { type: 'sweep', runId: claim.runId, config: run, ...over });
    });
  }

  /**
   * Stops the current run, at any moment: its promise still resolves, with `cancelled: true`
   * (a run cancelled before it began sends nothing). A simulated run is computed in one step:
   * once it has begun, it is already over, and its summary says `cancelled: false`. With
   * `runId` (see `pendingRunId`), only that run: a cancel meant for a run that has ended does
   * not stop the next. A live Go program (`runGo` with `driver: 'live'`) stops at once; its
   * promise resolves with `limit: 'cancelled'`.
   */
  cancel(runId = undefined) {
    const pending = this.#pending;
    if (!pending || pending.kind === 'sweep') return;
    if (runId !== undefined && pending.runId !== runId) return;
    pending.cancelled = true;
    this.#worker?.postMessage({ type: 'cancel', runId: pending.runId });
  }

  /**
   * Pauses (`true`) or resumes (`false`) the current run's collector: `results` fills, workers
   * block sending, `jobs` fills, and the producer blocks — backpressure, travelling back.
   * With `runId`, only that run's.
   */
  pauseCollector(paused, runId = undefined) {
    const pending = this.#pending;
    if (!pending || pending.kind !== 'run') return;
    if (runId !== undefined && pending.runId !== runId) return;
    pending.paused = paused;
    this.#worker?.postMessage({ type: 'pauseCollector', runId: pending.runId, paused });
  }

  /**
   * The id of the run or sweep now claimed (every message of it carries it as `runId`), or
   * null: read right after `run()` to know that run's messages.
   */
  get pendingRunId() {
    return this.#pending?.runId ?? null;
  }

  /** Claims the engine for one run or sweep, synchronously, or throws if it is taken. */
  #claim(kind) {
    if (this.#pending) throw new Error('a run is already in progress; cancel it first');
    const claim = { runId: this.#nextRunId++, kind, cancelled: false, paused: false };
    this.#pending = claim;
    return claim;
  }

  /** Runs `body` for a claim; whatever way it ends, the claim is released. */
  async #released(claim, body) {
    try {
      return await body();
    } finally {
      if (this.#pending === claim) this.#pending = null;
    }
  }

  /** Sends the claimed run to the engine; settles when the engine answers, fails or dies. */
  #start(claim, message) {
    return new Promise((resolve, reject) => {
      Object.assign(claim, { message, resolve, reject });
      this.#send(claim);
    });
  }

  /** Posts a run to the engine, with whatever the caller asked of it meanwhile. */
  #send(claim) {
    clearTimeout(claim.watchdog);
    claim.attempt ??= 0;
    const wait = START_TIMEOUTS_MS[claim.attempt];
    claim.watchdog = setTimeout(() => this.#startTimedOut(claim), wait);
    this.#post(claim.message);
    if (claim.cancelled) this.#worker.postMessage({ type: 'cancel', runId: claim.runId });
    if (claim.paused) {
      this.#worker.postMessage({ type: 'pauseCollector', runId: claim.runId, paused: true });
    }
  }

  /**
   * The timeline of the current or last run (see timeline.js): `seek(ms)`, `step(n)` (negative
   * steps back), `stateAt(ms)`, `state`, `length`, … `null` before the first run. The page's
   * diagram follows it when a script moves it.
   */
  timeline() {
    return this.#timeline;
  }

  /**
   * Calls `listener(message)` for every message of every run: `{type: 'started', config,
   * threads}`, `{type: 'events', words}` (a Uint32Array of 4-word records, see events.js),
   * `{type: 'done', summary}`, `{type: 'error', message, field}`. Returns an unsubscribe function.
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last run's full event log as one Uint32Array, and the config it ran with. */
  lastRun() {
    return { config: this.#timeline?.config ?? null, words: this.#timeline?.words.slice() ?? null };
  }

  #post(message) {
    if (!this.#worker) {
      // Without isolation the threaded build cannot even load (its memory is shared).
      const url = new URL(this.#workerUrl);
      if (!this.#canThread) url.searchParams.set('build', 'single');
      // The page's policy violation (if that is why the worker failed) is reported as a task of
      // its own: look for it one task later.
      const died = (why) => setTimeout(() => this.#engineDied(this.#blockedWhy ?? why));
      try {
        this.#worker = new Worker(url, { type: 'module' });
      } catch (error) {
        // Some browsers refuse a worker their policy forbids at once.
        this.#worker = null;
        died(error.message);
        return;
      }
      const engine = this.#worker;
      engine.onmessage = ({ data }) => {
        if (data.type === 'startThreads') this.#startThreads(engine, data);
        else if (data.type === 'validated' || data.type === 'ranGo') this.#answer(data);
        else this.#receive(data);
      };
      this.#worker.onerror = (event) => {
        event.preventDefault();
        died(event.message || 'it could not load');
      };
    }
    this.#worker.postMessage(message);
  }

  /** A Content-Security-Policy forbade the engine's worker or the pool's threads. */
  #block(what, { effectiveDirective }) {
    if (this.#blocked === 'engine') return;
    this.#blocked = what;
    this.#canThread = false;
    this.#blockedWhy =
      what === 'engine'
        ? `This page's Content-Security-Policy (${effectiveDirective}) forbids the Web Worker ` +
          `the engine runs in, so nothing can run here; it needs worker-src 'self'`
        : `This page's Content-Security-Policy (${effectiveDirective}) forbids the pool's ` +
          `threads (the Web Workers the page starts for the engine)`;
    this.#liveOff = this.#blockedWhy;
  }

  /** Drops the engine worker and its threads; the next message starts a fresh one. */
  #reset() {
    this.#worker?.terminate();
    this.#worker = null;
    for (const thread of this.#threadWorkers) thread.terminate();
    this.#threadWorkers = [];
    this.#threads = 0;
    // Checks the old engine had not answered go to the next one, which the first makes.
    for (const { message } of this.#asks.values()) this.#post(message);
  }

  /**
   * The engine worker asks for its pool's threads. The page starts them rather than the engine
   * worker (nested workers): in Firefox a fresh engine's nested workers sometimes never started
   * (README, "Firefox's stalled starts"). Each is given the engine's module and shared memory,
   * and the engine hears once every one runs, or why one could not start.
   */
  async #startThreads(engine, { url, init, count }) {
    this.#threadUrl = url;
    const started = Array.from(
      { length: count },
      // A policy may refuse a worker at once: the executor turns that throw into a rejection.
      () =>
        new Promise((resolve, reject) => {
          const thread = new Worker(url, { type: 'module' });
          this.#threadWorkers.push(thread);
          const ready = ({ data }) => {
            if (data?.type !== 'wasm_bindgen_worker_ready') return;
            thread.removeEventListener('message', ready);
            thread.onerror = null;
            resolve();
          };
          thread.addEventListener('message', ready);
          thread.onerror = (event) => {
            event.preventDefault();
            reject(
              new Error(
                `a thread of the pool could not start (${event.message || 'it could not load'})`,
              ),
            );
          };
          thread.postMessage(init);
        }),
    );
    let answer = { type: 'threadsStarted' };
    try {
      await Promise.all(started);
    } catch (error) {
      answer = { type: 'threadsFailed', message: error.message };
    }
    // A watchdog may have replaced the engine meanwhile: its threads went with it.
    if (engine === this.#worker) engine.postMessage(answer);
  }

  /** A policy forbade the pool's threads: the pending live run fails so that `run` can model it. */
  #poolBlocked(directive) {
    // Each refused thread reports: the first decides, and the run it failed is modeled now.
    if (this.#blocked) return;
    const pending = this.#pending;
    this.#block('pool', { effectiveDirective: directive });
    this.#reset();
    if (!pending) return;
    clearTimeout(pending.watchdog);
    const error = new Error(`${this.#blockedWhy}: this run cannot use live threads`);
    // The claim stays: `run` may send it once more, to the simulator.
    pending.reject(Object.assign(error, { poolBlocked: true }));
  }

  /** The engine did not start the run in time: again on a fresh engine, until the last wait. */
  #startTimedOut(claim) {
    if (this.#pending !== claim) return;
    claim.attempt += 1;
    if (claim.attempt < START_TIMEOUTS_MS.length) {
      this.#reset();
      this.#send(claim);
      return;
    }
    const total = START_TIMEOUTS_MS.reduce((sum, ms) => sum + ms, 0) / 1000;
    this.#engineDied(
      `${START_TIMEOUTS_MS.length} fresh engines in turn did not start the run, over ${total} s`,
    );
  }

  /** The engine is gone (or unusable): the pending run fails saying so; the next run starts afresh. */
  #engineDied(why) {
    // Its unanswered checks end here, not on the next engine: one that cannot even start
    // would be asked again, and die again, for ever.
    for (const { reject, what } of this.#asks.values()) reject(this.#gone(why, what));
    this.#asks.clear();
    this.#reset();
    const error =
      this.#blocked === 'engine'
        ? new Error(`${this.#blockedWhy}.`)
        : new Error(
            `the engine worker died (${why}); this run is lost, and the next run starts a fresh engine`,
          );
    const pending = this.#pending;
    this.#settle(null, error);
    if (pending)
      for (const listener of this.#listeners)
        listener({ type: 'error', message: error.message, field: null, runId: pending.runId });
  }

  #receive(data) {
    const pending = this.#pending;
    if (!pending || data.runId !== pending.runId) return;
    if (data.type !== 'restart') clearTimeout(pending.watchdog);
    switch (data.type) {
      case 'begun':
        return;
      case 'restart':
        // The pool cannot be resized in place: start a fresh engine worker of the right size.
        this.#reset();
        this.#send(pending);
        return;
      case 'blocked':
        // The pool's workers never come: stop waiting, drop this engine, and say why.
        this.#poolBlocked(data.directive);
        return;
      case 'crashed':
        // A panic or trap inside wasm leaves the instance unusable.
        this.#engineDied(data.message);
        return;
      case 'started':
        this.#threads = data.threads;
        this.#timeline = new Timeline(data.config);
        break;
      case 'events':
        this.#timeline.append(data.words);
        break;
      case 'done':
        this.#settle(data.summary, null);
        break;
      case 'swept':
        this.#settle(data.points, null);
        break;
      case 'ranGoLive':
        if (data.error === undefined) this.#settle(data.result, null);
        else
          this.#settle(
            null,
            Object.assign(new Error(data.error), { line: data.line, column: data.column }),
          );
        break;
      case 'error':
        this.#settle(null, configError(data.message, data.field));
        break;
    }
    for (const listener of this.#listeners) listener(data);
  }

  #settle(summary, error) {
    const pending = this.#pending;
    if (!pending) return;
    clearTimeout(pending.watchdog);
    this.#pending = null;
    if (error) pending.reject(error);
    else pending.resolve(summary);
  }
}
