// <go-figure>: a figure whose experiment is a Go program. The source is the element's
// `<script type="text/x-go">` child, or the file at `src`; Run compiles it and runs it on the
// page's engine (in turn with the page's other figures), and the program view shows the run —
// lanes, channels, the code's lines marked at the playhead, the output up to it.
//
//   <go-figure driver="sim" editable link>
//     <script type="text/x-go">package main …</script>
//   </go-figure>
//
// Attributes, each reflected as a property: `driver` ("sim", the default: virtual time, the
// same every run; or "live": the reader's cores), `editable` (the reader may change the
// program), `src`, `link` (the page's address keeps the program as `#go=…`, so a shared link
// reopens the reader's own; one such figure a page). Methods: `run()` resolves to the run's
// result (as `poolsim.runGo`'s) or rejects with its compile error; `cancel()`. Events, which
// bubble and cross shadow roots: `pool-start` ({source, driver}), `pool-done` (the result),
// `pool-error` (the error), `pool-playhead` ({position, state}). `result` and `goRun` are the
// last run shown and its model; `showRun(result, note)` shows a run made elsewhere.

import { pageEngine } from '../engine/page-engine.js';
import { GoRun } from '../model/go-run.js';
import { linkOf, sourceOf } from '../model/go-link.js';
import { GoView, OutputView } from '../views/go-view.js';
import { RecordPlayer } from '../views/record-player.js';
import { FigureHost } from './figure/host.js';
import { GoSource } from '../views/go-source.js';

/** The editor page, for "Open in the editor". */
const EDITOR = new URL('../../go', import.meta.url);

/** A program written in the page: the first newline (after the tag) and trailing blanks gone. */
function inlineSource(element) {
  const script = element.querySelector('script[type="text/x-go"]');
  return script ? `${script.textContent.replace(/^\r?\n/, '').trimEnd()}\n` : '';
}

export class GoFigure extends HTMLElement {
  static observedAttributes = ['driver', 'editable', 'src', 'link'];

  #built = false;
  #text = '';
  #loading = Promise.resolve();
  #parts = null;
  #editor = null;
  #host = null;
  #result = null;
  #goRun = null;

  get driver() {
    return this.getAttribute('driver') === 'live' ? 'live' : 'sim';
  }
  set driver(value) {
    this.setAttribute('driver', value);
  }
  get editable() {
    return this.hasAttribute('editable');
  }
  set editable(value) {
    this.toggleAttribute('editable', Boolean(value));
  }
  get link() {
    return this.hasAttribute('link');
  }
  set link(value) {
    this.toggleAttribute('link', Boolean(value));
  }
  get src() {
    return this.getAttribute('src') ?? '';
  }
  set src(value) {
    this.setAttribute('src', value);
  }

  /** The program as the figure holds it now (the reader's edits included). */
  get source() {
    return this.#editor?.text ?? this.#text;
  }
  set source(text) {
    this.#text = String(text);
    if (this.#editor) this.#editor.text = this.#text;
    this.#openLink();
  }

  /** The last run's result (as `poolsim.runGo` resolves), or null. */
  get result() {
    return this.#result;
  }

  /** The last run's model (model/go-run.js), or null. */
  get goRun() {
    return this.#goRun;
  }

  connectedCallback() {
    if (this.#built) return;
    this.#built = true;
    this.#text = inlineSource(this);
    this.#build();
    const fromLink = this.link ? sourceOf(location.hash) : null;
    if (typeof fromLink === 'string') this.#text = fromLink;
    else if (fromLink instanceof Error) this.#say(`The link was not opened: ${fromLink.message}.`);
    else if (this.src) this.#loading = this.#fetch(this.src);
    this.#showEditor();
  }

  disconnectedCallback() {
    // A figure taken off the page stops its run and its playback; put back, it is as it was.
    this.cancel();
    this.#host?.player.pause();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#built || before === after) return;
    if (name === 'editable') {
      this.#text = this.source;
      this.#showEditor();
    } else if (name === 'src' && after) {
      this.#loading = this.#fetch(after);
    } else if (name === 'driver') {
      this.#parts.clock.textContent = this.#clock();
    }
  }

  /** Runs the program; resolves to the result, rejects with a compile (or engine) error. */
  async run() {
    await this.#loading;
    const source = this.source;
    const { queue, poolsim } = pageEngine();
    // Live needs threads; a page without them runs the program modeled, and says so.
    const driver = this.driver === 'live' && !(await poolsim.supported()) ? 'sim' : this.driver;
    this.#parts.clock.textContent = this.#clock(driver);
    const { run, stop, stdout, stderr, view } = this.#parts;
    run.disabled = true;
    stop.disabled = false;
    this.#editor.diagnose(null);
    this.#editor.mark([]);
    if (this.link) history.replaceState(null, '', linkOf(source));
    this.#emit('pool-start', { source, driver });
    this.#say(driver === 'live' ? 'Running live…' : 'Running in virtual time…');
    try {
      const result = await queue.runGo(
        this,
        source,
        { driver },
        { onWaiting: (place) => this.#say(`Waiting for the engine: ${place} ahead.`) },
      );
      this.#display(result, driver);
      this.#emit('pool-done', result);
      return result;
    } catch (error) {
      this.#result = null;
      this.#goRun = null;
      stdout.textContent = '';
      view.hidden = true;
      if (error.line != null) {
        this.#editor.diagnose(error);
        stderr.textContent = error.message;
        stderr.hidden = false;
        this.#say(`Does not compile: ${error.message}`);
      } else {
        stderr.hidden = true;
        this.#say(error.message);
      }
      this.#emit('pool-error', error);
      throw error;
    } finally {
      run.disabled = false;
      stop.disabled = true;
    }
  }

  /**
   * Shows `result` — a run of this figure's program made elsewhere (a chapter's check of it
   * with other numbers) — in the figure, as its own run is shown; `note` says which it is.
   */
  showRun(result, note = '') {
    this.#display(result, 'sim');
    if (note) this.#say(`${note} · ${this.#parts.status.textContent}`);
  }

  #display(result, driver) {
    const { stderr, view } = this.#parts;
    this.#result = result;
    this.#goRun = new GoRun(result);
    stderr.textContent = result.stderr;
    stderr.hidden = result.stderr === '';
    view.hidden = false;
    this.#host.show(this.#goRun);
    const clock = driver === 'live' ? 'real' : 'virtual';
    const limit = result.limit ? ` · stopped by poolsim's ${result.limit} limit` : '';
    this.#say(
      `exit status ${result.exitCode} · ${result.elapsedMs.toFixed(1)} ms of ${clock} time · ` +
        `${result.peakGoroutines} goroutines at most${limit}`,
    );
  }

  /** Stops this figure's run (live) or takes it out of the line for the engine. */
  cancel() {
    if (this.#built) pageEngine().queue.cancel(this);
  }

  #build() {
    const make = (tag, className, text) => {
      const element = document.createElement(tag);
      element.className = className;
      if (text) element.textContent = text;
      return element;
    };
    const bar = make('div', 'gf-bar');
    const run = make('button', 'gf-run', 'Run');
    const stop = make('button', 'gf-stop', 'Stop');
    for (const b of [run, stop]) b.type = 'button';
    stop.disabled = true;
    run.addEventListener('click', () => this.run().catch(() => {}));
    stop.addEventListener('click', () => this.cancel());
    const open = make('a', 'gf-open', 'Open in the editor');
    open.addEventListener('focus', () => (open.href = `${EDITOR.href}${linkOf(this.source)}`));
    open.addEventListener(
      'pointerdown',
      () => (open.href = `${EDITOR.href}${linkOf(this.source)}`),
    );
    open.href = EDITOR.href;
    const clock = make('span', 'gf-clock', this.#clock());
    bar.append(run, stop, open, clock);
    const code = make('div', 'gf-code');
    const status = make('p', 'gf-status');
    status.setAttribute('role', 'status');
    const stdout = make('pre', 'gf-stdout');
    stdout.setAttribute('aria-label', 'Output');
    stdout.tabIndex = 0;
    const stderr = make('pre', 'gf-stderr');
    stderr.setAttribute('aria-label', 'Errors');
    stderr.tabIndex = 0;
    stderr.hidden = true;
    const view = make('div', 'gf-view');
    view.hidden = true;
    // The inline program stays in the element (a script shows nothing); the figure follows it.
    this.append(bar, code, status, stdout, stderr, view);
    this.#parts = { run, stop, code, status, stdout, stderr, view, clock };
    // The figure's host (figure/host.js) with a playhead over the run's records, and the views
    // that draw from it: the program view, the output up to the playhead, the code's marks.
    const host = new FigureHost(this, (onFrame, options) => new RecordPlayer(onFrame, options));
    host.add(new GoView(view, { playhead: host.player }));
    host.add(new OutputView(stdout));
    host.add({ draw: ({ state }) => this.#editor.mark(state.goroutines) });
    // Playback keys inside the program view (not in the editor, where Space is a space).
    host.keys(view, view);
    this.#host = host;
  }

  #showEditor() {
    this.#editor?.destroy();
    this.#parts.code.shadowRoot?.replaceChildren();
    this.#editor = new GoSource(this.#parts.code, {
      doc: this.#text,
      editable: this.editable,
      label: this.editable ? 'Go source (editable)' : 'Go source',
      onRun: () => this.run().catch(() => {}),
    });
  }

  async #fetch(src) {
    try {
      const response = await fetch(new URL(src, document.baseURI));
      if (!response.ok) throw new Error(`${src}: ${response.status} ${response.statusText}`);
      this.source = await response.text();
    } catch (error) {
      this.#say(`The program could not be loaded (${error.message}).`);
    }
  }

  /** Keeps a `link` figure's program in the page's address. */
  #openLink() {
    if (this.link && this.#built) history.replaceState(null, '', linkOf(this.source));
  }

  #clock(driver = this.driver) {
    if (driver === 'live') return 'live: measured on your cores';
    return this.driver === 'live'
      ? 'modeled in virtual time: this page cannot run threads'
      : 'virtual time: the same every run';
  }

  #say(text) {
    this.#parts.status.textContent = text;
  }

  #emit(type, detail) {
    this.#host.emit(type, detail);
  }
}

if (!customElements.get('go-figure')) customElements.define('go-figure', GoFigure);
