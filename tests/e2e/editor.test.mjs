// The Go editor page (dist/go/): CodeMirror under the shipped Content-Security-Policy, Run in
// virtual time and live, a compile error marked at its line, and a link that reopens the
// program — in Chromium here, and in Firefox ESR (the last test).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, suite, violations } from './helpers.mjs';
import { launchFirefox } from './browser.mjs';

const { env, openPage } = suite();

/** What the editor's shadow root holds that matches `selector`: each one's text. */
const inEditor = (selector) =>
  [...document.querySelector('#ge-editor').shadowRoot.querySelectorAll(selector)].map(
    (e) => e.textContent,
  );

/** The editor page, its CSP violations and console errors collected. */
async function openEditor(hash = '') {
  const { page, problems } = await openPage(`${env.server.url}go/${hash}`);
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.waitForFunction(() => window.goEditor !== undefined);
  return { page, problems };
}

test('the editor runs its example in virtual time, then live', async () => {
  const { page, problems } = await openEditor();
  assert.match(await page.evaluate(() => window.goEditor.source), /func worker\(id int/);
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /exit status/.test(document.querySelector('#ge-status').textContent),
  );
  assert.equal(await page.textContent('#ge-stdout'), 'sum: 420\n');
  assert.match(
    await page.textContent('#ge-status'),
    /^exit status 0 · 0\.0 ms of virtual time · 6 goroutines at most$/,
  );
  await page.selectOption('#ge-driver', 'live');
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /real time/.test(document.querySelector('#ge-status').textContent),
  );
  assert.equal(await page.textContent('#ge-stdout'), 'sum: 420\n');
  // The deadlock example: Go's report, in the error pane.
  await page.selectOption('#ge-driver', 'sim');
  await page.selectOption('#ge-example', { label: 'A deadlock' });
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /exit status 2/.test(document.querySelector('#ge-status').textContent),
  );
  assert.equal(await page.textContent('#ge-stdout'), '0\n1\n2\n');
  assert.match(
    await page.textContent('#ge-stderr'),
    /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan receive\]:/,
  );
  await page.screenshot({ path: `${ARTIFACTS}/editor-desktop.png`, fullPage: true });
  assert.deepEqual(await violations(page), [], 'axe-core, after a deadlock');
  await page.setViewportSize({ width: 320, height: 700 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than a 320 px screen`);
  await page.screenshot({ path: `${ARTIFACTS}/editor-phone.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the run, record by record: goroutines, channels and output at the playhead', async () => {
  const { page, problems } = await openEditor();
  await page.selectOption('#ge-example', { label: 'A deadlock' });
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /exit status 2/.test(document.querySelector('#ge-status').textContent),
  );
  const rows = (caption) =>
    page.evaluate(
      (c) =>
        [...document.querySelectorAll('#ge-view table')]
          .find((t) => t.caption.textContent === c)
          .querySelectorAll('tbody tr')
          .values()
          .map((tr) => [...tr.cells].map((td) => td.textContent))
          .toArray(),
      caption,
    );
  // At the end: main blocked where Go's report says, the sender gone, the channel unbuffered.
  assert.match(await page.textContent('.gv-when'), /\(the end\)$/);
  const end = await rows('Goroutines');
  assert.deepEqual(end[0], ['1 (main)', 'blocked: chan receive (channel 1)', '13', '']);
  assert.equal(end.length, 2);
  assert.equal(end[1][1], 'exited');
  assert.match(end[1][3], /^goroutine 1, line 7$/);
  assert.deepEqual(await rows('Channels'), [['1', '6', 'unbuffered', 'open']]);
  assert.equal(await page.textContent('#ge-stdout'), '0\n1\n2\n');
  // The code marks main's line, and says who is there; the lanes outline the goroutine Go's
  // report names, in red, at the end only.
  assert.deepEqual(await page.evaluate(inEditor, '.cm-go-who'), ['◂ main: chan receive']);
  assert.match((await page.evaluate(inEditor, '.cm-go-here'))[0], /for r := range results/);
  const red = () =>
    page.evaluate(() => {
      const canvas = document.querySelector('#ge-view canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === 0xf8 && data[i + 1] === 0x51 && data[i + 2] === 0x49) n++;
      }
      return n;
    });
  assert.ok((await red()) > 50, 'the guilty lane is outlined');
  assert.match(
    await page.getAttribute('#ge-view canvas', 'aria-label'),
    /^Lanes of 2 goroutines at the end of the run: 0 running, 0 ready, 1 blocked, 1 exited; 1 channels/,
  );
  // Back to the start: nothing printed, main about to run; stepping on prints again.
  await page.fill('#ge-view input[type=range]', '0');
  assert.equal(await page.textContent('#ge-stdout'), '');
  assert.deepEqual(await rows('Channels'), []);
  assert.equal(await red(), 0);
  assert.deepEqual(await page.evaluate(inEditor, '.cm-go-who'), []);
  const total = Number(await page.getAttribute('#ge-view input[type=range]', 'max'));
  let printed = '';
  for (let n = 0; n < total && printed === ''; n++) {
    await page.click('#ge-view button:has-text("Step on")');
    printed = await page.textContent('#ge-stdout');
  }
  assert.equal(printed, '0\n');
  assert.ok((await page.evaluate(inEditor, '.cm-go-who')).length > 0, 'marks at a step');
  assert.deepEqual(await violations(page), [], 'axe-core, the view at a step');
  // Play runs the playhead on to the end, then offers to play again.
  await page.click('#ge-view button:has-text("Play")');
  await page.waitForFunction(() =>
    /\(the end\)$/.test(document.querySelector('.gv-when').textContent),
  );
  await page.waitForSelector('#ge-view button:has-text("Play")');
  assert.equal(await page.textContent('#ge-stdout'), '0\n1\n2\n');
  // The playback keys, from the picture: Home, → (one record on) and End.
  await page.focus('#ge-view canvas');
  await page.keyboard.press('Home');
  assert.match(await page.textContent('.gv-when'), /^Record 0 of /);
  assert.equal(await page.textContent('#ge-stdout'), '');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('.gv-when'), /^Record 1 of /);
  await page.keyboard.press('End');
  assert.match(await page.textContent('.gv-when'), /\(the end\)$/);
  assert.equal(await page.textContent('#ge-stdout'), '0\n1\n2\n');
  await page.screenshot({ path: `${ARTIFACTS}/editor-lanes.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: `${ARTIFACTS}/editor-lanes-phone.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a compile error is marked at its line, and the next run clears it', async () => {
  const { page, problems } = await openEditor();
  await page.evaluate(() => {
    window.goEditor.source = 'package main\n\nfunc main() {\n\twg.Wait()\n}\n';
  });
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /Does not compile/.test(document.querySelector('#ge-status').textContent),
  );
  assert.equal(await page.textContent('#ge-stderr'), 'prog.go:4:2: undefined: wg');
  // The mark: on line 4, from column 2.
  const marked = await page.evaluate(inEditor, '.cm-lintRange-error');
  assert.deepEqual(marked, ['wg.Wait()']);
  // And one mark in the gutter, which comes with the gutter's next update.
  await page.waitForFunction(
    () =>
      document.querySelector('#ge-editor').shadowRoot.querySelectorAll('.cm-lint-marker-error')
        .length === 1,
  );
  await page.evaluate(() => {
    window.goEditor.source =
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("fixed")\n}\n';
  });
  await page.click('#ge-run');
  await page.waitForFunction(() =>
    /exit status 0/.test(document.querySelector('#ge-status').textContent),
  );
  assert.deepEqual(await page.evaluate(inEditor, '.cm-lintRange-error'), []);
  assert.equal(await page.textContent('#ge-stdout'), 'fixed\n');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link reopens the program; a broken one says so and opens the example', async () => {
  const { page, problems } = await openEditor();
  const program =
    'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("héllo, 世界")\n}\n';
  await page.evaluate((p) => (window.goEditor.source = p), program);
  await page.click('#ge-link');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#go=[A-Za-z0-9_-]+$/);
  const again = await openEditor(hash);
  assert.equal(await again.page.evaluate(() => window.goEditor.source), program);
  assert.equal(await again.page.$eval('#ge-example', (s) => s.value), '');
  await again.page.click('#ge-run');
  await again.page.waitForFunction(() =>
    /exit status 0/.test(document.querySelector('#ge-status').textContent),
  );
  assert.equal(await again.page.textContent('#ge-stdout'), 'héllo, 世界\n');
  const broken = await openEditor('#go=%%%');
  assert.match(await broken.page.textContent('#ge-status'), /This link was not opened/);
  assert.match(await broken.page.evaluate(() => window.goEditor.source), /func worker/);
  assert.deepEqual([...problems, ...again.problems, ...broken.problems], []);
  for (const p of [page, again.page, broken.page]) await p.close();
});

test('Firefox: the editor runs a program and marks a compile error', async () => {
  const firefox = await launchFirefox();
  try {
    const page = await firefox.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${env.server.url}go/`);
    await page.waitForFunction(() => window.goEditor !== undefined);
    await page.click('#ge-run');
    await page.waitForFunction(() =>
      /exit status/.test(document.querySelector('#ge-status').textContent),
    );
    assert.equal(await page.$eval('#ge-stdout', (e) => e.textContent), 'sum: 420\n');
    await page.evaluate(() => {
      window.goEditor.source = 'package main\n\nfunc main() {\n\tx := 1\n}\n';
    });
    await page.click('#ge-run');
    await page.waitForFunction(() =>
      /Does not compile/.test(document.querySelector('#ge-status').textContent),
    );
    assert.deepEqual(await page.evaluate(inEditor, '.cm-lintRange-error'), ['x := 1']);
    assert.deepEqual(await violations(page), [], 'axe-core, a compile error marked');
    assert.deepEqual(problems, []);
  } finally {
    await firefox.close();
  }
});

test('the playground and the tutorial link to the editor', async () => {
  const { page, problems } = await openPage();
  await page.click('a[href="go/"]');
  await page.waitForFunction(() => window.goEditor !== undefined);
  assert.equal(new URL(page.url()).pathname, '/go/');
  await page.goto(`${env.server.url}tutorial/`);
  await page.click('footer a[href="../go/"]');
  await page.waitForFunction(() => window.goEditor !== undefined);
  assert.equal(new URL(page.url()).pathname, '/go/');
  assert.deepEqual(problems, []);
  await page.close();
});
