// @ts-check
// The tab's scoring worker (a module worker, as Pyodide 314 requires). It owns Pyodide, loaded
// from this site's own assets/pyodide/, imports assets/python/scoring.py (the same file the
// CPython tests import) and answers each ScoreRequest with a ScoreReply (scoring-protocol.js).
// It only ever GETs those same-origin files, and never logs what the reader answered.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { describeError, startScoring } from "./quiz-bridge.js";

/** @typedef {import("./scoring-protocol.js").ScoreRequest} ScoreRequest */
/** @typedef {import("./scoring-protocol.js").WorkerMessage} WorkerMessage */

/** @param {WorkerMessage} message */
const post = (message) => self.postMessage(message);

const RUNTIME = new URL("../pyodide/", import.meta.url);
const SCORING = new URL("../python/scoring.py", import.meta.url);

// Fetch the module while Pyodide downloads and compiles, not after.
const source = fetch(SCORING, { credentials: "same-origin" }).then((response) => {
  if (!response.ok) throw new Error(`${SCORING.pathname}: HTTP ${response.status}`);
  return response.arrayBuffer();
});

const scoring = startScoring(
  loadPyodide,
  {
    indexURL: RUNTIME.href,
    stdLibURL: new URL("python_stdlib.zip", RUNTIME).href,
    lockFileURL: new URL("pyodide-lock.json", RUNTIME).href,
  },
  source,
);

scoring.then(
  () => post({ type: "ready" }),
  (error) => post({ type: "failed", error: describeError(error) }),
);

// Requests that arrive while Python starts simply wait for it here.
self.addEventListener("message", async (/** @type {MessageEvent<ScoreRequest>} */ { data }) => {
  const { id, type, definition, answers } = data ?? {};
  try {
    const result = (await scoring).score(type, definition, answers);
    post({ id, ok: true, result });
  } catch (error) {
    post({ id, ok: false, error: describeError(error) });
  }
});
