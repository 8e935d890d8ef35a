// The chapters on Go source, against the engine (the single-threaded build, in Node, virtual
// time as the pages run them): each question's answer is what the program really does, and each
// challenge is met by the program reasoning leads to and not by the edits that dodge it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGo } from '../../target/pkg-st/poolsim.js';
import './engine.mjs'; // initialises the wasm
import { GoRun } from '../../www/model/go-run.js';
import { experiment } from './engine.mjs';
import stopping, {
  stoppingPool,
  SLEEPING_JOB,
  WATCHING_JOB,
  WATCHING_SEND,
  BLIND_SEND,
  leftBehind,
} from '../../tutorial/chapters/10-stopping.js';
import { withMain, ORCHESTRATOR, SEMAPHORE, SET_LIMIT, SEMAPHORE_INSIDE } from './solutions.mjs';
import errorsAndErrgroup, { UNBOUNDED } from '../../tutorial/chapters/11-errors-and-errgroup.js';
import orderAndPanics, { orderPool } from '../../tutorial/chapters/12-order-and-panics.js';
import writeItYourself, {
  STARTER,
  CASES,
  prepare,
  problemOf,
  caseName,
} from '../../tutorial/chapters/13-write-it-yourself.js';

/** `program` run as a `<go-figure>` runs it: `{result, run}`, what a chapter's checks read. */
function view(program) {
  const result = runGo(program, {});
  return { result, run: new GoRun(result) };
}

/** A question's answer and explanation for the experiment's own program. */
function answer(chapter, name) {
  const block = experiment(chapter, name);
  const v = view(block.program);
  const actual = block.predict.actual(v);
  return { actual, why: block.predict.explain({ ...v, actual }), ...v };
}

function challenge(chapter, name, program) {
  const { challenge: c } = experiment(chapter, name);
  const v = view(program);
  return { met: c.check(v), near: c.near(v), said: c.check(v) ? c.met(v) : null, ...v };
}

test('chapter 10: six jobs finish — three were asleep at the deadline and ran on to 60 ms', () => {
  const { actual, why, result } = answer(stopping, 'deadline');
  assert.equal(actual, 6);
  assert.match(result.stdout, /^stopped after 60 ms: context deadline exceeded$/m);
  assert.match(why, /stopped 15 ms after its deadline, with 6 jobs finished/);
});

test('chapter 10: a producer that does not watch ctx is left blocked when main returns', () => {
  const { actual, why, run } = answer(stopping, 'leak');
  assert.equal(actual, 'leak');
  const [producer, ...others] = leftBehind(run);
  assert.deepEqual(others, []);
  assert.equal(producer.wait, 'chan send');
  assert.match(
    why,
    new RegExp(`goroutine ${producer.id} was still blocked on its send at line ${producer.line}`),
  );
  // The line is the send's, in the program as the page shows it.
  const line = experiment(stopping, 'leak').program.split('\n')[producer.line - 1];
  assert.match(line, /jobs <- j \/\/ does not watch ctx/);
});

test('chapter 10: the pool stops in time only when the job watches ctx, and leaves nobody', () => {
  const start = challenge(stopping, 'stop-in-time', experiment(stopping, 'stop-in-time').program);
  assert.equal(start.met, false);
  assert.equal(start.near, 'the pool stopped at 60 ms, 15 ms after its deadline.');
  const fixed = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: WATCHING_SEND }),
  );
  assert.equal(fixed.met, true, fixed.near);
  assert.equal(fixed.said, 'Stopped at 45 ms with 3 jobs finished and no goroutine left behind.');
  assert.match(fixed.result.stdout, /^worker \d dropped job \d$/m);
  // Stopping in time but leaving the producer behind does not do.
  const leaky = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: BLIND_SEND }),
  );
  assert.equal(leaky.met, false);
  assert.match(leaky.near, /^goroutine \d+ was left behind, at line \d+\.$/);
  // Shorter jobs, or no deadline, dodge the question: neither meets it.
  const shorter = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: SLEEPING_JOB.replace('30 *', '15 *'), send: WATCHING_SEND }),
  );
  assert.equal(shorter.met, false);
  assert.match(shorter.near, /must still take 30 ms/);
  const noDeadline = challenge(
    stopping,
    'stop-in-time',
    stoppingPool({ job: WATCHING_JOB, send: WATCHING_SEND }).replace(
      '45*time.Millisecond',
      '45*time.Second',
    ),
  );
  assert.equal(noDeadline.met, false);
  assert.match(noDeadline.near, /must still stop at its deadline/);
});

/** The first case a program fails, and why; null when it passes every case. */
function firstFailure(source) {
  for (const kase of CASES) {
    const program = prepare(source, kase);
    if (program instanceof Error) return program.message;
    let ran;
    try {
      ran = view(program);
    } catch (error) {
      return `${caseName(kase)}: does not compile: ${error.message}`;
    }
    const problem = problemOf(ran, kase);
    if (problem) return `${caseName(kase)}: ${problem}`;
  }
  return null;
}

test('chapter 13: the orchestrator passes every case; the starter does not', () => {
  assert.equal(firstFailure(ORCHESTRATOR), null);
  assert.equal(firstFailure(STARTER), '10 jobs, 3 workers: job 1 was processed never');
  const c = experiment(writeItYourself, 'orchestrator').challenge;
  assert.deepEqual(c.cases, CASES);
  assert.match(
    c.met(),
    /^Every case passed: 10 jobs, 3 workers; 40 jobs, 5 workers; 1 job, 4 workers; 0 jobs, 2 workers\./,
  );
});

test('chapter 13: each classic mistake fails a case, and the page says which and why', () => {
  const mistakes = {
    // wg.Wait() in main before collecting: the workers block on results, nobody reads.
    'wait before collecting': [
      ORCHESTRATOR.replace(
        '\tgo func() {\n\t\twg.Wait()\n\t\tclose(results)\n\t}()\n',
        '\twg.Wait()\n\tclose(results)\n',
      ),
      /^10 jobs, 3 workers: it ended with "fatal error: all goroutines are asleep - deadlock!"$/,
    ],
    // No wait at all: results closed at once.
    'close at once': [
      ORCHESTRATOR.replace('\t\twg.Wait()\n\t\tclose(results)', '\t\tclose(results)'),
      /^10 jobs, 3 workers: it ended with "panic: send on closed channel"$|processed never/,
    ],
    // A goroutine per job: no pool.
    'a goroutine per job': [
      withMain(`	var wg sync.WaitGroup // (unused: no pool)
	_ = wg
	results := make(chan int)
	for j := 1; j <= numJobs; j++ {
		go func() { results <- process(j) }()
	}
	sum := 0
	for range numJobs {
		sum += <-results
	}
	fmt.Println("sum:", sum)`),
      /^10 jobs, 3 workers: 10 goroutines called process; at most 3 workers may$/,
    ],
    // Counting results instead of closing the channel.
    'results never closed': [
      ORCHESTRATOR.replace('\tgo func() {\n\t\twg.Wait()\n\t\tclose(results)\n\t}()\n', '').replace(
        '\tfor r := range results {\n\t\tsum += r\n\t}',
        '\tfor range numJobs {\n\t\tsum += <-results\n\t}',
      ),
      /^10 jobs, 3 workers: the results channel \(made at line 20\) was never closed$/,
    ],
    // main does the work itself.
    'no workers': [
      withMain(`	var wg sync.WaitGroup // (unused: no pool)
	_ = wg
	sum := 0
	for j := 1; j <= numJobs; j++ {
		sum += process(j)
	}
	fmt.Println("sum:", sum)`),
      /^10 jobs, 3 workers: main called process itself: the workers are to$/,
    ],
    // The numbers written in, not read from the constants.
    'constants removed': [
      ORCHESTRATOR.replace('const numWorkers = 3\n', ''),
      /^keep the lines "const numJobs = …" and "const numWorkers = …"/,
    ],
    // Off by one: the last job never sent.
    'last job dropped': [
      ORCHESTRATOR.replace(
        'j <= numJobs; j++ {\n\t\t\tjobs <- j',
        'j < numJobs; j++ {\n\t\t\tjobs <- j',
      ),
      /^10 jobs, 3 workers: job 10 was processed never$/,
    ],
  };
  for (const [name, [source, expected]] of Object.entries(mistakes)) {
    assert.notEqual(source, ORCHESTRATOR, `${name}: the mistake was not made`);
    assert.match(String(firstFailure(source)), expected, name);
  }
});

test('chapter 12: results come back in finishing order and are printed in input order', () => {
  const { actual, why, result } = answer(orderAndPanics, 'order');
  assert.equal(actual, 'input');
  assert.match(why, /^The results arrived as 1, 2, 0, 4, 5, 3, 7, 6 /);
  assert.match(
    result.stdout,
    /^0: alph\n1: brav\n2: char\n3: delt\n4: echo\n5: foxt\n6: golf\n7: hote\n$/m,
  );
});

test('chapter 12: one job’s panic ends the program; recovered per job, the pool survives it', () => {
  const { actual, why, result } = answer(orderAndPanics, 'panic');
  assert.equal(actual, 'program');
  assert.equal(result.exitCode, 2);
  assert.match(
    why,
    /^At 38 ms the program died: "panic: runtime error: slice bounds out of range \[:4\] with length 1", exit status 2, after 4 results/,
  );
  const { challenge: c, program } = experiment(orderAndPanics, 'recover');
  assert.equal(c.check(view(program)), false);
  assert.equal(c.near(view(program)), 'the program still dies of the panic.');
  const fixed = view(orderPool({ recovered: true }));
  assert.equal(c.check(fixed), true, c.near(fixed));
  // Dodges: a good input instead of the bad one, or a recover that loses the message.
  const good = view(orderPool({ bad: false, recovered: true }));
  assert.match(c.near(good), /^line 5 is "foxt": job 5 is to report the panic's message/);
  const vague = view(
    orderPool({ recovered: true }).replace(
      'fmt.Errorf("job %d panicked: %v", i, p)',
      'fmt.Errorf("job %d failed", i)',
    ),
  );
  assert.match(c.near(vague), /^line 5 is "error: job 5 failed"/);
  // A recover in main cannot catch a worker's panic.
  const inMain = view(
    orderPool().replace('func main() {\n', 'func main() {\n\tdefer func() { recover() }()\n'),
  );
  assert.equal(c.near(inMain), 'the program still dies of the panic.');
});

test('chapter 11: the first error cancels the rest — two jobs finish', () => {
  const { actual, why, result } = answer(errorsAndErrgroup, 'first-error');
  assert.equal(actual, 2);
  assert.match(result.stdout, /^g\.Wait\(\): job 3: connection refused$/m);
  assert.equal((result.stdout.match(/stopped: context canceled/g) ?? []).length, 5);
  assert.match(why, /^Jobs 1 and 2 finished before 30 ms/);
});

test('chapter 11: a semaphore or SetLimit before the go statement bounds the goroutines', () => {
  const { challenge: c, program } = experiment(errorsAndErrgroup, 'three-at-a-time');
  const near = (source) => {
    const v = view(source);
    return c.check(v) ? null : c.near(v);
  };
  assert.match(near(program), /^13 goroutines were alive at once/);
  assert.equal(near(SEMAPHORE), null);
  assert.equal(near(SET_LIMIT), null);
  assert.equal(c.met(view(SEMAPHORE)), 'Twelve goroutines, at most 3 at once, 40 ms.');
  // Waiting inside the goroutine bounds the work, not the goroutines.
  assert.match(near(SEMAPHORE_INSIDE), /^13 goroutines were alive at once/);
  // One place: bounded, and four times slower.
  assert.equal(
    near(SEMAPHORE.replace('make(chan struct{}, 3)', 'make(chan struct{}, 1)')),
    'the 12 jobs took 120 ms; three at a time, they take 40.',
  );
  // A pool of three workers is bounded too, but it is a pool.
  const pool = UNBOUNDED.replace(
    '\tfor id := 1; id <= 12; id++ {\n\t\twg.Go(func() { job(id) })\n\t}',
    '\tids := make(chan int)\n\tfor w := 0; w < 3; w++ {\n\t\twg.Go(func() {\n\t\t\tfor id := range ids {\n\t\t\t\tjob(id)\n\t\t\t}\n\t\t})\n\t}\n\tfor id := 1; id <= 12; id++ {\n\t\tids <- id\n\t}\n\tclose(ids)',
  );
  assert.match(near(pool), /^3 goroutines besides main ran the 12 jobs: that is a pool/);
});
