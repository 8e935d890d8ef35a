// The curve of latency and drops against load, for one pool: measured by the simulator at
// loads around the pool's capacity, with queueing theory's prediction beside each point where
// theory has one (Poisson arrivals, exponential service: M/M/c/K with the drop policy, M/M/c
// below capacity with block) and the reader's own run marked. Latency is from arrival.

import { mmck } from './queueing.js';

/** Loads as shares of capacity: well below it, near it, past it. */
const SHARES = [0.5, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5];

/** The pool's capacity in jobs per second: workers ÷ mean service time. */
export const capacityOf = (config) => (config.workers * 1000) / config.service.meanMs;

/** Whether a run of `config` can be drawn on the curve (simulated, with an arrival rate). */
export function curveFits(config) {
  return (
    config.driver === 'sim' &&
    ['poisson', 'constant'].includes(config.arrival?.kind) &&
    config.service?.meanMs > 0
  );
}

/** The arrival rates to measure: the shares of capacity, and the reader's own rate. */
export function curveRates(config) {
  const own = config.arrival.ratePerSec;
  const rates = SHARES.map((s) => Math.round(s * capacityOf(config)));
  return [...new Set([...rates, own])].filter((r) => r > 0).sort((a, b) => a - b);
}

/**
 * Theory's drop share and p95 (ms) for `config` at `rate`, or null where it has none: only
 * Poisson arrivals into exponential service, dropping when `jobs` is full (M/M/c/K) or blocking
 * below capacity (M/M/c, the blocked producer's backlog counted).
 */
export function theoryAt(config, rate) {
  if (config.arrival.kind !== 'poisson' || config.service.kind !== 'exponential') return null;
  const policy = config.policy?.kind ?? 'block';
  if (policy === 'timeout') return null;
  const q = mmck({
    lambda: rate,
    mu: 1000 / config.service.meanMs,
    c: config.workers,
    k: policy === 'drop' ? config.workers + config.jobsBuffer : Infinity,
  });
  return q && { drop: q.drop, p95Ms: q.percentileMs(0.95) };
}

/** Says why a config has no theory line, in a sentence; '' when it has one. */
export function theoryNote(config) {
  if (config.arrival.kind !== 'poisson' || config.service.kind !== 'exponential')
    return 'Theory is drawn for random (Poisson) arrivals and exponential service only.';
  if ((config.policy?.kind ?? 'block') === 'timeout')
    return 'No closed form is drawn for the timeout policy.';
  if ((config.policy?.kind ?? 'block') === 'block')
    return 'With block, theory has a steady state only below capacity: past it the backlog grows for as long as requests keep coming.';
  return '';
}

/** The curve as a table (always shown: screen readers and pages without charts read it). */
export function curveTable(config, points) {
  const table = document.createElement('table');
  table.className = 'summary';
  const caption = document.createElement('caption');
  caption.className = 'visually-hidden';
  caption.textContent = 'Drops and p95 latency from arrival, by offered load';
  table.append(caption);
  const head = table.createTHead().insertRow();
  for (const name of [
    'requests/s',
    'load',
    'dropped',
    'dropped, theory',
    'p95 ms',
    'p95 ms, theory',
  ]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  const own = config.arrival.ratePerSec;
  for (const q of points) {
    const row = body.insertRow();
    row.dataset.rate = String(q.ratePerSec);
    if (q.ratePerSec === own) row.dataset.yours = 'true';
    const t = theoryAt(config, q.ratePerSec);
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    for (const text of [
      `${q.ratePerSec.toLocaleString('en-US')}${q.ratePerSec === own ? ' (your run)' : ''}`,
      `${Math.round((100 * q.ratePerSec) / capacityOf(config))}%`,
      pct(q.dropped / Math.max(1, q.offered)),
      t ? pct(t.drop) : '—',
      q.p95LatencyMs.toFixed(1),
      t ? t.p95Ms.toFixed(1) : '—',
    ]) {
      row.insertCell().textContent = text;
    }
  }
  return table;
}
