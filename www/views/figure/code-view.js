// The Go program of the figure's config as a view: each goroutine's line marked at the playhead.

import { CodePanel } from '../code-panel.js';
import { el } from '../dom.js';

export class CodeView {
  #panel;

  constructor() {
    this.root = el('div', 'code pf-code');
    this.root.setAttribute('role', 'region');
    this.root.tabIndex = 0;
    this.root.setAttribute('aria-label', "Go program with each goroutine's current line");
    this.#panel = new CodePanel(this.root);
  }

  load(timeline) {
    this.#panel.load(timeline.config);
  }

  draw({ state }) {
    this.#panel.render(state);
  }
}
