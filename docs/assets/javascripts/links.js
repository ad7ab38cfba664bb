// @ts-check
// Stable links on the page: a "copy link" button beside every section heading (and every entry
// of the link kit), and a short visible mark on the section a link lands on. Runs on Material's
// document$, so it runs again after instant navigation; builds nodes with the DOM only, so the
// page's CSP (no inline script or style) holds. Why and how: dev/decisions/stable-links.md.
import { onEveryPage } from "./page.js";
import { t } from "./i18n.js";

// Linkable: sections (h2/h3 with an id), defined terms (dt with an id, the glossary) and quiz
// questions (their fieldsets, id cp-q-QUIZ-QUESTION).
const HEADINGS = "article h2[id], article h3[id], article dt[id]";
const QUESTIONS = 'article form.cp-quiz[data-cp-kind="quiz"] fieldset.cp-q[id]';
const LINKABLE = `${HEADINGS}, ${QUESTIONS}`;
const MARKED = "cp-arrived";
const MARK_MS = 3000;
const FEEDBACK_MS = 2500;
const SVG_NS = "http://www.w3.org/2000/svg";
// Pictogrammers' Material Design Icons "link-variant" and "check", the paths Material ships in
// material/templates/.icons/material/ (Pictogrammers Free License).
const ICON_LINK =
  "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54" +
  "a5.003 5.003 0 0 1 7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48" +
  "a2.98 2.98 0 0 0 0-4.24 2.98 2.98 0 0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24" +
  "c.39-.39 1.03-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 " +
  "5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.98 2.98 0 0 0 0 4.24 " +
  "2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 0 0 1 0-1.42";
const ICON_DONE = "M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59z";

/** The address to share: the page's canonical URL (site_url, never where it is served from),
 * with no query string (so no tracking parameter travels along) and the section id. */
export function sectionUrl(id, doc = document) {
  const canonical = /** @type {HTMLLinkElement | null} */ (doc.querySelector('link[rel="canonical"]'));
  const url = new URL(canonical ? canonical.href : location.href);
  url.search = "";
  url.hash = id;
  return url.href;
}

function icon(path) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = document.createElementNS(SVG_NS, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

function headingText(heading) {
  const copy = heading.cloneNode(true);
  for (const link of copy.querySelectorAll(".headerlink")) link.remove();
  return copy.textContent.replace(/\s+/g, " ").trim();
}

/** One polite live region per page, announced to screen readers after each copy. */
function liveRegion(article) {
  let region = article.querySelector(":scope > .cp-link-status");
  if (!region) {
    region = document.createElement("p");
    region.className = "cp-link-status cp-visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    article.append(region);
  }
  return region;
}

/** A button copying url() to the clipboard, with feedback for the eye and for screen readers.
 * If the clipboard refuses, fallback() puts the link where the reader can copy it by hand.
 * what: "section" or "question", which the words name. */
function copyButton(label, url, region, fallback, what = "section") {
  const said = what === "question" ? "_question" : "";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cp-copy-link";
  button.setAttribute("aria-label", t(`links.copy${said}`, { label }));
  button.append(icon(ICON_LINK));
  const done = document.createElement("span");
  done.className = "cp-copy-link__done";
  done.setAttribute("aria-hidden", "true"); // the live region speaks; this is for the eye
  done.hidden = true;
  let timer;
  button.addEventListener("click", async () => {
    const address = url();
    let copied = true;
    try {
      await navigator.clipboard.writeText(address);
    } catch {
      copied = false;
    }
    const hint = copied ? "" : fallback(address);
    done.textContent = copied ? t("links.copied") : t("links.copy_failed", { hint });
    done.hidden = false;
    button.classList.toggle("cp-copy-link--done", copied);
    button.replaceChildren(icon(copied ? ICON_DONE : ICON_LINK));
    region.textContent = "";
    // A fresh text node after a tick, so repeating the same message is announced again.
    setTimeout(() => {
      region.textContent = copied
        ? t(`links.said_copied${said}`, { label, address })
        : t(`links.said_failed${said}`, { label, hint });
    }, 50);
    clearTimeout(timer);
    timer = setTimeout(() => {
      done.hidden = true;
      button.classList.remove("cp-copy-link--done");
      button.replaceChildren(icon(ICON_LINK));
    }, FEEDBACK_MS);
  });
  return [button, done];
}

const toAddressBar = (address) => {
  history.replaceState(history.state, "", new URL(address).hash);
  return t("links.in_address_bar");
};

function addHeadingButtons(article, region) {
  for (const heading of article.querySelectorAll(HEADINGS)) {
    if (heading.parentElement.classList.contains("cp-heading")) continue;
    if (heading.querySelector(".cp-copy-link")) continue;
    const url = () => sectionUrl(heading.id);
    const controls = copyButton(headingText(heading), url, region, toAddressBar);
    if (heading.localName === "dt") {
      heading.append(...controls); // a <dl> admits no wrapper around a lone <dt>
      continue;
    }
    // Heading and button side by side in a wrapper, so the button is not part of the
    // heading's accessible name (screen readers list headings by that name).
    const row = document.createElement("div");
    row.className = `cp-heading cp-heading--${heading.localName}`;
    heading.before(row);
    row.append(heading, ...controls);
  }
}

// A question's button sits at its top right, after the legend (which must come first in a
// fieldset), so the question's name stays its prompt.
function addQuestionButtons(article, region) {
  for (const question of article.querySelectorAll(QUESTIONS)) {
    if (question.querySelector(":scope > .cp-q__link")) continue;
    const legend = question.querySelector(":scope > legend");
    const label = legend ? headingText(legend) : question.id;
    const box = document.createElement("span");
    box.className = "cp-q__link";
    box.append(...copyButton(label, () => sectionUrl(question.id), region, toAddressBar, "question"));
    if (legend) legend.after(box);
    else question.prepend(box);
  }
}

function addKitButtons(article, region) {
  for (const entry of article.querySelectorAll(".cp-kit__entry[data-cp-url]")) {
    const line = entry.querySelector(":scope > .cp-kit__url");
    if (!line || line.querySelector(".cp-copy-link")) continue;
    const url = entry.dataset.cpUrl;
    const byHand = () => t("links.by_hand");
    line.append(...copyButton(entry.dataset.cpLabel, () => url, region, byHand));
  }
}

let markTimer;

/** Mark the section the URL's #fragment points at (through an alias id, its heading). */
export function markArrival() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  let target = document.getElementById(id);
  if (target?.dataset.cpAliasFor) {
    target = document.getElementById(target.dataset.cpAliasFor);
  }
  if (!target?.matches(LINKABLE)) return;
  for (const old of document.querySelectorAll(`.${MARKED}`)) old.classList.remove(MARKED);
  void target.offsetWidth; // restart the animation when the same section is reached again
  target.classList.add(MARKED);
  clearTimeout(markTimer);
  markTimer = setTimeout(() => target.classList.remove(MARKED), MARK_MS);
}

function setUp() {
  const article = document.querySelector("article");
  if (!article) return;
  const region = liveRegion(article);
  addHeadingButtons(article, region);
  addQuestionButtons(article, region);
  addKitButtons(article, region);
  markArrival();
}

onEveryPage(setUp);
window.addEventListener("hashchange", markArrival);
