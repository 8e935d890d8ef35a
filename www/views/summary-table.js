// A finished run in numbers: the summary table (simulated or live), and the sizing sweep as a
// table for when the chart library did not load.

const ms = (v) => `${v < 1 ? v.toFixed(3) : v.toFixed(2)} ms`;

function simRows(s) {
  const stage = (p) =>
    `${ms(p.meanMs)} mean · p50 ${ms(p.p50Ms)} · p95 ${ms(p.p95Ms)} · p99 ${ms(p.p99Ms)}`;
  return [
    ['driver', 'simulated (virtual time)'],
    ['jobs sent', s.jobs],
    ['dropped', s.dropped],
    ['results collected', s.results],
    ['sum of results', s.sum],
    ['errors', s.errors],
    ['max len(jobs)', s.maxJobsLen],
    ['max len(results)', s.maxResultsLen],
    ['virtual time', ms(s.elapsedMs)],
    ['throughput', `${s.throughputPerSec.toFixed(1)} jobs/s`],
    ['jobs in the system (L)', s.meanInSystem.toFixed(3)],
    ['producer blocked', `${(s.producerBlockedFraction * 100).toFixed(1)}% of the time`],
    ['peak memory', `${(s.peakMemoryBytes / 2 ** 20).toFixed(2)} MiB`],
    ['peak goroutines', s.peakGoroutines],
    ['producer wait (arrival → send)', stage(s.producerWait)],
    ['wait in jobs', stage(s.queueWait)],
    ['service', stage(s.service)],
    ['arrival to collect (W)', stage(s.latency)],
    ['cancelled', s.cancelled ? 'yes (before it began)' : 'no'],
  ];
}

/** Jobs per worker, in full for a small pool; the spread for a large one. */
function perWorker(counts) {
  if (counts.length <= 16) return counts.join(' · ');
  let [least, most] = [Infinity, 0];
  for (const n of counts) [least, most] = [Math.min(least, n), Math.max(most, n)];
  return `${least} to ${most} (${counts.length.toLocaleString('en')} workers)`;
}

function liveRows(s) {
  const rows = [
    ['jobs sent', s.jobs],
    ['results received', s.results],
    ['sum of results', s.sum],
    ['errors', s.errors],
    ['duplicates', s.duplicates],
    ['max len(jobs)', s.maxJobsLen],
    ['max len(results)', s.maxResultsLen],
    ['GOMAXPROCS', s.config.gomaxprocs],
    ['Ps that ran jobs', s.threads],
    s.config.mode === 'unbounded'
      ? ['goroutines', 'one per job, no pool']
      : ['jobs per worker', perWorker(s.perWorker)],
    ['peak goroutines', s.peakGoroutines],
    ['peak memory held', `${(s.peakMemoryBytes / 2 ** 20).toFixed(2)} MiB`],
    ['elapsed', `${s.elapsedMs.toFixed(1)} ms`],
    ['cancelled', s.cancelled ? 'yes' : 'no'],
  ];
  if (s.wasmMemoryBytes > 0) {
    rows.push([
      'wasm memory (grows, never shrinks)',
      `${(s.wasmMemoryBytes / 2 ** 20).toFixed(1)} MiB`,
    ]);
  }
  if (s.eventsDropped > 0) rows.push(['events dropped (reader behind)', s.eventsDropped]);
  return rows;
}

/** Shows summary `s` in `box` as a two-column table, one row per figure (`data-key` = name). */
export function renderSummary(box, s) {
  const rows = s.driver === 'sim' ? simRows(s) : liveRows(s);
  if (s.traceTruncated) rows.push(['log', `first ${s.config.traceLimit} job events in full`]);
  const table = document.createElement('table');
  for (const [name, value] of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = name;
    tr.insertCell().textContent = String(value);
    tr.dataset.key = name;
  }
  box.replaceChildren(table);
  box.dataset.ready = 'true';
}

/** Shows a line of text in `box` instead of a summary (a run under way, or none). */
export function summaryText(box, text) {
  const p = document.createElement('p');
  p.className = 'muted';
  p.textContent = text;
  box.replaceChildren(p);
  box.dataset.ready = 'false';
}

/** The sizing sweep as a table, for when the chart library did not load. */
export function sweepTable(root, points) {
  const table = document.createElement('table');
  table.className = 'summary';
  const head = table.createTHead().insertRow();
  for (const name of ['workers', 'results/s', 'p95 latency (ms)']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const p of points) {
    const row = body.insertRow();
    for (const value of [p.workers, Math.round(p.throughputPerSec), p.p95LatencyMs.toFixed(2)]) {
      row.insertCell().textContent = String(value);
    }
  }
  root.replaceChildren(table);
}
