// A crashed run's report, as Go prints it: the message, then each goroutine and where it waits.

import { el } from '../dom.js';

export class CrashView {
  constructor() {
    this.root = el('pre', 'banner crash pf-crash');
    this.root.setAttribute('role', 'alert');
    this.root.hidden = true;
  }

  load(timeline, { run }) {
    if (run) this.root.hidden = true;
  }

  done(summary) {
    const crash = summary.deadlock;
    this.root.hidden = !crash;
    if (!crash) return;
    const stacks = crash.goroutines.map((g) => `goroutine ${g.id} [${g.state}]:\n${g.at}`);
    this.root.textContent = [crash.message, ...stacks, `Why: ${crash.explanation}`].join('\n\n');
  }
}
