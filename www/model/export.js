// Exports of a run: its event log as a Chrome Trace Event file (opens in Perfetto and
// chrome://tracing, one track per goroutine), and the Go program matching its settings.

import { Kind, ACTOR_PRODUCER, ACTOR_CLOSER, ACTOR_COLLECTOR } from './events.js';

const TRACKS = {
  [ACTOR_PRODUCER]: 'producer',
  [ACTOR_CLOSER]: 'closer',
  [ACTOR_COLLECTOR]: 'collector (main)',
};
// A track per goroutine, keyed by its actor: the closer's and the collector's actors sit far above
// any worker's number, so no worker shares their track (Perfetto sorts by `thread_sort_index`).
const tid = (actor) => actor;

/** Log events turned into trace events between two yields to the page. */
const CHUNK = 20_000;

/**
 * The run as Chrome's Trace Event Format (JSON object form), as a Blob. Built in chunks that
 * each give the page back its thread, and kept as text pieces rather than one object graph:
 * a 10⁶-event log never freezes the page nor holds its trace twice.
 */
export async function chromeTrace(timeline) {
  const parts = [];
  let events = [];
  const flush = () => {
    if (events.length === 0) return;
    parts.push((parts.length ? ',' : '') + events.map((e) => JSON.stringify(e)).join(','));
    events = [];
  };
  // The unbounded program has no workers: its goroutines, one per job, are too many for a
  // track each, and overlap, so their jobs are async spans of one track, keyed by job.
  const unbounded = timeline.config.mode === 'unbounded';
  const actors = [
    ACTOR_PRODUCER,
    ...Array.from({ length: unbounded ? 0 : timeline.config.workers }, (_, i) => i + 1),
    ACTOR_CLOSER,
    ACTOR_COLLECTOR,
  ];
  const name = (actor) => TRACKS[actor] ?? `worker ${actor}`;
  events.push({ name: 'process_name', ph: 'M', pid: 1, args: { name: 'poolsim run' } });
  actors.forEach((actor, order) =>
    events.push(
      { name: 'thread_name', ph: 'M', pid: 1, tid: tid(actor), args: { name: name(actor) } },
      { name: 'thread_sort_index', ph: 'M', pid: 1, tid: tid(actor), args: { sort_index: order } },
    ),
  );
  const span = (name, actor, ts, ph, args) =>
    events.push({ name, cat: 'pool', ph, pid: 1, tid: tid(actor), ts, ...(args ? { args } : {}) });
  const instant = (name, actor, ts, args) =>
    events.push({
      name,
      cat: 'pool',
      ph: 'i',
      s: 't',
      pid: 1,
      tid: tid(actor),
      ts,
      ...(args ? { args } : {}),
    });
  const async = (name, ph, job, ts) =>
    events.push({ name, cat: 'goroutine', ph, id: job, pid: 1, tid: tid(ACTOR_PRODUCER), ts });
  const open = new Map();
  const begin = (key, name, actor, ts, args) => {
    open.set(key, true);
    span(name, actor, ts, 'B', args);
  };
  const end = (key, name, actor, ts) => {
    if (!open.delete(key)) return;
    span(name, actor, ts, 'E');
  };
  for (let i = 0; i < timeline.length; i++) {
    if (i % CHUNK === 0 && i > 0) {
      flush();
      await new Promise((resolve) => setTimeout(resolve));
    }
    const { timeUs: ts, kind, actor, job, value } = timeline.event(i);
    switch (kind) {
      case Kind.JobSent:
        instant(`send job ${job}`, actor, ts, { len: value });
        break;
      case Kind.ProducerBlocked:
        begin(`p${actor}`, 'blocked: jobs full', actor, ts, { job });
        break;
      case Kind.ProducerUnblocked:
        end(`p${actor}`, 'blocked: jobs full', actor, ts);
        break;
      case Kind.WorkerWaiting:
        begin(`w${actor}`, 'waiting on jobs', actor, ts);
        break;
      case Kind.JobReceived:
        if (unbounded) {
          async(`job ${job}`, 'b', job, ts);
          break;
        }
        end(`w${actor}`, 'waiting on jobs', actor, ts);
        begin(`j${actor}`, `job ${job}`, actor, ts, { job });
        break;
      case Kind.JobDone:
        if (unbounded) async(`job ${job}`, 'e', job, ts);
        else end(`j${actor}`, `job ${job}`, actor, ts);
        break;
      case Kind.WorkerBlocked:
        begin(`r${actor}`, 'blocked: results full', actor, ts, { job });
        break;
      case Kind.WorkerUnblocked:
        end(`r${actor}`, 'blocked: results full', actor, ts);
        break;
      case Kind.WorkerExited:
        end(`w${actor}`, 'waiting on jobs', actor, ts);
        instant('wg.Done()', actor, ts, { counter: value });
        break;
      case Kind.CloserWaiting:
        begin('closer', 'wg.Wait()', actor, ts, { counter: value });
        break;
      case Kind.ChannelClosed:
        if (value === 1) end('closer', 'wg.Wait()', actor, ts);
        instant(value === 0 ? 'close(jobs)' : 'close(results)', actor, ts);
        break;
      case Kind.ResultCollected:
        instant(`collect job ${job}`, actor, ts, { len: value });
        break;
      case Kind.CollectorPaused:
        begin('paused', 'collector paused', actor, ts);
        break;
      case Kind.CollectorResumed:
        end('paused', 'collector paused', actor, ts);
        break;
      case Kind.RunFinished:
        instant(value ? 'run cancelled' : 'run finished', actor, ts);
        break;
    }
  }
  flush();
  const other = JSON.stringify({ config: timeline.config });
  return new Blob(
    ['{"traceEvents":[', ...parts, `],"displayTimeUnit":"ms","otherData":${other}}`],
    { type: 'application/json' },
  );
}

/** Offers `data` (text or a Blob) as a file download named `name`. */
export function download(name, data, type = 'application/json') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
