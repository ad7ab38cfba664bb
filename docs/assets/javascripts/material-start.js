// @ts-check
// Material's bundle on the reader's first interaction, not on arrival. The theme (the engine's
// main.html) leaves the bundle's <script> in the page as an inert placeholder (type text/plain,
// not fetched); this module fetches and starts it on the first pointer, key, focus, scroll,
// wheel or touch, or at once where a feature needs it on arrival (a search result's
// highlight). Reading a page never pays for the bundle's evaluation and start-up, the largest
// cost on load (dev/measurements/2026-12-01-lighthouse-2.md); from the first interaction on
// every Material feature works. Why, and what it costs: dev/decisions/material-on-interaction.md.

const placeholder = /** @type {HTMLScriptElement | null} */ (document.querySelector("script[data-cp-material]"));
const TRIGGERS = ["pointerdown", "keydown", "focusin", "touchstart", "wheel", "scroll"];
// The shortcuts Material answers on the page (search: f, s, /; previous and next page: p, comma,
// n, period): the key that started the bundle is handed to it once it runs.
const SHORTCUTS = new Set(["f", "s", "/", "p", ",", "n", "."]);

let started = false;
// Module scripts run before DOMContentLoaded; Material starts on that event.
let parsed = document.readyState === "complete";
/** @type {KeyboardEvent | null} */
let firstKey = null;
/** @type {Set<HTMLInputElement>} toggles (palette, search, drawer) changed before Material ran */
const changed = new Set();

/** @param {EventTarget | null} target */
function editable(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** @param {Event} event */
function onChange(event) {
  if (event.target instanceof HTMLInputElement && event.target.closest("[data-md-component], .md-toggle, .md-option")) {
    changed.add(event.target);
  }
}

/** @param {Event} event */
function onFirst(event) {
  if (event instanceof KeyboardEvent && event.type === "keydown") {
    const shortcut = SHORTCUTS.has(event.key) && !event.metaKey && !event.ctrlKey && !event.altKey && !editable(event.target);
    if (shortcut) {
      firstKey = event;
      // What Material does with the key it answers (Firefox opens its quick find on "/").
      event.preventDefault();
    }
  }
  start();
}

/**
 * Material waits for DOMContentLoaded: where that is past (tell), its document$ is told
 * directly; then what the reader did before it ran is handed to it.
 * @param {boolean} tell
 */
function run(tell) {
  const { document$ } = /** @type {{document$?: {next(doc: Document): void}}} */ (/** @type {unknown} */ (window));
  if (!document$) return;
  if (tell) document$.next(document);
  removeEventListener("change", onChange, true);
  for (const input of changed) input.dispatchEvent(new Event("change", { bubbles: true }));
  if (firstKey) {
    const { key, code, shiftKey } = firstKey;
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new KeyboardEvent("keydown", { key, code, shiftKey, bubbles: true, cancelable: true }));
  }
  document.documentElement.dataset.cpMaterial = "started";
  dispatchEvent(new CustomEvent("clearpicture:material"));
}

function start() {
  if (started || !placeholder) return;
  started = true;
  for (const type of TRIGGERS) removeEventListener(type, onFirst, true);
  const script = document.createElement("script");
  script.src = placeholder.src;
  script.addEventListener(
    "load",
    () => {
      // Loaded before DOMContentLoaded: Material's own listener starts it, then ours runs.
      if (parsed) run(true);
      else document.addEventListener("DOMContentLoaded", () => run(false), { once: true });
    },
    { once: true },
  );
  document.body.append(script);
}

/**
 * The palette, as Material sets it when it starts: the reader's stored choice, else the scheme
 * their system asks for (a dark system gets the dark page on arrival), and its switch shown
 * (its labels are all hidden in the HTML). Clicking it before the bundle ran is handed on (the
 * change above).
 */
function showPaletteSwitch() {
  const inputs = [...document.querySelectorAll("[data-md-component=palette] input[name=__palette]")];
  const { __md_get: stored } = /** @type {{__md_get?: (key: string) => {index?: number} | null}} */ (/** @type {unknown} */ (window));
  const saved = stored?.("__palette")?.index;
  const index = typeof saved === "number" ? saved : inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media") ?? "").matches);
  const input = inputs[Math.max(0, index)];
  if (!(input instanceof HTMLInputElement)) return;
  input.checked = true;
  for (const key of ["scheme", "primary", "accent"]) {
    const value = input.getAttribute(`data-md-color-${key}`);
    // Only a change: setting the body's attribute restyles the whole page, same value or not.
    if (value !== null && document.body.getAttribute(`data-md-color-${key}`) !== value) document.body.setAttribute(`data-md-color-${key}`, value);
  }
  const label = input.nextElementSibling;
  if (label instanceof HTMLElement) label.hidden = false;
}

// The page is already marked scripted (no-js -> js) by the theme's inline script in <head>,
// before the first style (main.html); site.css keeps the sidebars' no-script height until
// Material sizes them.
showPaletteSwitch();
if (!parsed) {
  document.addEventListener(
    "DOMContentLoaded",
    () => {
      parsed = true;
    },
    { once: true },
  );
}
addEventListener("change", onChange, true);
// Only the key listener may cancel (a shortcut's default); the others leave scrolling alone.
for (const type of TRIGGERS) addEventListener(type, onFirst, { capture: true, passive: type !== "keydown" });
// A search result's link highlights the words searched for (Material's search.highlight): on
// arrival.
if (new URLSearchParams(location.search).has("h")) start();
