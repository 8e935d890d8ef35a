// Runs first, before coi-serviceworker.js (both classic scripts in <head>). On a host that sends
// no COOP/COEP, coi-serviceworker registers a service worker that re-serves every response with
// them, then reloads so the page loads isolated. This sets its options and guards those reloads:
// at most two per tab until the page is isolated (the first waits until the worker is active,
// so one is normally enough), so a browser that will not isolate the page
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
  let reloading = false;
  window.coi = {
    quiet: true,
    doReload() {
      if (!store || done >= MAX_RELOADS) {
        window.poolsimCoiHeldReload = true;
        return;
      }
      if (reloading) return;
      reloading = true;
      // coi-serviceworker asks for the reload as soon as the worker starts installing; a page
      // reloaded before the worker is active loads without it, and then nothing asks again (the
      // worker only becomes active later). So wait until it is active: one reload is enough.
      navigator.serviceWorker.ready.then(() => {
        store.setItem(KEY, String(done + 1));
        window.location.reload();
      });
    },
  };
})();
