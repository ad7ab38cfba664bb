// @ts-check
// Page glue for the household exposure checklist (a form.cp-quiz[data-cp-kind=checklist]), its
// only owner: who is answering, keeping answers on this device, and the result view with its
// plan. Every number, band, order and household combination shown comes from the Python engine in
// the tab's scoring worker (score / score_household); this file only asks, then shows. Nothing
// leaves the device.
import { download, markdownPlan, reminder } from "./checklist-export.js";
import { renderPeople, setupPanels, toolsPanel } from "./checklist-panels.js";
import { readShare, shareFragment } from "./checklist-share.js";
import * as store from "./checklist-store.js";
import { memberName, renderResult } from "./checklist-view.js";
import { collectAnswers, readDefinition, setStatus } from "./form.js";
import { onEveryPage } from "./page.js";
import { getWorkerClient, warmUp } from "./scoring-client.js";

/** @typedef {import("./checklist-store.js").State} State */
/** @typedef {import("./checklist-panels.js").Controls} Controls */
/** @typedef {import("./scoring-client.js").ClientState} ClientState */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").ChecklistResult} ChecklistResult */
/** @typedef {import("./scoring-protocol.js").HouseholdResult} HouseholdResult */

/**
 * One checklist form on the page and what this module keeps about it.
 * @typedef {object} Checklist
 * @property {HTMLFormElement} form
 * @property {Definition} definition
 * @property {number} seq the newest scoring request; an older answer is not shown
 * @property {ChecklistResult | HouseholdResult | null} result
 * @property {State} state
 * @property {Controls} ui the panels before the questions (checklist-panels.js)
 * @property {HTMLElement} tools the panel after the result
 */

const SELECTOR = 'form.cp-quiz[data-cp-kind="checklist"]';
const STATUS = {
  working: "Working out your exposure on this device…",
  slow: "Scoring is taking longer than usual. Each question's steps are shown below meanwhile.",
  failed: "Scoring could not start in this browser, so each question's steps are shown below. Nothing was sent anywhere.",
  error: "Sorry, your exposure could not be worked out. Each question's steps are shown below.",
};

document.documentElement.classList.add("cp-js");

/** @type {Set<Checklist>} */
const controllers = new Set();
let listening = false;

function client() {
  const worker = getWorkerClient();
  if (!listening) {
    listening = true;
    worker.onChange((changed) => {
      for (const checklist of controllers) if (checklist.form.isConnected) runtimeState(checklist, changed.state);
    });
  }
  return worker;
}

function runtimeState(checklist, state) {
  if (state === "slow" || state === "failed") {
    checklist.form.classList.add("cp-quiz--unscored");
    status(checklist, STATUS[state]);
  }
}

/** @param {Checklist} checklist @param {string} text */
const status = (checklist, text) => setStatus(checklist.form, text);
/** @param {Checklist} checklist @param {string} text */
const notice = (checklist, text) => {
  checklist.ui.notice.textContent = text;
};

const sync = (checklist) => {
  checklist.state.members[checklist.state.active].answers = collectAnswers(checklist.form);
};

function fill(checklist) {
  const answers = checklist.state.members[checklist.state.active].answers;
  for (const fieldset of checklist.form.querySelectorAll("fieldset[data-cp-question]")) {
    for (const input of fieldset.querySelectorAll("input[type=radio]")) {
      input.checked = answers[fieldset.dataset.cpQuestion] === input.value;
    }
  }
}

function persist(checklist) {
  if (!checklist.state.remember) return;
  try {
    store.save(checklist.state, checklist.definition);
  } catch (error) {
    notice(checklist, `Your answers could not be kept: ${/** @type {Error} */ (error).message}`);
  }
}

// Ask the engine; render only the newest answer. announce: say it and move focus to it.
async function score(checklist, { announce = false } = {}) {
  sync(checklist);
  const answers = checklist.state.members.map((member) => member.answers);
  const worker = client();
  const seq = ++checklist.seq;
  if (announce) status(checklist, STATUS.working);
  try {
    const result = /** @type {ChecklistResult | HouseholdResult} */ (
      answers.length > 1
        ? await worker.request("score_household", checklist.definition, answers)
        : await worker.request("score", checklist.definition, answers[0])
    );
    if (seq === checklist.seq) {
      checklist.result = result;
      const said = renderResult(checklist, result);
      checklist.tools.hidden = false;
      checklist.form.closest("article")?.classList.add("cp-print-plan");
      status(checklist, announce ? said : "");
      if (announce) checklist.form.querySelector(".cp-result__title").focus();
    }
    return result;
  } catch (_error) {
    // The message may quote answer ids: it stays off the console and off the page.
    checklist.form.classList.add("cp-quiz--unscored");
    status(checklist, worker.state === "failed" ? STATUS.failed : STATUS.error);
    return null;
  }
}

function clearResult(checklist) {
  checklist.seq++;
  checklist.result = null;
  const box = checklist.form.querySelector("[data-cp-result]");
  box.replaceChildren();
  box.hidden = true;
  checklist.tools.hidden = true;
  delete checklist.form.dataset.cpScored;
  checklist.form.closest("article")?.classList.remove("cp-print-plan");
}

function refresh(checklist) {
  fill(checklist);
  renderPeople(checklist);
  persist(checklist);
  if (checklist.result) score(checklist);
}

const pageUrl = () => `${location.origin}${location.pathname}`;
const today = () => new Date().toISOString().slice(0, 10);

const ACTIONS = {
  switch(checklist, target) {
    sync(checklist);
    checklist.state.active = Number(target.dataset.cpIndex);
    refresh(checklist);
    notice(checklist, `The questions now show the answers of ${memberName(checklist.state.members[checklist.state.active], checklist.state.active)}.`);
  },
  add(checklist) {
    const name = checklist.ui.nickname.value.trim();
    const { members } = checklist.state;
    if (!name) return notice(checklist, "Type a nickname first, such as a first name or initial.");
    if (members.some((m, i) => memberName(m, i) === name)) return notice(checklist, `"${name}" is already in the list.`);
    if (members.length >= store.MAX_MEMBERS) return notice(checklist, `This check holds up to ${store.MAX_MEMBERS} people.`);
    sync(checklist);
    if (members.length === 1 && !members[0].nickname) members[0].nickname = "You";
    members.push({ nickname: name, answers: {} });
    checklist.state.active = members.length - 1;
    checklist.ui.nickname.value = "";
    refresh(checklist);
    notice(checklist, `Added ${name}. The questions are now for ${name}.`);
  },
  remove(checklist) {
    const name = memberName(checklist.state.members[checklist.state.active], checklist.state.active);
    checklist.state.members.splice(checklist.state.active, 1);
    checklist.state.active = 0;
    refresh(checklist);
    notice(checklist, `Removed ${name} and their answers.`);
    checklist.ui.nickname.focus();
  },
  import(checklist) {
    checklist.ui.file.click();
  },
  erase(checklist) {
    store.eraseAll();
    checklist.state = { members: [{ nickname: "", answers: {} }], active: 0, remember: false };
    checklist.ui.remember.checked = false;
    clearResult(checklist);
    fill(checklist);
    renderPeople(checklist);
    status(checklist, "");
    notice(checklist, "Everything was erased: answers, people and anything kept on this device.");
  },
  reset(checklist) {
    checklist.state.members[checklist.state.active].answers = {};
    fill(checklist);
    clearResult(checklist);
    persist(checklist);
    status(checklist, "");
    checklist.form.querySelector("fieldset[data-cp-question] input")?.focus();
  },
  score(checklist) {
    score(checklist, { announce: true });
  },
  async print(checklist) {
    if (await score(checklist)) window.print();
  },
  async "export-md"(checklist) {
    const result = await score(checklist);
    if (result) download(`clear-picture-plan-${today()}.md`, "text/markdown", markdownPlan(checklist, result, pageUrl()));
  },
  async "export-json"(checklist) {
    const result = await score(checklist);
    if (!result) return;
    const doc = store.toDocument(checklist.state, checklist.definition, { exported: new Date().toISOString(), page: pageUrl(), result });
    download(`clear-picture-plan-${today()}.json`, "application/json", `${JSON.stringify(doc, null, 2)}\n`);
  },
  reminder() {
    download("clear-picture-reminder.ics", "text/calendar", reminder(pageUrl()));
  },
  share(checklist) {
    sync(checklist);
    const withNames = checklist.tools.querySelector("[data-cp-share-names]").checked;
    const output = checklist.tools.querySelector("[data-cp-share-url]");
    output.value = pageUrl() + shareFragment(checklist.state, checklist.definition, withNames);
    output.closest(".cp-share__link").hidden = false;
    output.select();
  },
  async copy(checklist) {
    const output = checklist.tools.querySelector("[data-cp-share-url]");
    try {
      await navigator.clipboard.writeText(output.value);
      checklist.tools.querySelector("[data-cp-share-said]").textContent = "Link copied.";
    } catch {
      output.select();
      checklist.tools.querySelector("[data-cp-share-said]").textContent = "Select the link and copy it.";
    }
  },
};

async function importFile(checklist) {
  const [file] = checklist.ui.file.files;
  checklist.ui.file.value = "";
  if (!file) return;
  try {
    if (file.size > 200_000) throw new store.Refused("It is far too large for a checklist file.");
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      throw new store.Refused("It is not a JSON file.");
    }
    const { members, active } = store.checkDocument(data, checklist.definition);
    Object.assign(checklist.state, { members, active });
    refresh(checklist);
    const n = members.length;
    notice(checklist, `Imported answers for ${n} ${n === 1 ? "person" : "people"}.`);
    score(checklist, { announce: true });
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(checklist, `That file was not used. ${error.message}`);
  }
}

function wire(checklist) {
  checklist.form.addEventListener("click", (event) => {
    const target = event.target.closest("[data-cp-do], [data-cp-command]");
    if (!target || !checklist.form.contains(target)) return;
    const action = ACTIONS[target.dataset.cpDo ?? target.dataset.cpCommand];
    if (action) action(checklist, target);
  });
  checklist.form.addEventListener("submit", (event) => event.preventDefault());
  checklist.ui.nickname.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    ACTIONS.add(checklist);
  });
  checklist.ui.file.addEventListener("change", () => importFile(checklist));
  checklist.ui.remember.addEventListener("change", () => {
    checklist.state.remember = checklist.ui.remember.checked;
    if (checklist.state.remember) {
      persist(checklist);
      notice(checklist, "Your answers are now kept in this browser on this device.");
    } else {
      store.eraseAll();
      notice(checklist, "Your answers are no longer kept. The copy on this device was removed.");
    }
  });
  checklist.form.addEventListener("change", (event) => {
    if (!event.target.closest("fieldset[data-cp-question]")) return;
    sync(checklist);
    persist(checklist);
    if (checklist.result) score(checklist);
  });
}

// A share link's answers replace what the form shows, unsaved; the fragment then leaves the
// address bar. Returns whether answers were taken.
let pendingShare = null; // a share fragment Material may be about to re-render the page for

function takeShare(checklist) {
  const inBar = location.hash.startsWith("#share=");
  const hash = inBar ? location.hash : pendingShare;
  if (!hash) return false;
  if (inBar) history.replaceState(history.state, "", location.pathname + location.search);
  let shared = null;
  try {
    shared = readShare(hash, checklist.definition);
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(checklist, error.message);
  }
  if (!shared) return false;
  Object.assign(checklist.state, { members: shared, active: 0, remember: false });
  checklist.ui.remember.checked = false;
  fill(checklist);
  renderPeople(checklist);
  notice(checklist, "These answers came from a shared link. They are not kept on this device unless you turn on Remember.");
  score(checklist, { announce: true });
  return true;
}

function setup(form) {
  if ("cpChecklist" in form.dataset) return;
  form.dataset.cpChecklist = "";
  /** @type {State} */
  const state = { members: [{ nickname: "", answers: {} }], active: 0, remember: false };
  const ui = setupPanels(form);
  const checklist = { form, definition: readDefinition(form), seq: 0, result: null, state, ui, tools: toolsPanel(form) };
  controllers.add(checklist);
  wire(checklist);

  const saved = store.load(checklist.definition);
  if (saved.state) {
    Object.assign(checklist.state, saved.state, { remember: true });
    checklist.ui.remember.checked = true;
  }
  if (saved.notice) notice(checklist, saved.notice);
  fill(checklist);
  renderPeople(checklist);
  const answered = checklist.state.members.some((m) => Object.keys(m.answers).length);
  if (!takeShare(checklist) && answered) score(checklist);
  warmUp(() => runtimeState(checklist, client().state));
}

function onPage() {
  for (const checklist of controllers) if (!checklist.form.isConnected) controllers.delete(checklist);
  const forms = [...document.querySelectorAll(SELECTOR)];
  document.documentElement.classList.toggle("cp-checklist-page", forms.length > 0);
  forms.forEach(setup);
  pendingShare = null;
}

// A share link opened in a tab that already shows the checklist changes only the fragment;
// Material's instant navigation may then swap in a fresh copy of the page, which takes it too.
window.addEventListener("hashchange", () => {
  if (!location.hash.startsWith("#share=")) return;
  pendingShare = location.hash;
  for (const checklist of controllers) if (checklist.form.isConnected) takeShare(checklist);
});

onEveryPage(onPage);
