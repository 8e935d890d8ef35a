// A log shaped like the engine's, for unit tests of what reads logs.

import { Kind } from '../../www/model/events.js';

const PRODUCER = 0;
const CLOSER = 0xfffffe;
const COLLECTOR = 0xffffff;

/**
 * A log shaped like the engine's: `jobs` jobs over `workers` workers with small buffers, a
 * producer that sometimes blocks, and timestamps that sometimes run backwards (threads stamp
 * their own events); with `procs`, each event names one of that many Ps, a goroutine mostly
 * staying on its P and now and then moving.
 */
export function syntheticLog(jobs, workers, seed = 7, procs = 0) {
  let rand = seed;
  const random = () => (rand = (rand * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = [];
  let t = 0;
  const home = new Map();
  const procOf = (actor) => {
    if (procs === 0) return 0;
    if (!home.has(actor) || random() < 0.05) home.set(actor, 1 + Math.floor(random() * procs));
    return home.get(actor);
  };
  const push = (kind, actor, job, value) => {
    t += Math.floor(random() * 20);
    const stamp = random() < 0.1 ? Math.max(0, t - 15) : t;
    words.push(stamp, procOf(actor) << 24, kind | (actor << 8), job, value);
  };
  push(Kind.RunStarted, PRODUCER, 0, workers);
  let queued = 0;
  for (let j = 1; j <= jobs; j++) {
    if (queued >= 2) {
      push(Kind.ProducerBlocked, PRODUCER, j, queued);
      queued -= 1;
      push(Kind.ProducerUnblocked, PRODUCER, j, queued + 1);
    }
    queued += 1;
    push(Kind.JobSent, PRODUCER, j, queued);
    const w = (j % workers) + 1;
    push(Kind.WorkerWaiting, w, 0, 0);
    queued -= 1;
    push(Kind.JobReceived, w, j, queued);
    push(Kind.JobDone, w, j, j % 13 === 0 ? 1 : 0);
    push(Kind.ResultSent, w, j, 1);
    push(Kind.ResultCollected, COLLECTOR, j, 0);
  }
  push(Kind.ChannelClosed, PRODUCER, 0, 0);
  push(Kind.CloserWaiting, CLOSER, 0, workers);
  for (let w = 1; w <= workers; w++) push(Kind.WorkerExited, w, 0, workers - w);
  push(Kind.ChannelClosed, CLOSER, 0, 1);
  push(Kind.RunFinished, COLLECTOR, 0, 0);
  return new Uint32Array(words);
}
