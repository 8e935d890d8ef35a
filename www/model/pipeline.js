// The pipeline's state, folded from the event log: what the diagram shows at any moment.
// Derived from the log alone, so a live run and a replay show the same thing.

import { Kind, WORDS, TAG, JOB, VALUE, timeAt, procAt } from './events.js';

/** The state before the first event of a run of `config`. */
export function initialState(config) {
  return {
    producer: { state: 'running', sent: 0, blockedOn: 0 },
    // What a blocked producer waits in, as Go's goroutine dump would say: a plain send, or the
    // timeout policy's select.
    producerWaitsIn: config.policy?.kind === 'timeout' ? 'select' : 'chan send',
    jobs: { len: 0, cap: config.jobsBuffer, closed: false, maxLen: 0 },
    // The unbounded mode has no pool: a goroutine per job, counted in `spawned`.
    unbounded: config.mode === 'unbounded',
    spawned: 0,
    memoryKiB: 0,
    memoryLimitKiB: (config.memoryLimitBytes ?? 0) / 1024,
    workers: Array.from({ length: config.mode === 'unbounded' ? 0 : config.workers }, () => ({
      state: 'starting',
      job: 0,
      done: 0,
      p: 0,
    })),
    // The Ps (live runs): per P, the goroutine whose event it ran last and how many it ran;
    // and how often a worker's event came from another P than its previous one.
    procs: [],
    moves: 0,
    // How many workers are in each state, kept as they change: what a frame shows of a pool of
    // 100,000 costs the same as of three.
    workerStates: { starting: config.mode === 'unbounded' ? 0 : config.workers },
    results: { len: 0, cap: config.resultsBuffer, closed: false, maxLen: 0 },
    collector: { collected: 0, paused: false },
    failed: 0,
    truncated: false,
    waitGroup: 0,
    closer: 'starting',
    finished: false,
    cancelled: false,
    crashed: null,
    events: 0,
    timeUs: 0,
  };
}

/** Applies every record of `words` to `state`, in order. */
export function applyBatch(state, words) {
  for (let at = 0; at < words.length; at += WORDS) {
    const tag = words[at + TAG];
    apply(state, tag & 0xff, tag >>> 8, words[at + JOB], words[at + VALUE]);
    const p = procAt(words, at);
    if (p !== 0) onP(state, p, tag >>> 8);
    state.timeUs = Math.max(state.timeUs, timeAt(words, at));
  }
  state.events += words.length / WORDS;
  return state;
}

/** Absorbs worker events naming a worker the config does not have (a log of another run). */
const UNKNOWN_WORKER = { state: '', job: 0, done: 0, p: 0 };

/** Goroutine `actor` ran an event on P `p` (one-based). */
function onP(s, p, actor) {
  while (s.procs.length < p) s.procs.push({ actor: -1, events: 0 });
  const proc = s.procs[p - 1];
  proc.actor = actor;
  proc.events += 1;
  const worker = s.workers[actor - 1];
  if (worker) {
    if (worker.p !== 0 && worker.p !== p) s.moves += 1;
    worker.p = p;
  }
}

function setWorker(s, worker, next) {
  if (worker !== UNKNOWN_WORKER) {
    s.workerStates[worker.state] -= 1;
    s.workerStates[next] = (s.workerStates[next] ?? 0) + 1;
  }
  worker.state = next;
}

function setLen(channel, len) {
  channel.len = len;
  if (len > channel.maxLen) channel.maxLen = len;
}

function apply(s, kind, actor, job, value) {
  const worker = s.workers[actor - 1] ?? UNKNOWN_WORKER;
  switch (kind) {
    case Kind.RunStarted:
      s.waitGroup = value;
      break;
    case Kind.JobSent:
      s.producer.state = 'running';
      s.producer.sent += 1;
      setLen(s.jobs, value);
      break;
    case Kind.ProducerBlocked:
      s.producer.state = 'blocked';
      s.producer.blockedOn = job;
      break;
    case Kind.ProducerUnblocked:
      s.producer.state = 'running';
      setLen(s.jobs, value);
      break;
    case Kind.WorkerWaiting:
      setWorker(s, worker, 'waiting');
      worker.job = 0;
      break;
    case Kind.JobReceived:
      if (actor === 0) s.spawned += 1; // an unbounded run's goroutine for this job
      setWorker(s, worker, 'working');
      worker.job = job;
      setLen(s.jobs, value);
      break;
    case Kind.JobDone:
      setWorker(s, worker, 'sending');
      if (value !== 0) s.failed += 1;
      break;
    case Kind.WorkerBlocked:
      setWorker(s, worker, 'blocked');
      break;
    case Kind.WorkerUnblocked:
      setWorker(s, worker, 'sending');
      setLen(s.results, value);
      break;
    case Kind.ResultSent:
      if (actor === 0) s.spawned -= 1;
      setWorker(s, worker, 'idle');
      worker.job = 0;
      worker.done += 1;
      setLen(s.results, value);
      break;
    case Kind.WorkerExited:
      setWorker(s, worker, 'exited');
      worker.job = 0;
      s.waitGroup = value;
      break;
    case Kind.CloserWaiting:
      s.closer = 'waiting';
      break;
    case Kind.ChannelClosed:
      if (value === 0) {
        s.jobs.closed = true;
        s.producer.state = 'done';
      } else {
        s.results.closed = true;
        s.closer = 'done';
      }
      break;
    case Kind.ResultCollected:
      s.collector.collected += 1;
      setLen(s.results, value);
      break;
    case Kind.CollectorPaused:
      s.collector.paused = true;
      setLen(s.results, value);
      break;
    case Kind.CollectorResumed:
      s.collector.paused = false;
      break;
    case Kind.Memory:
      s.memoryKiB = value;
      break;
    case Kind.RunFinished:
      s.finished = true;
      s.cancelled = value === 1;
      s.crashed = { 2: 'deadlock', 3: 'panic', 4: 'out of memory', 5: 'time limit' }[value] ?? null;
      break;
  }
}

/**
 * Settles the counts from a finished run's summary. A log capped by `traceLimit` stops
 * recording job events part-way; the pool's own counters are exact either way.
 */
export function applySummary(state, summary) {
  state.producer.sent = summary.jobs;
  state.collector.collected = summary.results;
  state.failed = summary.errors;
  summary.perWorker.forEach((done, i) => {
    if (state.workers[i]) state.workers[i].done = done;
  });
  state.jobs.maxLen = summary.maxJobsLen;
  state.results.maxLen = summary.maxResultsLen;
  state.truncated = summary.traceTruncated;
  return state;
}
