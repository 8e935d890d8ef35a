// A figure's settings: the config its attributes describe, the reader's fields laid over it, and
// the pool at rest (its diagram and Go code) as the settings stand before a run.

import { decodeScenario, encodeScenario, normalizeScenario } from '../../engine/scenario.js';
import { syncForm, readForm, readFields, writeForm } from '../../views/config-form.js';
import { Timeline } from '../../model/timeline.js';

/** Attributes that are config fields, and their config names. */
export const FIELDS = {
  workers: 'workers',
  jobs: 'jobs',
  'jobs-buffer': 'jobsBuffer',
  'results-buffer': 'resultsBuffer',
  driver: 'driver',
  seed: 'seed',
};

/** An attribute's text as the config's value: a number where it is one. */
export function attributeValue(name, text) {
  if (name === 'driver' || name === 'scenario') return text;
  const number = Number(text);
  // Not a number: passed on as given, so the engine's validation names the field.
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

/** The config `element`'s attributes describe (a `scenario` first, then the fields on top). */
export async function configOf(element) {
  const config = element.hasAttribute('scenario')
    ? await decodeScenario(element.getAttribute('scenario'))
    : {};
  for (const [attribute, field] of Object.entries(FIELDS)) {
    if (element.hasAttribute(attribute)) {
      config[field] = attributeValue(attribute, element.getAttribute(attribute));
    }
  }
  return config;
}

/** The schema names of a figure's `fields` attribute, or null. */
export function fieldNames(element) {
  const names = element.getAttribute('fields');
  return names ? names.split(/\s+/).filter(Boolean) : null;
}

export class Settings {
  #f;

  constructor(f) {
    this.#f = f;
  }

  /** The config a run starts with: the form's, else the attributes' with the fields over them. */
  asked() {
    const { element, parts } = this.#f;
    return parts.form
      ? Promise.resolve().then(() => readForm(parts.form))
      : configOf(element).then((c) => this.fieldsOver(c));
  }

  /**
   * `config` with the reader's settings laid over it. The first time, the fields are filled
   * from the config instead (so they start at the experiment's values).
   */
  async fieldsOver(config) {
    const { element, parts } = this.#f;
    if (!parts.fields) return config;
    // Filled once; a run asked for while the first filling is under way waits for it (it
    // would otherwise read the schema's defaults).
    parts.fieldsFilled ??= normalizeScenario(config)
      .catch(() => config)
      .then((normalized) => {
        // The engine answers after its worker starts: a reader may have typed meanwhile, or be
        // in a field about to type, all of it selected. Those fields are not written at all:
        // a value written, even the same one written back, drops the selection, and what they
        // type lands after it (`48` became `1648`, then `348`, in walks).
        const typed = [...parts.fields.elements].filter(
          (input) => input.dataset.edited || input === document.activeElement,
        );
        writeForm(parts.fields, normalized, new Set(typed));
      });
    await parts.fieldsFilled;
    return readFields(parts.fields, fieldNames(element), config);
  }

  /** Shows a config's pool at rest (before a run): `config`, else the form's or attributes'. */
  async show(config) {
    const f = this.#f;
    if (f.gone) return;
    const { element, parts, host, runs, link } = f;
    // The engine checks configs in its worker, which may be busy: a later call, or a run,
    // makes this one's answers stale (they would show an older setting, or link to it).
    const asked = ++runs.shows;
    const stale = () => asked !== runs.shows || host.timeline !== null || f.gone;
    if (config && parts.form) {
      writeForm(parts.form, await normalizeScenario(config).catch(() => config));
    }
    if (host.timeline) return;
    let shown = config;
    try {
      shown ??= parts.form ? readForm(parts.form) : await this.fieldsOver(await configOf(element));
      const normalized = await normalizeScenario(shown);
      if (stale()) return;
      host.rest(new Timeline(normalized));
      const playground = element.getAttribute('playground');
      if (playground && !parts.form) {
        // Before any run, the experiment already opens in the playground, as set up now.
        const scenario = await encodeScenario(shown);
        if (stale()) return;
        link.scenario = scenario;
        const open = link.openLink('Open in the playground');
        parts.outcome.replaceChildren(...(open ? [open] : []));
      }
    } catch (error) {
      // A config the engine refuses shows nothing at rest; Run says why. Anything else is a
      // bug of ours, and is not hidden.
      if (error?.field === undefined) console.error(error);
    }
  }

  /** Whether this page runs live threads: if not, the form keeps to the simulator. */
  liveIs(ok) {
    const form = this.#f.parts.form;
    if (ok || !form || this.#f.gone) return;
    form.driver.querySelector('option[value="live"]').disabled = true;
    if (form.driver.value === 'live') {
      form.driver.value = 'sim';
      syncForm(form);
    }
  }
}
