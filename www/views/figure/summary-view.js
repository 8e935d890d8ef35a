// The run's summary table as a figure's view; before it, a line saying why there is none yet.

import { renderSummary, summaryText } from '../summary-table.js';
import { el } from '../dom.js';

export class SummaryView {
  constructor() {
    this.root = el('div', 'summary pf-summary');
    summaryText(this.root, 'Start a run to see what the pool did.');
  }

  load(timeline, { run }) {
    if (run) summaryText(this.root, 'Running…');
  }

  tell(text) {
    summaryText(this.root, text);
  }

  done(summary) {
    renderSummary(this.root, summary);
  }
}
