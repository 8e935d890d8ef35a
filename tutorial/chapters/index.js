// The tutorial's chapters, in reading order. A chapter is a module of data and prose (see
// 01-why-a-pool.js): adding one is adding a file here, nothing else.

import whyAPool from './01-why-a-pool.js';
import fanOut from './02-fan-out.js';
import theWorker from './03-the-worker.js';
import fanIn from './04-fan-in.js';
import waitGroups from './05-wait-groups.js';
import theOrchestrator from './06-the-orchestrator.js';
import sizing from './07-sizing.js';
import backpressure from './08-backpressure.js';
import capstone from './09-capstone.js';
import stopping from './10-stopping.js';
import errorsAndErrgroup from './11-errors-and-errgroup.js';
import orderAndPanics from './12-order-and-panics.js';
import writeItYourself from './13-write-it-yourself.js';

export const CHAPTERS = [
  whyAPool,
  fanOut,
  theWorker,
  fanIn,
  waitGroups,
  theOrchestrator,
  sizing,
  backpressure,
  capstone,
  stopping,
  errorsAndErrgroup,
  orderAndPanics,
  writeItYourself,
];

/** The experiments of `chapter`, with their predictions and challenges. */
export function experimentsOf(chapter) {
  return chapter.blocks.filter((b) => b.experiment);
}

/** The challenges of `chapter`, each with the experiment it belongs to. */
export function challengesOf(chapter) {
  return experimentsOf(chapter)
    .filter((b) => b.challenge)
    .map((b) => ({ ...b.challenge, experiment: b.experiment }));
}
