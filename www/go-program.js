// The Go program a run corresponds to: the seed's orchestrator with the run's numbers filled in,
// and where in it each goroutine is for a given pipeline state.

const WORK = {
  double: () => ({ body: ['results <- j * 2'], imports: [] }),
  cpu: (work) => ({
    body: [`results <- cpuWork(j, ${work.iterations})`],
    imports: [],
    helper: [
      '',
      '// cpuWork stands in for CPU-bound work; poolsim runs the same mix in Rust.',
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

function producerLoop(config) {
  const a = config.arrival ?? { kind: 'closed' };
  const send = [`for j := 1; j <= ${config.jobs}; j++ {`];
  if (a.kind === 'constant') {
    send.push(`\ttime.Sleep(time.Second / ${a.ratePerSec}) // paced: ${a.ratePerSec} jobs/s`);
  } else if (a.kind === 'burst') {
    send.push(`\tif j > 1 && (j-1)%${a.size} == 0 {`);
    send.push(`\t\ttime.Sleep(${a.everyMs} * time.Millisecond) // bursts of ${a.size}`);
    send.push('\t}');
  }
  return { lines: send, paced: a.kind !== 'closed' };
}

/**
 * The program as lines, and `at`: which line each role is on, by name (`workerRange`,
 * `workerSend`, `workerDone`, `producerSend`, `producerClose`, `closerWait`, `closerClose`,
 * `collectorRange`).
 */
export function goProgram(config) {
  const work = WORK[config.work.kind](config.work);
  const producer = producerLoop(config);
  const imports = ['"fmt"', '"sync"', ...work.imports];
  if (producer.paced && !imports.includes('"time"')) imports.push('"time"');
  const lines = [];
  const at = {};
  const add = (text, name) => {
    if (name) at[name] = lines.length;
    lines.push(text);
  };
  add('package main');
  add('');
  add('import (');
  for (const i of imports.sort()) add(`\t${i}`);
  add(')');
  add('');
  add('func worker(id int, jobs <-chan int, results chan<- int) {');
  add('\tfor j := range jobs {', 'workerRange');
  work.body.forEach((line, i) =>
    add(`\t\t${line}`, i === work.body.length - 1 ? 'workerSend' : 'workerWork'),
  );
  add('\t}');
  add('}');
  for (const line of work.helper ?? []) add(line);
  add('');
  add('func main() {');
  add(`\tjobs := make(chan int, ${config.jobsBuffer})`);
  add(`\tresults := make(chan int, ${config.resultsBuffer})`);
  add('\tvar wg sync.WaitGroup');
  add('');
  add(`\tfor w := 1; w <= ${config.workers}; w++ {`);
  add('\t\twg.Add(1)');
  add('\t\tgo func(id int) {');
  add('\t\t\tdefer wg.Done()', 'workerDone');
  add('\t\t\tworker(id, jobs, results)');
  add('\t\t}(w)');
  add('\t}');
  add('');
  add('\tgo func() {');
  producer.lines.forEach((line) => add(`\t\t${line}`));
  add('\t\t\tjobs <- j', 'producerSend');
  add('\t\t}');
  add('\t\tclose(jobs)', 'producerClose');
  add('\t}()');
  add('');
  add('\tgo func() {');
  add('\t\twg.Wait()', 'closerWait');
  add('\t\tclose(results)', 'closerClose');
  add('\t}()');
  add('');
  add('\tsum := 0');
  add('\tfor r := range results {', 'collectorRange');
  add('\t\tsum += r');
  add('\t}');
  add('\tfmt.Println("sum:", sum)');
  add('}');
  return { lines, at, text: `${lines.join('\n')}\n` };
}

/**
 * Where each goroutine is in `program` for `state`: `[{line, who, blocked}]`, `who` being "P"
 * (producer), "w1".."wN", "closer" or "main" (the collector).
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
