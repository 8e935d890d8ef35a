// <pool-figure> on a page of its own (embed.html: a live-shaped figure, a simulated one and one
// with its Go code), in Chromium and Firefox, isolated and not: the figures share the engine in
// turn — overlapping requests and one after another —, each draws its own run, events fire in
// order, keys move only the focused figure, a figure off screen draws nothing, a removed
// figure's run ends and the next runs, and axe-core finds nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startServers, ARTIFACTS, violations, waitIn } from './helpers.mjs';

const servers = startServers({ isolated: {}, plain: { isolated: false } });

/** Opens embed.html and records every figure's events as `<index> <type>`. */
async function openEmbed(kind, url) {
  const opened = await freshPage(kind);
  const problems = [];
  opened.page.on('pageerror', (error) => problems.push(error.message));
  await opened.page.goto(new URL('embed.html', url).href);
  await opened.page.waitForFunction(
    () =>
      customElements.get('pool-figure') && document.querySelectorAll('pool-figure').length === 3,
  );
  await opened.page.evaluate(() => {
    window.figureEvents = [];
    document.querySelectorAll('pool-figure').forEach((figure, i) => {
      for (const type of ['pool-start', 'pool-done', 'pool-error']) {
        figure.addEventListener(type, () => window.figureEvents.push(`${i} ${type}`));
      }
    });
  });
  return { ...opened, problems };
}

/** Each figure's summary figures and what its diagram drew, once it is on screen. */
async function shownByEach(page) {
  const out = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate((i) => document.querySelectorAll('pool-figure')[i].scrollIntoView(), i);
    await waitIn(
      page,
      () => {
        const f = document.querySelectorAll('pool-figure')[window.waitArg];
        return f.drawn && f.drawn.events === f.timeline?.length;
      },
      i,
    );
    out.push(
      await page.evaluate((i) => {
        const f = document.querySelectorAll('pool-figure')[i];
        return {
          collected: f.drawn.collector.collected,
          workers: f.drawn.workers.length,
          outcome: f.querySelector('.pf-outcome').textContent,
        };
      }, i),
    );
  }
  return out;
}

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: three figures share the engine, overlapping and in turn`, async () => {
    const { page, close, problems } = await openEmbed(kind, servers.isolated.url);
    try {
      // Overlapping: all three Run buttons pressed at once, as a reader might.
      await page.evaluate(() => {
        const figures = [...document.querySelectorAll('pool-figure')];
        window.statuses = figures.map(() => []);
        figures.forEach((f, i) => {
          const status = f.querySelector('.pf-status');
          const log = window.statuses[i];
          const seen = () => log.at(-1) !== status.textContent && log.push(status.textContent);
          new MutationObserver(seen).observe(status, {
            childList: true,
            characterData: true,
            subtree: true,
          });
        });
        for (const f of figures) f.querySelector('.pf-run').click();
      });
      await page.waitForFunction(() => window.figureEvents.length === 6);
      assert.deepEqual(await page.evaluate(() => window.figureEvents), [
        '0 pool-start',
        '1 pool-start',
        '2 pool-start',
        '0 pool-done',
        '1 pool-done',
        '2 pool-done',
      ]);
      // Each said where it stood while it waited, then ran.
      const statuses = await page.evaluate(() => window.statuses);
      assert.deepEqual(statuses[0], ['Running…', 'Done']);
      assert.deepEqual(statuses[1], ['Waiting for the engine (next)', 'Running…', 'Done']);
      assert.deepEqual(statuses[2], [
        'Waiting for the engine (1 ahead)',
        'Waiting for the engine (next)',
        'Running…',
        'Done',
      ]);
      const shown = await shownByEach(page);
      assert.deepEqual(
        shown.map((s) => [s.collected, s.workers]),
        [
          [2000, 3],
          [800, 40],
          [300, 2],
        ],
      );
      assert.match(
        shown[0].outcome,
        /^2000 of 2000 jobs collected on GOMAXPROCS \d+ \(measured on your \d+ cores\) — Open in the playground$/,
      );
      assert.equal(shown[1].outcome, '800 of 800 jobs collected (modeled)');
      // The simulated figure shows its numbers; the code figure its program.
      const texts = await page.evaluate(() => ({
        summary: document.querySelectorAll('pool-figure')[1].querySelector('.pf-summary')
          .textContent,
        code: document.querySelector('.pf-code').textContent,
      }));
      assert.match(texts.summary, /results collected800/);
      assert.match(texts.code, /results := make\(chan int\)/);

      // One after another, through the API: the same again.
      const again = await page.evaluate(async () => {
        const figures = [...document.querySelectorAll('pool-figure')];
        const out = [];
        for (const f of figures) out.push((await f.run()).results);
        return out;
      });
      assert.deepEqual(again, [2000, 800, 300]);
      assert.deepEqual(await violations(page), []);
      await page.screenshot({ path: `${ARTIFACTS}/e2e-figures-${kind}.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test(`${kind}: on a page without isolation the figures run modeled and say so`, async () => {
    const { page, close, problems } = await openEmbed(kind, servers.plain.url);
    try {
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      await page.click('pool-figure .pf-run');
      await page.waitForFunction(() => window.figureEvents.includes('0 pool-done'));
      const out = await page.evaluate(() => {
        const outcome = document.querySelector('pool-figure .pf-outcome');
        return { text: outcome.textContent, href: outcome.querySelector('a')?.href ?? null };
      });
      assert.match(out.text, /^2000 of 2000 jobs collected \(modeled\) — Run it live/);
      assert.match(out.href, /\/#s=1\./);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

test('keys move only the focused figure; a figure off screen draws nothing', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    await page.evaluate(async () => {
      for (const f of document.querySelectorAll('pool-figure')) await f.run();
    });
    await shownByEach(page);
    const events = () =>
      page.evaluate(() => [...document.querySelectorAll('pool-figure')].map((f) => f.drawn.events));
    const before = await events();
    await page.focus('pool-figure:nth-of-type(2) canvas');
    await page.keyboard.press('Home');
    await page.waitForFunction(
      () => document.querySelectorAll('pool-figure')[1].drawn.events === 0,
    );
    const after = await events();
    assert.deepEqual([after[0], after[2]], [before[0], before[2]], 'the other figures stayed');
    // Off screen: the first figure replays from the start while scrolled away and draws nothing.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(
      () => document.querySelector('pool-figure').dataset.offscreen === '',
    );
    const frames = await page.evaluate(() => {
      const f = document.querySelector('pool-figure');
      f.player.speed = 0.01;
      f.player.play();
      return f.diagram.frames;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      await page.evaluate(() => document.querySelector('pool-figure').diagram.frames),
      frames,
    );
    await page.evaluate(() => document.querySelector('pool-figure').scrollIntoView());
    await waitIn(
      page,
      () => document.querySelector('pool-figure').diagram.frames > window.waitArg + 2,
      frames,
    );
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('removing a running figure ends its run, frees it, and the next figure runs', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const out = await page.evaluate(async () => {
      const make = (attributes) => {
        const el = document.createElement('pool-figure');
        for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
        document.querySelector('main').prepend(el);
        return el;
      };
      // A long I/O-bound run, given as a scenario (a link's code) with a field on top.
      const { encodeScenario } = await import('./www/engine/scenario.js');
      const scenario = await encodeScenario({
        workers: 2,
        jobs: 100000,
        work: { kind: 'io', waitMs: 20 },
      });
      const long = make({ scenario, workers: 4, views: 'diagram charts' });
      const next = make({ driver: 'sim', workers: 8, jobs: 300 });
      const first = long
        .run()
        .then((s) => ({ cancelled: s.cancelled, results: s.results, jobs: s.jobs }));
      const second = next.run();
      await new Promise((resolve) => setTimeout(resolve, 400));
      long.remove();
      const s = await second;
      return {
        first: await first,
        second: { results: s.results, cancelled: s.cancelled },
        config: await long.config(),
        left: { children: long.childElementCount, timeline: long.timeline, drawn: long.drawn },
      };
    });
    assert.equal(out.first.cancelled, true);
    assert.ok(
      out.first.results < 100000 && out.first.results === out.first.jobs,
      JSON.stringify(out.first),
    );
    assert.deepEqual(out.second, { results: 300, cancelled: false });
    assert.deepEqual(out.config, { jobs: 100000, work: { kind: 'io', waitMs: 20 }, workers: 4 });
    assert.deepEqual(out.left, { children: 0, timeline: null, drawn: null });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('figure.css styles figures only, and a 320 px page of figures never scrolls sideways', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const leaks = await page.evaluate(() => {
      const sheet = [...document.styleSheets].find((s) => s.href?.endsWith('/www/figure.css'));
      const out = [];
      const walk = (rules) => {
        for (const rule of rules) {
          if (rule.cssRules && !rule.selectorText) walk(rule.cssRules);
          else if (rule.selectorText) {
            for (const selector of rule.selectorText.split(',')) {
              // Each rule is scoped to one of the two figure elements.
              if (!/^(pool|go)-figure\b/.test(selector.trim())) out.push(selector.trim());
            }
          }
        }
      };
      walk(sheet.cssRules);
      return { rules: sheet.cssRules.length, leaks: out };
    });
    assert.ok(leaks.rules > 40, `${leaks.rules} rules read`);
    assert.deepEqual(leaks.leaks, []);
    await page.setViewportSize({ width: 320, height: 700 });
    await page.evaluate(async () => {
      for (const f of document.querySelectorAll('pool-figure')) await f.run();
    });
    await page.waitForTimeout(300);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(widths.scroll <= widths.client, JSON.stringify(widths));
    await page.screenshot({ path: `${ARTIFACTS}/e2e-figures-320.png`, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a reader who selected a field before the figure filled it types over it, not after it', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    // The field is focused and all of it selected before the engine has answered the first
    // filling, as a fast reader (or a walk) does; the filling must leave the selection alone.
    const before = await page.evaluate(() => {
      const figure = document.createElement('pool-figure');
      Object.assign(figure.dataset, { typing: 'true' });
      figure.setAttribute('fields', 'workers jobs');
      figure.setAttribute('controls', 'run');
      figure.setAttribute('workers', '16');
      figure.setAttribute('jobs', '300');
      document.body.prepend(figure);
      const input = figure.querySelector('input[name="workers"]');
      input.focus();
      input.select();
      return { workers: input.value, jobs: figure.querySelector('input[name="jobs"]').value };
    });
    await waitIn(
      page,
      () => document.querySelector('[data-typing] input[name="jobs"]').value === '300',
    );
    await page.keyboard.type('48');
    const after = await page.evaluate(
      () => document.querySelector('[data-typing] input[name="workers"]').value,
    );
    assert.notEqual(before.jobs, '300', 'the filling had already happened: nothing was tested');
    assert.equal(after, '48', `the field held ${before.workers} when it was selected`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a figure's link opens its experiment in the playground, which runs it again", async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const href = await page.evaluate(async () => {
      const figure = document.querySelectorAll('pool-figure')[2];
      await figure.run();
      return figure.querySelector('.pf-open').href;
    });
    assert.match(href, /\/#s=1\./);
    await page.goto(href);
    await page.waitForFunction(
      () => document.querySelector('.pf-summary')?.dataset.ready === 'true',
    );
    const out = await page.evaluate(() => {
      const form = document.querySelector('.pf-config');
      const cells = [...document.querySelectorAll('.pf-summary tr')].map((r) => [
        r.cells[0].textContent,
        r.cells[1].textContent,
      ]);
      return {
        workers: form.elements.workers.value,
        jobsBuffer: form.elements.jobsBuffer.value,
        resultsBuffer: form.elements.resultsBuffer.value,
        summary: Object.fromEntries(cells),
      };
    });
    assert.deepEqual([out.workers, out.jobsBuffer, out.resultsBuffer], ['2', '0', '0']);
    assert.equal(out.summary['results received'], '300');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a playground attribute that is not a web address gives no link, at rest or after a run', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const links = await page.evaluate(async () => {
      const found = [];
      for (const playground of ['javascript:alert(1)//', 'data:text/html,hi', 'http://[bad']) {
        const figure = document.createElement('pool-figure');
        figure.setAttribute('playground', playground);
        figure.setAttribute('workers', '2');
        figure.setAttribute('jobs', '20');
        document.body.append(figure);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const atRest = figure.querySelector('.pf-open')?.href ?? null;
        await figure.run();
        found.push({ playground, atRest, after: figure.querySelector('.pf-open')?.href ?? null });
        figure.remove();
      }
      return found;
    });
    for (const { playground, atRest, after } of links) {
      assert.equal(atRest, null, `${playground} at rest`);
      assert.equal(after, null, `${playground} after a run`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a figure's events reach the document, and the playhead's state is the listener's own", async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const out = await page.evaluate(async () => {
      const heard = [];
      let rested = null;
      for (const type of ['pool-start', 'pool-done', 'pool-playhead']) {
        document.addEventListener(type, (event) => {
          heard.push(type);
          if (type === 'pool-playhead') rested = event.detail;
        });
      }
      const figure = document.querySelectorAll('pool-figure')[2];
      // Off screen a figure draws nothing, and its playhead never comes to rest.
      figure.scrollIntoView();
      await figure.run();
      const deadline = performance.now() + 10_000;
      while (!rested && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const before = JSON.stringify(figure.timeline.state);
      if (rested) rested.state.producer.sent = -1;
      return {
        heard,
        rested: rested !== null,
        same: JSON.stringify(figure.timeline.state) === before,
      };
    });
    assert.ok(out.heard.includes('pool-start'), out.heard.join(', '));
    assert.ok(out.heard.includes('pool-done'), out.heard.join(', '));
    assert.ok(out.rested, 'no pool-playhead reached the document');
    assert.ok(out.same, "a listener's change reached the figure's timeline");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a figure at rest follows its attributes and properties as a script changes them', async () => {
  const { page, close, problems } = await openEmbed('chromium', servers.isolated.url);
  try {
    const workers = await page.evaluate(async () => {
      const figure = document.createElement('pool-figure');
      figure.setAttribute('workers', '2');
      figure.setAttribute('jobs', '20');
      document.body.prepend(figure);
      figure.scrollIntoView();
      const drawn = async (n) => {
        const deadline = performance.now() + 10_000;
        const count = () =>
          figure.diagram.scene.boxes.filter((b) => b.title.startsWith('worker ')).length;
        while (count() !== n && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return count();
      };
      const before = await drawn(2);
      figure.setAttribute('workers', '6');
      const after = await drawn(6);
      // The settings are properties too, reflected to their attributes.
      figure.workers = 3;
      figure.jobsBuffer = 4;
      const reflected = [
        figure.getAttribute('workers'),
        figure.getAttribute('jobs-buffer'),
        figure.workers,
        figure.jobs,
        figure.driver,
      ];
      return [before, after, await drawn(3), reflected];
    });
    assert.deepEqual(workers, [2, 6, 3, ['3', '4', 3, 20, null]]);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
