// @ts-check
// Page glue for the quizzes the build rendered as plain HTML forms
// (form.cp-quiz[data-cp-kind=quiz]; the checklist is checklist.js's). On pages without one it
// does nothing but mark <html> as scripted; on a quiz page it starts the tab's scoring worker
// when the reader is about to use a quiz (scoring-start.js), sends the answers to it (one
// question's, or the whole quiz's) and shows what the engine says. Answers are kept on this
// device only if the reader asked (quiz-keep.js); nothing leaves it.
import { el } from "./dom.js";
import { collectAnswers, definitionText, fieldsetsById, readDefinition, resultBox, setAnswer, setStatus, showControls } from "./form.js";
import { num, t } from "./i18n.js";
import { onEveryPage } from "./page.js";
import { readQuiz, rememberBox, writeQuiz } from "./quiz-keep.js";
import { addCheckButton, addMoves, foldHint, markEnds, showHint, shuffle } from "./quiz-questions.js";
import { askForAnswer, clearQuestion, showQuestion, showResult } from "./quiz-view.js";
import { getWorkerClient, started } from "./scoring-client.js";
import { beforeStartText, loadingText, startOnIntent } from "./scoring-start.js";
import { drawInSlices } from "./slices.js";

/** @typedef {import("./scoring-client.js").WorkerClient} WorkerClient */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").QuizResult} QuizResult */
/** @typedef {import("./quiz-keep.js").Outcome} Outcome */

/**
 * One quiz on the page and what this module keeps about it.
 * @typedef {object} Quiz
 * @property {HTMLFormElement} form
 * @property {Definition} definition
 * @property {Map<string, HTMLFieldSetElement>} fieldsets
 * @property {Set<string>} hints the questions whose hint the reader opened
 * @property {Set<string>} checked the questions checked one by one, feedback showing
 * @property {boolean} all the whole quiz was checked (its result is showing)
 * @property {Outcome | null} outcome the last whole-quiz check, as kept
 * @property {{all: boolean, only: Set<string>, quiet: boolean} | null} pending checks asked for
 *   before the worker was ready
 * @property {HTMLElement} said a polite live region for what a single check found
 * @property {Map<HTMLElement, Element[]>} starts each order question's items as first drawn
 */

const SELECTOR = 'form.cp-quiz[data-cp-kind="quiz"]';

/** @type {Map<HTMLFormElement, Quiz>} */
let quizzes = new Map();
let firstResult = true;
let subscribed = false;

// A whole-quiz result draws this many questions' verdicts with its score; a longer quiz's other
// questions follow in slices once the score is painted (drawInSlices), and its questions are
// laid out only near the screen (.cp-quiz--long in quiz.css): 1,000 questions stay quick.
const AT_ONCE = 50;
// A longer quiz draws with its score only the verdicts a screen above the box can show; each one
// drawn at once is restyled and laid out before the score is painted
// (dev/measurements/2026-12-02-long-quiz-click-3.md).
const SCREENFUL = 8;
/** @type {WeakMap<Quiz, {undrawn: Set<string>, stop: () => void}>} questions still to draw */
const drawing = new WeakMap();

/**
 * A question's own check, a changed answer or a new start: the result being drawn no longer
 * draws these questions (all of them when ids is not given).
 * @param {Quiz} quiz @param {Iterable<string>} [ids]
 */
function undraw(quiz, ids) {
  const pending = drawing.get(quiz);
  if (!pending) return;
  if (!ids) {
    pending.stop();
    drawing.delete(quiz);
  } else for (const id of ids) pending.undrawn.delete(id);
}

document.documentElement.classList.add("cp-js");

// The tab's worker client, with this page glue listening to it (once per tab, not per page).
function ensureClient() {
  const client = getWorkerClient();
  if (!subscribed) {
    subscribed = true;
    client.onChange((changed) => {
      if (changed.state === "failed") console.error(`Clear Picture: ${changed.error}`);
      showRuntimeState(changed);
    });
  }
  return client;
}

/** @param {WorkerClient} client */
function showRuntimeState(client) {
  for (const quiz of quizzes.values()) {
    const { form } = quiz;
    if (!form.isConnected) continue;
    if (client.state === "ready") {
      if (quiz.pending) runPending(quiz);
      else setStatus(form, "");
    } else if (client.state === "slow" || client.state === "failed") {
      form.classList.add("cp-quiz--unscored");
      setStatus(form, t(`quiz.status.${client.state}`));
    } else if (!quiz.pending || quiz.pending.quiet) {
      setStatus(form, loadingText(client));
    }
  }
}

/** @param {Quiz} quiz */
function runPending(quiz) {
  const pending = quiz.pending;
  quiz.pending = null;
  if (!pending) return;
  if (pending.all) check(quiz, { quiet: pending.quiet });
  else check(quiz, { only: pending.only, quiet: pending.quiet });
}

// --- checking ------------------------------------------------------------------------------

/**
 * Ask the engine, then show the whole quiz's outcome or only the questions asked about.
 * @param {Quiz} quiz
 * @param {{only?: Set<string>, quiet?: boolean}} [how] only: these questions, one by one;
 *   quiet: restoring what was kept (no focus move, nothing announced)
 */
async function check(quiz, { only, quiet = false } = {}) {
  const { form } = quiz;
  // Putting back kept checks waits for the reader's intent (scoring-start.js) like everything
  // else: a return visit fetches no runtime byte before the reader comes near the quiz.
  const client = quiet && !started() ? null : ensureClient();
  if (!client || (client.state !== "ready" && client.state !== "failed")) {
    // Kept until the worker is up; the answers are read at that moment.
    const waiting = quiz.pending ?? { all: false, only: new Set(), quiet };
    if (only) for (const id of only) waiting.only.add(id);
    else waiting.all = true;
    waiting.quiet &&= quiet;
    quiz.pending = waiting;
    if (!quiet) setStatus(form, t("quiz.status.queued"));
    return;
  }
  try {
    const result = /** @type {QuizResult} */ (await client.request("score", definitionText(form), collectAnswers(form), [...quiz.hints]));
    performance.mark("cp-scored");
    if (only) showSome(quiz, result, only, quiet);
    else showAll(quiz, result, quiet);
  } catch {
    // The error may quote ids of what was chosen: keep it off the console.
    form.classList.add("cp-quiz--unscored");
    setStatus(form, t(client.state === "failed" ? "quiz.status.failed" : "quiz.status.error"));
  }
}

/**
 * "Check this answer": the verdict right there, said by the live region; an unanswered
 * question is asked for an answer, its answer kept hidden.
 * @param {Quiz} quiz @param {QuizResult} result @param {Set<string>} only @param {boolean} quiet
 */
function showSome(quiz, result, only, quiet) {
  undraw(quiz, only);
  const said = [];
  for (const question of result.questions) {
    const fieldset = quiz.fieldsets.get(question.id);
    if (!fieldset || !only.has(question.id)) continue;
    if (question.status === "unanswered") {
      quiz.checked.delete(question.id);
      said.push(askForAnswer(fieldset));
      continue;
    }
    quiz.checked.add(question.id);
    said.push(showQuestion(fieldset, question));
  }
  if (!quiet) announce(quiz, said.join(" "));
  save(quiz);
}

/**
 * The whole quiz's outcome: the result box (score, band) with the questions beside it, said and
 * focused at once; a long quiz's other questions get their verdicts just after (AT_ONCE,
 * SCREENFUL).
 * @param {Quiz} quiz @param {QuizResult} result @param {boolean} quiet
 */
function showAll(quiz, result, quiet) {
  const { form } = quiz;
  undraw(quiz);
  quiz.all = true;
  quiz.checked = new Set(quiz.fieldsets.keys());
  const undrawn = new Set(result.questions.map((question) => question.id));
  /** @param {import("./scoring-protocol.js").QuestionResult} question */
  const draw = (question) => {
    const fieldset = quiz.fieldsets.get(question.id);
    if (fieldset && undrawn.delete(question.id)) showQuestion(fieldset, question);
  };
  // The last questions first: they are the ones next to the result box.
  const order = [...result.questions].reverse();
  const long = order.length > AT_ONCE;
  const { said, listCredits } = showResult(form, result, quiz.definition, quiz.fieldsets, long);
  const stop = drawInSlices(order, long ? SCREENFUL : AT_ONCE, draw, () => {
    drawing.delete(quiz);
    listCredits();
    performance.mark("cp-result-complete");
  });
  if (undrawn.size) drawing.set(quiz, { undrawn, stop });
  if (!quiet) {
    setStatus(form, said);
    // Focus, then the box scrolled into view: one layout of the page. A plain focus() lays the
    // page out to scroll, then again for the focus styles it just changed (measured: 20-30 ms
    // of a 1,000-question quiz's click, dev/measurements/2026-12-01-long-quiz-click-2.md).
    const box = resultBox(form);
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
    quiz.outcome = {
      score: result.score,
      max: result.max,
      percent: result.percent,
      band: result.band,
      done: result.missing.length === 0,
      date: new Date().toISOString(),
    };
  }
  if (firstResult) {
    firstResult = false;
    performance.mark("cp-first-result");
  }
  save(quiz);
}

/** @param {Quiz} quiz @param {string} text */
function announce(quiz, text) {
  // Emptied first, so the same words said twice are announced twice.
  quiz.said.textContent = "";
  setTimeout(() => {
    quiz.said.textContent = text;
  }, 50);
}

/**
 * An answer changed: that question's feedback no longer speaks of it.
 * @param {Quiz} quiz @param {HTMLElement} fieldset
 */
function answerChanged(quiz, fieldset) {
  const id = fieldset.dataset.cpQuestion ?? "";
  undraw(quiz, [id]);
  if (quiz.checked.delete(id)) clearQuestion(fieldset);
  save(quiz);
}

/** @param {Quiz} quiz */
function reset(quiz) {
  const { form } = quiz;
  quiz.pending = null;
  undraw(quiz);
  form.reset();
  for (const fieldset of quiz.fieldsets.values()) {
    clearQuestion(fieldset);
    showHint(fieldset, false);
    delete fieldset.dataset.cpMoved;
  }
  for (const [list, items] of quiz.starts) {
    list.append(...items);
    markEnds(list);
  }
  quiz.hints.clear();
  quiz.checked.clear();
  quiz.all = false;
  delete form.dataset.cpScored;
  const result = resultBox(form);
  result.replaceChildren();
  result.hidden = true;
  setStatus(form, "");
  save(quiz);
  /** @type {HTMLElement | null} */ (form.querySelector("fieldset input") ?? form.querySelector("fieldset button"))?.focus();
}

// --- keeping (only while the reader wants it: quiz-keep.js) ---------------------------------

/** @type {WeakMap<Quiz, number>} */
const saveTimers = new WeakMap();

/** @param {Quiz} quiz */
function save(quiz) {
  clearTimeout(saveTimers.get(quiz));
  // Typing saves once the reader pauses, not at every key.
  saveTimers.set(
    quiz,
    window.setTimeout(() => {
      writeQuiz(quiz.definition.id, {
        page: location.pathname,
        answers: collectAnswers(quiz.form),
        hints: [...quiz.hints],
        checked: quiz.all ? "all" : [...quiz.checked],
        outcome: quiz.outcome,
      });
    }, 250),
  );
}

/** Put back what was kept: answers, hints opened, and the checks made (quietly). @param {Quiz} quiz */
function restore(quiz) {
  const record = readQuiz(quiz.definition);
  if (!record) return;
  quiz.outcome = record.outcome;
  for (const [id, answer] of Object.entries(record.answers)) {
    const fieldset = quiz.fieldsets.get(id);
    if (fieldset) setAnswer(fieldset, answer);
  }
  for (const list of quiz.starts.keys()) markEnds(list);
  for (const id of record.hints) {
    const fieldset = quiz.fieldsets.get(id);
    if (fieldset?.querySelector(".cp-q__hint-toggle")) {
      showHint(fieldset, true);
      quiz.hints.add(id);
    }
  }
  if (record.checked === "all") check(quiz, { quiet: true });
  else if (record.checked.length) check(quiz, { only: new Set(record.checked), quiet: true });
}

// --- wiring ----------------------------------------------------------------------------------

/** @param {HTMLFormElement} form */
function wire(form) {
  const known = quizzes.get(form);
  if (known) return known;
  form.dataset.cpWired = "";
  const definition = readDefinition(form);
  shuffle(form, definition);
  const said = el("p", "cp-visually-hidden cp-quiz__said");
  said.setAttribute("role", "status");
  /** @type {Quiz} */
  const quiz = {
    form,
    definition,
    fieldsets: fieldsetsById(form),
    hints: new Set(),
    checked: new Set(),
    all: false,
    outcome: null,
    pending: null,
    said,
    starts: new Map(),
  };
  form.append(said);
  // A long quiz lays out only the questions near the screen (quiz.css).
  if (quiz.fieldsets.size > AT_ONCE) form.classList.add("cp-quiz--long");
  for (const fieldset of quiz.fieldsets.values()) {
    foldHint(fieldset, (id) => {
      quiz.hints.add(id);
      save(quiz);
    });
    if (fieldset.dataset.cpType === "order") {
      addMoves(fieldset, (moved, words) => {
        answerChanged(quiz, moved);
        announce(quiz, words);
      });
      const list = /** @type {HTMLElement} */ (fieldset.querySelector(".cp-order"));
      quiz.starts.set(list, [...list.children]);
    }
    addCheckButton(fieldset);
  }
  form.addEventListener("click", (event) => {
    const target = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("[data-cp-command], [data-cp-check]"));
    if (!target || !form.contains(target)) return;
    if (target.dataset.cpCheck !== undefined) check(quiz, { only: new Set([target.dataset.cpCheck]) });
    else if (target.dataset.cpCommand === "score") check(quiz);
    else if (target.dataset.cpCommand === "reset") reset(quiz);
  });
  form.addEventListener("input", (event) => {
    const fieldset = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("fieldset[data-cp-question]"));
    if (fieldset) answerChanged(quiz, fieldset);
  });
  // method="dialog" already keeps answers out of any URL; this also stops Enter from "submitting".
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(quiz);
  });
  form.addEventListener("keydown", (event) => {
    const input = /** @type {Element} */ (event.target);
    if (event.key !== "Enter" || !input.matches("fieldset[data-cp-question] input[type=text]")) return;
    event.preventDefault();
    const fieldset = /** @type {HTMLElement} */ (input.closest("fieldset"));
    check(quiz, { only: new Set([fieldset.dataset.cpQuestion ?? ""]) });
  });
  rememberBox(form, () => save(quiz));
  // The build hides the buttons until now: a click can no longer go unanswered.
  showControls(form);
  restore(quiz);
  return quiz;
}

function onPage() {
  const forms = [.../** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll(SELECTOR))];
  quizzes = new Map(forms.map((form) => [form, wire(form)]));
  // A question's link: once the questions are drawn, it is where the address points.
  const target = forms.length && location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target?.matches("fieldset[data-cp-question]")) target.scrollIntoView();
  const waiting = beforeStartText();
  if (waiting) for (const form of forms) setStatus(form, waiting);
  startOnIntent(forms, () => {
    const client = ensureClient();
    // The engine reads each quiz's definition (public, the page's own) while the reader
    // answers, not at the check: a long quiz's check then only grades the answers. A definition
    // it cannot read fails that quiz's check, which says so.
    for (const form of forms) client.request("prepare", definitionText(form), {}).catch(() => {});
    showRuntimeState(client);
    // A result of 1,000 points or more writes them with the language's digit grouping
    // (i18n.js: the page's first Intl.NumberFormat, which loads locale data: 30-80 ms measured
    // in the click of a 1,000-question quiz). Made now, while idle, not at the click.
    const points = (/** @type {Definition} */ definition) => (definition.questions ?? []).reduce((sum, q) => sum + (q.points ?? 1), 0);
    if ([...quizzes.values()].some((quiz) => points(quiz.definition) >= 1000)) {
      if ("requestIdleCallback" in window) requestIdleCallback(() => num(1000), { timeout: 2000 });
      else setTimeout(() => num(1000), 0);
    }
  });
}

onEveryPage(onPage);
