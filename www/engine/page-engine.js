// The page's one engine and the queue every figure takes its turn in, in a module of their own
// so that any module can reach them without importing the figure.

import { Poolsim } from './poolsim.js';
import { EngineQueue } from './engine-queue.js';

/**
 * The queue lives on the engine itself, under a key every copy of this module shares (a page may
 * load it twice, from two URLs): two queues on one engine would each think it free.
 */
const QUEUE = Symbol.for('poolsim.queue');

/** The page's one engine: the page's `window.poolsim` if it has one, else made on first use. */
export function pageEngine() {
  window.poolsim ??= new Poolsim();
  window.poolsim[QUEUE] ??= new EngineQueue(window.poolsim);
  return { poolsim: window.poolsim, queue: window.poolsim[QUEUE] };
}
