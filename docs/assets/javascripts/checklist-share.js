// @ts-check
// Share links: the answers of every person in the link's #fragment, which browsers never send to
// a server. "#share=V.FP.CODES[*NICK]~CODES….PROFILE": V is the item list's version
// (checklist-versions.js); CODES has one character per item of that list, in order, the index of
// the chosen scale option (base 36) or "-" when unanswered; FP fingerprints that list's item and
// scale ids, so a link is read with the very list it was made with (an earlier one is migrated
// by item id) and one that matches no list is refused, not misread. PROFILE (absent when nothing
// is ticked, and in every link made before the profile existed) is the household's profile
// options by id, joined by "_": options are kept by id, so they need no version.
import { checkProfile, membersOf, Refused } from "./checklist-store.js";
import { currentList, listOf } from "./checklist-versions.js";
import { t } from "./i18n.js";

/** @typedef {import("./checklist-store.js").Member} Member */
/** @typedef {import("./checklist-store.js").State} State */
/** @typedef {import("./checklist-store.js").Loaded} Loaded */
/** @typedef {import("./checklist-versions.js").ItemList} ItemList */
/** @typedef {import("./checklist-versions.js").Versions} Versions */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */

const SHARE = "share=";

/** @param {ItemList} list */
export function fingerprint(list) {
  const text = [...list.items, "|", ...list.scale].join(",");
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const char of new TextEncoder().encode(text)) hash = Math.imul(hash ^ char, 0x01000193) >>> 0;
  return hash.toString(36);
}

// The separators ("." "~" "*") must not occur inside a nickname, so they are escaped too.
/** @param {string} name */
const escapeName = (name) =>
  encodeURIComponent(name).replace(/[.~*!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The #fragment that carries every member's answers (and nicknames, if asked) and the profile.
 * @param {State} state @param {Definition} definition @param {Versions} versions @param {boolean} withNames
 */
export function shareFragment(state, definition, versions, withNames) {
  const list = currentList(definition, versions);
  const members = state.members.map(({ nickname, answers }) => {
    const codes = list.items.map((item) => (item in answers ? list.scale.indexOf(answers[item]).toString(36) : "-")).join("");
    return withNames && nickname ? `${codes}*${escapeName(nickname)}` : codes;
  });
  const profile = state.profile?.length ? `.${state.profile.join("_")}` : "";
  return `#${SHARE}${list.version}.${fingerprint(list)}.${members.join("~")}${profile}`;
}

/**
 * What a fragment carries, null if it is no share link; throws Refused if it is broken.
 * @param {string} hash @param {Definition} definition @param {Versions} versions
 * @returns {Loaded | null}
 */
export function readShare(hash, definition, versions) {
  if (!hash.startsWith(`#${SHARE}`)) return null;
  const [version, print, body, profile, ...rest] = hash.slice(SHARE.length + 1).split(".");
  const list = listOf(definition, versions, Number(version));
  const other = new Refused(t("checklist.share.other_version"));
  if (!list || String(list.version) !== version || print !== fingerprint(list) || !body || rest.length) throw other;
  const members = body.split("~").map((part, index) => {
    const [codes, name = ""] = part.split("*");
    if (codes.length !== list.items.length) throw new Refused(t("checklist.share.incomplete"));
    /** @type {Record<string, string>} */
    const answers = {};
    [...codes].forEach((code, i) => {
      if (code === "-") return;
      const option = list.scale[parseInt(code, 36)];
      if (option === undefined) throw new Refused(t("checklist.share.damaged"));
      answers[list.items[i]] = option;
    });
    let nickname = "";
    try {
      nickname = decodeURIComponent(name);
    } catch {
      throw new Refused(t("checklist.share.damaged"));
    }
    return { nickname: nickname || (index ? t("common.person", { n: index + 1 }) : ""), answers };
  });
  // Today's list: checked as any saved copy; an earlier one: carried over by item id.
  const { members: kept, migrated } = membersOf(members, list.version, definition, versions);
  return { members: kept, active: 0, profile: checkProfile(profile ? profile.split("_") : null, definition), migrated };
}
