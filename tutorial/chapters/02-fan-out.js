// Chapter 2: several workers reading one channel share its jobs.

const IO_JOBS = {
  workers: 3,
  jobs: 300,
  jobsBuffer: 100,
  resultsBuffer: 100,
  work: { kind: 'io', waitMs: 10 },
};

/** The target, and the fewest workers whose ideal time (rounds of waits) comes in under it. */
const TARGET_MS = 400;
const fewest = (c) => {
  const ideal = (w) => Math.ceil(c.jobs / w) * c.work.waitMs;
  let w = 1;
  while (ideal(w) >= TARGET_MS) w += 1;
  return w;
};

export default {
  slug: 'fan-out',
  title: 'Fan-out',
  lead: 'Many workers, one jobs channel: each job goes to exactly one of them.',
  blocks: [
    {
      html: `
<p>Fan-out is what happens when several goroutines receive from the <em>same</em> channel. Every
value sent on <code>jobs</code> is received by exactly one of them — whichever is waiting when
it arrives — so the work spreads out without anyone assigning it. Nobody keeps a list of which
worker is free; the channel is the list.</p>
<p>Each worker here takes a job, waits 10 ms (as if for a database or a web request), and sends
a result. There are 300 jobs and three workers. Where this page can run real threads, this is a
real run on your machine and the time is measured; elsewhere it is modeled, and says so.</p>`,
    },
    {
      experiment: 'three-workers',
      config: IO_JOBS,
      views: 'diagram code',
      predict: {
        question: 'How long will three workers take for 300 jobs of 10 ms each?',
        kind: 'number',
        unit: 'ms',
        min: 0,
        actual: ({ summary }) => Math.round(summary.elapsedMs),
        explain: ({ summary }) => {
          const ideal = (300 / 3) * 10;
          return (
            `Three workers each finish one job every 10 ms, so together they do three jobs per ` +
            `10 ms: 300 jobs take about ${ideal} ms. This run took ` +
            `${Math.round(summary.elapsedMs)} ms; the difference is the cost of starting, of ` +
            `handing values between goroutines, and of timers that wake a little late.`
          );
        },
      },
    },
    {
      html: `
<p>The arithmetic is the whole lesson: with waits that use no CPU, time is jobs × wait ÷
workers. Adding workers divides the time, as long as each one has something to wait for. The
next chapter looks at what one worker does between jobs; first, make this pool fast.</p>`,
    },
    {
      experiment: 'faster',
      config: IO_JOBS,
      views: 'diagram',
      fields: 'workers',
      challenge: {
        id: 'under-400',
        // One worker of headroom above the arithmetic's answer: a live run pays for timers
        // that wake late, and the reader should not be stuck on a slow machine.
        text:
          'Make the same 300 jobs of 10 ms finish in under 400 ms with as few workers as ' +
          'will do it (one spare allowed for overhead).',
        check: ({ summary, config }) =>
          summary.jobs === config.jobs &&
          summary.results === config.jobs &&
          summary.elapsedMs < TARGET_MS &&
          config.workers <= fewest(config) + 1,
        met: ({ summary, config }) =>
          `Met: ${config.workers} workers took ${Math.round(summary.elapsedMs)} ms.`,
        near: ({ summary, config }) =>
          summary.elapsedMs < TARGET_MS
            ? `${config.workers} workers took ${Math.round(summary.elapsedMs)} ms: fast ` +
              `enough, but more workers than it needs. How few would do?`
            : `${config.workers} workers took ${Math.round(summary.elapsedMs)} ms.`,
        hint:
          'Each worker does one job per 10 ms. How many jobs must each do, at most, for ' +
          'them all to finish within 400 ms?',
      },
    },
  ],
};
