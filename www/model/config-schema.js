// The run's settings as one schema: every control the form shows, its label, limits, default,
// where it goes in the config (`path`), when it shows (`when`), and which of the engine's error
// fields it answers for (`errors`). The form, reading it and filling it all come from here, so a
// field is added in one place. The engine's own validation (src/config.rs) stays the judge: the
// limits here only help the browser's keyboard and spinners.

import { LIVE_WORKER_CAP, GOMAXPROCS_CAP, defaultGomaxprocs } from './limits.js';

/** The simulator's largest pool (`MAX_SIM_WORKERS` in src/sim). */
export const SIM_WORKER_CAP = 100_000;

const option = (value, label, when) => ({ value, label, when });

/**
 * `kind`: 'number' or 'select'. `when`: `{control: [values]}`, all of which must hold for the
 * field to show (and to be read). `scale`: the config holds the value times this.
 */
export const SCHEMA = [
  {
    name: 'driver',
    label: 'Driver',
    kind: 'select',
    wide: true,
    options: [
      option('live', 'live — goroutines on real threads, real time'),
      option('sim', 'simulated — virtual time, any scale'),
    ],
  },
  {
    name: 'workers',
    label: 'Workers',
    kind: 'number',
    min: 1,
    max: { live: LIVE_WORKER_CAP, sim: SIM_WORKER_CAP },
    value: 3,
  },
  {
    name: 'gomaxprocs',
    label: 'GOMAXPROCS (threads)',
    kind: 'number',
    min: 1,
    max: GOMAXPROCS_CAP,
    value: defaultGomaxprocs(),
    when: { driver: ['live'] },
  },
  { name: 'jobs', label: 'Jobs', kind: 'number', min: 0, value: 1000 },
  {
    name: 'kind',
    path: 'work.kind',
    label: 'Job kind',
    kind: 'select',
    wide: true,
    when: { driver: ['live'] },
    options: [
      option('double', "double — the seed's j * 2"),
      option('cpu', 'cpu — real computation'),
      option('io', 'io — a wait that burns no CPU'),
    ],
  },
  {
    name: 'iterations',
    path: 'work.iterations',
    label: 'Iterations per job',
    kind: 'number',
    min: 0,
    value: 10000,
    when: { driver: ['live'], kind: ['cpu'] },
  },
  {
    name: 'waitMs',
    path: 'work.waitMs',
    label: 'Wait per job (ms)',
    kind: 'number',
    min: 0,
    value: 10,
    when: { driver: ['live'], kind: ['io'] },
  },
  { name: 'jobsBuffer', label: 'jobs buffer', code: 'jobs', kind: 'number', min: 0, value: 100 },
  {
    name: 'resultsBuffer',
    label: 'results buffer',
    code: 'results',
    kind: 'number',
    min: 0,
    value: 100,
  },
  {
    name: 'arrival',
    path: 'arrival.kind',
    errors: ['arrival'],
    label: 'Producer sends',
    kind: 'select',
    options: [
      option('closed', 'as fast as jobs takes them'),
      option('constant', 'at a steady rate'),
      option('burst', 'in bursts'),
      option('poisson', 'at random (Poisson)', { driver: ['sim'] }),
    ],
  },
  {
    name: 'ratePerSec',
    path: 'arrival.ratePerSec',
    label: 'Jobs per second',
    kind: 'number',
    decimal: true,
    min: 0,
    value: 200,
    when: { arrival: ['constant', 'poisson'] },
  },
  {
    name: 'burstSize',
    path: 'arrival.size',
    label: 'Jobs per burst',
    kind: 'number',
    min: 1,
    value: 20,
    when: { arrival: ['burst'] },
  },
  {
    name: 'everyMs',
    path: 'arrival.everyMs',
    label: 'Every (ms)',
    kind: 'number',
    min: 1,
    value: 200,
    when: { arrival: ['burst'] },
  },
  {
    name: 'service',
    path: 'service.kind',
    errors: ['service'],
    label: 'Service time',
    kind: 'select',
    wide: true,
    when: { driver: ['sim'] },
    options: [
      option('exponential', 'exponential'),
      option('constant', 'constant'),
      option('uniform', 'uniform (mean ± half)'),
      option('lognormal', 'log-normal (σ = 1)'),
    ],
  },
  {
    name: 'meanMs',
    path: 'service.meanMs',
    errors: ['service.spreadMs', 'service.sigma'],
    label: 'Mean service (ms)',
    kind: 'number',
    decimal: true,
    min: 0,
    value: 10,
    when: { driver: ['sim'] },
  },
  {
    name: 'jobClass',
    label: 'Jobs need',
    kind: 'select',
    when: { driver: ['sim'] },
    options: [option('io', 'no core (I/O)'), option('cpu', 'a core (CPU)')],
  },
  { name: 'cores', label: 'Cores', kind: 'number', min: 1, value: 4, when: { driver: ['sim'] } },
  {
    name: 'policy',
    path: 'policy.kind',
    errors: ['policy'],
    label: 'When jobs is full',
    kind: 'select',
    when: { driver: ['sim'] },
    options: [
      option('block', "block (Go's send)"),
      option('drop', 'drop (select default)'),
      option('timeout', 'time out, then drop'),
    ],
  },
  {
    name: 'timeoutMs',
    path: 'policy.timeoutMs',
    label: 'Timeout (ms)',
    kind: 'number',
    decimal: true,
    min: 0,
    value: 5,
    when: { driver: ['sim'], policy: ['timeout'] },
  },
  {
    name: 'mode',
    label: 'Goroutines',
    kind: 'select',
    wide: true,
    when: { driver: ['live', 'sim'] },
    options: [
      option('pool', 'a pool of the workers above'),
      option('unbounded', 'one per job, no limit'),
    ],
  },
  {
    name: 'memoryLimitMiB',
    path: 'memoryLimitBytes',
    scale: 2 ** 20,
    label: 'Memory limit (MiB, 0 none)',
    kind: 'number',
    min: 0,
    // The engine's default for a live run (src/config.rs). Only the unbounded program is
    // limited from the form: a pool left to the engine's defaults runs as the same config
    // through the API does (the simulator has no limit unless one is given).
    value: 256,
    when: { mode: ['unbounded'] },
  },
  {
    name: 'jobKiB',
    path: 'jobBytes',
    scale: 1024,
    label: 'Memory per job (KiB)',
    kind: 'number',
    min: 0,
    value: 1,
    when: { mode: ['unbounded'] },
  },
  {
    name: 'mistake',
    // Each option says what the code does, not whether it is right: a reader choosing one
    // should have to reason about it.
    label: 'How the program shuts down',
    kind: 'select',
    wide: true,
    omitEmpty: true,
    when: { driver: ['sim'] },
    options: [
      option('', 'wg.Wait() in a closer goroutine, then close(results)'),
      option('waitBeforeCollect', 'wg.Wait() and close(results) in main, before collecting'),
      option('waitAfterCollect', 'close(results) at once; wg.Wait() in main after collecting'),
      option('closeResultsEarly', 'close(results) at once, no wg.Wait()'),
      option('addInsideGoroutine', 'wg.Add(1) inside each worker goroutine'),
      option('neverCloseJobs', 'the producer never calls close(jobs)'),
      option('collectAfterSubmit', 'main sends every job, then collects'),
    ],
  },
  { name: 'seed', label: 'Seed', kind: 'number', min: 0, value: 1, when: { driver: ['sim'] } },
  {
    name: 'failureRate',
    label: 'Failure rate',
    kind: 'number',
    decimal: true,
    min: 0,
    max: 1,
    step: 0.05,
    value: 0,
    when: { driver: ['live'] },
  },
];

/** The config path a field writes (its name unless it says otherwise). */
export const pathOf = (field) => field.path ?? field.name;

/** Every engine error field a control answers for: its own path and any it lists. */
export const errorsOf = (field) => [pathOf(field), ...(field.errors ?? [])];

/** Whether `when` holds for the controls' current `values` (`{name: value}`). */
export function holds(when, values) {
  return Object.entries(when ?? {}).every(([name, allowed]) => allowed.includes(values[name]));
}
