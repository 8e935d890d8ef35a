// Chapter 4: every worker sends into one results channel; the order is whoever finished first.

const UNEVEN = {
  driver: 'sim',
  workers: 4,
  jobs: 40,
  service: { kind: 'exponential', meanMs: 10 },
  jobClass: 'io',
  seed: 1,
  cores: 4,
};

export default {
  slug: 'fan-in',
  title: 'Fan-in',
  lead: 'All workers send into one results channel, and one goroutine collects. In what order?',
  blocks: [
    {
      html: `
<p>Fan-in is the mirror of fan-out: many goroutines send into one channel, and one goroutine
receives from it. The collector does not know or care which worker produced a value; it takes
whatever comes next on <code>results</code>.</p>
<p>These jobs do not all take the same time: like real requests, most are quick and a few are
slow (the time of each is drawn at random, from a seed, so a run can be repeated exactly).</p>`,
    },
    {
      experiment: 'order',
      config: UNEVEN,
      views: 'diagram code',
      predict: {
        question: 'Jobs are sent as 1, 2, 3 … 40. Will the results be collected in that order?',
        kind: 'choice',
        choices: [
          { value: 'yes', label: 'Yes: job 1, then job 2, and so on' },
          { value: 'no', label: 'No: in the order the jobs finished' },
        ],
        actual: ({ log }) => {
          const order = log.jobs('ResultCollected');
          return order.every((job, i) => i === 0 || order[i - 1] < job) ? 'yes' : 'no';
        },
        explain: ({ log }) => {
          const order = log.jobs('ResultCollected');
          return (
            `The first results collected were jobs ${order.slice(0, 6).join(', ')}. A result ` +
            `is sent when its job is finished, not when it was handed out: four workers took ` +
            `jobs 1 to 4 at once, and whichever finished first sent first. If the order ` +
            `matters to you, carry the job's index in the result and put each one in its place ` +
            `(out[r.index] = r.value); the channel will not do it.`
          );
        },
      },
    },
    {
      html: `
<p>So order is lost whenever jobs take different times. Getting it back for free would need the
pool to finish jobs in the order it started them. The same 40 jobs, with the same random times
(the seed stays as it is): what would you have to change about the pool for the results to come
back as 1, 2, 3 … 40 — and what would that cost?</p>`,
    },
    {
      experiment: 'in-order',
      config: UNEVEN,
      views: 'diagram summary',
      fields: 'workers',
      challenge: {
        id: 'results-in-order',
        text:
          'Without changing the jobs or their times, make all 40 results come back in job ' +
          'order: 1, 2, 3 … 40.',
        check: ({ log, config }) => {
          const order = log.jobs('ResultCollected');
          return (
            config.seed === UNEVEN.seed &&
            order.length === config.jobs &&
            order.every((job, i) => job === i + 1)
          );
        },
        met: ({ summary, config }) =>
          `In order, with ${config.workers} worker${config.workers === 1 ? '' : 's'} — and it ` +
          `took ${Math.round(summary.elapsedMs)} ms: order bought this way costs the ` +
          `parallelism. Carrying an index keeps both.`,
        near: ({ log, config }) => {
          const order = log.jobs('ResultCollected');
          const first = order.findIndex((job, i) => job !== i + 1);
          return (
            `with ${config.workers} workers, result ${first + 1} collected was job ` +
            `${order[first]}.`
          );
        },
        hint: 'When can a later job never finish before an earlier one?',
      },
    },
  ],
};
