// Page glue for the household exposure checklist (a form.cp-quiz[data-cp-kind=checklist]): who is
// answering, keeping answers on this device, and the result view with its plan. Every number,
// band, order and household combination shown comes from the Python engine in the tab's scoring
// worker (score / score_household); this file only asks, then shows. Nothing leaves the device.
import { collectAnswers, getWorkerClient, readDefinition, warmUp } from "./quiz-core.js";
import * as store from "./checklist-store.js";
import { onEveryPage } from "./page.js";
import { renderPeople, setupPanels, toolsPanel } from "./checklist-panels.js";
import { markdownPlan, memberName, renderResult } from "./checklist-view.js";

const SELECTOR = 'form.cp-quiz[data-cp-kind="checklist"]';
const STATUS = {
  working: "Working out your exposure on this device…",
  slow: "Scoring is taking longer than usual. Each question's steps are shown below meanwhile.",
  failed: "Scoring could not start in this browser, so each question's steps are shown below. Nothing was sent anywhere.",
  error: "Sorry, your exposure could not be worked out. Each question's steps are shown below.",
};

const controllers = new Set();
let listening = false;

function client() {
  const worker = getWorkerClient();
  if (!listening) {
    listening = true;
    worker.onChange((changed) => {
      for (const c of controllers) if (c.form.isConnected) runtimeState(c, changed.state);
    });
  }
  return worker;
}

function runtimeState(c, state) {
  if (state === "slow" || state === "failed") {
    c.form.classList.add("cp-quiz--unscored");
    status(c, STATUS[state]);
  }
}

const status = (c, text) => {
  c.form.querySelector("[data-cp-status]").textContent = text;
};
const notice = (c, text) => {
  c.ui.notice.textContent = text;
};

const sync = (c) => {
  c.state.members[c.state.active].answers = collectAnswers(c.form);
};

function fill(c) {
  const answers = c.state.members[c.state.active].answers;
  for (const fieldset of c.form.querySelectorAll("fieldset[data-cp-question]")) {
    for (const input of fieldset.querySelectorAll("input[type=radio]")) {
      input.checked = answers[fieldset.dataset.cpQuestion] === input.value;
    }
  }
}

function persist(c) {
  if (!c.state.remember) return;
  try {
    store.save(c.state, c.definition);
  } catch (error) {
    notice(c, `Your answers could not be kept: ${error.message}`);
  }
}

// Ask the engine; render only the newest answer. announce: say it and move focus to it.
async function score(c, { announce = false } = {}) {
  sync(c);
  const answers = c.state.members.map((member) => member.answers);
  const worker = client();
  const seq = ++c.seq;
  if (announce) status(c, STATUS.working);
  try {
    const result = answers.length > 1
      ? await worker.request("score_household", c.definition, answers)
      : await worker.request("score", c.definition, answers[0]);
    if (seq === c.seq) {
      c.result = result;
      const said = renderResult(c, result);
      c.tools.hidden = false;
      c.form.closest("article")?.classList.add("cp-print-plan");
      status(c, announce ? said : "");
      if (announce) c.form.querySelector(".cp-result__title").focus();
    }
    return result;
  } catch (error) {
    // The message may quote answer ids: it stays off the console and off the page.
    c.form.classList.add("cp-quiz--unscored");
    status(c, worker.state === "failed" ? STATUS.failed : STATUS.error);
    return null;
  }
}

function clearResult(c) {
  c.seq++;
  c.result = null;
  const box = c.form.querySelector("[data-cp-result]");
  box.replaceChildren();
  box.hidden = true;
  c.tools.hidden = true;
  delete c.form.dataset.cpScored;
  c.form.closest("article")?.classList.remove("cp-print-plan");
}

function refresh(c) {
  fill(c);
  renderPeople(c);
  persist(c);
  if (c.result) score(c);
}

const pageUrl = () => `${location.origin}${location.pathname}`;
const today = () => new Date().toISOString().slice(0, 10);

const ACTIONS = {
  switch(c, target) {
    sync(c);
    c.state.active = Number(target.dataset.cpIndex);
    refresh(c);
    notice(c, `The questions now show the answers of ${memberName(c.state.members[c.state.active], c.state.active)}.`);
  },
  add(c) {
    const name = c.ui.nickname.value.trim();
    const { members } = c.state;
    if (!name) return notice(c, "Type a nickname first, such as a first name or initial.");
    if (members.some((m, i) => memberName(m, i) === name)) return notice(c, `"${name}" is already in the list.`);
    if (members.length >= store.MAX_MEMBERS) return notice(c, `This check holds up to ${store.MAX_MEMBERS} people.`);
    sync(c);
    if (members.length === 1 && !members[0].nickname) members[0].nickname = "You";
    members.push({ nickname: name, answers: {} });
    c.state.active = members.length - 1;
    c.ui.nickname.value = "";
    refresh(c);
    notice(c, `Added ${name}. The questions are now for ${name}.`);
  },
  remove(c) {
    const name = memberName(c.state.members[c.state.active], c.state.active);
    c.state.members.splice(c.state.active, 1);
    c.state.active = 0;
    refresh(c);
    notice(c, `Removed ${name} and their answers.`);
    c.ui.nickname.focus();
  },
  import(c) {
    c.ui.file.click();
  },
  erase(c) {
    store.eraseAll();
    c.state = { members: [{ nickname: "", answers: {} }], active: 0, remember: false };
    c.ui.remember.checked = false;
    clearResult(c);
    fill(c);
    renderPeople(c);
    status(c, "");
    notice(c, "Everything was erased: answers, people and anything kept on this device.");
  },
  reset(c) {
    c.state.members[c.state.active].answers = {};
    fill(c);
    clearResult(c);
    persist(c);
    status(c, "");
    c.form.querySelector("fieldset[data-cp-question] input")?.focus();
  },
  score(c) {
    score(c, { announce: true });
  },
  async print(c) {
    if (await score(c)) window.print();
  },
  async "export-md"(c) {
    const result = await score(c);
    if (result) store.download(`clear-picture-plan-${today()}.md`, "text/markdown", markdownPlan(c, result, pageUrl()));
  },
  async "export-json"(c) {
    const result = await score(c);
    if (!result) return;
    const doc = store.toDocument(c.state, c.definition, { exported: new Date().toISOString(), page: pageUrl(), result });
    store.download(`clear-picture-plan-${today()}.json`, "application/json", `${JSON.stringify(doc, null, 2)}\n`);
  },
  reminder() {
    store.download("clear-picture-reminder.ics", "text/calendar", store.reminder(pageUrl()));
  },
  share(c) {
    sync(c);
    const withNames = c.tools.querySelector("[data-cp-share-names]").checked;
    const output = c.tools.querySelector("[data-cp-share-url]");
    output.value = pageUrl() + store.shareFragment(c.state, c.definition, withNames);
    output.closest(".cp-share__link").hidden = false;
    output.select();
  },
  async copy(c) {
    const output = c.tools.querySelector("[data-cp-share-url]");
    try {
      await navigator.clipboard.writeText(output.value);
      c.tools.querySelector("[data-cp-share-said]").textContent = "Link copied.";
    } catch {
      output.select();
      c.tools.querySelector("[data-cp-share-said]").textContent = "Select the link and copy it.";
    }
  },
};

async function importFile(c) {
  const [file] = c.ui.file.files;
  c.ui.file.value = "";
  if (!file) return;
  try {
    if (file.size > 200_000) throw new store.Refused("It is far too large for a checklist file.");
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      throw new store.Refused("It is not a JSON file.");
    }
    const { members, active } = store.checkDocument(data, c.definition);
    Object.assign(c.state, { members, active });
    refresh(c);
    const n = members.length;
    notice(c, `Imported answers for ${n} ${n === 1 ? "person" : "people"}.`);
    score(c, { announce: true });
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(c, `That file was not used. ${error.message}`);
  }
}

function wire(c) {
  c.form.addEventListener("click", (event) => {
    const target = event.target.closest("[data-cp-do], [data-cp-command]");
    if (!target || !c.form.contains(target)) return;
    const action = ACTIONS[target.dataset.cpDo ?? target.dataset.cpCommand];
    if (action) action(c, target);
  });
  c.form.addEventListener("submit", (event) => event.preventDefault());
  c.ui.nickname.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    ACTIONS.add(c);
  });
  c.ui.file.addEventListener("change", () => importFile(c));
  c.ui.remember.addEventListener("change", () => {
    c.state.remember = c.ui.remember.checked;
    if (c.state.remember) {
      persist(c);
      notice(c, "Your answers are now kept in this browser on this device.");
    } else {
      store.eraseAll();
      notice(c, "Your answers are no longer kept. The copy on this device was removed.");
    }
  });
  c.form.addEventListener("change", (event) => {
    if (!event.target.closest("fieldset[data-cp-question]")) return;
    sync(c);
    persist(c);
    if (c.result) score(c);
  });
}

// A share link's answers replace what the form shows, unsaved; the fragment then leaves the
// address bar. Returns whether answers were taken.
let pendingShare = null; // a share fragment Material may be about to re-render the page for

function takeShare(c) {
  const inBar = location.hash.startsWith("#share=");
  const hash = inBar ? location.hash : pendingShare;
  if (!hash) return false;
  if (inBar) history.replaceState(history.state, "", location.pathname + location.search);
  let shared = null;
  try {
    shared = store.readShare(hash, c.definition);
  } catch (error) {
    if (!(error instanceof store.Refused)) throw error;
    notice(c, error.message);
  }
  if (!shared) return false;
  Object.assign(c.state, { members: shared, active: 0, remember: false });
  c.ui.remember.checked = false;
  fill(c);
  renderPeople(c);
  notice(c, "These answers came from a shared link. They are not kept on this device unless you turn on Remember.");
  score(c, { announce: true });
  return true;
}

function setup(form) {
  if ("cpChecklist" in form.dataset) return;
  form.dataset.cpChecklist = "";
  form.dataset.cpOwner = "checklist"; // quiz.js leaves an owned form's commands to its owner
  const c = { form, definition: readDefinition(form), seq: 0, result: null };
  c.state = { members: [{ nickname: "", answers: {} }], active: 0, remember: false };
  c.ui = setupPanels(c);
  c.tools = toolsPanel(c);
  controllers.add(c);
  wire(c);

  const saved = store.load(c.definition);
  if (saved.state) {
    Object.assign(c.state, saved.state, { remember: true });
    c.ui.remember.checked = true;
  }
  if (saved.notice) notice(c, saved.notice);
  fill(c);
  renderPeople(c);
  const answered = c.state.members.some((m) => Object.keys(m.answers).length);
  if (!takeShare(c) && answered) score(c);
  warmUp(() => runtimeState(c, client().state));
}

function onPage() {
  for (const c of controllers) if (!c.form.isConnected) controllers.delete(c);
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
  for (const c of controllers) if (c.form.isConnected) takeShare(c);
});

onEveryPage(onPage);
