// @ts-check
// A memory snapshot of the scoring engine, kept so the next visit skips Python's start-up
// (dev/decisions/pyodide-snapshot.md). The quiz worker takes it once `import scoring` has run
// and before it handles any message (so before any answer reaches Python); it is stored in a
// cache named for the runtime's version, beside the runtime cache, and goes when that runtime
// goes (a new deploy: runtime-store.js and the service worker delete both) or when the reader
// clears the browser's data for the site. "Erase everything" (remember.js) leaves it, as it
// leaves the runtime cache: it holds no answer. Pyodide's API for it is private (`_makeSnapshot`,
// `makeMemorySnapshot()`, `_loadSnapshot`): a snapshot that fails to load, or loads into an
// engine that cannot score, is deleted and the worker starts the plain way.

import { dropOtherVersions, siteCacheName } from "./runtime-store.js";

/** @typedef {import("./runtime-manifest.js").RuntimeManifest} RuntimeManifest */

const KIND = "snapshot";

// The snapshot's key in its cache: not a file of the site, never fetched, never served.
const ENTRY = "assets/pyodide/scoring.snapshot";
// How many of the reader's requests the worker had handled when it took the snapshot: always 0
// (the privacy tests read it back from the stored entry).
export const HANDLED_HEADER = "X-Clearpicture-Handled-Before";

/**
 * @param {RuntimeManifest | null} manifest  null where no build filled it: no snapshot
 * @param {URL} root
 */
export function snapshotStore(manifest, root) {
  const name = manifest && "caches" in self ? siteCacheName(root, KIND, manifest.version) : null;
  const href = new URL(ENTRY, root).href;
  return {
    /** Whether this worker can keep a snapshot at all. */
    enabled: name !== null,
    /**
     * The snapshot this runtime's version kept, or null: found at once, its bytes read while
     * Pyodide loads (loadPyodide awaits them just before it instantiates the WebAssembly).
     * @returns {Promise<Promise<ArrayBuffer> | null>}
     */
    async find() {
      if (!name || !(await caches.has(name))) return null;
      try {
        const hit = await (await caches.open(name)).match(href);
        return hit ? hit.arrayBuffer() : null;
      } catch {
        return null;
      }
    },
    /**
     * Store a snapshot taken after `handled` requests (0: before any).
     * @param {Uint8Array} bytes @param {number} handled
     */
    async write(bytes, handled) {
      if (!name) return;
      const headers = { "Content-Type": "application/octet-stream", [HANDLED_HEADER]: String(handled) };
      await (await caches.open(name)).put(href, new Response(/** @type {Uint8Array<ArrayBuffer>} */ (bytes), { headers }));
    },
    /** Delete this version's snapshot (it failed to load or to score). */
    async drop() {
      if (name) await caches.delete(name);
    },
    /** Delete the snapshots of every other runtime version of this site. */
    async dropOthers() {
      if (name) await dropOtherVersions(root, KIND, name);
    },
  };
}
