// Chapter 8: what a full jobs channel does to the sender — block, drop, or give up after a
// while — and the trade between dropping requests and making them wait.

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

const offered = (s) => s.jobs + s.dropped;
const percent = (s) => (100 * s.dropped) / offered(s);

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
if <code>jobs</code> is full, drop the job (and answer "busy"). A third way gives each send a
deadline with <code>time.After</code>.</p>
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
        explain: ({ summary }) =>
          `${summary.dropped} of ${offered(summary)} requests were dropped ` +
          `(${percent(summary).toFixed(1)}%). The pool can finish about 800 a second and ` +
          `about 900 arrive, so roughly 1 − 800/900 ≈ 11% have nowhere to go once the buffer ` +
          `is full. The buffer cannot change that average: it only soaks up short bursts.`,
      },
    },
    {
      html: `
<p>Two knobs remain: more workers raise how much the pool can finish; a bigger buffer lets more
requests wait instead of being dropped — and every one of them waits longer. The latency that
matters here is from the moment a request is sent on <code>jobs</code> to the moment its result
is collected. (With "block", the producer's own wait before the send is not in it: that wait
has been pushed back to whoever called the producer.)</p>`,
    },
    {
      experiment: 'tune',
      config: OVERLOAD,
      views: 'diagram summary',
      fields: 'workers jobsBuffer policy',
      challenge: {
        id: 'few-drops-fast',
        text:
          'Drop fewer than 1% of requests while 99% of them are collected within 60 ms of ' +
          'being sent (p99 under 60 ms).',
        check: ({ summary }) =>
          offered(summary) === 5000 && percent(summary) < 1 && summary.latency.p99Ms < 60,
        met: ({ summary, config }) =>
          `Met with ${config.workers} workers and a buffer of ${config.jobsBuffer}: ` +
          `${percent(summary).toFixed(2)}% dropped, p99 ${summary.latency.p99Ms.toFixed(1)} ms.`,
        near: ({ summary }) =>
          `${percent(summary).toFixed(2)}% dropped, p99 ${summary.latency.p99Ms.toFixed(1)} ms.`,
        hint:
          'A buffer of 200 drops fewer, but look at p99. What does the pool need to finish ' +
          'more than 900 a second?',
      },
    },
  ],
};
