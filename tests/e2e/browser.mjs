// Shared by the end-to-end tests and the benchmark: a COOP/COEP server for dist/, Debian's
// Chromium driven by playwright-core, and Debian's Firefox ESR driven by puppeteer-core over
// WebDriver BiDi (never a downloaded browser).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Serves dist/ as a host would (scripts/serve.py): with the host files' headers unless
 * `isolated` is false (no headers, as GitHub Pages), under `base`, with `csp` overriding the
 * policy ('strict', 'none', 'no-workers'). Resolves once the server answers.
 */
export async function serve({ isolated = true, base = '/', csp = 'host' } = {}) {
  const port = await freePort();
  const args = ['scripts/serve.py', '--port', String(port), '--dir', 'dist', '--quiet'];
  args.push('--headers', isolated ? 'host' : 'none', '--base', base, '--csp', csp);
  args.push('--log-pages');
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.once('data', resolve);
  });
  // Every request for the site's page, as the server saw it: page loads, reloads included.
  let pageLoads = 0;
  child.stdout.on('data', (chunk) => {
    pageLoads += String(chunk)
      .split('\n')
      .filter((line) => line.startsWith('page ')).length;
  });
  return {
    url: `http://localhost:${port}${base}`,
    close: () => child.kill(),
    pageLoads: () => pageLoads,
  };
}

/**
 * Headless Debian Chromium with a fresh profile; flags keep it off this machine's closed network.
 * Service workers are blocked unless asked for (as in a private window), so a server without
 * headers shows the page unisolated; the hosting suite allows them to test coi-serviceworker.
 */
export async function launch({ serviceWorkers = 'block' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'poolsim-chromium-'));
  if (serviceWorkers === 'block') {
    // Site data blocked, as a reader can set it: Chromium then refuses service worker
    // registration (a SecurityError) and storage. Playwright's own `serviceWorkers: 'block'`
    // swaps `register` for a stub that resolves to nothing, which no real browser does.
    mkdirSync(join(profile, 'Default'));
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
    );
  }
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

/** Headless Debian Firefox ESR (Playwright cannot drive a stock Firefox; puppeteer-core can); service workers as for `launch`. */
export async function launchFirefox({ serviceWorkers = 'block' } = {}) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { 'dom.serviceWorkers.enabled': serviceWorkers === 'allow' },
    // A long run awaited inside one `page.evaluate` outlasts the default.
    protocolTimeout: 180_000,
  });
  // Closing waits on the browser, which a stalled engine can keep busy: give it ten seconds,
  // then end the process, so a suite never hangs on its tear-down.
  const close = async () => {
    const timer = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
    if ((await Promise.race([browser.close().catch(() => null), timer])) === 'timeout') {
      browser.process()?.kill('SIGKILL');
    }
  };
  return { browser, close };
}

/**
 * A page in a browser of its own — `kind` is 'chromium' or 'firefox' — at the same size in both;
 * `close()` ends the browser. Service workers as for `launch`.
 */
export async function freshPage(kind, { serviceWorkers = 'block' } = {}) {
  if (kind === 'chromium') {
    const browser = await launch({ serviceWorkers });
    return { page: await browser.context.newPage(), close: () => browser.close() };
  }
  const browser = await launchFirefox({ serviceWorkers });
  const page = await browser.browser.newPage();
  await page.setViewport({ width: 1280, height: 860 });
  return { page, close: () => browser.close() };
}

const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const SCRIPT_TIMEOUT_MS = 120_000;
const MINIBROWSER =
  process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Starts `Xvfb` on the first free display (it writes the number it took to fd 3). */
async function xvfb() {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  const display = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    child.stdio[3].once('data', (data) => resolve(`:${String(data).trim()}`));
  });
  return { display, close: () => child.kill() };
}

/**
 * WebKitGTK's MiniBrowser (Safari's engine, from Debian) through `WebKitWebDriver` on a virtual
 * display, driven by plain W3C WebDriver requests (no client library is made for it). `env` goes
 * to the browser: WebKitGTK gives an isolated page `SharedArrayBuffer` only with
 * `JSC_useSharedArrayBuffer=1`, as Safari does under COOP/COEP.
 */
export async function launchWebKit({ env = {} } = {}) {
  const screen = await xvfb();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    stdio: 'ignore',
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env, DISPLAY: screen.display },
  });
  // A test that fails half-way must not leave a browser behind to keep the test file alive.
  const stop = () => {
    driver.kill();
    screen.close();
  };
  process.once('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(SCRIPT_TIMEOUT_MS + 10_000),
    });
    const { value } = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${path}: ${value?.error}: ${value?.message}`);
    return value;
  }
  let session = null;
  for (let tries = 0; session === null; tries++) {
    try {
      session = await call('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      });
    } catch (error) {
      if (tries > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const at = `/session/${session.sessionId}`;
  await call('POST', `${at}/timeouts`, { script: SCRIPT_TIMEOUT_MS, pageLoad: 30_000 });
  return {
    goto: (url) => call('POST', `${at}/url`, { url }),
    /** Runs `fn(...args)` in the page (it may return a promise) and gives back its result. */
    evaluate: (fn, ...args) =>
      call('POST', `${at}/execute/async`, {
        script: `const done = arguments[arguments.length - 1];
        Promise.resolve((${fn}).apply(null, Array.from(arguments).slice(0, -1)))
          .then((value) => done({ value }), (error) => done({ error: String(error) }));`,
        args,
      }).then((out) => {
        if (out.error) throw new Error(out.error);
        return out.value;
      }),
    screenshot: async (path) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, Buffer.from(await call('GET', `${at}/screenshot`), 'base64'));
    },
    close: async () => {
      await call('DELETE', at).catch(() => {});
      stop();
      process.removeListener('exit', stop);
    },
  };
}
