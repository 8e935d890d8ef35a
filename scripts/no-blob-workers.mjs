// wasm-bindgen-rayon's no-bundler helper starts each pool worker from a `blob:` copy of its own
// script, so that it works when the script sits on another origin (a CDN). poolsim serves the
// helper from its own origin, so in dist/ the workers start from the script's own URL instead:
// a Content-Security-Policy then needs no `blob:` in `worker-src`, and no fetch per worker.
//
// And a pool worker whose thread panicked (the build aborts on a panic: the thread traps) ends
// quietly: the engine worker reads the panic's message and reports it, and the page starts a
// fresh engine. Unpatched, the trap is an unhandled rejection the page's console shows as an
// uncaught "unreachable".
//
// Fails loudly if the helper changed, so an upgrade is reviewed rather than silently unpatched.

import { readFileSync, writeFileSync } from 'node:fs';

const BLOB = `      let scriptBlob = await fetch(import.meta.url).then(r => r.blob());
      let url = URL.createObjectURL(scriptBlob);
      const worker = new Worker(url, {`;
const REVOKE = `      URL.revokeObjectURL(url);\n`;
const OWN_URL = `      const worker = new Worker(import.meta.url, {`;
const START = `  pkg.wbg_rayon_start_worker(data.receiver);\n`;
const QUIET_PANIC = `  try {
    pkg.wbg_rayon_start_worker(data.receiver);
  } catch (error) {
    // poolsim: a panic, already reported by the engine worker (see scripts/no-blob-workers.mjs).
    if (pkg.panicMessage?.() === undefined) throw error;
  }
`;

for (const file of process.argv.slice(2)) {
  // The crate ships this file with CRLF line ends.
  const source = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  if (!source.includes(BLOB) || !source.includes(REVOKE) || !source.includes(START)) {
    console.error(`${file}: wasm-bindgen-rayon's worker start changed; review ${import.meta.url}`);
    process.exit(1);
  }
  writeFileSync(
    file,
    source.replace(BLOB, OWN_URL).replace(REVOKE, '').replace(START, QUIET_PANIC),
  );
}
