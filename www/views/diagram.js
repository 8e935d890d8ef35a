// The pool drawn on a canvas: producer → jobs → workers (fan-out) → results → collector (fan-in),
// with the WaitGroup and the closer below. It draws a state (pipeline.js) and the jobs in flight
// around the playhead; it never knows which driver produced the log.

import { Kind } from '../model/events.js';
import { PALETTE } from './palette.js';

/** The diagram's colours from the figures' palette (palette.js). */
export function diagramColors(p) {
  return {
    ink: p.ink,
    muted: p.muted,
    line: p.wire,
    panel: p.bg,
    go: p.go,
    ok: p.ok,
    warn: p.warn,
    bad: p.bad,
    idle: p.idle,
    token: p.go,
    result: p.result,
  };
}

/** Its colours where no page says otherwise. */
export const COLORS = Object.freeze(diagramColors(PALETTE));

/** Channels up to this capacity are drawn slot by slot; larger ones as a fill bar. */
const MAX_SLOTS = 24;

const WORKER_TEXT = {
  starting: 'starting',
  // Go's wait reason first (what its goroutine dump would say), then why.
  waiting: 'chan receive: jobs empty',
  working: 'working',
  sending: 'sending',
  blocked: 'chan send: results full',
  idle: 'between jobs',
  exited: 'exited · wg.Done()',
};

/** Each worker state's colour, by its name in the colours. */
const WORKER_COLOR = {
  starting: 'idle',
  waiting: 'warn',
  working: 'ok',
  sending: 'ok',
  blocked: 'bad',
  idle: 'ok',
  exited: 'idle',
};

export class Diagram {
  constructor(canvas) {
    this.canvas = canvas;
    /** The colours it draws with (a page's palette: see DiagramView). */
    this.colors = COLORS;
    this.ctx = canvas.getContext('2d');
    this.layout = null;
    this.drawn = null;
    /**
     * What the last frame painted, for tests that check the picture rather than its input:
     * every box (`title`, `detail` as clipped and painted, its outline `color`, `alarm`, and
     * where it is in CSS pixels) and every piece of text with its colour.
     */
    this.scene = { boxes: [], texts: [] };
    // Every text the canvas paints is recorded as it is painted.
    const fillText = this.ctx.fillText.bind(this.ctx);
    this.ctx.fillText = (text, x, y, ...rest) => {
      this.scene.texts.push({ text: String(text), color: this.ctx.fillStyle });
      fillText(text, x, y, ...rest);
    };
    /** Frames drawn so far: a figure off screen draws none. */
    this.frames = 0;
    this.mode = 'tokens';
  }

  /** Sizes the canvas for `workers` workers at the element's CSS width. */
  resize(workers) {
    const width = Math.max(280, this.canvas.clientWidth || 800);
    const layout = width < 640 ? verticalLayout(width, workers) : horizontalLayout(width, workers);
    const dpr = globalThis.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(layout.height * dpr);
    this.canvas.style.height = `${layout.height}px`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // The unbounded program's box is laid out with the rest: wires and tokens find it in the
    // first frame, before it is painted.
    this.layout = { ...layout, pool: workers, workersBox: spawnedBox(layout) };
  }

  /**
   * Draws `state` with `tokens` in flight: `[{kind, job, worker, progress}]`, progress 0..1
   * along the token's path. `flows` replaces tokens when there are too many to draw one by one.
   */
  draw(state, { tokens = [], flows = null, reducedMotion = false } = {}) {
    if (!this.layout || this.layout.pool !== state.workers.length) {
      this.resize(state.workers.length);
    }
    const { ctx } = this;
    const L = this.layout;
    ctx.clearRect(0, 0, L.width, L.height);
    this.scene = { boxes: [], texts: [] };
    ctx.font = `${L.vertical ? 11 : 12}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';

    this.#wires(state);
    const p = state.producer;
    const text = producerText(p, state.producerWaitsIn);
    this.#box(
      L.producer,
      'producer',
      text,
      stateColor(this.colors, p.state),
      p.state === 'blocked',
    );
    this.#channel(L.jobs, 'jobs', state.jobs);
    if (state.unbounded) this.#spawned(state);
    else if (L.compact) this.#cells(state);
    else
      state.workers.forEach((w, i) => {
        const label = `worker ${i + 1}${w.job ? ` · job ${w.job}` : ''}`;
        this.#box(
          L.workers[i],
          label,
          `${WORKER_TEXT[w.state]} · ${w.done} done`,
          this.colors[WORKER_COLOR[w.state]],
          w.state === 'blocked',
        );
      });
    this.#channel(L.results, 'results', state.results);
    const paused = state.collector.paused;
    this.#box(
      L.collector,
      'collector',
      `${paused ? 'paused · ' : ''}${state.collector.collected} collected`,
      paused ? this.colors.warn : state.results.closed ? this.colors.idle : this.colors.ok,
      false,
    );
    this.#box(
      L.waitGroup,
      'sync.WaitGroup',
      `counter ${state.waitGroup}`,
      state.waitGroup ? this.colors.go : this.colors.idle,
      false,
    );
    const closerText = {
      starting: 'starting',
      waiting: 'blocked in wg.Wait()',
      done: 'close(results) done',
    }[state.closer];
    this.#box(
      L.closer,
      'closer: wg.Wait(); close(results)',
      closerText,
      state.closer === 'waiting' ? this.colors.warn : this.colors.idle,
      false,
    );

    if (state.crashed) {
      ctx.fillStyle = this.colors.bad;
      ctx.font = 'bold 14px system-ui, sans-serif';
      const text = {
        deadlock: 'all goroutines are asleep — deadlock!',
        panic: 'panic!',
        'out of memory': 'out of memory!',
      }[state.crashed];
      ctx.fillText(text, L.width - ctx.measureText(text).width - 10, 14);
      ctx.font = `${L.vertical ? 11 : 12}px system-ui, sans-serif`;
    }
    this.mode = flows ? 'flows' : 'tokens';
    if (flows) this.#flows(flows);
    else if (!reducedMotion) {
      ctx.font = '9px system-ui, sans-serif';
      for (const token of tokens) this.#token(token);
    }
    this.drawn = state;
    this.frames += 1;
    this.tokensDrawn = flows || reducedMotion ? 0 : tokens.length;
  }

  /** The unbounded mode: no pool, a goroutine per job; how many, and the memory they hold. */
  #spawned(state) {
    const { ctx } = this;
    const b = this.layout.workersBox;
    const mib = state.memoryKiB / 1024;
    const limit = state.memoryLimitKiB / 1024;
    const over = limit > 0 && mib >= limit;
    this.#box(
      b,
      `go handle(j): ${state.spawned} goroutines`,
      `memory ${mib.toFixed(1)} MiB${limit ? ` of ${limit.toFixed(0)}` : ''}`,
      over ? this.colors.bad : this.colors.warn,
      over,
    );
    if (limit > 0) {
      ctx.fillStyle = over ? this.colors.bad : this.colors.warn;
      ctx.fillRect(b.x + 4, b.y + b.h - 8, Math.min(1, mib / limit) * (b.w - 8), 4);
    }
  }

  /**
   * Many workers: one coloured cell each, by state; past `MAX_CELLS` workers a cell stands for
   * an equal share of them and shows the first one's state (a frame's work stays bounded).
   */
  #cells(state) {
    const { ctx } = this;
    const cells = this.layout.workers;
    const n = state.workers.length;
    this.cellsDrawn = cells.length;
    for (let i = 0; i < cells.length; i++) {
      const w = state.workers[Math.floor((i * n) / cells.length)];
      ctx.fillStyle = this.colors[WORKER_COLOR[w.state]];
      const c = cells[i];
      ctx.fillRect(c.x, c.y, c.w, c.h);
    }
    const { x, y, h } = this.layout.compact;
    ctx.fillStyle = this.colors.muted;
    const summary = Object.entries(state.workerStates)
      .filter(([, count]) => count > 0)
      .map(([s, count]) => `${count} ${WORKER_TEXT[s]}`)
      .join(' · ');
    const share = cells.length < n ? ` (a cell: ${Math.round(n / cells.length)} workers)` : '';
    ctx.fillText(
      clip(ctx, `${n} workers${share}: ${summary}`, this.layout.width - x - 8),
      x,
      y + h + 12,
    );
  }

  #box(b, title, detail, color, alarm) {
    const { ctx } = this;
    ctx.fillStyle = this.colors.panel;
    ctx.strokeStyle = color;
    ctx.lineWidth = alarm ? 3 : 1.5;
    roundRect(ctx, b.x, b.y, b.w, b.h, 7);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = this.colors.ink;
    const twoLines = b.h >= 30;
    const shown = { title: clip(ctx, title, b.w - 12), detail: '' };
    ctx.fillText(shown.title, b.x + 7, twoLines ? b.y + b.h * 0.32 : b.y + b.h / 2);
    if (twoLines) {
      ctx.fillStyle = alarm ? this.colors.bad : this.colors.muted;
      shown.detail = clip(ctx, detail, b.w - 12);
      ctx.fillText(shown.detail, b.x + 7, b.y + b.h * 0.72);
    }
    this.scene.boxes.push({ ...shown, color, alarm, x: b.x, y: b.y, w: b.w, h: b.h });
  }

  #channel(b, name, ch) {
    const { ctx } = this;
    const full = ch.cap > 0 && ch.len >= ch.cap;
    ctx.fillStyle = this.colors.ink;
    const title = `${name}  ${ch.cap === 0 ? 'unbuffered' : `${ch.len}/${ch.cap}`}`;
    ctx.fillText(title, b.x, b.y - 12);
    if (ch.closed) {
      ctx.fillStyle = this.colors.warn;
      const label = 'closed';
      const width = ctx.measureText(label).width;
      // Beside the title when both fit, else under the channel (a narrow unbuffered one).
      const fits = ctx.measureText(title).width + 8 + width <= b.w;
      ctx.fillText(label, b.x + b.w - width, fits ? b.y - 12 : b.y + b.h + 10);
    }
    ctx.strokeStyle = full ? this.colors.bad : ch.closed ? this.colors.warn : this.colors.line;
    ctx.lineWidth = full ? 2.5 : 1.5;
    if (ch.cap === 0) {
      // A rendezvous: no room at all, values pass hand to hand.
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(b.x, b.y + b.h / 2);
      ctx.lineTo(b.x + b.w, b.y + b.h / 2);
      ctx.stroke();
      ctx.setLineDash([]);
      return;
    }
    roundRect(ctx, b.x, b.y, b.w, b.h, 4);
    ctx.stroke();
    if (ch.cap <= MAX_SLOTS) {
      const slot = (b.w - 4) / ch.cap;
      // The oldest value waits at the right end, nearest the receivers.
      for (let i = 0; i < Math.min(ch.len, ch.cap); i++) {
        ctx.fillStyle = name === 'jobs' ? this.colors.token : this.colors.result;
        ctx.fillRect(b.x + b.w - 2 - (i + 1) * slot + 1, b.y + 3, Math.max(1, slot - 2), b.h - 6);
      }
    } else {
      const ratio = Math.min(1, ch.len / ch.cap);
      ctx.fillStyle = full
        ? this.colors.bad
        : name === 'jobs'
          ? this.colors.token
          : this.colors.result;
      ctx.fillRect(b.x + b.w - 2 - ratio * (b.w - 4), b.y + 3, ratio * (b.w - 4), b.h - 6);
    }
  }

  #wires(state) {
    const { ctx } = this;
    const L = this.layout;
    ctx.strokeStyle = this.colors.line;
    ctx.lineWidth = 1;
    const line = (x1, y1, x2, y2) => {
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    };
    const wire = (from, to) => line(...this.#out(from), ...this.#in(to));
    wire(L.producer, L.jobs);
    // A grid of many workers gets one wire in and one out, not thousands.
    const targets = state.unbounded ? [L.workersBox] : L.compact ? [L.compact] : L.workers;
    for (const w of targets) {
      wire(L.jobs, w);
      wire(w, L.results);
    }
    wire(L.results, L.collector);
    void state;
  }

  /** Where wires leave a box (downstream side) and enter one. */
  #out(b) {
    return this.layout.vertical ? [b.x + b.w / 2, b.y + b.h] : [b.x + b.w, b.y + b.h / 2];
  }

  #in(b) {
    return this.layout.vertical ? [b.x + b.w / 2, b.y] : [b.x, b.y + b.h / 2];
  }

  /** Where a token of `kind` starts and ends. */
  path(kind, worker) {
    const L = this.layout;
    const w =
      worker === 0
        ? L.workersBox
        : L.workers[Math.floor(((worker - 1) * L.workers.length) / Math.max(1, L.pool))];
    const between = (from, to) => from && to && [...this.#out(from), ...this.#in(to)];
    switch (kind) {
      case Kind.JobSent:
        return between(L.producer, L.jobs);
      case Kind.JobReceived:
        return between(L.jobs, w);
      case Kind.ResultSent:
        return between(w, L.results);
      case Kind.ResultCollected:
        return between(L.results, L.collector);
      default:
        return null;
    }
  }

  #token({ kind, job, worker, progress }) {
    const path = this.path(kind, worker);
    if (!path) return;
    const [x1, y1, x2, y2] = path;
    const t = Math.max(0, Math.min(1, progress));
    const x = x1 + (x2 - x1) * t;
    const y = y1 + (y2 - y1) * t;
    const { ctx } = this;
    ctx.fillStyle =
      kind === Kind.ResultSent || kind === Kind.ResultCollected
        ? this.colors.result
        : this.colors.token;
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, Math.PI * 2);
    ctx.fill();
    if (!this.layout.vertical) {
      ctx.fillStyle = '#001b24';
      ctx.textAlign = 'center';
      ctx.fillText(String(job % 1000), x, y);
      ctx.textAlign = 'start';
    }
  }

  /**
   * Too many jobs to draw one by one: each path's width shows how many crossed it. A grid of
   * workers gets one band per wire into and out of the whole grid (a stroke per worker would
   * cost a frame thousands of translucent lines).
   */
  #flows(given) {
    const { ctx } = this;
    let flows = given;
    if (this.layout.pool > MAX_BOXED) {
      const byKind = new Map();
      for (const { kind, count } of given) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
      flows = [...byKind].map(([kind, count]) => ({ kind, worker: 0, count }));
    }
    const max = Math.max(1, ...flows.map((f) => f.count));
    this.flowsDrawn = 0;
    for (const { kind, worker, count } of flows) {
      const path = this.path(kind, worker);
      if (!path || count === 0) continue;
      const [x1, y1, x2, y2] = path;
      ctx.strokeStyle =
        kind === Kind.ResultSent || kind === Kind.ResultCollected
          ? this.colors.result
          : this.colors.token;
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = 1 + 9 * (count / max);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
      ctx.globalAlpha = 1;
      this.flowsDrawn += 1;
    }
  }
}

function producerText(p, waitsIn = 'chan send') {
  const what = {
    running: 'sending',
    blocked: `${waitsIn}: jobs full`,
    done: 'done · close(jobs)',
  }[p.state];
  return `${what} · ${p.sent} sent`;
}

/** Where the unbounded program's goroutines are drawn: where the pool would be. */
function spawnedBox(L) {
  const unit = L.width / 100;
  return L.vertical
    ? { x: L.jobs.x, y: L.jobs.y + L.jobs.h + 30, w: L.jobs.w, h: 70 }
    : { x: 35 * unit, y: L.jobs.y - 20, w: 28 * unit, h: 70 };
}

function stateColor(colors, state) {
  return { running: colors.ok, blocked: colors.bad, done: colors.idle }[state] ?? colors.idle;
}

/** Past this many workers, each is a small cell of a grid instead of a labelled box. */
const MAX_BOXED = 24;

/** The most cells a grid of workers draws: a frame's work stops growing with the pool. */
const MAX_CELLS = 4096;

/** `n` equal cells (at most `MAX_CELLS`) filling the area `x, y, w, h` as squarely as they can. */
function grid(x, y, w, h, workers) {
  const n = Math.min(workers, MAX_CELLS);
  const cols = Math.max(1, Math.ceil(Math.sqrt((n * w) / h)));
  const rows = Math.ceil(n / cols);
  const size = Math.min(w / cols, h / rows);
  const gap = size > 6 ? 1 : 0;
  return Array.from({ length: n }, (_, i) => ({
    x: x + (i % cols) * size,
    y: y + Math.floor(i / cols) * size,
    w: Math.max(1, size - gap),
    h: Math.max(1, size - gap),
  }));
}

/** Left to right, for wide screens: columns in hundredths of the width. */
function horizontalLayout(width, workers) {
  if (workers > MAX_BOXED) {
    const unit = width / 100;
    const area = { x: 35 * unit, y: 20, w: 28 * unit, h: 260 };
    const layout = horizontalLayout(width, 1);
    const height = area.y + area.h + 80;
    const mid = area.y + area.h / 2;
    const centre = (b) => ({ ...b, y: mid - b.h / 2 });
    return {
      ...layout,
      height,
      compact: area,
      producer: centre(layout.producer),
      jobs: centre(layout.jobs),
      results: centre(layout.results),
      collector: centre(layout.collector),
      workers: grid(area.x, area.y, area.w, area.h, workers),
      waitGroup: { ...layout.waitGroup, y: height - 52 },
      closer: { ...layout.closer, y: height - 52 },
    };
  }
  const columns = workers > 8 ? 2 : 1;
  const rows = Math.ceil(workers / columns);
  const rowHeight = 40;
  const height = Math.max(230, 70 + rows * rowHeight + 70);
  const mid = 40 + (rows * rowHeight) / 2;
  const unit = width / 100;
  const box = (x, w, h = 46) => ({ x: x * unit, y: mid - h / 2, w: w * unit, h });
  // producer 1–13, jobs 16–31, workers 35–63, results 67–82, collector 86–99
  return {
    vertical: false,
    width,
    height,
    producer: box(1, 12),
    jobs: box(16, 15, 30),
    workers: Array.from({ length: workers }, (_, i) => ({
      x: (columns === 2 ? 35 + (i % 2) * 14.5 : 37) * unit,
      y: 40 + (columns === 2 ? Math.floor(i / 2) : i) * rowHeight,
      w: (columns === 2 ? 13.5 : 24) * unit,
      h: rowHeight - 8,
    })),
    results: box(67, 15, 30),
    collector: box(86, 13),
    waitGroup: { x: unit, y: height - 52, w: 22 * unit, h: 40 },
    closer: { x: 25 * unit, y: height - 52, w: 33 * unit, h: 40 },
  };
}

/** Top to bottom, for phones: the same pipeline, turned a quarter. */
function verticalLayout(width, workers) {
  const pad = 8;
  const inner = width - 2 * pad;
  const columns = 2;
  const rowHeight = 40;
  const rows = Math.ceil(workers / columns);
  let y = 8;
  const take = (h, gap = 34) => {
    const top = y;
    y += h + gap;
    return top;
  };
  const producer = { x: pad, y: take(40), w: inner, h: 40 };
  const jobs = { x: pad, y: take(26, 40), w: inner, h: 26 };
  const compact = workers > MAX_BOXED ? { x: pad, w: inner, h: Math.min(360, inner) } : null;
  const top = take(compact ? compact.h : rows * rowHeight - 8, 44);
  const colW = (inner - 8) / columns;
  const list = compact
    ? grid(pad, top, inner, compact.h, workers)
    : Array.from({ length: workers }, (_, i) => ({
        x: pad + (i % columns) * (colW + 8),
        y: top + Math.floor(i / columns) * rowHeight,
        w: colW,
        h: rowHeight - 8,
      }));
  if (compact) compact.y = top;
  const results = { x: pad, y: take(26), w: inner, h: 26 };
  const collector = { x: pad, y: take(40, 16), w: inner, h: 40 };
  const half = (inner - 8) / 2;
  const sync = take(40, 8);
  return {
    vertical: true,
    compact,
    width,
    height: y,
    producer,
    jobs,
    workers: list,
    results,
    collector,
    waitGroup: { x: pad, y: sync, w: half, h: 40 },
    closer: { x: pad + half + 8, y: sync, w: half, h: 40 },
  };
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** Shortens `text` with an ellipsis to fit `width` (a binary search: this runs every frame). */
function clip(ctx, text, width) {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
