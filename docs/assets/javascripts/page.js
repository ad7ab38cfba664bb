// @ts-check
// Run page glue on every page a reader sees: on Material's document$, which emits once for the
// first page and again after each instant navigation, or once the document is parsed where
// Material's bundle did not run.
/** @param {() => void} fn */
export function onEveryPage(fn) {
  // Material's observable of the page shown, where its bundle ran.
  const { document$: documents } = /** @type {{document$?: {subscribe(fn: () => void): void}}} */ (/** @type {unknown} */ (window));
  if (documents && typeof documents.subscribe === "function") documents.subscribe(fn);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
  else fn();
}
