// A run's event log as questions a reader's experiment answers: how many events of a kind, the
// jobs in the order a kind of event saw them, each worker's share. Tutorial checks read runs
// through this, never through which buttons were pressed.

import { Kind } from './events.js';

export class RunLog {
  /** `timeline`: a run's timeline (timeline.js); read up to `upTo` events (default: all). */
  constructor(timeline, upTo = timeline.length) {
    this.timeline = timeline;
    this.length = Math.min(upTo, timeline.length);
  }

  /** Events of `kind` (a name from events.js, e.g. 'WorkerWaiting'). */
  count(kind) {
    const k = Kind[kind];
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.timeline.kindOf(i) === k) n += 1;
    return n;
  }

  /** The job of each event of `kind`, in log order. */
  jobs(kind) {
    const k = Kind[kind];
    const out = [];
    for (let i = 0; i < this.length; i++) {
      if (this.timeline.kindOf(i) === k) out.push(this.timeline.event(i).job);
    }
    return out;
  }

  /** Index of the first event of `kind` (and of `actor`, if given), or -1. */
  first(kind, actor = null) {
    const k = Kind[kind];
    for (let i = 0; i < this.length; i++) {
      if (this.timeline.kindOf(i) === k && (actor === null || this.timeline.actorOf(i) === actor))
        return i;
    }
    return -1;
  }

  /** Index of the last event of `kind`, or -1. */
  last(kind) {
    const k = Kind[kind];
    for (let i = this.length - 1; i >= 0; i--) if (this.timeline.kindOf(i) === k) return i;
    return -1;
  }

  /** Index of the event that closed `channel` ('jobs' or 'results'), or -1. */
  closedAt(channel) {
    const which = channel === 'jobs' ? 0 : 1;
    for (let i = 0; i < this.length; i++) {
      if (this.timeline.kindOf(i) === Kind.ChannelClosed && this.timeline.event(i).value === which)
        return i;
    }
    return -1;
  }

  /** Results each worker sent, by worker id (1..n). */
  perWorker() {
    const counts = new Map();
    for (let i = 0; i < this.length; i++) {
      if (this.timeline.kindOf(i) === Kind.ResultSent) {
        const w = this.timeline.actorOf(i);
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    return counts;
  }
}
