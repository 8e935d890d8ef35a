// Writes the host files into a built site folder, from the one list in scripts/headers.json:
// `_headers` (Netlify, Cloudflare Pages) and `vercel.json` (Vercel), each sending the isolation
// headers shared wasm memory needs and the Content-Security-Policy on every path.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const spec = JSON.parse(readFileSync(new URL('./headers.json', import.meta.url), 'utf8'));

/** Every header each response gets, as [name, value] pairs. */
export function siteHeaders() {
  return [...Object.entries(spec.isolation), ['Content-Security-Policy', spec.csp]];
}

function netlify() {
  const block = (path, headers) =>
    [path, ...headers.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  const wasm = spec.wasm.map((path) => block(path, [['Content-Type', 'application/wasm']]));
  return `# Netlify and Cloudflare Pages; written by make dist.\n${[block('/*', siteHeaders()), ...wasm].join('\n\n')}\n`;
}

function vercel() {
  const rule = (source, headers) => ({
    source,
    headers: headers.map(([key, value]) => ({ key, value })),
  });
  const wasm = spec.wasm.map((path) => rule(path, [['Content-Type', 'application/wasm']]));
  return `${JSON.stringify({ headers: [rule('/(.*)', siteHeaders()), ...wasm] }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  writeFileSync(join(dir, '_headers'), netlify());
  writeFileSync(join(dir, 'vercel.json'), vercel());
}
