// One palette: the colours the canvases and charts draw with (www/views/palette.js) are the ones
// the stylesheets declare, and no module of the page writes one of them out again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { jsFiles } from './files.mjs';
import { PALETTE, paletteOf } from '../../www/views/palette.js';
import { COLORS, diagramColors } from '../../www/views/diagram.js';
import { LANE_COLORS, laneColors } from '../../www/views/go-lanes.js';

/** The custom properties declared in `css`'s first rule for `selector`. */
function declared(css, selector) {
  const at = css.indexOf(`${selector} {`);
  assert.ok(at >= 0, `no rule for ${selector}`);
  const body = css.slice(at, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/--([a-z]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]]));
}

test('the stylesheets declare every colour of the palette, each as palette.js has it', () => {
  const figure = declared(readFileSync('www/figure.css', 'utf8'), 'pool-figure, go-figure');
  const pages = declared(readFileSync('www/style.css', 'utf8'), ':root');
  for (const [name, value] of Object.entries(PALETTE)) {
    assert.equal(figure[name], value, `figure.css --${name}`);
    assert.equal(pages[name], value, `style.css --${name}`);
  }
});

test('the drawings take their colours from the palette, and from a page that sets them', () => {
  assert.deepEqual(COLORS, diagramColors(PALETTE));
  assert.deepEqual(LANE_COLORS, laneColors(PALETTE));
  // A page's custom properties win; what it does not set stays ours.
  globalThis.getComputedStyle = () => ({
    getPropertyValue: (name) => (name === '--ok' ? ' #00ff00 ' : ''),
  });
  try {
    const seen = paletteOf({});
    assert.equal(seen.ok, '#00ff00');
    assert.equal(seen.bad, PALETTE.bad);
    assert.equal(diagramColors(seen).ok, '#00ff00');
    assert.equal(laneColors(seen).running, '#00ff00');
  } finally {
    delete globalThis.getComputedStyle;
  }
});

test('no module of the page writes out a palette colour but palette.js', () => {
  const colours = new Set(Object.values(PALETTE).map((c) => c.toLowerCase()));
  const found = [];
  for (const file of jsFiles('www')) {
    if (file.endsWith('palette.js')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/#[0-9a-fA-F]{6}\b/g)) {
      if (colours.has(m[0].toLowerCase())) found.push(`${file}: ${m[0]}`);
    }
  }
  assert.deepEqual(found, []);
});
