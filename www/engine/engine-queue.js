// One engine per page, shared by every figure on it. The engine runs one pool at a time, so
// figures take turns: requests wait in order (each told its place while it waits), and a
// figure's cancel touches only its own request — waiting or running — never another's.

/** The error a request gets when its figure cancels it before its turn came. */
export class CancelledWhileWaiting extends Error {
  name = 'AbortError';
  constructor() {
    super('cancelled while waiting for the engine; it never ran');
  }
}

export class EngineQueue {
  #poolsim;
  #waiting = [];
  #current = null;
  #listeners = new Set();

  /** `poolsim`: the page's one `Poolsim`. */
  constructor(poolsim) {
    this.#poolsim = poolsim;
  }

  /**
   * Runs `config` (or a promise of it) for `owner` (any object: the figure) once the engine is free; resolves to the
   * summary, or rejects as `poolsim.run` does. While it waits, `onWaiting(place)` is called with
   * its place in line (1: next), and again whenever that changes.
   */
  run(owner, config, { onWaiting } = {}) {
    // `config` may still be a promise (a link being decoded): the place in line is taken now.
    return this.#enqueue(owner, async (request) => this.#begin(request, await config), onWaiting);
  }

  /** A sizing sweep (see `poolsim.sweep`) for `owner`, in turn like a run. */
  sweep(owner, config, { onWaiting } = {}) {
    return this.#enqueue(owner, (request) => this.#begin(request, config, 'sweep'), onWaiting);
  }

  /** A load sweep (see `poolsim.loadSweep`) for `owner`, in turn like a run. */
  loadSweep(owner, config, rates, { onWaiting } = {}) {
    return this.#enqueue(
      owner,
      (request) => this.#begin(request, config, 'loadSweep', rates),
      onWaiting,
    );
  }

  /**
   * A Go program (see `poolsim.runGo`) for `owner`, in turn like a run: a `<go-figure>` shares
   * the page's engine with its pool figures. Virtual time runs in the engine's worker and ends
   * at its limits; live, `cancel(owner)` stops it.
   */
  runGo(owner, source, options, { onWaiting } = {}) {
    return this.#enqueue(
      owner,
      (request) => this.#begin(request, source, 'runGo', options),
      onWaiting,
    );
  }

  /**
   * Hands a request to the engine — unless its owner cancelled it while its config was being
   * worked out — and notes the engine's run id, which its messages carry.
   */
  #begin(request, config, method = 'run', ...more) {
    if (request.cancelled) throw new CancelledWhileWaiting();
    const started = this.#poolsim[method](config, ...more);
    request.runId = this.#poolsim.pendingRunId;
    return started;
  }

  /** Whether some figure's request is running (a script's own `poolsim.run` is not one). */
  get busy() {
    return this.#current !== null;
  }

  /** The engine's run id of `owner`'s running request (see `subscribe`), or null. */
  runIdOf(owner) {
    return this.#current?.owner === owner ? this.#current.runId : null;
  }

  /**
   * Calls `listener()` whenever a request starts, ends or joins or leaves the line (a figure
   * sets its buttons from `stateOf`). Returns an unsubscribe function.
   */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #enqueue(owner, start, onWaiting) {
    return new Promise((resolve, reject) => {
      const request = { owner, start, resolve, reject, onWaiting, cancelled: false, runId: null };
      this.#waiting.push(request);
      // Started first if the engine is free: a request that never waits never says it does.
      this.#next();
      this.#tell();
    });
  }

  /** Whether `owner` has a request running (`'running'`), waiting (`'waiting'`), or none. */
  stateOf(owner) {
    if (this.#current?.owner === owner) return 'running';
    return this.#waiting.some((r) => r.owner === owner) ? 'waiting' : null;
  }

  /** Cancels `owner`'s requests: a waiting one never runs; a running one stops (see `poolsim.cancel`). */
  cancel(owner) {
    const mine = this.#waiting.filter((r) => r.owner === owner);
    if (mine.length > 0) {
      this.#waiting = this.#waiting.filter((r) => r.owner !== owner);
      for (const r of mine) r.reject(new CancelledWhileWaiting());
      this.#tell();
    }
    const current = this.#current;
    if (current?.owner !== owner) return;
    // Still working out its config, it never starts; begun, the engine stops that run only.
    current.cancelled = true;
    if (current.runId !== null) this.#poolsim.cancel(current.runId);
  }

  /** Pauses or resumes the collector of `owner`'s running request, if it is running. */
  pauseCollector(owner, paused) {
    const current = this.#current;
    if (current?.owner === owner && current.runId !== null) {
      this.#poolsim.pauseCollector(paused, current.runId);
    }
  }

  async #next() {
    if (this.#current || this.#waiting.length === 0) return;
    const request = this.#waiting.shift();
    this.#current = request;
    this.#tell();
    try {
      request.resolve(await request.start(request));
    } catch (error) {
      request.reject(error);
    } finally {
      this.#current = null;
      this.#changed();
      this.#next();
    }
  }

  /** Tells each waiting request its place, and the listeners that the line changed. */
  #tell() {
    this.#waiting.forEach((r, i) => r.onWaiting?.(i + 1));
    this.#changed();
  }

  #changed() {
    for (const listener of this.#listeners) listener();
  }
}
