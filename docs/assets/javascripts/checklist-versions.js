// @ts-check
// Answers kept from an earlier item list of the checklist (a saved copy, an exported file or a
// share link made before the items changed) are read into today's list here: answers to items
// that still exist are kept by item id, new items start unanswered, removed ones are dropped.
// The item lists of every published version ride in the form's data-cp-versions (render.py,
// from exposure.yml's earlier_versions). Storage formats are the page's; no scoring here
// (dev/decisions/checklist-migration.md).
import { t, tn } from "./i18n.js";

/** @typedef {import("./scoring-protocol.js").Definition} Definition */

/**
 * One published item list: its version and its item and scale ids, in order.
 * @typedef {{version: number, items: string[], scale: string[]}} ItemList
 */

/**
 * What the page knows of versions: today's number and every earlier list.
 * @typedef {{version: number, earlier: ItemList[]}} Versions
 */

/**
 * What a migration did: how many of today's questions the old list did not have, and how many
 * of its answers were dropped with their questions.
 * @typedef {{from: number, added: number, removed: number}} Migration
 */

/** @type {WeakMap<HTMLFormElement, Versions>} */
const read = new WeakMap();

/**
 * @param {HTMLFormElement} form
 * @returns {Versions}
 */
export function readVersions(form) {
  let versions = read.get(form);
  if (!versions) {
    versions = /** @type {Versions} */ (JSON.parse(form.dataset.cpVersions ?? '{"version":1,"earlier":[]}'));
    read.set(form, versions);
  }
  return versions;
}

/**
 * Today's item list, as the definition holds it.
 * @param {Definition} definition @param {Versions} versions
 * @returns {ItemList}
 */
export function currentList(definition, versions) {
  return {
    version: versions.version,
    items: (definition.items ?? []).map((item) => item.id),
    scale: (definition.scale ?? []).map((option) => option.id),
  };
}

/**
 * The item list a save, file or link of `version` was made with; null if this page never had it.
 * @param {Definition} definition @param {Versions} versions @param {unknown} version
 * @returns {ItemList | null}
 */
export function listOf(definition, versions, version) {
  if (version === versions.version) return currentList(definition, versions);
  return versions.earlier.find((list) => list.version === version) ?? null;
}

/**
 * One person's answers from an earlier list, in today's: kept by item id when the item and the
 * answer still exist, dropped otherwise.
 * @param {Record<string, string>} answers @param {Definition} definition
 * @returns {Record<string, string>}
 */
export function carryOver(answers, definition) {
  const items = new Set((definition.items ?? []).map((item) => item.id));
  const scale = new Set((definition.scale ?? []).map((option) => option.id));
  /** @type {Record<string, string>} */
  const kept = {};
  for (const [item, answer] of Object.entries(answers)) if (items.has(item) && scale.has(answer)) kept[item] = answer;
  return kept;
}

/**
 * What moving from `list` to today's list does to the questions.
 * @param {ItemList} list @param {Definition} definition
 * @returns {Migration}
 */
export function migration(list, definition) {
  const today = (definition.items ?? []).map((item) => item.id);
  const before = new Set(list.items);
  return {
    from: list.version,
    added: today.filter((id) => !before.has(id)).length,
    removed: list.items.filter((id) => !today.includes(id)).length,
  };
}

/**
 * The one line telling the reader what a migration did. since: where the answers came from
 * ("saved", "file" or "link").
 * @param {Migration} change @param {"saved" | "file" | "link"} since
 */
export function migrationNotice(change, since) {
  const when = t(`checklist.migrated.since_${since}`);
  const parts = [];
  if (change.added) parts.push(tn("checklist.migrated.added", change.added, { since: when }));
  if (change.removed) parts.push(tn("checklist.migrated.removed", change.removed));
  if (!parts.length) return t("checklist.migrated.same", { since: when });
  return `${parts.join(" ")} ${t("checklist.migrated.kept")}`;
}
