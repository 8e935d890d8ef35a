// Chapter 3: one worker's life — wait for a job, do it, send its result, leave when jobs closes.

const TRICKLE = {
  workers: 3,
  jobs: 12,
  jobsBuffer: 0,
  resultsBuffer: 10,
  arrival: { kind: 'constant', ratePerSec: 20 },
  work: { kind: 'io', waitMs: 20 },
};

export default {
  slug: 'the-worker',
  title: 'The worker',
  lead: 'A for-range loop over a channel: what a worker does while it waits, and how it ends.',
  blocks: [
    {
      html: `
<p>A worker is one loop: <code>for j := range jobs { … results &lt;- r }</code>. The
<code>range</code> does two jobs at once. Each time round it receives the next value from
<code>jobs</code>, and when <code>jobs</code> has been closed <em>and</em> emptied, the loop ends
and the worker returns. There is no "stop" message and no flag to check: closing the channel is
the signal.</p>
<p>Here the producer is slow on purpose: one job every 50 ms for three workers that need only
20 ms each. So most of the time there is nothing to receive. <code>jobs</code> here has no
buffer (<code>make(chan int)</code>): a send completes only when a worker receives it, hand to
hand. Watch the code beside the diagram: it marks the line each goroutine is on.</p>`,
    },
    {
      experiment: 'trickle',
      config: TRICKLE,
      views: 'diagram code',
      predict: {
        question: 'When jobs is empty but not closed, what does a worker do?',
        kind: 'choice',
        choices: [
          { value: 'spin', label: 'It keeps checking the channel, using CPU until a job appears' },
          { value: 'exit', label: 'Its loop ends and it returns' },
          { value: 'block', label: 'It waits, parked, using no CPU, until a job or the close' },
        ],
        actual: ({ log }) => {
          // Waiting mid-run, and no worker leaving before the last job was sent: it blocked.
          // (Threads stamp their own events, so "closed" may be logged after a worker left;
          // the last send comes before the close in every thread's eyes.)
          return log.count('WorkerWaiting') > 3 && log.first('WorkerExited') > log.last('JobSent')
            ? 'block'
            : 'exit';
        },
        explain: ({ log }) =>
          `Workers waited on an empty jobs ${log.count('WorkerWaiting')} times in this run, and ` +
          `none returned before jobs was closed. A receive from an empty channel parks the ` +
          `goroutine: the scheduler takes it off the CPU and puts it back when a sender ` +
          `arrives. It uses no CPU while it waits, which is why idle workers are cheap — though ` +
          `its stack and whatever it references stay in memory, which is why a worker that ` +
          `waits forever (a leak) is not free.`,
      },
    },
    {
      html: `
<p>Use the playback controls under the diagram (or click the diagram and press ← and →) to walk
through the run one event at a time. The amber outline means a worker is blocked receiving from
an empty <code>jobs</code> — Go's goroutine dump would say <code>[chan receive]</code>; red means
blocked sending on a full <code>results</code> (<code>[chan send]</code>); green means it is
working or handing over a result. When the producer closes <code>jobs</code>, each worker's
<code>range</code> ends, it returns, its deferred <code>wg.Done()</code> runs (chapter 5 is
about that counter), and it is gone.</p>`,
    },
    {
      experiment: 'step',
      config: TRICKLE,
      views: 'diagram code',
      challenge: {
        id: 'worker-2-waits',
        on: 'playhead',
        text:
          'Run it, then step the playhead to a moment when worker 2 is waiting on an empty jobs ' +
          'channel while the producer still has jobs left to send.',
        check: ({ state }) =>
          state !== null &&
          state.workers[1]?.state === 'waiting' &&
          !state.jobs.closed &&
          state.producer.sent > 0 &&
          state.producer.sent < 12,
        met: ({ state }) =>
          `Found: worker 2 waits with ${state.producer.sent} of 12 jobs sent so far.`,
        hint: 'Press Home, then → a few times: the first jobs arrive 50 ms apart.',
      },
    },
  ],
};
