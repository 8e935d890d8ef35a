// The tutorial's experiments run through the real engine in Node: the single-threaded build
// (`target/pkg-st`, made by `make build`) runs the simulated driver as the page's fallback
// does, so a chapter's own checks can be tried against any config a reader could choose.

import { readFileSync } from 'node:fs';
import { initSync, Engine } from '../../target/pkg-st/poolsim.js';
import { Timeline } from '../../www/model/timeline.js';
import { RunLog } from '../../www/model/run-log.js';
import { experimentsOf } from '../../tutorial/chapters/index.js';

initSync({ module: readFileSync(new URL('../../target/pkg-st/poolsim_bg.wasm', import.meta.url)) });

/** Runs `config` in virtual time; `{summary, log, config, state}` as a chapter's checks get it. */
export function simulate(config) {
  const engine = new Engine();
  engine.start({ ...config, driver: 'sim' });
  const timeline = new Timeline(config);
  for (;;) {
    const batch = engine.drain(1 << 16);
    if (batch.length === 0) break;
    timeline.append(batch);
  }
  const summary = engine.summary();
  engine.free();
  return { summary, log: new RunLog(timeline), config, state: null };
}

/** The experiment `name` of `chapter`. */
export function experiment(chapter, name) {
  const found = experimentsOf(chapter).find((b) => b.experiment === name);
  if (!found) throw new Error(`${chapter.slug} has no experiment ${name}`);
  return found;
}
