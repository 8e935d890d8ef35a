// A figure's scenario as a link: the playground's address follows its runs (`#s=…&t=…`, Back and
// Forward move between them), a link reopens a run at its moment, and a figure in a page offers
// its experiment in the playground.

import { encodeScenario, decodeScenario, normalizeScenario } from '../../engine/scenario.js';
import { writeForm } from '../../views/config-form.js';
import { el } from '../../views/dom.js';

/**
 * The playground's address `playground` (relative to the page) with `hash`, or `null` when it is
 * not a web address: the attribute is the page author's, but a `javascript:` or `data:` link
 * is never what a reader's click should open.
 */
export function playgroundHref(playground, hash) {
  try {
    const url = new URL(hash, new URL(playground, location.href));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export class LinkController {
  #f;
  /** The scenario of the config last run (or shown at rest), encoded; null before. */
  scenario = null;
  #onPopState = () => this.open();

  constructor(f) {
    this.#f = f;
    if (f.element.hasAttribute('link')) addEventListener('popstate', this.#onPopState);
  }

  destroy() {
    removeEventListener('popstate', this.#onPopState);
  }

  /** A run of `config` starts: its scenario is kept, and `remember` puts it in the history. */
  async ran(config, { remember }) {
    const { element, parts } = this.#f;
    if (!parts.form && !element.hasAttribute('playground')) return;
    const scenario = await encodeScenario(config).catch(() => null);
    const inAddress = new URLSearchParams(location.hash.slice(1)).get('s');
    if (remember && scenario && inAddress !== scenario) {
      history.pushState(null, '', `#s=${scenario}`);
    }
    this.scenario = scenario;
  }

  /** A link to the playground with this figure's scenario, reading `text`, or null. */
  openLink(text) {
    const playground = this.#f.element.getAttribute('playground');
    if (!playground || !this.scenario) return null;
    const href = playgroundHref(playground, `#s=${this.scenario}`);
    if (!href) return null;
    const link = el('a', 'pf-open', text);
    link.href = href;
    return link;
  }

  /**
   * Opens the scenario in the address (`#s=<scenario>&t=<playhead ms>`): fills the form and
   * runs it. A link the engine refuses runs nothing and says which field is wrong.
   */
  async open() {
    const f = this.#f;
    const params = new URLSearchParams(location.hash.slice(1));
    const scenario = params.get('s');
    if (scenario === null) return;
    f.element.cancel();
    let config;
    try {
      config = await decodeScenario(scenario);
      if (!f.gone && f.parts.form) writeForm(f.parts.form, await normalizeScenario(config));
    } catch (error) {
      try {
        f.runs.refused(error);
      } catch {
        // Said on the figure; a link that cannot run runs nothing.
      }
      return;
    }
    const t = Number(params.get('t'));
    await f.runs.run(config, { playheadMs: params.has('t') && t >= 0 ? t : null }).catch(() => {});
  }

  /** Copies a link that reopens this run at the playhead (or shows it, to copy by hand). */
  async copy(out) {
    const { element, host } = this.#f;
    if (!this.scenario) {
      out.textContent = 'Run something first: a link reopens a run.';
      return;
    }
    const t = host.timeline ? `&t=${Math.round(host.timeline.timeUs / 1000)}` : '';
    const hash = `#s=${this.scenario}${t}`;
    const url =
      playgroundHref(element.getAttribute('playground') ?? location.href, hash) ??
      new URL(hash, location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      out.textContent = 'Link copied.';
    } catch {
      // No clipboard here (an insecure page, or permission refused): show it to copy by hand.
      out.textContent = url;
    }
    out.dataset.url = url;
  }
}
