// Chapter 11: errors and errgroup — the first error cancelling the rest through the context
// errgroup.WithContext gives, and a goroutine per job bounded without a pool (a semaphore
// from a buffered channel, or errgroup's SetLimit). The programs' outputs were checked against
// Go 1.27 with golang.org/x/sync (lines at the same instant may come in another order there).

/** Eight jobs in an errgroup: job n takes n × 10 ms, and job 3 fails. */
export const FIRST_ERROR = `package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

// fetch is a job: job n takes n × 10 ms, unless ctx is cancelled first; job 3 fails.
func fetch(ctx context.Context, n int) error {
	select {
	case <-time.After(time.Duration(n) * 10 * time.Millisecond):
	case <-ctx.Done():
		fmt.Printf("job %d stopped: %v\\n", n, ctx.Err())
		return ctx.Err()
	}
	if n == 3 {
		return errors.New("job 3: connection refused")
	}
	fmt.Printf("job %d done\\n", n)
	return nil
}

func main() {
	g, ctx := errgroup.WithContext(context.Background())
	for n := 1; n <= 8; n++ {
		g.Go(func() error { return fetch(ctx, n) })
	}
	err := g.Wait()
	fmt.Println("g.Wait():", err)
}
`;

/** Twelve jobs of 10 ms, a goroutine each, none bounded. */
export const UNBOUNDED = `package main

import (
	"fmt"
	"sync"
	"time"
)

// job is one piece of work: 10 ms of waiting (a request, a query).
func job(id int) {
	time.Sleep(10 * time.Millisecond)
	fmt.Println("job", id, "done")
}

func main() {
	start := time.Now()
	var wg sync.WaitGroup
	for id := 1; id <= 12; id++ {
		wg.Go(func() { job(id) })
	}
	wg.Wait()
	fmt.Printf("12 jobs in %d ms\\n", time.Since(start).Milliseconds())
}
`;

const done = (stdout) => [...stdout.matchAll(/^job (\d+) done$/gm)].map((m) => Number(m[1]));
const ms = (ns) => Math.round(ns / 1e6);

/** What keeps a program from bounding its goroutines as the challenge asks, or null. */
export function boundProblem({ result, run }) {
  if (result.stderr) return `it ended with "${result.stderr.split('\n')[0]}"`;
  if (result.exitCode !== 0) return `it exited with status ${result.exitCode}`;
  const jobs = done(result.stdout).sort((a, b) => a - b);
  if (jobs.join() !== '1,2,3,4,5,6,7,8,9,10,11,12') {
    return 'every job 1 to 12 is to print "job N done" once';
  }
  const others = run.lanes().lanes.length - 1;
  if (others < 12) {
    return (
      `${others} goroutines besides main ran the 12 jobs: that is a pool; here each job is to ` +
      `have a goroutine of its own, and the bound is on how many exist at once`
    );
  }
  if (result.peakGoroutines > 4) {
    return (
      `${result.peakGoroutines} goroutines were alive at once (main and ` +
      `${result.peakGoroutines - 1} more); at most 3 jobs' goroutines may be — one waiting for ` +
      `its turn still exists, and still holds its stack`
    );
  }
  if (run.endNs > 40e6)
    return `the 12 jobs took ${ms(run.endNs)} ms; three at a time, they take 40`;
  return null;
}

export default {
  slug: 'errors-and-errgroup',
  title: 'Errors and errgroup',
  lead: 'When the first error makes the rest pointless, and how to bound goroutines without a pool.',
  blocks: [
    {
      html: `
<p>A job that fails is a result too. The plain way is errors as values: the result carries an
<code>err</code>, the collector looks at each one, and every job runs to its end whatever the
others did. That is right when each job stands alone — a batch of emails, a directory of
thumbnails. When the jobs are parts of one answer — the pieces of a page, the shards of a
query — the first failure makes the rest wasted work.</p>
<p><code>errgroup</code> (the module <code>golang.org/x/sync</code>, kept by the Go team but
outside the standard library) is made for that case. <code>g.Go(f)</code> runs <code>f</code>
in a new goroutine; <code>g.Wait()</code> waits for all of them and returns the first
non-nil error any returned. Made with <code>errgroup.WithContext</code>, the group also
cancels its context as soon as one function returns an error, so jobs that watch
<code>ctx.Done()</code> stop early. Here eight jobs start at once; job <code>n</code> takes
<code>n</code> × 10 ms, and job 3 fails.</p>`,
    },
    {
      experiment: 'first-error',
      program: FIRST_ERROR,
      predict: {
        question: 'Job 3 fails at 30 ms. How many of the eight jobs print "done"?',
        kind: 'number',
        unit: 'jobs',
        actual: ({ result }) => done(result.stdout).length,
        explain: ({ result }) =>
          `Jobs ${done(result.stdout).join(' and ')} finished before 30 ms. Then job 3 ` +
          `returned its error, the group cancelled ctx, and jobs 4 to 8 — each waiting in a ` +
          `select on ctx.Done() — stopped at that same instant with "context canceled". ` +
          `g.Wait() returned once all eight had returned, with the first error: ` +
          `"${/^g\.Wait\(\): (.*)$/m.exec(result.stdout)?.[1]}". The cancelled jobs' own errors ` +
          `are dropped; only the first is kept. A job that does not watch ctx would have run ` +
          `on to its end, as in the chapter on stopping a pool.`,
      },
    },
    {
      html: `
<p>A pool is one way to bound how much runs at once. With a goroutine per job there are two
others, each a line or two. A buffered channel is a semaphore: its capacity is the number of
places, a send takes a place (and waits while none is free), a receive gives it back. And
<code>g.SetLimit(n)</code> makes an errgroup's <code>g.Go</code> wait while <code>n</code> of
its goroutines are running. Either way, where the wait happens matters: before the
<code>go</code> statement, at most <code>n</code> goroutines exist; inside the goroutine, all of
them are started at once and wait inside — bounded work, unbounded goroutines, each with its
stack.</p>
<p>This program starts a goroutine for each of its twelve 10 ms jobs, with no bound at all.</p>`,
    },
    {
      experiment: 'three-at-a-time',
      program: UNBOUNDED,
      editable: true,
      challenge: {
        id: 'bound-without-a-pool',
        text:
          'Keep a goroutine per job, and change the program so that at most three jobs’ ' +
          'goroutines exist at once — with a semaphore or SetLimit — and the twelve jobs still ' +
          'finish in the 40 ms that three at a time take.',
        check: (view) => boundProblem(view) === null,
        met: ({ result, run }) =>
          `Twelve goroutines, at most ${result.peakGoroutines - 1} at once, ${ms(run.endNs)} ms.`,
        near: (view) => `${boundProblem(view)}.`,
        hint:
          'Which statement must wait for a free place so that the goroutine is never made ' +
          'until it can run — and where is the place given back?',
      },
    },
  ],
};
