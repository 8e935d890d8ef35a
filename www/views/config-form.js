// The settings form, built from the schema (config-schema.js): its fields, what shows when,
// reading a config out of it, writing one into it, and putting the engine's error beside the
// field it names. A page may hold several forms: the only ids are minted, never written by hand.

import { SCHEMA, pathOf, errorsOf, holds } from '../model/config-schema.js';

let errorIds = 0;

/**
 * The form's fields, in schema order: a `.field` each, its `<label>` and its error output.
 * `names`: only these (a figure that lets the reader change a few settings).
 */
export function buildFields(names = null) {
  const fields = names ? SCHEMA.filter((f) => names.includes(f.name)) : SCHEMA;
  return fields.map((field) => {
    const box = document.createElement('div');
    box.className = field.wide ? 'field wide' : 'field';
    box.dataset.field = field.name;
    const label = document.createElement('label');
    const caption = document.createElement('span');
    if (field.code) {
      const code = document.createElement('code');
      code.textContent = field.code;
      caption.append(code, field.label.slice(field.code.length));
    } else {
      caption.textContent = field.label;
    }
    let input;
    if (field.kind === 'select') {
      input = document.createElement('select');
      for (const o of field.options) {
        const el = new Option(o.label, o.value);
        if (o.when) el.dataset.when = JSON.stringify(o.when);
        input.append(el);
      }
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.inputMode = field.decimal ? 'decimal' : 'numeric';
      if (field.min !== undefined) input.min = String(field.min);
      if (typeof field.max === 'number') input.max = String(field.max);
      if (field.step !== undefined) input.step = String(field.step);
      input.value = String(field.value);
    }
    input.name = field.name;
    // The error sits beside the label, not in it (it would become part of the field's name),
    // and describes the input. Ids are minted per page: a page may hold several forms.
    const error = document.createElement('output');
    error.className = 'error';
    error.id = `pf-error-${++errorIds}`;
    error.dataset.errorFor = errorsOf(field).join(' ');
    input.setAttribute('aria-describedby', error.id);
    label.append(caption, input);
    box.append(label, error);
    return box;
  });
}

/** The schema's fields this form has (a figure's `fields` form has a few). */
function fieldsIn(form) {
  return SCHEMA.filter((f) => form.elements[f.name]);
}

/** The controls' current values by name. */
function valuesOf(form) {
  return Object.fromEntries(fieldsIn(form).map((f) => [f.name, form.elements[f.name].value]));
}

/**
 * Shows the fields and options that apply to the other fields' values, and the limits. In a
 * form of a few fields, a condition on a field it lacks is left alone: the figure's author set
 * that setting, and only the engine knows its value.
 */
export function syncForm(form) {
  const fields = fieldsIn(form);
  const applies = (when, values) =>
    holds(when && Object.fromEntries(Object.entries(when).filter(([k]) => k in values)), values);
  for (const field of fields) {
    const input = form.elements[field.name];
    for (const o of input.options ?? []) {
      o.hidden = o.dataset.when ? !applies(JSON.parse(o.dataset.when), valuesOf(form)) : false;
      if (o.hidden && o.selected) input.value = input.options[0].value;
    }
  }
  const values = valuesOf(form);
  for (const field of fields) {
    form.elements[field.name].closest('.field').hidden = !applies(field.when, values);
    if (typeof field.max === 'object' && values.driver) {
      form.elements[field.name].max = String(field.max[values.driver]);
    }
  }
}

/** Number inputs give NaN for text that is not a number; the engine names the field. */
function numberOf(input) {
  return input.value.trim() === '' ? input.value : input.valueAsNumber;
}

function setPath(target, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  for (const key of keys) target = target[key] ??= {};
  target[last] = value;
}

function deletePath(target, path) {
  const keys = path.split('.');
  const last = keys.pop();
  for (const key of keys) target = target?.[key];
  if (target) delete target[last];
}

function getPath(source, path) {
  return path.split('.').reduce((at, key) => at?.[key], source);
}

/**
 * The config the form describes: every shown field at its path. "live" is left out on
 * purpose — with no driver named, the engine runs live where it can and says when it could not.
 */
export function readForm(form) {
  const values = valuesOf(form);
  const config = {};
  for (const field of SCHEMA) {
    if (!holds(field.when, values)) continue;
    const input = form.elements[field.name];
    if (field.kind === 'select') {
      if (input.value === '' || (field.name === 'driver' && input.value === 'live')) continue;
      setPath(config, pathOf(field), input.value);
    } else {
      const value = numberOf(input);
      setPath(config, pathOf(field), field.scale ? value * field.scale : value);
    }
  }
  return config;
}

/**
 * The settings of a partial form (`buildFields(names)`) laid over `config`: each listed field
 * at its path, whatever the others say (its author chose them for the experiment).
 */
export function readFields(form, names, config) {
  const out = structuredClone(config);
  for (const field of SCHEMA.filter((f) => names.includes(f.name))) {
    const input = form.elements[field.name];
    if (field.kind === 'select') {
      // An empty choice means "none" (no classic mistake): the setting goes away.
      if (input.value !== '') setPath(out, pathOf(field), input.value);
      else deletePath(out, pathOf(field));
    } else {
      const value = numberOf(input);
      setPath(out, pathOf(field), field.scale ? value * field.scale : value);
    }
  }
  return out;
}

/** Fills the form from `config` (with every default filled in: what a link holds). */
export function writeForm(form, config, keep = new Set()) {
  for (const field of SCHEMA) {
    const input = form.elements[field.name];
    if (!input || keep.has(input)) continue;
    let value = getPath(config, pathOf(field));
    if (field.name === 'mistake') value ??= '';
    if (value === undefined || value === null) continue;
    if (field.scale) value /= field.scale;
    // A live config on a page that cannot run live keeps the simulator chosen.
    if (field.kind === 'select' && input.querySelector(`option[value="${value}"]`)?.disabled) {
      continue;
    }
    input.value = String(value);
    if (form.elements.driver) syncForm(form);
  }
}

/** Puts `error` beside the field it names (or under the form), or clears every error. */
export function showFormError(form, error) {
  for (const out of form.querySelectorAll('output.error')) out.textContent = '';
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  if (!error) return;
  const field = error.field ?? 'config';
  const target =
    [...form.querySelectorAll('output.error')].find((out) =>
      out.dataset.errorFor.split(' ').includes(field),
    ) ?? form.querySelector('.pf-form-error');
  target.textContent = error.message;
  const input = target.closest('.field')?.querySelector('input, select');
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}
