// Writes tests/unit/seed-shingles.json: a hash of every run of eight words in the lesson we teach
// from (../shared/seed.txt, not part of this repository), so a test can prove no such run appears
// in our chapters without the repository holding the lesson's text.
//
// Usage: node scripts/seed-shingles.mjs [path to seed.txt]

import { readFileSync, writeFileSync } from 'node:fs';
import { shingles } from '../tests/unit/shingles.mjs';

const source = process.argv[2] ?? '../shared/seed.txt';
const hashes = [...shingles(readFileSync(source, 'utf8'))].sort((a, b) => a - b);
writeFileSync('tests/unit/seed-shingles.json', `${JSON.stringify(hashes)}\n`);
console.log(`${hashes.length} eight-word runs hashed from ${source}`);
