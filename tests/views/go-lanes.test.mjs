// The program view's drawing (www/views/go-lanes.js) on real runs: programs run by the engine
// (the single-threaded build, in Node, virtual time), painted on a canvas that keeps every
// call, and read back — which colour went where, what was written, which arrows were drawn.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGo } from '../../target/pkg-st/poolsim.js';
import '../chapters/engine.mjs'; // initialises the wasm
import { GoRun } from '../../www/model/go-run.js';
import { GoLanes, LANE_COLORS, MAX_LANES, rowsOf } from '../../www/views/go-lanes.js';
import { contrast } from '../unit/contrast.mjs';

/** A 2D context that keeps what it was asked to paint. */
function paper(clientWidth) {
  const painted = { rects: [], texts: [], arrows: [], outlines: [] };
  let path = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    measureText: (text) => ({ width: String(text).length * 6 }),
    fillRect(x, y, w, h) {
      painted.rects.push({ x, y, w, h, color: this.fillStyle });
    },
    strokeRect(x, y, w, h) {
      painted.outlines.push({ x, y, w, h, color: this.strokeStyle });
    },
    fillText(text, x, y) {
      painted.texts.push({ text, x, y, color: this.fillStyle });
    },
    beginPath: () => (path = []),
    moveTo: (x, y) => path.push([x, y]),
    lineTo: (x, y) => path.push([x, y]),
    closePath() {},
    stroke() {
      painted.arrows.push({ from: path[0], to: path.at(-1), color: this.strokeStyle });
    },
    fill() {},
    setTransform() {},
  };
  return { clientWidth, style: {}, getContext: () => ctx, painted };
}

const HANDOFF = `package main

import "fmt"

func main() {
	ch := make(chan int)
	done := make(chan bool)
	go func() {
		for v := range ch {
			fmt.Println(v)
		}
		done <- true
	}()
	ch <- 1
	ch <- 2
	close(ch)
	<-done
}
`;

/** Paints `source`'s run after `position` records (its end if omitted). */
function paint(source, position, width = 640) {
  const result = runGo(source, {});
  const run = new GoRun(result);
  const canvas = paper(width);
  const at = position ?? run.length;
  const guilty = new Set([...result.stderr.matchAll(/^goroutine (\d+) \[/gm)].map((m) => +m[1]));
  const layout = new GoLanes(canvas).draw(run, at, run.stateAfter(at), guilty);
  return { run, result, layout, painted: canvas.painted, at };
}

/** The rectangles painted inside a row's band, in the plot. */
const inRow = (painted, row, layout) =>
  painted.rects.filter(
    (r) => r.y >= row.y && r.y + r.h <= row.y + row.h + 0.01 && r.x >= layout.plot.x0,
  );

test('a lane per goroutine: running, blocked on the channel, ready, in the log’s order', () => {
  const { run, layout, painted } = paint(HANDOFF);
  assert.deepEqual(
    layout.rows.map((r) => r.label),
    ['main', `g${run.lanes().lanes[1].id} · line 8`],
  );
  for (const row of layout.rows) {
    assert.ok(painted.texts.some((t) => t.text === row.label && t.color === LANE_COLORS.ink));
  }
  const [main, worker] = layout.rows;
  // main blocks sending 1 (line 14) until the worker takes it: an amber stretch in its lane,
  // starting where the log says it blocked.
  const blockedAt = [...Array(run.length).keys()].find((i) => run.event(i).kind === 3) + 1;
  const amber = inRow(painted, main, layout).filter((r) => r.color === LANE_COLORS.chan);
  assert.ok(amber.length >= 1, 'main drawn blocked');
  assert.equal(amber[0].x, layout.x(blockedAt));
  for (const color of ['running', 'ready', 'chan']) {
    assert.ok(
      inRow(painted, worker, layout).some((r) => r.color === LANE_COLORS[color]),
      `the worker's lane has no ${color} stretch`,
    );
  }
  // Three values handed over between parked goroutines: 1 and 2 to the worker, true to main.
  const handoffs = painted.arrows.filter((a) => a.color === LANE_COLORS.handoff);
  assert.equal(handoffs.length, 3);
  const down = (a) => a.to[1] > a.from[1];
  assert.deepEqual(handoffs.map(down), [true, true, false]);
});

test('nothing is drawn past the playhead; stepping back takes it away', () => {
  const whole = paint(HANDOFF);
  const early = paint(HANDOFF, 6);
  const playhead = early.layout.x(6);
  const states = ['running', 'ready', 'chan', 'sync', 'sleep'].map((c) => LANE_COLORS[c]);
  const lanes = early.painted.rects.filter(
    (r) => r.x >= early.layout.plot.x0 && states.includes(r.color) && r.w !== 7,
  );
  for (const r of lanes)
    assert.ok(r.x + r.w <= playhead + 0.01, `${JSON.stringify(r)} past ${playhead}`);
  assert.equal(early.painted.arrows.filter((a) => a.color === LANE_COLORS.handoff).length, 1);
  assert.ok(lanes.length < whole.painted.rects.length);
  // The playhead itself: a 2 px line at the position.
  assert.ok(
    early.painted.rects.some(
      (r) => r.color === LANE_COLORS.ink && r.w === 2 && Math.abs(r.x + 1 - playhead) <= 1,
    ),
  );
});

test('channel boxes: the buffer’s values as filled slots, and who waits on each side', () => {
  const source = `package main

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	go func() { ch <- 3; ch <- 4 }()
	select {}
}
`;
  const { painted, result } = paint(source);
  assert.match(result.stderr, /deadlock/);
  assert.ok(
    painted.texts.some((t) => t.text === 'ch 1 · line 4 · 3/3'),
    JSON.stringify(painted.texts),
  );
  assert.ok(painted.texts.some((t) => t.text === '1 to send · 0 to receive'));
  const slots = painted.rects.filter((r) => r.color === LANE_COLORS.chan && r.w === 7);
  assert.equal(slots.length, 3, 'three values in the buffer');
  const early = paint(source, 2);
  assert.ok(early.painted.texts.some((t) => t.text === 'ch 1 · line 4 · 1/3'));
  assert.equal(
    early.painted.rects.filter((r) => r.color === LANE_COLORS.chan && r.w === 7).length,
    1,
  );
});

test('Go’s report names the guilty goroutines: outlined in red at the end, not before', () => {
  const source = `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- i
		}()
	}
	wg.Wait()
}
`;
  const end = paint(source);
  const red = end.painted.outlines.filter((o) => o.color === LANE_COLORS.guilty);
  assert.equal(red.length, 3, 'main and both senders');
  assert.deepEqual(
    end.painted.texts
      .filter((t) => t.color === LANE_COLORS.guilty)
      .map((t) => t.text)
      .sort(),
    end.layout.rows.map((r) => r.label).sort(),
  );
  const before = paint(source, end.run.length - 1);
  assert.equal(before.painted.outlines.filter((o) => o.color === LANE_COLORS.guilty).length, 0);
});

test('a thousand goroutines fold into one lane for the line that started them', () => {
  const source = `package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	results := make(chan int, 10)
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * 2
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	time.Sleep(time.Millisecond) // the collector is late: the senders fill results and block
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println(sum)
}
`;
  const { layout, painted, result, run } = paint(source);
  assert.equal(result.stdout, '999000\n');
  assert.ok(run.lanes().lanes.length > MAX_LANES);
  assert.deepEqual(
    layout.rows.map((r) => r.label),
    ['main', '1000 × line 14', `g${run.lanes().lanes.at(-1).id} · line 19`],
  );
  // The group's lane shows its goroutines blocked on the full channel at some point, and every
  // column's stack within the lane's height.
  const group = layout.rows[1];
  const drawn = inRow(painted, group, layout);
  assert.ok(drawn.some((r) => r.color === LANE_COLORS.chan));
  const byColumn = new Map();
  for (const r of drawn) byColumn.set(r.x, (byColumn.get(r.x) ?? 0) + r.h);
  for (const [x, h] of byColumn) assert.ok(h <= group.h + 1e-6, `column ${x}: ${h} px`);
  assert.ok(painted.rects.length < 20000, `${painted.rects.length} rectangles`);
});

test('at 320 px the lanes and the boxes stay inside the canvas', () => {
  const { painted, layout } = paint(HANDOFF, undefined, 320);
  for (const r of [...painted.rects, ...painted.outlines]) {
    assert.ok(r.x >= 0 && r.x + r.w <= 320 + 0.5, JSON.stringify(r));
    assert.ok(r.y + r.h <= layout.height + 0.5, JSON.stringify(r));
  }
});

test('rows: one per goroutine up to the limit, and main never folded', () => {
  const lanes = (n) =>
    Array.from({ length: n }, (_, i) => ({ id: i + 1, createdLine: i < 2 ? 0 : 9, segments: [] }));
  assert.equal(rowsOf(lanes(MAX_LANES)).length, MAX_LANES);
  assert.deepEqual(
    rowsOf(lanes(MAX_LANES + 1)).map((r) => r.label),
    ['main', 'g2 · line 0', `${MAX_LANES - 1} × line 9`],
  );
});

test('every colour the view draws with stands 3:1 on its panel (WCAG 1.4.11)', () => {
  const { panel, ...drawn } = LANE_COLORS;
  for (const [name, color] of Object.entries(drawn)) {
    assert.ok(
      contrast(color, panel) >= 3,
      `${name} ${color}: ${contrast(color, panel).toFixed(2)}:1`,
    );
  }
});
