// Chapter 5: the WaitGroup tells the closer when every worker is done; the two ways to get the
// shutdown wrong.

const SMALL = {
  driver: 'sim',
  workers: 3,
  jobs: 20,
  service: { kind: 'constant', meanMs: 5 },
  seed: 1,
  cores: 4,
};

/** Whether results was closed only after every worker had left (the model's log is causal). */
const closedAfterWorkers = (log) => log.closedAt('results') > log.last('WorkerExited');

export default {
  slug: 'wait-groups',
  title: 'WaitGroups',
  lead: 'Who closes results, and when: the counter that makes shutdown safe.',
  blocks: [
    {
      html: `
<p>Fan-in leaves a question. The collector ranges over <code>results</code> until it is closed,
so someone must close it — but only after the last worker has sent its last result, because
sending on a closed channel panics. No single worker knows when the others are finished.</p>
<p>A <code>sync.WaitGroup</code> is a counter for exactly this. Before starting each worker,
<code>wg.Add(1)</code>; as each worker returns, <code>wg.Done()</code> (usually deferred, so it
runs however the worker exits); and one extra goroutine calls <code>wg.Wait()</code>, which
blocks until the counter is back to zero, then closes <code>results</code>. The diagram shows
the counter; the code shows the closer parked on <code>wg.Wait()</code>.</p>
<p>What if that extra goroutine skipped the wait and closed <code>results</code> straight
away? This run makes that mistake (modeled, so it happens the same way every time).</p>`,
    },
    {
      experiment: 'early-close',
      config: { ...SMALL, mistake: 'closeResultsEarly' },
      views: 'diagram code',
      predict: {
        question: 'The closer closes results without wg.Wait(). What happens?',
        kind: 'choice',
        choices: [
          { value: 'same', label: 'Nothing visible: every result is still collected' },
          { value: 'lost', label: 'main stops collecting at once, and results are lost' },
          { value: 'deadlock', label: 'Everything waits forever: a deadlock' },
          { value: 'panic', label: 'A worker panics: send on closed channel' },
        ],
        actual: ({ summary }) =>
          summary.deadlock?.message.startsWith('panic:')
            ? 'panic'
            : summary.deadlock
              ? 'deadlock'
              : summary.results < summary.jobs
                ? 'lost'
                : 'same',
        explain: ({ summary }) =>
          `${summary.results} of ${summary.jobs} results were collected. The closer ran before ` +
          `any worker had finished a job, so main's range over results ended immediately; ` +
          `main returned, and a Go program ends when main returns — the workers were stopped ` +
          `mid-job, their results never delivered. No error, no panic: just missing output. ` +
          `A panic needs different timing: a worker that finishes a job after the close but ` +
          `before main has returned sends on a closed channel, and the program dies with ` +
          `"panic: send on closed channel". In real Go which of the two happens is a race — ` +
          `it can differ from run to run; the simulator makes it the same every time. The ` +
          `race detector (go test -race) reports a send and a close that nothing orders, in ` +
          `any run that exercises them; a WaitGroup is what orders them.`,
      },
    },
    {
      html: `
<p>The other end can break too. If the producer forgets <code>close(jobs)</code>, every
worker's <code>range</code> waits for a next job that never comes, so no worker returns, the
counter never reaches zero, and the closer waits forever on <code>wg.Wait()</code>. When every
goroutine is blocked, Go's runtime notices and stops the program with its own report — the
figure shows it, goroutine by goroutine.</p>
<p>Do not count on that report. Go prints it only when <em>nothing</em> could ever run again: a
pending timer, a goroutine waiting on the network or in a system call, keeps it silent. A
server always has a listener waiting, so there the same mistake is a silent hang, and a pile of
goroutines that never exit. Tests find it: <code>testing/synctest</code> (Go 1.25) reports a
deadlock inside its bubble, and goleak or a goroutine profile shows what never exited.</p>`,
    },
    {
      experiment: 'never-closed',
      config: { ...SMALL, mistake: 'neverCloseJobs' },
      views: 'diagram code',
    },
    {
      html: `
<p>So the wait must happen, and somewhere it cannot hold anything up. There are three
tempting places for <code>wg.Wait()</code>: in a goroutine of its own that then closes
<code>results</code>; in <code>main</code> before it starts collecting; or in <code>main</code>
after its <code>range results</code>. Only one of them both waits for every worker and lets the
results be read while the workers finish. (Here each channel holds 5 values: a real pool's
buffers hold far fewer values than it has jobs.)</p>
<p>Where <code>wg.Add(1)</code> goes matters too: before the <code>go</code> statement, never
inside the new goroutine, or <code>wg.Wait()</code> can run before a worker has counted
itself. <code>go vet</code> reports that one ("WaitGroup.Add called from inside new
goroutine"). Since Go 1.25, <code>wg.Go(func() { … })</code> does the Add, the
<code>go</code> and the deferred Done in one call, and since Go 1.22 each loop iteration has its
own <code>w</code>, so <code>for w := 1; w &lt;= 3; w++ { wg.Go(func() { worker(w, jobs,
results) }) }</code> is correct as written.</p>`,
    },
    {
      experiment: 'place-the-wait',
      config: { ...SMALL, jobsBuffer: 5, resultsBuffer: 5, mistake: 'closeResultsEarly' },
      views: 'diagram code',
      fields: 'mistake',
      challenge: {
        id: 'clean-shutdown',
        text:
          'This program has no wg.Wait() at all. Put it where it belongs — every result ' +
          'collected, and results closed only after the last worker called wg.Done() — and ' +
          'run it.',
        check: ({ summary, log, config }) =>
          !summary.deadlock &&
          config.resultsBuffer < config.jobs &&
          summary.results === config.jobs &&
          summary.jobs === config.jobs &&
          closedAfterWorkers(log),
        met: ({ summary }) =>
          `Clean: ${summary.results} of ${summary.jobs} results, and results closed after ` +
          `every worker was done.`,
        near: ({ summary, config }) =>
          summary.deadlock
            ? `this run ended in "${summary.deadlock.message}".`
            : `${summary.results} of ${config.jobs} results were collected.`,
        hint:
          'Ask of each place: while main waits there, who reads results? And once it stops ' +
          'waiting, can any worker still send?',
      },
    },
  ],
};
