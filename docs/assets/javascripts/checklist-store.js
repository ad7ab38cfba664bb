// What the checklist keeps and carries, all on the device: the saved copy in localStorage (one
// versioned key, only when the reader asks), the shape check shared by saved data and imported
// files, the share-link fragment, the calendar reminder and file downloads. No scoring here:
// results only ever come from the Python engine (checklist.js asks the worker for them).

export const KEY = "clearpicture.checklist.v1";
const OUR_KEYS = /^clearpicture\.checklist\./;
export const FORMAT = "clearpicture.checklist";
export const VERSION = 1;
export const MAX_MEMBERS = 8;
export const MAX_NICKNAME = 30;
const SHARE = "share=";

// A problem the reader can act on; its message is shown as it is.
export class Refused extends Error {}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

// The members of a saved copy, an imported file or a share link, checked against this page's
// definition: known item ids, known scale ids, short unique nicknames. Throws Refused.
export function checkMembers(members, definition) {
  if (!Array.isArray(members) || members.length < 1 || members.length > MAX_MEMBERS) {
    throw new Refused(`It should hold between 1 and ${MAX_MEMBERS} people.`);
  }
  const items = new Set(definition.items.map((item) => item.id));
  const scale = new Set(definition.scale.map((option) => option.id));
  const names = new Set();
  return members.map((member) => {
    if (!isObject(member) || !isObject(member.answers)) throw new Refused("A person in it has no answers.");
    const nickname = member.nickname ?? "";
    if (typeof nickname !== "string" || nickname.length > MAX_NICKNAME) {
      throw new Refused(`A nickname in it is not text of at most ${MAX_NICKNAME} characters.`);
    }
    if (nickname && names.has(nickname)) throw new Refused(`The nickname "${nickname}" appears twice.`);
    names.add(nickname);
    const answers = {};
    for (const [item, answer] of Object.entries(member.answers)) {
      if (!items.has(item) || typeof answer !== "string" || !scale.has(answer)) {
        throw new Refused("It has answers this checklist does not ask for. It may come from another version.");
      }
      answers[item] = answer;
    }
    return { nickname, answers };
  });
}

// A saved copy or an exported file: {format, version, checklist, members, active?}.
export function checkDocument(data, definition) {
  if (!isObject(data) || data.format !== FORMAT) throw new Refused("It is not a Clear Picture checklist file.");
  if (data.version !== VERSION) throw new Refused("It comes from another version of this checklist.");
  if (data.checklist !== definition.id) throw new Refused("It belongs to a different checklist.");
  const members = checkMembers(data.members, definition);
  const active = Number.isInteger(data.active) && data.active >= 0 && data.active < members.length ? data.active : 0;
  return { members, active };
}

export function toDocument(state, definition, extra = {}) {
  return {
    format: FORMAT,
    version: VERSION,
    checklist: definition.id,
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

// {state, notice}: the saved copy if there is a good one; a copy that is damaged or from an
// older version is removed (with a notice for the reader), never half-used.
export function load(definition) {
  const store = storage();
  if (!store) return { state: null, notice: null };
  let notice = null;
  for (const key of Object.keys(store)) {
    if (OUR_KEYS.test(key) && key !== KEY) {
      store.removeItem(key);
      notice = "Answers saved by an older version of this checklist could not be used, so they were removed.";
    }
  }
  const text = store.getItem(KEY);
  if (text === null) return { state: null, notice };
  try {
    return { state: checkDocument(JSON.parse(text), definition), notice };
  } catch (error) {
    if (!(error instanceof Refused || error instanceof SyntaxError)) throw error;
    store.removeItem(KEY);
    return { state: null, notice: "The answers saved on this device could not be read, so they were removed. Nothing else changed." };
  }
}

export function save(state, definition) {
  const store = storage();
  if (!store) throw new Refused("This browser does not allow saving here.");
  store.setItem(KEY, JSON.stringify(toDocument(state, definition, { saved: new Date().toISOString() })));
}

// Everything this checklist ever saved; Material's own keys are left alone.
export function eraseAll() {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (OUR_KEYS.test(key)) store.removeItem(key);
}

// --- share links -------------------------------------------------------------------------
// "#share=1.FP.CODES[*NICK]~CODES…": one character per item in definition order, the index of
// the chosen scale option (base 36) or "-" when unanswered. FP fingerprints the item and scale
// ids, so a link made for another version of the checklist is refused, not misread.

function fingerprint(definition) {
  const text = [...definition.items.map((i) => i.id), "|", ...definition.scale.map((s) => s.id)].join(",");
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const char of new TextEncoder().encode(text)) hash = Math.imul(hash ^ char, 0x01000193) >>> 0;
  return hash.toString(36);
}

// The separators ("." "~" "*") must not occur inside a nickname, so they are escaped too.
const escapeName = (name) =>
  encodeURIComponent(name).replace(/[.~*!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function shareFragment(state, definition, withNames) {
  const scale = definition.scale.map((option) => option.id);
  const members = state.members.map(({ nickname, answers }) => {
    const codes = definition.items
      .map((item) => (item.id in answers ? scale.indexOf(answers[item.id]).toString(36) : "-"))
      .join("");
    return withNames && nickname ? `${codes}*${escapeName(nickname)}` : codes;
  });
  return `#${SHARE}${VERSION}.${fingerprint(definition)}.${members.join("~")}`;
}

// The members a fragment carries, null if it is no share link; throws Refused if it is broken.
export function readShare(hash, definition) {
  if (!hash.startsWith(`#${SHARE}`)) return null;
  const [version, print, body, ...rest] = hash.slice(SHARE.length + 1).split(".");
  if (version !== String(VERSION) || print !== fingerprint(definition) || !body || rest.length) {
    throw new Refused("This share link was made for another version of the checklist, so it was not used.");
  }
  const scale = definition.scale.map((option) => option.id);
  const members = body.split("~").map((part, index) => {
    const [codes, name = ""] = part.split("*");
    if (codes.length !== definition.items.length) throw new Refused("This share link is incomplete, so it was not used.");
    const answers = {};
    [...codes].forEach((code, i) => {
      if (code === "-") return;
      const option = scale[parseInt(code, 36)];
      if (option === undefined) throw new Refused("This share link is damaged, so it was not used.");
      answers[definition.items[i].id] = option;
    });
    let nickname = "";
    try {
      nickname = decodeURIComponent(name);
    } catch {
      throw new Refused("This share link is damaged, so it was not used.");
    }
    return { nickname: nickname || (index ? `Person ${index + 1}` : ""), answers };
  });
  return checkMembers(members, definition);
}

// --- the quarterly reminder (RFC 5545) ------------------------------------------------------

const icsText = (text) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
const icsDate = (date) => date.toISOString().slice(0, 10).replace(/-/g, "");
const icsStamp = (date) => `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

// Content lines are folded so no line exceeds 75 octets (UTF-8), never inside a character.
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
    `SUMMARY:${icsText("Clear Picture: quarterly privacy check")}`,
    `DESCRIPTION:${icsText(
      "Time for your quarterly check: app permissions, connected apps and browser extensions. " +
        `Take the household checklist again: ${pageUrl}`,
    )}`,
    `URL:${pageUrl}`,
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

// A file made on the device and handed to the browser's downloads; no server involved.
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
