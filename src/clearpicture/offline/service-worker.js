// @ts-check
/// <reference lib="webworker" />
// The site's service worker: after one visit every page reads offline, and a quiz the reader
// has used scores offline. The build (clearpicture/offline) writes it to the site root with
// BUILD filled in: the build's version, each page and asset with its sha256, and the runtime.
//
// - Pages and assets (not the runtime) are fetched once, at install, into a cache named for
//   this build; each response must match the build's hash (SRI), so nothing but the build's
//   own bytes is ever stored. The install succeeds only with all of them. With data saver on,
//   nothing is fetched ahead: a page is kept when it is opened.
// - The scoring runtime is never fetched here: the quiz worker stores it when the reader
//   first uses a quiz (runtime-store.js); this worker only serves it from that cache.
// - Only same-origin GETs of a listed path without a query are answered; everything else,
//   every POST and every URL carrying a query, goes to the network untouched and is never
//   stored. A fragment never reaches a server or a cache key.
// - A new build's worker installs its own cache, takes over at once and deletes the caches of
//   earlier builds (and runtimes, and their memory snapshots) of this site.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** @type {{site: string, runtime: string, files: Record<string, string>, runtimeFiles: string[]}} */
const BUILD = /* clearpicture:build */ { site: "unbuilt", runtime: "unbuilt", files: {}, runtimeFiles: [] } /* end */;

const scope = new URL(sw.registration.scope);
// One name space per site: another site on the same origin (another path) keeps its caches.
const PREFIX = `clearpicture ${scope.pathname} `;
const SITE_CACHE = `${PREFIX}site ${BUILD.site}`;
const RUNTIME_CACHE = `${PREFIX}runtime ${BUILD.runtime}`;
// The quiz worker's memory snapshot of this runtime (runtime-snapshot.js): kept with it, never
// served (no listed path), deleted with it.
const SNAPSHOT_CACHE = `${PREFIX}snapshot ${BUILD.runtime}`;
const FILES = new Map(Object.entries(BUILD.files));
const RUNTIME = new Set(BUILD.runtimeFiles);
const PARALLEL = 4;

/** The listed path of a URL ("guides/x/", "" for the home page), or null if it is not ours.
 * @param {string} href */
function pathOf(href) {
  const url = new URL(href);
  if (url.origin !== scope.origin || url.search || !url.pathname.startsWith(scope.pathname)) return null;
  const path = url.pathname.slice(scope.pathname.length);
  return path === "index.html" || path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
}

/** @param {string} path */
const urlOf = (path) => new URL(path, scope).href;

function saveData() {
  const connection = /** @type {{connection?: {saveData?: boolean}}} */ (/** @type {unknown} */ (sw.navigator)).connection;
  return connection?.saveData === true;
}

/** The build's own bytes of a path: the browser's cache when it holds them (the page just
 * loaded most of them), else the network; refused unless they match the build's hash.
 * @param {string} path */
async function fetchVerified(path) {
  const integrity = FILES.get(path) ?? "";
  try {
    return await fetch(urlOf(path), { cache: "force-cache", integrity, credentials: "same-origin" });
  } catch {
    return await fetch(urlOf(path), { cache: "no-cache", integrity, credentials: "same-origin" });
  }
}

// Every page and asset of this build, or the install fails and the browser tries again on the
// next page (what was fetched stays in the cache, so it goes on where it stopped): a worker
// that took over with pages missing would leave a reader offline without them.
async function precache() {
  if (saveData()) return;
  const cache = await caches.open(SITE_CACHE);
  const paths = [...FILES.keys()];
  const next = async () => {
    for (let path = paths.shift(); path !== undefined; path = paths.shift()) {
      if (await cache.match(urlOf(path))) continue;
      await cache.put(urlOf(path), await withRetries(path));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, next));
}

/** @param {string} path */
async function withRetries(path, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetchVerified(path);
      if (response.ok) return response;
      throw new Error(`${path}: HTTP ${response.status}`);
    } catch (error) {
      if (attempt >= tries) throw error; // another build's bytes (mid-deploy), or offline
    }
  }
}

sw.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        const current = name === SITE_CACHE || name === RUNTIME_CACHE || name === SNAPSHOT_CACHE;
        if (name.startsWith(PREFIX) && !current) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

/** @param {FetchEvent} event @param {string} path */
async function fromSite(event, path) {
  const cache = await caches.open(SITE_CACHE);
  const hit = await cache.match(urlOf(path));
  if (hit) return hit;
  try {
    const response = await fetchVerified(path);
    if (response.ok) event.waitUntil(cache.put(urlOf(path), response.clone()));
    return response;
  } catch {
    // Not this build's bytes (a newer deploy) or no network: the browser's own answer.
    return fetch(event.request);
  }
}

/** @param {FetchEvent} event @param {string} path */
async function fromRuntime(event, path) {
  const hit = await (await caches.open(RUNTIME_CACHE)).match(urlOf(path));
  return hit ?? fetch(event.request);
}

sw.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  const path = pathOf(event.request.url);
  if (path === null) return;
  if (FILES.has(path)) event.respondWith(fromSite(event, path));
  else if (RUNTIME.has(path)) event.respondWith(fromRuntime(event, path));
});
