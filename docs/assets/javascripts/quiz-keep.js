// @ts-check
// What the quizzes keep on the device, under the site-wide "Remember my answers on this device"
// setting (remember.js): one key, clearpicture.quizzes.v1, holding per quiz its answers, the hints
// opened, which questions were checked, and the last whole-quiz result with its date (what the
// "Your progress" page and the navigation's marks show). Nothing is kept while the setting is
// off, and nothing kept is ever sent anywhere.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { canKeep, keep, onRememberChange, readKept, remembering, setRemembering } from "./remember.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").Answers} Answers */

export const KEY = "clearpicture.quizzes.v1";
const FORMAT = "clearpicture.quizzes";
/** The event a write dispatches on window. */
export const KEPT = "cp-quiz-kept";
const VERSION = 1;

/**
 * The last whole-quiz check: what the progress page shows.
 * @typedef {object} Outcome
 * @property {number} score points earned
 * @property {number} max
 * @property {number} percent
 * @property {string} band
 * @property {boolean} done every question was answered
 * @property {string} date ISO date and time of the check
 */

/**
 * One quiz as kept: where it is, what the reader answered and opened, what they checked.
 * @typedef {object} QuizRecord
 * @property {string} page the page's path, for the navigation's marks
 * @property {Answers} answers
 * @property {string[]} hints
 * @property {"all" | string[]} checked the whole quiz, or the questions checked one by one
 * @property {Outcome | null} outcome
 */

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const isStrings = (/** @type {unknown} */ value) => Array.isArray(value) && value.every((v) => typeof v === "string");

/**
 * Every kept quiz record, checked for shape (what fails is dropped, never half-used).
 * @returns {Record<string, QuizRecord>}
 */
export function readAll() {
  const data = readKept(KEY);
  if (!isObject(data) || data.format !== FORMAT || data.version !== VERSION || !isObject(data.quizzes)) return {};
  /** @type {Record<string, QuizRecord>} */
  const out = {};
  for (const [id, record] of Object.entries(data.quizzes)) {
    if (!isObject(record) || typeof record.page !== "string" || !isObject(record.answers)) continue;
    const outcome = record.outcome;
    const good =
      isObject(outcome) && ["score", "max", "percent"].every((k) => typeof outcome[k] === "number") && typeof outcome.date === "string";
    out[id] = {
      page: record.page,
      answers: record.answers,
      hints: isStrings(record.hints) ? record.hints : [],
      checked: record.checked === "all" || isStrings(record.checked) ? record.checked : [],
      outcome: good ? /** @type {Outcome} */ ({ band: "", done: false, ...outcome }) : null,
    };
  }
  return out;
}

/**
 * One quiz's record with only what fits this page's definition: known questions, answers of
 * the right shape (an older version of the quiz may have had other questions).
 * @param {Definition} definition
 * @returns {QuizRecord | null}
 */
export function readQuiz(definition) {
  const record = readAll()[definition.id];
  if (!record) return null;
  const types = new Map((definition.questions ?? []).map((q) => [q.id, q.type]));
  /** @type {Answers} */
  const answers = {};
  for (const [id, answer] of Object.entries(record.answers)) {
    const type = types.get(id);
    const fits = type === "multiple" || type === "order" ? isStrings(answer) : typeof answer === "string";
    if (type && fits) answers[id] = /** @type {string | string[]} */ (answer);
  }
  const known = (/** @type {string[]} */ ids) => ids.filter((id) => types.has(id));
  return { ...record, answers, hints: known(record.hints), checked: record.checked === "all" ? "all" : known(record.checked) };
}

/**
 * Keep one quiz's record (only while the reader wants it kept).
 * @param {string} quizId
 * @param {QuizRecord} record
 */
export function writeQuiz(quizId, record) {
  if (!remembering()) return;
  keep(KEY, { format: FORMAT, version: VERSION, quizzes: { ...readAll(), [quizId]: record } });
  // This tab's own marks (progress.js) follow; other tabs hear the storage event.
  window.dispatchEvent(new Event(KEPT));
}

// --- the setting's box on each quiz ------------------------------------------------------------

/** @type {Set<HTMLInputElement>} */
const boxes = new Set();

onRememberChange((on) => {
  for (const box of boxes) {
    if (box.isConnected) box.checked = on;
    else boxes.delete(box);
  }
});

/**
 * The "Remember my answers on this device" box, before the quiz's "Your progress" link (the
 * build renders that line hidden; it shows once the box that gives it meaning is there).
 * @param {HTMLFormElement} form
 * @param {() => void} kept called when the reader turns it on, to keep what is on the page now
 */
export function rememberBox(form, kept) {
  const line = /** @type {HTMLElement | null} */ (form.querySelector(".cp-quiz__keep"));
  if (!line || !canKeep() || line.querySelector("input")) return;
  const box = el("input");
  box.type = "checkbox";
  box.id = `${form.id}-remember`;
  box.checked = remembering();
  const label = el("label", null, t("common.remember"));
  label.htmlFor = box.id;
  const said = el("span", "cp-quiz__keep-said");
  said.setAttribute("role", "status");
  line.prepend(box, label, " · ");
  line.append(said);
  line.hidden = false;
  boxes.add(box);
  box.addEventListener("change", () => {
    setRemembering(box.checked);
    if (box.checked) kept();
    said.textContent = t(box.checked ? "quiz.keep.on" : "quiz.keep.off");
  });
}
