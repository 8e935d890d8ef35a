// Chapter 10: stopping a pool — a context's deadline reaching every worker, a job that does not
// watch it, and a producer left blocked for ever. The programs are Go source run on the engine
// (`<go-figure>`); their outputs were checked against Go 1.27 (tests/chapters/go-chapters.test.mjs
// runs them on the engine; the README says how they were recorded).

import { GoKind } from '../../www/model/go-run.js';

/** The pool of this chapter, with its job and its producer's send as given. */
export function stoppingPool({ job, send }) {
  return `package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func worker(ctx context.Context, id int, jobs <-chan int) {
	for {
		select {
		case <-ctx.Done():
			return
		case j, ok := <-jobs:
			if !ok {
				return
			}
${job}
		}
	}
}

func main() {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Millisecond)
	defer cancel()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Go(func() { worker(ctx, w, jobs) })
	}
	go func() {
${send}
	}()
	wg.Wait()
	fmt.Printf("stopped after %d ms: %v\\n", time.Since(start).Milliseconds(), ctx.Err())
}
`;
}

/** A job of 30 ms that does not watch ctx: `time.Sleep` cannot be interrupted. */
export const SLEEPING_JOB = `			time.Sleep(30 * time.Millisecond) // the job: it does not watch ctx
			fmt.Printf("worker %d finished job %d\\n", id, j)`;

/** A job of 30 ms that gives up when ctx is done. */
export const WATCHING_JOB = `			select {
			case <-time.After(30 * time.Millisecond): // the job, watching ctx
				fmt.Printf("worker %d finished job %d\\n", id, j)
			case <-ctx.Done():
				fmt.Printf("worker %d dropped job %d\\n", id, j)
				return
			}`;

/** A producer whose send also watches ctx, and closes jobs however it stops. */
export const WATCHING_SEND = `		defer close(jobs)
		for j := 1; j <= 20; j++ {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}`;

/** A producer whose send waits for a worker, however long that takes. */
export const BLIND_SEND = `		for j := 1; j <= 20; j++ {
			jobs <- j // does not watch ctx
		}
		close(jobs)`;

const finished = (stdout) => (stdout.match(/^worker \d+ finished job \d+$/gm) ?? []).length;

/** The goroutines other than main that had not returned when the program ended. */
export function leftBehind(run) {
  return run.stateAfter(run.length).goroutines.filter((g) => g.id !== 1 && g.state !== 'exited');
}

const ms = (ns) => Math.round(ns / 1e6);

/** When the first job finished, by the log: the time of the first "finished" output. */
function firstFinishNs(run, stdout) {
  const first = stdout.search(/^worker \d+ finished job/m);
  if (first < 0) return null;
  const bytes = new TextEncoder().encode(stdout.slice(0, first)).length;
  for (let i = 0; i < run.length; i++) {
    const e = run.event(i);
    if (e.kind === GoKind.OUTPUT && e.a > bytes) return e.atNs;
  }
  return null;
}

export default {
  slug: 'stopping',
  title: 'Stopping a pool',
  lead: 'A deadline has to reach every goroutine — and each of them has to be listening.',
  blocks: [
    {
      html: `
<p>Every pool so far ran until its jobs ran out. Real work is asked to stop sooner: the caller
gives up, a request's deadline passes, the server is shutting down. Go carries that news in a
<code>context.Context</code>. <code>ctx.Done()</code> is a channel that is closed — once, for
every goroutine watching it — when the context is cancelled or its deadline passes;
<code>ctx.Err()</code> then says which (<code>context.Canceled</code> or
<code>context.DeadlineExceeded</code>). <code>context.WithTimeout(parent, d)</code> makes a
context whose deadline is <code>d</code> from now, and the <code>cancel</code> it returns must
be called (deferred, here) to release its timer if the work ends first.</p>
<p>A worker listens by putting <code>&lt;-ctx.Done()</code> beside its receive in a
<code>select</code>, and the producer does the same beside its send. In this pool three workers
share 20 jobs of 30 ms each, and the context's deadline is at 45 ms. The program runs in
virtual time: the clock moves only when every goroutine sleeps or waits, so the times are
exact and the same every run.</p>`,
    },
    {
      experiment: 'deadline',
      program: stoppingPool({ job: SLEEPING_JOB, send: WATCHING_SEND }),
      predict: {
        question: 'The deadline is at 45 ms; each job takes 30 ms. How many jobs finish?',
        kind: 'number',
        unit: 'jobs',
        actual: ({ result }) => finished(result.stdout),
        explain: ({ result, run }) =>
          `Three jobs finished at 30 ms, and each worker took its next job before the ` +
          `deadline. At 45 ms ctx.Done() was closed, but nobody was looking at it: the workers ` +
          `were inside time.Sleep, which does not watch a context. They finished those jobs at ` +
          `60 ms, printed them, and only then saw that ctx was done. The pool stopped ` +
          `${ms(run.endNs) - 45} ms after its deadline, with ${finished(result.stdout)} jobs ` +
          `finished. Cancellation in Go is cooperative: a context tells, it never interrupts. ` +
          `A goroutine stops only where its code checks ctx.Done() or ctx.Err(), or calls ` +
          `something that does (net/http, database/sql and most blocking APIs take a ctx for ` +
          `exactly this).`,
      },
    },
    {
      html: `
<p>The producer's <code>select</code> is the part that is easy to leave out. With a plain
<code>jobs &lt;- j</code> it waits for a worker to take the job, for as long as that takes —
and once the workers have stopped, that is for ever. Here is the same pool with that one line
changed. (Its workers' <code>select</code> may find both a closed <code>ctx.Done()</code> and
a job waiting; Go then picks one at random, so a worker can take another job after the
deadline. Virtual time makes the same random choices every run, from a fixed seed.)</p>`,
    },
    {
      experiment: 'leak',
      program: stoppingPool({ job: SLEEPING_JOB, send: BLIND_SEND }),
      predict: {
        question:
          'The producer sends without watching ctx. What becomes of it after the workers stop?',
        kind: 'choice',
        choices: [
          { value: 'finishes', label: 'It sends the rest of the jobs, closes jobs and returns' },
          { value: 'leak', label: 'It stays blocked on its send for ever' },
          { value: 'deadlock', label: 'Go stops the program: all goroutines are asleep' },
          { value: 'panic', label: 'It panics: send on a closed channel' },
        ],
        actual: ({ result, run }) =>
          /deadlock/.test(result.stderr)
            ? 'deadlock'
            : /^panic:/m.test(result.stderr)
              ? 'panic'
              : leftBehind(run).some((g) => g.wait === 'chan send')
                ? 'leak'
                : 'finishes',
        explain: ({ run, result }) => {
          const [producer] = leftBehind(run);
          return (
            `When main returned (after ${ms(run.endNs)} ms, ${finished(result.stdout)} jobs ` +
            `finished) goroutine ${producer?.id} was still blocked on its send at line ` +
            `${producer?.line} — its lane ends blocked. Go reported nothing: it reports a ` +
            `deadlock only when every goroutine is blocked, and main was not; here main simply ` +
            `returned and the program ended. In a server that runs such a pool for each ` +
            `request, main never returns: every request leaves one goroutine behind for good, ` +
            `with its stack and whatever it references, and the program's memory grows until ` +
            `it is restarted. A test finds it: go.uber.org/goleak fails a test that leaves ` +
            `goroutines running, and a goroutine profile (net/http/pprof) of a live server ` +
            `shows thousands parked on the same line.`
          );
        },
      },
    },
    {
      html: `
<p>So both halves matter: every goroutine that can wait must also watch the context, and the
work itself must stop when asked — a job that sleeps, reads or computes for a long time needs
a <code>select</code> on <code>ctx.Done()</code> (or a <code>ctx</code> passed into what it
calls, or a check of <code>ctx.Err()</code> between steps of a loop). A worker that gives up a
job should say so, so its caller knows which jobs never finished.</p>`,
    },
    {
      experiment: 'stop-in-time',
      program: stoppingPool({ job: SLEEPING_JOB, send: WATCHING_SEND }),
      editable: true,
      challenge: {
        id: 'stop-within-10ms',
        text:
          'Edit the program so the pool stops within 10 ms of its 45 ms deadline, with no ' +
          'goroutine left behind — keeping the deadline and 30 ms jobs — and run it.',
        check: ({ result, run }) => {
          const first = firstFinishNs(run, result.stdout);
          return (
            result.exitCode === 0 &&
            /context deadline exceeded/.test(result.stdout) &&
            first !== null &&
            first >= 30e6 &&
            run.endNs >= 45e6 &&
            run.endNs <= 55e6 &&
            leftBehind(run).length === 0
          );
        },
        met: ({ run, result }) =>
          `Stopped at ${ms(run.endNs)} ms with ${finished(result.stdout)} jobs finished and ` +
          `no goroutine left behind.`,
        near: ({ result, run }) => {
          const first = firstFinishNs(run, result.stdout);
          if (result.exitCode !== 0) return `the program exited with status ${result.exitCode}.`;
          if (!/context deadline exceeded/.test(result.stdout)) {
            return 'the program must still stop at its deadline (ctx.Err() printed as "context deadline exceeded").';
          }
          if (first === null || first < 30e6) {
            return 'the jobs must still take 30 ms: it is the stopping that has to change.';
          }
          const left = leftBehind(run);
          if (left.length > 0) {
            return `goroutine ${left[0].id} was left behind, at line ${left[0].line}.`;
          }
          return `the pool stopped at ${ms(run.endNs)} ms, ${ms(run.endNs) - 45} ms after its deadline.`;
        },
        hint:
          'At 45 ms, where is each worker, and what would have to be watching ctx.Done() ' +
          'there for it to notice?',
      },
    },
  ],
};
