// Which worker counts a CPU-bound sweep runs. A fixed list (1 2 4 8 16) misses the knee on most
// machines: with GOMAXPROCS 7 it has no 5, 6 or 7, and the knee lands on 8. Counts around the
// run's GOMAXPROCS G put points on both sides of it whatever the machine.

/** 1, 2, G/2, G−1, G, G+1 and 2G (rounded down, deduplicated, ascending); with G of 1 or 2, also 3 and 4. */
export function sweepAround(gomaxprocs) {
  const g = Math.max(1, Math.floor(gomaxprocs));
  const counts = [1, 2, Math.floor(g / 2), g - 1, g, g + 1, 2 * g];
  if (g <= 2) counts.push(3, 4);
  return [...new Set(counts.filter((n) => n >= 1))].sort((a, b) => a - b);
}
