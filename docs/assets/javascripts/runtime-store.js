// @ts-check
// The quiz worker's runtime files (runtime-manifest.js lists them): each one from this site's
// runtime cache when an earlier visit stored it, else from the network, counted as it arrives
// (the download progress the status line shows) and stored as it streams, so the next visit
// and an offline one download nothing. Pyodide fetches its own files: the worker hands it this
// module's fetch for exactly those URLs (patchFetch), so every byte is fetched once and the
// WebAssembly still compiles while it downloads. Only the runtime's own files are ever stored,
// under their plain URLs; nothing a reader answers comes near this cache.

/** @typedef {import("./runtime-manifest.js").RuntimeManifest} RuntimeManifest */
/** @typedef {import("./runtime-manifest.js").RuntimeFile} RuntimeFile */

// Progress messages at most this often; the page shows them more rarely still.
const REPORT_EVERY_MS = 200;

/** The cache of one version of one kind ("runtime", "snapshot") of what the site at root keeps
 * (the service worker names them the same way).
 * @param {URL} root @param {string} kind @param {string} version */
export function siteCacheName(root, kind, version) {
  return `clearpicture ${root.pathname} ${kind} ${version}`;
}

/** Delete the caches of every other version of that kind.
 * @param {URL} root @param {string} kind @param {string} keep  the current version's cache */
export async function dropOtherVersions(root, kind, keep) {
  const prefix = siteCacheName(root, kind, "");
  for (const other of await caches.keys()) {
    if (other.startsWith(prefix) && other !== keep) await caches.delete(other);
  }
}

/**
 * @param {RuntimeManifest | null} manifest  null when no build filled it: plain fetches, no cache
 * @param {URL} root  the site root (where the manifest's paths start)
 * @param {(loaded: number, total: number) => void} onProgress
 */
export function runtimeStore(manifest, root, onProgress) {
  const realFetch = self.fetch.bind(self);
  /** @type {Map<string, RuntimeFile>} */
  const files = new Map((manifest?.files ?? []).map((file) => [new URL(file.path, root).href, file]));
  // What the worker fetches itself; the .mjs files come through the browser's module loader.
  const fetched = [...files.keys()].filter((href) => !href.endsWith(".mjs"));
  const name = manifest ? siteCacheName(root, "runtime", manifest.version) : null;
  /** @type {Promise<Cache | null>} */
  const cache = name && "caches" in self ? caches.open(name).catch(() => null) : Promise.resolve(null);
  /** @type {Map<string, {loaded: number, total: number}>} network bytes per file downloading */
  const downloads = new Map();
  /** @type {Set<string>} */
  const settled = new Set(); // found in the cache, or headers received
  /** @type {Promise<unknown>[]} */
  const writes = [];
  let reportedAt = -Infinity;
  /** @type {(error: Error) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // observed by whoever races it

  const report = (final = false) => {
    // Only once every file is known, so the total does not jump as headers arrive.
    if (!downloads.size || !fetched.every((href) => settled.has(href))) return;
    const now = performance.now();
    if (!final && now - reportedAt < REPORT_EVERY_MS) return;
    reportedAt = now;
    let loaded = 0;
    let total = 0;
    for (const entry of downloads.values()) {
      loaded += entry.loaded;
      total += entry.total;
    }
    onProgress(loaded, total);
  };

  /**
   * One runtime file as a Response: cached, or streamed from the network while being counted
   * and stored. Rejects (and makes `failed` reject) when the network cannot give it.
   * @param {string} href
   * @returns {Promise<Response>}
   */
  async function get(href) {
    try {
      const store = await cache;
      const hit = await store?.match(href);
      if (hit) {
        settled.add(href);
        report(true);
        return hit;
      }
      const response = await realFetch(href, { credentials: "same-origin" });
      if (!response.ok || !response.body) {
        throw new Error(`${new URL(href).pathname}: HTTP ${response.status}`);
      }
      const body = counted(href, response);
      const headers = { "Content-Type": response.headers.get("Content-Type") ?? "application/octet-stream" };
      if (!store) return new Response(body, { headers });
      const [mine, kept] = body.tee();
      writes.push(store.put(href, new Response(kept, { headers })).catch(() => {}));
      return new Response(mine, { headers });
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      fail(reason);
      throw reason;
    }
  }

  /**
   * The body, counted in network bytes: compressed bytes where the host compresses (the
   * stream gives decoded bytes; their share of the file's size scales Content-Length).
   * @param {string} href @param {Response} response
   */
  function counted(href, response) {
    const size = files.get(href)?.bytes ?? 0;
    const length = Number(response.headers.get("Content-Length") ?? 0);
    const compressed = Boolean(response.headers.get("Content-Encoding"));
    const total = length || (compressed ? (files.get(href)?.gzip ?? size) : size);
    const entry = { loaded: 0, total };
    downloads.set(href, entry);
    settled.add(href);
    let decoded = 0;
    const counter = new TransformStream({
      transform(chunk, controller) {
        decoded += chunk.byteLength;
        entry.loaded = size ? Math.min(total, Math.round((decoded / size) * total)) : 0;
        report();
        controller.enqueue(chunk);
      },
      flush() {
        entry.loaded = total;
        report(true);
      },
    });
    return /** @type {ReadableStream<Uint8Array>} */ (response.body).pipeThrough(counter);
  }

  return {
    failed,
    get,
    /** Route Pyodide's own fetches of the runtime's files through get(). */
    patchFetch() {
      if (!files.size) return;
      const wanted = new Set(fetched);
      self.fetch = (input, init) => {
        const href = input instanceof Request ? input.url : new URL(String(input), self.location.href).href;
        return wanted.has(href) ? get(href) : realFetch(input, init);
      };
    },
    /**
     * Once Python is up: store the module scripts too (the browser's cache holds them from a
     * moment ago, so this costs no download), then drop the caches of earlier runtimes.
     * Resolves when everything is stored.
     */
    async keep() {
      const store = await cache;
      if (!store || !name) return;
      for (const href of files.keys()) {
        if (!href.endsWith(".mjs") || (await store.match(href))) continue;
        const response = await realFetch(href, { credentials: "same-origin", cache: "force-cache" });
        if (response.ok) writes.push(store.put(href, response).catch(() => {}));
      }
      await Promise.all(writes);
      await dropOtherVersions(root, "runtime", name);
    },
  };
}
