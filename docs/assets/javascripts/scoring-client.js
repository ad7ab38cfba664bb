// @ts-check
// The page's side of the scoring protocol (scoring-protocol.js): the tab's one scoring worker,
// started when the reader is about to use it (scoring-start.js decides when), and an id-matched
// request/reply client for it that also tells how far the runtime's download is. quiz.js and
// checklist.js import the same instance (one module URL = one worker per tab).

/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").Answers} Answers */
/** @typedef {import("./scoring-protocol.js").RequestType} RequestType */
/** @typedef {import("./scoring-protocol.js").ScoreOptions} ScoreOptions */
/** @typedef {import("./scoring-protocol.js").Result} Result */
/** @typedef {import("./scoring-protocol.js").ScoreRequest} ScoreRequest */
/** @typedef {import("./scoring-protocol.js").WorkerMessage} WorkerMessage */

/**
 * @typedef {"loading" | "slow" | "ready" | "failed"} ClientState
 * @typedef {object} WorkerClient
 * @property {ClientState} state
 * @property {string | null} error
 * @property {{loaded: number, total: number} | null} progress  while the runtime downloads
 * @property {(fn: (client: WorkerClient) => void) => () => void} onChange
 * @property {(type: RequestType, definition: Definition | string, answers: Answers | Answers[], hints?: string[], options?: ScoreOptions) => Promise<Result>} request
 */

const WORKER_URL = new URL("quiz-worker.js", import.meta.url);
// How long the reader waits, with no byte of the runtime arriving, before we say scoring is
// slow and show the explanations anyway. A download that moves is not slow: each progress
// message starts the wait again. The worker keeps loading: if it gets there, scoring works.
export const SLOW_AFTER_MS = 20000;
// Progress is shown in a polite live region: at most this often, so a screen reader is not
// talked over, and always at the end.
const PROGRESS_EVERY_MS = 1500;

/** @type {WorkerClient | null} */
let client = null;

/**
 * The tab's scoring worker, created on first call and kept across Material's instant navigation.
 * client.request(type, definition, answers, hints, options) resolves to the result; requests made before the
 * worker is ready wait in the worker's queue (it awaits its own start-up before answering).
 * @returns {WorkerClient}
 */
export function getWorkerClient() {
  if (client) return client;
  /** @type {Set<(client: WorkerClient) => void>} */
  const listeners = new Set();
  /** @type {Map<number, {resolve: (result: Result) => void, reject: (error: Error) => void}>} */
  const pending = new Map();
  let nextId = 1;
  /** @type {{postMessage(message: ScoreRequest): void, terminate(): void}} */
  let worker;
  /** @type {WorkerClient} */
  const created = {
    state: "loading",
    error: null,
    progress: null,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    request(type, definition, answers, hints, options) {
      if (created.state === "failed") return Promise.reject(new Error(created.error ?? ""));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        /** @type {ScoreRequest} */
        const message = { id, type, definition, answers };
        if (hints) message.hints = hints;
        if (options) message.options = options;
        worker.postMessage(message);
      });
    },
  };
  client = created;
  const notify = () => {
    for (const fn of listeners) fn(created);
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let stalled;
  const watchForStall = () => {
    clearTimeout(stalled);
    stalled = setTimeout(() => created.state === "loading" && setState("slow"), SLOW_AFTER_MS);
  };
  let shownAt = -Infinity;
  /** @type {{from: string, snapshotMs: number | null} | null} */
  let startedBy = null;
  /** @param {number} loaded @param {number} total */
  const setProgress = (loaded, total) => {
    if (created.state !== "loading") return;
    created.progress = { loaded, total };
    watchForStall();
    const now = performance.now();
    if (loaded < total && now - shownAt < PROGRESS_EVERY_MS) return;
    shownAt = now;
    notify();
  };
  /** @param {ClientState} state @param {string | null} [error] */
  const setState = (state, error = null) => {
    if (created.state === "failed" || created.state === "ready") return;
    clearTimeout(stalled);
    created.state = state;
    created.error = error;
    created.progress = null;
    // How the worker started (a snapshot or the plain way), for the benchmark and the tests.
    if (state === "ready") performance.mark("cp-ready", { detail: startedBy });
    if (state === "failed") {
      worker.terminate();
      for (const { reject } of pending.values()) reject(new Error(error ?? ""));
      pending.clear();
    }
    notify();
  };
  performance.mark("cp-worker-start");
  /** @type {Worker} */
  let real;
  try {
    real = new Worker(WORKER_URL, { type: "module", name: "clearpicture-scoring" });
  } catch (error) {
    worker = { postMessage() {}, terminate() {} };
    const message = error instanceof Error ? error.message : String(error);
    queueMicrotask(() => setState("failed", `could not start the scoring worker: ${message}`));
    return created;
  }
  worker = real;
  real.addEventListener("message", (/** @type {MessageEvent<WorkerMessage>} */ { data }) => {
    if ("type" in data) {
      if (data.type === "progress") setProgress(data.loaded, data.total);
      else if (data.type === "ready") {
        startedBy = { from: data.from, snapshotMs: data.snapshotMs };
        setState("ready");
      }
      else setState("failed", data.error);
      return;
    }
    const waiting = pending.get(data.id);
    if (!waiting) return;
    pending.delete(data.id);
    if (data.ok) waiting.resolve(JSON.parse(data.text));
    else waiting.reject(new Error(data.error));
  });
  // A module that fails to load or a crash inside the worker: no message will ever come.
  real.addEventListener("error", (event) => {
    event.preventDefault();
    setState("failed", event.message || "the scoring worker stopped");
  });
  watchForStall();
  return created;
}

/** Whether this tab's worker exists (then a new page uses it at once). */
export function started() {
  return client !== null;
}

