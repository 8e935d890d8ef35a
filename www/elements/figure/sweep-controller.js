// A figure's sweeps, each a series of runs on the page's engine: the sizing sweep of its `sweep`
// attribute (live where the page can, modeled past that), the full figure's simulated sweep of 1
// to 256 workers, and the load curve measured after a run.

import { toSim } from '../../engine/poolsim.js';
import { pageEngine } from '../../engine/page-engine.js';
import { LIVE_WORKER_CAP, pageCores, defaultGomaxprocs } from '../../model/limits.js';
import { sweepAround, steadyRate } from '../../model/sweep-counts.js';
import { curveFits, curveRates } from '../../model/load-curve.js';
import { readForm, showFormError } from '../../views/config-form.js';

export class SweepController {
  #f;

  constructor(f) {
    this.#f = f;
  }

  /**
   * The worker counts of the `sweep` attribute for a run of `config`, or null: numbers, or
   * `gomaxprocs` for counts around the run's GOMAXPROCS G (see `sweepAround`).
   */
  #counts(config) {
    const given = (this.#f.element.getAttribute('sweep') ?? '').trim();
    if (given === 'gomaxprocs') return sweepAround(config.gomaxprocs ?? defaultGomaxprocs());
    const counts = given
      .split(/\s+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    return counts.length > 0 ? counts : null;
  }

  /** The most workers a sweep runs live: `sweep-live-max` (a number, or `cores×2`). */
  #liveMax() {
    const given = this.#f.element.getAttribute('sweep-live-max') ?? String(LIVE_WORKER_CAP);
    const max = /^cores/.test(given) ? Math.max(4, 2 * pageCores()) : Number(given);
    return Math.min(LIVE_WORKER_CAP, Number.isFinite(max) ? max : LIVE_WORKER_CAP);
  }

  /**
   * A sizing sweep: the experiment once per worker count, in turn on the page's engine. Counts
   * up to what the page runs live (`sweep-live-max`: a number or `cores×2`; never above the live
   * cap) are measured on real threads, largest first — the engine's thread pool only grows, so
   * one start serves them all. The rest are modeled, with the service time measured by the
   * smallest live run, so the two agree where they meet. With `jobs-per-worker`, each point gets
   * that many jobs per worker, so every point runs about as long. Resolves to `{sweep:
   * [{workers, throughputPerSec, measured, gomaxprocs, elapsedMs, results}], cancelled,
   * gomaxprocs}` (`gomaxprocs`: the live points', or `null`).
   */
  async sizing(asked) {
    const f = this.#f;
    const { poolsim } = pageEngine();
    const { element, parts, host, runs, views } = f;
    const perWorker = Number(element.getAttribute('jobs-per-worker')) || null;
    const mark = Number(element.getAttribute('sweep-mark')) || null;
    const done = runs.begin();
    const points = [];
    let cancelled = false;
    try {
      const base = await asked;
      const counts = this.#counts(base) ?? [];
      host.emit('pool-start', base);
      views.sizing.show(points, mark);
      const threads = base.driver !== 'sim' && (await poolsim.supported());
      const liveMax = threads ? this.#liveMax() : 0;
      const live = counts.filter((n) => n <= liveMax).sort((x, y) => y - x);
      const modeled = counts.filter((n) => n > liveMax).sort((x, y) => x - y);
      const point = async (workers, config, step) => {
        parts.status.textContent = `Running ${workers} workers (${step} of ${counts.length})…`;
        if (perWorker) config.jobs = workers * perWorker;
        const summary = await this.#run({ ...config, workers });
        if (summary.cancelled) return false;
        points.push({
          workers,
          measured: summary.driver !== 'sim',
          gomaxprocs: summary.driver !== 'sim' ? summary.config.gomaxprocs : null,
          results: summary.results,
          elapsedMs: summary.elapsedMs,
          throughputPerSec:
            steadyRate(host.timeline) ?? summary.results / (summary.elapsedMs / 1000),
        });
        points.sort((x, y) => x.workers - y.workers);
        views.sizing.show(points, mark);
        return true;
      };
      let step = 0;
      for (const workers of live) {
        if (f.gone || !(await point(workers, structuredClone(base), ++step))) break;
      }
      cancelled = points.length < live.length;
      const smallest = points[0];
      for (const workers of cancelled ? [] : modeled) {
        const config = base.driver === 'sim' ? structuredClone(base) : toSim(base);
        if (smallest?.measured) {
          // What one job took here, measured: the model runs the same job.
          config.service = {
            kind: 'constant',
            meanMs: (smallest.workers * 1000) / smallest.throughputPerSec,
          };
        }
        if (f.gone || !(await point(workers, config, ++step))) {
          cancelled = true;
          break;
        }
      }
      const gomaxprocs = points.find((q) => q.measured)?.gomaxprocs ?? null;
      const result = { sweep: points, cancelled, gomaxprocs };
      if (!f.gone) {
        const measured = points.filter((q) => q.measured).length;
        parts.status.textContent = cancelled ? 'Cancelled' : 'Done';
        parts.outcome.textContent =
          `${points.length} runs: ${measured} measured on your ${navigator.hardwareConcurrency} ` +
          `cores` +
          (gomaxprocs ? ` (GOMAXPROCS ${gomaxprocs})` : '') +
          `, ${points.length - measured} modeled` +
          (measured > 0 && points.length > measured ? ' (from the job time measured here)' : '');
      }
      host.emit('pool-done', result);
      return result;
    } catch (error) {
      return runs.refused(error);
    } finally {
      done();
    }
  }

  /**
   * One point of a sweep. A live engine that would not start (Firefox ESR now and then leaves
   * a fresh engine's threads unstarted until the watchdog gives up) gets one more try: a sweep
   * is many runs, and one bad start should not cost the reader all of them.
   */
  async #run(config) {
    const { queue } = pageEngine();
    const element = this.#f.element;
    try {
      return await queue.run(element, config);
    } catch (error) {
      if (error.field !== undefined && error.field !== null) throw error;
      if (error.name === 'AbortError') throw error;
      return queue.run(element, config);
    }
  }

  /**
   * The curve view after a run of `config`: the same pool measured at loads around its capacity
   * (a load sweep on the page's engine), theory beside it, and this run marked.
   */
  curve(config) {
    const f = this.#f;
    const view = f.views.curve;
    if (!view) return;
    if (!curveFits(config)) {
      view.say('The curve is drawn for simulated runs with an arrival rate.', { clear: true });
      return;
    }
    view.say('Measuring the same pool at other loads…');
    pageEngine()
      .queue.loadSweep(f.element, config, curveRates(config))
      .then(
        (points) => {
          if (!f.gone) view.show(config, points);
        },
        // A curve that cannot be measured says so, rather than "Measuring…" for ever.
        (error) => {
          if (!f.gone) view.say(`No curve: ${error.message}`);
        },
      );
  }

  /** The full figure's "Sizing sweep": these settings simulated with 1 to 256 workers. */
  async simulated() {
    const f = this.#f;
    const { parts } = f;
    showFormError(parts.form, null);
    parts.sweepButton.disabled = true;
    try {
      const points = await pageEngine().queue.sweep(f.element, readForm(parts.form));
      if (!f.gone) f.views.sweepPanel.show(points);
    } catch (error) {
      if (!f.gone) showFormError(parts.form, error);
    } finally {
      parts.sweepButton.disabled = false;
    }
  }
}
