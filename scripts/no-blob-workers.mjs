// wasm-bindgen-rayon's no-bundler helper starts each pool worker from a `blob:` copy of its own
// script, so that it works when the script sits on another origin (a CDN). poolsim serves the
// helper from its own origin, so in dist/ the workers start from the script's own URL instead:
// a Content-Security-Policy then needs no `blob:` in `worker-src`, and no fetch per worker.
// Fails loudly if the helper changed, so an upgrade is reviewed rather than silently unpatched.

import { readFileSync, writeFileSync } from 'node:fs';

const BLOB = `      let scriptBlob = await fetch(import.meta.url).then(r => r.blob());
      let url = URL.createObjectURL(scriptBlob);
      const worker = new Worker(url, {`;
const REVOKE = `      URL.revokeObjectURL(url);\n`;
const OWN_URL = `      const worker = new Worker(import.meta.url, {`;

for (const file of process.argv.slice(2)) {
  // The crate ships this file with CRLF line ends.
  const source = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  if (!source.includes(BLOB) || !source.includes(REVOKE)) {
    console.error(`${file}: wasm-bindgen-rayon's worker start changed; review ${import.meta.url}`);
    process.exit(1);
  }
  writeFileSync(file, source.replace(BLOB, OWN_URL).replace(REVOKE, ''));
}
