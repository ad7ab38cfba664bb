// Runs the scoring module under Pyodide in Node through the site's own bridge
// (docs/assets/javascripts/quiz-bridge.js, which the worker uses) over every vector file, and
// prints one JSON document.
//
//   node tests/pyodide/run_vectors.mjs --runtime DIR --scoring FILE --vectors DIR [--modules]
//
// --runtime  a directory holding pyodide.mjs & co.: the built site's assets/pyodide/ (trimmed
//            stdlib, reduced lock file) or node_modules/pyodide/ (stock)
// --modules  also list the stdlib zip files Python imported (what the trimmed zip must keep;
//            modules frozen into the interpreter are not read from the zip)
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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

const runtime = `${resolve(args.runtime)}/`;
const { loadPyodide, version } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
// Imported from a data: URL: the site's .js files are ES modules, but package.json (not ours to
// mark "type": "module") would have Node read them as CommonJS.
const here = dirname(fileURLToPath(import.meta.url));
const bridgeSource = readFileSync(join(here, "../../docs/assets/javascripts/quiz-bridge.js"), "utf8");
const { describeError, startScoring } = await import(
  `data:text/javascript;base64,${Buffer.from(bridgeSource).toString("base64")}`
);

const started = performance.now();
const options = { indexURL: runtime, stdLibURL: join(runtime, "python_stdlib.zip") };
const scoring = await startScoring(loadPyodide, options, readFileSync(args.scoring));
const bootMs = performance.now() - started;

// As the worker answers: {ok, result} or {ok: false, error}.
function call(type, definition, answers, hints, options) {
  try {
    return { ok: true, result: scoring.score(type, definition, answers, hints, options) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

const results = {};
for (const dir of args.vectors) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const vector = JSON.parse(readFileSync(join(dir, name), "utf8"));
    // A vector whose answers are a list of answer sets is a household.
    const type = Array.isArray(vector.answers) ? "score_household" : "score";
    // A checklist vector may give the household's profile: the engine's keyword argument.
    const options = "profile" in vector ? { profile: vector.profile } : {};
    const first = call(type, vector.definition, vector.answers, vector.hints, options);
    // Again as the worker is sent it, the definition as JSON text, which the bridge has now read
    // once and kept (scoring.prepare): the kept one must answer the same.
    const again = call(type, JSON.stringify(vector.definition), vector.answers, vector.hints, options);
    const same = JSON.stringify(again) === JSON.stringify(first);
    results[name] = same ? first : { ok: false, error: `kept definition differs: ${JSON.stringify(again)}` };
  }
}
// A definition the module must refuse: exercises the error path (traceback formatting), so the
// trimmed stdlib is known to carry what a failure needs too.
const refused = call("score", { schema: -1 }, {}, undefined, {});

const report = { pyodide: version, boot_ms: Math.round(bootMs), results, refused };
if (args.modules) {
  // Modules frozen into the interpreter (os, io, codecs, importlib._bootstrap, ...) carry a
  // __file__ inside the zip but never read it: only what zipimport loaded counts.
  const { pyodide } = scoring;
  const prefix = `${pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))")}/`;
  const files = pyodide.runPython(`
import sys
sorted({
    m.__spec__.origin
    for m in list(sys.modules.values())
    if getattr(m, "__spec__", None) is not None and isinstance(m.__spec__.origin, str)
})
`).toJs();
  report.stdlib_files = files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
}
process.stdout.write(`${JSON.stringify(report)}\n`);
