// @ts-check
// The checklist's result view, drawn from an engine result (score or score_household) plus the
// words the build already put in the page: area titles, band labels and meanings, item prompts
// and each item's rendered fix / find-out step (cloned, not rebuilt). It shows the engine's
// numbers and order as they are; it never works any of them out. checklist-export.js writes the
// same plan as Markdown with the same words.
import { el, withoutIds } from "./dom.js";
import { formBand as band, questionFieldset } from "./form.js";
import { longDate, t, tn } from "./i18n.js";

/** @typedef {import("./checklist.js").Checklist} Checklist */
/** @typedef {import("./checklist-store.js").Member} Member */
/** @typedef {import("./scoring-protocol.js").AreaResult} AreaResult */
/** @typedef {import("./scoring-protocol.js").ChecklistResult} ChecklistResult */
/** @typedef {import("./scoring-protocol.js").HouseholdResult} HouseholdResult */
/** @typedef {import("./scoring-protocol.js").PlanStep} PlanStep */

// How many of the engine's plan steps are shown as "Do these first".
export const FIRST_STEPS = 5;

/** @param {Member} member @param {number} index */
export const memberName = (member, index) => member.nickname || (index ? t("common.person", { n: index + 1 }) : t("common.you"));

/** @param {HTMLFormElement} form @param {string} id */
export const areaTitle = (form, id) =>
  /** @type {HTMLElement[]} */ ([...form.querySelectorAll(".cp-areas [data-cp-area]")])
    .find((node) => node.dataset.cpArea === id)
    ?.textContent?.trim() ?? id;
/** @param {HTMLFormElement} form @param {string} id */
export const bandLabel = (form, id) => band(form, id)?.querySelector(".cp-band__label")?.textContent?.trim() ?? id;
/** @param {HTMLFormElement} form @param {string} id */
export const bandMeaning = (form, id) => band(form, id)?.querySelector(".cp-band__meaning");
/** @param {HTMLFormElement} form @param {string} item */
export const prompt = (form, item) => questionFieldset(form, item)?.querySelector("legend")?.textContent?.trim() ?? item;
/** @param {HTMLFormElement} form @param {PlanStep} step */
export const action = (form, step) =>
  questionFieldset(form, step.item)?.querySelector(`.cp-action[data-cp-step="${CSS.escape(step.step)}"]`);

// A bar the eye can compare; the number and the band's words beside it say the same thing.
function bar(exposure, bandId) {
  const outer = el("span", "cp-bar");
  outer.setAttribute("aria-hidden", "true");
  outer.dataset.cpBand = bandId;
  const inner = el("span", "cp-bar__fill");
  inner.style.width = `${exposure}%`; // CSSOM, allowed by the CSP's style-src 'self'
  outer.append(inner);
  return outer;
}

function overall(form, result) {
  const line = el("p", "cp-result__overall");
  line.dataset.cpBand = result.band;
  const number = el("span", "cp-result__number", String(result.exposure));
  number.dataset.cpExposure = String(result.exposure);
  line.append(number, t("checklist.result.out_of"), el("strong", "cp-result__band", bandLabel(form, result.band)));
  return [line, bar(result.exposure, result.band)];
}

function areasTable(form, result, caption) {
  const table = el("table", "cp-area-table");
  table.append(el("caption", null, caption));
  const head = el("tr");
  for (const text of [t("checklist.table.area"), t("checklist.table.exposure"), t("checklist.table.level"), t("checklist.table.answered")]) {
    const th = el("th", null, text);
    th.scope = "col";
    head.append(th);
  }
  const body = el("tbody");
  // An area the household profile leaves no question in is not listed.
  for (const area of result.areas.filter((entry) => entry.total > 0)) {
    const row = el("tr");
    row.dataset.cpArea = area.id;
    const name = el("th", null, areaTitle(form, area.id));
    name.scope = "row";
    const value = el("td", "cp-area-table__value");
    const level = el("td");
    if (area.answered) {
      value.append(bar(area.exposure, area.band), el("span", null, String(area.exposure)));
      level.textContent = bandLabel(form, area.band);
    } else {
      value.textContent = "–";
      level.textContent = t("checklist.table.not_answered");
    }
    row.append(name, value, level, el("td", null, t("checklist.table.count", { answered: area.answered, total: area.total })));
    body.append(row);
  }
  table.createTHead().append(head);
  table.append(body);
  return table;
}

function planStep(form, step, names) {
  const item = el("li", "cp-step");
  item.dataset.cpItem = step.item;
  item.dataset.cpStep = step.step;
  item.append(el("p", "cp-step__about", prompt(form, step.item)));
  if (names && step.members?.length) {
    item.append(el("p", "cp-step__who", t("checklist.plan.for", { names: step.members.map((i) => names[i]).join(", ") })));
  }
  const source = action(form, step);
  if (source) {
    const copy = withoutIds(source);
    // On paper a link is its address: the print style shows this after the step.
    for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (copy.querySelectorAll("a[href]"))) link.dataset.cpHref = link.href;
    item.append(copy);
  }
  return item;
}

function plan(form, result, names) {
  if (!result.plan.length) {
    return [el("p", "cp-result__note", t("checklist.plan.nothing"))];
  }
  const first = el("ol", "cp-plan cp-plan--first");
  const rest = el("ol", "cp-plan cp-plan--rest");
  rest.start = FIRST_STEPS + 1;
  result.plan.forEach((step, index) => {
    (index < FIRST_STEPS ? first : rest).append(planStep(form, step, names));
  });
  const nodes = [
    el("h3", "cp-result__subtitle", t("checklist.plan.first")),
    el("p", "cp-hint", t("checklist.plan.first_hint")),
    first,
  ];
  if (rest.children.length) nodes.push(el("h3", "cp-result__subtitle", t("checklist.plan.then")), rest);
  return nodes;
}

function printMeta() {
  return el("p", "cp-print-meta", t("common.made_on", { date: longDate(new Date()), url: `${location.origin}${location.pathname}` }));
}

/**
 * Fills the form's result container; returns the sentence to announce.
 * @param {Checklist} checklist
 * @param {ChecklistResult | HouseholdResult} result
 * @returns {string}
 */
export function renderResult(checklist, result) {
  const { form } = checklist;
  const household = result.kind === "household";
  const main = household ? result.combined : result;
  const names = checklist.state.members.map(memberName);
  const title = household
    ? t("checklist.result.title_household")
    : names.length && checklist.state.members[0].nickname
      ? t("checklist.result.title_named", { name: names[0] })
      : t("checklist.result.title");
  const heading = el("h2", "cp-result__title", title);
  heading.tabIndex = -1;
  /** @type {Element[]} */
  const nodes = [heading];
  let said = t("checklist.result.nothing_said", { title });
  if (!main.answered) {
    nodes.push(el("p", "cp-result__note", t("checklist.result.answer_one")));
  } else {
    nodes.push(...overall(form, main));
    const meaning = bandMeaning(form, main.band);
    if (meaning) nodes.push(withoutIds(meaning));
    if (household) nodes.push(el("p", "cp-result__note", t("checklist.result.combines", { names: names.join(", ") })));
    if (main.answered < main.total) {
      nodes.push(el("p", "cp-result__note", t("checklist.result.based_on", { answered: main.answered, total: main.total })));
    }
    nodes.push(areasTable(form, main, t(household ? "checklist.result.areas_household" : "checklist.result.areas")));
    nodes.push(...plan(form, main, household ? names : null));
    said = tn("checklist.result.said", main.plan.length, { title, exposure: main.exposure, band: bandLabel(form, main.band) });
  }
  if (household) {
    nodes.push(el("h3", "cp-result__subtitle", t("checklist.result.each_person")));
    result.members.forEach((member, index) => {
      const box = el("details", "cp-member");
      box.dataset.cpMember = String(index);
      const summary = el("summary", null, `${names[index]}: `);
      summary.append(member.answered ? t("checklist.result.member", { exposure: member.exposure, band: bandLabel(form, member.band) }) : t("checklist.result.member_nothing"));
      box.append(summary);
      if (member.answered) box.append(areasTable(form, member, t("checklist.result.areas_for", { name: names[index] })));
      nodes.push(box);
    });
  }
  nodes.push(printMeta());
  const container = /** @type {HTMLElement} */ (form.querySelector("[data-cp-result]"));
  container.replaceChildren(...nodes);
  container.hidden = false;
  form.dataset.cpScored = "";
  return said;
}
