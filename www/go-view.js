// The program view, first as words: a Go program's run (go-run.js) at a playhead the reader
// moves — every goroutine's state, Go's wait reason and line, every channel's buffer, and the
// output as far as the playhead (stepping back un-prints). Tables a screen reader can walk; the
// drawn lanes of issue #19 will sit beside them.

/** A number of nanoseconds as the page writes times. */
const ms = (ns) => `${(ns / 1e6).toFixed(ns < 1e7 ? 3 : 1)} ms`;

export class GoView {
  #run = null;
  #at = 0;
  #slider;
  #when;
  #goroutines;
  #channels;
  #onOutput;

  /** Renders into `root`; `onOutput(stdout)` gets the output up to the playhead. */
  constructor(root, onOutput = () => {}) {
    this.#onOutput = onOutput;
    root.replaceChildren();
    const bar = document.createElement('div');
    bar.className = 'gv-bar';
    const back = button('Step back', () => this.seek(this.#at - 1));
    const next = button('Step on', () => this.seek(this.#at + 1));
    this.#slider = document.createElement('input');
    Object.assign(this.#slider, { type: 'range', min: '0', max: '0', value: '0' });
    this.#slider.setAttribute('aria-label', 'Playhead: records of the run');
    this.#slider.addEventListener('input', () => this.seek(Number(this.#slider.value)));
    this.#when = document.createElement('p');
    this.#when.className = 'gv-when';
    this.#when.setAttribute('aria-live', 'polite');
    bar.append(back, this.#slider, next);
    this.#goroutines = table('Goroutines', ['goroutine', 'state', 'line', 'started by']);
    this.#channels = table('Channels', ['channel', 'made at line', 'buffer', 'closed']);
    root.append(bar, this.#when, this.#goroutines.figure, this.#channels.figure);
  }

  /** Shows `run` (a GoRun) at its end. */
  show(run) {
    this.#run = run;
    this.#slider.max = String(run.length);
    this.seek(run.length);
  }

  /** Moves the playhead to after record `n`. */
  seek(n) {
    if (!this.#run) return;
    this.#at = Math.max(0, Math.min(this.#run.length, n));
    this.#slider.value = String(this.#at);
    const state = this.#run.stateAfter(this.#at);
    const end = this.#at === this.#run.length ? ' (the end)' : '';
    this.#when.textContent = `Record ${this.#at} of ${this.#run.length}, at ${ms(state.atNs)}${end}`;
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
  }

  /** The playhead: records folded so far. */
  get position() {
    return this.#at;
  }
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
