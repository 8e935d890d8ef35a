// The run's charts over time as a figure's view. The chart library loads on its own: one that
// throws while loading (uPlot does in WebKit when the browser's language is `C`) costs the
// charts, never the figure.

import { el } from '../dom.js';

/** Live charts refresh at most this often while a run streams in. */
const CHARTS_EVERY_MS = 2000;

export class ChartsView {
  #charts = null;
  #run = null;
  #dueAt = 0;
  #gone = false;

  constructor() {
    this.root = el('div', 'charts pf-charts');
    this.latency = el('div', 'latency pf-latency');
    import('../charts.js').then(
      (module) => {
        if (this.#gone) return;
        this.#charts = new module.Charts(this.root, this.latency);
        if (this.#run) this.#charts.update(this.#run);
      },
      (error) => {
        const off = el('p', 'muted');
        off.textContent = `Charts are off: the chart library did not load (${error}). Everything else works.`;
        this.root.dataset.off = 'true';
        this.root.replaceChildren(off);
      },
    );
  }

  load(timeline, { run }) {
    if (!run) return;
    this.#run = timeline;
    this.#charts?.clear();
  }

  progress(timeline) {
    const now = performance.now();
    if (!this.#charts || now <= this.#dueAt) return;
    this.#dueAt = now + CHARTS_EVERY_MS;
    this.#charts.update(timeline);
  }

  /** Off screen the charts waited: they catch up. */
  shown(timeline) {
    this.#charts?.update(timeline);
  }

  done(summary, { timeline }) {
    this.#charts?.update(timeline);
  }

  draw({ timeline }) {
    this.#charts?.setPlayhead(timeline.timeUs / 1000);
  }

  destroy() {
    this.#gone = true;
    this.#charts?.destroy();
    this.#charts = null;
    this.#run = null;
  }
}
