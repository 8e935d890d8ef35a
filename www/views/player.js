// Moves a timeline's playhead through wall-clock time: play, pause, speed, follow live. Each
// animation frame it hands the state at the playhead, and the jobs in flight around it, to
// whoever draws.

import { Kind } from '../model/events.js';
import { MAX_TOKENS } from '../model/limits.js';

/** Playback speeds, as multiples of real time. */
export const SPEEDS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** How long (wall time) a job takes to travel along a wire. */
const TRAVEL_MS = 400;
/** Most events examined per frame to draw flows; more are sampled. */
const FLOW_SAMPLE = 20_000;
const MOVING = new Set([Kind.JobSent, Kind.JobReceived, Kind.ResultSent, Kind.ResultCollected]);

/** The speed that plays `durationUs` of run time in about `seconds` of wall time. */
export function speedFor(durationUs, seconds = 12) {
  const wanted = durationUs / (seconds * 1e6);
  let best = SPEEDS[0];
  for (const s of SPEEDS) if (s <= wanted) best = s;
  return best;
}

export class Player {
  timeline = null;
  playing = false;
  follow = true;
  live = false;
  speed = 1;
  #playheadUs = 0;
  #lastFrame = 0;
  #lastDrawn = -1;
  #frame = 0;
  #moving = false;

  /** `onFrame({state, tokens, flows, timeline})` is called whenever the picture changes. */
  constructor(onFrame, { reducedMotion = false } = {}) {
    this.onFrame = onFrame;
    this.reducedMotion = reducedMotion;
  }

  /** Starts showing `timeline`; `live` while its run still streams in. */
  load(timeline, { live }) {
    this.timeline = timeline;
    this.live = live;
    this.follow = live;
    this.playing = false;
    this.#playheadUs = 0;
    this.#lastDrawn = -1;
    this.#schedule();
  }

  /** The run finished streaming: pick a speed that replays it in a few seconds. */
  finished() {
    this.live = false;
    // A run can fail before its first event: then there is nothing to replay.
    if (this.timeline) this.speed = speedFor(this.timeline.endUs);
    this.#schedule();
  }

  get playheadUs() {
    return this.#playheadUs;
  }

  play() {
    if (!this.timeline) return;
    if (this.timeline.position >= this.timeline.length) this.seekUs(0);
    this.follow = false;
    this.playing = true;
    this.#lastFrame = 0;
    this.#schedule();
  }

  pause() {
    this.playing = false;
    this.#schedule();
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves the playhead to run time `us` (stops following the live edge). */
  seekUs(us) {
    if (!this.timeline) return;
    this.follow = false;
    this.#own(() => this.timeline.seekUs(us));
    this.#playheadUs = Math.max(0, Math.min(us, this.timeline.endUs));
    this.#schedule();
  }

  /** `n` events forward (negative: back), pausing playback. */
  step(n) {
    if (!this.timeline) return;
    this.follow = false;
    this.playing = false;
    this.#own(() => this.timeline.step(n));
    this.#playheadUs = this.timeline.timeUs;
    this.#schedule();
  }

  /** To the next (1) or previous (-1) event of one goroutine. */
  stepActor(actor, direction) {
    if (!this.timeline) return;
    this.follow = false;
    this.playing = false;
    this.#own(() => this.timeline.stepActor(actor, direction));
    this.#playheadUs = this.timeline.timeUs;
    this.#schedule();
  }

  toStart() {
    this.playing = false;
    this.seekUs(0);
    this.#own(() => this.timeline?.seekEvent(0));
  }

  toEnd() {
    this.playing = false;
    if (!this.timeline) return;
    this.#own(() => this.timeline.seekEvent(this.timeline.length));
    this.#playheadUs = this.timeline.endUs;
    this.follow = this.live;
    this.#schedule();
  }

  /** New events arrived (live): redraw if following the live edge. */
  appended() {
    if (this.follow) this.#schedule();
  }

  /** Redraws on the next frame even if the playhead did not move. */
  invalidate() {
    this.#lastDrawn = -1;
    this.#schedule();
  }

  /** Someone else (a tutorial script) moved the timeline: stop and show where it is now. */
  moved() {
    if (this.#moving) return;
    this.follow = false;
    this.playing = false;
    this.invalidate();
  }

  /** Runs `move` as the player's own move of the timeline, which `moved` ignores. */
  #own(move) {
    this.#moving = true;
    try {
      return move();
    } finally {
      this.#moving = false;
    }
  }

  #drawnPlaying = false;
  #onScreen = true;

  /** Whether the picture can be seen: off screen nothing is drawn and playback waits. */
  get onScreen() {
    return this.#onScreen;
  }

  set onScreen(visible) {
    this.#onScreen = visible;
    if (visible) this.invalidate();
  }

  #schedule() {
    if (!this.#frame) this.#frame = requestAnimationFrame((now) => this.#tick(now));
  }

  #tick(now) {
    this.#frame = 0;
    const t = this.timeline;
    if (!t) return;
    if (!this.#onScreen) {
      // The playhead stays put until the figure is back; no time passes for it meanwhile.
      this.#lastFrame = 0;
      return;
    }
    if (this.follow) {
      this.#own(() => t.seekEvent(t.length));
      this.#playheadUs = t.endUs;
    } else if (this.playing) {
      const dt = this.#lastFrame ? Math.min(100, now - this.#lastFrame) : 0;
      this.#playheadUs = Math.min(t.endUs, this.#playheadUs + dt * 1000 * this.speed);
      this.#own(() => t.seekUs(this.#playheadUs));
      if (this.#playheadUs >= t.endUs && !this.live) this.playing = false;
    } else if (t.position !== this.#lastDrawn) {
      // Stepped, or moved directly through the scripting API: the playhead follows.
      this.#playheadUs = t.timeUs;
    }
    this.#lastFrame = this.playing ? now : 0;
    const moving = this.playing || this.follow;
    // A pause moves nothing, but the Play button must still show it.
    if (moving || t.position !== this.#lastDrawn || this.playing !== this.#drawnPlaying) {
      this.#lastDrawn = t.position;
      this.#drawnPlaying = this.playing;
      this.onFrame({ state: t.state, timeline: t, ...this.#inFlight() });
    }
    if (this.playing || (this.follow && this.live)) this.#schedule();
  }

  /** Jobs moving along wires around the playhead: tokens, or flows when there are too many. */
  #inFlight() {
    const t = this.timeline;
    if (this.reducedMotion || t.length === 0) return { tokens: [], flows: null };
    const windowUs = TRAVEL_MS * 1000 * this.speed;
    const end = t.position;
    const start = t.eventsUntil(this.#playheadUs - windowUs);
    if (end - start <= MAX_TOKENS * 2) {
      const tokens = [];
      for (let i = start; i < end; i++) {
        const kind = t.kindOf(i);
        if (!MOVING.has(kind)) continue;
        const e = t.event(i);
        const progress = windowUs > 0 ? (this.#playheadUs - e.timeUs) / windowUs : 1;
        tokens.push({ kind, job: e.job, worker: e.actor, progress });
      }
      if (tokens.length <= MAX_TOKENS) return { tokens, flows: null };
    }
    const stride = Math.max(1, Math.ceil((end - start) / FLOW_SAMPLE));
    const counts = new Map();
    for (let i = start; i < end; i += stride) {
      const kind = t.kindOf(i);
      if (!MOVING.has(kind)) continue;
      const worker = kind === Kind.JobReceived || kind === Kind.ResultSent ? t.actorOf(i) : 0;
      // Actors take 24 bits: a key per (kind, worker) stays exact for any pool.
      const key = kind * 0x100_0000 + worker;
      counts.set(key, (counts.get(key) ?? 0) + stride);
    }
    const flows = [...counts].map(([key, count]) => ({
      kind: Math.floor(key / 0x100_0000),
      worker: key % 0x100_0000,
      count,
    }));
    return { tokens: [], flows };
  }
}
