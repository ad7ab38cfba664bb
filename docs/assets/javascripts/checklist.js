// @ts-check
// Page glue for the household exposure checklist (a form.cp-quiz[data-cp-kind=checklist]), its
// only owner: who is answering, keeping answers on this device, and the result view with its
// plan. Every number, band, order and household combination shown comes from the Python engine in
// the tab's scoring worker (score / score_household); this file only asks, then shows. Nothing
// leaves the device.
import { download, inertJson, markdownPlan, reminder } from "./checklist-export.js";
import { renderPeople, setupPanels, toolsPanel } from "./checklist-panels.js";
import { readShare, shareFragment } from "./checklist-share.js";
import * as store from "./checklist-store.js";
import { migrationNotice, readVersions } from "./checklist-versions.js";
import { memberName, renderResult } from "./checklist-view.js";
import { collectAnswers, readDefinition, setStatus, showControls } from "./form.js";
import { onEveryPage } from "./page.js";
import { onRememberChange, remembering, setRemembering } from "./remember.js";
import { getWorkerClient } from "./scoring-client.js";
import { beforeStartText, loadingText, startOnIntent } from "./scoring-start.js";
import { t, tn } from "./i18n.js";

/** @typedef {import("./checklist-store.js").State} State */
/** @typedef {import("./checklist-panels.js").Controls} Controls */
/** @typedef {import("./checklist-versions.js").Versions} Versions */
/** @typedef {import("./scoring-client.js").ClientState} ClientState */
/** @typedef {import("./scoring-client.js").WorkerClient} WorkerClient */
/** @typedef {import("./scoring-protocol.js").Definition} Definition */
/** @typedef {import("./scoring-protocol.js").ChecklistResult} ChecklistResult */
/** @typedef {import("./scoring-protocol.js").HouseholdResult} HouseholdResult */

/**
 * One checklist form on the page and what this module keeps about it.
 * @typedef {object} Checklist
 * @property {HTMLFormElement} form
 * @property {Definition} definition
 * @property {Versions} versions today's item list version and the earlier ones
 * @property {number} seq the newest scoring request; an older answer is not shown
 * @property {number} profileSeq the newest "which items apply" request
 * @property {ChecklistResult | HouseholdResult | null} result
 * @property {State} state
 * @property {Controls} ui the panels before the questions (checklist-panels.js)
 * @property {HTMLElement} tools the panel after the result
 */

const SELECTOR = 'form.cp-quiz[data-cp-kind="checklist"]';

document.documentElement.classList.add("cp-js");

/** @type {Set<Checklist>} */
const controllers = new Set();
let listening = false;

function client() {
  const worker = getWorkerClient();
  if (!listening) {
    listening = true;
    worker.onChange((changed) => {
      for (const checklist of controllers) if (checklist.form.isConnected) runtimeState(checklist, changed);
    });
  }
  return worker;
}

/** @param {Checklist} checklist @param {WorkerClient} worker */
function runtimeState(checklist, worker) {
  const { form } = checklist;
  if (worker.state === "slow" || worker.state === "failed") {
    form.classList.add("cp-quiz--unscored");
    status(checklist, t(`checklist.status.${worker.state}`));
  } else if (worker.state === "loading" && !("cpScoring" in form.dataset)) {
    // How far the runtime's download is (scoring-start.js), until the engine is up.
    form.dataset.cpLoading = "";
    status(checklist, loadingText(worker));
  } else if (worker.state === "ready" && "cpLoading" in form.dataset) {
    delete form.dataset.cpLoading;
    if (!("cpScoring" in form.dataset)) status(checklist, "");
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
  if (!checklist.state.remember || !remembering()) return;
  try {
    store.save(checklist.state, checklist.definition, checklist.versions);
  } catch (error) {
    notice(checklist, t("checklist.keep.failed", { reason: /** @type {Error} */ (error).message }));
  }
}

// Ask the engine; render only the newest answer. announce: say it and move focus to it.
async function score(checklist, { announce = false } = {}) {
  sync(checklist);
  const answers = checklist.state.members.map((member) => member.answers);
  const worker = client();
  const seq = ++checklist.seq;
  if (announce) status(checklist, t("checklist.status.working"));
  checklist.form.dataset.cpScoring = "";
  try {
    const options = { profile: checklist.state.profile };
    const result = /** @type {ChecklistResult | HouseholdResult} */ (
      answers.length > 1
        ? await worker.request("score_household", checklist.definition, answers, undefined, options)
        : await worker.request("score", checklist.definition, answers[0], undefined, options)
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
    status(checklist, t(worker.state === "failed" ? "checklist.status.failed" : "checklist.status.error"));
    return null;
  } finally {
    if (seq === checklist.seq) delete checklist.form.dataset.cpScoring;
  }
}

// --- the household profile: which items apply is the engine's answer (skipped), shown here ---

/** @param {Checklist} checklist */
const profileBox = (checklist) => checklist.form.querySelector("[data-cp-profile]");

/** @param {Checklist} checklist */
function readProfile(checklist) {
  const box = profileBox(checklist);
  if (!box) return null;
  const ticked = [...box.querySelectorAll("input[type=checkbox]:checked")].map((input) => /** @type {HTMLInputElement} */ (input).value);
  return ticked.length ? ticked : null;
}

/** @param {Checklist} checklist */
function fillProfile(checklist) {
  const ticked = new Set(checklist.state.profile ?? []);
  for (const input of profileBox(checklist)?.querySelectorAll("input[type=checkbox]") ?? []) {
    /** @type {HTMLInputElement} */ (input).checked = ticked.has(/** @type {HTMLInputElement} */ (input).value);
  }
}

/** @param {Checklist} checklist @param {Set<string>} skipped */
function showItems(checklist, skipped) {
  for (const fieldset of checklist.form.querySelectorAll("fieldset[data-cp-question]")) {
    /** @type {HTMLElement} */ (fieldset).hidden = skipped.has(/** @type {HTMLElement} */ (fieldset).dataset.cpQuestion ?? "");
  }
}

// Ask the engine which items the profile leaves out (an empty answer set: nothing else is
// needed), hide them and say how many questions are left. Without a profile, nothing is asked:
// every item shows and the worker starts no sooner than it would anyway.
async function applyProfile(checklist) {
  const count = profileBox(checklist)?.querySelector("[data-cp-profile-count]");
  if (!count) return;
  const seq = ++checklist.profileSeq;
  const total = (checklist.definition.items ?? []).length;
  if (!checklist.state.profile) {
    showItems(checklist, new Set());
    count.textContent = tn("checklist.profile.all", total);
    return;
  }
  count.textContent = t("checklist.profile.working");
  try {
    const result = /** @type {ChecklistResult} */ (
      await client().request("score", checklist.definition, {}, undefined, { profile: checklist.state.profile })
    );
    if (seq !== checklist.profileSeq) return;
    showItems(checklist, new Set(result.skipped));
    count.textContent = tn("checklist.profile.for_you", result.total);
  } catch {
    if (seq !== checklist.profileSeq) return;
    showItems(checklist, new Set());
    count.textContent = t("checklist.profile.failed");
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
  fillProfile(checklist);
  applyProfile(checklist);
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
    notice(checklist, t("checklist.people.switched", { name: memberName(checklist.state.members[checklist.state.active], checklist.state.active) }));
  },
  add(checklist) {
    const name = checklist.ui.nickname.value.trim();
    const { members } = checklist.state;
    if (!name) return notice(checklist, t("checklist.people.type_first"));
    if (members.some((m, i) => memberName(m, i) === name)) return notice(checklist, t("checklist.people.already", { name }));
    if (members.length >= store.MAX_MEMBERS) return notice(checklist, t("checklist.people.too_many", { n: store.MAX_MEMBERS }));
    sync(checklist);
    if (members.length === 1 && !members[0].nickname) members[0].nickname = t("common.you");
    members.push({ nickname: name, answers: {} });
    checklist.state.active = members.length - 1;
    checklist.ui.nickname.value = "";
    refresh(checklist);
    notice(checklist, t("checklist.people.added", { name }));
  },
  remove(checklist) {
    const name = memberName(checklist.state.members[checklist.state.active], checklist.state.active);
    checklist.state.members.splice(checklist.state.active, 1);
    checklist.state.active = 0;
    refresh(checklist);
    notice(checklist, t("checklist.people.removed", { name }));
    checklist.ui.nickname.focus();
  },
  import(checklist) {
    checklist.ui.file.click();
  },
  erase(checklist) {
    store.eraseAll();
    checklist.state = { members: [{ nickname: "", answers: {} }], active: 0, profile: null, remember: false };
    checklist.ui.remember.checked = false;
    clearResult(checklist);
    fill(checklist);
    fillProfile(checklist);
    applyProfile(checklist);
    renderPeople(checklist);
    status(checklist, "");
    notice(checklist, t("checklist.keep.erased"));
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
    const extra = { exported: new Date().toISOString(), page: pageUrl(), result };
    const doc = store.toDocument(checklist.state, checklist.definition, checklist.versions, extra);
    download(`clear-picture-plan-${today()}.json`, "application/json", `${inertJson(doc)}\n`);
  },
  reminder() {
    download("clear-picture-reminder.ics", "text/calendar", reminder(pageUrl()));
  },
  share(checklist) {
    sync(checklist);
    const withNames = checklist.tools.querySelector("[data-cp-share-names]").checked;
    const output = checklist.tools.querySelector("[data-cp-share-url]");
    output.value = pageUrl() + shareFragment(checklist.state, checklist.definition, checklist.versions, withNames);
    output.closest(".cp-share__link").hidden = false;
    output.select();
  },
  async copy(checklist) {
    const output = checklist.tools.querySelector("[data-cp-share-url]");
    try {
      await navigator.clipboard.writeText(output.value);
      checklist.tools.querySelector("[data-cp-share-said]").textContent = t("checklist.tools.copied");
    } catch {
      output.select();
      checklist.tools.querySelector("[data-cp-share-said]").textContent = t("checklist.tools.copy_by_hand");
    }
  },
};

async function importFile(checklist) {
  const [file] = checklist.ui.file.files;
  checklist.ui.file.value = "";
  if (!file) return;
  try {
    if (file.size > 200_000) throw new store.Refused(t("checklist.import.too_large"));
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      throw new store.Refused(t("checklist.import.not_json"));
    }
    const { members, active, profile, migrated } = store.checkDocument(data, checklist.definition, checklist.versions);
    Object.assign(checklist.state, { members, active, profile });
    refresh(checklist);
    const changed = migrated ? ` ${migrationNotice(migrated, "file")}` : "";
    notice(checklist, `${tn("checklist.import.done", members.length)}${changed}`);
    score(checklist, { announce: true });
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(checklist, t("checklist.import.refused", { reason: error.message }));
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
  // The site-wide setting (remember.js): on keeps these answers; off erases all the site kept.
  checklist.ui.remember.addEventListener("change", () => {
    const on = checklist.ui.remember.checked;
    if (!setRemembering(on)) {
      checklist.ui.remember.checked = false;
      notice(checklist, t("checklist.refused.no_storage"));
      return;
    }
    checklist.state.remember = on;
    if (on) persist(checklist);
    notice(checklist, t(on ? "checklist.keep.on" : "checklist.keep.off"));
  });
  checklist.form.addEventListener("change", (event) => {
    if (event.target.closest("[data-cp-profile]")) {
      checklist.state.profile = readProfile(checklist);
      persist(checklist);
      applyProfile(checklist);
      if (checklist.result) score(checklist);
      return;
    }
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
    shared = readShare(hash, checklist.definition, checklist.versions);
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(checklist, error.message);
  }
  if (!shared) return false;
  Object.assign(checklist.state, { members: shared.members, active: 0, profile: shared.profile, remember: false });
  checklist.ui.remember.checked = false;
  fill(checklist);
  fillProfile(checklist);
  applyProfile(checklist);
  renderPeople(checklist);
  const changed = shared.migrated ? ` ${migrationNotice(shared.migrated, "link")}` : "";
  notice(checklist, `${t("checklist.keep.shared")}${changed}`);
  score(checklist, { announce: true });
  return true;
}

function setup(form) {
  if ("cpChecklist" in form.dataset) return;
  form.dataset.cpChecklist = "";
  /** @type {State} */
  const state = { members: [{ nickname: "", answers: {} }], active: 0, profile: null, remember: false };
  const ui = setupPanels(form);
  const checklist = {
    form,
    definition: readDefinition(form),
    versions: readVersions(form),
    seq: 0,
    profileSeq: 0,
    result: null,
    state,
    ui,
    tools: toolsPanel(form),
  };
  wire(checklist);

  const saved = store.load(checklist.definition, checklist.versions);
  checklist.state.remember = checklist.ui.remember.checked = remembering();
  if (saved.state) {
    const { members, active, profile, migrated } = saved.state;
    Object.assign(checklist.state, { members, active, profile });
    // Kept again at once in today's form, so the line is shown once.
    if (migrated) {
      persist(checklist);
      notice(checklist, migrationNotice(migrated, "saved"));
    }
  }
  controllers.add(checklist); // after loading: the setting may have just been turned on
  // Its buttons work from now on: show them (the build renders them hidden).
  /** @type {HTMLElement} */ (form.querySelector(".cp-quiz__controls")).hidden = false;
  if (saved.notice) notice(checklist, saved.notice);
  // Nothing saved: answers (and profile options) ticked before the page was wired stay.
  if (!saved.state) {
    sync(checklist);
    checklist.state.profile = readProfile(checklist);
  }
  fill(checklist);
  fillProfile(checklist);
  applyProfile(checklist);
  renderPeople(checklist);
  // The build hides the buttons until now: a click can no longer go unanswered.
  showControls(form);
  const answered = checklist.state.members.some((m) => Object.keys(m.answers).length);
  if (!takeShare(checklist) && answered) score(checklist);
  const waiting = beforeStartText();
  if (waiting) status(checklist, waiting);
}

// The setting changed elsewhere (a quiz, the progress page, another tab): follow it.
onRememberChange((on) => {
  for (const checklist of controllers) {
    if (!checklist.form.isConnected || checklist.state.remember === on) continue;
    checklist.state.remember = checklist.ui.remember.checked = on;
    persist(checklist);
  }
});

function onPage() {
  for (const checklist of controllers) if (!checklist.form.isConnected) controllers.delete(checklist);
  const forms = [.../** @type {NodeListOf<HTMLFormElement>} */ (document.querySelectorAll(SELECTOR))];
  document.documentElement.classList.toggle("cp-checklist-page", forms.length > 0);
  forms.forEach(setup);
  // The checklist starts its worker on arrival (or, with data saver, on the first answer).
  startOnIntent(forms, () => {
    const worker = client();
    for (const checklist of controllers) if (checklist.form.isConnected) runtimeState(checklist, worker);
  });
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
