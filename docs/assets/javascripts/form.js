// @ts-check
// Reading a form the build rendered (form.cp-quiz, a quiz or a checklist): its definition, the
// answers chosen in it, its fieldsets and bands, and its status line. Shared by quiz.js and the
// checklist modules; the DOM it reads is the quiz contract (render.py).
import { withoutIds } from "./dom.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").Answers} Answers */

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
 * {question: option} for radios, {question: [options]} for checkboxes; unanswered ones left out.
 * @param {HTMLFormElement} form
 * @returns {Answers}
 */
export function collectAnswers(form) {
  /** @type {Answers} */
  const answers = {};
  for (const fieldset of form.querySelectorAll("fieldset[data-cp-question]")) {
    const id = /** @type {HTMLElement} */ (fieldset).dataset.cpQuestion ?? "";
    const checked = [...fieldset.querySelectorAll("input:checked")].map((input) => /** @type {HTMLInputElement} */ (input).value);
    if (!checked.length) continue;
    answers[id] = /** @type {HTMLElement} */ (fieldset).dataset.cpType === "multiple" ? checked : checked[0];
  }
  return answers;
}

/** @type {WeakMap<HTMLFormElement, Map<string, HTMLFieldSetElement>>} */
const fieldsets = new WeakMap();

/**
 * The fieldset of one question or checklist item. Indexed once per form, so showing a result
 * of n questions looks up n fieldsets in O(n), not O(n²): a 1,000-question quiz stays quick.
 * @param {HTMLFormElement} form
 * @param {string} questionId
 * @returns {HTMLFieldSetElement | undefined}
 */
export function questionFieldset(form, questionId) {
  let index = fieldsets.get(form);
  if (!index) {
    index = new Map();
    for (const fieldset of /** @type {NodeListOf<HTMLFieldSetElement>} */ (form.querySelectorAll("fieldset[data-cp-question]"))) {
      const id = fieldset.dataset.cpQuestion ?? "";
      if (!index.has(id)) index.set(id, fieldset);
    }
    fieldsets.set(form, index);
  }
  return index.get(questionId);
}

/**
 * A build-rendered band (label, range, meaning) of the form.
 * @param {HTMLFormElement} form
 * @param {string} bandId
 * @returns {HTMLElement | undefined}
 */
export function formBand(form, bandId) {
  return /** @type {HTMLElement[]} */ ([...form.querySelectorAll(".cp-bands [data-cp-band]")]).find(
    (node) => node.dataset.cpBand === bandId,
  );
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
  const node = form.querySelector("[data-cp-status]");
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
