// @ts-check
// What the site keeps on the reader's device, and the one setting that allows it: "Remember my
// answers on this device", off until the reader turns it on, the same setting wherever it shows
// (every quiz, the checklist, the progress page). Each feature keeps its own versioned key under
// "clearpicture." (quizzes: quiz-progress.js, the checklist: checklist-store.js), written only
// while the setting is on; turning it off or "Erase everything" removes every one of them.
// Nothing here is ever sent anywhere. Why: dev/decisions/remember-on-this-device.md.

export const PREFIX = "clearpicture.";
/** Holds "on" while the reader wants their answers kept; absent otherwise. */
export const SETTING = "clearpicture.remember.v1";

/** @type {Set<(on: boolean) => void>} */
const listeners = new Set();

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

/** Whether this browser lets the site keep anything at all. */
export const canKeep = () => storage() !== null;

/** Whether the reader asked for their answers to be kept on this device. */
export function remembering() {
  return storage()?.getItem(SETTING) === "on";
}

/**
 * Turn the setting on or off. Off erases everything the site kept, at once.
 * @param {boolean} on
 * @returns {boolean} whether it could be done (false: this browser keeps nothing)
 */
export function setRemembering(on) {
  const store = storage();
  if (!store) return false;
  if (on) {
    store.setItem(SETTING, "on");
    notify(true);
  } else {
    eraseAll();
  }
  return true;
}

/**
 * Call fn(on) whenever the setting changes, in this tab or another one.
 * @param {(on: boolean) => void} fn
 * @returns {() => void} stop listening
 */
export function onRememberChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** @param {boolean} on */
function notify(on) {
  for (const fn of listeners) fn(on);
}

// Another tab turned the setting on or off, or erased everything.
window.addEventListener("storage", (event) => {
  if (event.key === SETTING || event.key === null) notify(remembering());
});

/**
 * The value kept under key, or null (nothing kept, or a copy that does not parse: removed).
 * @param {string} key
 * @returns {unknown}
 */
export function readKept(key) {
  const store = storage();
  const text = store?.getItem(key) ?? null;
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    store?.removeItem(key);
    return null;
  }
}

/**
 * Keep value under key, only while the reader wants it kept.
 * @param {string} key
 * @param {unknown} value
 * @returns {boolean} whether it was kept
 */
export function keep(key, value) {
  const store = storage();
  if (!store || !remembering()) return false;
  store.setItem(key, JSON.stringify(value));
  return true;
}

/** @param {string} key */
export function forget(key) {
  storage()?.removeItem(key);
}

/** Erase everything the site kept, the setting too; Material's own keys are left alone. */
export function eraseAll() {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
  notify(false);
}
