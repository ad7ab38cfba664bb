// @ts-check
// Registers the site's service worker (service-worker.js at the site root, written by the
// build: src/clearpicture/offline/) once the page has loaded and the browser is idle, so that
// after this visit every page reads offline. It shows nothing: online, the site looks and
// works as before. Why a service worker and what it keeps: dev/decisions/offline.md.

const ROOT = new URL("../../", import.meta.url);

function register() {
  navigator.serviceWorker
    .register(new URL("service-worker.js", ROOT), { scope: ROOT.pathname, updateViaCache: "none" })
    .catch((/** @type {unknown} */ error) => {
      console.warn(`Clear Picture: no offline copy in this browser (${error instanceof Error ? error.message : error})`);
    });
}

// Under `make serve` (MkDocs' live-reload script defines window.livereload) none: an edit must
// show on the next reload, not a cached copy; one an earlier build registered goes.
const served = "livereload" in window;

// Private windows of some browsers and plain-http hosts have no service workers: the site
// then simply works online only.
if (served && "serviceWorker" in navigator) {
  navigator.serviceWorker.getRegistration(ROOT.href).then((registration) => registration?.unregister());
} else if ("serviceWorker" in navigator && window.isSecureContext) {
  const whenIdle = () => {
    if ("requestIdleCallback" in window) requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 1000);
  };
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}
