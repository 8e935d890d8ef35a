// What the charts plot, computed from a run's event log: queue lengths, throughput, worker
// utilisation and latency over time, and latency percentiles per stage.

import { Kind, WORDS, TAG, JOB, VALUE, timeAt } from './events.js';

/** A read-only view of a log's words with monotonic times, shaped like a Timeline. */
export class LogView {
  constructor(config, words) {
    this.config = config;
    this.words = words;
    this.length = words.length / WORDS;
    this.times = new Float64Array(this.length);
    let last = 0;
    for (let i = 0; i < this.length; i++) {
      last = Math.max(last, timeAt(words, i * WORDS));
      this.times[i] = last;
    }
    this.endUs = this.length ? this.times[this.length - 1] : 0;
  }

  event(i) {
    const at = i * WORDS;
    const tag = this.words[at + TAG];
    return {
      timeUs: this.times[i],
      kind: tag & 0xff,
      actor: tag >>> 8,
      job: this.words[at + JOB],
      value: this.words[at + VALUE],
    };
  }
}

/** The `q`-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
  };
}

/**
 * Series over `bins` equal slices of the run (times in ms) and latency percentiles (ms) per stage
 * of a job's life: the producer's wait (from the moment the job was due to its send: a blocked
 * producer's backlog), the wait in `jobs`, the service by a worker, the time in the pool (send to
 * collection) and the total from arrival to collection. A job is due when the arrival process
 * says so; a `JobLate` event says how long before its send that was (none: it was sent on time).
 */
export function runMetrics(timeline, bins = 300) {
  const n = timeline.length;
  const unbounded = timeline.config.mode === 'unbounded';
  // Unbounded, job events are the goroutines' (in the producer's lane, actor 0), not a worker's.
  const workers = unbounded ? 0 : timeline.config.workers;
  const isWorker = (actor) => actor >= 1 && actor <= workers;
  const endUs = Math.max(1, timeline.endUs);
  const width = endUs / bins;
  const binOf = (us) => Math.min(bins - 1, Math.floor(us / width));
  const t = Float64Array.from({ length: bins }, (_, i) => ((i + 0.5) * width) / 1000);
  const jobsLen = new Float64Array(bins).fill(NaN);
  const resultsLen = new Float64Array(bins).fill(NaN);
  const collected = new Float64Array(bins);
  const memory = new Float64Array(bins).fill(NaN);
  const busyUs = new Float64Array(bins);

  let maxJob = 0;
  for (let i = 0; i < n; i++) maxJob = Math.max(maxJob, timeline.event(i).job);
  const sentAt = new Float64Array(maxJob + 1).fill(NaN);
  const dueAt = new Float64Array(maxJob + 1).fill(NaN);
  const receivedAt = new Float64Array(maxJob + 1).fill(NaN);
  const doneAt = new Float64Array(maxJob + 1).fill(NaN);
  const busySince = new Float64Array(workers + 1).fill(NaN);
  const producer = [];
  const wait = [];
  const service = [];
  const inPool = [];
  const total = [];
  const totalByBin = Array.from({ length: bins }, () => []);
  const inPoolByBin = Array.from({ length: bins }, () => []);

  const addBusy = (from, to) => {
    for (let b = binOf(from); b <= binOf(to); b++) {
      const lo = Math.max(from, b * width);
      const hi = Math.min(to, (b + 1) * width);
      if (hi > lo) busyUs[b] += hi - lo;
    }
  };
  const noteLen = (series, us, len) => {
    const b = binOf(us);
    series[b] = Number.isNaN(series[b]) ? len : Math.max(series[b], len);
  };

  for (let i = 0; i < n; i++) {
    const { timeUs, kind, actor, job, value } = timeline.event(i);
    switch (kind) {
      case Kind.JobLate:
        dueAt[job] = timeUs - value;
        break;
      case Kind.JobSent:
        sentAt[job] = timeUs;
        if (Number.isNaN(dueAt[job])) dueAt[job] = timeUs;
        producer.push((timeUs - dueAt[job]) / 1000);
        noteLen(jobsLen, timeUs, value);
        break;
      case Kind.ProducerUnblocked:
        noteLen(jobsLen, timeUs, value);
        break;
      case Kind.JobReceived:
        receivedAt[job] = timeUs;
        noteLen(jobsLen, timeUs, value);
        if (!Number.isNaN(sentAt[job])) wait.push((timeUs - sentAt[job]) / 1000);
        if (isWorker(actor)) busySince[actor] = timeUs;
        break;
      case Kind.JobDone:
        doneAt[job] = timeUs;
        if (!Number.isNaN(receivedAt[job])) service.push((timeUs - receivedAt[job]) / 1000);
        if (isWorker(actor) && !Number.isNaN(busySince[actor])) {
          addBusy(busySince[actor], timeUs);
          busySince[actor] = NaN;
        }
        break;
      case Kind.ResultSent:
      case Kind.WorkerUnblocked:
        noteLen(resultsLen, timeUs, value);
        break;
      case Kind.Memory:
        memory[binOf(timeUs)] = value / 1024;
        break;
      case Kind.ResultCollected: {
        noteLen(resultsLen, timeUs, value);
        const b = binOf(timeUs);
        collected[b] += 1;
        if (!Number.isNaN(sentAt[job])) {
          const pool = (timeUs - sentAt[job]) / 1000;
          const ms = (timeUs - dueAt[job]) / 1000;
          inPool.push(pool);
          inPoolByBin[b].push(pool);
          total.push(ms);
          totalByBin[b].push(ms);
        }
        break;
      }
    }
  }

  // A queue keeps its length between events: carry the last known value forward.
  for (const series of [jobsLen, resultsLen, memory]) {
    let last = 0;
    for (let b = 0; b < bins; b++) {
      if (Number.isNaN(series[b])) series[b] = last;
      else last = series[b];
    }
  }
  const seconds = width / 1e6;
  // uPlot draws a gap for null (not NaN): bins where nothing was collected.
  const p = (q, byBin = totalByBin) =>
    byBin.map((xs) => (xs.length === 0 ? null : quantile(Float64Array.from(xs).sort(), q)));
  return {
    t,
    jobsLen,
    resultsLen,
    throughput: Float64Array.from(collected, (c) => c / seconds),
    // The unbounded program has no workers to keep busy: no line (uPlot leaves nulls out).
    utilisation: unbounded
      ? Array.from(busyUs, () => null)
      : Float64Array.from(busyUs, (us) => us / (width * workers)),
    memoryMiB: memory,
    latencyP50: p(0.5),
    latencyP95: p(0.95),
    latencyP99: p(0.99),
    inPoolP95: p(0.95, inPoolByBin),
    latency: {
      producer: percentiles(producer),
      wait: percentiles(wait),
      service: percentiles(service),
      inPool: percentiles(inPool),
      total: percentiles(total),
    },
  };
}
