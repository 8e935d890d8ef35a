// The page's one engine and the queue every figure takes its turn in, in a module of their own
// so that any module can reach them without importing the figure.

import { Poolsim } from './poolsim.js';
import { EngineQueue } from './engine-queue.js';

let queue = null;

/** The page's one engine: the page's `window.poolsim` if it has one, else made on first use. */
export function pageEngine() {
  window.poolsim ??= new Poolsim();
  queue ??= new EngineQueue(window.poolsim);
  return { poolsim: window.poolsim, queue };
}
