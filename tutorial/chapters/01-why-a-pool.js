// Chapter 1: what goes wrong without a limit, and what a fixed set of workers buys.

const LOAD = {
  driver: 'sim',
  workers: 8,
  jobs: 5000,
  arrival: { kind: 'poisson', ratePerSec: 5000 },
  service: { kind: 'exponential', meanMs: 1000 },
  jobClass: 'io',
  memoryLimitBytes: 16 * 2 ** 20,
  jobBytes: 4096,
  seed: 1,
  cores: 4,
};

const MiB = 2 ** 20;

export default {
  slug: 'why-a-pool',
  title: 'Why a pool?',
  lead: 'A goroutine per request is easy to write and easy to kill. Watch it die, then fix it.',
  blocks: [
    {
      html: `
<p>Goroutines are cheap, so the first server most of us write starts one for every request:
<code>go handle(r)</code>. Each one costs little — a stack that starts at 2 KiB, plus whatever
the request carries — but nothing in that line says <em>how many</em> may be alive at once.
When requests arrive faster than they finish, the count only grows.</p>
<p>Below, 5,000 requests arrive at about 5,000 a second, each spends around a second waiting on
a slow backend, and each holds 4 KiB while it waits. The process may use 16 MiB. Nothing here
is a real machine: it is the simulator, in virtual time, so the run is the same on every
computer.</p>`,
    },
    {
      experiment: 'unbounded',
      config: { ...LOAD, mode: 'unbounded' },
      views: 'diagram summary',
      predict: {
        question: 'How many requests will arrive before this program runs out of memory?',
        kind: 'number',
        unit: 'requests',
        min: 0,
        actual: ({ summary }) => summary.jobs,
        explain: ({ summary }) =>
          `It died after ${summary.jobs} requests, with ${summary.peakGoroutines} goroutines ` +
          `alive at once. Each held about 6 KiB (2 KiB of stack and the 4 KiB request), and ` +
          `16 MiB ÷ 6 KiB is about 2,700: once arrivals outran completions long enough to pile ` +
          `up that many, the next one could not be given memory. Go does not slow down or ` +
          `refuse; it stops the whole process with "fatal error: runtime: out of memory".`,
      },
    },
    {
      html: `
<p>The simulator is not the only way to watch this happen. <a href="../">The playground</a> runs
the same program live, on real threads: choose the live driver and one goroutine per job.
There each goroutine is a Rust task of about 240 bytes rather than Go's 2 KiB starting stack, so
more of them fit before the limit, but the ending is the same: the program stops with Go's
out-of-memory error, and the page carries on.</p>
<p>The fix is to decide the number of goroutines up front. A <strong>worker pool</strong> starts a
fixed set of workers that take requests from a channel, one at a time, for as long as the
channel has any. Requests that arrive while every worker is busy wait in the channel's buffer;
when the buffer is full, whoever sends the next request waits too. That waiting is
<strong>backpressure</strong>: the system tells its callers to slow down instead of growing
until it breaks.</p>
<p>A pool trades memory for waiting. Too few workers and requests queue for a long time; too
many and you are back to paying memory for every one of them. The experiment below lets you
choose.</p>`,
    },
    {
      experiment: 'pool',
      config: { ...LOAD, mode: 'unbounded' },
      views: 'diagram summary',
      fields: 'mode workers',
      challenge: {
        id: 'flat-memory',
        text:
          'Serve all 5,000 requests within 20 seconds (virtual time) while the process never ' +
          'holds more than 4 MiB. Switch "Goroutines" to a pool, then find a worker count ' +
          'that meets both limits.',
        check: ({ summary }) =>
          summary.jobs === 5000 &&
          summary.results === 5000 &&
          !summary.deadlock &&
          summary.elapsedMs <= 20_000 &&
          summary.peakMemoryBytes <= 4 * MiB,
        met: ({ summary }) =>
          `Met with ${summary.peakGoroutines - 3} workers: ` +
          `${(summary.elapsedMs / 1000).toFixed(1)} s and ` +
          `${(summary.peakMemoryBytes / MiB).toFixed(2)} MiB at most.`,
        near: ({ summary }) =>
          summary.deadlock
            ? `this run ended in "${summary.deadlock.message}".`
            : `this run took ${(summary.elapsedMs / 1000).toFixed(1)} s and held up to ` +
              `${(summary.peakMemoryBytes / MiB).toFixed(2)} MiB.`,
        hint:
          'Each worker serves about one request a second, so 5,000 in 20 s needs a few hundred; ' +
          'each busy worker holds about 6 KiB, so 4 MiB allows at most several hundred.',
      },
    },
  ],
};
