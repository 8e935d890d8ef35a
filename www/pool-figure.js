// <pool-figure>: one experiment, as many as a page wants. Configured by attributes that mirror
// the config in kebab-case (`workers`, `jobs`, `jobs-buffer`, `results-buffer`, `driver`,
// `seed`) or by a `scenario` (a link's code, see scenario.js); it shows the pool at the
// playhead and the run's outcome. Every figure on a page shares the page's one engine through
// an EngineQueue: it says when it waits its turn, and its cancel touches only its own run.
//
// API: `run()` → a promise of the summary; `cancel()`; events `pool-start` (detail: config),
// `pool-done` (detail: summary) and `pool-error` (detail: the Error). Removing the element
// cancels its run. No global ids, no page-wide listeners.

import { Poolsim } from './poolsim.js';
import { EngineQueue } from './engine-queue.js';
import { Diagram } from './diagram.js';
import { Player } from './player.js';
import { applySummary } from './pipeline.js';
import { decodeScenario } from './scenario.js';

/** Attributes that are config fields, and their config names. */
const FIELDS = {
  workers: 'workers',
  jobs: 'jobs',
  'jobs-buffer': 'jobsBuffer',
  'results-buffer': 'resultsBuffer',
  driver: 'driver',
  seed: 'seed',
};

let queue = null;
/** The page's one engine: the page's `window.poolsim` if it has one, else made on first use. */
function engine() {
  window.poolsim ??= new Poolsim();
  queue ??= new EngineQueue(window.poolsim);
  return { poolsim: window.poolsim, queue };
}

function attributeValue(name, text) {
  if (name === 'driver') return text;
  const number = Number(text);
  // Not a number: passed on as given, so the engine's validation names the field.
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

export class PoolFigure extends HTMLElement {
  #diagram = null;
  #player = null;
  #summary = null;
  #unsubscribe = null;
  #parts = null;

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

  connectedCallback() {
    if (this.#parts) return;
    const make = (tag, className, text = '') => {
      const el = document.createElement(tag);
      el.className = className;
      el.textContent = text;
      return el;
    };
    const run = make('button', 'pf-run', 'Run');
    run.type = 'button';
    const cancel = make('button', 'pf-cancel', 'Cancel');
    cancel.type = 'button';
    cancel.disabled = true;
    const status = make('span', 'pf-status');
    status.setAttribute('role', 'status');
    const bar = make('div', 'pf-controls');
    bar.append(run, cancel, status);
    const canvas = make('canvas', 'diagram');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'The worker pool at the playhead');
    const outcome = make('p', 'pf-outcome muted');
    this.replaceChildren(bar, canvas, outcome);
    this.#parts = { run, cancel, status, outcome };
    this.#diagram = new Diagram(canvas);
    const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#player = new Player(
      ({ state, timeline, tokens, flows }) => {
        const shown =
          this.#summary && timeline.position === timeline.length
            ? applySummary(structuredClone(state), this.#summary)
            : state;
        this.#diagram.draw(shown, { tokens, flows, reducedMotion });
      },
      { reducedMotion },
    );
    run.addEventListener('click', () => this.run().catch(() => {}));
    cancel.addEventListener('click', () => this.cancel());
  }

  disconnectedCallback() {
    // Removed from the page: its run ends and its view stops drawing.
    this.cancel();
    this.#player?.pause();
  }

  /** Runs this figure's experiment on the page's engine, after the figures ahead of it. */
  async run() {
    const { poolsim, queue } = engine();
    const { run, cancel, status, outcome } = this.#parts;
    let config;
    try {
      config = await this.config();
    } catch (error) {
      outcome.textContent = `No run: ${error.message}`;
      this.dispatchEvent(new CustomEvent('pool-error', { detail: error }));
      throw error;
    }
    run.disabled = true;
    cancel.disabled = false;
    this.#summary = null;
    this.dispatchEvent(new CustomEvent('pool-start', { detail: config }));
    // This figure's own run is the one the engine runs while the queue says so.
    this.#unsubscribe?.();
    this.#unsubscribe = poolsim.subscribe((message) => {
      if (queue.stateOf(this) !== 'running') return;
      if (message.type === 'started') {
        status.textContent = 'Running…';
        this.#player.load(poolsim.timeline(), { live: true });
      } else if (message.type === 'events') {
        this.#player.appended();
      }
    });
    try {
      const summary = await queue.run(this, config, {
        onWaiting: (place) => {
          status.textContent =
            place === 1
              ? 'Waiting for the engine (next)'
              : `Waiting for the engine (${place - 1} ahead)`;
        },
      });
      this.#summary = summary;
      // The engine's timeline is still this run's: the next figure's has not started yet.
      if (this.#player.timeline !== poolsim.timeline()) {
        this.#player.load(poolsim.timeline(), { live: false });
      }
      this.#player.finished();
      this.#player.invalidate();
      status.textContent = summary.cancelled ? 'Cancelled' : 'Done';
      outcome.textContent =
        `${summary.results} of ${summary.jobs} jobs collected` +
        (summary.driver === 'sim' ? ' (modeled)' : ` on ${summary.threads} threads`);
      this.dispatchEvent(new CustomEvent('pool-done', { detail: summary }));
      return summary;
    } catch (error) {
      status.textContent = '';
      outcome.textContent = `No run: ${error.message}`;
      this.dispatchEvent(new CustomEvent('pool-error', { detail: error }));
      throw error;
    } finally {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
      run.disabled = false;
      cancel.disabled = true;
    }
  }

  /** Cancels this figure's run, waiting or running; other figures' runs go on. */
  cancel() {
    if (queue) queue.cancel(this);
  }

  /** What the diagram last drew (for tests and scripts). */
  get drawn() {
    return this.#diagram?.drawn ?? null;
  }
}

if (!customElements.get('pool-figure')) customElements.define('pool-figure', PoolFigure);
