// How this page got cross-origin isolation (the host's headers or the coi-serviceworker), or
// why it has none and what the reader can do — for the banner, in plain words.

/** The service worker that adds the headers where the host sends none (dist/coi-serviceworker.js). */
const HELPER = 'coi-serviceworker.js';
const HELPER_URL = new URL(`../../${HELPER}`, import.meta.url);

/** A browser's refusal without the URLs it quotes: its last clause ("The user denied…"). */
function reason(error) {
  const message = String(error?.message ?? error).trim();
  return message.split(/:\s+/).pop().replace(/\.$/, '') || error?.name || 'no reason given';
}

/**
 * `{how, why, fix}`: `how` is 'headers' or 'service worker' when isolated (else null); `why` a
 * sentence when not; `fix` what the reader can do, if anything ('reload' when a plain reload
 * will do it).
 */
export async function isolation() {
  const workers = navigator.serviceWorker;
  const controller = workers?.controller?.scriptURL ?? '';
  const byHelper = controller.endsWith(`/${HELPER}`);
  if (globalThis.crossOriginIsolated) {
    return { how: byHelper ? 'service worker' : 'headers', why: null, fix: null };
  }
  const noHeaders = 'its host sends no COOP/COEP headers';
  if (!isSecureContext) {
    return {
      how: null,
      why: `${noHeaders}, and a page that is not on https (or localhost) cannot run the service worker that adds them`,
      fix: 'Serve it over https, or from a host that sends the headers (see Deploying in the poolsim README).',
    };
  }
  if (!workers) {
    return {
      how: null,
      why: `${noHeaders}, and this browser offers no service worker to add them (private windows and some settings turn them off)`,
      fix: 'Open it in a normal window, or host it with the headers (see Deploying in the poolsim README).',
    };
  }
  // Registering again is harmless (same script, same scope) and, where the browser refuses,
  // the only way to learn why: coi-serviceworker keeps the reason to itself.
  const outcome = await Promise.race([
    workers.register(HELPER_URL).then(
      (registration) => ({ registration }),
      (error) => ({ error }),
    ),
    new Promise((resolve) => setTimeout(() => resolve({}), 2000)),
  ]);
  if (outcome.error) {
    return {
      how: null,
      why: `${noHeaders}, and this browser refused the service worker that adds them (${reason(outcome.error)})`,
      fix: 'Allow this site to keep data (service workers need it), or host the page with the headers (see Deploying in the poolsim README).',
    };
  }
  const { registration } = outcome;
  if (registration?.installing || registration?.waiting) {
    return {
      how: null,
      why: `${noHeaders}; a service worker that adds them is installing, and the page reloads once when it is ready`,
      fix: null,
    };
  }
  if (registration?.active && !byHelper) {
    return {
      how: null,
      why: `${noHeaders}, and the service worker that adds them did not serve this load (a hard reload bypasses it)`,
      fix: 'reload',
    };
  }
  if (byHelper) {
    return {
      how: null,
      why: `${noHeaders}, and this browser did not isolate the page although a service worker added them`,
      fix: 'Host it with the headers (see Deploying in the poolsim README).',
    };
  }
  return {
    how: null,
    why: `${noHeaders}, and the service worker that adds them has not started`,
    fix: 'reload',
  };
}
