// A sizing sweep's points (workers → results per second, measured or modeled): a chart where the
// chart library loaded, and always a table.

import { el } from '../dom.js';

export class SizingView {
  #chart = null;
  #sizingChart = null;
  #table;
  #plot;

  constructor() {
    this.root = el('div', 'pf-sweep-view');
    this.#plot = el('div', 'charts pf-sizing-chart');
    this.#table = el('div', 'summary pf-sizing-table');
    this.root.append(this.#plot, this.#table);
    import('../charts.js').then(
      (module) => (this.#sizingChart = module.sizingChart),
      () => {}, // the table is still there
    );
  }

  /** The sweep so far; `mark`: a worker count drawn as a line (a reader's guess, say), or null. */
  show(points, mark) {
    const table = el('table', 'summary');
    table.append(el('caption', 'visually-hidden', 'Throughput by number of workers'));
    const head = table.createTHead().insertRow();
    for (const name of ['workers', 'results per second', 'how']) {
      const th = el('th', '', name);
      th.scope = 'col';
      head.append(th);
    }
    const body = table.createTBody();
    for (const q of points) {
      const row = body.insertRow();
      row.dataset.workers = String(q.workers);
      for (const text of [
        q.workers,
        Math.round(q.throughputPerSec).toLocaleString('en-US'),
        q.measured ? 'measured' : 'modeled',
      ]) {
        row.insertCell().textContent = String(text);
      }
    }
    this.#table.replaceChildren(table);
    if (this.#sizingChart && points.length > 0) {
      this.#chart = this.#sizingChart(this.#plot, points, this.#chart, mark);
    }
  }

  destroy() {
    this.#chart?.destroy?.();
    this.#chart = null;
  }
}
