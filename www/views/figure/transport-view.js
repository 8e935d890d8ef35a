// The playback toolbar as a figure's view: the scrub and the clock follow the playhead, and in
// a full figure the goroutine stepper lists the run's goroutines. Its buttons and keys are
// wired by the figure's host, which owns the playhead.

import { buildTransport } from '../transport.js';
import { ACTOR_PRODUCER, ACTOR_CLOSER, ACTOR_COLLECTOR } from '../../model/events.js';

/**
 * Workers the goroutine menu lists one by one; a bigger pool gets those plus as many spread
 * evenly up to the last (a menu of 100,000 options is no menu, and costs a run's start).
 */
const MENU_WORKERS = 32;

/** The worker ids the goroutine menu offers for a pool of `n`. */
export function menuWorkers(n) {
  if (n <= 2 * MENU_WORKERS) return Array.from({ length: n }, (_, i) => i + 1);
  const first = Array.from({ length: MENU_WORKERS }, (_, i) => i + 1);
  const step = (n - MENU_WORKERS) / MENU_WORKERS;
  const spread = Array.from({ length: MENU_WORKERS }, (_, i) =>
    Math.round(MENU_WORKERS + (i + 1) * step),
  );
  return [...first, ...spread];
}

export function formatUs(us) {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

export class TransportView {
  /** `player`: the figure's playhead, which the speed, scrub and follow controls move. */
  constructor({ full, player }) {
    const parts = buildTransport({ full });
    this.parts = parts;
    this.nodes = [parts.root];
    parts.speed.addEventListener('change', () => (player.speed = Number(parts.speed.value)));
    parts.scrub.addEventListener('input', () => {
      if (player.timeline)
        player.seekUs((Number(parts.scrub.value) / 1000) * player.timeline.endUs);
    });
    parts.follow.addEventListener('change', () => {
      if (parts.follow.checked) player.toEnd();
      else player.follow = false;
    });
  }

  /** The goroutine stepper's menu for a run of `timeline.config`. */
  load(timeline, { run }) {
    const menu = this.parts.goroutine;
    if (!menu || !run) return;
    const config = timeline.config;
    const options = [
      [ACTOR_PRODUCER, 'producer'],
      ...menuWorkers(config.mode === 'unbounded' ? 0 : config.workers).map((w) => [
        w,
        `worker ${w}`,
      ]),
      [ACTOR_CLOSER, 'closer'],
      [ACTOR_COLLECTOR, 'collector'],
    ];
    menu.replaceChildren(...options.map(([value, label]) => new Option(label, String(value))));
  }

  draw({ timeline, player }) {
    const t = this.parts;
    const end = Math.max(1, timeline.endUs);
    t.scrub.value = String(Math.round((1000 * timeline.timeUs) / end));
    t.scrub.setAttribute(
      'aria-valuetext',
      `${formatUs(timeline.timeUs)} of ${formatUs(timeline.endUs)}`,
    );
    t.clock.textContent = `${formatUs(timeline.timeUs)} / ${formatUs(timeline.endUs)} · event ${timeline.position} of ${timeline.length}`;
    t.follow.checked = player.follow;
    t.play.textContent = player.playing ? '‖' : '▶︎';
    t.play.setAttribute('aria-pressed', String(player.playing));
  }

  /** The run ended: the speed the player chose to replay it. */
  done(summary, { player }) {
    this.parts.speed.value = String(player.speed);
  }
}
