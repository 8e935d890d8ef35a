// Runs first, before coi-serviceworker.js (both classic scripts in <head>). On a host that sends
// no COOP/COEP, coi-serviceworker registers a service worker that re-serves every response with
// them, then reloads so the page loads isolated. This sets its options and guards those reloads:
// at most two per tab until the page is isolated (a second is sometimes needed when the first
// comes before the worker has taken control), so a browser that will not isolate the page
// anyway cannot send it into a reload loop; then the banner offers a Reload instead.
(() => {
  const KEY = 'poolsim:coi-reloads';
  const MAX_RELOADS = 2;
  let store = null;
  try {
    store = window.sessionStorage;
  } catch {
    // Storage blocked: no guard possible, so no automatic reload either.
  }
  const done = Number(store?.getItem(KEY) ?? 0);
  if (window.crossOriginIsolated) store?.removeItem(KEY);
  window.coi = {
    quiet: true,
    doReload() {
      if (!store || done >= MAX_RELOADS) {
        window.poolsimCoiHeldReload = true;
        return;
      }
      store.setItem(KEY, String(done + 1));
      window.location.reload();
    },
  };
})();
