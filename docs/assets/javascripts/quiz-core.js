// Pieces every quiz-like form shares: the one scoring worker of this tab, reading a form's
// definition and answers, and small DOM helpers. quiz.js wires quizzes with them; a richer
// checklist module can import the same instance (one module URL = one worker per tab).

const WORKER_URL = new URL("quiz-worker.js", import.meta.url);
// How long the reader waits before we say scoring is slow and show the explanations anyway.
// The worker keeps loading: if it gets there later, scoring still works.
export const SLOW_AFTER_MS = 20000;

let client = null;

// The tab's scoring worker, created on first call and kept across Material's instant navigation.
// client.request(type, definition, answers) resolves to the result; requests made before the
// worker is ready wait in the worker's queue (it awaits its own start-up before answering).
export function getWorkerClient() {
  if (client) return client;
  const listeners = new Set();
  const pending = new Map();
  let nextId = 1;
  let worker;
  client = {
    state: "loading", // loading | slow | ready | failed
    error: null,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    request(type, definition, answers) {
      if (client.state === "failed") return Promise.reject(new Error(client.error));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, type, definition, answers });
      });
    },
  };
  const setState = (state, error = null) => {
    if (client.state === "failed" || client.state === "ready") return;
    client.state = state;
    client.error = error;
    if (state === "ready") performance.mark("cp-ready");
    if (state === "failed") {
      worker.terminate();
      for (const { reject } of pending.values()) reject(new Error(error));
      pending.clear();
    }
    for (const fn of listeners) fn(client);
  };
  performance.mark("cp-worker-start");
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "clearpicture-scoring" });
  } catch (error) {
    worker = { postMessage() {}, terminate() {} };
    queueMicrotask(() => setState("failed", `could not start the scoring worker: ${error.message}`));
    return client;
  }
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") return setState("ready");
    if (data.type === "failed") return setState("failed", data.error);
    const waiting = pending.get(data.id);
    if (!waiting) return;
    pending.delete(data.id);
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new Error(data.error));
  });
  // A module that fails to load or a crash inside the worker: no message will ever come.
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    setState("failed", event.message || "the scoring worker stopped");
  });
  setTimeout(() => client.state === "loading" && setState("slow"), SLOW_AFTER_MS);
  return client;
}

// Call start (which creates the client) once the page has settled, so Pyodide's download and
// compile never compete with the page's first render; at once if the worker already runs.
export function warmUp(start = getWorkerClient) {
  if (client) return start();
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 1500 });
  else setTimeout(start, 200);
}

const definitions = new WeakMap();

// The definition the build embedded in the form's data-cp-definition (the input `score`
// expects); an attribute, because Material's instant navigation re-creates every <script>.
export function readDefinition(form) {
  if (!definitions.has(form)) {
    definitions.set(form, JSON.parse(form.dataset.cpDefinition));
  }
  return definitions.get(form);
}

// {question: option} for radios, {question: [options]} for checkboxes; unanswered ones left out.
export function collectAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("fieldset[data-cp-question]")) {
    const checked = [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
    if (fieldset.dataset.cpType === "multiple") {
      if (checked.length) answers[fieldset.dataset.cpQuestion] = checked;
    } else if (checked.length) {
      answers[fieldset.dataset.cpQuestion] = checked[0];
    }
  }
  return answers;
}

export function questionFieldset(form, questionId) {
  return [...form.querySelectorAll("fieldset[data-cp-question]")].find(
    (fieldset) => fieldset.dataset.cpQuestion === questionId,
  );
}

// An element with text only: author content is never parsed from strings here.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Copy of a build-rendered band (its label and meaning) for the result container.
export function bandCopy(form, bandId) {
  const band = [...form.querySelectorAll(".cp-bands [data-cp-band]")].find(
    (node) => node.dataset.cpBand === bandId,
  );
  if (!band) return null;
  const copy = band.cloneNode(true);
  copy.removeAttribute("id");
  for (const node of copy.querySelectorAll("[id]")) node.removeAttribute("id");
  // The range ("50–79% correct") explains the list of bands; next to a score it is noise.
  for (const node of copy.querySelectorAll(".cp-band__range")) node.remove();
  copy.className = "cp-quiz__band";
  return copy;
}
