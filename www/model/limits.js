// The page's limits and defaults that more than one layer needs: the API (poolsim.js), the
// settings (config-schema.js), links (scenario.js) and the drawing (player.js, diagram.js). Kept
// here, below all of them, so none imports upward for a number.

/** Most workers the live driver runs (goroutines, not threads); see src/config.rs. */
export const LIVE_WORKER_CAP = 100_000;
/** Most Ps (`GOMAXPROCS`) a live run takes: each is a Web Worker thread. */
export const GOMAXPROCS_CAP = 64;

/**
 * `GOMAXPROCS` when a config does not say, as the engine chooses it (src/config.rs): one P
 * fewer than the cores, so the page's own thread keeps a core to draw on; at least one.
 */
export function defaultGomaxprocs() {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(GOMAXPROCS_CAP, cores - 1));
}

/** The cores a simulated run models when its config names none: this machine's. */
export function pageCores() {
  return Math.min(1024, navigator.hardwareConcurrency || 4);
}

/** More tokens than this in the window and the diagram draws flows instead. */
export const MAX_TOKENS = 150;
