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

/** The two programs of this chapter in Go: the same request handler, unbounded and pooled. */
const HANDLER = `package main

import (
	"fmt"
	"sync"
	"time"
)

// handle serves one request: it holds the request's 1 MiB while it waits on a slow backend.
func handle(req int) byte {
	data := make([]byte, 1<<20)
	data[0] = byte(req)
	time.Sleep(20 * time.Millisecond)
	return data[0]
}

`;

export const UNBOUNDED_GO = `${HANDLER}func main() {
	var wg sync.WaitGroup
	for req := range 400 {
		wg.Go(func() { handle(req) }) // a goroutine per request
	}
	wg.Wait()
	fmt.Println("served 400 requests")
}
`;

export const POOL_GO = `${HANDLER}func main() {
	var wg sync.WaitGroup
	requests := make(chan int)
	for range 8 { // a pool of eight workers
		wg.Go(func() {
			for req := range requests {
				handle(req)
			}
		})
	}
	for req := range 400 {
		requests <- req
	}
	close(requests)
	wg.Wait()
	fmt.Println("served 400 requests")
}
`;

export default {
  slug: 'why-a-pool',
  title: 'Why a pool?',
  lead: 'A goroutine per request is easy to write and easy to kill. Watch it die, then fix it.',
  blocks: [
    {
      html: `
<p>Goroutines are cheap, so the first version of a program that works through a stream of
requests — messages from a queue, URLs to fetch, files to convert — often starts one for each:
<code>go handle(r)</code>. Each costs little — a stack of at least 2 KiB, plus whatever the
request carries — but nothing in that line says <em>how many</em> may be alive at once. When
requests arrive faster than they finish, the count only grows.</p>
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
          `alive at once (${summary.jobs - summary.peakGoroutines} had finished meanwhile). ` +
          `Each held about 6 KiB (2 KiB of stack and the 4 KiB request), and 16 MiB ÷ 6 KiB is ` +
          `about 2,700: once arrivals outran completions long enough to pile up that many, the ` +
          `next one could not be given memory. The program does not slow down or refuse ` +
          `requests; the whole process dies. Go prints "fatal error: runtime: out of memory" ` +
          `when the operating system refuses it memory; in a container, the commoner ending is ` +
          `the kernel's OOM killer, which ends the process at once (exit status 137) with no ` +
          `message from Go at all. A GOMEMLIMIT makes the garbage collector work harder first, ` +
          `but it cannot free what live goroutines still hold.`,
      },
    },
    {
      html: `
<p>Memory is not the only thing a goroutine per request runs out of. Each open connection or
file takes a file descriptor, and past the process's limit every new one fails with "too many
open files" (Go raises its soft limit to the hard one when it starts, so this comes late, but it
comes); a database or the service you call usually runs out of connections well before that.
(<a href="../">The playground</a> runs the unbounded program live too, on your cores.)</p>
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
        check: ({ summary, config }) =>
          summary.jobs === config.jobs &&
          summary.results === config.jobs &&
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
          'Work out both limits before you try a number: how many requests a second does one ' +
          'worker serve, and how much memory does one busy worker hold?',
      },
    },
    {
      html: `
<p>The same two programs in Go, on poolsim's runtime and live on your cores where the page can
run threads (modeled where it cannot, and labelled either way). Each request holds 1 MiB while
it waits 20 ms on its backend; 400 arrive at once. With a goroutine per request all 400 are
alive together, asking for 400 MiB: poolsim stops a program past 256 MiB, standing in for the
memory limit of the container it would run in, where the kernel would kill it (exit status 137,
no word from Go). The pool of eight never holds more than eight requests' data, and serves all
400 in about a second: 400 ÷ 8 × 20 ms.</p>`,
    },
    {
      experiment: 'unbounded-go',
      program: UNBOUNDED_GO,
      driver: 'live',
    },
    {
      experiment: 'pool-go',
      program: POOL_GO,
      driver: 'live',
    },
  ],
};
