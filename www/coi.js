// Runs first, before coi-serviceworker.js (both classic scripts in <head>). On a host that sends
// no COOP/COEP, coi-serviceworker registers a service worker that re-serves every response with
// them, then reloads once so the page loads isolated. This sets its options and guards that
// reload: at most one per tab until the page is isolated, so a browser that will not isolate the
// page anyway (or a worker that never takes control) cannot send it into a reload loop.
(() => {
  const KEY = 'poolsim:coi-reload';
  let store = null;
  try {
    store = window.sessionStorage;
  } catch {
    // Storage blocked: no guard possible, so no automatic reload either.
  }
  if (window.crossOriginIsolated) store?.removeItem(KEY);
  window.coi = {
    quiet: true,
    doReload() {
      if (!store || store.getItem(KEY)) {
        window.poolsimCoiHeldReload = true;
        return;
      }
      store.setItem(KEY, '1');
      window.location.reload();
    },
  };
})();
