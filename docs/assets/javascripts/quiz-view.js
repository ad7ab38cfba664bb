// @ts-check
// How a quiz shows the engine's verdicts: per question (the verdict line above the question's
// options, marks on what was chosen and what was right, the explanations revealed) and for the
// whole quiz (points, percent, how many were right, the band, hints opened, points per
// question). Every number comes from the engine's result as it is; only words are chosen here.
// Drawing is linear in the number of questions (one lookup table of fieldsets).
import { el } from "./dom.js";
import { bandCopy, resultBox } from "./form.js";
import { num, t, tn } from "./i18n.js";

/** @typedef {import("./scoring-protocol.js").QuizResult} QuizResult */
/** @typedef {import("./scoring-protocol.js").QuestionResult} QuestionResult */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */

/** @param {HTMLElement} fieldset */
const kindOf = (fieldset) => {
  const type = fieldset.dataset.cpType;
  return type === "fill-in" || type === "number" ? "typed" : type === "order" ? "order" : "choice";
};

/**
 * The verdict sentence of one question.
 * @param {QuestionResult} question
 * @param {HTMLElement} fieldset
 */
export function verdictText(question, fieldset) {
  const kind = kindOf(fieldset);
  const values = { earned: num(question.earned) };
  switch (question.status) {
    case "correct":
      return question.points === 1 && question.earned === 1 ? t("quiz.verdict.correct") : tn("quiz.verdict.correct_points", question.points, values);
    case "partial":
      return tn(kind === "order" ? "quiz.verdict.partial_order" : "quiz.verdict.partial", question.points, values);
    case "incorrect":
      if (question.note === "not-a-number") return t("quiz.verdict.not_a_number");
      return t(kind === "choice" ? "quiz.verdict.incorrect" : `quiz.verdict.incorrect_${kind}`);
    default:
      return t(kind === "choice" ? "quiz.verdict.unanswered" : `quiz.verdict.unanswered_${kind}`);
  }
}

/**
 * "Check this answer" with nothing answered: ask for an answer, keep the right one hidden.
 * Returns what was said.
 * @param {HTMLElement} fieldset
 */
export function askForAnswer(fieldset) {
  clearQuestion(fieldset);
  const kind = kindOf(fieldset);
  const ask = t(kind === "choice" ? "quiz.verdict.answer_first" : `quiz.verdict.answer_first_${kind}`);
  const verdict = fieldset.querySelector("[data-cp-verdict]");
  if (verdict) verdict.textContent = ask;
  return ask;
}

/**
 * Take one question's feedback away (its answer changed, or the quiz starts again).
 * @param {HTMLElement} fieldset
 */
export function clearQuestion(fieldset) {
  delete fieldset.dataset.cpChecked;
  delete fieldset.dataset.cpStatusOf;
  for (const node of fieldset.querySelectorAll("[data-cp-mark]")) node.remove();
  for (const node of fieldset.querySelectorAll("[data-cp-reveal]")) delete /** @type {HTMLElement} */ (node).dataset.cpReveal;
  const verdict = fieldset.querySelector("[data-cp-verdict]");
  if (verdict) verdict.textContent = "";
}

/**
 * @param {string} className
 * @param {string} text
 */
function mark(className, text) {
  const node = el("p", `cp-opt__mark ${className}`, text);
  node.dataset.cpMark = "";
  return node;
}

/**
 * Show one question's outcome; returns the verdict said.
 * @param {HTMLElement} fieldset
 * @param {QuestionResult} question
 */
export function showQuestion(fieldset, question) {
  clearQuestion(fieldset);
  fieldset.dataset.cpChecked = "";
  fieldset.dataset.cpStatusOf = question.status;
  const said = verdictText(question, fieldset);
  const verdict = fieldset.querySelector("[data-cp-verdict]");
  if (verdict) verdict.textContent = said;
  const kind = kindOf(fieldset);
  if (kind === "choice") {
    for (const option of /** @type {NodeListOf<HTMLElement>} */ (fieldset.querySelectorAll(".cp-opt[data-cp-option]"))) {
      const id = option.dataset.cpOption ?? "";
      const chosen = question.selected.includes(id);
      const right = question.correct.includes(id);
      if (!chosen && !right) continue;
      const how = chosen ? (right ? "right" : "wrong") : "missed";
      option.dataset.cpReveal = how;
      option.querySelector("label")?.after(mark(`cp-opt__mark--${how}`, t(`quiz.mark.${how}`)));
    }
  } else if (kind === "typed" && question.status !== "unanswered") {
    const right = question.status === "correct";
    fieldset.querySelector(".cp-entry")?.after(mark(`cp-opt__mark--${right ? "right" : "wrong"}`, t(right ? "quiz.mark.right" : "quiz.mark.wrong")));
  } else if (kind === "order" && question.status !== "unanswered") {
    fieldset.querySelectorAll("[data-cp-item]").forEach((item, index) => {
      const inPlace = question.correct[index] === /** @type {HTMLElement} */ (item).dataset.cpItem;
      item.append(mark(`cp-opt__mark--${inPlace ? "right" : "wrong"}`, t(inPlace ? "quiz.mark.in_place" : "quiz.mark.out_of_place")));
    });
  }
  return said;
}

/**
 * The whole quiz's result, drawn into its result box; returns the line to announce and a
 * function that lists the points per question in their folded box, if `later` left that undone
 * (a very long quiz lists them once its questions are drawn, or when the box is opened).
 * @param {HTMLFormElement} form
 * @param {QuizResult} result
 * @param {Definition} definition
 * @param {Map<string, HTMLFieldSetElement>} fieldsets
 * @param {boolean} [later]
 * @returns {{said: string, listCredits: () => void}}
 */
export function showResult(form, result, definition, fieldsets, later = false) {
  const partly = result.questions.filter((q) => q.status === "partial").length;
  const total = result.questions.length;
  /** @type {HTMLElement[]} */
  const lines = [
    el("p", "cp-quiz__points", tn("quiz.points", result.max, { score: num(result.score), percent: result.percent })),
    el("p", "cp-quiz__score", partly ? t("quiz.score_partly", { score: result.correct, max: total, partly }) : t("quiz.score", { score: result.correct, max: total })),
  ];
  const band = bandCopy(form, result.band);
  if (band) lines.push(band);
  if (result.missing.length) lines.push(el("p", "cp-quiz__note", tn("quiz.not_answered", result.missing.length)));
  if ((definition.questions ?? []).some((q) => q.hint)) {
    const hints = el("p", "cp-quiz__note cp-quiz__hints", tn("quiz.hints_used", result.hints));
    if (result.hints && definition.hint_penalty) hints.append(" ", t("quiz.hint_cost", { percent: num(definition.hint_penalty * 100) }));
    lines.push(hints);
  }
  const box = el("details", "cp-quiz__credits");
  box.append(el("summary", null, t("quiz.credits")));
  let listed = false;
  const listCredits = () => {
    if (listed) return;
    listed = true;
    box.append(credits(result, fieldsets));
  };
  if (later) box.addEventListener("toggle", listCredits, { once: true });
  else listCredits();
  lines.push(box);
  const container = resultBox(form);
  container.replaceChildren(...lines);
  container.hidden = false;
  form.dataset.cpScored = "";
  const label = band?.querySelector(".cp-band__label")?.textContent ?? "";
  return { said: `${lines[0].textContent}. ${label}`.trim(), listCredits };
}

/**
 * Points per question (shown folded): each question's prompt links to it.
 * @param {QuizResult} result
 * @param {Map<string, HTMLFieldSetElement>} fieldsets
 */
function credits(result, fieldsets) {
  const list = el("ol");
  for (const question of result.questions) {
    const fieldset = fieldsets.get(question.id);
    const item = el("li");
    item.dataset.cpCredit = question.id;
    const prompt = (fieldset?.querySelector("legend")?.textContent ?? question.id).replace(/\s+/g, " ").trim();
    const link = el("a", null, prompt);
    link.href = `#${fieldset?.id ?? ""}`;
    item.append(link, ": ", tn("quiz.credit", question.points, { earned: num(question.earned) }));
    list.append(item);
  }
  return list;
}
