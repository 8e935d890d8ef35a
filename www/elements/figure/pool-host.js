// The host of a pool figure: its playhead is a Player over the pool's timeline, which is first a
// config's pool at rest, then each run's as it streams in; at a run's end the summary's exact
// counts are laid over what the log folded to.

import { Player } from '../../views/player.js';
import { applySummary } from '../../model/pipeline.js';
import { FigureHost } from './host.js';

export class PoolHost extends FigureHost {
  #summary = null;

  constructor(element) {
    super(element, (onFrame, options) => new Player(onFrame, options));
  }

  /** The run on screen (its timeline), or null before the first. */
  get timeline() {
    return this.run;
  }

  /** Shows `timeline` (a config's, with no events) at rest; a run on screen keeps its place. */
  rest(timeline) {
    if (this.run) return;
    this.broadcast('load', timeline, { run: false });
    this.player.load(timeline, { live: false });
  }

  /** A run starts: its timeline fills as its events come in (`progress`). */
  start(timeline) {
    if (this.run?.onMove) this.run.onMove = null;
    this.#summary = null;
    timeline.onMove = () => this.player.moved();
    this.show(timeline, { live: true });
  }

  /** More of the run's events came in. */
  progress() {
    this.player.appended();
    if (this.player.onScreen) this.broadcast('progress', this.run);
  }

  /** The run ended with `summary`: the views show it, and the playhead replays from here. */
  finish(summary) {
    this.#summary = summary;
    this.player.finished();
    this.broadcast('done', summary, { timeline: this.run, player: this.player });
    this.player.invalidate();
  }

  /**
   * The run ended without a summary (its engine died, say): what came of it stays on screen,
   * and the playhead stops following a live edge that will never move again.
   */
  fail() {
    this.player.finished();
    this.player.invalidate();
  }

  frame({ state, timeline, tokens, flows }) {
    const player = this.player;
    const run = timeline === this.run;
    const shown =
      this.#summary && run && timeline.position === timeline.length
        ? applySummary(structuredClone(state), this.#summary)
        : state;
    const moving = player.playing || (player.follow && player.live);
    return {
      state: shown,
      timeline,
      tokens,
      flows,
      reducedMotion: player.reducedMotion,
      moving,
      player,
      position: timeline.position,
      settled: !moving && run,
    };
  }

  teardown() {
    if (this.run?.onMove) this.run.onMove = null;
    this.#summary = null;
    super.teardown();
  }
}
