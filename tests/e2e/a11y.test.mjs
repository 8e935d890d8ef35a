// Accessibility, checked by axe-core (WCAG 2.1 A and AA) in Chromium and Firefox, in every state
// the page can be in: fresh, after a run, with Go's crash report, after a refused run, with a
// sweep, and without isolation; and the edges of controls at 3:1 or more (which axe leaves out).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPage } from './browser.mjs';
import { startServers, violations } from './helpers.mjs';

const servers = startServers({ isolated: {}, plain: { isolated: false } });

/**
 * Controls whose edge is under 3:1 against what is behind them (WCAG 1.4.11): the fill where it
 * stands out, else the border. Disabled controls are exempt; sliders and checkboxes are drawn by
 * the browser.
 */
function lowContrastControls() {
  const rgb = (text) => text.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const opaque = (c) => (c[3] ?? 1) > 0;
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (opaque(c)) return c;
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll('input, select, button')) {
    if (el.disabled || el.type === 'range' || el.type === 'checkbox') continue;
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const back = behind(el);
    const fill = rgb(style.backgroundColor);
    const border =
      parseFloat(style.borderTopWidth) > 0 ? ratio(rgb(style.borderTopColor), back) : 1;
    const edge = Math.max(opaque(fill) ? ratio(fill, back) : 1, border);
    if (edge < 3) {
      low.push(
        `${el.id || el.name || el.dataset.action || el.textContent.trim()}: ${edge.toFixed(2)}`,
      );
    }
  }
  return low;
}

async function open(kind, url) {
  const opened = await freshPage(kind);
  await opened.page.goto(url);
  return opened;
}

const ready = (page) => page.waitForFunction(() => window.poolsim !== undefined);
const summaryReady = (page) =>
  page.waitForFunction(() => document.querySelector('.pf-summary').dataset.ready === 'true');

for (const kind of ['chromium', 'firefox']) {
  test(`${kind}: no WCAG 2.1 A/AA violation in any state of the playground`, async () => {
    const { page, close } = await open(kind, servers.isolated.url);
    try {
      await ready(page);
      const found = { fresh: await violations(page) };
      await page.evaluate(() => {
        document.querySelector('.pf-config').elements.driver.value = 'sim';
        document.querySelector('.pf-start').click();
      });
      await summaryReady(page);
      found.run = await violations(page);
      await page.evaluate(() => {
        const form = document.querySelector('.pf-config');
        form.elements.mistake.value = 'neverCloseJobs';
        document.querySelector('.pf-start').click();
      });
      await page.waitForFunction(() => !document.querySelector('.pf-crash').hidden);
      found.crash = await violations(page);
      await page.evaluate(() => {
        const form = document.querySelector('.pf-config');
        form.elements.mistake.value = '';
        form.elements.workers.value = '0';
        document.querySelector('.pf-start').click();
      });
      await page.waitForFunction(() =>
        /No run/.test(document.querySelector('.pf-summary').textContent),
      );
      found.refused = await violations(page);
      await page.evaluate(() => {
        document.querySelector('.pf-config').elements.workers.value = '3';
        document.querySelector('.pf-sweep-button').click();
      });
      await page.waitForFunction(
        () => document.querySelector('.pf-sweep').dataset.ready === 'true',
      );
      found.sweep = await violations(page);
      assert.deepEqual(found, { fresh: [], run: [], crash: [], refused: [], sweep: [] });
      assert.deepEqual(await page.evaluate(lowContrastControls), [], 'control edges under 3:1');
    } finally {
      await close();
    }
  });

  test(`${kind}: no WCAG 2.1 A/AA violation on a page without isolation`, async () => {
    const { page, close } = await open(kind, servers.plain.url);
    try {
      await ready(page);
      await page.waitForFunction(
        () => document.getElementById('status').dataset.isolated === 'false',
      );
      assert.deepEqual(await violations(page), []);
    } finally {
      await close();
    }
  });
}
