// @ts-check
// The checklist's controls, built once per form: who is answering (household mode) and what is
// kept on this device, before the questions; print, export, reminder and share, after the result.
// Plain DOM with textContent; checklist.js gives them behaviour through their data-cp-do names.
import { MAX_NICKNAME } from "./checklist-store.js";
import { memberName } from "./checklist-view.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import("./checklist.js").Checklist} Checklist */

/**
 * The controls checklist.js reads and updates.
 * @typedef {object} Controls
 * @property {HTMLElement} list the people, one button each
 * @property {HTMLElement} current whose answers the questions show
 * @property {HTMLInputElement} nickname
 * @property {HTMLButtonElement} remove
 * @property {HTMLInputElement} remember
 * @property {HTMLInputElement} file the hidden file input of "Import answers from a file"
 * @property {HTMLElement} notice the keeping panel's role=status line
 */

/** @param {string} text @param {string} action @param {string} [className] */
function button(text, action, className = "md-button") {
  const node = el("button", className, text);
  node.type = "button";
  node.dataset.cpDo = action;
  return node;
}

/** @param {string} id @param {string} label @param {HTMLInputElement} input */
function field(id, label, input) {
  const row = el("p", "cp-field");
  const caption = el("label", null, label);
  caption.htmlFor = input.id = id;
  row.append(caption, input);
  return row;
}

/**
 * The panels before the questions: who is answering, and what is kept on this device.
 * @param {HTMLFormElement} form
 * @returns {Controls}
 */
export function setupPanels(form) {
  const prefix = form.id;
  const people = el("section", "cp-panel cp-people");
  people.setAttribute("aria-labelledby", `${prefix}-people-title`);
  const title = el("p", "cp-panel__title", t("checklist.people.title"));
  title.id = `${prefix}-people-title`;
  const list = el("div", "cp-people__list");
  list.setAttribute("role", "group");
  list.setAttribute("aria-label", t("checklist.people.list"));
  const current = el("p", "cp-people__current");
  const nickname = el("input", "cp-input");
  Object.assign(nickname, { type: "text", maxLength: MAX_NICKNAME, autocomplete: "off", spellcheck: false });
  const add = el("div", "cp-row");
  add.append(field(`${prefix}-nickname`, t("checklist.people.nickname"), nickname), button(t("checklist.people.add"), "add"));
  const remove = button(t("checklist.people.remove"), "remove");
  people.append(title, list, current, add, el("p", "cp-hint", t("checklist.people.hint")), remove);

  const keep = el("section", "cp-panel cp-keep");
  keep.setAttribute("aria-labelledby", `${prefix}-keep-title`);
  const keepTitle = el("p", "cp-panel__title", t("checklist.keep.title"));
  keepTitle.id = `${prefix}-keep-title`;
  const remember = el("input");
  remember.type = "checkbox";
  const rememberRow = el("p", "cp-check");
  const rememberLabel = el("label", null, t("common.remember"));
  rememberLabel.htmlFor = remember.id = `${prefix}-remember`;
  rememberRow.append(remember, rememberLabel);
  const file = el("input");
  Object.assign(file, { type: "file", accept: "application/json,.json", hidden: true, tabIndex: -1 });
  file.dataset.cpImport = "";
  const actions = el("div", "cp-row");
  actions.append(button(t("checklist.keep.import"), "import"), button(t("checklist.keep.erase"), "erase"), file);
  const noticeNode = el("p", "cp-notice");
  noticeNode.setAttribute("role", "status");
  keep.append(keepTitle, rememberRow, el("p", "cp-hint", t("checklist.keep.hint")), actions, noticeNode);

  const setup = el("div", "cp-setup");
  setup.append(people, keep);
  form.querySelector("fieldset[data-cp-question]")?.before(setup);
  return { list, current, nickname, remove, remember, file, notice: noticeNode };
}

/** @param {Checklist} checklist */
export function renderPeople(checklist) {
  const { members, active } = checklist.state;
  checklist.ui.list.replaceChildren(
    ...members.map((member, index) => {
      const node = button(memberName(member, index), "switch", "md-button cp-person");
      node.dataset.cpIndex = String(index);
      node.setAttribute("aria-pressed", String(index === active));
      return node;
    }),
  );
  checklist.ui.list.hidden = members.length < 2;
  checklist.ui.current.textContent = members.length < 2 ? "" : t("checklist.people.answering_for", { name: memberName(members[active], active) });
  checklist.ui.remove.hidden = members.length < 2;
  checklist.ui.remove.textContent = t("checklist.people.remove_named", { name: memberName(members[active], active) });
}

/**
 * Print, export, reminder and share: shown once there is a result.
 * @param {HTMLFormElement} form
 * @returns {HTMLElement}
 */
export function toolsPanel(form) {
  const prefix = form.id;
  const panel = el("section", "cp-panel cp-result-tools");
  panel.setAttribute("aria-labelledby", `${prefix}-tools-title`);
  panel.hidden = true;
  const title = el("p", "cp-panel__title", t("checklist.tools.title"));
  title.id = `${prefix}-tools-title`;
  const buttons = el("div", "cp-row");
  buttons.append(
    button(t("checklist.tools.print"), "print"),
    button(t("checklist.tools.markdown"), "export-md"),
    button(t("checklist.tools.json"), "export-json"),
    button(t("checklist.tools.reminder"), "reminder"),
  );
  const share = el("div", "cp-share");
  const names = el("input");
  names.type = "checkbox";
  names.id = `${prefix}-share-names`;
  names.dataset.cpShareNames = "";
  const namesRow = el("p", "cp-check");
  const namesLabel = el("label", null, t("checklist.tools.share_names"));
  namesLabel.htmlFor = names.id;
  namesRow.append(names, namesLabel);
  const link = el("p", "cp-share__link cp-field");
  link.hidden = true;
  const output = el("input", "cp-input");
  Object.assign(output, { type: "text", readOnly: true, id: `${prefix}-share-url` });
  output.dataset.cpShareUrl = "";
  const outputLabel = el("label", null, t("checklist.tools.share_link"));
  outputLabel.htmlFor = output.id;
  const said = el("span", "cp-hint");
  said.dataset.cpShareSaid = "";
  said.setAttribute("role", "status");
  link.append(outputLabel, output, button(t("checklist.tools.copy"), "copy"), said);
  share.append(
    el("p", "cp-hint", t("checklist.tools.share_hint")),
    namesRow,
    button(t("checklist.tools.share"), "share"),
    link,
  );
  panel.append(title, buttons, share);
  form.querySelector("[data-cp-result]")?.after(panel);
  return panel;
}
