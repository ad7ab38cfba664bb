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

// Both fetched while Pyodide downloads and compiles, not after.
const source = fetched(SCORING, (response) => response.arrayBuffer());
const lock = fetched(new URL("pyodide-lock.json", PYODIDE), (response) => response.json());

const scoring = startScoring(
  loadPyodide,
  {
    indexURL: PYODIDE.href,
    stdLibURL: new URL("python_stdlib.zip", PYODIDE).href,
    lockFileContents: lock,
  },
  source,
);

scoring.then(
  () => {
    if (failed) return;
    started = true;
    post({ type: "ready" });
    files.keep();
  },
  fail,
);

// Requests that arrive while Python starts simply wait for it here.
self.addEventListener("message", async (/** @type {MessageEvent<ScoreRequest>} */ { data }) => {
  const { id, type, definition, answers, hints, options } = data ?? {};
  try {
    const text = (await scoring).scoreText(type, definition, answers, hints, options);
    post({ id, ok: true, text });
  } catch (error) {
    post({ id, ok: false, error: describeError(error) });
  }
});
