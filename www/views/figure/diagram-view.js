// The pool diagram as a figure's view: the canvas, a note when jobs are drawn as flows or only
// counted past the trace limit, and the same picture in words for screen readers.

import { Diagram, diagramColors } from '../diagram.js';
import { paletteOf } from '../palette.js';
import { Speaker, describe } from '../speaker.js';
import { el } from '../dom.js';

export class DiagramView {
  #diagram;
  #speaker;
  #note;
  #resize;

  /** `invalidate()` asks the figure to draw again (the canvas changed size). */
  constructor({ invalidate }) {
    const canvas = el('canvas', 'diagram pf-diagram');
    canvas.setAttribute('role', 'img');
    canvas.tabIndex = 0;
    canvas.setAttribute(
      'aria-label',
      'The worker pool at the playhead (keys: Space, arrows, Home, End)',
    );
    this.#note = el('p', 'note pf-diagram-note');
    this.#note.hidden = true;
    const spoken = el('p', 'visually-hidden pf-spoken');
    spoken.setAttribute('aria-live', 'polite');
    this.nodes = [canvas, this.#note, spoken];
    this.#diagram = new Diagram(canvas);
    this.#speaker = new Speaker(spoken);
    // Sized, or moved to another page's styles: its layout and its colours are read again.
    this.#resize = new ResizeObserver(() => {
      this.#diagram.layout = null;
      this.#diagram.colors = diagramColors(paletteOf(canvas));
      invalidate();
    });
    this.#resize.observe(canvas);
  }

  get diagram() {
    return this.#diagram;
  }

  draw({ state, tokens, flows, reducedMotion, moving }) {
    this.#diagram.draw(state, { tokens, flows, reducedMotion });
    const notes = [];
    if (flows)
      notes.push('Too many jobs in flight to draw one by one: wire widths show how many crossed.');
    if (state.truncated)
      notes.push(
        'The log kept full detail up to its trace limit; later job events are counted, not drawn.',
      );
    this.#note.hidden = notes.length === 0;
    this.#note.textContent = notes.join(' ');
    this.#speaker.speak(() => describe(state), moving);
  }

  destroy() {
    this.#resize.disconnect();
    this.#speaker.stop();
  }
}
