// The tutorial's text and data: no run of eight words from the lesson we teach from appears in
// any chapter (our sentences are our own), and every chapter is well formed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { shingles, words, RUN } from './shingles.mjs';
import { CHAPTERS, experimentsOf } from '../../tutorial/chapters/index.js';

const SEED = new Set(JSON.parse(readFileSync('tests/unit/seed-shingles.json', 'utf8')));
const DIR = 'tutorial/chapters';

test('no run of eight words from the seed appears in a chapter', () => {
  assert.ok(SEED.size > 500, `${SEED.size} runs hashed from the seed`);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(`${DIR}/${file}`, 'utf8');
    const w = words(text);
    const copied = [];
    for (let i = 0; i + RUN <= w.length; i++) {
      const run = w.slice(i, i + RUN).join(' ');
      if ([...shingles(run)].some((h) => SEED.has(h))) copied.push(run);
    }
    assert.deepEqual(copied, [], file);
  }
});

test('the check itself finds a copied run', () => {
  // Eight words of the seed's worker slide, as a planted copy would have them.
  const planted = 'a simple loop that listens on a channel it';
  assert.ok([...shingles(planted)].some((h) => SEED.has(h)));
});

test('every chapter is well formed: a figure first, a guess, challenges with checks', () => {
  const slugs = new Set();
  CHAPTERS.forEach((chapter) => {
    assert.match(chapter.slug, /^[a-z0-9-]+$/);
    assert.ok(!slugs.has(chapter.slug), `duplicate ${chapter.slug}`);
    slugs.add(chapter.slug);
    const experiments = experimentsOf(chapter);
    assert.ok(experiments.length > 0, `${chapter.slug} has a figure`);
    // The two chapters where the reader designs the answer ask no guess (TUTORIAL.md).
    if (!['capstone', 'write-it-yourself'].includes(chapter.slug))
      assert.ok(
        experiments.some((b) => b.predict),
        `${chapter.slug} asks a guess`,
      );
    for (const b of experiments) {
      // A pool's config, or a Go program (a <go-figure>) of package main.
      if (b.program !== undefined) assert.match(b.program, /^package main\n/);
      else assert.equal(typeof b.config, 'object');
      if (b.predict) {
        assert.ok(['number', 'choice'].includes(b.predict.kind));
        assert.equal(typeof b.predict.actual, 'function');
        assert.equal(typeof b.predict.explain, 'function');
      }
      if (b.challenge) {
        assert.equal(typeof b.challenge.check, 'function');
        assert.equal(typeof b.challenge.met, 'function');
      }
    }
  });
});

test('no outdated or wrong Go fact the review found is taught, and their corrections are', () => {
  const text = (file) => readFileSync(`${DIR}/${file}`, 'utf8');
  const all = readdirSync(DIR)
    .filter((f) => f.endsWith('.js'))
    .map(text)
    .join('\n');
  // Each wrong sentence as it was taught (tutorial review, P2–P9 and P13; P7's dump is
  // src/sim/crash.rs's, checked by the Rust tests and tests/go/export).
  for (const wrong of [
    /NumCPU\(\) in Go \(which GOMAXPROCS defaults to\)/, // P2: GOMAXPROCS follows CPU limits
    /a stack that starts at 2 KiB/, // P3: at least 2 KiB
    /Go does not slow down or[\s`+]+refuse; it stops the whole process/, // P3: the OOM kill
    /Had a worker been quicker than the closer/, // P4: the race backwards
    /the seed['’]s (own )?program/, // P5: undefined jargon
    /It costs nothing while it waits/, // P13: it costs memory
    /deadline with <code>time\.After<\/code>/, // P13: ctx or a reused Timer
    /requests will be in flight at once\?"\. On average that is/, // P13: busy workers
  ])
    assert.doesNotMatch(all, wrong);
  for (const [file, right] of [
    ['07-sizing.js', /runtime\.GOMAXPROCS\(0\)/],
    ['07-sizing.js', /Since Go 1\.25/],
    ['01-why-a-pool.js', /exit status 137/],
    ['01-why-a-pool.js', /too many\s+open\s+files/],
    ['05-wait-groups.js', /panic: send on closed channel/],
    ['05-wait-groups.js', /only when <em>nothing<\/em> could ever run again/],
    ['05-wait-groups.js', /wg\.Go\(func\(\)/],
    ['05-wait-groups.js', /since Go 1\.22 each loop iteration has its\s+own/],
    ['05-wait-groups.js', /WaitGroup\.Add called from inside new\s+goroutine/],
    ['08-backpressure.js', /ctx\.Done\(\)/],
  ])
    assert.match(text(file), right, file);
});
