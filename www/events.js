// The event log's vocabulary, mirrored from src/trace.rs: four u32 words per record —
// time since run start (µs), kind | actor << 8, job, value.

export const WORDS = 4;

export const Kind = Object.freeze({
  RunStarted: 0,
  JobSent: 1,
  ProducerBlocked: 2,
  ProducerUnblocked: 3,
  WorkerWaiting: 4,
  JobReceived: 5,
  JobDone: 6,
  WorkerBlocked: 7,
  WorkerUnblocked: 8,
  ResultSent: 9,
  WorkerExited: 10,
  CloserWaiting: 11,
  ChannelClosed: 12,
  ResultCollected: 13,
  RunFinished: 14,
  CollectorPaused: 15,
  CollectorResumed: 16,
  Memory: 17,
});

export const KIND_NAMES = Object.freeze(Object.keys(Kind));

export const ACTOR_PRODUCER = 0;
export const ACTOR_CLOSER = 0xfffffe;
export const ACTOR_COLLECTOR = 0xffffff;

/** Decodes record `i` of a batch (for inspection and tests; hot loops read the words directly). */
export function decode(words, i) {
  const at = i * WORDS;
  return {
    timeUs: words[at],
    kind: KIND_NAMES[words[at + 1] & 0xff],
    actor: words[at + 1] >>> 8,
    job: words[at + 2],
    value: words[at + 3],
  };
}
