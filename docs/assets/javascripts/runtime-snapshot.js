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
// The snapshot's length in bytes: a visit knows it from the entry's headers, before its body
// is read, and Pyodide can start while it is read.
const BYTES_HEADER = "X-Clearpicture-Bytes";

/**
 * Read a body into bytes (as long as the entry said). A read that fails or comes out another
 * length leaves bytes without the snapshot's magic number, so restoring from it throws and the
 * worker starts the plain way, as from any snapshot Pyodide cannot load.
 * @param {Uint8Array} bytes @param {ReadableStream<Uint8Array>} body
 */
async function readInto(bytes, body) {
  const reader = body.getReader();
  let at = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (at + chunk.value.byteLength > bytes.byteLength) throw new Error("longer than its entry says");
      bytes.set(chunk.value, at);
      at += chunk.value.byteLength;
    }
    if (at !== bytes.byteLength) throw new Error("shorter than its entry says");
  } catch {
    reader.cancel().catch(() => {});
    bytes.fill(0, 0, 16);
  }
}

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
     * The snapshot this runtime's version kept, or null; found from the entry's headers, so
     * loadPyodide can start at once: `bytes` has the snapshot's length (what Pyodide sizes its
     * memory by) and fills while Pyodide loads its code; `read` settles once it is all there
     * (the worker makes Pyodide wait for it before it restores its memory from `bytes`).
     * @returns {Promise<{bytes: Uint8Array, read: Promise<void>} | null>}
     */
    async find() {
      if (!name || !(await caches.has(name))) return null;
      try {
        const hit = await (await caches.open(name)).match(href);
        if (!hit?.body) return null;
        const size = Number(hit.headers.get(BYTES_HEADER));
        if (!Number.isSafeInteger(size) || size <= 0) {
          // An entry without its length: read it whole first.
          return { bytes: new Uint8Array(await hit.arrayBuffer()), read: Promise.resolve() };
        }
        const bytes = new Uint8Array(size);
        return { bytes, read: readInto(bytes, hit.body) };
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
      const headers = {
        "Content-Type": "application/octet-stream",
        [HANDLED_HEADER]: String(handled),
        [BYTES_HEADER]: String(bytes.byteLength),
      };
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
