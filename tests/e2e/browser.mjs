// Shared by the end-to-end tests and the benchmark: a COOP/COEP server for dist/, Debian's
// Chromium driven by playwright-core, and Debian's Firefox ESR driven by puppeteer-core over
// WebDriver BiDi (never a downloaded browser).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** A free TCP port on localhost. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Serves dist/ (isolated unless told otherwise); resolves once the server answers. */
export async function serve({ isolated = true } = {}) {
  const port = await freePort();
  const args = ['scripts/serve.py', '--port', String(port), '--dir', 'dist', '--quiet'];
  if (!isolated) args.push('--no-isolation');
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.once('data', resolve);
  });
  return { url: `http://localhost:${port}/`, close: () => child.kill() };
}

/** Headless Debian Chromium with a fresh profile; flags keep it off this machine's closed network. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'poolsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Firefox ESR (Playwright cannot drive a stock Firefox; puppeteer-core can). */
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // A long run awaited inside one `page.evaluate` outlasts the default.
    protocolTimeout: 180_000,
  });
  return { browser, close: () => browser.close() };
}
