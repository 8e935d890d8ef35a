// The page's modules import only from their own layer or the ones below it: model < engine <
// views < elements < pages (README, "The page's modules"). Read from the source: static and
// dynamic imports, and the workers' `new URL('…', import.meta.url)`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { jsFiles } from './files.mjs';
import { join, dirname, normalize, relative } from 'node:path';

const LAYERS = ['model', 'engine', 'views', 'elements'];

/** A module's layer by its folder under www/: 0 model … 3 elements, 4 a page; null outside. */
function layerOf(path) {
  const rel = relative('www', path);
  if (rel.startsWith('..')) return null;
  const folder = rel.split('/')[0];
  const at = LAYERS.indexOf(folder);
  return at >= 0 ? at : rel.includes('/') ? null : LAYERS.length;
}

/** The relative module paths `source` names. */
export function importsOf(source) {
  const found = [];
  const patterns = [
    /\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /\bimport\s+['"](\.{1,2}\/[^'"]+)['"]/g,
    /new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** Imports of `file` (its path, its source) that point to a higher layer. */
function upward(file, source) {
  const from = layerOf(file);
  return importsOf(source)
    .map((spec) => normalize(join(dirname(file), spec)))
    .filter((target) => {
      const to = layerOf(target);
      return to !== null && from !== null && to > from;
    })
    .map((target) => `${file} → ${target}`);
}

test('no module of the page imports from a layer above its own', () => {
  const files = jsFiles('www');
  assert.ok(files.length > 40, `${files.length} modules read`);
  for (const layer of LAYERS) {
    assert.ok(
      files.some((f) => f.startsWith(`www/${layer}/`)),
      `no module in www/${layer}/`,
    );
  }
  const wrong = files.flatMap((file) => upward(file, readFileSync(file, 'utf8')));
  assert.deepEqual(wrong, []);
});

test('the check finds an upward import of each kind it reads', () => {
  for (const line of [
    "import { Diagram } from '../views/diagram.js';",
    "const charts = import('../views/charts.js');",
    "import '../elements/pool-figure.js';",
    "new Worker(new URL('../views/charts.js', import.meta.url));",
  ]) {
    assert.deepEqual(upward('www/model/timeline.js', line).length, 1, line);
  }
  assert.deepEqual(
    upward('www/views/diagram.js', "import { Kind } from '../model/events.js';"),
    [],
  );
  assert.deepEqual(upward('www/app.js', "import './elements/pool-figure.js';"), []);
});

test("a figure's views reach neither the engine nor one another: each draws what the host hands it", () => {
  const dir = 'www/views/figure';
  const views = jsFiles(dir);
  assert.ok(views.length >= 10, `${views.length} views`);
  const wrong = views.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .map((spec) => normalize(join(dirname(file), spec)))
      .filter((target) => target.startsWith('www/engine/') || target.startsWith(`${dir}/`))
      .map((target) => `${file} → ${target}`),
  );
  assert.deepEqual(wrong, []);
});
