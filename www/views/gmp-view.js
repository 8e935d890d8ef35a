// The G/M/P view: which goroutine (G) each processor (P) ran last at the playhead, how much
// each P has run, and how often workers moved between Ps — folded from the log's P numbers, so
// a replay shows what the live run did. Each P is one thread (M), a Web Worker.

import { ACTOR_PRODUCER, ACTOR_CLOSER, ACTOR_COLLECTOR } from '../model/events.js';

/** A goroutine's name as the Go program would say it. */
export function goroutineName(actor) {
  if (actor === ACTOR_PRODUCER) return 'producer';
  if (actor === ACTOR_CLOSER) return 'closer';
  if (actor === ACTOR_COLLECTOR) return 'collector (main)';
  return `worker ${actor}`;
}

export class GmpView {
  #root;
  #list;
  #moves;
  #rows = [];
  #shown = '';

  /** Renders into `root` (a block element). */
  constructor(root) {
    this.#root = root;
    const title = document.createElement('p');
    title.className = 'pf-gmp-title';
    title.textContent = 'Ps (GOMAXPROCS threads): the goroutine each ran last';
    this.#list = document.createElement('ol');
    this.#list.className = 'pf-gmp-list';
    this.#moves = document.createElement('p');
    this.#moves.className = 'pf-gmp-moves';
    root.append(title, this.#list, this.#moves);
    this.render(null);
  }

  /** Shows `state` (the pipeline folded to the playhead; `null`: nothing run yet). */
  render(state) {
    const procs = state?.procs ?? [];
    const simulated = state !== null && procs.length === 0 && state.events > 0;
    const key = simulated
      ? 'sim'
      : `${procs.map((p) => `${p.actor}:${p.events}`).join(',')}|${state?.moves ?? 0}`;
    if (key === this.#shown) return;
    this.#shown = key;
    while (this.#rows.length < procs.length) {
      const li = document.createElement('li');
      this.#list.append(li);
      this.#rows.push(li);
    }
    while (this.#rows.length > procs.length) this.#rows.pop().remove();
    procs.forEach((p, i) => {
      const running = p.actor < 0 ? 'nothing yet' : goroutineName(p.actor);
      this.#rows[i].textContent = `P${i} · ${running} · ${p.events.toLocaleString('en')} events`;
    });
    this.#moves.textContent = simulated
      ? 'A simulated run has no Ps: goroutines run in virtual time.'
      : state === null || state.events === 0
        ? 'A live run shows its Ps here.'
        : `Workers moved between Ps ${state.moves.toLocaleString('en')} times.`;
    this.#root.dataset.procs = String(procs.length);
  }
}
