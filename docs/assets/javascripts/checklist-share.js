// @ts-check
// Share links: the answers of every person in the link's #fragment, which browsers never send to
// a server. "#share=1.FP.CODES[*NICK]~CODES…": one character per item in definition order, the
// index of the chosen scale option (base 36) or "-" when unanswered. FP fingerprints the item and
// scale ids, so a link made for another version of the checklist is refused, not misread.
import { checkMembers, Refused, VERSION } from "./checklist-store.js";
import { t } from "./i18n.js";

/** @typedef {import("./checklist-store.js").Member} Member */
/** @typedef {import("./checklist-store.js").State} State */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */

const SHARE = "share=";

/** @param {Definition} definition */
const items = (definition) => definition.items ?? [];
/** @param {Definition} definition */
const scale = (definition) => (definition.scale ?? []).map((option) => option.id);

/** @param {Definition} definition */
function fingerprint(definition) {
  const text = [...items(definition).map((i) => i.id), "|", ...scale(definition)].join(",");
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const char of new TextEncoder().encode(text)) hash = Math.imul(hash ^ char, 0x01000193) >>> 0;
  return hash.toString(36);
}

// The separators ("." "~" "*") must not occur inside a nickname, so they are escaped too.
/** @param {string} name */
const escapeName = (name) =>
  encodeURIComponent(name).replace(/[.~*!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The #fragment that carries every member's answers (and nicknames, if asked).
 * @param {State} state @param {Definition} definition @param {boolean} withNames
 */
export function shareFragment(state, definition, withNames) {
  const options = scale(definition);
  const members = state.members.map(({ nickname, answers }) => {
    const codes = items(definition)
      .map((item) => (item.id in answers ? options.indexOf(answers[item.id]).toString(36) : "-"))
      .join("");
    return withNames && nickname ? `${codes}*${escapeName(nickname)}` : codes;
  });
  return `#${SHARE}${VERSION}.${fingerprint(definition)}.${members.join("~")}`;
}

/**
 * The members a fragment carries, null if it is no share link; throws Refused if it is broken.
 * @param {string} hash @param {Definition} definition
 * @returns {Member[] | null}
 */
export function readShare(hash, definition) {
  if (!hash.startsWith(`#${SHARE}`)) return null;
  const [version, print, body, ...rest] = hash.slice(SHARE.length + 1).split(".");
  if (version !== String(VERSION) || print !== fingerprint(definition) || !body || rest.length) {
    throw new Refused(t("checklist.share.other_version"));
  }
  const options = scale(definition);
  const members = body.split("~").map((part, index) => {
    const [codes, name = ""] = part.split("*");
    if (codes.length !== items(definition).length) throw new Refused(t("checklist.share.incomplete"));
    /** @type {Record<string, string>} */
    const answers = {};
    [...codes].forEach((code, i) => {
      if (code === "-") return;
      const option = options[parseInt(code, 36)];
      if (option === undefined) throw new Refused(t("checklist.share.damaged"));
      answers[items(definition)[i].id] = option;
    });
    let nickname = "";
    try {
      nickname = decodeURIComponent(name);
    } catch {
      throw new Refused(t("checklist.share.damaged"));
    }
    return { nickname: nickname || (index ? t("common.person", { n: index + 1 }) : ""), answers };
  });
  return checkMembers(members, definition);
}
