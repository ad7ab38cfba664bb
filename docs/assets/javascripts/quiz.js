// @ts-check
// Page glue for the quizzes the build rendered as plain HTML forms
// (form.cp-quiz[data-cp-kind=quiz]; the checklist is checklist.js's). On pages without one it
// does nothing but mark <html> as scripted; on a quiz page it starts the tab's scoring worker
// when the reader is about to use a quiz (scoring-start.js), sends the answers to it and shows
// the verdicts, the explanations, the score and the band. Nothing leaves the device.
import { el } from "./dom.js";
import { bandCopy, collectAnswers, questionFieldset, readDefinition, setStatus, showControls } from "./form.js";
import { t, tn } from "./i18n.js";
import { onEveryPage } from "./page.js";
import { getWorkerClient } from "./scoring-client.js";
import { beforeStartText, loadingText, startOnIntent } from "./scoring-start.js";

/** @typedef {import("./scoring-client.js").WorkerClient} WorkerClient */
/** @typedef {import("./scoring-protocol.js").QuizResult} QuizResult */
/** @typedef {import("./scoring-protocol.js").QuestionResult} QuestionResult */

const SELECTOR = 'form.cp-quiz[data-cp-kind="quiz"]';

/** @type {HTMLFormElement[]} */
let forms = [];
let firstResult = true;
let subscribed = false;

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
  for (const form of forms) {
    if (!form.isConnected) continue;
    if (client.state === "ready") {
      if ("cpPending" in form.dataset) check(form);
      else setStatus(form, "");
    } else if (client.state === "slow" || client.state === "failed") {
      form.classList.add("cp-quiz--unscored");
      setStatus(form, t(`quiz.status.${client.state}`));
    } else if (!("cpPending" in form.dataset)) {
      setStatus(form, loadingText(client));
    }
  }
}

/** @param {HTMLFormElement} form */
function clearFeedback(form) {
  delete form.dataset.cpScored;
  for (const node of form.querySelectorAll("[data-cp-mark]")) node.remove();
  for (const node of form.querySelectorAll("[data-cp-verdict]")) node.textContent = "";
  for (const node of form.querySelectorAll("[data-cp-status-of]")) delete /** @type {HTMLElement} */ (node).dataset.cpStatusOf;
  for (const node of form.querySelectorAll("[data-cp-reveal]")) delete /** @type {HTMLElement} */ (node).dataset.cpReveal;
  const result = /** @type {HTMLElement} */ (form.querySelector("[data-cp-result]"));
  result.replaceChildren();
  result.hidden = true;
}

/** @param {HTMLFormElement} form @param {QuizResult} result @returns {HTMLElement[]} */
function renderQuiz(form, result) {
  for (const question of result.questions) {
    const fieldset = questionFieldset(form, question.id);
    if (!fieldset) continue;
    fieldset.dataset.cpStatusOf = question.status;
    const verdict = fieldset.querySelector("[data-cp-verdict]");
    if (verdict) verdict.textContent = t(`quiz.verdict.${question.status}`);
    for (const option of /** @type {NodeListOf<HTMLElement>} */ (fieldset.querySelectorAll(".cp-opt[data-cp-option]"))) {
      const id = option.dataset.cpOption ?? "";
      const chosen = question.selected.includes(id);
      const right = question.correct.includes(id);
      if (!chosen && !right) continue;
      const kind = chosen ? (right ? "right" : "wrong") : "missed";
      option.dataset.cpReveal = kind;
      const mark = el("p", `cp-opt__mark cp-opt__mark--${kind}`, t(`quiz.mark.${kind}`));
      mark.dataset.cpMark = "";
      option.querySelector("label")?.after(mark);
    }
  }
  const lines = [el("p", "cp-quiz__score", t("quiz.score", { score: result.correct, max: result.questions.length }))];
  if (result.missing.length) lines.push(el("p", "cp-quiz__note", tn("quiz.not_answered", result.missing.length)));
  return lines;
}

/** @param {HTMLFormElement} form @param {QuizResult} result */
function render(form, result) {
  clearFeedback(form);
  const lines = renderQuiz(form, result);
  const band = bandCopy(form, result.band);
  if (band) lines.splice(1, 0, band);
  const container = /** @type {HTMLElement} */ (form.querySelector("[data-cp-result]"));
  container.replaceChildren(...lines);
  container.hidden = false;
  form.dataset.cpScored = "";
  const label = band?.querySelector(".cp-band__label")?.textContent ?? "";
  setStatus(form, `${lines[0].textContent}. ${label}`.trim());
  container.focus();
  if (firstResult) {
    firstResult = false;
    performance.mark("cp-first-result");
  }
}

/** @param {HTMLFormElement} form */
async function check(form) {
  const client = ensureClient();
  const definition = readDefinition(form);
  const type = "score";
  if (client.state !== "ready" && client.state !== "failed") {
    // Keep the request until the worker is up; the latest answers are read at that moment.
    form.dataset.cpPending = "";
    setStatus(form, t("quiz.status.queued"));
    return;
  }
  delete form.dataset.cpPending;
  if ("cpBusy" in form.dataset) return;
  form.dataset.cpBusy = "";
  try {
    render(form, /** @type {QuizResult} */ (await client.request(type, definition, collectAnswers(form))));
  } catch {
    // The error may quote ids of what was chosen: keep it off the console.
    form.classList.add("cp-quiz--unscored");
    setStatus(form, t(client.state === "failed" ? "quiz.status.failed" : "quiz.status.error"));
  } finally {
    delete form.dataset.cpBusy;
  }
}

/** @param {HTMLFormElement} form */
function reset(form) {
  delete form.dataset.cpPending;
  form.reset();
  clearFeedback(form);
  setStatus(form, "");
  form.querySelector("input")?.focus();
}

/** @param {HTMLFormElement} form */
function wire(form) {
  if ("cpWired" in form.dataset) return;
  form.dataset.cpWired = "";
  form.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("[data-cp-command]"));
    if (!button || !form.contains(button)) return;
    if (button.dataset.cpCommand === "score") check(form);
    else if (button.dataset.cpCommand === "reset") reset(form);
  });
  // method="dialog" already keeps answers out of any URL; this also stops Enter from "submitting".
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(form);
  });
  // The build hides the buttons until now: a click can no longer go unanswered.
  showControls(form);
}

function onPage() {
  forms = [.../** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll(SELECTOR))];
  forms.forEach(wire);
  const waiting = beforeStartText();
  if (waiting) for (const form of forms) setStatus(form, waiting);
  startOnIntent(forms, () => showRuntimeState(ensureClient()));
}

onEveryPage(onPage);
