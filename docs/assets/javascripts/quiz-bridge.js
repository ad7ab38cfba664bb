// @ts-check
// Where JavaScript meets the scoring module: boots Pyodide, imports scoring.py from its source
// and calls it with JSON on both sides, so Python sees exactly what json.loads gives CPython
// (a JS null becomes None, not Pyodide's jsnull). Shared by quiz-worker.js and the Node parity
// test (tests/pyodide/run_vectors.mjs), so the test crosses the same bridge as the browser.

const HOME = "/home/pyodide/clearpicture";

// A definition is read once per JSON text (scoring.prepare) and kept while the worker lives:
// a quiz checked again and again is then only graded, however long; "prepare" reads one ahead
// (the page asks when it starts the worker). Definitions are the page's own public text;
// nothing of the answers is kept.
const SHIM = `
import json
import scoring

prepared = {}

def clearpicture_call(name, definition, answers, hints, options):
    keywords = json.loads(options)
    engine = prepared.get(definition)
    if engine is None:
        engine = scoring.prepare(json.loads(definition))
        if len(prepared) >= 8:
            prepared.clear()
        prepared[definition] = engine
    if name == "prepare":
        return "null"
    if name == "score":
        result = scoring.score(engine, json.loads(answers), json.loads(hints), **keywords)
    else:
        result = scoring.score_household(engine, json.loads(answers), **keywords)
    return json.dumps(result, separators=(",", ":"))
clearpicture_call
`;

const WARM_UP = [
  [
    {
      schema: 1,
      id: "warm-up",
      kind: "quiz",
      questions: [{ id: "q", type: "multiple", options: ["a", "b"], correct: ["a"] }],
      bands: [{ id: "b", min: 0 }],
    },
    { q: ["a", "b"] },
    {},
  ],
  [
    {
      schema: 1,
      id: "warm-up",
      kind: "checklist",
      unsure_risk: 0.5,
      scale: [{ id: "yes", unsure: false }, { id: "unsure", unsure: true }],
      areas: ["a"],
      items: [
        { id: "i", area: "a", risk: { yes: 0.25 }, weight: 2, action_minutes: 1, find_out_minutes: 1 },
        { id: "j", area: "a", risk: { yes: 0 }, weight: 1, action_minutes: 1, find_out_minutes: 1, applies_if: ["p"] },
      ],
      bands: [{ id: "b", min: 0 }],
      profile: { options: ["p", "q"], unsure: null },
    },
    { i: "unsure" },
    { profile: ["q"] },
  ],
];

// loadPyodide: the loader's export; options: passed to it; source: scoring.py's bytes
// (or a promise of them, so the fetch can overlap Pyodide's start); settled(pyodide): called
// once the engine is set up (scoring imported, the shim defined, the warm-up scored and its
// definitions dropped from the shim's cache) and before anything else runs in Python: the quiz worker takes its memory
// snapshot there. Only the site's own fixed text has been near Python by then, never a reader's.
// Loaded from such a snapshot, the shim is there already (the same SHIM text: a snapshot of an
// older one, or of an engine without it, is set up again the plain way) and only the warm-up
// runs, as the check that the engine restored scores.
export async function startScoring(loadPyodide, options, source, settled = (_pyodide) => {}) {
  const pyodide = await loadPyodide(options);
  const restored = pyodide.globals.get("clearpicture_shim") === SHIM;
  let call = restored ? pyodide.globals.get("clearpicture_call") : null;
  if (!call) {
    pyodide.FS.mkdirTree(HOME);
    pyodide.FS.writeFile(`${HOME}/scoring.py`, new Uint8Array(await source));
    const home = JSON.stringify(HOME);
    pyodide.runPython(`import sys\nif ${home} not in sys.path: sys.path.insert(0, ${home})\nimport scoring`);
    call = pyodide.runPython(SHIM);
    pyodide.globals.set("clearpicture_shim", SHIM);
  }
  // One small quiz and checklist through every layer before saying "ready": the reader's first
  // check then runs on warm code (the first calls cost ~10 ms more), and a scoring module that
  // cannot score fails here, as a start-up failure, rather than at the reader's click.
  for (const [definition, answers, keywords] of WARM_UP) {
    call("score", JSON.stringify(definition), JSON.stringify(answers), "null", JSON.stringify(keywords));
  }
  if (!restored) {
    pyodide.runPython("prepared.clear()");
    settled(pyodide);
  }
  // type: "score" | "score_household" | "prepare" (read the definition now, answer null);
  // returns the result as JSON text, or throws the Python error. definition: the definition, or its JSON text as the page embeds it (sent as is);
  // hints: the quiz questions whose hint the reader opened (score only); options: the engine's
  // keyword arguments (a checklist's {profile}).
  const scoreText = (type, definition, answers, hints, options = {}) => {
    if (type !== "score" && type !== "score_household" && type !== "prepare") {
      throw new Error(`unknown request type ${JSON.stringify(type)}`);
    }
    const json = (value) => JSON.stringify(value ?? null);
    const text = typeof definition === "string" ? definition : json(definition);
    return call(type, text, json(answers), json(hints), JSON.stringify(options ?? {}));
  };
  return {
    pyodide,
    // Whether the shim came with the memory Pyodide started from (a snapshot taken by this
    // bridge), rather than being set up here.
    restored,
    scoreText,
    // The same, as the result itself.
    score: (...args) => JSON.parse(scoreText(...args)),
  };
}

/**
 * "ExceptionName: message" without the traceback (a PythonError's message is all of it).
 * @param {any} error
 * @returns {string}
 */
export function describeError(error) {
  const text = String(error?.message ?? error).trim();
  return error?.type ? (text.split("\n").pop() ?? text) : `${error?.name ?? "Error"}: ${text}`;
}
