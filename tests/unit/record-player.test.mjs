// The Go program view's playhead (www/views/record-player.js), over a stand-in run whose state
// is its record number, with animation frames run by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordPlayer } from '../../www/views/record-player.js';

/** Animation frames the player asked for, run by `flush`. */
const frames = new Map();
let nextFrame = 1;
globalThis.requestAnimationFrame = (fn) => (frames.set(nextFrame, fn), nextFrame++);
globalThis.cancelAnimationFrame = (id) => frames.delete(id);
function flush() {
  const due = [...frames.values()];
  frames.clear();
  for (const fn of due) fn(0);
  return due.length;
}

const runOf = (length) => ({ length, stateAfter: (n) => ({ at: n }) });

function player() {
  const drawn = [];
  const p = new RecordPlayer((frame) => drawn.push(frame));
  return { p, drawn };
}

test('a run is shown at its end; seek, step and the ends draw at once, within the run', () => {
  const { p, drawn } = player();
  const run = runOf(10);
  p.load(run);
  assert.deepEqual(drawn.at(-1), {
    run,
    position: 10,
    state: { at: 10 },
    moving: false,
    playing: false,
  });
  p.seek(4);
  assert.equal(drawn.at(-1).position, 4);
  assert.deepEqual(drawn.at(-1).state, { at: 4 });
  p.step(-10);
  assert.equal(drawn.at(-1).position, 0, 'not before the first record');
  p.step(3);
  assert.equal(drawn.at(-1).position, 3);
  p.toEnd();
  assert.equal(drawn.at(-1).position, 10);
  p.seek(99);
  assert.equal(drawn.at(-1).position, 10, 'not past the last');
  p.toStart();
  assert.equal(drawn.at(-1).position, 0);
  assert.equal(flush(), 0, 'no frame asked for without playing');
});

test('Play runs from the start when at the end, a frame at a time, and stops at the end', () => {
  const { p, drawn } = player();
  p.load(runOf(720));
  p.play();
  assert.deepEqual(
    [drawn.at(-1).position, drawn.at(-1).playing, drawn.at(-1).moving],
    [0, true, true],
  );
  flush();
  // 720 records in about 360 frames: two a frame.
  assert.equal(drawn.at(-1).position, 2);
  let n = 1;
  while (flush() > 0) n++;
  assert.equal(n, 360);
  assert.deepEqual([drawn.at(-1).position, drawn.at(-1).playing], [720, false]);
});

test('pause stops playing where it is; off screen playing waits, and goes on when back', () => {
  const { p, drawn } = player();
  p.load(runOf(100));
  p.toStart();
  p.toggle();
  flush();
  flush();
  p.toggle();
  const at = drawn.at(-1).position;
  assert.deepEqual([at, drawn.at(-1).playing], [2, false]);
  assert.equal(flush(), 0);
  p.play();
  p.onScreen = false;
  flush();
  assert.equal(drawn.at(-1).position, 2, 'no record played off screen');
  assert.equal(flush(), 0, 'and no frame asked for');
  p.onScreen = true;
  flush();
  assert.equal(drawn.at(-1).position, 3);
  p.pause();
  assert.equal(flush(), 0, 'a pause takes back the frame asked for');
});

test('nothing is drawn without a run, and letting go of one draws nothing', () => {
  const { p, drawn } = player();
  p.seek(3);
  p.play();
  p.step(1);
  p.invalidate();
  p.load(null);
  assert.deepEqual(drawn, []);
  assert.equal(flush(), 0);
});
