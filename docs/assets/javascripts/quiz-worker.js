// @ts-check
// The tab's scoring worker (a module worker, as Pyodide 314 requires). It owns Pyodide, loaded
// from this site's own assets/pyodide/, imports assets/python/scoring.py (the same file the
// CPython tests import) and answers each ScoreRequest with a ScoreReply (scoring-protocol.js),
// telling the page how far the runtime's download is meanwhile (Progress). It only ever GETs
// those same-origin files, keeps them in this site's runtime cache for the next visit
// (runtime-store.js), and never logs or stores what the reader answered.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { describeError, startScoring } from "./quiz-bridge.js";
import { RUNTIME } from "./runtime-manifest.js";
import { snapshotStore } from "./runtime-snapshot.js";
import { runtimeStore } from "./runtime-store.js";

/** @typedef {import("./scoring-protocol.js").ScoreRequest} ScoreRequest */
/** @typedef {import("./scoring-protocol.js").WorkerMessage} WorkerMessage */

/** @param {WorkerMessage} message */
const post = (message) => self.postMessage(message);

const ROOT = new URL("../../", import.meta.url);
const PYODIDE = new URL("assets/pyodide/", ROOT);
const SCORING = new URL("assets/python/scoring.py", ROOT);

// A start-up that cannot succeed is reported once, as a "failed" message, however it shows:
// a rejected start, a fetch that fails, an unhandled rejection or an uncaught error inside
// Pyodide, or a WebAssembly instantiation Pyodide only warns about. Nothing is left uncaught.
let started = false;
let failed = false;
/** @param {unknown} error */
function fail(error) {
  if (started || failed) return;
  failed = true;
  post({ type: "failed", error: describeError(error) });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  fail(event.reason);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  fail(event.error ?? event.message);
});

// Pyodide catches a failed instantiation of pyodide.asm.wasm (missing, damaged), logs a warning
// and leaves loadPyodide() pending for ever: see the failure here instead.
const wasm = /** @type {Record<"instantiate" | "instantiateStreaming", (...args: unknown[]) => Promise<unknown>>} */ (
  /** @type {unknown} */ (WebAssembly)
);
for (const name of /** @type {const} */ (["instantiate", "instantiateStreaming"])) {
  const original = wasm[name].bind(WebAssembly);
  wasm[name] = (...args) =>
    original(...args).catch((error) => {
      fail(error);
      throw error;
    });
}

// Every runtime file once: from the cache a visit before filled, else downloaded with progress
// and stored; Pyodide's own fetches of them (the wasm, the stdlib) go through the same store,
// and one that cannot be fetched (an HTTP error, offline before any visit) fails the start.
const files = runtimeStore(RUNTIME, ROOT, (loaded, total) => post({ type: "progress", loaded, total }));
files.patchFetch();
files.failed.catch(fail);

/**
 * A file the worker fetches itself, with its failure handled from the start: it fails the
 * start-up at once and leaves the result pending (the page then ends the worker). Pyodide
 * fetches its lock file early but handles a failure only after the wasm has loaded, and the
 * browser reports the rejection as uncaught meanwhile; so the lock is fetched here too.
 * @template T
 * @param {URL} url
 * @param {(response: Response) => Promise<T>} read
 * @returns {Promise<T>}
 */
function fetched(url, read) {
  return files
    .get(url.href)
    .then(read)
    .catch((error) => {
      fail(error);
      return new Promise(() => {});
    });
}

// Pyodide's glue script, imported now: the loader imports the same module later, after this
// worker has looked for a snapshot and Pyodide has read its settings; begun here, its download
// and parse overlap those (loadPyodide then finds it in the module map). Its failure is the
// loader's to report.
import(new URL("pyodide.asm.mjs", PYODIDE).href).catch(() => {});

// Both fetched while Pyodide downloads and compiles, not after.
const source = fetched(SCORING, (response) => response.arrayBuffer());
const lock = fetched(new URL("pyodide-lock.json", PYODIDE), (response) => response.json());

const options = {
  indexURL: PYODIDE.href,
  stdLibURL: new URL("python_stdlib.zip", PYODIDE).href,
  lockFileContents: lock,
};

// The engine's memory, snapshotted once it is set up (runtime-snapshot.js; quiz-bridge.js says
// when): a visit that finds this runtime's snapshot starts from it and skips Python's start-up
// and the engine's set-up; one that does not starts the plain way and takes the snapshot
// before it handles any message.
const snapshots = snapshotStore(RUNTIME, ROOT);
/** Requests the worker has begun to score: the snapshot must be taken while this is 0. */
let handled = 0;
/** @type {{bytes: Uint8Array, handled: number, ms: number} | null} */
let made = null;

/** @returns {Promise<{engine: Awaited<ReturnType<typeof startScoring>>, from: "snapshot" | "start"}>} */
async function start() {
  const saved = await snapshots.find();
  if (saved) {
    try {
      // Pyodide loads its code while the snapshot is read, and restores its memory from it
      // once it is all there (fsInit: the last step before, which Pyodide awaits).
      const settings = { ...options, _loadSnapshot: saved.bytes, fsInit: () => saved.read };
      return { engine: await startScoring(loadPyodide, settings, source), from: "snapshot" };
    } catch {
      // A snapshot this Pyodide cannot load, or an engine that cannot score from it: the
      // reader still gets scoring, the plain way, and the snapshot goes.
      await snapshots.drop().catch(() => {});
    }
  }
  const take = (/** @type {any} */ pyodide) => {
    if (!snapshots.enabled || handled !== 0) return;
    try {
      const at = performance.now();
      const bytes = pyodide.makeMemorySnapshot();
      made = { bytes, handled, ms: performance.now() - at };
    } catch {
      made = null; // scoring works without one
    }
  };
  const engine = await startScoring(loadPyodide, { ...options, _makeSnapshot: snapshots.enabled }, source, take);
  return { engine, from: "start" };
}

// The runtime's module scripts and the snapshot (31.5 MB) are stored once the worker has had no
// request for IDLE_MS: stored at "ready", they slowed the check a reader makes at once (a 5-question
// quiz: 386 ms against 113 ms, dev/measurements/2026-12-02-snapshot.md).
const IDLE_MS = 1000;
/** When the worker last began or finished a request. */
let busyAt = 0;
/** Resolves once the worker has had no request for IDLE_MS. */
function idle() {
  busyAt = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      const wait = busyAt + IDLE_MS - performance.now();
      if (wait > 0) setTimeout(check, wait);
      else resolve(undefined);
    };
    check();
  });
}

const starting = start();
const scoring = starting.then(({ engine }) => engine);

starting.then(
  ({ engine, from }) => {
    if (failed) return;
    started = true;
    post({ type: "ready", from, snapshotMs: made && Math.round(made.ms) });
    // A snapshot of another bridge's shim (a deploy that changed quiz-bridge.js, not the
    // runtime) served once more: it goes, and the next visit takes one of this shim.
    if (from === "snapshot" && !engine.restored) snapshots.drop().catch(() => {});
    // Off the critical path: the runtime's module scripts, then the snapshot.
    idle()
      .then(() => files.keep())
      .then(async () => {
        const snapshot = made;
        made = null;
        if (snapshot) await snapshots.write(snapshot.bytes, snapshot.handled);
        await snapshots.dropOthers();
      })
      .catch(() => {});
  },
  fail,
);

// Requests that arrive while Python starts simply wait for it here.
self.addEventListener("message", async (/** @type {MessageEvent<ScoreRequest>} */ { data }) => {
  const { id, type, definition, answers, hints, options } = data ?? {};
  try {
    const engine = await scoring;
    busyAt = performance.now();
    handled += 1;
    const text = engine.scoreText(type, definition, answers, hints, options);
    post({ id, ok: true, text });
  } catch (error) {
    post({ id, ok: false, error: describeError(error) });
  } finally {
    busyAt = performance.now();
  }
});
