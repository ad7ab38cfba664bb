// @ts-check
// What the scripts add to a page is built here, with the DOM only: elements holding text (author
// content is never parsed from strings) and copies of build-rendered nodes without their ids.

/**
 * An element with text only.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string | null} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A deep copy of a build-rendered node with every id removed, so the page's ids stay unique.
 * @template {Element} T
 * @param {T} node
 * @returns {T}
 */
export function withoutIds(node) {
  const copy = /** @type {T} */ (node.cloneNode(true));
  copy.removeAttribute("id");
  for (const inner of copy.querySelectorAll("[id]")) inner.removeAttribute("id");
  return copy;
}
