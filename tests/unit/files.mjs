// The page's modules, for the unit tests that read them all (layers, palette).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.js` file under `dir`, however deep. */
export function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith('.js') ? [path] : [];
  });
}
