// The program view: a Go program's run (model/go-run.js) at a playhead the reader moves — drawn as
// lanes (go-lanes.js) and written out in tables a screen reader can walk: every goroutine's
// state, Go's wait reason and line, every channel's buffer, and the output as far as the
// playhead (stepping back un-prints). Play, pause, step, step back and scrub.

import { GoLanes, LANE_COLORS } from './go-lanes.js';

/** A number of nanoseconds as the page writes times. */
const ms = (ns) => `${(ns / 1e6).toFixed(ns < 1e7 ? 3 : 1)} ms`;

/** A whole run plays in about this many frames, however long its log. */
const PLAY_FRAMES = 360;

/** The goroutines Go's report lists (`goroutine 7 [chan send]:`): the guilty ones. */
export function guiltyOf(stderr) {
  return new Set([...(stderr ?? '').matchAll(/^goroutine (\d+) \[/gm)].map((m) => Number(m[1])));
}

export class GoView {
  #run = null;
  #at = 0;
  #guilty = new Set();
  #slider;
  #play;
  #playing = 0;
  #when;
  #canvas;
  #lanes;
  #goroutines;
  #channels;
  #onOutput;
  #onPlayhead;
  #resize;

  /**
   * Renders into `root`. `onOutput(stdout)` gets the output up to the playhead;
   * `onPlayhead(state)` the run's state there (go-run.js's `stateAfter`).
   */
  constructor(root, { onOutput = () => {}, onPlayhead = () => {} } = {}) {
    this.#onOutput = onOutput;
    this.#onPlayhead = onPlayhead;
    root.replaceChildren();
    const bar = document.createElement('div');
    bar.className = 'gv-bar';
    this.#play = button('Play', () => (this.#playing ? this.pause() : this.play()));
    const back = button('Step back', () => (this.pause(), this.seek(this.#at - 1)));
    const next = button('Step on', () => (this.pause(), this.seek(this.#at + 1)));
    this.#slider = document.createElement('input');
    Object.assign(this.#slider, { type: 'range', min: '0', max: '0', value: '0' });
    this.#slider.setAttribute('aria-label', 'Playhead: records of the run');
    this.#slider.addEventListener('input', () => {
      this.pause();
      this.seek(Number(this.#slider.value));
    });
    this.#when = document.createElement('p');
    this.#when.className = 'gv-when';
    this.#when.setAttribute('aria-live', 'polite');
    bar.append(this.#play, back, this.#slider, next);
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'gv-lanes';
    this.#canvas.setAttribute('role', 'img');
    this.#lanes = new GoLanes(this.#canvas, paletteOf(root));
    this.#goroutines = table('Goroutines', ['goroutine', 'state', 'line', 'started by']);
    this.#channels = table('Channels', ['channel', 'made at line', 'buffer', 'closed']);
    root.append(bar, this.#when, this.#canvas, legend(), this.#goroutines.figure);
    root.append(this.#channels.figure);
    if (typeof ResizeObserver === 'function') {
      let width = 0;
      this.#resize = new ResizeObserver(() => {
        if (this.#canvas.clientWidth === width) return;
        width = this.#canvas.clientWidth;
        this.seek(this.#at);
      });
      this.#resize.observe(this.#canvas);
    }
  }

  /** Shows `run` (a GoRun) at its end. */
  show(run) {
    this.pause();
    this.#run = run;
    this.#guilty = guiltyOf(run.result.stderr);
    this.#slider.max = String(run.length);
    this.seek(run.length);
  }

  /** Moves the playhead to after record `n`. */
  seek(n) {
    if (!this.#run) return;
    const run = this.#run;
    this.#at = Math.max(0, Math.min(run.length, n));
    this.#slider.value = String(this.#at);
    const state = run.stateAfter(this.#at);
    const end = this.#at === run.length ? ' (the end)' : '';
    this.#when.textContent = `Record ${this.#at} of ${run.length}, at ${ms(state.atNs)}${end}`;
    this.#lanes.draw(run, this.#at, state, this.#guilty);
    this.#canvas.setAttribute('aria-label', describe(state, this.#at === run.length && run.length));
    this.#goroutines.fill(
      state.goroutines.map((g) => [
        g.id === 1 ? '1 (main)' : String(g.id),
        g.state === 'blocked'
          ? `blocked: ${g.wait}${g.chan ? ` (channel ${g.chan})` : ''}`
          : g.state,
        g.line ? String(g.line) : '',
        g.parent ? `goroutine ${g.parent}, line ${g.createdLine}` : '',
      ]),
    );
    this.#channels.fill(
      state.channels.map((c) => [
        String(c.id),
        String(c.line),
        c.cap === 0 ? 'unbuffered' : `${c.len} of ${c.cap}`,
        c.closed ? 'closed' : 'open',
      ]),
    );
    this.#onOutput(state.stdout);
    this.#onPlayhead(state);
  }

  /** Plays from the playhead (from the start if it is at the end) to the end. */
  play() {
    if (!this.#run || this.#playing) return;
    if (this.#at >= this.#run.length) this.seek(0);
    const step = Math.max(1, Math.ceil(this.#run.length / PLAY_FRAMES));
    this.#play.textContent = 'Pause';
    const frame = () => {
      this.seek(this.#at + step);
      this.#playing = this.#at < this.#run.length ? requestAnimationFrame(frame) : 0;
      if (!this.#playing) this.#play.textContent = 'Play';
    };
    this.#playing = requestAnimationFrame(frame);
  }

  pause() {
    if (!this.#playing) return;
    cancelAnimationFrame(this.#playing);
    this.#playing = 0;
    this.#play.textContent = 'Play';
  }

  /** The playhead: records folded so far. */
  get position() {
    return this.#at;
  }

  /** Stops playing and watching the page's size. */
  disconnect() {
    this.pause();
    this.#resize?.disconnect();
  }
}

/** The lanes' colours from the page's custom properties (`--go-running`, …), else ours. */
function paletteOf(root) {
  const style = getComputedStyle(root);
  const palette = {};
  for (const name of Object.keys(LANE_COLORS)) {
    const value = style.getPropertyValue(`--go-${name}`).trim();
    if (value) palette[name] = value;
  }
  return palette;
}

/** The drawing in words: how many goroutines do what at the playhead. */
function describe(state, atEnd) {
  const count = (pred) => state.goroutines.filter(pred).length;
  const parts = [
    `${count((g) => g.state === 'running')} running`,
    `${count((g) => g.state === 'ready')} ready`,
    `${count((g) => g.state === 'blocked')} blocked`,
    `${count((g) => g.state === 'exited')} exited`,
  ];
  return (
    `Lanes of ${state.goroutines.length} goroutines${atEnd ? ' at the end of the run' : ''}: ` +
    `${parts.join(', ')}; ${state.channels.length} channels. The tables below say each one's state.`
  );
}

function legend() {
  const list = document.createElement('ul');
  list.className = 'gv-legend';
  list.setAttribute('aria-label', 'Legend');
  for (const [name, text] of [
    ['running', 'running'],
    ['ready', 'ready to run'],
    ['chan', 'blocked on a channel or select'],
    ['sync', 'blocked on a WaitGroup or lock'],
    ['sleep', 'sleeping'],
    ['handoff', 'a value handed to a waiting goroutine'],
  ]) {
    const item = document.createElement('li');
    item.dataset.state = name;
    item.textContent = text;
    list.append(item);
  }
  return list;
}

function button(text, click) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', click);
  return b;
}

function table(caption, headings) {
  const figure = document.createElement('table');
  figure.className = 'gv-table';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const head = document.createElement('tr');
  for (const h of headings) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  figure.append(cap, thead, body);
  return {
    figure,
    fill(rows) {
      body.replaceChildren(
        ...rows.map((cells) => {
          const tr = document.createElement('tr');
          for (const c of cells) {
            const td = document.createElement('td');
            td.textContent = c;
            tr.append(td);
          }
          return tr;
        }),
      );
    },
  };
}
