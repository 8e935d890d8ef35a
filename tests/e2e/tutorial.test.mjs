// The tutorial, walked as a reader walks it, in Chromium and Firefox: the contents page, every
// chapter in order through its "next" link, each guess typed or picked and compared with the
// run, each challenge met by changing settings, pressing Run or stepping the playhead (never by
// calling internals), the progress kept across a reload and shown on the contents page; axe-core
// on every page; no sideways scroll at 320 px; and on a page without isolation, figures that
// say they are modeled. Screenshots of every chapter at desktop and phone widths (Chromium).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startServers, ARTIFACTS, violations, waitIn } from './helpers.mjs';
import { sweepAround } from '../../www/model/sweep-counts.js';
import { stoppingPool, WATCHING_JOB, WATCHING_SEND } from '../../tutorial/chapters/10-stopping.js';
import { ORCHESTRATOR, SEMAPHORE, SEMAPHORE_INSIDE } from '../chapters/solutions.mjs';
import { orderPool } from '../../tutorial/chapters/12-order-and-panics.js';

const servers = startServers({ isolated: {}, plain: { isolated: false } });

/** Types `text` into the field `selector` as a reader would (select all, then type). */
async function typeInto(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.type(String(text));
}

/** Picks `value` in the menu `selector` (Playwright and Puppeteer name this differently). */
async function choose(page, selector, value) {
  if (typeof page.selectOption === 'function') await page.selectOption(selector, value);
  else await page.select(selector, value);
}

const verdictOf = (page, experiment) =>
  page.evaluate((id) => {
    const form = document.querySelector(`[data-experiment="${id}"] form.predict`);
    return {
      verdict: form.querySelector('.verdict').textContent,
      why: form.querySelector('.why').hidden ? '' : form.querySelector('.why').textContent,
    };
  }, experiment);

/** Makes the guess of `experiment` and runs it; returns what the page then says. */
async function guess(page, experiment, answer) {
  const at = `[data-experiment="${experiment}"]`;
  await page.evaluate((s) => document.querySelector(s).scrollIntoView(), at);
  if (typeof answer === 'number') await typeInto(page, `${at} input[name="guess"]`, answer);
  else await page.click(`${at} input[name="guess"][value="${answer}"]`);
  await page.click(`${at} form.predict button`);
  await waitIn(
    page,
    () =>
      /The run:|No run:/.test(
        document.querySelector(`[data-experiment="${window.waitArg}"] .verdict`).textContent,
      ),
    experiment,
    // A sweep is several runs, each on a fresh engine (and Firefox now and then stalls one).
    180_000,
  );
  const verdict = await verdictOf(page, experiment);
  if (/No run:/.test(verdict.verdict)) throw new Error(`${experiment}: ${verdict.verdict}`);
  return verdict;
}

const challengeState = (page, id) =>
  page.evaluate((i) => {
    const box = document.querySelector(`[data-challenge="${i}"]`);
    return {
      met: box.dataset.met === 'true',
      text: box.querySelector('.challenge-state').textContent,
    };
  }, id);

async function waitMet(page, id) {
  try {
    await waitIn(
      page,
      () => document.querySelector(`[data-challenge="${window.waitArg}"]`).dataset.met === 'true',
      id,
      60_000,
    );
  } catch (error) {
    // The page says how far the run was from the challenge.
    const outcome = await page.evaluate(
      (i) =>
        document
          .querySelector(`[data-challenge="${i}"]`)
          .closest('.experiment')
          .querySelector('.pf-outcome, .gf-status').textContent,
      id,
    );
    throw new Error(
      `${id}: ${(await challengeState(page, id)).text} | figure: ${outcome} | page errors: ` +
        `${JSON.stringify(page.problems ?? [])} (${error.message})`,
    );
  }
  return challengeState(page, id);
}

/** Presses Run on `experiment`'s figure and waits for its outcome. */
async function run(page, experiment) {
  const at = `[data-experiment="${experiment}"] pool-figure`;
  await page.evaluate((s) => document.querySelector(s).scrollIntoView(), at);
  await page.click(`${at} .pf-run`);
  await waitIn(
    page,
    () => {
      const outcome = document.querySelector(
        `[data-experiment="${window.waitArg}"] pool-figure .pf-outcome`,
      ).textContent;
      return /jobs collected|No run|^\d+ runs:/.test(outcome);
    },
    experiment,
  );
}

/**
 * Puts `program` in `experiment`'s Go figure as a reader who pastes it: the editor clicked,
 * everything selected, the text put in the way the browser puts in pasted text. (Typed key by
 * key, the editor would indent and close brackets on top of the program's own, and a headless
 * browser has no clipboard.) Chromium: the paste event Ctrl+V fires, the text on it — its
 * `insertText` instead styles what it inserts inline, which the page's CSP refuses. Firefox
 * leaves a script's paste event without its text, so there: the editing command a paste runs.
 */
async function pasteProgram(page, experiment, program) {
  const at = `[data-experiment="${experiment}"] go-figure`;
  await page.evaluate((s) => document.querySelector(s).scrollIntoView(), at);
  await page.click(`${at} .gf-code`);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.evaluate(
    ({ s, text, firefox }) => {
      if (firefox) return document.execCommand('insertText', false, text);
      const content = document.querySelector(s).shadowRoot.querySelector('.cm-content');
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', text);
      content.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
      );
    },
    { s: `${at} .gf-code`, text: program, firefox: page.kind === 'firefox' },
  );
  const now = await page.evaluate(
    (s) => document.querySelector(s).shadowRoot.querySelector('.cm-content').innerText,
    `${at} .gf-code`,
  );
  assert.match(now, /^package main/, 'the program was not put in the editor');
}

/**
 * Presses Run on `experiment`'s Go figure and waits for the run (or its compile error) to end:
 * for the figure's own event, as the status line may already be the next thing (a chapter's
 * checks of the program with other numbers).
 */
async function runProgram(page, experiment) {
  const at = `[data-experiment="${experiment}"] go-figure`;
  await page.evaluate((s) => {
    const figure = document.querySelector(s);
    figure.scrollIntoView();
    window.goRunEnded = false;
    const ended = () => (window.goRunEnded = true);
    figure.addEventListener('pool-done', ended, { once: true });
    figure.addEventListener('pool-error', ended, { once: true });
  }, at);
  await page.click(`${at} .gf-run`);
  await waitIn(page, () => window.goRunEnded === true);
}

/** What the reader does in each chapter, and what the page must then say. */
const WALK = {
  'why-a-pool': async (page) => {
    const g = await guess(page, 'unbounded', 3000);
    assert.match(g.verdict, /^Your guess: 3,000 requests · The run: [\d,]+ requests/);
    assert.match(g.why, /out of memory/);
    assert.equal((await challengeState(page, 'flat-memory')).met, false);
    // Unbounded as it starts: dies, so the challenge stays unmet.
    await run(page, 'pool');
    await waitUnmet(page, 'flat-memory');
    assert.match(
      (await challengeState(page, 'flat-memory')).text,
      /^Not met yet: this run ended in "fatal error: runtime: out of memory"\.$/,
    );
    await choose(page, '[data-experiment="pool"] select[name="mode"]', 'pool');
    await typeInto(page, '[data-experiment="pool"] input[name="workers"]', 450);
    await run(page, 'pool');
    assert.match((await waitMet(page, 'flat-memory')).text, /^✓ Met with 450 workers/);
    // The same two programs in Go, live: the unbounded one stopped by the memory limit, the
    // pool serving every request in about a second with nine goroutines at most.
    const status = (id) =>
      page.evaluate(
        (s) => document.querySelector(`[data-experiment="${s}"] .gf-status`).textContent,
        id,
      );
    await runProgram(page, 'unbounded-go');
    assert.match(
      await status('unbounded-go'),
      /^exit status 2 · [\d.]+ ms of real time · \d+ goroutines at most · stopped by poolsim's memory limit$/,
    );
    await runProgram(page, 'pool-go');
    const pooled = await status('pool-go');
    assert.match(pooled, /^exit status 0 · [\d.]+ ms of real time · 9 goroutines at most$/);
    assert.ok(parseFloat(pooled.split(' · ')[1]) >= 1000, pooled);
  },
  'fan-out': async (page) => {
    const g = await guess(page, 'three-workers', 1000);
    assert.match(g.verdict, /^Your guess: 1,000 ms · The run: [\d,]+ ms/);
    assert.match(g.why, /about 1000 ms/);
    // Any big number is fast enough, and not the answer: the fewest (and one spare) is.
    await typeInto(page, '[data-experiment="faster"] input[name="workers"]', 16);
    await run(page, 'faster');
    await waitUnmet(page, 'under-400');
    assert.match((await challengeState(page, 'under-400')).text, /How few would do\?$/);
    await typeInto(page, '[data-experiment="faster"] input[name="workers"]', 9);
    await run(page, 'faster');
    assert.match((await waitMet(page, 'under-400')).text, /^✓ Met: 9 workers took \d+ ms/);
  },
  'the-worker': async (page) => {
    const g = await guess(page, 'trickle', 'spin');
    assert.match(g.verdict, /The run: “It waits, parked/);
    assert.match(g.verdict, /not this time/);
    await run(page, 'step');
    assert.equal((await challengeState(page, 'worker-2-waits')).met, false);
    // Home, then one event at a time until worker 2 waits with jobs still to come.
    await page.focus('[data-experiment="step"] canvas');
    await page.keyboard.press('Home');
    for (let i = 0; i < 80; i++) {
      if ((await challengeState(page, 'worker-2-waits')).met) break;
      await page.keyboard.press('ArrowRight');
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    assert.match((await waitMet(page, 'worker-2-waits')).text, /^✓ Found: worker 2 waits/);
  },
  'fan-in': async (page) => {
    const g = await guess(page, 'order', 'no');
    assert.match(g.verdict, /— right\.$/);
    // Four workers lose the order; one keeps it, and pays for it in time.
    await run(page, 'in-order');
    await waitUnmet(page, 'results-in-order');
    assert.match(
      (await challengeState(page, 'results-in-order')).text,
      /^Not met yet: with 4 workers, result \d+ collected was job \d+\.$/,
    );
    await typeInto(page, '[data-experiment="in-order"] input[name="workers"]', 1);
    await run(page, 'in-order');
    assert.match(
      (await waitMet(page, 'results-in-order')).text,
      /^✓ In order, with 1 worker — and it took \d+ ms/,
    );
  },
  'wait-groups': async (page) => {
    const g = await guess(page, 'early-close', 'same');
    assert.match(
      g.verdict,
      /The run: “main stops collecting at once, and results are lost” — not this time\.$/,
    );
    assert.match(g.why, /^0 of 20 results were collected/);
    // The deadlock, as Go reports it.
    await run(page, 'never-closed');
    await waitIn(page, () =>
      /all goroutines are asleep/.test(
        document.querySelector('[data-experiment="never-closed"] .pf-crash')?.textContent ?? '',
      ),
    );
    // No wg.Wait(): results lost. In main before collecting: a deadlock once results is full.
    await run(page, 'place-the-wait');
    await waitUnmet(page, 'clean-shutdown');
    assert.equal(
      (await challengeState(page, 'clean-shutdown')).text,
      'Not met yet: 0 of 20 results were collected.',
    );
    await choose(
      page,
      '[data-experiment="place-the-wait"] select[name="mistake"]',
      'waitBeforeCollect',
    );
    await run(page, 'place-the-wait');
    await waitIn(page, () =>
      /deadlock/.test(
        document.querySelector('[data-challenge="clean-shutdown"] .challenge-state').textContent,
      ),
    );
    await choose(page, '[data-experiment="place-the-wait"] select[name="mistake"]', '');
    await run(page, 'place-the-wait');
    assert.match((await waitMet(page, 'clean-shutdown')).text, /^✓ Clean: 20 of 20 results/);
  },
  'the-orchestrator': async (page) => {
    const g = await guess(page, 'submit-then-collect', 'no');
    assert.match(g.verdict, /— right\.$/);
    assert.match(g.why, /^It stopped after 23 jobs were sent/);
    await typeInto(page, '[data-experiment="finish"] input[name="resultsBuffer"]', 86);
    await run(page, 'finish');
    await waitUnmet(page, 'smallest-results-buffer');
    assert.match(
      (await challengeState(page, 'smallest-results-buffer')).text,
      /^Not met yet: a results buffer of 86: stopped after 99 sends\.$/,
    );
    await typeInto(page, '[data-experiment="finish"] input[name="resultsBuffer"]', 87);
    await run(page, 'finish');
    assert.match(
      (await waitMet(page, 'smallest-results-buffer')).text,
      /^✓ All 100 results collected with a results buffer of 87/,
    );
  },
  sizing: async (page) => {
    const g = await guess(page, 'cpu-sweep', 2);
    assert.match(g.verdict, /^Your guess: 2 workers · The run: \d+ workers/);
    assert.match(g.why, /your browser reports \d+ cores/);
    const rows = (experiment) =>
      page.evaluate(
        (id) =>
          [...document.querySelectorAll(`[data-experiment="${id}"] .pf-sizing-table tbody tr`)].map(
            (r) => ({
              workers: Number(r.cells[0].textContent),
              rate: Number(r.cells[1].textContent.replaceAll(',', '')),
              how: r.cells[2].textContent,
            }),
          ),
        experiment,
      );
    const cpu = await rows('cpu-sweep');
    // Counts around this page's GOMAXPROCS; live up to twice the cores (at least 4).
    const { liveMax, procs0 } = await page.evaluate(() => ({
      liveMax: Math.max(4, 2 * navigator.hardwareConcurrency),
      procs0: Math.max(1, navigator.hardwareConcurrency - 1),
    }));
    const around = sweepAround(procs0);
    assert.deepEqual(
      cpu.map((r) => [r.workers, r.how]),
      around.map((w) => [w, w <= liveMax ? 'measured' : 'modeled']),
    );
    assert.ok(cpu.every((r) => r.rate > 0));
    // The guess is drawn on the chart: a dashed line in the guess colour (#e3b341).
    assert.equal(
      await page.evaluate(() =>
        document
          .querySelector('[data-experiment="cpu-sweep"] pool-figure')
          .getAttribute('sweep-mark'),
      ),
      '2',
    );
    const marked = await page.evaluate(() => {
      const canvas = document.querySelector('[data-experiment="cpu-sweep"] canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          Math.abs(data[i] - 0xe3) + Math.abs(data[i + 1] - 0xb3) + Math.abs(data[i + 2] - 0x41) <
          30
        )
          n += 1;
      }
      return n;
    });
    assert.ok(marked > 50, `${marked} guess-coloured pixels`);
    // The reader varies GOMAXPROCS and sweeps again: the live points ran on one thread.
    // A GOMAXPROCS other than the default (which is 1 on two cores: then 2; else 1).
    const procs = await page.evaluate(() =>
      Math.max(1, navigator.hardwareConcurrency - 1) === 1 ? 2 : 1,
    );
    await typeInto(page, '[data-experiment="cpu-sweep"] input[name="gomaxprocs"]', procs);
    // Run again (the prediction's button, as the reader has it), then read the outcome.
    await page.click('[data-experiment="cpu-sweep"] form.predict button');
    await waitIn(
      page,
      () =>
        new RegExp(
          `^\\d+ runs: \\d+ measured on your \\d+ cores \\(GOMAXPROCS ${window.waitArg}\\)`,
        ).test(document.querySelector('[data-experiment="cpu-sweep"] .pf-outcome').textContent),
      procs,
    );
    assert.deepEqual(
      (await rows('cpu-sweep')).map((r) => r.workers),
      sweepAround(procs),
    );
    await run(page, 'io-sweep');
    assert.match(
      await page.evaluate(
        () => document.querySelector('[data-experiment="io-sweep"] .pf-outcome').textContent,
      ),
      /^6 runs: 6 measured on your \d+ cores \(GOMAXPROCS \d+\), 0 modeled$/,
    );
    const io = await rows('io-sweep');
    assert.deepEqual(
      io.map((r) => r.how),
      ['measured', 'measured', 'measured', 'measured', 'measured', 'measured'],
    );
    // Waiting scales with workers, long past the cores.
    for (let i = 1; i < io.length; i++)
      assert.ok(io[i].rate > 2 * io[i - 1].rate, JSON.stringify(io));
    // Swept wide, then read on a phone (a narrowed window, a turned phone): the sweep charts
    // follow their panel, so the page does not scroll sideways (it was 472 px wide).
    if (typeof page.setViewportSize === 'function') {
      const before = page.viewportSize();
      await page.setViewportSize({ width: 320, height: 720 });
      await waitIn(page, () => document.documentElement.scrollWidth <= 320);
      await page.setViewportSize(before);
    }
    await typeInto(page, '[data-experiment="fewest"] input[name="workers"]', 21);
    await run(page, 'fewest');
    await waitUnmet(page, 'fewest-for-p95');
    await typeInto(page, '[data-experiment="fewest"] input[name="workers"]', 22);
    await run(page, 'fewest');
    assert.match(
      (await waitMet(page, 'fewest-for-p95')).text,
      /^✓ Met with 22 workers: p95 62\.7 ms\. .* p95 at 68\.7 ms with 22, so 23 would be needed/,
    );
  },
  backpressure: async (page) => {
    // The stop travels back: the producer blocks once 5 + 3 + 5 places are full.
    const stopped = await guess(page, 'stopped-collector', 8);
    assert.match(stopped.verdict, /^Your guess: 8 jobs · The run: 13 jobs — off by 38%\.$/);
    assert.match(
      stopped.why,
      /5 values in results, 3 held by workers blocked sending them, and 5 in jobs/,
    );
    const g = await guess(page, 'overload', 20);
    assert.match(g.verdict, /^Your guess: 20 % · The run: 10 % — off by 10 percentage points\.$/);
    assert.match(g.why, /^517 of 5000 requests were dropped \(10\.3%\)/);
    await run(page, 'tune');
    await waitUnmet(page, 'few-drops-fast');
    // Blocking drops nothing, and the wait it pushes upstream still counts.
    await choose(page, '[data-experiment="tune"] select[name="policy"]', 'block');
    await typeInto(page, '[data-experiment="tune"] input[name="jobsBuffer"]', 0);
    await run(page, 'tune');
    await waitIn(page, () =>
      /waiting for a blocked producer/.test(
        document.querySelector('[data-challenge="few-drops-fast"] .challenge-state').textContent,
      ),
    );
    assert.match(
      (await challengeState(page, 'few-drops-fast')).text,
      /^Not met yet: 0\.00% dropped, p99 [\d.]+ ms from arrival/,
    );
    await choose(page, '[data-experiment="tune"] select[name="policy"]', 'drop');
    await typeInto(page, '[data-experiment="tune"] input[name="jobsBuffer"]', 20);
    await typeInto(page, '[data-experiment="tune"] input[name="workers"]', 10);
    await run(page, 'tune');
    assert.match(
      (await waitMet(page, 'few-drops-fast')).text,
      /^✓ Met with 10 workers and a buffer of 20: 0\.68% dropped/,
    );
    // The run as a dot on the curve of drops and latency against load, theory beside it.
    await waitIn(
      page,
      () =>
        document.querySelector('[data-experiment="tune"] .pf-curve-view')?.dataset.ready === 'true',
    );
    const curve = await page.evaluate(() =>
      [...document.querySelectorAll('[data-experiment="tune"] .pf-curve-table tbody tr')].map(
        (r) => ({
          yours: r.dataset.yours === 'true',
          cells: [...r.cells].map((c) => c.textContent),
        }),
      ),
    );
    assert.equal(curve.length, 8); // 0.5 to 1.5 × the 1,000/s capacity; the run's 900 among them
    const yours = curve.find((r) => r.yours);
    assert.deepEqual(yours.cells.slice(0, 3), ['900 (your run)', '90%', '0.7%']);
    assert.ok(
      curve.every((r) => /^\d+\.\d%$/.test(r.cells[3])),
      'theory beside every point',
    );
  },
  capstone: async (page) => {
    await typeInto(page, '[data-experiment="design"] input[name="workers"]', 40);
    await run(page, 'design');
    await waitUnmet(page, 'meet-the-card');
    assert.match(
      (await challengeState(page, 'meet-the-card')).text,
      /^Not met yet: 40 workers: 474 dropped/,
    );
    await typeInto(page, '[data-experiment="design"] input[name="workers"]', 48);
    await run(page, 'design');
    assert.match(
      (await waitMet(page, 'meet-the-card')).text,
      /^✓ Met with 48 workers: nothing dropped, p95 64\.7 ms\.$/,
    );
  },
  stopping: async (page) => {
    const g = await guess(page, 'deadline', 3);
    assert.match(g.verdict, /^Your guess: 3 jobs · The run: 6 jobs — off by 50%\.$/);
    assert.match(g.why, /stopped 15 ms after its deadline, with 6 jobs finished/);
    // The run's lanes are drawn, and the code marks where main waits at the end.
    assert.equal(
      await page.evaluate(() =>
        document
          .querySelector('[data-experiment="deadline"] .gv-when')
          .textContent.endsWith('(the end)'),
      ),
      true,
    );
    const leak = await guess(page, 'leak', 'deadlock');
    assert.match(
      leak.verdict,
      /The run: “It stays blocked on its send for ever” — not this time\.$/,
    );
    assert.match(leak.why, /goroutine \d+ was still blocked on its send at line 37/);
    // The program as given stops late; the reader's fix (the job watching ctx) stops in time.
    await runProgram(page, 'stop-in-time');
    await waitUnmet(page, 'stop-within-10ms');
    assert.equal(
      (await challengeState(page, 'stop-within-10ms')).text,
      'Not met yet: the pool stopped at 60 ms, 15 ms after its deadline.',
    );
    await pasteProgram(
      page,
      'stop-in-time',
      stoppingPool({ job: WATCHING_JOB, send: WATCHING_SEND }),
    );
    await runProgram(page, 'stop-in-time');
    assert.equal(
      (await waitMet(page, 'stop-within-10ms')).text,
      '✓ Stopped at 45 ms with 3 jobs finished and no goroutine left behind.',
    );
  },
  'errors-and-errgroup': async (page) => {
    const g = await guess(page, 'first-error', 7);
    assert.match(g.verdict, /^Your guess: 7 jobs · The run: 2 jobs — off by 250%\.$/);
    assert.match(g.why, /^Jobs 1 and 2 finished before 30 ms/);
    await runProgram(page, 'three-at-a-time');
    await waitUnmet(page, 'bound-without-a-pool');
    assert.match(
      (await challengeState(page, 'bound-without-a-pool')).text,
      /^Not met yet: 13 goroutines were alive at once/,
    );
    // The semaphore taken inside each goroutine bounds the work, not the goroutines.
    await pasteProgram(page, 'three-at-a-time', SEMAPHORE_INSIDE);
    await runProgram(page, 'three-at-a-time');
    await waitIn(page, () =>
      /one waiting for its turn still exists/.test(
        document.querySelector('[data-challenge="bound-without-a-pool"] .challenge-state')
          .textContent,
      ),
    );
    await pasteProgram(page, 'three-at-a-time', SEMAPHORE);
    await runProgram(page, 'three-at-a-time');
    assert.equal(
      (await waitMet(page, 'bound-without-a-pool')).text,
      '✓ Twelve goroutines, at most 3 at once, 40 ms.',
    );
  },
  'order-and-panics': async (page) => {
    const order = await guess(page, 'order', 'finish');
    assert.match(order.verdict, /The run: “In input order, 0 to 7” — not this time\.$/);
    assert.match(order.why, /^The results arrived as 1, 2, 0, 4, 5, 3, 7, 6 /);
    const panic = await guess(page, 'panic', 'worker');
    assert.match(panic.verdict, /The run: “The whole program stops” — not this time\.$/);
    assert.match(panic.why, /slice bounds out of range \[:4\] with length 1", exit status 2/);
    // The report is in the figure, and the goroutine that panicked is the red lane.
    assert.match(
      await page.evaluate(
        () => document.querySelector('[data-experiment="panic"] .gf-stderr').textContent,
      ),
      /^panic: runtime error: slice bounds out of range \[:4\] with length 1\n\ngoroutine \d+ \[running\]:\nmain\.process/,
    );
    await runProgram(page, 'recover');
    await waitUnmet(page, 'survive-a-panic');
    assert.equal(
      (await challengeState(page, 'survive-a-panic')).text,
      'Not met yet: the program still dies of the panic.',
    );
    await pasteProgram(page, 'recover', orderPool({ recovered: true }));
    await runProgram(page, 'recover');
    assert.match((await waitMet(page, 'survive-a-panic')).text, /^✓ Seven results and one error/);
  },
  'write-it-yourself': async (page) => {
    // The starter runs, and fails the first case; the figure shows that case.
    await runProgram(page, 'orchestrator');
    await waitUnmet(page, 'every-case');
    assert.equal(
      (await challengeState(page, 'every-case')).text,
      'Not met yet: with 10 jobs, 3 workers, job 1 was processed never.',
    );
    // A pool whose results are never closed (main counts them instead): the cases say so,
    // and the figure shows the failing one.
    const counted = ORCHESTRATOR.replace(
      '\tgo func() {\n\t\twg.Wait()\n\t\tclose(results)\n\t}()\n',
      '',
    ).replace(
      '\tfor r := range results {\n\t\tsum += r\n\t}',
      '\tfor range numJobs {\n\t\tsum += <-results\n\t}',
    );
    await pasteProgram(page, 'orchestrator', counted);
    await runProgram(page, 'orchestrator');
    await waitIn(page, () =>
      /never closed/.test(
        document.querySelector('[data-challenge="every-case"] .challenge-state').textContent,
      ),
    );
    assert.match(
      await page.evaluate(
        () => document.querySelector('[data-experiment="orchestrator"] .gf-status').textContent,
      ),
      /^Case 1: 10 jobs, 3 workers · exit status 0/,
    );
    // The orchestrator, written out: every case passes; the address holds the program.
    await pasteProgram(page, 'orchestrator', ORCHESTRATOR);
    await runProgram(page, 'orchestrator');
    assert.match((await waitMet(page, 'every-case')).text, /^✓ Every case passed: /);
    assert.match(await page.evaluate(() => location.hash), /^#go=[A-Za-z0-9_-]+$/);
  },
};

/** Waits until a run has been judged and found short of challenge `id`. */
const waitUnmet = (page, id) =>
  waitIn(
    page,
    () =>
      /^Not met yet:/.test(
        document.querySelector(`[data-challenge="${window.waitArg}"] .challenge-state`).textContent,
      ),
    id,
  );

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: a reader walks every chapter (${kind === 'firefox' ? 'phone' : 'desktop'}), guessing and meeting each challenge`, async () => {
    // Site data allowed, so progress can be kept (the default test profile refuses it).
    const { page, close } = await freshPage(kind, { serviceWorkers: 'allow' });
    // Chromium reads as on a desktop, Firefox as on a phone.
    if (kind === 'firefox') await page.setViewport({ width: 390, height: 844 });
    const problems = [];
    page.problems = problems;
    page.kind = kind;
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(new URL('tutorial/', servers.isolated.url).href);
      await page.waitForFunction(() =>
        /chapters complete/.test(document.getElementById('progress')?.textContent ?? ''),
      );
      assert.equal(
        await page.evaluate(() => document.getElementById('progress').textContent),
        `0 of ${Object.keys(WALK).length} chapters complete.`,
      );
      assert.deepEqual(await violations(page), [], 'contents');
      await page.click('.chapters li:first-child a');
      const visited = [];
      for (;;) {
        await page.waitForFunction(
          () =>
            // Null-safe: this can run while the previous page is still going away.
            customElements.get('pool-figure') && document.getElementById('where')?.dataset.isolated,
        );
        const slug = await page.evaluate(() => document.querySelector('main').dataset.chapter);
        visited.push(slug);
        if (kind === 'chromium') {
          // Reported, not asserted: when the first figure had drawn its pool (an upper bound:
          // measured when this check ran), and the long tasks since navigation.
          const fast = await page.evaluate(async () => {
            // The first figure with a diagram (a sweep's figure draws its chart when run; a
            // chapter of Go programs has none: it draws when its program runs).
            const figure = [...document.querySelectorAll('pool-figure')].find((f) => f.diagram);
            if (!figure) return { drawnAt: null, long: [] };
            // A figure draws once it is on screen; the first is, unless the prose is long.
            figure.scrollIntoView({ block: 'nearest' });
            while (!figure.drawn) await new Promise((resolve) => requestAnimationFrame(resolve));
            const drawnAt = performance.now();
            const long = await new Promise((resolve) => {
              const seen = [];
              new PerformanceObserver((list) => seen.push(...list.getEntries())).observe({
                type: 'longtask',
                buffered: true,
              });
              setTimeout(() => resolve(seen.map((e) => Math.round(e.duration))), 200);
            });
            return { drawnAt: Math.round(drawnAt), long };
          });
          console.log(
            `tutorial ${slug}: first figure drawn ${fast.drawnAt} ms after navigation; ` +
              `long tasks while loading: ${fast.long.length ? fast.long.join(', ') + ' ms' : 'none'}`,
          );
        }
        assert.match(
          await page.evaluate(() => document.getElementById('where').textContent),
          /measured on your \d+ cores/,
        );
        await WALK[slug](page);
        assert.deepEqual(await violations(page), [], slug);
        if (kind === 'chromium') {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: `${ARTIFACTS}/tutorial-${slug}.png`, fullPage: true });
        }
        // Reloaded, the chapter keeps the reader's guesses and met challenges.
        await page.reload();
        await page.waitForFunction(() => document.querySelector('.challenge[data-met="true"]'));
        const kept = await page.evaluate(() => ({
          guesses: [...document.querySelectorAll('.verdict')].map((v) => v.textContent),
          met: [...document.querySelectorAll('.challenge')].every((c) => c.dataset.met === 'true'),
        }));
        assert.ok(kept.met, `${slug}: challenges kept`);
        assert.ok(
          kept.guesses.every((v) => /^Your guess: .* Run it to compare\.$/.test(v)),
          kept.guesses.join(' | '),
        );
        const next = await page.$('a[rel="next"]');
        if (!next) break;
        await next.click();
        await page.waitForFunction(
          (s) => document.querySelector('main')?.dataset.chapter !== s,
          ...(kind === 'chromium' ? [slug] : [{}, slug]),
        );
      }
      assert.deepEqual(visited, Object.keys(WALK));
      await page.click('a[href="./"]');
      await page.waitForFunction(() =>
        /chapters complete/.test(document.getElementById('progress')?.textContent ?? ''),
      );
      const contents = await page.evaluate(() => ({
        progress: document.getElementById('progress').textContent,
        done: [...document.querySelectorAll('.chapters li')].map((li) => li.dataset.done),
      }));
      if (kind === 'chromium') {
        // A figure's link reopens its experiment in the playground: the capstone's design.
        await page.goto(new URL('tutorial/capstone.html', servers.isolated.url).href);
        await typeInto(page, '[data-experiment="design"] input[name="workers"]', 48);
        await run(page, 'design');
        const href = await page.evaluate(
          () => document.querySelector('[data-experiment="design"] .pf-open').href,
        );
        await page.goto(href);
        await page.waitForFunction(
          () => document.querySelector('.pf-summary')?.dataset.ready === 'true',
        );
        const reopened = await page.evaluate(() => ({
          workers: document.querySelector('.pf-config').elements.workers.value,
          sent: document.querySelector('.pf-summary tr[data-key="jobs sent"]').cells[1].textContent,
        }));
        assert.deepEqual(reopened, { workers: '48', sent: '20000' });
        await page.goto(new URL('tutorial/', servers.isolated.url).href);
        await page.waitForFunction(() =>
          /chapters complete/.test(document.getElementById('progress')?.textContent ?? ''),
        );
      }
      assert.deepEqual(contents, {
        progress: `${Object.keys(WALK).length} of ${Object.keys(WALK).length} chapters complete.`,
        done: Object.keys(WALK).map(() => 'true'),
      });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: on a host without headers the service worker isolates a chapter`, async () => {
    const { page, close } = await freshPage(kind, { serviceWorkers: 'allow' });
    try {
      await page.goto(new URL('tutorial/fan-out.html', servers.plain.url).href);
      // One reload by the service worker, then the page is isolated and measures.
      const end = Date.now() + 30_000;
      for (;;) {
        const where = await page
          .evaluate(() => document.getElementById('where')?.textContent ?? '')
          .catch(() => '');
        if (/measured on your \d+ cores/.test(where)) break;
        assert.ok(Date.now() < end, `still: ${where}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      const g = await guess(page, 'three-workers', 1000);
      assert.match(g.verdict, /The run: [\d,]+ ms/);
      assert.match(
        await page.evaluate(
          () => document.querySelector('[data-experiment="three-workers"] .pf-outcome').textContent,
        ),
        /on GOMAXPROCS \d+ \(measured on your \d+ cores\)/,
      );
    } finally {
      await close();
    }
  });
}

test('chromium: every chapter at 320 px, and on a page without isolation', async () => {
  const { page, close } = await freshPage('chromium');
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.setViewportSize({ width: 320, height: 720 });
    for (const slug of Object.keys(WALK)) {
      await page.goto(new URL(`tutorial/${slug}.html`, servers.isolated.url).href);
      await page.waitForFunction(() => document.getElementById('where').dataset.isolated);
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      assert.ok(widths[0] <= widths[1], `${slug}: ${widths}`);
      // This profile refuses site data: the page says progress will not be kept.
      await page.waitForSelector('.storage-note');
      // Before any run, each experiment already links into the playground.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('pool-figure')].every((f) =>
          /#s=1\./.test(f.querySelector('.pf-open')?.href ?? ''),
        ),
      );
      // After the experiments have run, with everything they draw (charts, tables, the load
      // curve), the page is still no wider than the phone. (The curve's table scrolled the
      // backpressure chapter to 462 px at 360 before it scrolled inside itself.)
      const runs = await page.evaluate(() =>
        [...document.querySelectorAll('pool-figure')]
          .filter((f) => f.querySelector('.pf-run') && !f.hasAttribute('sweep'))
          .map((f) => f.closest('[data-experiment]').dataset.experiment),
      );
      for (const experiment of runs) await run(page, experiment);
      await waitIn(page, () =>
        [...document.querySelectorAll('.pf-curve-view')].every((v) => v.dataset.ready === 'true'),
      );
      const after = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(after <= 320, `${slug} after its runs: ${after} px`);
      await page.screenshot({ path: `${ARTIFACTS}/tutorial-${slug}-320.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(new URL('tutorial/fan-out.html', servers.plain.url).href);
    await page.waitForFunction(() => document.getElementById('where').dataset.isolated === 'false');
    assert.match(await page.textContent('#where'), /not cross-origin isolated.*modeled/i);
    const g = await guess(page, 'three-workers', 900);
    assert.match(g.verdict, /The run: 1,0\d\d ms/);
    assert.match(
      await page.textContent('[data-experiment="three-workers"] .pf-outcome'),
      /\(modeled\)/,
    );
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
