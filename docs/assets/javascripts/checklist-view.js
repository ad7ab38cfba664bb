// The checklist's result view and its Markdown export, drawn from an engine result (score or
// score_household) plus the words the build already put in the page: area titles, band labels
// and meanings, item prompts and each item's rendered fix / find-out step (cloned, not rebuilt).
// It shows the engine's numbers and order as they are; it never works any of them out.
import { el, questionFieldset } from "./quiz-core.js";

// How many of the engine's plan steps are shown as "Do these first".
const FIRST_STEPS = 5;

export const memberName = (member, index) => member.nickname || (index ? `Person ${index + 1}` : "You");

const byData = (root, selector, key, value) =>
  [...root.querySelectorAll(selector)].find((node) => node.dataset[key] === value);
const areaTitle = (form, id) => byData(form, ".cp-areas [data-cp-area]", "cpArea", id)?.textContent.trim() ?? id;
const band = (form, id) => byData(form, ".cp-bands [data-cp-band]", "cpBand", id);
const bandLabel = (form, id) => band(form, id)?.querySelector(".cp-band__label")?.textContent.trim() ?? id;
const prompt = (form, item) => questionFieldset(form, item)?.querySelector("legend")?.textContent.trim() ?? item;
const action = (form, step) =>
  questionFieldset(form, step.item)?.querySelector(`.cp-action[data-cp-step="${CSS.escape(step.step)}"]`);

function withoutIds(node) {
  const copy = node.cloneNode(true);
  copy.removeAttribute("id");
  for (const inner of copy.querySelectorAll("[id]")) inner.removeAttribute("id");
  return copy;
}

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
  line.append(number, " out of 100 · ", el("strong", "cp-result__band", bandLabel(form, result.band)));
  return [line, bar(result.exposure, result.band)];
}

function areasTable(form, result, caption) {
  const table = el("table", "cp-area-table");
  table.append(el("caption", null, caption));
  const head = el("tr");
  for (const text of ["Area", "Exposure (of 100)", "Level", "Answered"]) {
    const th = el("th", null, text);
    th.scope = "col";
    head.append(th);
  }
  const body = el("tbody");
  for (const area of result.areas) {
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
      level.textContent = "Not answered yet";
    }
    row.append(name, value, level, el("td", null, `${area.answered} of ${area.total}`));
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
    item.append(el("p", "cp-step__who", `For: ${step.members.map((i) => names[i]).join(", ")}`));
  }
  const source = action(form, step);
  if (source) {
    const copy = withoutIds(source);
    // On paper a link is its address: the print style shows this after the step.
    for (const link of copy.querySelectorAll("a[href]")) link.dataset.cpHref = link.href;
    item.append(copy);
  }
  return item;
}

function plan(form, result, names) {
  if (!result.plan.length) {
    return [el("p", "cp-result__note", "Nothing to fix from what you answered. Check again in three months.")];
  }
  const first = el("ol", "cp-plan cp-plan--first");
  const rest = el("ol", "cp-plan cp-plan--rest");
  rest.start = FIRST_STEPS + 1;
  result.plan.forEach((step, index) => (index < FIRST_STEPS ? first : rest).append(planStep(form, step, names)));
  const nodes = [
    el("h3", "cp-result__subtitle", "Do these first"),
    el("p", "cp-hint", "These steps take away the most exposure for the time they take. Each links to the guide section that shows how."),
    first,
  ];
  if (rest.children.length) nodes.push(el("h3", "cp-result__subtitle", "Then, when you have time"), rest);
  return nodes;
}

function printMeta() {
  const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  return el("p", "cp-print-meta", `Made on ${date} at ${location.origin}${location.pathname}`);
}

// Fills the form's result container; returns the sentence to announce.
export function renderResult(c, result) {
  const { form } = c;
  const household = result.kind === "household";
  const main = household ? result.combined : result;
  const names = c.state.members.map(memberName);
  const title = household ? "Your household's exposure" : names.length && c.state.members[0].nickname ? `Exposure for ${names[0]}` : "Your exposure";
  const heading = el("h2", "cp-result__title", title);
  heading.tabIndex = -1;
  const nodes = [heading];
  let said = `${title}: nothing answered yet.`;
  if (!main.answered) {
    nodes.push(el("p", "cp-result__note", "Answer at least one question to see your exposure and your plan."));
  } else {
    nodes.push(...overall(form, main));
    const meaning = band(form, main.band)?.querySelector(".cp-band__meaning");
    if (meaning) nodes.push(withoutIds(meaning));
    if (household) nodes.push(el("p", "cp-result__note", `This combines ${names.join(", ")}: for each question it counts the riskiest answer anyone gave.`));
    if (main.answered < main.total) {
      nodes.push(el("p", "cp-result__note", `Based on ${main.answered} of ${main.total} questions. Answer the rest for a fuller picture.`));
    }
    nodes.push(areasTable(form, main, household ? "Area by area, whole household" : "Area by area"));
    nodes.push(...plan(form, main, household ? names : null));
    said = `${title}: ${main.exposure} out of 100, ${bandLabel(form, main.band)}. Your plan has ${main.plan.length} ${main.plan.length === 1 ? "step" : "steps"}.`;
  }
  if (household) {
    nodes.push(el("h3", "cp-result__subtitle", "Each person"));
    result.members.forEach((member, index) => {
      const box = el("details", "cp-member");
      box.dataset.cpMember = String(index);
      const summary = el("summary", null, `${names[index]}: `);
      summary.append(member.answered ? `${member.exposure} out of 100, ${bandLabel(form, member.band)}` : "nothing answered yet");
      box.append(summary);
      if (member.answered) box.append(areasTable(form, member, `Area by area for ${names[index]}`));
      nodes.push(box);
    });
  }
  nodes.push(printMeta());
  const container = form.querySelector("[data-cp-result]");
  container.replaceChildren(...nodes);
  container.hidden = false;
  form.dataset.cpScored = "";
  return said;
}

const cell = (text) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

function markdownStep(form, step, number, names) {
  const source = action(form, step);
  const head = source?.querySelector(".cp-action__head")?.textContent.trim().replace(/\s+/g, " ") ?? step.step;
  const text = source?.querySelector(".cp-action__text")?.textContent.trim().replace(/\s+/g, " ") ?? "";
  const href = source?.querySelector(".cp-action__more a")?.href;
  const lines = [`${number}. **${head}**: ${text}${href ? ` [How to do it](${href})` : ""}`];
  lines.push(`   For the question: ${prompt(form, step.item)}`);
  if (names && step.members?.length) lines.push(`   For: ${step.members.map((i) => names[i]).join(", ")}`);
  return lines.join("\n");
}

// The plan as a Markdown document a reader can keep, print or paste into notes.
export function markdownPlan(c, result, url) {
  const { form } = c;
  const household = result.kind === "household";
  const main = household ? result.combined : result;
  const names = c.state.members.map(memberName);
  const date = new Date().toISOString().slice(0, 10);
  const out = [`# ${household ? "Household exposure plan" : "Exposure plan"}`, "", `Made on ${date} at <${url}>`, ""];
  out.push(`## Exposure: ${main.exposure} out of 100 (${bandLabel(form, main.band)})`, "");
  const meaning = band(form, main.band)?.querySelector(".cp-band__meaning")?.textContent.trim();
  if (meaning) out.push(meaning.replace(/\s+/g, " "), "");
  out.push(`Based on ${main.answered} of ${main.total} questions.`, "");
  if (household) {
    out.push("## Each person", "");
    result.members.forEach((m, i) => out.push(`- ${names[i]}: ${m.answered ? `${m.exposure} out of 100 (${bandLabel(form, m.band)})` : "nothing answered yet"}`));
    out.push("");
  }
  out.push("## Area by area", "", "| Area | Exposure | Level | Answered |", "| --- | --- | --- | --- |");
  for (const area of main.areas) {
    const level = area.answered ? bandLabel(form, area.band) : "Not answered yet";
    out.push(`| ${cell(areaTitle(form, area.id))} | ${area.answered ? area.exposure : "–"} | ${level} | ${area.answered} of ${area.total} |`);
  }
  out.push("");
  const who = household ? names : null;
  if (!main.plan.length) out.push("Nothing to fix from what you answered.", "");
  main.plan.forEach((step, index) => {
    if (index === 0) out.push("## Do these first", "");
    if (index === FIRST_STEPS) out.push("## Then, when you have time", "");
    out.push(markdownStep(form, step, index + 1, who), "");
  });
  return `${out.join("\n").trimEnd()}\n`;
}
