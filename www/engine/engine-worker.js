// The engine worker: owns the threaded wasm instance and its rayon pool, runs one pool at a
// time, and streams the event log to the page in batches.
//
// It exists because the page's main thread may never block, and a running pool blocks threads
// (Atomics.wait traps on the main thread; rayon would spin there and freeze the page). The
// pool's threads (the Ms) are Web Workers the page starts at this worker's request, not workers
// nested in this one: Firefox left nested ones unstarted in a few fresh starts in a hundred.

// Two builds of the same crate: `pkg/` with threads (needs a cross-origin isolated page) and
// `pkg-st/` without (the simulated driver only). The page says which to load.
const build = new URL(import.meta.url).searchParams.get('build') === 'single' ? 'pkg-st' : 'pkg';
// Loaded without top-level await, so the message handler below is in place at once.
const ready = import(`../../${build}/poolsim.js`).then(async (module) => {
  await module.default();
  return module;
});
let wasm = null;

/** How often the log is drained: about once a frame, so a run costs ~60 messages a second. */
const DRAIN_MS = 16;
/**
 * Most events per batch (16 bytes each). One batch a frame bounds the page's work per frame; a
 * faster pool runs ahead of the page (the ring holds the whole log, so nothing is lost) and the
 * view catches up after the run.
 */
const BATCH_EVENTS = 1 << 14;

let engine = null;
let poolThreads = 0;
let runId = 0;
/** The run being started or run (the one a policy violation concerns). */
let pendingRun = 0;
/** Runs a policy violation stopped (reported as 'blocked', not as a crash). */
const blockedRuns = new Set();
/** How long a failure waits for a policy violation that may explain it. */
const VIOLATION_GRACE_MS = 500;
/** Runs the page cancelled, or whose collector it paused, before they began here. */
const cancelled = new Set();
const paused = new Set();
/** Runs start one after another: a run that arrives while another starts waits for it. */
let queue = Promise.resolve();

/**
 * Reports a failed run. A config error names its field; anything else thrown out of wasm (a
 * trap, a panic) leaves the instance unusable, so the page is told the engine crashed and
 * replaces this worker.
 */
function fail(id, error) {
  // A panic traps, and the trap says only "unreachable": the panic hook kept what it said.
  const panic = wasm?.panicMessage();
  if (panic !== undefined) return postMessage({ type: 'crashed', runId: id, message: panic });
  const message = String(error?.message ?? error);
  if (error?.field === undefined || error instanceof WebAssembly.RuntimeError) {
    // A policy violation behind this error is reported as an event of its own, which can come
    // after the error (Firefox under load): wait a moment, and if it came, the page has heard
    // 'blocked' and falls back instead of starting over.
    setTimeout(() => {
      if (blockedRuns.has(id)) return;
      postMessage({ type: 'crashed', runId: id, message: `${error?.name ?? 'Error'}: ${message}` });
    }, VIOLATION_GRACE_MS);
    return;
  }
  postMessage({ type: 'error', runId: id, message, field: error.field });
}

/** A JS `Error` with `field`, like the ones the wasm side throws for a bad config. */
function fieldError(message, field) {
  return Object.assign(new Error(message), { field });
}

function pump(id) {
  // A goroutine that panicked took its thread (a pool worker) with it, and the run would never
  // finish: report the panic, and the page replaces this engine.
  const panic = wasm.panicMessage();
  if (panic !== undefined) return postMessage({ type: 'crashed', runId: id, message: panic });
  // Read the flag before draining: once it is set, every event is already in the ring, so a
  // drain that comes up short of a full batch has taken the last of them.
  const finished = engine.finished();
  const words = engine.drain(BATCH_EVENTS);
  const drained = words.length / wasm.eventWords(); // read now: posting transfers (empties) `words`
  if (drained > 0) {
    postMessage({ type: 'events', runId: id, words }, [words.buffer]);
  }
  if (finished && drained < BATCH_EVENTS) {
    postMessage({ type: 'done', runId: id, summary: engine.summary() });
  } else {
    setTimeout(pump, DRAIN_MS, id);
  }
}

async function run(id, config) {
  wasm = await ready;
  const { Engine, validateConfig } = wasm;
  let normalized;
  try {
    normalized = validateConfig(config);
  } catch (error) {
    return fail(id, error.field === undefined ? fieldError(error.message, 'config') : error);
  }
  // The simulator needs no thread pool. wasm-bindgen-rayon's pool is global and cannot be
  // resized: a live run that needs more threads than it has gets a fresh engine worker from
  // the page. One that needs fewer runs here, the extra threads asleep (as Go keeps idle Ms),
  // so a page that varies its pool size — a sizing sweep, largest first — starts one engine.
  const live = normalized.driver === 'live';
  if (live && poolThreads !== 0 && poolThreads < normalized.threads) {
    return postMessage({ type: 'restart', runId: id, threads: normalized.threads });
  }
  if (live && poolThreads === 0 && wasm.hasThreads()) {
    try {
      await wasm.initThreadPool(normalized.threads);
    } catch (error) {
      return fail(id, error);
    }
    poolThreads = normalized.threads;
  }
  // The engine is up (its thread pool started): the page stops waiting for it to start.
  postMessage({ type: 'begun', runId: id });
  engine ??= new Engine();
  try {
    // What the page asked before the run began holds from its first event: a cancelled run
    // records its start and end and sends nothing; a paused collector takes nothing.
    engine.start(config, cancelled.delete(id), paused.delete(id));
  } catch (error) {
    return fail(id, error);
  }
  runId = id;
  postMessage({ type: 'started', runId: id, config: normalized, threads: poolThreads });
  pump(id);
}

/** The Go program running live, and its run's id. */
let goRun = null;
let goRunId = 0;

/**
 * A Go program on the live driver: on GOMAXPROCS threads of the pool, in the background; polled
 * until it ends, so the run after it waits for it.
 */
async function goLive(id, source, options) {
  wasm = await ready;
  let threads;
  try {
    threads = wasm.goThreads(options);
  } catch (error) {
    return fail(id, error.field === undefined ? fieldError(error.message, 'options') : error);
  }
  // The pool's size is fixed once started, as for a pool run (see `run`).
  if (poolThreads !== 0 && poolThreads < threads) {
    return postMessage({ type: 'restart', runId: id, threads });
  }
  if (poolThreads === 0) {
    try {
      await wasm.initThreadPool(threads);
    } catch (error) {
      return fail(id, error);
    }
    poolThreads = threads;
  }
  postMessage({ type: 'begun', runId: id });
  let program;
  try {
    program = wasm.GoRun.start(source, options);
  } catch (error) {
    if (error?.line == null) return fail(id, error);
    const { line, column } = error;
    return postMessage({
      type: 'ranGoLive',
      runId: id,
      error: String(error.message),
      line,
      column,
    });
  }
  [goRun, goRunId] = [program, id];
  if (cancelled.delete(id)) program.cancel();
  while (!program.finished()) {
    // A panic on one of the program's threads aborts that thread: the run would never end.
    const panic = wasm.panicMessage();
    if (panic !== undefined) return postMessage({ type: 'crashed', runId: id, message: panic });
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  }
  goRun = null;
  const result = program.result();
  program.free();
  postMessage({ type: 'ranGoLive', runId: id, result });
}

async function sweep(id, config, workers, rates) {
  wasm = await ready;
  postMessage({ type: 'begun', runId: id });
  try {
    const points = rates ? wasm.sweepLoads(config, rates) : wasm.sweepSizes(config, workers);
    postMessage({ type: 'swept', runId: id, points });
  } catch (error) {
    fail(id, error);
  }
}

// A Content-Security-Policy that forbids the pool's own workers (or their wasm) would leave the
// pool waiting for them forever: tell the page, which falls back instead of hanging.
self.addEventListener('securitypolicyviolation', (event) => {
  blockedRuns.add(pendingRun);
  postMessage({
    type: 'blocked',
    runId: pendingRun,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
  });
});

/** The page's answer to a request for threads: `{resolve, reject}`, while one is pending. */
let threadsAsked = null;

/**
 * wasm-bindgen-rayon's helper calls this (see third_party/wasm-bindgen-rayon/POOLSIM.md) to have
 * `count` workers started from `url`, each given `init`; it resolves once every one is running.
 */
self.poolsimStartThreads = (url, init, count) =>
  new Promise((resolve, reject) => {
    threadsAsked = { resolve, reject };
    postMessage({ type: 'startThreads', runId: pendingRun, url, init, count });
  });

/** Starts jobs one after another, so two runs never race for the engine or the pool. */
function enqueue(id, start) {
  queue = queue.then(() => {
    pendingRun = id;
    return start().catch((error) => fail(id, error));
  });
}

self.onmessage = ({ data }) => {
  const current = engine && data.runId === runId;
  if (data.type === 'threadsStarted' || data.type === 'threadsFailed') {
    const asked = threadsAsked;
    threadsAsked = null;
    if (data.type === 'threadsStarted') asked?.resolve();
    else asked?.reject(new Error(data.message));
  } else if (data.type === 'validate') {
    // Answered at once, between a run's batches: the page checks configs (links, figures at
    // rest) with this engine rather than load a second one on its main thread.
    ready.then(
      (module) => {
        try {
          postMessage({
            type: 'validated',
            askId: data.askId,
            config: module.validateConfig(data.config),
          });
        } catch (error) {
          const field = error?.field ?? null;
          postMessage({
            type: 'validated',
            askId: data.askId,
            error: String(error?.message ?? error),
            field,
          });
        }
      },
      (error) => postMessage({ type: 'validated', askId: data.askId, gone: String(error) }),
    );
  } else if (data.type === 'runGo') {
    // A Go program in virtual time: it runs here to its end (its wall-clock limit bounds it),
    // between a pool run's batches.
    ready.then(
      (module) => {
        try {
          const result = module.runGo(data.source, data.options ?? {});
          postMessage({ type: 'ranGo', askId: data.askId, result });
        } catch (error) {
          postMessage({
            type: 'ranGo',
            askId: data.askId,
            error: String(error?.message ?? error),
            field: error?.field ?? null,
            line: error?.line ?? null,
            column: error?.column ?? null,
          });
        }
      },
      (error) => postMessage({ type: 'ranGo', askId: data.askId, gone: String(error) }),
    );
  } else if (data.type === 'run') {
    enqueue(data.runId, () => run(data.runId, data.config));
  } else if (data.type === 'runGoLive') {
    enqueue(data.runId, () => goLive(data.runId, data.source, data.options));
  } else if (data.type === 'sweep') {
    enqueue(data.runId, () => sweep(data.runId, data.config, data.workers, data.rates));
  } else if (data.type === 'cancel') {
    if (goRun && data.runId === goRunId) goRun.cancel();
    else if (current) engine.cancel();
    else cancelled.add(data.runId);
  } else if (data.type === 'pauseCollector') {
    if (current) engine.pauseCollector(data.paused);
    else if (data.paused) paused.add(data.runId);
    else paused.delete(data.runId);
  }
};
