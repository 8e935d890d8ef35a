// The diagram in words for screen readers (a polite live region): while the view moves, at most
// once every few seconds; once it stops, within a moment. Either way the last words are always
// those of the latest state — a trailing update carries it, so a fast run's end is never lost.

const SPEAK_MOVING_MS = 5000;
const SPEAK_STILL_MS = 300;

export class Speaker {
  #describe = null;
  #timer = 0;
  #dueAt = 0;
  #lastAt = -Infinity;

  /** `region`: the live region's element. */
  constructor(region) {
    this.region = region;
  }

  /** Schedules `describeNow()`'s words: soon if the view is still, later if `moving`. */
  speak(describeNow, moving) {
    this.#describe = describeNow;
    const dueAt = Math.max(
      performance.now(),
      this.#lastAt + (moving ? SPEAK_MOVING_MS : SPEAK_STILL_MS),
    );
    if (this.#timer && this.#dueAt <= dueAt) return;
    clearTimeout(this.#timer);
    this.#dueAt = dueAt;
    this.#timer = setTimeout(() => {
      this.#timer = 0;
      this.#lastAt = performance.now();
      const words = this.#describe();
      if (this.region.textContent !== words) this.region.textContent = words;
    }, dueAt - performance.now());
  }

  /** Stops any pending words (the figure left the page). */
  stop() {
    clearTimeout(this.#timer);
    this.#timer = 0;
  }
}

/** The pipeline's state in words. */
export function describe(s) {
  const count = s.workerStates;
  const blocked = count.blocked ?? 0;
  const working = (count.working ?? 0) + (count.sending ?? 0);
  return (
    `Producer ${s.producer.state === 'blocked' ? 'blocked on a full jobs channel' : s.producer.state}, ` +
    `${s.producer.sent} sent. jobs ${s.jobs.len} of ${s.jobs.cap}${s.jobs.closed ? ', closed' : ''}. ` +
    `${working} workers working, ${blocked} blocked on results. ` +
    `results ${s.results.len} of ${s.results.cap}${s.results.closed ? ', closed' : ''}. ` +
    `${s.collector.collected} collected. WaitGroup counter ${s.waitGroup}.`
  );
}
