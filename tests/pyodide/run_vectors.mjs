// Runs the scoring module under Pyodide in Node the way the site's worker does (toPy in,
// toJs with Object.fromEntries out) over every vector file, and prints one JSON document.
//
//   node tests/pyodide/run_vectors.mjs --runtime DIR --scoring FILE --vectors DIR [--modules]
//
// --runtime  a directory holding pyodide.mjs & co.: the built site's assets/pyodide/ (trimmed
//            stdlib, reduced lock file) or node_modules/pyodide/ (stock)
// --modules  also list the stdlib zip files Python imported (what the trimmed zip must keep)
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    runtime: { type: "string" },
    scoring: { type: "string" },
    vectors: { type: "string", multiple: true, default: [] },
    modules: { type: "boolean", default: false },
  },
});
for (const name of ["runtime", "scoring"]) {
  if (!args[name]) throw new Error(`--${name} is required`);
}

const runtime = resolve(args.runtime) + "/";
const { loadPyodide, version } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: runtime, stdLibURL: join(runtime, "python_stdlib.zip") });
const bootMs = performance.now() - started;

// Same steps as quiz-worker.js: the module is a file in Pyodide's FS, imported by name.
pyodide.FS.mkdirTree("/home/pyodide/clearpicture");
pyodide.FS.writeFile("/home/pyodide/clearpicture/scoring.py", readFileSync(args.scoring));
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/clearpicture')");
const scoring = pyodide.pyimport("scoring");

function call(type, definition, answers) {
  const fn = type === "score_household" ? scoring.score_household : scoring.score;
  const pyDefinition = pyodide.toPy(definition);
  const pyAnswers = pyodide.toPy(answers);
  try {
    const result = fn(pyDefinition, pyAnswers);
    try {
      return { ok: true, result: result.toJs({ dict_converter: Object.fromEntries }) };
    } finally {
      result.destroy();
    }
  } catch (error) {
    // A PythonError's message is the whole traceback; its last line names the exception.
    const message = error.type ? String(error.message).trim().split("\n").pop() : `${error.name}: ${error.message}`;
    return { ok: false, error: message };
  } finally {
    pyDefinition.destroy();
    pyAnswers.destroy();
    fn.destroy();
  }
}

const results = {};
for (const dir of args.vectors) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const vector = JSON.parse(readFileSync(join(dir, name), "utf8"));
    // A vector whose answers are a list of answer sets is a household.
    const type = Array.isArray(vector.answers) ? "score_household" : "score";
    results[name] = call(type, vector.definition, vector.answers);
  }
}
// A definition the module must refuse: exercises the error path (traceback formatting), so the
// trimmed stdlib is known to carry what a failure needs too.
const refused = call("score", { schema: -1 }, {});

const report = { pyodide: version, boot_ms: Math.round(bootMs), results, refused };
if (args.modules) {
  const prefix = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))") + "/";
  const files = pyodide.runPython(`
import sys
sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)})
`).toJs();
  report.stdlib_files = files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
}
process.stdout.write(JSON.stringify(report) + "\n");
