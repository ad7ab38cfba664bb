"""The scoring module gives the same results under Pyodide as under CPython: Node runs the very
src/clearpicture/scoring.py on the runtime the site ships (trimmed stdlib, reduced lock file),
crossing JS and Python the way the worker does, over every vector file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clearpicture import runtime, scoring
from tests.conftest import ROOT

pytestmark = pytest.mark.pyodide

RUNNER = Path(__file__).with_name("run_vectors.mjs")
# tests/vectors: the engine's vectors (arithmetic, rounding, ordering).
# tests/pyodide/vectors: values that cross from JS to Python (decimals, shapes, households).
VECTOR_DIRS = [
    folder
    for folder in (ROOT / "tests/vectors", Path(__file__).with_name("vectors"))
    if folder.is_dir()
]


def vector_files() -> list[Path]:
    return sorted(p for d in VECTOR_DIRS for p in d.glob("*.json"))


def cpython(vector: dict[str, Any]) -> dict[str, Any]:
    """What the worker would answer, computed by CPython: {ok, result} or {ok, error}."""
    answers = vector["answers"]
    try:
        profile = vector.get("profile")
        if isinstance(answers, list):
            result = scoring.score_household(vector["definition"], answers, profile=profile)
        else:
            result = scoring.score(
                vector["definition"], answers, vector.get("hints"), profile=profile
            )
        return {"ok": True, "result": result}
    except ValueError as error:
        return {"ok": False, "error": f"ValueError: {error}"}


@pytest.fixture(scope="session")
def shipped_runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("runtime-site")
    runtime.write_runtime(site, ROOT)
    return site / runtime.SITE_PYODIDE


@pytest.fixture(scope="session")
def pyodide_report(node: str, shipped_runtime: Path) -> dict[str, Any]:
    command = [node, str(RUNNER), "--runtime", str(shipped_runtime), "--modules"]
    command += ["--scoring", str(runtime.SCORING)]
    for folder in VECTOR_DIRS:
        command += ["--vectors", str(folder)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    # Node echoes the failing line of Pyodide's minified glue (tens of kB on one line): show
    # the readable lines and the command to rerun, not the glue.
    readable = [line for line in proc.stderr.splitlines() if len(line) < 2000]
    assert proc.returncode == 0, "\n".join(
        [f"node exited {proc.returncode}; rerun: {' '.join(command)}", *readable[-40:]]
    )
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def test_every_vector_ran(pyodide_report: dict[str, Any]) -> None:
    assert sorted(pyodide_report["results"]) == sorted(p.name for p in vector_files())
    assert len(pyodide_report["results"]) >= 3


@pytest.mark.parametrize("path", vector_files(), ids=lambda p: p.name)
def test_pyodide_matches_cpython(path: Path, pyodide_report: dict[str, Any]) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    in_browser = pyodide_report["results"][path.name]
    on_cpython = cpython(vector)
    assert in_browser == on_cpython
    if vector.get("expected") is not None:
        assert in_browser == {"ok": True, "result": vector["expected"]}


def test_a_refused_definition_reports_the_error_not_a_crash(
    pyodide_report: dict[str, Any],
) -> None:
    """The error path (traceback formatting) works on the trimmed stdlib too."""
    refused = pyodide_report["refused"]
    assert refused["ok"] is False
    assert refused["error"] == cpython({"definition": {"schema": -1}, "answers": {}})["error"]


def test_python_ran_from_the_shipped_bytecode(pyodide_report: dict[str, Any]) -> None:
    """Every stdlib module came from the trimmed zip's .pyc files: none was compiled from source
    at start-up, and none outside src/clearpicture/runtime/stdlib-keep.txt was needed."""
    _, keep = runtime.read_keep_list()
    loaded = set(pyodide_report["stdlib_files"])
    assert loaded
    assert loaded <= {entry + "c" for entry in keep}
