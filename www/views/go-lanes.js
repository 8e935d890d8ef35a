// The program view, drawn: a Go program's run (model/go-run.js's lanes) as one lane per
// goroutine over the log's records — running, ready, blocked on a channel, a lock or a sleep,
// gone — with values handed from one goroutine straight to another as arrows between lanes,
// and below them every channel at the playhead: its buffer, and who waits to send or receive.
// Only what happened up to the playhead is drawn, so stepping back takes it away again.
//
// Many goroutines fold into one lane per line that started them (a thousand workers started
// at one `go` statement are one lane showing how many of them run, wait or block), as the
// pool diagram folds its workers into a grid.
//
// The x axis is the log's records, not time: in virtual time most of a program happens at one
// instant (the clock moves only when every goroutine sleeps), and a record is one step a
// reader can take.

import { Lane } from '../model/go-run.js';
import { PALETTE } from './palette.js';

/** The lanes' colours from the figures' palette (palette.js). */
export function laneColors(p) {
  return {
    panel: p.panel,
    ink: p.ink,
    muted: p.muted,
    axis: p.edge,
    running: p.ok,
    ready: p.muted,
    chan: p.warn,
    sync: p.sync,
    sleep: p.sleep,
    handoff: p.go,
    guilty: p.bad,
  };
}

/** The view's colours where no page says otherwise; each stands 3:1 on the panel (tests/views). */
export const LANE_COLORS = Object.freeze(laneColors(PALETTE));

/** Lanes drawn one goroutine each up to this many goroutines; past it, one per `go` line. */
export const MAX_LANES = 24;

const LANE_H = 18;
const GROUP_H = 34;
const GAP = 5;
const AXIS_H = 22;
const BOX_H = 50;
const FONT = '12px system-ui, sans-serif';

const STATE_COLOR = {
  [Lane.RUNNING]: 'running',
  [Lane.READY]: 'ready',
  [Lane.CHAN]: 'chan',
  [Lane.SYNC]: 'sync',
  [Lane.SLEEP]: 'sleep',
};

/** Where each state sits in a lane: [top, height] as fractions of the lane's height. */
const STATE_BAND = {
  [Lane.RUNNING]: [0, 1],
  [Lane.READY]: [0.4, 0.2],
  [Lane.CHAN]: [0.25, 0.75],
  [Lane.SYNC]: [0.25, 0.75],
  [Lane.SLEEP]: [0.25, 0.75],
};

/** The rows a run is drawn in: one per goroutine, or one per line that started many. */
export function rowsOf(lanes) {
  if (lanes.length <= MAX_LANES) {
    return lanes.map((lane) => ({
      label: lane.id === 1 ? 'main' : `g${lane.id} · line ${lane.createdLine}`,
      lanes: [lane],
      ids: new Set([lane.id]),
    }));
  }
  const byLine = new Map();
  for (const lane of lanes) {
    const key = lane.id === 1 ? 'main' : lane.createdLine;
    if (!byLine.has(key)) byLine.set(key, []);
    byLine.get(key).push(lane);
  }
  return [...byLine].map(([key, group]) => ({
    label:
      key === 'main'
        ? 'main'
        : group.length === 1
          ? `g${group[0].id} · line ${key}`
          : `${group.length} × line ${key}`,
    lanes: group,
    ids: new Set(group.map((l) => l.id)),
  }));
}

export class GoLanes {
  #canvas;
  #ctx;
  #colors;

  /** Draws on `canvas`; `colors` overrides LANE_COLORS (a page's palette). */
  constructor(canvas, colors = {}) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.#colors = { ...LANE_COLORS, ...colors };
  }

  /**
   * Paints `run` (a GoRun) after `position` records, with `state` (its `stateAfter(position)`)
   * for the channels. `guilty`: the goroutines Go's report names, outlined at the run's end.
   * Returns the layout: `{rows: [{label, ids, y, h}], x: (position) => px, width, height}`.
   */
  draw(run, position, state, guilty = new Set()) {
    const { lanes, handoffs } = run.lanes();
    const rows = rowsOf(lanes);
    const C = this.#colors;
    const width = Math.max(240, this.#canvas.clientWidth || 640);
    const labelW = Math.min(104, Math.round(width * 0.3));
    const plot = { x0: labelW + 6, x1: width - 8 };
    const scale = (plot.x1 - plot.x0) / Math.max(1, run.length);
    const x = (p) => plot.x0 + p * scale;
    let y = 4;
    for (const row of rows) {
      row.h = row.lanes.length > 1 ? GROUP_H : LANE_H;
      row.y = y;
      y += row.h + GAP;
    }
    const axisY = y;
    const boxes = this.#layoutBoxes(state.channels, width, axisY + AXIS_H);
    const height = boxes.bottom + 4;

    const dpr = globalThis.devicePixelRatio || 1;
    this.#canvas.width = Math.round(width * dpr);
    this.#canvas.height = Math.round(height * dpr);
    this.#canvas.style.height = `${height}px`;
    const ctx = this.#ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = C.panel;
    ctx.fillRect(0, 0, width, height);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';

    const atEnd = position >= run.length && run.length > 0;
    for (const row of rows) {
      const bad = atEnd && [...row.ids].some((id) => guilty.has(id));
      ctx.fillStyle = bad ? C.guilty : C.ink;
      ctx.fillText(fit(ctx, row.label, labelW), 2, row.y + row.h / 2);
      if (row.lanes.length > 1) this.#drawGroup(row, position, run.length, x, scale);
      else this.#drawLane(row, position, run.length, x);
      if (bad) {
        ctx.strokeStyle = C.guilty;
        ctx.lineWidth = 2;
        ctx.strokeRect(plot.x0 - 2, row.y - 2, plot.x1 - plot.x0 + 4, row.h + 4);
      }
    }

    // Hand-offs between single lanes (between folded groups they would be a blur).
    const rowOf = new Map();
    for (const row of rows) if (row.lanes.length === 1) rowOf.set(row.lanes[0].id, row);
    ctx.strokeStyle = C.handoff;
    ctx.fillStyle = C.handoff;
    ctx.lineWidth = 2;
    for (const h of handoffs) {
      if (h.at > position) break;
      const [from, to] = [rowOf.get(h.from), rowOf.get(h.to)];
      if (!from || !to) continue;
      const hx = x(h.at);
      const [y0, y1] = [from.y + from.h / 2, to.y + to.h / 2];
      ctx.beginPath();
      ctx.moveTo(hx, y0);
      ctx.lineTo(hx, y1);
      ctx.stroke();
      const dir = Math.sign(y1 - y0) || 1;
      ctx.beginPath();
      ctx.moveTo(hx, y1);
      ctx.lineTo(hx - 4, y1 - 6 * dir);
      ctx.lineTo(hx + 4, y1 - 6 * dir);
      ctx.closePath();
      ctx.fill();
    }

    // The axis and the playhead.
    ctx.fillStyle = C.axis;
    ctx.fillRect(plot.x0, axisY, plot.x1 - plot.x0, 1);
    ctx.fillStyle = C.muted;
    ctx.fillText('0', plot.x0, axisY + 11);
    const total = `${run.length} records`;
    ctx.fillText(total, plot.x1 - ctx.measureText(total).width, axisY + 11);
    ctx.fillStyle = C.ink;
    ctx.fillRect(Math.round(x(position)) - 1, 0, 2, axisY);

    this.#drawBoxes(boxes.placed, state);
    return { rows, x, width, height, plot };
  }

  #drawLane(row, position, end, x) {
    const ctx = this.#ctx;
    const { segments } = row.lanes[0];
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i];
      if (s.from >= position) break;
      const color = STATE_COLOR[s.state];
      if (!color) continue;
      const to = Math.min(segments[i + 1]?.from ?? end, position);
      const [top, h] = STATE_BAND[s.state];
      ctx.fillStyle = this.#colors[color];
      const x0 = x(s.from);
      ctx.fillRect(x0, row.y + top * row.h, Math.max(1, x(to) - x0), Math.max(2, h * row.h));
    }
  }

  /** A folded lane: how many of the group are in each state, column by column. */
  #drawGroup(row, position, end, x, scale) {
    const ctx = this.#ctx;
    const columns = Math.ceil(end * scale) + 1;
    const order = [Lane.RUNNING, Lane.READY, Lane.CHAN, Lane.SYNC, Lane.SLEEP];
    const counts = new Map(order.map((s) => [s, new Int32Array(columns + 1)]));
    for (const lane of row.lanes) {
      const { segments } = lane;
      for (let i = 0; i < segments.length; i++) {
        const s = segments[i];
        if (s.from >= position) break;
        const diff = counts.get(s.state);
        if (!diff) continue;
        const to = Math.min(segments[i + 1]?.from ?? end, position);
        const [c0, c1] = [Math.floor(s.from * scale), Math.max(Math.floor(to * scale), 0)];
        if (c1 <= c0) continue;
        diff[c0] += 1;
        diff[c1] -= 1;
      }
    }
    const size = row.lanes.length;
    const base = new Float64Array(columns);
    const x0 = x(0);
    for (const state of order) {
      const diff = counts.get(state);
      ctx.fillStyle = this.#colors[STATE_COLOR[state]];
      let n = 0;
      for (let c = 0; c < columns; c++) {
        n += diff[c];
        if (n <= 0) continue;
        const h = (row.h * n) / size;
        ctx.fillRect(x0 + c, row.y + row.h - base[c] - h, 1, h);
        base[c] += h;
      }
    }
  }

  /** Channel boxes flowed in rows under the axis. */
  #layoutBoxes(channels, width, top) {
    const ctx = this.#ctx;
    ctx.font = FONT;
    const placed = [];
    let [bx, by] = [4, top];
    for (const ch of channels) {
      const slots = Math.min(ch.cap, 16);
      const label = channelLabel(ch);
      const w = Math.max(
        116,
        ctx.measureText(label).width + 12,
        (ch.cap > 16 ? 120 : Math.max(1, slots) * 12) + 12,
      );
      if (bx > 4 && bx + w > width - 4) {
        bx = 4;
        by += BOX_H + 6;
      }
      placed.push({ ch, x: bx, y: by, w, label });
      bx += w + 6;
    }
    return { placed, bottom: placed.length ? by + BOX_H : top };
  }

  #drawBoxes(placed, state) {
    const ctx = this.#ctx;
    const C = this.#colors;
    for (const { ch, x, y, w, label } of placed) {
      ctx.strokeStyle = ch.closed ? C.muted : C.axis;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w, BOX_H - 1);
      ctx.fillStyle = C.ink;
      ctx.fillText(label, x + 6, y + 10);
      // The buffer: a slot a value, or a bar for a big one.
      const sy = y + 19;
      ctx.strokeStyle = C.axis;
      if (ch.cap > 16) {
        ctx.strokeRect(x + 6.5, sy + 0.5, 120, 10);
        ctx.fillStyle = C.chan;
        ctx.fillRect(x + 7, sy + 1, (119 * ch.len) / ch.cap, 9);
      } else {
        for (let i = 0; i < Math.max(1, ch.cap); i++) {
          ctx.strokeRect(x + 6.5 + i * 12, sy + 0.5, 10, 10);
          if (i < ch.len) {
            ctx.fillStyle = C.chan;
            ctx.fillRect(x + 8 + i * 12, sy + 2, 7, 7);
          }
        }
      }
      const waiting = (wait) =>
        state.goroutines.filter((g) => g.state === 'blocked' && g.wait === wait && g.chan === ch.id)
          .length;
      const [senders, receivers] = [waiting('chan send'), waiting('chan receive')];
      ctx.fillStyle = C.muted;
      ctx.fillText(`${senders} to send · ${receivers} to receive`, x + 6, y + 41);
    }
  }
}

/** A channel's caption: its number, where it was made, its buffer and whether closed. */
export function channelLabel(ch) {
  const buffer = ch.cap === 0 ? 'unbuffered' : `${ch.len}/${ch.cap}`;
  return `ch ${ch.id} · line ${ch.line} · ${buffer}${ch.closed ? ' · closed' : ''}`;
}

/** `text` cut to `width` px with an ellipsis. */
function fit(ctx, text, width) {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
