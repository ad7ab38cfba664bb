// @ts-check
// What the script adds to a quiz's questions, which the build rendered complete and readable:
// the order drawn for this visit (shuffle), "Show a hint" in front of each hint, "Check this
// answer" under each question, and Move up / Move down beside each item of an order question.
// Every button here exists only once this script runs, so none is ever dead.
import { el } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */

// --- shuffle: drawn on this device, each visit; answers are keyed by id, so nothing depends on it

/**
 * A fresh random order of items (Fisher–Yates).
 * @template T
 * @param {T[]} items
 * @returns {T[]}
 */
function shuffled(items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Reorder siblings in place: `order` takes the places `nodes` held (they are contiguous).
 * @param {Element[]} nodes
 * @param {Element[]} order
 */
function place(nodes, order) {
  const after = nodes[nodes.length - 1].nextSibling;
  const parent = /** @type {Element} */ (nodes[0].parentElement);
  for (const node of order) parent.insertBefore(node, after);
}

/**
 * Draw this visit's order: questions (form[data-cp-shuffle=questions|both]) and options
 * (options|both). True/false options never move, nor an option marked fixed; an order question
 * draws a new start order, never the right one.
 * @param {HTMLFormElement} form
 * @param {Definition} definition
 */
export function shuffle(form, definition) {
  const what = form.dataset.cpShuffle ?? "none";
  const fieldsets = [...form.querySelectorAll("fieldset[data-cp-question]")];
  if ((what === "questions" || what === "both") && fieldsets.length > 1) place(fieldsets, shuffled(fieldsets));
  if (what !== "options" && what !== "both") return;
  const right = new Map((definition.questions ?? []).map((q) => [q.id, q.items ?? []]));
  for (const fieldset of /** @type {HTMLElement[]} */ (fieldsets)) {
    const type = fieldset.dataset.cpType;
    if (type === "single" || type === "multiple") {
      const options = [...fieldset.querySelectorAll(":scope > .cp-opt")];
      const movable = shuffled(options.filter((option) => !option.hasAttribute("data-cp-fixed")));
      if (options.length > 1) place(options, options.map((option) => (option.hasAttribute("data-cp-fixed") ? option : /** @type {Element} */ (movable.shift()))));
    } else if (type === "order") {
      const items = [...fieldset.querySelectorAll("[data-cp-item]")];
      const order = right.get(fieldset.dataset.cpQuestion ?? "") ?? [];
      let drawn = shuffled(items);
      if (drawn.every((item, i) => /** @type {HTMLElement} */ (item).dataset.cpItem === order[i])) drawn = [...drawn.slice(1), drawn[0]];
      place(items, drawn);
    }
  }
}

// --- hints behind "Show a hint" ------------------------------------------------------------

/**
 * Fold each hint behind a "Show a hint" button. While folded, no input names it in
 * aria-describedby, so a screen reader does not read out what the reader has not asked for.
 * @param {HTMLElement} fieldset
 * @param {(questionId: string) => void} opened called the first time the reader opens it
 */
export function foldHint(fieldset, opened) {
  const hint = /** @type {HTMLElement | null} */ (fieldset.querySelector(":scope > .cp-q__hint"));
  if (!hint || fieldset.querySelector(":scope > .cp-q__hint-toggle")) return;
  const button = el("button", "cp-q__hint-toggle", t("quiz.hint.show"));
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", hint.id);
  button.dataset.cpHint = "";
  hint.before(button);
  showHint(fieldset, false);
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    showHint(fieldset, open);
    if (open) opened(fieldset.dataset.cpQuestion ?? "");
  });
}

/**
 * @param {HTMLElement} fieldset
 * @param {boolean} open
 */
export function showHint(fieldset, open) {
  const hint = /** @type {HTMLElement | null} */ (fieldset.querySelector(":scope > .cp-q__hint"));
  const button = fieldset.querySelector(":scope > .cp-q__hint-toggle");
  if (!hint || !button) return;
  hint.hidden = !open;
  button.setAttribute("aria-expanded", String(open));
  for (const input of fieldset.querySelectorAll("input")) {
    const named = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== hint.id);
    if (open) named.unshift(hint.id);
    if (named.length) input.setAttribute("aria-describedby", named.join(" "));
    else input.removeAttribute("aria-describedby");
  }
}

// --- "Check this answer" ---------------------------------------------------------------------

/** @param {HTMLElement} fieldset */
export function addCheckButton(fieldset) {
  if (fieldset.querySelector(":scope > .cp-q__tools")) return;
  const tools = el("div", "cp-q__tools");
  const button = el("button", "md-button cp-q__check", t("quiz.check_one"));
  button.type = "button";
  button.dataset.cpCheck = fieldset.dataset.cpQuestion ?? "";
  tools.append(button);
  fieldset.append(tools);
}

// --- order questions: Move up / Move down, and Alt+arrow keys --------------------------------

const itemText = (/** @type {Element} */ item) => (item.querySelector(".cp-order__text")?.textContent ?? "").replace(/\s+/g, " ").trim();

/**
 * @param {HTMLElement} fieldset an order question
 * @param {(fieldset: HTMLElement, said: string) => void} moved after each move, with the words
 *   that say where the item went
 */
export function addMoves(fieldset, moved) {
  const list = /** @type {HTMLElement | null} */ (fieldset.querySelector(".cp-order"));
  if (!list || list.querySelector(".cp-order__moves")) return;
  const howto = el("p", "cp-order__howto", t("quiz.order.howto"));
  list.before(howto);
  for (const item of list.querySelectorAll(":scope > [data-cp-item]")) {
    const moves = el("span", "cp-order__moves");
    for (const [step, key, glyph] of /** @type {const} */ ([
      [-1, "quiz.order.up", "↑"],
      [1, "quiz.order.down", "↓"],
    ])) {
      const button = el("button", "cp-order__move");
      button.type = "button";
      button.dataset.cpMove = String(step);
      button.setAttribute("aria-label", t(key, { item: itemText(item) }));
      button.append(el("span", null, glyph));
      /** @type {HTMLElement} */ (button.firstChild).setAttribute("aria-hidden", "true");
      moves.append(button);
    }
    item.append(moves);
  }
  const move = (/** @type {Element} */ item, /** @type {number} */ step, /** @type {number} */ which) => {
    const target = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!target) return;
    if (step < 0) target.before(item);
    else target.after(item);
    fieldset.dataset.cpMoved = "";
    markEnds(list);
    // Focus stays on the button pressed, which travelled with its item.
    /** @type {HTMLElement} */ (item.querySelectorAll(".cp-order__move")[which]).focus();
    const items = [...list.children];
    moved(fieldset, t("quiz.order.moved", { item: itemText(item), position: items.indexOf(item) + 1, total: items.length }));
  };
  list.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("[data-cp-move]"));
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    const step = Number(button.dataset.cpMove);
    move(/** @type {Element} */ (button.closest("[data-cp-item]")), step, step < 0 ? 0 : 1);
  });
  list.addEventListener("keydown", (/** @type {KeyboardEvent} */ event) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    const item = /** @type {Element} */ (event.target).closest("[data-cp-item]");
    if (!item) return;
    event.preventDefault();
    move(item, event.key === "ArrowUp" ? -1 : 1, event.key === "ArrowUp" ? 0 : 1);
  });
  markEnds(list);
}

/**
 * The first item cannot go up nor the last down: say so (aria-disabled keeps the button
 * focusable, so focus is never lost when an item reaches an end).
 * @param {Element} list
 */
export function markEnds(list) {
  const items = [...list.children];
  items.forEach((item, index) => {
    const [up, down] = item.querySelectorAll(".cp-order__move");
    up?.setAttribute("aria-disabled", String(index === 0));
    down?.setAttribute("aria-disabled", String(index === items.length - 1));
  });
}
