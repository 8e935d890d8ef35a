// Chapter 7: how many workers — as many as cores for work that computes, many more for work
// that waits — measured on the reader's own machine, modeled beyond what it can run.

import { mmck } from '../../www/model/queueing.js';

/** The smallest worker count reaching 90% of the best throughput the sweep saw. */
const knee = (points) => {
  const best = Math.max(...points.map((p) => p.throughputPerSec));
  return points.find((p) => p.throughputPerSec >= 0.9 * best)?.workers ?? null;
};

/**
 * The fewest workers whose run of ARRIVALS meets the p95 target (`tests/chapters` checks it
 * against the engine: this count meets it, one fewer does not). From an empty start, 22; in
 * the steady state (Erlang C) 23 would be needed, since most requests wait at 22.
 */
export const FEWEST_FOR_P95 = 22;

const ARRIVALS = {
  driver: 'sim',
  workers: 16,
  jobs: 5000,
  jobsBuffer: 100,
  arrival: { kind: 'poisson', ratePerSec: 1000 },
  service: { kind: 'exponential', meanMs: 20 },
  jobClass: 'io',
  seed: 1,
  cores: 4,
};

export default {
  slug: 'sizing',
  title: 'Sizing the pool',
  lead: 'Cores for work that computes, far more for work that waits — on your own machine.',
  blocks: [
    {
      html: `
<p>How many workers should a pool have? It depends on what a job spends its time doing. A job
that <em>computes</em> needs a CPU the whole time; a machine with eight CPUs runs eight such
jobs at once, and a ninth worker only takes turns with the others. A job that <em>waits</em> —
for a database, another service, the network — needs a CPU only for an instant, so one can keep
hundreds of them waiting at once. (A disk read or a cgo call is different: it holds an OS
thread while it waits, though not a P.)</p>
<p>The sweep below runs the same CPU-bound pool with more and more workers, live in this page,
and measures how many results come back per second. The goroutines run as Go runs them, on
<code>GOMAXPROCS</code> threads — how many goroutines may run Go code at the same moment; here
one fewer than the CPUs your browser reports, since the page keeps one to draw on. The worker
counts are chosen around that number. After your guess, set <code>GOMAXPROCS</code> to 1 and
run the sweep again: with one thread, a second worker adds nothing at all.</p>`,
    },
    {
      experiment: 'cpu-sweep',
      config: { work: { kind: 'cpu', iterations: 200000 }, jobsBuffer: 100, resultsBuffer: 100 },
      views: 'sweep',
      // Counts around the run's GOMAXPROCS G (1, 2, G/2, G−1, G, G+1, 2G): the knee is there.
      sweep: 'gomaxprocs',
      fields: 'gomaxprocs',
      // More live workers than twice the cores show nothing new for computation: past that,
      // the model takes over.
      sweepLiveMax: 'cores×2',
      jobsPerWorker: 200,
      predict: {
        question:
          'From how many workers on will CPU-bound throughput stop growing on this machine?',
        kind: 'number',
        unit: 'workers',
        min: 1,
        actual: ({ summary }) => knee(summary.sweep),
        explain: ({ summary }) => {
          const cores = globalThis.navigator?.hardwareConcurrency ?? 'several';
          const at = knee(summary.sweep);
          const ran = summary.gomaxprocs
            ? `the goroutines ran on GOMAXPROCS ${summary.gomaxprocs} threads`
            : 'the runs were modeled on this many cores';
          return (
            `Throughput reached 90% of its best at ${at} workers; ${ran}, and your browser ` +
            `reports ${cores} cores. Past ` +
            `GOMAXPROCS, workers only take turns on the same threads: each job still needs ` +
            `one to compute on. That is why a pool for computation is sized to ` +
            `runtime.GOMAXPROCS(0) in Go — not runtime.NumCPU(), which ignores a container's ` +
            `CPU limit. (The page and the browser use some CPU too, so the knee can come a ` +
            `little early.)`
          );
        },
      },
    },
    {
      html: `
<p>In Go the number that matters is <code>GOMAXPROCS</code>: how many goroutines may run Go code
at the same moment. Read it with <code>runtime.GOMAXPROCS(0)</code>. Since Go 1.25 it defaults to
the lower of the machine's CPUs and a container's CPU limit, and follows that limit as it
changes; <code>runtime.NumCPU()</code> ignores the limit, so in a container allowed 2 CPUs on a
64-CPU host it says 64. A CPU count is also of logical CPUs: with two hardware threads per core,
throughput usually bends at the physical cores and gains only a little after.</p>
<p>Now jobs that wait 5 ms each and compute nothing. Every point runs live, even 1,024 workers:
a waiting goroutine is a parked task and a timer, not a thread, so the same few threads keep all
of them going. Each point in the table says how it ran.</p>`,
    },
    {
      experiment: 'io-sweep',
      config: { work: { kind: 'io', waitMs: 5 }, jobsBuffer: 100, resultsBuffer: 100 },
      views: 'sweep',
      sweep: '1 4 16 64 256 1024',
      jobsPerWorker: 40,
    },
    {
      html: `
<p>Waiting scales: every doubling of workers roughly doubles the rate, long after the cores run
out, until something else runs out — memory for each goroutine, connections to the database,
the patience of the service you call. So for I/O the question turns around: not "how many
cores?" but "how many workers will be busy at once?". On average that is the arrival rate times
the time each request spends being served (Little's law, applied to the workers): 1,000
requests a second that take 20 ms each keep about 20 workers busy. A pool needs that many, plus
room for bursts — a common rule adds a few times the square root of the busy count.</p>`,
    },
    {
      experiment: 'fewest',
      config: ARRIVALS,
      views: 'diagram summary',
      fields: 'workers',
      challenge: {
        id: 'fewest-for-p95',
        text:
          'Requests arrive at about 1,000 a second and take 20 ms on average. Find the fewest ' +
          'workers that collect 95% of them within 65 ms of arriving.',
        check: ({ summary, config }) =>
          summary.jobs === config.jobs &&
          summary.results === config.jobs &&
          summary.latency.p95Ms < 65 &&
          config.workers <= FEWEST_FOR_P95,
        met: ({ summary, config }) => {
          // This run starts from an empty pool; theory gives the long-run answer beside it.
          const steady = (c) =>
            mmck({
              lambda: config.arrival.ratePerSec,
              mu: 1000 / config.service.meanMs,
              c,
            })?.percentileMs(0.95) ?? Infinity;
          let need = config.workers;
          while (steady(need) >= 65) need += 1;
          return (
            `Met with ${config.workers} workers: p95 ${summary.latency.p95Ms.toFixed(1)} ms. ` +
            `This run started with an idle pool; in a long steady run queueing theory (M/M/c) ` +
            `puts p95 at ${steady(config.workers).toFixed(1)} ms with ${config.workers}` +
            (need > config.workers
              ? `, so ${need} would be needed once the start-up is forgotten.`
              : ' too.')
          );
        },
        near: ({ summary, config }) =>
          summary.latency.p95Ms < 65
            ? `${config.workers} workers meet it (p95 ${summary.latency.p95Ms.toFixed(1)} ms); ` +
              `can fewer?`
            : `${config.workers} workers: p95 ${summary.latency.p95Ms.toFixed(1)} ms.`,
        hint:
          'How many workers are busy on average at this rate and service time? Start there; ' +
          'the bursts need a few more.',
      },
    },
  ],
};
