// A figure's runs on the page's engine: its place in line, Run and Cancel as its requests stand,
// the engine's messages of its own run handed to the host, and what the run came to in words.

import { pageEngine } from '../../engine/page-engine.js';
import { showFormError } from '../../views/config-form.js';

export class RunController {
  #f;
  /** This figure's runs and sweeps still going (a sweep is several requests in turn). */
  #busy = 0;
  /** Config shows (settings.js) and runs so far: an answer for an older one is stale. */
  shows = 0;

  /** `f`: the figure's parts (see pool-figure.js). */
  constructor(f) {
    this.#f = f;
  }

  /**
   * Runs `asked` (a promise of a config) after the figures ahead. `remember`: the run goes into
   * the page's history; `playheadMs`: where the playhead stands once it is done.
   */
  async run(asked, { remember = false, playheadMs = null } = {}) {
    const f = this.#f;
    const { queue } = pageEngine();
    const { parts, host } = f;
    if (parts.form ?? parts.fields) showFormError(parts.form ?? parts.fields, null);
    host.tell('Waiting for the engine…');
    const done = this.begin();
    const running = queue.run(f.element, asked, {
      onWaiting: (place) => {
        parts.status.textContent =
          place === 1
            ? 'Waiting for the engine (next)'
            : `Waiting for the engine (${place - 1} ahead)`;
      },
    });
    // Settled below, or left behind when the config itself is refused.
    running.catch(() => {});
    try {
      const config = await asked;
      host.emit('pool-start', config);
      await f.link.ran(config, { remember });
      const summary = await running;
      // A figure removed meanwhile has nothing left to show it on.
      if (!f.gone) {
        if (playheadMs !== null) host.player.seekUs(playheadMs * 1000);
        parts.status.textContent = summary.cancelled ? 'Cancelled' : 'Done';
        this.outcome(summary);
        if (!summary.cancelled) f.sweeps.curve(config);
      }
      host.emit('pool-done', summary);
      return summary;
    } catch (error) {
      return this.refused(error);
    } finally {
      done();
    }
  }

  /** A run or sweep of this figure begins; the function returned ends it. */
  begin() {
    this.#busy += 1;
    this.shows += 1;
    this.sync();
    return () => {
      this.#busy -= 1;
      this.sync();
    };
  }

  /** No run: the figure says why, and the caller's promise rejects with `error`. */
  refused(error) {
    const f = this.#f;
    if (!f.gone) {
      const { parts } = f;
      parts.status.textContent = '';
      parts.outcome.textContent = `No run: ${error.message}`;
      if (parts.form ?? parts.fields) showFormError(parts.form ?? parts.fields, error);
      f.host.tell(`No run: ${error.message}`);
    }
    f.host.emit('pool-error', error);
    throw error;
  }

  /** Run and Cancel as this figure's runs stand: any call of its still going, or any request. */
  sync() {
    const f = this.#f;
    const running = this.#busy > 0 || pageEngine().queue.stateOf(f.element) != null;
    const { parts } = f;
    if (f.gone || parts.running === running) return;
    parts.running = running;
    parts.run.disabled = running;
    parts.cancel.disabled = !running;
    if (parts.pause) {
      parts.pause.disabled = !running;
      parts.pause.setAttribute('aria-pressed', 'false');
      parts.pause.textContent = 'Pause collector';
    }
  }

  /** What the run came to, in a line. */
  outcome(summary) {
    const { parts, link } = this.#f;
    const modeled = summary.driver === 'sim';
    parts.outcome.textContent =
      `${summary.results} of ${summary.jobs} jobs collected` +
      (modeled
        ? ' (modeled)'
        : ` on GOMAXPROCS ${summary.config.gomaxprocs} (measured on your ` +
          `${navigator.hardwareConcurrency} cores)`);
    const open = link.openLink(
      modeled && summary.note ? 'Run it live in the playground' : 'Open in the playground',
    );
    if (open) parts.outcome.append(' — ', open);
  }

  /** A message of the engine's: the host shows it if it is this figure's run's. */
  said(message) {
    const f = this.#f;
    if (f.gone || !this.#mine(message)) return;
    const { poolsim, queue } = pageEngine();
    const { parts, host } = f;
    if (message.type === 'started') {
      parts.status.textContent = 'Running…';
      host.start(poolsim.timeline());
    } else if (message.type === 'events') {
      host.progress();
    } else if (message.type === 'error') {
      host.fail();
    } else if (message.type === 'done') {
      const summary = message.summary;
      parts.status.textContent = summary.cancelled ? 'Cancelled' : 'Done';
      if (parts.note) {
        parts.note.hidden = !poolsim.lastNote;
        parts.note.textContent = poolsim.lastNote ?? '';
      }
      if (!queue.stateOf(f.element)) this.outcome(summary);
      host.finish(summary);
    }
  }

  /** Whether a message of the engine's current run is this figure's to show. */
  #mine(message) {
    // Its own run's, by id: while its config is worked out, a script's run is not its.
    const { queue } = pageEngine();
    const element = this.#f.element;
    if (queue.stateOf(element) === 'running') return queue.runIdOf(element) === message.runId;
    // Runs scripts start themselves belong to no figure; a following figure shows them.
    return element.hasAttribute('follow-engine') && !queue.busy;
  }
}
