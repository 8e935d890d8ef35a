// <pool-figure>: one experiment, as many as a page wants; the playground is one of them.
//
// Attributes (each a setting of the config is also a property: `workers`, `jobs`, `jobsBuffer`,
// `resultsBuffer`, `driver`, `seed`, `scenario`):
// - the config in kebab-case (`workers`, `jobs`, `jobs-buffer`, `results-buffer`, `driver`,
//   `seed`), or a `scenario` (a link's code, see scenario.js) with those on top;
// - `controls`: `none` (scripts run it), `run` (Run and Cancel; the default) or `full` (the
//   whole settings form, collector pause and sizing sweep);
// - `views`: which panels show, from `diagram gmp code charts summary sweep curve` (default:
//   `diagram`, or all of them with `controls="full"`);
// - `fields`: settings the reader may change beside Run (schema names);
// - `sweep` (worker counts, or `gomaxprocs`), `sweep-live-max`, `jobs-per-worker`, `sweep-mark`:
//   Run is a sizing sweep (the `sweep` view);
// - `link`: the page's address holds this figure's scenario (`#s=…&t=…`), Back/Forward move
//   between runs (one such figure per page: the playground);
// - `follow-engine`: also show runs that scripts start on `window.poolsim` directly;
// - `playground`: the URL of the live playground, offered when this page can only model a run.
//
// API: `run()` → a promise of the summary; `cancel()`; events `pool-start` (detail: config),
// `pool-done` (detail: summary), `pool-error` (detail: the Error) and `pool-playhead` ({position,
// state}), which bubble and leave shadow roots. Every figure on a page shares its one engine
// through an EngineQueue: a figure says when it waits its turn, and its cancel touches only its
// own run.
//
// The element is a shell: a host (figure/host.js and pool-host.js: playhead, timeline, keys,
// visibility, teardown) with views that register with it (views/figure/), laid out by figure/template.js,
// and controllers for runs, sweeps, settings and links (figure/*).

import { pageEngine } from '../engine/page-engine.js';
import { goProgram } from '../model/go-program.js';
import { chromeTrace, download } from '../model/export.js';
import { PoolHost } from './figure/pool-host.js';
import { build } from './figure/template.js';
import { RunController } from './figure/run-controller.js';
import { SweepController } from './figure/sweep-controller.js';
import { LinkController } from './figure/link-controller.js';
import { Settings, FIELDS, configOf, attributeValue } from './figure/settings.js';

/** Config names as properties: `jobsBuffer` ↔ `jobs-buffer`. */
const PROPERTIES = {
  ...Object.fromEntries(Object.entries(FIELDS).map(([a, f]) => [f, a])),
  scenario: 'scenario',
};

export class PoolFigure extends HTMLElement {
  /**
   * While on the page: `{element, host, parts, views, runs, sweeps, link, settings, gone}` — the
   * pieces the controllers share. Null off the page.
   */
  #f = null;
  #unsubscribe = null;

  static get observedAttributes() {
    return ['scenario', ...Object.keys(FIELDS)];
  }

  /** The config the attributes describe (a `scenario` first, then the fields on top). */
  config() {
    return configOf(this);
  }

  /** A script changed a setting: the pool at rest shows it (a run on screen keeps its own). */
  attributeChangedCallback(name, before, now) {
    if (before !== now && this.#f) this.#f.settings.show(null);
  }

  connectedCallback() {
    // Moved (see `disconnectedCallback`): still built, and its run goes on.
    if (this.#f) return;
    const { poolsim, queue } = pageEngine();
    const f = { element: this, host: new PoolHost(this), gone: false };
    f.runs = new RunController(f);
    f.sweeps = new SweepController(f);
    f.settings = new Settings(f);
    build(f);
    f.link = new LinkController(f);
    this.#f = f;
    const transport = f.views.transport;
    if (transport) this.#keys(f, transport);
    const unsubscribe = poolsim.subscribe((message) => f.runs.said(message));
    // Run and Cancel follow this figure's calls and requests, not each call's end: a second run
    // (Back in the playground, a script) keeps Cancel live until the last ends.
    const unqueue = queue.onChange(() => f.runs.sync());
    this.#unsubscribe = () => {
      unsubscribe();
      unqueue();
    };
    poolsim.supported().then((ok) => f.settings.liveIs(ok));
    // The pool at rest before any run: the diagram and the Go code of its settings.
    f.settings.show(null);
    if (this.hasAttribute('link')) {
      f.link.open();
    } else if (this.getAttribute('controls') === 'full' && this.hasAttribute('scenario')) {
      this.config().then(
        (c) => f.settings.show(c),
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
    const f = this.#f;
    if (!f) return;
    this.cancel();
    this.#unsubscribe?.();
    f.link.destroy();
    f.host.teardown();
    f.gone = true;
    // Put back later, it starts at rest, with nothing of this run.
    this.#f = null;
    this.replaceChildren();
  }

  /** Runs this figure's experiment on the page's engine, after the figures ahead of it. */
  async run() {
    const f = this.#f;
    if (!f) throw new Error('this figure is not on a page');
    // The place in line is taken at once, in the order runs were asked for, even while a
    // scenario is still being decoded.
    const asked = f.settings.asked();
    if (this.getAttribute('sweep') && f.views.sizing) return f.sweeps.sizing(asked);
    return f.runs.run(asked, { remember: this.hasAttribute('link') && Boolean(f.parts.form) });
  }

  /** Cancels this figure's run, waiting or running; other figures' runs go on. */
  cancel() {
    pageEngine().queue.cancel(this);
  }

  /** What the diagram last drew (for tests and scripts), or null. */
  get drawn() {
    return this.#f?.views.diagram?.diagram.drawn ?? null;
  }

  /** The diagram (views/diagram.js), or null. */
  get diagram() {
    return this.#f?.views.diagram?.diagram ?? null;
  }

  /** The playhead (views/player.js), or null off the page. */
  get player() {
    return this.#f?.host.player ?? null;
  }

  /** The timeline this figure shows (its last run's), or null. */
  get timeline() {
    return this.#f?.host.timeline ?? null;
  }

  /** The playback keys, and the full figure's goroutine stepper, exports and link. */
  #keys(f, transport) {
    const { player } = f.host;
    const t = transport.parts;
    f.host.keys(t.root, f.parts.watchRoot, {
      ...(t.goroutine && {
        'actor-back': () => player.stepActor(Number(t.goroutine.value), -1),
        'actor-forward': () => player.stepActor(Number(t.goroutine.value), 1),
        'export-trace': async () => {
          if (f.host.timeline) download('poolsim-trace.json', await chromeTrace(f.host.timeline));
        },
        'export-go': () => {
          const config = f.host.timeline?.config;
          if (config) download('poolsim.go', goProgram(config).text, 'text/x-go');
        },
        'copy-link': () => f.link.copy(t.linkStatus),
      }),
    });
  }
}

// The config's settings and `scenario` as properties, reflected to their attributes: numbers
// read as numbers (a setting that is not one reads as written, for the engine to refuse).
for (const [property, attribute] of Object.entries(PROPERTIES)) {
  Object.defineProperty(PoolFigure.prototype, property, {
    get() {
      const text = this.getAttribute(attribute);
      return text === null ? null : attributeValue(attribute, text);
    },
    set(value) {
      if (value === null || value === undefined) this.removeAttribute(attribute);
      else this.setAttribute(attribute, String(value));
    },
    configurable: true,
  });
}

if (!customElements.get('pool-figure')) customElements.define('pool-figure', PoolFigure);
