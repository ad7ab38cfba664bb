// Where JavaScript meets the scoring module: boots Pyodide, imports scoring.py from its source
// and calls it with JSON on both sides, so Python sees exactly what json.loads gives CPython
// (a JS null becomes None, not Pyodide's jsnull). Shared by quiz-worker.js and the Node parity
// test (tests/pyodide/run_vectors.mjs), so the test crosses the same bridge as the browser.

const HOME = "/home/pyodide/clearpicture";

const SHIM = `
import json
import scoring

_FUNCTIONS = {"score": scoring.score, "score_household": scoring.score_household}

def call(name, definition, answers):
    return json.dumps(_FUNCTIONS[name](json.loads(definition), json.loads(answers)))
call
`;

// loadPyodide: the loader's export; options: passed to it; source: scoring.py's bytes
// (or a promise of them, so the fetch can overlap Pyodide's start).
export async function startScoring(loadPyodide, options, source) {
  const pyodide = await loadPyodide(options);
  pyodide.FS.mkdirTree(HOME);
  pyodide.FS.writeFile(`${HOME}/scoring.py`, new Uint8Array(await source));
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(HOME)})`);
  const call = pyodide.runPython(SHIM);
  return {
    pyodide,
    // type: "score" | "score_household"; returns the result, or throws the Python error.
    score(type, definition, answers) {
      if (type !== "score" && type !== "score_household") {
        throw new Error(`unknown request type ${JSON.stringify(type)}`);
      }
      return JSON.parse(call(type, JSON.stringify(definition), JSON.stringify(answers ?? null)));
    },
  };
}

// "ExceptionName: message" without the traceback (a PythonError's message is all of it).
export function describeError(error) {
  const text = String(error?.message ?? error).trim();
  return error?.type ? text.split("\n").pop() : `${error?.name ?? "Error"}: ${text}`;
}
