// The Go program a run corresponds to: the seed's orchestrator with the run's numbers filled in,
// and where in it each goroutine is for a given pipeline state.

const WORK = {
  double: () => ({ body: ['results <- j * 2'], imports: [] }),
  cpu: (work) => ({
    body: [`results <- cpuWork(j, ${work.iterations})`],
    imports: [],
    helper: [
      '',
      '// cpuWork stands in for CPU-bound work; poolsim runs the same mix in Rust,',
      '// yielding its P every 4,096 rounds (wasm has no signals for Go-style preemption).',
      'func cpuWork(j, iterations int) int {',
      '\tx := uint64(j) ^ 0x9E3779B97F4A7C15',
      '\tfor i := 0; i < iterations; i++ {',
      '\t\tx = x*0x5851F42D4C957F2D + 0x14057B7EF767814F',
      '\t\tx ^= x >> 29',
      '\t}',
      '\treturn int(x >> 40)',
      '}',
    ],
  }),
  io: (work) => ({
    body: [
      `time.Sleep(${work.waitMs} * time.Millisecond) // waits like a network call`,
      'results <- j',
    ],
    imports: ['"time"'],
  }),
};

/** `ms` milliseconds as a Go duration expression. */
const millis = (ms) =>
  Number.isInteger(ms)
    ? `${ms} * time.Millisecond`
    : `time.Duration(${ms} * float64(time.Millisecond))`;

/** A simulated run's service time as Go: a sleep (I/O) or a busy loop of that length (CPU). */
function simWork(config) {
  const s = config.service;
  const mean = `${s.meanMs} * float64(time.Millisecond)`;
  const draw = {
    constant: mean,
    exponential: `rand.ExpFloat64() * ${mean}`,
    uniform: `(${s.meanMs - (s.spreadMs ?? 0)} + rand.Float64()*${2 * (s.spreadMs ?? 0)}) * float64(time.Millisecond)`,
    lognormal: `math.Exp(math.Log(${s.meanMs})-${s.sigma ** 2 / 2}+${s.sigma}*rand.NormFloat64()) * float64(time.Millisecond)`,
  }[s.kind];
  const imports = ['"time"', ...(s.kind === 'constant' ? [] : ['"math/rand"'])];
  if (s.kind === 'lognormal') imports.push('"math"');
  // The value a job comes back as is the run's `work` (the seed's `j * 2` unless another is
  // chosen), as the engine sums it; the service time is the sleep or spin before it.
  const work = config.work ?? { kind: 'double' };
  const value =
    work.kind === 'io' ? 'j' : work.kind === 'cpu' ? `cpuWork(j, ${work.iterations})` : 'j * 2';
  const body =
    config.jobClass === 'io'
      ? [`time.Sleep(time.Duration(${draw})) // an I/O wait: no core needed`, `results <- ${value}`]
      : [`spin(time.Duration(${draw})) // CPU-bound: holds a core`, `results <- ${value}`];
  const valueHelper = work.kind === 'cpu' ? WORK.cpu(work).helper : [];
  const helper =
    config.jobClass === 'io'
      ? valueHelper
      : [
          ...valueHelper,
          '',
          'func spin(d time.Duration) {',
          '\tfor end := time.Now().Add(d); time.Now().Before(end); {',
          '\t}',
          '}',
        ];
  return { body, imports, helper };
}

/**
 * The producer's loop. Paced arrivals are open-loop, as the engine's are: each job is due at a
 * time fixed by the arrival process (`next`), not a gap after the previous send, so a producer
 * that was blocked catches up instead of shifting every later arrival.
 */
function producerLoop(config) {
  const a = config.arrival ?? { kind: 'closed' };
  const send = [];
  if (a.kind === 'poisson' || a.kind === 'constant') send.push('next := time.Now()');
  send.push(`for j := 1; j <= ${config.jobs}; j++ {`);
  if (a.kind === 'poisson') {
    send.push(
      `\tnext = next.Add(time.Duration(rand.ExpFloat64() * float64(time.Second) / ${a.ratePerSec}))`,
    );
    send.push('\ttime.Sleep(time.Until(next)) // job j is due at next');
  } else if (a.kind === 'constant') {
    send.push('\ttime.Sleep(time.Until(next)) // job j is due at next');
    // A whole rate divides a Duration as it is; a fractional one needs float arithmetic.
    const gap = Number.isInteger(a.ratePerSec)
      ? `time.Second / ${a.ratePerSec}`
      : `time.Duration(float64(time.Second) / ${a.ratePerSec})`;
    send.push(`\tnext = next.Add(${gap}) // paced: ${a.ratePerSec} jobs/s`);
  } else if (a.kind === 'burst') {
    send.push(`\tif j > 1 && (j-1)%${a.size} == 0 {`);
    send.push(`\t\ttime.Sleep(${a.everyMs} * time.Millisecond) // bursts of ${a.size}`);
    send.push('\t}');
  }
  return { lines: send, paced: a.kind !== 'closed', random: a.kind === 'poisson' };
}

/** The producer's send, by policy: Go's plain send, or a `select`. */
function sendLines(config) {
  const p = config.policy ?? { kind: 'block' };
  if (p.kind === 'drop') {
    return [
      '\t\t\tselect {',
      '\t\t\tcase jobs <- j:',
      '\t\t\tdefault: // jobs is full: drop',
      '\t\t\t}',
    ];
  }
  if (p.kind === 'timeout') {
    return [
      '\t\t\tselect {',
      '\t\t\tcase jobs <- j:',
      `\t\t\tcase <-time.After(${millis(p.timeoutMs)}): // waited too long: drop`,
      '\t\t\t}',
    ];
  }
  return ['\t\t\tjobs <- j'];
}

/**
 * The program as lines, and `at`: which line each role is on, by name (`workerRange`,
 * `workerSend`, `workerDone`, `producerSend`, `producerClose`, `closerWait`, `closerClose`,
 * `collectorRange`).
 */
export function goProgram(config) {
  const sim = config.driver === 'sim';
  const work = sim ? simWork(config) : WORK[config.work.kind](config.work);
  const producer = producerLoop(config);
  const imports = new Set(['"fmt"', '"sync"', ...work.imports]);
  const policy = config.policy?.kind ?? 'block';
  const pause = config.collectorPauseMs > 0;
  if (producer.paced || policy === 'timeout' || config.collectorDelayMs > 0 || pause)
    imports.add('"time"');
  if (producer.random) imports.add('"math/rand"');
  const lines = [];
  const at = {};
  const add = (text, name) => {
    if (name) at[name] = lines.length;
    lines.push(text);
  };
  add('package main');
  add('');
  add('import (');
  for (const i of [...imports].sort()) add(`\t${i}`);
  add(')');
  add('');
  const unbounded = config.mode === 'unbounded';
  if (!unbounded) {
    add('func worker(id int, jobs <-chan int, results chan<- int) {');
    add('\tfor j := range jobs {', 'workerRange');
    work.body.forEach((line, i) =>
      add(`\t\t${line}`, i === work.body.length - 1 ? 'workerSend' : 'workerWork'),
    );
    add('\t}');
    add('}');
  }
  for (const line of work.helper ?? []) add(line);
  add('');
  add('func main() {');
  // An unbuffered channel is written as Go programmers write it: no capacity at all.
  const chan = (cap) => (cap === 0 ? 'make(chan int)' : `make(chan int, ${cap})`);
  if (!unbounded) add(`\tjobs := ${chan(config.jobsBuffer)}`);
  add(`\tresults := ${chan(config.resultsBuffer)}`);
  add('\tvar wg sync.WaitGroup');
  add('');
  // A built-in mistake (simulated runs) changes the program the way the mistake would.
  const mistake = config.mistake;
  if (!unbounded) {
    // Since Go 1.22 each iteration has its own w, so the closure may use it directly.
    add(`\tfor w := 1; w <= ${config.workers}; w++ {`);
    if (mistake === 'addInsideGoroutine') {
      add('\t\tgo func() {');
      add('\t\t\twg.Add(1) // too late: wg.Wait() may already have returned');
    } else {
      add('\t\twg.Add(1)');
      add('\t\tgo func() {');
    }
    add('\t\t\tdefer wg.Done()', 'workerDone');
    add('\t\t\tworker(w, jobs, results)');
    add('\t\t}()');
    add('\t}');
    add('');
  }
  const inline = mistake === 'collectAfterSubmit';
  const producerBody = (indent) => {
    producer.lines.forEach((line) => add(`${indent}${line}`));
    if (unbounded) {
      // No pool: a goroutine per job, however many arrive.
      add(`${indent}\twg.Add(1)`, 'producerSend');
      add(`${indent}\tgo func(j int) {`);
      add(`${indent}\t\tdefer wg.Done()`, 'workerDone');
      work.body.forEach((line, i) =>
        add(`${indent}\t\t${line}`, i === work.body.length - 1 ? 'workerSend' : 'workerWork'),
      );
      add(`${indent}\t}(j)`);
    } else {
      sendLines(config).forEach((line, i) =>
        add(`${indent}${line.slice(2)}`, i === 0 ? 'producerSend' : undefined),
      );
    }
    add(`${indent}}`);
    if (unbounded) {
      // Only the spawner knows when every goroutine is started: it waits, then closes.
      add(`${indent}wg.Wait()`, 'closerWait');
      add(`${indent}close(results)`, 'closerClose');
      return;
    }
    if (mistake === 'neverCloseJobs')
      add(`${indent}// close(jobs) forgotten: workers wait forever`, 'producerClose');
    else add(`${indent}close(jobs)`, 'producerClose');
  };
  if (!inline) {
    add('\tgo func() {');
    producerBody('\t\t');
    add('\t}()');
    add('');
  }
  if (mistake === 'waitBeforeCollect') {
    // No closer: main waits itself, then closes, and only then collects.
    add('\twg.Wait() // before collecting: workers block on a full results', 'closerWait');
    add('\tclose(results)', 'closerClose');
    add('');
  } else {
    if (!unbounded) add('\tgo func() {');
    if (unbounded) {
      // the spawner closes results itself (above)
    } else if (mistake === 'closeResultsEarly') {
      add('\t\t// wg.Wait() forgotten: results closes while workers still send', 'closerWait');
    } else if (mistake === 'waitAfterCollect') {
      add('\t\t// wg.Wait() moved to main, after collecting', 'closerWait');
    } else {
      add('\t\twg.Wait()', 'closerWait');
    }
    if (!unbounded) {
      add('\t\tclose(results)', 'closerClose');
      add('\t}()');
      add('');
    }
  }
  if (inline) {
    add('\t// main sends every job before it reads a single result');
    producerBody('\t');
    add('');
  }
  add('\tsum := 0');
  if (pause) add('\tstart, stopped := time.Now(), false');
  add('\tfor r := range results {', 'collectorRange');
  if (pause) {
    // Go cannot stop a goroutine from outside; main stops itself at its next result.
    add(`\t\tif !stopped && time.Since(start) >= ${millis(config.collectorPauseAtMs)} {`);
    add(`\t\t\tstopped = true`);
    add(`\t\t\ttime.Sleep(${millis(config.collectorPauseMs)}) // the collector stops`);
    add('\t\t}');
  }
  add('\t\tsum += r');
  if (config.collectorDelayMs > 0) {
    add(`\t\ttime.Sleep(${millis(config.collectorDelayMs)}) // a slow consumer`);
  }
  add('\t}');
  if (mistake === 'waitAfterCollect') add('\twg.Wait() // after the range: too late');
  add('\tfmt.Println("sum:", sum)');
  add('}');
  return { lines, at, text: `${lines.join('\n')}\n` };
}

/** Pools up to this size have each worker named on its line; bigger ones are counted. */
const NAMED_WORKERS = 64;

/**
 * Where each goroutine is in `program` for `state`: `[{line, who, blocked}]`, `who` being "P"
 * (producer), "w1".."wN" (or "<n> workers" on a line, past `NAMED_WORKERS`), "closer" or
 * "main" (the collector).
 */
export function goroutineLines(program, state) {
  const { at } = program;
  const out = [];
  const p = state.producer;
  out.push({
    who: 'P',
    line: p.state === 'done' ? at.producerClose : at.producerSend,
    blocked: p.state === 'blocked',
  });
  if (state.workers.length > NAMED_WORKERS) {
    // A big pool: the workers on each line are counted (kept by the fold), not listed.
    const send = at.workerSend;
    const groups = [
      ['exited', at.workerDone, false],
      ['working', at.workerWork ?? send, false],
      ['sending', send, false],
      ['blocked', send, true],
      ['waiting', at.workerRange, true],
      ['idle', at.workerRange, false],
      ['starting', at.workerRange, false],
    ];
    for (const [name, line, blocked] of groups) {
      const count = state.workerStates[name] ?? 0;
      if (count > 0) out.push({ who: `${count} workers`, count, line, blocked });
    }
  } else
    state.workers.forEach((w, i) => {
      const who = `w${i + 1}`;
      if (w.state === 'exited') out.push({ who, line: at.workerDone, blocked: false });
      else if (w.state === 'working')
        out.push({ who, line: at.workerWork ?? at.workerSend, blocked: false });
      else if (w.state === 'sending' || w.state === 'blocked') {
        out.push({ who, line: at.workerSend, blocked: w.state === 'blocked' });
      } else out.push({ who, line: at.workerRange, blocked: w.state === 'waiting' });
    });
  out.push({
    who: 'closer',
    line: state.closer === 'done' ? at.closerClose : at.closerWait,
    blocked: state.closer === 'waiting',
  });
  out.push({
    who: 'main',
    line: at.collectorRange,
    blocked: state.collector.paused || (!state.results.closed && state.results.len === 0),
  });
  return out;
}
