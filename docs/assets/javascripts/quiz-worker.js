// The tab's scoring worker (a module worker, as Pyodide 314 requires). It owns Pyodide, loaded
// from this site's own assets/pyodide/, imports assets/python/scoring.py (the same file the
// CPython tests import) and answers {id, type, definition, answers} with {id, ok, result|error}.
// It only ever GETs those same-origin files, and never logs what the reader answered.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const RUNTIME = new URL("../pyodide/", import.meta.url);
const SCORING = new URL("../python/scoring.py", import.meta.url);
const HOME = "/home/pyodide/clearpicture";
const FUNCTIONS = { score: "score", score_household: "score_household" };

// Fetch the module while Pyodide downloads and compiles, not after.
const source = fetch(SCORING, { credentials: "same-origin" }).then((response) => {
  if (!response.ok) throw new Error(`${SCORING.pathname}: HTTP ${response.status}`);
  return response.arrayBuffer();
});

const scoring = (async () => {
  const pyodide = await loadPyodide({
    indexURL: RUNTIME.href,
    stdLibURL: new URL("python_stdlib.zip", RUNTIME).href,
    lockFileURL: new URL("pyodide-lock.json", RUNTIME).href,
  });
  pyodide.FS.mkdirTree(HOME);
  pyodide.FS.writeFile(`${HOME}/scoring.py`, new Uint8Array(await source));
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(HOME)})`);
  return { pyodide, module: pyodide.pyimport("scoring") };
})();

scoring.then(
  () => self.postMessage({ type: "ready" }),
  (error) => self.postMessage({ type: "failed", error: describe(error) }),
);

// "ExceptionName: message" without the traceback (a PythonError's message is all of it).
function describe(error) {
  const text = String(error?.message ?? error).trim();
  return error?.type ? text.split("\n").pop() : `${error?.name ?? "Error"}: ${text}`;
}

function run({ pyodide, module }, type, definition, answers) {
  const name = FUNCTIONS[type];
  if (!name) throw new Error(`unknown request type ${JSON.stringify(type)}`);
  const fn = module[name];
  const pyDefinition = pyodide.toPy(definition);
  const pyAnswers = pyodide.toPy(answers);
  try {
    const result = fn(pyDefinition, pyAnswers);
    try {
      return result.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    } finally {
      result.destroy();
    }
  } finally {
    pyDefinition.destroy();
    pyAnswers.destroy();
    fn.destroy();
  }
}

self.addEventListener("message", async ({ data }) => {
  const { id, type, definition, answers } = data ?? {};
  try {
    const result = run(await scoring, type, definition, answers);
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: describe(error) });
  }
});
