// The player before it has anything to play: a run can fail before its first event (a policy
// that forbids workers, say), and the figure tells its player the run is over all the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Player, speedFor } from '../../www/views/player.js';

test('a run that ends before it started leaves the player at rest, not throwing', () => {
  const frames = [];
  globalThis.requestAnimationFrame ??= (f) => setTimeout(() => f(0), 0);
  const player = new Player((frame) => frames.push(frame));
  player.live = true;
  player.finished();
  assert.equal(player.live, false);
  player.invalidate();
  player.toEnd();
  player.play();
  assert.equal(player.playing, false);
  assert.deepEqual(frames, []);
});

test('speedFor plays a run in about twelve seconds, short ones at the slowest speed, long ones at the fastest', () => {
  assert.equal(speedFor(12e6), 1);
  assert.equal(speedFor(1e3), 0.0001);
  assert.equal(speedFor(120e6), 10);
});
