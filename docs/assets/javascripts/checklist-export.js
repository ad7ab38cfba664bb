// @ts-check
// What the checklist hands to the reader as files, made on the device: the plan as Markdown, the
// quarterly reminder as a calendar file (RFC 5545), and the Blob download both (and the JSON
// export) go through. No server is involved.
import { action, areaTitle, bandLabel, bandMeaning, FIRST_STEPS, memberName, prompt } from "./checklist-view.js";
import { t } from "./i18n.js";

/** @typedef {import("./checklist.js").Checklist} Checklist */
/** @typedef {import("./scoring-protocol.js").ChecklistResult} ChecklistResult */
/** @typedef {import("./scoring-protocol.js").HouseholdResult} HouseholdResult */
/** @typedef {import("./scoring-protocol.js").PlanStep} PlanStep */

// --- the quarterly reminder (RFC 5545) ------------------------------------------------------

/** @param {string} text */
const icsText = (text) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
/** @param {Date} date */
const icsDate = (date) => date.toISOString().slice(0, 10).replace(/-/g, "");
/** @param {Date} date */
const icsStamp = (date) => `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

/**
 * Content lines are folded so no line exceeds 75 octets (UTF-8), never inside a character.
 * @param {string} line
 */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const parts = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** @param {string} pageUrl @param {Date} [now] */
export function reminder(pageUrl, now = new Date()) {
  const start = new Date(Date.UTC(now.getFullYear(), now.getMonth() + 3, Math.min(now.getDate(), 28)));
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Clear Picture//Household checklist//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${crypto.randomUUID()}@clearpicture`,
    `DTSTAMP:${icsStamp(now)}`,
    `DTSTART;VALUE=DATE:${icsDate(start)}`,
    "DURATION:P1D",
    "RRULE:FREQ=MONTHLY;INTERVAL=3",
    `SUMMARY:${icsText(t("checklist.reminder.summary"))}`,
    `DESCRIPTION:${icsText(
      t("checklist.reminder.description", { url: pageUrl }),
    )}`,
    `URL:${pageUrl}`,
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

/**
 * A file made on the device and handed to the browser's downloads; no server involved.
 * @param {string} filename @param {string} type @param {string} text
 */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// --- the plan as Markdown -------------------------------------------------------------------

/**
 * Text a reader typed (a nickname), made inert for any Markdown reader: line breaks and other
 * control characters become spaces, and every ASCII punctuation mark but - ' , ( ) becomes a
 * numeric character reference, which Markdown shows as the character and never reads as
 * syntax: no emphasis, link, autolink, raw HTML or table cell can come of it.
 * @param {string} text
 */
export const inertMarkdown = (text) =>
  text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/[!-,./:-@[-`{-~]/g, (char) => ("'(),".includes(char) ? char : `&#${char.charCodeAt(0)};`));

/**
 * JSON for a file a reader keeps: "<", ">", "&" and the two Unicode line separators written as
 * \u escapes, so nothing typed reads as a tag to whatever opens it; the values stay the same.
 * @param {unknown} value
 */
export const inertJson = (value) =>
  JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** @param {string} text */
const cell = (text) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/**
 * @param {HTMLFormElement} form @param {PlanStep} step @param {number} number
 * @param {string[] | null} names
 */
function markdownStep(form, step, number, names) {
  const source = action(form, step);
  const head = source?.querySelector(".cp-action__head")?.textContent?.trim().replace(/\s+/g, " ") ?? step.step;
  const text = source?.querySelector(".cp-action__text")?.textContent?.trim().replace(/\s+/g, " ") ?? "";
  const href = /** @type {HTMLAnchorElement | null | undefined} */ (source?.querySelector(".cp-action__more a"))?.href;
  const lines = [`${number}. **${head}**: ${text}${href ? ` [${t("checklist.how_to")}](${href})` : ""}`];
  lines.push(`   ${t("checklist.export.question", { prompt: prompt(form, step.item) })}`);
  if (names && step.members?.length) lines.push(`   ${t("checklist.plan.for", { names: step.members.map((i) => names[i]).join(", ") })}`);
  return lines.join("\n");
}

/**
 * The plan as a Markdown document a reader can keep, print or paste into notes.
 * @param {Checklist} checklist @param {ChecklistResult | HouseholdResult} result @param {string} url
 */
export function markdownPlan(checklist, result, url) {
  const { form } = checklist;
  const household = result.kind === "household";
  const main = household ? result.combined : result;
  const names = checklist.state.members.map(memberName).map(inertMarkdown);
  const date = new Date().toISOString().slice(0, 10);
  const out = [`# ${t(household ? "checklist.export.title_household" : "checklist.export.title")}`, "", t("common.made_on", { date, url: `<${url}>` }), ""];
  out.push(`## ${t("checklist.export.exposure", { exposure: main.exposure, band: bandLabel(form, main.band) })}`, "");
  const meaning = bandMeaning(form, main.band)?.textContent?.trim();
  if (meaning) out.push(meaning.replace(/\s+/g, " "), "");
  out.push(t("checklist.export.based_on", { answered: main.answered, total: main.total }), "");
  if (household) {
    out.push(`## ${t("checklist.result.each_person")}`, "");
    result.members.forEach((m, i) => {
      out.push(`- ${names[i]}: ${m.answered ? t("checklist.export.member", { exposure: m.exposure, band: bandLabel(form, m.band) }) : t("checklist.result.member_nothing")}`);
    });
    out.push("");
  }
  const columns = ["checklist.table.area", "checklist.export.exposure_column", "checklist.table.level", "checklist.table.answered"];
  out.push(`## ${t("checklist.result.areas")}`, "", `| ${columns.map((key) => t(key)).join(" | ")} |`, "| --- | --- | --- | --- |");
  for (const area of main.areas.filter((entry) => entry.total > 0)) {
    const level = area.answered ? bandLabel(form, area.band) : t("checklist.table.not_answered");
    out.push(`| ${cell(areaTitle(form, area.id))} | ${area.answered ? area.exposure : "–"} | ${level} | ${t("checklist.table.count", { answered: area.answered, total: area.total })} |`);
  }
  out.push("");
  const who = household ? names : null;
  if (!main.plan.length) out.push(t("checklist.export.nothing"), "");
  main.plan.forEach((step, index) => {
    if (index === 0) out.push(`## ${t("checklist.plan.first")}`, "");
    if (index === FIRST_STEPS) out.push(`## ${t("checklist.plan.then")}`, "");
    out.push(markdownStep(form, step, index + 1, who), "");
  });
  return `${out.join("\n").trimEnd()}\n`;
}
