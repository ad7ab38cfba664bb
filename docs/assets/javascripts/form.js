// @ts-check
// Reading a form the build rendered (form.cp-quiz, a quiz or a checklist): its definition, the
// answers chosen in it, its fieldsets and bands, and its status line. Shared by quiz.js and the
// checklist modules; the DOM it reads is the quiz contract (render.py).
import { withoutIds } from "./dom.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").Answers} Answers */

// A question's (or checklist item's) fieldset: the quiz contract (render.py).
const QUESTION = "fieldset[data-cp-question]";

/** @type {WeakMap<HTMLFormElement, Definition>} */
const definitions = new WeakMap();

/**
 * The definition the build embedded in the form's data-cp-definition (the input `score`
 * expects); an attribute, because Material's instant navigation re-creates every <script>.
 * @param {HTMLFormElement} form
 * @returns {Definition}
 */
export function readDefinition(form) {
  let definition = definitions.get(form);
  if (!definition) {
    definition = JSON.parse(form.dataset.cpDefinition ?? "null");
    definitions.set(form, /** @type {Definition} */ (definition));
  }
  return /** @type {Definition} */ (definition);
}

/**
 * The definition's JSON text as the build embedded it: what the scoring worker is sent (one
 * string, read by the engine once per text, not an object copied at every check).
 * @param {HTMLFormElement} form
 * @returns {string}
 */
export function definitionText(form) {
  return form.dataset.cpDefinition ?? "null";
}

/**
 * The answer one question's fieldset holds, or undefined when it is unanswered: its option for
 * radios, [options] for checkboxes, the text typed for fill-in and number, and for order the
 * items as they stand once the reader has moved one (data-cp-moved).
 * @param {HTMLElement} fieldset
 * @returns {string | string[] | undefined}
 */
export function answerOf(fieldset) {
  const type = fieldset.dataset.cpType;
  if (type === "fill-in" || type === "number") {
    const value = /** @type {HTMLInputElement | null} */ (fieldset.querySelector("input[type=text]"))?.value ?? "";
    return value.trim() ? value : undefined;
  }
  if (type === "order") {
    if (!("cpMoved" in fieldset.dataset)) return undefined;
    return [...fieldset.querySelectorAll("[data-cp-item]")].map((item) => /** @type {HTMLElement} */ (item).dataset.cpItem ?? "");
  }
  const checked = [...fieldset.querySelectorAll("input:checked")].map((input) => /** @type {HTMLInputElement} */ (input).value);
  if (!checked.length) return undefined;
  return type === "multiple" ? checked : checked[0];
}

/**
 * {question: answer} of every answered question or checklist item (answerOf), from the form's
 * index of fieldsets (fieldsetsById), not a search of the whole form at every check.
 * @param {HTMLFormElement} form
 * @returns {Answers}
 */
export function collectAnswers(form) {
  /** @type {Answers} */
  const answers = {};
  for (const fieldset of fieldsetsById(form).values()) {
    const answer = answerOf(fieldset);
    if (answer !== undefined) answers[fieldset.dataset.cpQuestion ?? ""] = answer;
  }
  return answers;
}

/** @type {WeakMap<HTMLFormElement, Map<string, HTMLFieldSetElement>>} */
const fieldsets = new WeakMap();

/**
 * Put an answer back into its fieldset (a kept copy): the reverse of answerOf. Values that do
 * not fit the question are left out.
 * @param {HTMLElement} fieldset
 * @param {unknown} answer
 */
export function setAnswer(fieldset, answer) {
  const type = fieldset.dataset.cpType;
  if (type === "fill-in" || type === "number") {
    const input = /** @type {HTMLInputElement | null} */ (fieldset.querySelector("input[type=text]"));
    if (input && typeof answer === "string") input.value = answer;
    return;
  }
  if (type === "order") {
    const list = fieldset.querySelector(".cp-order");
    const items = new Map([...fieldset.querySelectorAll("[data-cp-item]")].map((item) => [/** @type {HTMLElement} */ (item).dataset.cpItem, item]));
    if (!list || !Array.isArray(answer) || answer.length !== items.size || !answer.every((id) => items.has(id))) return;
    list.append(...answer.map((id) => /** @type {Element} */ (items.get(id))));
    fieldset.dataset.cpMoved = "";
    return;
  }
  const chosen = new Set(Array.isArray(answer) ? answer : [answer]);
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (fieldset.querySelectorAll("input[type=radio], input[type=checkbox]"))) {
    input.checked = chosen.has(input.value);
  }
}

/**
 * Every question fieldset of a form by its id, indexed once per form, so showing a result of n
 * questions looks up n fieldsets in O(n), not O(n²): a 1,000-question quiz stays quick. Shuffling
 * moves the same elements, so the index stays true.
 * @param {HTMLFormElement} form
 * @returns {Map<string, HTMLFieldSetElement>}
 */
export function fieldsetsById(form) {
  let index = fieldsets.get(form);
  if (!index) {
    index = new Map();
    for (const fieldset of /** @type {NodeListOf<HTMLFieldSetElement>} */ (form.querySelectorAll(QUESTION))) {
      const id = fieldset.dataset.cpQuestion ?? "";
      if (!index.has(id)) index.set(id, fieldset);
    }
    fieldsets.set(form, index);
  }
  return index;
}

/**
 * The fieldset of one question or checklist item.
 * @param {HTMLFormElement} form
 * @param {string} questionId
 * @returns {HTMLFieldSetElement | undefined}
 */
export function questionFieldset(form, questionId) {
  return fieldsetsById(form).get(questionId);
}

/** @type {WeakMap<HTMLFormElement, Map<string, Element[]>>} */
const parts = new WeakMap();

/**
 * The form's build-rendered elements matching selector, looked up once per form: the bands,
 * the status line and the result box. The build puts them in the form after its last question
 * (render.py), so the search walks back from the form's end to the last question's fieldset: a
 * search of the whole form would walk 22,000 elements in a 1,000-question quiz. The build's
 * elements stay; what a script adds later is not found here.
 * @param {HTMLFormElement} form
 * @param {string} selector
 * @returns {Element[]}
 */
function formParts(form, selector) {
  let known = parts.get(form);
  if (!known) {
    known = new Map();
    parts.set(form, known);
  }
  let found = known.get(selector);
  if (!found) {
    found = [];
    for (let child = form.lastElementChild; child && !child.matches(QUESTION); child = child.previousElementSibling) {
      found.unshift(...child.querySelectorAll(selector));
      if (child.matches(selector)) found.unshift(child);
    }
    known.set(selector, found);
  }
  return found;
}

/**
 * The form's result box (data-cp-result), where a whole check's outcome is drawn.
 * @param {HTMLFormElement} form
 * @returns {HTMLElement}
 */
export function resultBox(form) {
  return /** @type {HTMLElement} */ (formParts(form, "[data-cp-result]")[0]);
}

/**
 * A build-rendered band (label, range, meaning) of the form.
 * @param {HTMLFormElement} form
 * @param {string} bandId
 * @returns {HTMLElement | undefined}
 */
export function formBand(form, bandId) {
  return /** @type {HTMLElement[]} */ (formParts(form, ".cp-bands [data-cp-band]")).find((node) => node.dataset.cpBand === bandId);
}

/**
 * Copy of a build-rendered band (its label and meaning) for the result container.
 * @param {HTMLFormElement} form
 * @param {string} bandId
 * @returns {HTMLElement | null}
 */
export function bandCopy(form, bandId) {
  const band = formBand(form, bandId);
  if (!band) return null;
  const copy = withoutIds(band);
  // The range ("50–79% correct") explains the list of bands; next to a score it is noise.
  for (const node of copy.querySelectorAll(".cp-band__range")) node.remove();
  copy.className = "cp-quiz__band";
  return copy;
}

/**
 * The form's role=status line: what a screen reader hears about scoring.
 * @param {HTMLFormElement} form
 * @param {string} text
 */
export function setStatus(form, text) {
  const [node] = formParts(form, "[data-cp-status]");
  if (node) node.textContent = text;
}

/**
 * Shows the form's buttons, which the build renders hidden: call once they are wired, so a
 * button a reader can see always answers (without scripts they are never shown).
 * @param {HTMLFormElement} form
 */
export function showControls(form) {
  const controls = /** @type {HTMLElement | null} */ (form.querySelector(".cp-quiz__controls"));
  if (controls) controls.hidden = false;
}
