// Chapter 8: what a full jobs channel does to the sender — block, drop, or give up after a
// while — and the trade between dropping requests and making them wait.

import { Kind } from '../../www/model/events.js';

const OVERLOAD = {
  driver: 'sim',
  workers: 8,
  jobs: 5000,
  jobsBuffer: 20,
  arrival: { kind: 'poisson', ratePerSec: 900 },
  service: { kind: 'exponential', meanMs: 10 },
  jobClass: 'io',
  policy: { kind: 'drop' },
  seed: 1,
  cores: 4,
};

/**
 * A pool that keeps up (1,000 jobs a second into three workers that finish 1,500), whose
 * collector stops for 200 ms, 20 ms into the run: the stop travels back to the producer.
 */
const STOPPED = {
  driver: 'sim',
  workers: 3,
  jobs: 400,
  jobsBuffer: 5,
  resultsBuffer: 5,
  arrival: { kind: 'constant', ratePerSec: 1000 },
  service: { kind: 'constant', meanMs: 2 },
  jobClass: 'io',
  collectorPauseAtMs: 20,
  collectorPauseMs: 200,
  seed: 1,
  cores: 4,
};

/** The pool as the producer first blocked after the collector stopped: where values waited. */
function whenProducerBlocked(log) {
  const paused = log.first('CollectorPaused');
  for (let i = Math.max(0, paused); i < log.length; i++) {
    if (log.timeline.kindOf(i) === Kind.ProducerBlocked) {
      const s = log.timeline.stateAfter(i + 1);
      const held = s.workers.filter((w) => w.state === 'blocked').length;
      return {
        jobs: s.jobs.len,
        results: s.results.len,
        held,
        atMs: log.timeline.timeOf(i) / 1000,
      };
    }
  }
  return null;
}

const offered = (s) => s.jobs + s.dropped;
const percent = (s) => (100 * s.dropped) / offered(s);
/** What the pool can finish per second: workers ÷ mean service time. */
const capacity = (c) => (c.workers * 1000) / c.service.meanMs;

export default {
  slug: 'backpressure',
  title: 'Backpressure',
  lead: 'When work arrives faster than it is done, something has to give. You choose what.',
  blocks: [
    {
      html: `
<p>A buffered channel is a queue with a size limit. While it has room, a send returns at once;
when it is full, a plain <code>jobs &lt;- j</code> waits until a worker takes something out.
That wait is backpressure: a pool that cannot keep up makes its producer slower, and the
producer can pass the slowness on to its own callers, instead of piling work into memory.</p>
<p>Sometimes waiting is the wrong answer — a request nobody will wait for is better refused at
once. Go writes that as a <code>select</code> with a <code>default</code> case: try to send, and
if <code>jobs</code> is full, drop the job (and answer "busy"). A third way gives up on a send
after a while: a <code>select</code> on the send and on <code>ctx.Done()</code> of a context made
with <code>context.WithTimeout</code> (or a reused <code>time.Timer</code>).</p>
<pre tabindex="0" aria-label="Three ways to send on a full jobs channel"><code>jobs &lt;- j                 // block: wait for room

select {                  // drop: refuse at once
case jobs &lt;- j:
default:
	busy(j)
}

select {                  // time out: wait, but not forever
case jobs &lt;- j:
case &lt;-ctx.Done():
	busy(j)
}</code></pre>
<p>Backpressure travels. Below, a pool that keeps up easily — 1,000 jobs a second into three
workers that could finish 1,500 — and a collector that stops for 200 ms, 20 ms into the run (as
if main were stuck writing to a slow disk). Both channels hold 5.</p>`,
    },
    {
      experiment: 'stopped-collector',
      config: STOPPED,
      views: 'diagram charts',
      predict: {
        question:
          'When the producer finally blocks, how many jobs are waiting inside the pool — in ' +
          'either channel or in a worker’s hands?',
        kind: 'number',
        unit: 'jobs',
        min: 0,
        actual: ({ log }) => {
          const at = whenProducerBlocked(log);
          return at ? at.jobs + at.results + at.held : null;
        },
        explain: ({ log, config }) => {
          const at = whenProducerBlocked(log);
          if (!at) return 'The producer never blocked in this run.';
          return (
            `The producer blocked ${(at.atMs - config.collectorPauseAtMs).toFixed(0)} ms ` +
            `after the collector stopped, with ${at.results} values in results, ${at.held} ` +
            `held by workers blocked sending them, and ${at.jobs} in jobs. The stop travelled ` +
            `back one place at a time: results filled, so each worker blocked with a finished ` +
            `value in its hands; then nobody took from jobs, so it filled; then the producer's ` +
            `send had nowhere to go. Count the places — ${config.resultsBuffer} + ` +
            `${config.workers} + ${config.jobsBuffer} — and you know how much slack a pool ` +
            `has. Buffers only delay the moment the producer feels a stop; bigger ones mean ` +
            `more work waiting, longer.`
          );
        },
      },
    },
    {
      html: `
<p>This pool has 8 workers that each take about 10 ms per request, so together they finish
about 800 a second. Requests arrive at random, about 900 a second. The jobs buffer holds 20,
and a request that finds it full is dropped.</p>`,
    },
    {
      experiment: 'overload',
      config: OVERLOAD,
      views: 'diagram summary',
      predict: {
        question: 'What percentage of the 5,000 requests will be dropped?',
        kind: 'number',
        unit: '%',
        min: 0,
        actual: ({ summary }) => Math.round(percent(summary)),
        explain: ({ summary, config }) => {
          const rate = config.arrival.ratePerSec;
          const floor = 100 * (1 - capacity(config) / rate);
          return (
            `${summary.dropped} of ${offered(summary)} requests were dropped ` +
            `(${percent(summary).toFixed(1)}%). The pool can finish about ` +
            `${Math.round(capacity(config))} a second and about ${rate} arrive, so in the long ` +
            `run at least 1 − ${Math.round(capacity(config))}/${rate} ≈ ${floor.toFixed(1)}% ` +
            `have nowhere to go, and random gaps between arrivals and between finishes push ` +
            `the steady-state share a little higher. A finite run reads lower than either: it ` +
            `starts with an empty pool and idle workers, and keeps serving what is queued after ` +
            `the last arrival. The buffer cannot change the long-run share: it only soaks up ` +
            `short bursts.`
          );
        },
      },
    },
    {
      html: `
<p>Two knobs remain: more workers raise how much the pool can finish; a bigger buffer lets more
requests wait instead of being dropped — and every one of them waits longer. The latency that
matters is the one a caller feels: from the moment a request <em>arrives</em> to the moment its
result is collected.</p>
<p>"Block" looks tempting: nothing is dropped. But a blocked producer is not taking requests
off its own input either. They keep arriving, and wait in front of the pool — in a socket's
backlog, in a caller's retry, in a queue upstream — from the moment they arrived until the
producer gets round to sending them. Blocking does not make that wait go away; it moves it
outside the pool, where nobody is measuring. Here it is measured: the summary counts latency
from arrival and shows the producer's share of it ("producer wait"), and the latency chart
draws the time inside the pool as a dashed line beside the whole. A pool that cannot keep up
shows there as a gap that keeps growing.</p>
<p>Under the experiment, after each run, the same pool is measured at loads from half its
capacity to one and a half times it, with queueing theory's prediction (M/M/c/K: random
arrivals, random service times, room for <em>workers + buffer</em> requests) dashed beside the
measured points, and your run as the larger dot. Watch what happens near 100%: below it,
latency and drops stay low; around it, both turn sharply upward — the hockey stick of queueing —
and no buffer size moves that bend, only more capacity does. With "drop", latency then levels
off: a full buffer caps how long a request can wait, and the excess becomes drops. With
"block", nothing is dropped and past 100% the wait has no ceiling: it grows for as long as the
overload lasts, so theory has no steady state to draw there.</p>`,
    },
    {
      experiment: 'tune',
      config: OVERLOAD,
      views: 'diagram summary curve',
      fields: 'workers jobsBuffer policy',
      challenge: {
        id: 'few-drops-fast',
        text:
          'Drop fewer than 1% of requests while 99% of them are collected within 60 ms of ' +
          'arriving (p99 from arrival under 60 ms).',
        check: ({ summary, config }) =>
          offered(summary) === config.jobs &&
          summary.results === summary.jobs &&
          percent(summary) < 1 &&
          summary.latency.p99Ms < 60,
        met: ({ summary, config }) =>
          `Met with ${config.workers} workers and a buffer of ${config.jobsBuffer}: ` +
          `${percent(summary).toFixed(2)}% dropped, p99 ${summary.latency.p99Ms.toFixed(1)} ms.`,
        near: ({ summary }) =>
          `${percent(summary).toFixed(2)}% dropped, p99 ${summary.latency.p99Ms.toFixed(1)} ms ` +
          `from arrival` +
          (summary.producerWait.p99Ms >= 1
            ? ` (${summary.producerWait.p99Ms.toFixed(1)} ms of it waiting for a blocked ` +
              `producer).`
            : '.'),
        hint:
          'A buffer of 200 drops fewer, but look at p99. What does the pool need to finish ' +
          'more than 900 a second?',
      },
    },
  ],
};
