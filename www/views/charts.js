// The run's charts (uPlot, self-hosted): queue lengths, throughput and utilisation, latency
// percentiles over time, with a cursor at the playhead shared with the diagram.

import uPlot from '../../vendor/uPlot.esm.js';
import { theoryAt, capacityOf } from '../model/load-curve.js';
import { paletteOf } from './palette.js';

/** The axes' look in palette `C`. */
function axisOf(C) {
  const grid = { stroke: C.line, width: 1 };
  return { stroke: C.muted, grid, ticks: grid };
}

let live = 0;

/**
 * A uPlot that counts itself until destroyed: a chart that is never destroyed is a leak. With
 * `widthOf`, it follows `root`'s width after it is drawn too (a narrowed window, a rotated
 * phone): uPlot draws at a fixed size, so it is told each new one.
 */
function plot(opts, data, root, widthOf = null) {
  const u = new uPlot(opts, data, root);
  live += 1;
  const follow =
    widthOf &&
    new ResizeObserver(() => {
      const width = widthOf();
      if (u.width !== width) u.setSize({ width, height: u.height });
    });
  follow?.observe(root);
  const destroy = u.destroy.bind(u);
  u.destroy = () => {
    live -= 1;
    follow?.disconnect();
    destroy();
  };
  return u;
}

/** A sweep chart's width: as wide as its panel allows, never so narrow it says nothing. */
const sweepWidth = (root) => () => Math.max(160, Math.min(900, root.clientWidth - 16));

/** Charts built and not yet destroyed (the tests check this stays bounded). */
export function liveCharts() {
  return live;
}

function playheadHook(charts) {
  return (u) => {
    if (charts.playheadMs === null) return;
    const x = u.valToPos(charts.playheadMs, 'x', true);
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = charts.colors.ink;
    ctx.lineWidth = 1.5 * uPlot.pxRatio;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.restore();
  };
}

/**
 * A sizing sweep: throughput and p95 latency against the worker count (log scale). `previous`,
 * the chart this one replaces, is destroyed.
 */
export function sweepChart(root, points, previous = null) {
  previous?.destroy?.();
  root.replaceChildren();
  const C = paletteOf(root);
  const AXIS = axisOf(C);
  const widthOf = sweepWidth(root);
  return plot(
    {
      title: 'Throughput (results/s) and p95 latency (ms) by workers',
      width: widthOf(),
      height: 240,
      scales: { x: { time: false, distr: 3, log: 2 }, ms: {} },
      series: [
        { label: 'workers' },
        { label: 'results/s', stroke: C.ok, points: { show: true } },
        { label: 'p95 latency ms', stroke: C.bad, scale: 'ms', points: { show: true } },
      ],
      axes: [
        { ...AXIS, label: 'workers' },
        { ...AXIS },
        { ...AXIS, scale: 'ms', side: 1, grid: { show: false } },
      ],
      legend: { live: false },
    },
    [
      points.map((p) => p.workers),
      points.map((p) => p.throughputPerSec),
      points.map((p) => p.p95LatencyMs),
    ],
    root,
    widthOf,
  );
}

/** Draws a dashed vertical line at worker count `mark`, labelled: a reader's guess on a sweep. */
function markHook(mark, label, color) {
  return (u) => {
    const x = u.valToPos(mark, 'x', true);
    if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5 * uPlot.pxRatio;
    ctx.setLineDash([5 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.font = `${12 * uPlot.pxRatio}px sans-serif`;
    ctx.fillText(label, x + 4 * uPlot.pxRatio, u.bbox.top + 14 * uPlot.pxRatio);
    ctx.restore();
  };
}

/**
 * A sizing sweep of real runs: results per second against the worker count (log scale), the
 * points measured on this machine and those modeled beyond what it can run as two series;
 * `mark`, a worker count (the reader's guess), drawn as a dashed line. `previous`, the chart
 * this one replaces, is destroyed.
 */
export function sizingChart(root, points, previous = null, mark = null) {
  previous?.destroy?.();
  root.replaceChildren();
  const C = paletteOf(root);
  const AXIS = axisOf(C);
  const widthOf = sweepWidth(root);
  const pick = (measured) =>
    points.map((p) => (p.measured === measured ? p.throughputPerSec : null));
  return plot(
    {
      title: 'Results per second by workers',
      width: widthOf(),
      hooks: mark ? { draw: [markHook(mark, `your guess: ${mark}`, C.mark)] } : {},
      height: 220,
      // Both axes logarithmic: waiting work doubles with workers for a long way.
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 10 } },
      series: [
        { label: 'workers' },
        { label: 'measured', stroke: C.ok, points: { show: true }, spanGaps: false },
        { label: 'modeled', stroke: C.result, points: { show: true }, dash: [6, 4] },
      ],
      axes: [
        { ...AXIS, label: 'workers' },
        { ...AXIS, size: 64, label: 'results/s' },
      ],
      legend: { live: false },
    },
    [points.map((p) => p.workers), pick(true), pick(false)],
    root,
    widthOf,
  );
}

/**
 * Latency and drops against load: the simulator's points, theory's lines (dashed, where it has
 * one) and the reader's run as a larger dot. `previous`, the chart this one replaces, is
 * destroyed.
 */
export function loadChart(root, config, points, previous = null) {
  previous?.destroy?.();
  root.replaceChildren();
  const C = paletteOf(root);
  const AXIS = axisOf(C);
  const widthOf = sweepWidth(root);
  const own = config.arrival.ratePerSec;
  const lo = Math.min(...points.map((p) => p.ratePerSec));
  const hi = Math.max(...points.map((p) => p.ratePerSec));
  // Theory on a fine grid, measured points where they were taken (null elsewhere).
  const grid = Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
  const xs = [...new Set([...grid, ...points.map((p) => p.ratePerSec)])].sort((a, b) => a - b);
  const at = new Map(points.map((p) => [p.ratePerSec, p]));
  const theory = xs.map((x) => theoryAt(config, x));
  const measured = (f) => xs.map((x) => (at.has(x) ? f(at.get(x)) : null));
  const yours = (f) => xs.map((x) => (x === own && at.has(x) ? f(at.get(x)) : null));
  const dropPct = (p) => (100 * p.dropped) / Math.max(1, p.offered);
  const dot = (stroke, size) => ({ show: true, size, stroke, fill: stroke });
  return plot(
    {
      title: `Latency and drops against load (capacity ${Math.round(capacityOf(config))}/s)`,
      width: widthOf(),
      height: 240,
      scales: { x: { time: false }, ms: {}, '%': { range: [0, 100] } },
      series: [
        { label: 'requests/s' },
        {
          label: 'p95 ms (run)',
          stroke: C.bad,
          scale: 'ms',
          width: 0,
          points: dot(C.bad, 6),
        },
        {
          label: 'p95 ms (theory)',
          stroke: C.bad,
          scale: 'ms',
          dash: [6, 4],
          spanGaps: true,
          points: { show: false },
        },
        {
          label: 'dropped % (run)',
          stroke: C.go,
          scale: '%',
          width: 0,
          points: dot(C.go, 6),
        },
        {
          label: 'dropped % (theory)',
          stroke: C.go,
          scale: '%',
          dash: [6, 4],
          spanGaps: true,
          points: { show: false },
        },
        {
          label: 'your run (p95)',
          stroke: C.mark,
          scale: 'ms',
          width: 0,
          points: dot(C.mark, 12),
        },
      ],
      axes: [
        { ...AXIS, label: 'offered load (requests/s)' },
        { ...AXIS, scale: 'ms', label: 'p95 from arrival (ms)', size: 60 },
        { ...AXIS, scale: '%', side: 1, grid: { show: false }, label: 'dropped %' },
      ],
      legend: { live: false },
    },
    [
      xs,
      measured((p) => p.p95LatencyMs),
      theory.map((t) => (t ? t.p95Ms : null)),
      measured(dropPct),
      theory.map((t) => (t ? 100 * t.drop : null)),
      yours((p) => p.p95LatencyMs),
    ],
    root,
    widthOf,
  );
}

export class Charts {
  playheadMs = null;
  #worker = new Worker(new URL('../model/metrics-worker.js', import.meta.url), { type: 'module' });
  #asked = 0;
  /** The timeline whose words the worker holds, and how many of them. */
  #sentOf = null;
  #sent = 0;
  #busy = false;
  #next = null;
  #cursorX = null;
  #resize;

  constructor(root, latencyTable) {
    this.root = root;
    this.latencyTable = latencyTable;
    this.colors = paletteOf(root);
    this.plots = [];
    // The charts follow their panel's width (a rotated phone, a resized window, a figure that
    // moves): uPlot draws at a fixed size, so it is told the new one.
    this.#resize = new ResizeObserver(() => {
      const width = this.#width();
      for (const p of this.plots) if (p.width !== width) p.setSize({ width, height: p.height });
    });
    this.#resize.observe(root);
    this.#worker.onmessage = ({ data }) => {
      this.#busy = false;
      if (data.id === this.#asked) this.#draw(data.metrics);
      if (this.#next) this.update(this.#next);
    };
  }

  /**
   * Recomputes every series from `timeline` in a worker, then redraws (once a run, or about
   * once a second while live). Requests made while one is computing collapse into the latest.
   */
  update(timeline) {
    if (this.#busy) {
      this.#next = timeline;
      return;
    }
    this.#next = null;
    this.#busy = true;
    // The worker keeps the log it was sent: a live run's update sends only what came since
    // (copying the whole log every time made a long run's updates grow with it).
    const append = timeline === this.#sentOf;
    const words = timeline.words.slice(append ? this.#sent : 0);
    this.#sentOf = timeline;
    this.#sent = timeline.words.length;
    this.#asked += 1;
    this.#worker.postMessage({ id: this.#asked, config: timeline.config, words, append }, [
      words.buffer,
    ]);
  }

  /** Whether the charts show the latest requested data. */
  get settled() {
    return !this.#busy && !this.#next;
  }

  /** One chart's width: a third of a wide panel, else all of it (never under 160 px). */
  #width() {
    const panel = this.root.clientWidth;
    return Math.max(160, Math.floor(panel / (panel > 900 ? 3 : 1) - 16));
  }

  #draw(m) {
    const C = this.colors;
    const AXIS = axisOf(C);
    const data = [
      [m.t, m.jobsLen, m.resultsLen],
      [m.t, m.throughput, Array.from(m.utilisation, (u) => (u === null ? null : u * 100))],
      [m.t, m.latencyP50, m.latencyP95, m.latencyP99, m.inPoolP95],
      [m.t, m.memoryMiB],
    ];
    this.#latency(m.latency);
    if (this.plots.length === data.length) {
      // New data for the same charts: far cheaper than building them again.
      this.plots.forEach((plot, i) => plot.setData(data[i]));
      return;
    }
    const width = this.#width();
    const common = (title, series, axes) => ({
      title,
      width,
      height: 170,
      series: [{ label: 'ms' }, ...series],
      axes: [{ ...AXIS, label: 'run time (ms)' }, ...axes],
      legend: { live: false },
      scales: { x: { time: false } },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [playheadHook(this)] },
    });
    const specs = [
      [
        common(
          'Queue lengths',
          [
            { label: 'len(jobs)', stroke: C.go, paths: uPlot.paths.stepped({ align: 1 }) },
            { label: 'len(results)', stroke: C.result, paths: uPlot.paths.stepped({ align: 1 }) },
          ],
          [{ ...AXIS }],
        ),
        data[0],
      ],
      [
        common(
          'Throughput and utilisation',
          [
            { label: 'results/s', stroke: C.ok, scale: 'rate' },
            { label: 'busy workers %', stroke: C.warn, scale: '%' },
          ],
          [
            { ...AXIS, scale: 'rate' },
            { ...AXIS, scale: '%', side: 1, grid: { show: false } },
          ],
        ),
        data[1],
      ],
      [
        common(
          // End to end is what a caller feels; the dashed line is the part spent inside the
          // pool. The gap between them is a blocked producer's backlog, waiting upstream.
          'Latency from arrival (ms), and in the pool',
          [
            { label: 'p50', stroke: C.ok, spanGaps: true },
            { label: 'p95', stroke: C.warn, spanGaps: true },
            { label: 'p99', stroke: C.bad, spanGaps: true },
            { label: 'p95 in pool', stroke: C.muted, dash: [6, 4], spanGaps: true },
          ],
          [{ ...AXIS }],
        ),
        data[2],
      ],
      [
        common('Memory (MiB): stacks and jobs', [{ label: 'MiB', stroke: C.bad }], [{ ...AXIS }]),
        data[3],
      ],
    ];
    for (const plot of this.plots) plot.destroy();
    this.root.replaceChildren();
    this.plots = specs.map(([opts, series]) => plot(opts, series, this.root));
  }

  #latency(latency) {
    const ms = (v) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(2)} ms`);
    const rows = [
      ['producer wait (arrival → send)', latency.producer],
      ['wait in jobs', latency.wait],
      ['service', latency.service],
      ['in the pool (send → collect)', latency.inPool],
      ['total (arrival → collect)', latency.total],
    ];
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const h of ['latency', 'p50', 'p95', 'p99', 'jobs']) {
      const th = document.createElement('th');
      th.textContent = h;
      head.append(th);
    }
    for (const [name, p] of rows) {
      const tr = table.insertRow();
      for (const v of [name, ms(p.p50), ms(p.p95), ms(p.p99), p.count]) {
        tr.insertCell().textContent = String(v);
      }
    }
    this.latencyTable.replaceChildren(table);
  }

  /** Moves the cursor line to run time `ms`, redrawing only when it moves a whole pixel. */
  setPlayhead(ms) {
    if (ms === this.playheadMs) return;
    this.playheadMs = ms;
    const plot = this.plots[0];
    const x = plot ? Math.round(plot.valToPos(ms, 'x', true)) : null;
    if (x === this.#cursorX) return;
    this.#cursorX = x;
    for (const p of this.plots) p.redraw(false, false);
  }

  clear() {
    this.#asked += 1; // a result still computing belongs to the previous run
    this.#next = null;
    this.#sentOf = null;
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
    this.root.replaceChildren();
    this.latencyTable.replaceChildren();
    this.playheadMs = null;
  }

  /** Lets go of everything: the plots, their worker and the size watch (the figure is gone). */
  destroy() {
    this.clear();
    this.#worker.terminate();
    this.#resize.disconnect();
  }
}
