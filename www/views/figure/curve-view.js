// The load curve: the same pool measured at loads around its capacity, theory beside it, and
// the run marked; always also a table.

import { curveTable, theoryNote } from '../../model/load-curve.js';
import { el } from '../dom.js';

export class CurveView {
  #chart = null;
  #loadChart = null;
  #note;
  #plot;
  #table;

  constructor() {
    this.root = el('div', 'pf-curve-view');
    this.#note = el('p', 'note pf-curve-note', 'Run it to draw the curve.');
    this.#plot = el('div', 'charts pf-curve-chart');
    this.#table = el('div', 'summary pf-curve-table');
    this.#table.tabIndex = 0;
    this.#table.setAttribute('role', 'region');
    this.#table.setAttribute('aria-label', 'Drops and latency by load, as a table');
    this.root.append(this.#note, this.#plot, this.#table);
    import('../charts.js').then(
      (module) => (this.#loadChart = module.loadChart),
      () => {},
    );
  }

  /** Under way (`text`), or no curve and why: not ready. */
  say(text, { clear = false } = {}) {
    this.root.dataset.ready = 'false';
    this.#note.textContent = text;
    if (clear) this.#table.replaceChildren();
  }

  show(config, points) {
    this.#note.textContent =
      `Simulated at ${points.length} loads, latency from arrival; dashed: queueing theory. ` +
      theoryNote(config);
    this.#table.replaceChildren(curveTable(config, points));
    if (this.#loadChart) this.#chart = this.#loadChart(this.#plot, config, points, this.#chart);
    this.root.dataset.ready = 'true';
  }

  destroy() {
    this.#chart?.destroy?.();
    this.#chart = null;
  }
}
