// Which worker counts a CPU-bound sweep runs. A fixed list (1 2 4 8 16) misses the knee on most
// machines: with GOMAXPROCS 7 it has no 5, 6 or 7, and the knee lands on 8. Counts around the
// run's GOMAXPROCS G put points on both sides of it whatever the machine.

import { Kind } from './events.js';

/** 1, 2, G/2, G−1, G, G+1 and 2G (rounded down, deduplicated, ascending); with G of 1 or 2, also 3 and 4. */
export function sweepAround(gomaxprocs) {
  const g = Math.max(1, Math.floor(gomaxprocs));
  const counts = [1, 2, Math.floor(g / 2), g - 1, g, g + 1, 2 * g];
  if (g <= 2) counts.push(3, 4);
  return [...new Set(counts.filter((n) => n >= 1))].sort((a, b) => a - b);
}

/**
 * Results per second over the second half of a run's results, from its log: a live run starts
 * on a fresh engine whose code is still warming up, and its first results would understate
 * what the pool does once running. Null when the run is too short to say.
 */
export function steadyRate(timeline) {
  if (!timeline) return null;
  const times = [];
  for (let i = 0; i < timeline.length; i++) {
    if (timeline.kindOf(i) === Kind.ResultCollected) times.push(timeline.timeOf(i));
  }
  if (times.length < 20) return null;
  const from = Math.floor(times.length / 2);
  const seconds = (times.at(-1) - times[from]) / 1e6;
  return seconds > 0 ? (times.length - 1 - from) / seconds : null;
}
