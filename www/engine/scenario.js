// Scenario links: a config as a short URL-safe string, and back, checked by the engine's own
// (Rust) validation, so a link that opens is a config that runs, and a broken or tampered one is
// refused with the field named before anything runs.
//
// Format: `1.` + base64url(JSON of the fields that differ from the driver's defaults). A config
// without `driver` stays without it (live where the page can, modeled where not).

import { pageCores } from '../model/limits.js';
import { pageEngine } from './page-engine.js';

const VERSION = '1';

let validator = null;

/**
 * The engine's validation: the page's engine answers, in its worker. Only where it cannot (a
 * policy forbids its worker) does the page load the single-threaded build to check on its own.
 */
async function validate(config) {
  const normalized = await pageEngine()
    .poolsim.validate(config)
    .catch((error) => {
      if (!error.engineGone) throw error;
      validator ??= import('../../pkg-st/poolsim.js').then(async (module) => {
        await module.default();
        return module.validateConfig;
      });
      return validator.then((validateConfig) => validateConfig(config));
    });
  delete normalized.threads;
  return normalized;
}

function scenarioError(message) {
  return Object.assign(new Error(`scenario: ${message}`), { field: 'scenario' });
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toBase64Url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}

/**
 * `config` as a link-safe string. Rejects (with `error.field`) a config the engine would refuse:
 * a link is only ever made of a config that runs.
 */
export async function encodeScenario(config) {
  // A simulated run without `cores` models the reader's machine: the link pins the cores it
  // models here, so that it reopens the same run anywhere.
  if (config?.driver === 'sim' && config.cores === undefined)
    config = { ...config, cores: pageCores() };
  const normalized = await validate(config);
  const defaults = await validate({ driver: normalized.driver });
  const changed = {};
  if (config.driver !== undefined) changed.driver = normalized.driver;
  for (const [key, value] of Object.entries(normalized)) {
    const pinned = key === 'cores' && normalized.driver === 'sim';
    if (key !== 'driver' && value !== null && (pinned || !same(value, defaults[key]))) {
      changed[key] = value;
    }
  }
  return `${VERSION}.${toBase64Url(JSON.stringify(changed))}`;
}

/**
 * The config a scenario string holds, once the engine has accepted it. Rejects with an `Error`
 * naming the field: `scenario` for a string that is not a link of ours, or the config's own field
 * for a value the engine refuses (a tampered link).
 */
export async function decodeScenario(text) {
  const match = /^(\d+)\.([A-Za-z0-9_-]*)$/.exec(String(text));
  if (!match) throw scenarioError('this is not a poolsim link (expected "1." and a code)');
  if (match[1] !== VERSION) {
    throw scenarioError(`this link is of version ${match[1]}; this page reads version ${VERSION}`);
  }
  let config;
  try {
    config = JSON.parse(fromBase64Url(match[2]));
  } catch {
    throw scenarioError('the link is damaged (its code does not decode); copy it again');
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw scenarioError('the link is damaged (its code is not a config); copy it again');
  }
  await validate(config);
  return config;
}

/** The whole config a scenario runs: every default filled in (for showing it in controls). */
export function normalizeScenario(config) {
  return validate(config);
}
