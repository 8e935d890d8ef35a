// Watching a run: replay with pause, step back and forward; backpressure from a paused
// collector; the scripting API; exports; and frame times with the animation on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { suite, ARTIFACTS } from './helpers.mjs';
import { measureFrames } from './frames.mjs';

const { openPage, summaryOf, fill } = suite();

/** Starts the seed's pool from the controls with `values` and waits for the summary. */
async function runFromControls(page, values) {
  await fill(page, { workers: 3, jobsBuffer: 100, resultsBuffer: 100, ...values });
  await page.click('.pf-start');
  return summaryOf(page);
}

const withoutTime = ({ timeUs, ...rest }) => rest;

test('a finished run can be paused, stepped back and forward, and the diagram agrees', async () => {
  const { page, problems } = await openPage();
  await runFromControls(page, { jobs: 2000 });
  await page.click('[data-action="start"]');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => window.poolsim.timeline().position > 200);
  await page.click('[data-action="play"]'); // pause
  const at = await page.evaluate(() => window.poolsim.timeline().position);
  await page.waitForFunction((n) => window.poolsimPage.diagram.drawn?.events === n, at);
  const before = await page.evaluate(() => window.poolsimPage.diagram.drawn);
  await page.screenshot({ path: `${ARTIFACTS}/e2e-replay-paused.png` });
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((n) => window.poolsimPage.diagram.drawn?.events === n, at - 10);
  const back = await page.evaluate(() => ({
    drawn: window.poolsimPage.diagram.drawn,
    folded: window.poolsim.timeline().stateAfter(window.poolsim.timeline().position),
  }));
  assert.equal(back.drawn.events, at - 10);
  assert.deepEqual(
    withoutTime(back.drawn),
    withoutTime(back.folded),
    'the diagram shows the log folded to the playhead',
  );
  await page.screenshot({ path: `${ARTIFACTS}/e2e-replay-back10.png` });
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => window.poolsimPage.diagram.drawn?.events === n, at);
  const after = await page.evaluate(() => window.poolsimPage.diagram.drawn);
  assert.deepEqual(withoutTime(after), withoutTime(before), 'back ten, forward ten: same state');
  // A screen reader hears the playhead as run time, not as a per-mille.
  const scrub = await page.$eval('.pf-scrub', (el) => ({
    text: el.getAttribute('aria-valuetext'),
    clock: el.parentElement.querySelector('.clock').textContent,
  }));
  assert.match(scrub.text ?? '', /^[\d.]+ (µs|ms|s) of [\d.]+ (µs|ms|s)$/);
  assert.ok(scrub.clock.startsWith(scrub.text.replace(' of ', ' / ')), JSON.stringify(scrub));
  assert.deepEqual(problems, []);
  await page.close();
});

test('pausing the collector makes the producer block within a bounded number of events', async () => {
  const { page } = await openPage();
  await page.selectOption('.pf-config [name="kind"]', 'io');
  await fill(page, { workers: 2, jobs: 400, jobsBuffer: 4, resultsBuffer: 4, waitMs: 5 });
  await page.click('.pf-start');
  await page.waitForFunction(() => window.poolsim.timeline()?.length > 20);
  await page.click('.pf-pause');
  const found = await page.waitForFunction(
    () => {
      const t = window.poolsim.timeline();
      let pausedAt = -1;
      for (let i = 0; i < t.length; i++) {
        const kind = t.kindOf(i);
        if (kind === 15 && pausedAt < 0) pausedAt = i;
        if (kind === 2 && pausedAt >= 0) return { pausedAt, blockedAt: i };
      }
      return false;
    },
    null,
    { timeout: 20_000 },
  );
  const { pausedAt, blockedAt } = await found.jsonValue();
  // results (4) fills, both workers block holding a job each, jobs (4) fills: the stall reaches
  // the producer after a handful of events per slot.
  assert.ok(blockedAt - pausedAt < 200, `producer blocked ${blockedAt - pausedAt} events later`);
  // The diagram shows the whole stall at once: collector paused, results full, producer blocked.
  await page.waitForFunction(() => {
    const drawn = window.poolsimPage.diagram.drawn;
    return drawn?.collector.paused && drawn.results.len === 4 && drawn.producer.state === 'blocked';
  });
  await page.screenshot({ path: `${ARTIFACTS}/e2e-backpressure.png` });
  // What was painted, not what the diagram was given: the producer's and the workers' boxes say
  // blocked, outlined in red, and the canvas really is red on those outlines.
  const painted = await page.evaluate(() => {
    const { diagram } = window.poolsimPage;
    const { canvas } = diagram;
    const scale = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d');
    const pixel = (x, y) => [
      ...ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data,
    ];
    return diagram.scene.boxes.map((b) => ({
      title: b.title,
      detail: b.detail,
      color: b.color,
      // The middle of the box's left outline.
      edge: pixel(b.x, b.y + b.h / 2),
    }));
  });
  const red = ([r, g, b]) => r > 200 && g < 120 && b < 120;
  const producer = painted.find((b) => b.title === 'producer');
  assert.match(producer.detail, /^chan send: jobs full/);
  assert.ok(red(producer.edge), `producer outline ${producer.edge}`);
  const workers = painted.filter((b) => b.title.startsWith('worker '));
  assert.equal(workers.length, 2);
  for (const w of workers) {
    assert.match(w.detail, /^chan send: results full/, w.title);
    assert.ok(red(w.edge), `${w.title} outline ${w.edge}`);
  }
  const collector = painted.find((b) => b.title.startsWith('collector'));
  assert.match(collector.detail, /^paused · /);
  assert.ok(!red(collector.edge), `collector outline ${collector.edge}`);
  await page.click('.pf-pause');
  const s = await summaryOf(page);
  assert.equal(s['results received'], '400');
  await page.close();
});

test('tutorial scripts drive the timeline: seek, step, stateAt', async () => {
  const { page } = await openPage();
  const out = await page.evaluate(async () => {
    await window.poolsim.run({ workers: 3, jobs: 500, jobsBuffer: 5, resultsBuffer: 5 });
    const t = window.poolsim.timeline();
    const endMs = t.endUs / 1000;
    const mid = t.stateAt(endMs / 2);
    t.seek(0);
    const start = { position: t.position, producer: t.state.producer.state };
    t.step(25);
    const stepped = t.position;
    t.step(-5);
    const back = t.position;
    t.seek(endMs);
    return { mid, start, stepped, back, end: t.state };
  });
  assert.equal(out.start.position, 0);
  assert.equal(out.stepped, 25);
  assert.equal(out.back, 20);
  for (const key of ['producer', 'jobs', 'workers', 'results', 'waitGroup', 'collector']) {
    assert.ok(key in out.mid, `stateAt has ${key}`);
  }
  assert.equal(out.mid.jobs.cap, 5);
  assert.equal(out.mid.workers.length, 3);
  assert.equal(out.end.collector.collected, 500);
  assert.equal(out.end.results.closed, true);
  assert.equal(out.end.producer.state, 'done');
  // The page follows a script's seek.
  await page.evaluate(() => window.poolsim.timeline().seek(0));
  await page.waitForFunction(() => window.poolsimPage.diagram.drawn?.events === 0);
  await page.close();
});

test('the exports: a Trace Event file with a track per goroutine, and the Go program', async () => {
  const { page } = await openPage();
  await runFromControls(page, { jobs: 300 });
  const traceDownload = page.waitForEvent('download');
  await page.click('[data-action="export-trace"]');
  const trace = JSON.parse(readFileSync(await (await traceDownload).path(), 'utf8'));
  const names = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args.name);
  assert.deepEqual(names, [
    'producer',
    'worker 1',
    'worker 2',
    'worker 3',
    'closer',
    'collector (main)',
  ]);
  const jobSpans = trace.traceEvents.filter((e) => e.ph === 'B' && /^job \d+$/.test(e.name));
  assert.equal(jobSpans.length, 300);
  const ends = trace.traceEvents.filter((e) => e.ph === 'E').length;
  const begins = trace.traceEvents.filter((e) => e.ph === 'B').length;
  assert.equal(ends, begins, 'every span closes');
  const goDownload = page.waitForEvent('download');
  await page.click('[data-action="export-go"]');
  const go = readFileSync(await (await goDownload).path(), 'utf8');
  assert.match(go, /jobs := make\(chan int, 100\)/);
  assert.match(go, /for w := 1; w <= 3; w\+\+/);
  assert.match(go, /for j := 1; j <= 300; j\+\+/);
  await page.close();
});

test('frame times with 16 live workers and the animation on (reported, not asserted)', async () => {
  const { page } = await openPage();
  const report = await measureFrames(page, 16, 2_000_000);
  console.log(
    `# 16 workers, 2e6 double jobs, animation on: ${report.frames} frames, ` +
      `p95 frame ${report.p95.toFixed(1)} ms, ${report.longTasks} long tasks ` +
      `(longest ${report.longest.toFixed(0)} ms); seek p95 ${report.seekP95.toFixed(2)} ms`,
  );
  assert.ok(report.frames > 0, 'frames were drawn during the run');
  assert.ok(report.events > 1_000_000, 'the log the seeks ran over is large');
  await page.close();
});

test('with prefers-reduced-motion the replay changes state without moving tokens', async () => {
  const { page } = await openPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  await page.waitForFunction(() => window.poolsim !== undefined);
  await runFromControls(page, { jobs: 500 });
  await page.click('[data-action="start"]');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => window.poolsim.timeline().position > 50);
  const seen = await page.evaluate(() => ({
    tokens: window.poolsimPage.diagram.tokensDrawn,
    events: window.poolsimPage.diagram.drawn.events,
  }));
  assert.equal(seen.tokens, 0);
  assert.ok(seen.events > 50, 'the state still advances');
  await page.close();
});

test('without reduced motion the same replay draws jobs travelling, until the reader asks for less motion', async () => {
  const { page } = await openPage();
  await runFromControls(page, { jobs: 500 });
  await page.click('[data-action="start"]');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => window.poolsimPage.diagram.tokensDrawn > 0);
  // The setting changes while the page is open: the next frames stop moving jobs.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.click('[data-action="start"]');
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => window.poolsim.timeline().position > 50);
  await page.waitForFunction(() => window.poolsimPage.diagram.tokensDrawn === 0);
  const frames = await page.evaluate(() => window.poolsimPage.diagram.frames);
  await page.waitForFunction((n) => window.poolsimPage.diagram.frames > n + 5, frames);
  assert.equal(await page.evaluate(() => window.poolsimPage.diagram.tokensDrawn), 0);
  await page.close();
});

test('the playback keys act only inside the watch panel; elsewhere the page scrolls; Play says if it is on', async () => {
  const { page, problems } = await openPage();
  await runFromControls(page, { jobs: 500 });
  await page.click('[data-action="start"]');
  const position = () => page.evaluate(() => window.poolsim.timeline().position);
  assert.equal(await position(), 0);
  // Focus outside the panel: End scrolls the page, and the playhead stays.
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('End');
  await page.waitForFunction(() => window.scrollY > 0);
  assert.equal(await position(), 0);
  // Space on the Start button presses Start, and playback stays off.
  await page.focus('.pf-start');
  await page.keyboard.press('Space');
  await page.waitForSelector('.pf-summary[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.poolsimPage.player.playing), false);
  // In the panel (the diagram takes focus) the keys drive the playhead.
  await page.click('[data-action="start"]');
  await page.focus('.pf-diagram');
  await page.keyboard.press('End');
  await page.waitForFunction(() => {
    const t = window.poolsim.timeline();
    return t.position === t.length;
  });
  const play = '[data-action="play"]';
  await page.click('[data-action="start"]');
  assert.equal(await page.getAttribute(play, 'aria-pressed'), 'false');
  await page.click(play);
  await page.waitForFunction((sel) => document.querySelector(sel).ariaPressed === 'true', play);
  await page.click(play);
  await page.waitForFunction((sel) => document.querySelector(sel).ariaPressed === 'false', play);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the diagram in words: a few updates while it moves, always ending on the latest state', async () => {
  const { page, problems } = await openPage();
  await page.selectOption('.pf-config [name="driver"]', 'sim');
  await fill(page, { workers: 4, jobs: 3000 });
  await page.click('.pf-start');
  await summaryOf(page);
  // The run ended within a second: its last state is what is said, not its first.
  await page.waitForFunction(() =>
    document.querySelector('.pf-spoken').textContent.includes('3000 collected'),
  );
  // A replay: count what is said while it plays.
  await page.click('[data-action="start"]');
  await page.evaluate(() => {
    window.saidCount = 0;
    new MutationObserver(() => window.saidCount++).observe(document.querySelector('.pf-spoken'), {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.click('[data-action="play"]');
  await new Promise((resolve) => setTimeout(resolve, 6000));
  await page.click('[data-action="play"]'); // pause
  const said = await page.evaluate(() => window.saidCount);
  assert.ok(said <= 3, `said ${said} times in 6 s of playback`);
  await page.waitForFunction(() => {
    const collected = window.poolsim.timeline().state.collector.collected;
    return document.querySelector('.pf-spoken').textContent.includes(`${collected} collected`);
  });
  // The clock changes every frame and is not a live region.
  const clock = await page.evaluate(() => {
    const el = document.querySelector('.clock');
    return { tag: el.tagName, role: el.getAttribute('role'), live: el.getAttribute('aria-live') };
  });
  assert.deepEqual(clock, { tag: 'SPAN', role: null, live: null });
  assert.deepEqual(problems, []);
  await page.close();
});
