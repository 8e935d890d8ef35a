// The diagram's geometry, on a canvas that records nothing but the calls it gets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagram, COLORS } from '../../www/views/diagram.js';
import { Kind } from '../../www/model/events.js';
import { initialState } from '../../www/model/pipeline.js';
import { contrast } from './contrast.mjs';

/** A 2D context that takes every call and draws nothing; `lines` counts the strokes. */
function fakeCanvas(clientWidth) {
  const calls = { lines: 0 };
  const ctx = new Proxy(
    { measureText: (text) => ({ width: String(text).length * 6 }) },
    {
      get: (target, key) =>
        key in target ? target[key] : key === 'stroke' ? () => calls.lines++ : () => {},
      set: (target, key, value) => ((target[key] = value), true),
    },
  );
  return { clientWidth, style: {}, getContext: () => ctx, calls };
}

for (const width of [800, 360]) {
  test(`unbounded at ${width} px: the goroutines' box has its wires and paths from the first frame`, () => {
    const canvas = fakeCanvas(width);
    const diagram = new Diagram(canvas);
    const state = initialState({ workers: 3, mode: 'unbounded', jobsBuffer: 0, resultsBuffer: 0 });
    diagram.resize(state.workers.length);
    assert.ok(diagram.path(Kind.JobReceived, 0), 'no path into the goroutines before a draw');
    diagram.draw(state);
    const first = canvas.calls.lines;
    diagram.draw(state);
    assert.equal(first, canvas.calls.lines - first, 'the first frame drew fewer lines');
  });
}

test('every colour the diagram draws with stands 3:1 against its panel (WCAG 1.4.11)', () => {
  const { panel, ...drawn } = COLORS;
  for (const [name, color] of Object.entries(drawn)) {
    assert.ok(
      contrast(color, panel) >= 3,
      `${name} ${color}: ${contrast(color, panel).toFixed(2)}:1`,
    );
  }
});
