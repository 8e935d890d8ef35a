// The full figure's sizing sweep (its "Sizing sweep" button): the same pool simulated with 1 to
// 256 workers, as a chart, or as a table where the chart library did not load.

import { sweepTable } from '../summary-table.js';
import { el } from '../dom.js';

export class SweepPanel {
  #chart = null;
  #sweepChart = null;

  /** `panel(title, className, ...children)`: the figure's titled section. */
  constructor(panel) {
    this.plot = el('div', 'charts pf-sweep');
    this.root = panel('Sizing: the same pool with 1 to 256 workers (simulated)', '', this.plot);
    this.root.classList.add('pf-sweep-panel');
    this.root.hidden = true;
    import('../charts.js').then(
      (module) => (this.#sweepChart = module.sweepChart),
      () => {},
    );
  }

  show(points) {
    this.root.hidden = false;
    this.#chart = (this.#sweepChart ?? sweepTable)(this.plot, points, this.#chart);
    this.plot.dataset.ready = 'true';
  }

  destroy() {
    this.#chart?.destroy?.();
    this.#chart = null;
  }
}
