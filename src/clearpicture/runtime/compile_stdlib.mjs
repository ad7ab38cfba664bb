// Build the site's trimmed Pyodide standard library: the kept files of the stock
// python_stdlib.zip, compiled to bytecode by Pyodide's own interpreter (same magic number, same
// marshal format), as unchecked-hash .pyc files with fixed timestamps. Booting from bytecode
// skips compiling ~140 modules at every page visit; it roughly halves Pyodide's start-up.
//
//   node src/clearpicture/runtime/compile_stdlib.mjs --pyodide node_modules/pyodide --out FILE ENTRY.py...
//
// Called by runtime/__init__.py beside it (which caches the result); the output is the same bytes
// on every run.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args, positionals: entries } = parseArgs({
  options: { pyodide: { type: "string" }, out: { type: "string" } },
  allowPositionals: true,
});
if (!args.pyodide || !args.out || entries.length === 0) {
  throw new Error("usage: compile_stdlib.mjs --pyodide DIR --out FILE ENTRY.py...");
}

const stock = `${resolve(args.pyodide)}/`;
const { loadPyodide } = await import(pathToFileURL(join(stock, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: stock });
pyodide.FS.writeFile("/tmp/stock.zip", readFileSync(join(stock, "python_stdlib.zip")));
pyodide.globals.set("entries", pyodide.toPy(entries));
pyodide.runPython(`
import importlib._bootstrap_external as external
import sys
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
# Where the zip is mounted at run time, so tracebacks name files as the source would.
MOUNTED = next(path for path in sys.path if path.endswith(".zip"))

with zipfile.ZipFile("/tmp/stock.zip") as source, \\
        zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as target:
    for name in sorted(set(entries)):
        if not name.endswith(".py"):
            raise ValueError(f"{name}: only .py files are compiled")
        code = compile(source.read(name), f"{MOUNTED}/{name}", "exec", dont_inherit=True)
        # Unchecked hash: zipimport loads it without looking for (or at) the source.
        data = external._code_to_hash_pyc(code, b"\\0" * 8, checked=False)
        info = zipfile.ZipInfo(name + "c", EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        target.writestr(info, bytes(data), compresslevel=9)
`);
writeFileSync(args.out, pyodide.FS.readFile("/tmp/out.zip"));
