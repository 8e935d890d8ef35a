// The playhead over a Go program's run (model/go-run.js), record by record: seek, step, play to
// the end and pause. A move is drawn at once (stepping back un-prints before the next click);
// Play advances a run of any length in about PLAY_FRAMES frames. Off screen, playing waits.

/** A whole run plays in about this many frames, however long its log. */
const PLAY_FRAMES = 360;

export class RecordPlayer {
  /** The run on screen, or null. */
  run = null;
  playing = false;
  #at = 0;
  #frame = 0;
  #onScreen = true;

  /** `onFrame({run, position, state, moving, playing})` is called whenever the picture changes. */
  constructor(onFrame, { reducedMotion = false } = {}) {
    this.onFrame = onFrame;
    // Kept for the host's sake; records have no motion between them to reduce.
    this.reducedMotion = reducedMotion;
  }

  /** Shows `run` (a GoRun, or null for none) at its end. */
  load(run) {
    this.pause();
    this.run = run;
    this.#at = run ? run.length : 0;
    if (run) this.#draw();
  }

  /** Records folded so far. */
  get position() {
    return this.#at;
  }

  /** Moves the playhead to after record `n`. */
  seek(n) {
    if (!this.run) return;
    this.#at = Math.max(0, Math.min(this.run.length, n));
    this.#draw();
  }

  /** `n` records on (negative: back), pausing. */
  step(n) {
    this.pause();
    this.seek(this.#at + n);
  }

  toStart() {
    this.pause();
    this.seek(0);
  }

  toEnd() {
    this.pause();
    this.seek(this.run?.length ?? 0);
  }

  /** Plays from the playhead (from the start if it is at the end) to the end. */
  play() {
    if (!this.run || this.playing) return;
    if (this.#at >= this.run.length) this.#at = 0;
    this.playing = true;
    this.#draw();
    this.#schedule();
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#draw();
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Draws again where the playhead is (the page changed size, say). */
  invalidate() {
    if (this.run) this.#draw();
  }

  get onScreen() {
    return this.#onScreen;
  }

  set onScreen(visible) {
    this.#onScreen = visible;
    if (visible && this.playing) this.#schedule();
  }

  #schedule() {
    if (this.#frame || !this.#onScreen) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      if (!this.playing || !this.run) return;
      if (!this.#onScreen) return; // picked up again when back on screen
      const step = Math.max(1, Math.ceil(this.run.length / PLAY_FRAMES));
      this.#at = Math.min(this.run.length, this.#at + step);
      if (this.#at >= this.run.length) this.playing = false;
      this.#draw();
      if (this.playing) this.#schedule();
    });
  }

  #draw() {
    const run = this.run;
    this.onFrame({
      run,
      position: this.#at,
      state: run.stateAfter(this.#at),
      moving: this.playing,
      playing: this.playing,
    });
  }
}
