// @ts-check
// What the checklist keeps on the device: the saved copy in localStorage (one versioned key, only
// while the site-wide "Remember my answers on this device" setting is on, remember.js) and the shape check shared by saved copies, imported files and share
// links (checklist-share.js). No scoring here: results only ever come from the Python engine.
import { t } from "./i18n.js";
import { canKeep, keep, remembering, setRemembering } from "./remember.js";
// A document names the item list it was made with (its version); one from an earlier list is
// migrated by checklist-versions.js.
import { carryOver, listOf, migration } from "./checklist-versions.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./checklist-versions.js").Versions} Versions */
/** @typedef {import("./checklist-versions.js").Migration} Migration */

/**
 * One person answering: a nickname (may be empty) and their answers {item: scale option}.
 * @typedef {{nickname: string, answers: Record<string, string>}} Member
 */

/**
 * What a checklist form holds: the people answering, whose answers the questions show, and
 * whether the reader asked to keep them on this device.
 * @typedef {{members: Member[], active: number, profile: string[] | null, remember: boolean}} State
 */

/**
 * What a saved copy, a file or a link gives back: its people, whose answers to show, the
 * household's profile (the options ticked, one for the whole household; null when none is) and
 * the migration it needed (null when it was made with today's items).
 * @typedef {{members: Member[], active: number, profile: string[] | null, migrated: Migration | null}} Loaded
 */

export const KEY = "clearpicture.checklist.v1";
const OUR_KEYS = /^clearpicture\.checklist\./;
export const FORMAT = "clearpicture.checklist";
export const MAX_MEMBERS = 8;
export const MAX_NICKNAME = 30;

// A problem the reader can act on; its message is shown as it is.
export class Refused extends Error {}

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The members of a saved copy, an imported file or a share link, checked against this page's
 * definition: known item ids, known scale ids, short unique nicknames. Throws Refused.
 * @param {unknown} members @param {Definition} definition
 * @returns {Member[]}
 */
export function checkMembers(members, definition) {
  if (!Array.isArray(members) || members.length < 1 || members.length > MAX_MEMBERS) {
    throw new Refused(t("checklist.refused.members", { n: MAX_MEMBERS }));
  }
  const items = new Set((definition.items ?? []).map((item) => item.id));
  const scale = new Set((definition.scale ?? []).map((option) => option.id));
  const names = new Set();
  return members.map((member) => {
    if (!isObject(member) || !isObject(member.answers)) throw new Refused(t("checklist.refused.no_answers"));
    const nickname = member.nickname ?? "";
    if (typeof nickname !== "string" || nickname.length > MAX_NICKNAME) {
      throw new Refused(t("checklist.refused.nickname", { n: MAX_NICKNAME }));
    }
    if (nickname && names.has(nickname)) throw new Refused(t("checklist.refused.twice", { name: nickname }));
    names.add(nickname);
    /** @type {Record<string, string>} */
    const answers = {};
    for (const [item, answer] of Object.entries(member.answers)) {
      if (!items.has(item) || typeof answer !== "string" || !scale.has(answer)) {
        throw new Refused(t("checklist.refused.strange_answers"));
      }
      answers[item] = answer;
    }
    return { nickname, answers };
  });
}

/**
 * A profile as kept: the options of today's profile it names, in today's order; null when it
 * names none (options are kept by id, so an option added or removed since needs no version).
 * @param {unknown} profile @param {Definition} definition
 * @returns {string[] | null}
 */
export function checkProfile(profile, definition) {
  if (profile === undefined || profile === null) return null;
  if (!Array.isArray(profile)) throw new Refused(t("checklist.refused.profile"));
  const ticked = new Set(profile);
  const kept = (definition.profile?.options ?? []).filter((option) => ticked.has(option));
  return kept.length ? kept : null;
}

/**
 * The members of a document or link made with `version`'s item list, in today's: checked
 * strictly when made with today's list, carried over by item id when made with an earlier one.
 * @param {unknown} members @param {unknown} version @param {Definition} definition @param {Versions} versions
 * @returns {{members: Member[], migrated: Migration | null}}
 */
export function membersOf(members, version, definition, versions) {
  const list = listOf(definition, versions, version);
  if (!list) throw new Refused(t("checklist.refused.version"));
  if (list.version === versions.version) return { members: checkMembers(members, definition), migrated: null };
  const then = {
    ...definition,
    items: list.items.map((id) => ({ id, area: "" })),
    scale: list.scale.map((id) => ({ id, unsure: false })),
  };
  return {
    members: checkMembers(members, then).map(({ nickname, answers }) => ({ nickname, answers: carryOver(answers, definition) })),
    migrated: migration(list, definition),
  };
}

/**
 * A saved copy or an exported file: {format, version, checklist, members, active?, profile?}.
 * @param {unknown} data @param {Definition} definition @param {Versions} versions
 * @returns {Loaded}
 */
export function checkDocument(data, definition, versions) {
  if (!isObject(data) || data.format !== FORMAT) throw new Refused(t("checklist.refused.not_ours"));
  if (data.checklist !== definition.id) throw new Refused(t("checklist.refused.other_checklist"));
  const { members, migrated } = membersOf(data.members, data.version, definition, versions);
  const active = Number.isInteger(data.active) && data.active >= 0 && data.active < members.length ? data.active : 0;
  return { members, active, profile: checkProfile(data.profile, definition), migrated };
}

/**
 * The document a saved copy and the JSON export hold.
 * @param {State} state @param {Definition} definition @param {Versions} versions
 * @param {Record<string, unknown>} [extra]
 */
export function toDocument(state, definition, versions, extra = {}) {
  return {
    format: FORMAT,
    version: versions.version,
    checklist: definition.id,
    ...(state.profile ? { profile: state.profile } : {}),
    members: state.members.map(({ nickname, answers }) => ({ nickname, answers })),
    active: state.active,
    ...extra,
  };
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

/**
 * {state, notice}: the saved copy if there is a good one; a copy that is damaged or from an
 * older version is removed (with a notice for the reader), never half-used.
 * @param {Definition} definition @param {Versions} versions
 * @returns {{state: Loaded | null, notice: string | null}}
 */
export function load(definition, versions) {
  const store = storage();
  if (!store) return { state: null, notice: null };
  let notice = null;
  for (const key of Object.keys(store)) {
    if (OUR_KEYS.test(key) && key !== KEY) {
      store.removeItem(key);
      notice = t("checklist.refused.older_saved");
    }
  }
  const text = store.getItem(KEY);
  if (text === null) return { state: null, notice };
  try {
    const state = checkDocument(JSON.parse(text), definition, versions);
    // A copy kept before the site-wide setting existed means the reader opted in here.
    if (!remembering()) setRemembering(true);
    return { state, notice };
  } catch (error) {
    if (!(error instanceof Refused || error instanceof SyntaxError)) throw error;
    store.removeItem(KEY);
    return { state: null, notice: t("checklist.refused.unreadable_saved") };
  }
}

/**
 * Keep the answers, while the reader wants them kept (remember.js).
 * @param {State} state @param {Definition} definition @param {Versions} versions
 */
export function save(state, definition, versions) {
  if (!canKeep()) throw new Refused(t("checklist.refused.no_storage"));
  keep(KEY, toDocument(state, definition, versions, { saved: new Date().toISOString() }));
}

// "Erase everything" erases all the site kept, quizzes too: one place to forget it all.
export { eraseAll } from "./remember.js";
