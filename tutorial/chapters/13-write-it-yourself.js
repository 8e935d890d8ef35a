// Chapter 13: the reader writes the orchestrator from a blank main, and the page checks it by
// running it against several cases, each read from the run's output and log — the sum, every
// job once, the work done by the workers, no deadlock or panic, results closed after the last
// worker is done, at most N + 3 goroutines at once. The failing case is shown in the figure.

import { GoKind } from '../../www/model/go-run.js';

export const STARTER = `package main

import (
	"fmt"
	"sync"
)

// The page runs this program once for each case: it sets these two lines.
const numJobs = 10
const numWorkers = 3

// process is one job's work. Call it once for each job 1..numJobs.
func process(job int) int {
	fmt.Println("did job", job)
	return job * job
}

func main() {
	var wg sync.WaitGroup
	_ = wg
	// Your orchestrator here. Then print the results' total:
	fmt.Println("sum:", 0)
}
`;

/** The cases a program is run against: the reader's own numbers, and the edges. */
export const CASES = [
  { numJobs: 10, numWorkers: 3 },
  { numJobs: 40, numWorkers: 5 },
  { numJobs: 1, numWorkers: 4 },
  { numJobs: 0, numWorkers: 2 },
];

const JOBS_LINE = /^const numJobs = \d+$/m;
const WORKERS_LINE = /^const numWorkers = \d+$/m;

/** The program with a case's numbers in it, or an Error saying what the page needs kept. */
export function prepare(source, { numJobs, numWorkers }) {
  if (!JOBS_LINE.test(source) || !WORKERS_LINE.test(source)) {
    return new Error(
      'keep the lines "const numJobs = …" and "const numWorkers = …": the page sets them for ' +
        'each case',
    );
  }
  return source
    .replace(JOBS_LINE, `const numJobs = ${numJobs}`)
    .replace(WORKERS_LINE, `const numWorkers = ${numWorkers}`);
}

/** A case in words. */
export const caseName = ({ numJobs, numWorkers }) =>
  `${numJobs} job${numJobs === 1 ? '' : 's'}, ${numWorkers} workers`;

/** Which goroutine wrote each line of the output, from the log's output records. */
function linesBy(run, stdout) {
  const bytes = new TextEncoder().encode(stdout);
  const decoder = new TextDecoder();
  const lines = [];
  let from = 0;
  for (let i = 0; i < run.length; i++) {
    const e = run.event(i);
    if (e.kind !== GoKind.OUTPUT) continue;
    const text = decoder.decode(bytes.subarray(from, e.a));
    for (const line of text.split('\n').slice(0, -1)) lines.push({ g: e.g, line, at: i });
    from = e.a;
  }
  return lines;
}

/**
 * What is wrong with a case's run, in a sentence, or null when it meets every requirement.
 * `view`: `{result, run}` as a Go figure's run gives them.
 */
export function problemOf({ result, run }, { numJobs, numWorkers }) {
  if (result.stderr) {
    const first = result.stderr.split('\n')[0];
    return `it ended with "${first}"`;
  }
  if (result.exitCode !== 0) return `it exited with status ${result.exitCode}`;
  const lines = linesBy(run, result.stdout);
  const done = new Map();
  const workers = new Set();
  for (const { g, line } of lines) {
    const m = /^did job (-?\d+)$/.exec(line);
    if (!m) continue;
    const job = Number(m[1]);
    if (job < 1 || job > numJobs) return `process was called with ${job}, not a job`;
    done.set(job, (done.get(job) ?? 0) + 1);
    workers.add(g);
  }
  for (let job = 1; job <= numJobs; job++) {
    const n = done.get(job) ?? 0;
    if (n !== 1) return `job ${job} was processed ${n === 0 ? 'never' : `${n} times`}`;
  }
  const want = (numJobs * (numJobs + 1) * (2 * numJobs + 1)) / 6;
  const sums = lines.filter((l) => /^sum: /.test(l.line));
  if (sums.length !== 1) return `it printed ${sums.length} "sum: …" lines, not one`;
  if (sums[0].line !== `sum: ${want}`) {
    return `it printed "${sums[0].line}"; the results add up to ${want}`;
  }
  if (workers.has(1)) return 'main called process itself: the workers are to';
  if (workers.size > numWorkers) {
    return `${workers.size} goroutines called process; at most ${numWorkers} workers may`;
  }
  if (result.peakGoroutines > numWorkers + 3) {
    return (
      `${result.peakGoroutines} goroutines ran at once; a pool of ${numWorkers} needs at most ` +
      `${numWorkers + 3} (main, the workers, a sender and a closer)`
    );
  }
  return closeProblem(run, workers);
}

/** Whether the channel the workers sent results on was closed after every worker had ended. */
function closeProblem(run, workers) {
  if (workers.size === 0) return null;
  const sentOn = new Set();
  const exited = new Map();
  const closed = new Map();
  for (let i = 0; i < run.length; i++) {
    const e = run.event(i);
    if (e.kind === GoKind.SEND && workers.has(e.g)) sentOn.add(e.a);
    if (e.kind === GoKind.EXITED) exited.set(e.g, i);
    if (e.kind === GoKind.CLOSE && !closed.has(e.a)) closed.set(e.a, i);
  }
  if (sentOn.size === 0) return 'the workers sent no results on a channel';
  for (const ch of sentOn) {
    if (!closed.has(ch))
      return `the results channel (made at line ${lineOf(run, ch)}) was never closed`;
    for (const g of workers) {
      if (!(exited.get(g) < closed.get(ch))) {
        return (
          `results was closed while worker goroutine ${g} was still running: close it after ` +
          `the last worker is done`
        );
      }
    }
  }
  return null;
}

function lineOf(run, ch) {
  for (let i = 0; i < run.length; i++) {
    const e = run.event(i);
    if (e.kind === GoKind.CHAN_MADE && e.a === ch) return e.line;
  }
  return '?';
}

export default {
  slug: 'write-it-yourself',
  title: 'Write it yourself',
  lead: 'A blank main, the requirements, and a page that runs your orchestrator against them.',
  blocks: [
    {
      html: `
<p>Every piece is on the table now: a <code>jobs</code> channel the workers range over, a
<code>results</code> channel they send on, a <code>sync.WaitGroup</code> that tells one
goroutine when to close <code>results</code>, and <code>main</code> collecting until it is
closed. This chapter has no figure to watch. You write the orchestrator.</p>
<p>The program below has the work — <code>process</code>, which prints each job it does — and
an empty <code>main</code>. Write <code>main</code> so that:</p>
<ul>
<li><code>numWorkers</code> worker goroutines receive the jobs <code>1</code> to
<code>numJobs</code> from a channel, and each job is processed exactly once;</li>
<li>each worker sends <code>process(j)</code> on a <code>results</code> channel;</li>
<li><code>results</code> is closed only after the last worker is done (and it is closed);</li>
<li><code>main</code> adds up the results and prints <code>sum: </code> and the total;</li>
<li>nothing deadlocks or panics, and no more than <code>numWorkers + 3</code> goroutines run
at once.</li>
</ul>
<p>Run it as often as you like: the figure shows your program's goroutines, and Go's own report
if it deadlocks. Then the page runs it again with other numbers — 40 jobs on 5 workers, one job
on 4 workers, no jobs at all — by changing the two <code>const</code> lines, and checks each
run from its output and its log. A case that fails is shown in the figure. Try it from memory
before you look back.</p>`,
    },
    {
      experiment: 'orchestrator',
      program: STARTER,
      editable: true,
      link: true,
      challenge: {
        id: 'every-case',
        text:
          'Write main so that the program meets every requirement above, in every case the ' +
          'page runs.',
        cases: CASES,
        prepare,
        caseName,
        check: (view, kase) => problemOf(view, kase) === null,
        near: (view, kase) => `${problemOf(view, kase)}.`,
        met: () => `Every case passed: ${CASES.map(caseName).join('; ')}. You wrote a worker pool.`,
        hint:
          'Start the workers before the jobs are sent, send the jobs from their own goroutine ' +
          '(main is busy collecting), and let one more goroutine wait on the WaitGroup and ' +
          'then close results.',
      },
    },
  ],
};
