// The program view: a Go program's run (model/go-run.js) at a playhead the reader moves — drawn as
// lanes (go-lanes.js) and written out in tables a screen reader can walk: every goroutine's
// state, Go's wait reason and line, every channel's buffer, and the output as far as the
// playhead (stepping back un-prints). Play, pause, step, step back and scrub.

import { GoLanes, laneColors } from './go-lanes.js';
import { paletteOf } from './palette.js';

/** A number of nanoseconds as the page writes times. */
const ms = (ns) => `${(ns / 1e6).toFixed(ns < 1e7 ? 3 : 1)} ms`;

/** The goroutines Go's report lists (`goroutine 7 [chan send]:`): the guilty ones. */
export function guiltyOf(stderr) {
  return new Set([...(stderr ?? '').matchAll(/^goroutine (\d+) \[/gm)].map((m) => Number(m[1])));
}

/**
 * The program view, as a figure's view (views/figure/README.md) over a RecordPlayer's frames:
 * `load(run)` when a run is shown, `draw(frame)` at each move of the playhead.
 */
export class GoView {
  #guilty = new Set();
  #slider;
  #play;
  #when;
  #canvas;
  #lanes;
  #goroutines;
  #channels;
  #resize;

  /** Renders into `root`; its buttons and slider move `playhead` (a RecordPlayer). */
  constructor(root, { playhead }) {
    root.replaceChildren();
    const bar = document.createElement('div');
    bar.className = 'gv-bar';
    this.#play = button('Play', () => playhead.toggle());
    const back = button('Step back', () => playhead.step(-1));
    const next = button('Step on', () => playhead.step(1));
    this.#slider = document.createElement('input');
    Object.assign(this.#slider, { type: 'range', min: '0', max: '0', value: '0' });
    this.#slider.setAttribute('aria-label', 'Playhead: records of the run');
    this.#slider.addEventListener('input', () => {
      playhead.pause();
      playhead.seek(Number(this.#slider.value));
    });
    this.#when = document.createElement('p');
    this.#when.className = 'gv-when';
    this.#when.setAttribute('aria-live', 'polite');
    bar.append(this.#play, back, this.#slider, next);
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'gv-lanes';
    this.#canvas.setAttribute('role', 'img');
    // Focusable, so the playback keys (Space, arrows, Home, End) work from the picture.
    this.#canvas.tabIndex = 0;
    this.#lanes = new GoLanes(this.#canvas, laneColors(paletteOf(root)));
    this.#goroutines = table('Goroutines', ['goroutine', 'state', 'line', 'started by']);
    this.#channels = table('Channels', ['channel', 'made at line', 'buffer', 'closed']);
    root.append(bar, this.#when, this.#canvas, legend(), this.#goroutines.figure);
    root.append(this.#channels.figure);
    if (typeof ResizeObserver === 'function') {
      let width = 0;
      this.#resize = new ResizeObserver(() => {
        if (this.#canvas.clientWidth === width) return;
        width = this.#canvas.clientWidth;
        playhead.invalidate();
      });
      this.#resize.observe(this.#canvas);
    }
  }

  /** A run (a GoRun) is shown. */
  load(run) {
    this.#guilty = guiltyOf(run.result.stderr);
    this.#slider.max = String(run.length);
  }

  /** The run at the playhead: after record `position`, in `state` (go-run.js's `stateAfter`). */
  draw({ run, position, state, playing }) {
    this.#play.textContent = playing ? 'Pause' : 'Play';
    this.#slider.value = String(position);
    const end = position === run.length ? ' (the end)' : '';
    this.#when.textContent = `Record ${position} of ${run.length}, at ${ms(state.atNs)}${end}`;
    this.#lanes.draw(run, position, state, this.#guilty);
    this.#canvas.setAttribute('aria-label', describe(state, position === run.length && run.length));
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
  }

  /** Stops watching the page's size. */
  destroy() {
    this.#resize?.disconnect();
  }
}

/** The output as far as the playhead (stepping back un-prints), in `pre`. */
export class OutputView {
  constructor(pre) {
    this.pre = pre;
  }

  draw({ state }) {
    this.pre.textContent = state.stdout;
  }
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
