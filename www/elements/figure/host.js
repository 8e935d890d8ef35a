// A figure's core: a playhead over what it shows, the views that draw from it, the keys that
// move it, whether the figure is on screen, and letting go of all of it. What a figure runs and
// how it is laid out are the element's; what is drawn is the views' (views/figure/README.md).
//
// The playhead is the element's choice: a Player over a pool's timeline (views/player.js; see
// pool-host.js), or a RecordPlayer over a Go program's run (views/record-player.js). Off screen
// nothing is drawn and playback waits; the reader's wish for less motion is asked again when it
// changes; a playhead that comes to rest on a run's moment is said in a `pool-playhead` event.

import { wireTransport } from '../../views/transport.js';

export class FigureHost {
  #element;
  #views = [];
  #player;
  #run = null;
  #settledAt = -1;
  #cleanups = [];

  /**
   * The host of `element`'s views, with the playhead `playhead(onFrame, {reducedMotion})`
   * makes; it watches the element's visibility from now on.
   */
  constructor(element, playhead) {
    this.#element = element;
    const motion = matchMedia('(prefers-reduced-motion: reduce)');
    this.#player = playhead((frame) => this.#draw(frame), { reducedMotion: motion.matches });
    const onMotion = () => {
      this.#player.reducedMotion = motion.matches;
      this.#player.invalidate();
    };
    motion.addEventListener('change', onMotion);
    this.#cleanups.push(() => motion.removeEventListener('change', onMotion));
    const visibility = new IntersectionObserver((entries) => {
      const onScreen = entries.at(-1).isIntersecting;
      const back = onScreen && !this.#player.onScreen;
      this.#player.onScreen = onScreen;
      element.toggleAttribute('data-offscreen', !onScreen);
      if (back && this.#run) this.broadcast('shown', this.#run);
    });
    visibility.observe(element);
    this.#cleanups.push(() => visibility.disconnect());
  }

  /** The playhead. */
  get player() {
    return this.#player;
  }

  /** The run on screen (a timeline, or a Go program's run), or null before the first. */
  get run() {
    return this.#run;
  }

  /** Registers `view` (see views/figure/README.md); returns it. */
  add(view) {
    this.#views.push(view);
    return view;
  }

  /**
   * Routes the toolbar's buttons (if any), and playback keys pressed inside `scope`, to the
   * playhead; `more` adds actions of the element's own (exports, a link).
   */
  keys(toolbar, scope, more = {}) {
    const player = this.#player;
    wireTransport(toolbar, scope, {
      start: () => player.toStart(),
      back: (shift) => player.step(shift ? -10 : -1),
      play: () => player.toggle(),
      forward: (shift) => player.step(shift ? 10 : 1),
      end: () => player.toEnd(),
      ...more,
    });
  }

  /** Shows `run`: the views load it, then the playhead (with `options`, as it takes them). */
  show(run, options) {
    this.#run = run;
    this.broadcast('load', run, { run: true });
    this.#player.load(run, options);
  }

  /** No run to show, and why. */
  tell(text) {
    this.broadcast('tell', text);
  }

  /** Calls `method(...args)` on every view that has it. */
  broadcast(method, ...args) {
    for (const view of this.#views) view[method]?.(...args);
  }

  /** A `pool-…` event: it bubbles, and leaves a shadow root, as the platform's own do. */
  emit(type, detail) {
    this.#element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /**
   * What the views get of a playhead's frame: `{..., position, state, moving, settled}`, where
   * `settled` says the playhead is at rest on a moment of the run on screen.
   */
  frame(raw) {
    return { ...raw, settled: !raw.moving && raw.run === this.#run };
  }

  /** The element left the page: nothing of it stays alive or drawing. */
  teardown() {
    for (const cleanup of this.#cleanups) cleanup();
    this.#player.pause();
    this.#player.load(null, { live: false });
    this.broadcast('destroy');
    this.#views = [];
    this.#run = null;
  }

  #draw(raw) {
    const frame = this.frame(raw);
    this.broadcast('draw', frame);
    if (frame.settled && frame.position !== this.#settledAt) {
      // A tutorial checks what the reader found there.
      this.#settledAt = frame.position;
      // A copy: the state may be the timeline's own, which changes as the playhead moves.
      this.emit('pool-playhead', { position: frame.position, state: structuredClone(frame.state) });
    }
  }
}
