// The event log's vocabulary, mirrored from src/trace.rs: five u32 words per record — time
// since run start in µs as a u64 (low word, high word), kind | actor << 8, job, value. Times stay
// below 2^53 µs, so the high time word's top byte is free: it holds the P that ran the event,
// plus one (0: no P, as in the simulator).

export const WORDS = 5;
/** Where a record's fields sit among its words (the time is at 0 and 1). */
export const TAG = 2;
export const JOB = 3;
export const VALUE = 4;

/** The time of the record at word `at`, in µs; runs end within 2^53 µs, so it is exact. */
export function timeAt(words, at) {
  return words[at] + (words[at + 1] & 0xffffff) * 0x1_0000_0000;
}

/** The P that ran the record at word `at`, plus one; 0 when no P did. */
export function procAt(words, at) {
  return words[at + 1] >>> 24;
}

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
  JobLate: 18,
});

export const KIND_NAMES = Object.freeze(Object.keys(Kind));

export const ACTOR_PRODUCER = 0;
export const ACTOR_CLOSER = 0xfffffe;
export const ACTOR_COLLECTOR = 0xffffff;

/** Decodes record `i` of a batch (for inspection and tests; hot loops read the words directly). */
export function decode(words, i) {
  const at = i * WORDS;
  return {
    timeUs: timeAt(words, at),
    kind: KIND_NAMES[words[at + TAG] & 0xff],
    actor: words[at + TAG] >>> 8,
    job: words[at + JOB],
    value: words[at + VALUE],
    p: procAt(words, at),
  };
}
