// @ts-check
// Run page glue on every page a reader sees: on Material's document$, which emits once for the
// first page and again after each instant navigation, or once the document is parsed where
// Material's bundle did not run yet (it starts on the first interaction: material-start.js). Each caller's glue runs in a task of its own, after the
// browser had a chance to paint and to handle input: Material's own start-up and each of ours
// stay short tasks instead of one long one (measured: dev/measurements/2026-12-01-lighthouse.md).

/** @param {() => void} fn */
export function onEveryPage(fn) {
  const later = () => void nextTask().then(fn);
  const documents = materialDocuments();
  if (documents) documents.subscribe(later);
  else {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later, { once: true });
    else later();
    // Material started later, on the reader's first interaction (material-start.js): the pages
    // its instant navigation shows next. Its document$ replays the page already set up: skipped.
    addEventListener("clearpicture:material", () => subscribeAfterFirst(later), { once: true });
  }
}

/**
 * Material's observable of the page shown, where its bundle ran.
 * @returns {{subscribe(fn: () => void): void} | undefined}
 */
function materialDocuments() {
  const { document$: documents } = /** @type {{document$?: {subscribe?: unknown}}} */ (/** @type {unknown} */ (window));
  return documents && typeof documents.subscribe === "function" ? /** @type {{subscribe(fn: () => void): void}} */ (documents) : undefined;
}

/** @param {() => void} fn */
function subscribeAfterFirst(fn) {
  let first = true;
  materialDocuments()?.subscribe(() => {
    if (first) first = false;
    else fn();
  });
}

/**
 * Resolve in a new task, giving the main thread back first: scheduler.yield() where the
 * browser has it (the continuation keeps its place ahead of other waiting work), else a
 * zero-delay timer.
 * @returns {Promise<void>}
 */
export function nextTask() {
  const { scheduler } = /** @type {{scheduler?: {yield?: () => Promise<void>}}} */ (/** @type {unknown} */ (globalThis));
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
