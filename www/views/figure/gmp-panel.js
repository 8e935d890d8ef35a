// The G/M/P view (gmp-view.js) as a figure's view.

import { GmpView } from '../gmp-view.js';
import { el } from '../dom.js';

export class GmpPanel {
  #view;

  constructor() {
    this.root = el('div', 'pf-gmp');
    this.root.setAttribute('role', 'region');
    this.root.setAttribute('aria-label', 'Goroutines on Ps');
    this.#view = new GmpView(this.root);
  }

  draw({ state }) {
    this.#view.render(state);
  }
}
