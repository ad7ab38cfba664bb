"""The runtime's files as the tests expect them, site-relative, in the order the worker loads
them. Written out here on purpose, beside the same list in src/clearpicture/runtime/manifest.py
(`FILES`): a test that took its expectation from the code under test could not fail when that
code drops, adds or reorders a file. One literal for every test (the wheel, the starter site,
what the build writes, the manifest); a change to the runtime changes both lists."""

from __future__ import annotations

RUNTIME_FILES = (
    "assets/pyodide/pyodide.mjs",
    "assets/pyodide/pyodide.asm.mjs",
    "assets/pyodide/pyodide.asm.wasm",
    "assets/pyodide/python_stdlib.zip",
    "assets/pyodide/pyodide-lock.json",
    "assets/python/scoring.py",
)
