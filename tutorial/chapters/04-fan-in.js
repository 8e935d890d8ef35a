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
  lead: 'All workers send into one results channel. Who arrives first is not who started first.',
  blocks: [
    {
      html: `
<p>Fan-in is the mirror of fan-out: many goroutines send into one channel, and one goroutine
receives from it. The collector does not know or care which worker produced a value; it takes
results in the order they were sent, and a result is sent when its job is <em>finished</em>,
not when it was handed out.</p>
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
            `The first results collected were jobs ${order.slice(0, 6).join(', ')}. Four ` +
            `workers took jobs 1 to 4 at once, and whichever finished first sent first. If the ` +
            `order matters to you, carry the job's id in the result and put them back in order ` +
            `at the end; the channel will not do it.`
          );
        },
      },
    },
    {
      html: `
<p>In this run job 1 still happened to come back first. That is luck, not a rule: change the
seed — another draw of the same random job times — and look at the first result.</p>`,
    },
    {
      experiment: 'not-first',
      config: UNEVEN,
      views: 'diagram',
      fields: 'seed',
      challenge: {
        id: 'job-1-not-first',
        text: "Find a seed for which job 1's result is not the first one collected.",
        check: ({ log }) => {
          const order = log.jobs('ResultCollected');
          return order.length > 0 && order[0] !== 1;
        },
        met: ({ log, config }) =>
          `Met with seed ${config.seed}: job ${log.jobs('ResultCollected')[0]} came back first.`,
        near: ({ log, config }) =>
          `with seed ${config.seed}, job ${log.jobs('ResultCollected')[0]} came back first.`,
        hint: 'Try seeds 2, 3, 4 …: each is a different draw of job times.',
      },
    },
  ],
};
