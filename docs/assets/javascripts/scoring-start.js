// @ts-check
// When the tab's scoring worker starts, and what a form's status line says until it is ready.
// The runtime is megabytes, so it is fetched only when the reader is about to use it: a form
// coming within about a screen of the viewport, the first focus, pointer or key inside one, or
// once the page has loaded when it was opened at a quiz, a question or the checklist. With data
// saver on, only the first interaction starts it, and the status says so and what it will
// cost. Nothing of Pyodide is requested before that (the benchmark and the browser tests hold
// this).
import { num, t } from "./i18n.js";
import { RUNTIME } from "./runtime-manifest.js";
import { started } from "./scoring-client.js";

/** @typedef {import("./scoring-client.js").WorkerClient} WorkerClient */


// "One screen": a form whose top is within a viewport's height below the visible area.
const NEAR = "0px 0px 100% 0px";
const INTERACTIONS = ["focusin", "pointerdown", "keydown"];

/** Whether the reader asked the browser to save data (Chromium: navigator.connection). */
export function savingData() {
  const { connection } = /** @type {{connection?: {saveData?: boolean}}} */ (/** @type {unknown} */ (navigator));
  return connection?.saveData === true;
}

/** "2.1" ("2,1" in Spanish): megabytes with one decimal (the unit is in the sentence). */
const megabytes = (/** @type {number} */ bytes) => num(bytes / 1e6, 1, { fixed: true });

/** The status line before the worker starts: empty, unless data saver holds it back. */
export function beforeStartText() {
  if (started() || !savingData()) return "";
  // What a compressing host sends; the build measured it (runtime-manifest.js).
  return RUNTIME ? t("quiz.status.saver", { size: megabytes(RUNTIME.gzip) }) : t("quiz.status.saver_unknown");
}

/**
 * The status line while the runtime loads: how far the download is, once the worker knows.
 * @param {WorkerClient} client
 */
export function loadingText(client) {
  const progress = client.progress;
  if (!progress?.total || progress.loaded >= progress.total) return t("quiz.status.loading");
  return t("quiz.status.progress", { loaded: megabytes(progress.loaded), total: megabytes(progress.total) });
}

/**
 * Whether the page was opened at one of the forms: its fragment names the form, an element in
 * it, or a heading whose section holds it (the "#quiz" links of the link kit).
 * @param {HTMLFormElement[]} forms
 */
function openedAt(forms) {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return false;
  if (id.startsWith("share=")) return true; // a checklist share link
  const target = document.getElementById(id);
  if (!target) return false;
  if (forms.some((form) => form.contains(target))) return true;
  if (!/^H[1-6]$/.test(target.tagName)) return false;
  // The first form after the heading, with no heading of the same or a higher level between.
  const level = Number(target.tagName[1]);
  for (let node = nextInDocument(target); node; node = nextInDocument(node)) {
    if (node instanceof HTMLFormElement && forms.includes(node)) return true;
    if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level) return false;
  }
  return false;
}

/** @param {Element} node @returns {Element | null} */
function nextInDocument(node) {
  if (node.firstElementChild && !(node instanceof HTMLFormElement)) return node.firstElementChild;
  for (let at = /** @type {Element | null} */ (node); at; at = at.parentElement) {
    if (at.nextElementSibling) return at.nextElementSibling;
  }
  return null;
}

/**
 * What each caller (quiz.js, checklist.js) waits on for the page shown: its forms, what to run
 * at the start, and how to stop watching.
 * @type {{forms: HTMLFormElement[], start: () => void, stop: () => void}[]}
 */
let waiting = [];

// The reader's intent for any form starts the one worker, so every caller starts with it.
function startAll() {
  const callers = waiting;
  waiting = [];
  for (const caller of callers) caller.stop();
  for (const caller of callers) caller.start();
}

/** @param {HTMLFormElement[]} forms @returns {() => void} stop */
function watch(forms) {
  const onInteraction = () => startAll();
  for (const form of forms) for (const type of INTERACTIONS) form.addEventListener(type, onInteraction);
  /** @type {IntersectionObserver | null} */
  let observer = null;
  if (!savingData() && "IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && startAll(), {
      rootMargin: NEAR,
    });
    for (const form of forms) observer.observe(form);
  }
  return () => {
    observer?.disconnect();
    for (const form of forms) for (const type of INTERACTIONS) form.removeEventListener(type, onInteraction);
  };
}

/**
 * Call start() once the reader is about to use one of forms (see the top of this file); at
 * once when the tab's worker already runs. A new page's call drops the last page's watching.
 * @param {HTMLFormElement[]} forms
 * @param {() => void} start
 */
export function startOnIntent(forms, start) {
  for (const caller of waiting) if (!caller.forms.some((form) => form.isConnected)) caller.stop();
  waiting = waiting.filter((caller) => caller.forms.some((form) => form.isConnected));
  if (!forms.length) return;
  if (started()) {
    start();
    return;
  }
  waiting.push({ forms, start, stop: watch(forms) });
  const checklist = forms.some((form) => form.dataset.cpKind === "checklist");
  if (!savingData() && (checklist || openedAt(forms))) afterFirstPaint(() => forms.some((f) => f.isConnected) && startAll());
}

/**
 * Run fn once the page has loaded and the browser is idle (within a second): the runtime's
 * download and compile then never compete with the page's own first paint.
 * @param {() => unknown} fn
 */
function afterFirstPaint(fn) {
  const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 0));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}
