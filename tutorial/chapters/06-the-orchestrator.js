// Chapter 6: the whole program's lifecycle, and the deadlock of collecting only after sending.

const SUBMIT_THEN_COLLECT = {
  driver: 'sim',
  mistake: 'collectAfterSubmit',
  workers: 3,
  jobs: 100,
  jobsBuffer: 10,
  resultsBuffer: 10,
  service: { kind: 'constant', meanMs: 5 },
  seed: 1,
  cores: 4,
};

export default {
  slug: 'the-orchestrator',
  title: 'The orchestrator',
  lead: 'Channels, workers, the closer and the collector together — and who must run when.',
  blocks: [
    {
      html: `
<p>The orchestrator is the part of <code>main</code> that wires everything up: make the two
channels, start the workers (adding each to the WaitGroup), start the closer, feed
<code>jobs</code> and close it, and collect from <code>results</code> until it closes. Each piece
is simple. What makes the program correct is <em>which goroutine does which piece</em>, because
a send on a full channel waits until someone receives.</p>
<p>Here is a tempting layout: main sends all 100 jobs first, and only then starts reading
results. Both channels hold 10 values; three workers sit between them.</p>`,
    },
    {
      experiment: 'submit-then-collect',
      config: SUBMIT_THEN_COLLECT,
      views: 'diagram code',
      predict: {
        question: 'Does this program finish?',
        kind: 'choice',
        choices: [
          { value: 'yes', label: 'Yes: the buffers just make it slower' },
          { value: 'no', label: 'No: it stops partway and never finishes' },
        ],
        actual: ({ summary }) => (summary.deadlock ? 'no' : 'yes'),
        explain: ({ summary }) =>
          summary.deadlock
            ? `It stopped after ${summary.jobs} jobs were sent: 10 waiting in jobs, 10 in ` +
              `results, and one in each worker's hands, each worker blocked sending it. main ` +
              `was blocked sending the next job, and nobody was reading results. Go's runtime ` +
              `saw every goroutine asleep and ended it: "${summary.deadlock.message}"`
            : `It finished: ${summary.results} results.`,
      },
    },
    {
      html: `
<p>Count the places a value can wait: 10 in <code>jobs</code>, 10 in <code>results</code>, one
held by each of the 3 workers. That is 23. The 24th send has nowhere to go until main reads a
result, and main will not read until its sends are done. Bigger buffers only move the cliff: a
run with more jobs than places stops the same way. The cure is structural — collect while you
send, in different goroutines — as the standard orchestrator does: a producer goroutine sends
while main collects. (The well-known Go by Example pool sends every job before it collects, and
gets away with it only because its buffers hold all of its jobs.)</p>`,
    },
    {
      experiment: 'finish',
      config: SUBMIT_THEN_COLLECT,
      views: 'diagram code',
      fields: 'resultsBuffer',
      challenge: {
        id: 'smallest-results-buffer',
        text:
          'Keep main sending every job before it collects, and jobs’ buffer at 10. What is the ' +
          'smallest results buffer with which all 100 come back? Set it and run.',
        check: ({ summary, config }) =>
          !summary.deadlock &&
          config.mistake === 'collectAfterSubmit' &&
          summary.results === config.jobs &&
          config.resultsBuffer <= config.jobs - config.jobsBuffer - config.workers,
        met: ({ summary, config }) =>
          `All ${summary.results} results collected with a results buffer of ` +
          `${config.resultsBuffer}: ${config.resultsBuffer} waiting there, ${config.workers} ` +
          `in the workers' hands and ${config.jobsBuffer} in jobs make room for every send.`,
        near: ({ summary, config }) =>
          summary.deadlock
            ? `a results buffer of ${config.resultsBuffer}: stopped after ${summary.jobs} ` +
              `sends.`
            : `a results buffer of ${config.resultsBuffer} finishes — is it the smallest?`,
        hint:
          'Count the places a value can wait while main is still sending. Every one of the ' +
          '100 sends needs a place.',
      },
    },
  ],
};
