// @ts-check
// The reader's progress, from what this device keeps (quiz-keep.js) and nothing else: a mark in
// the navigation beside each guide whose quiz is done, on every page, and on the "Your progress"
// page (/// quiz-progress) each quiz's status, score and date, the site-wide "Remember my answers
// on this device" setting and the one button that erases everything kept. With the setting
// off nothing is kept, so nothing is shown.
import { el } from "./dom.js";
import { longDate, num, t } from "./i18n.js";
import { onEveryPage } from "./page.js";
import { KEPT, KEY, readAll } from "./quiz-keep.js";
import { canKeep, eraseAll, onRememberChange, remembering, setRemembering } from "./remember.js";

/** @typedef {import("./quiz-keep.js").QuizRecord} QuizRecord */

const NAV_LINKS = ".md-nav__link[href]";

/** The pages (paths) whose quiz is done. @param {Record<string, QuizRecord>} records */
const donePages = (records) => new Set(Object.values(records).filter((r) => r.outcome?.done).map((r) => r.page));

function markNavigation() {
  for (const old of document.querySelectorAll(".cp-nav-done")) old.remove();
  if (!remembering()) return;
  const done = donePages(readAll());
  if (!done.size) return;
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll(NAV_LINKS))) {
    if (!done.has(new URL(link.href, location.href).pathname)) continue;
    const mark = el("span", "cp-nav-done");
    const tick = el("span", null, "✓");
    tick.setAttribute("aria-hidden", "true");
    mark.append(tick, el("span", "cp-visually-hidden", t("progress.nav_done")));
    (link.querySelector(".md-ellipsis") ?? link).append(mark);
  }
}

/** @param {HTMLElement} box the page's .cp-progress */
function fillTable(box) {
  const records = remembering() ? readAll() : {};
  for (const row of /** @type {NodeListOf<HTMLElement>} */ (box.querySelectorAll("[data-cp-progress-quiz]"))) {
    const record = records[row.dataset.cpProgressQuiz ?? ""];
    const outcome = record?.outcome ?? null;
    const cell = (/** @type {string} */ name) => /** @type {HTMLElement} */ (row.querySelector(`[data-cp-progress-cell="${name}"]`));
    const started = record && (Object.keys(record.answers).length > 0 || outcome);
    const status = outcome?.done ? "done" : started ? "started" : "not_started";
    row.dataset.cpStatus = status;
    cell("status").textContent = t(`progress.status.${status}`);
    cell("score").textContent = outcome ? t("progress.score", { percent: outcome.percent, score: num(outcome.score), max: outcome.max }) : t("progress.unknown");
    cell("date").textContent = outcome ? longDate(new Date(outcome.date)) : t("progress.unknown");
  }
  const off = /** @type {HTMLElement} */ (box.querySelector(".cp-progress__off"));
  off.hidden = remembering();
}

/** @param {HTMLElement} box */
function setUpPage(box) {
  if (!box.querySelector(".cp-progress__keep")) {
    const keep = el("div", "cp-progress__keep");
    const row = el("p", "cp-check");
    const setting = el("input");
    setting.type = "checkbox";
    setting.id = "cp-progress-remember";
    setting.checked = remembering();
    setting.disabled = !canKeep();
    const label = el("label", null, t("common.remember"));
    label.htmlFor = setting.id;
    row.append(setting, label);
    const erase = el("button", "md-button", t("progress.erase"));
    erase.type = "button";
    erase.dataset.cpDo = "erase";
    const said = el("p", "cp-notice");
    said.setAttribute("role", "status");
    keep.append(row, erase, said);
    const off = el("p", "cp-progress__off", t("progress.off"));
    box.prepend(keep, off);
    setting.addEventListener("change", () => {
      setRemembering(setting.checked);
      said.textContent = t(setting.checked ? "quiz.keep.on" : "quiz.keep.off");
    });
    erase.addEventListener("click", () => {
      eraseAll();
      said.textContent = t("progress.erased");
    });
    onRememberChange((on) => {
      setting.checked = on;
      if (box.isConnected) fillTable(box);
    });
  }
  fillTable(box);
}

function onPage() {
  markNavigation();
  const box = /** @type {HTMLElement | null} */ (document.querySelector(".cp-progress[data-cp-progress]"));
  if (box) setUpPage(box);
}

onRememberChange(() => markNavigation());
window.addEventListener(KEPT, () => markNavigation());
window.addEventListener("storage", (event) => {
  if (event.key === KEY) markNavigation();
});
onEveryPage(onPage);
