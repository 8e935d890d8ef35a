// Chapter 9: a workload card to design a pool for, with everything from the chapters before.

const CARD = {
  driver: 'sim',
  workers: 16,
  jobs: 20000,
  jobsBuffer: 100,
  arrival: { kind: 'poisson', ratePerSec: 2000 },
  service: { kind: 'lognormal', meanMs: 20 },
  jobClass: 'io',
  policy: { kind: 'drop' },
  seed: 1,
  cores: 4,
};

export default {
  slug: 'capstone',
  title: 'Capstone: size a pool for a workload',
  lead: 'A workload, three targets, and the pool you design for them.',
  blocks: [
    {
      html: `
<p>Everything so far in one experiment. The workload:</p>
<ul>
<li>20,000 requests, arriving at random, about <strong>2,000 a second</strong>;</li>
<li>each waits on a backend for <strong>20 ms on average</strong> — most are quicker, a few
take several times longer (a log-normal spread, as real latencies tend to be);</li>
<li>the work is I/O: a waiting worker uses no CPU;</li>
<li>a request that finds <code>jobs</code> full is dropped.</li>
</ul>
<p>The targets: <strong>drop nothing</strong>, collect <strong>95% of requests within 70 ms</strong>
of arriving, and use <strong>at most 60 workers</strong>. Latency counts from arrival, so a
producer that blocks does not hide its backlog: requests that wait for it count. Before you touch anything, work out
how many workers are busy on average at 2,000 requests a second of 20 ms each. Then design, run,
and look at the summary. When it passes, the outcome line under the figure is a link that
reopens your design in the playground — share it.</p>`,
    },
    {
      experiment: 'design',
      config: CARD,
      views: 'diagram code summary',
      fields: 'workers jobsBuffer policy',
      challenge: {
        id: 'meet-the-card',
        text:
          'Meet all three targets: no request dropped, p95 from arrival under 70 ms, at most ' +
          '60 workers.',
        check: ({ summary, config }) =>
          summary.jobs === config.jobs &&
          summary.results === config.jobs &&
          summary.dropped === 0 &&
          summary.latency.p95Ms < 70 &&
          config.workers <= 60,
        met: ({ summary, config }) =>
          `Met with ${config.workers} workers: nothing dropped, p95 ` +
          `${summary.latency.p95Ms.toFixed(1)} ms.`,
        near: ({ summary, config }) =>
          `${config.workers} workers: ${summary.dropped} dropped, p95 ` +
          `${summary.latency.p95Ms.toFixed(1)} ms from arrival` +
          (summary.producerWait.p95Ms >= 1
            ? ` (${summary.producerWait.p95Ms.toFixed(1)} ms of it behind a blocked producer).`
            : '.'),
        hint:
          'Busy workers on average = arrivals per second × seconds per request. Leave ' +
          'headroom above that for the bursts and the slow tail.',
      },
    },
  ],
};
