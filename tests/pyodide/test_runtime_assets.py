"""What the build puts under assets/pyodide/ and assets/python/: only what the worker loads, the
stdlib trimmed and reproducible, scoring.py byte-identical, and a clear error when Pyodide is not
installed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from clearpicture import runtime
from tests.conftest import ROOT
from tests.runtime_files import RUNTIME_FILES

SHIPPED = set(RUNTIME_FILES)


def files_under(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_the_site_gets_only_what_the_worker_loads(tmp_path: Path) -> None:
    report = runtime.write_runtime(tmp_path, ROOT)
    assert files_under(tmp_path) == SHIPPED
    assert set(report.written) == SHIPPED
    scoring = (tmp_path / "assets/python/scoring.py").read_bytes()
    assert scoring == (ROOT / "src/clearpicture/scoring.py").read_bytes()
    lock = json.loads((tmp_path / "assets/pyodide/pyodide-lock.json").read_text())
    assert lock["packages"] == {}
    assert lock["info"]["python"].startswith("3.")


def test_the_stdlib_is_the_listed_files_as_bytecode_and_reproducible(tmp_path: Path) -> None:
    runtime.write_runtime(tmp_path / "a", ROOT)
    runtime.write_runtime(tmp_path / "b", ROOT)
    first = (tmp_path / "a/assets/pyodide/python_stdlib.zip").read_bytes()
    assert first == (tmp_path / "b/assets/pyodide/python_stdlib.zip").read_bytes()
    # Compiled afresh rather than taken from .cache/, it is the same bytes too.
    _, keep = runtime.read_keep_list()
    assert runtime.compiled_stdlib(ROOT, keep) == first
    with zipfile.ZipFile(tmp_path / "a/assets/pyodide/python_stdlib.zip") as trimmed:
        assert sorted(trimmed.namelist()) == sorted(entry + "c" for entry in keep)
        assert {info.date_time for info in trimmed.infolist()} == {runtime.ZIP_EPOCH}


def test_a_second_run_rewrites_nothing(tmp_path: Path) -> None:
    runtime.write_runtime(tmp_path, ROOT)
    again = runtime.write_runtime(tmp_path, ROOT)
    assert again.written == ()
    assert set(again.unchanged) == SHIPPED


def test_missing_pyodide_names_the_fix(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(runtime.RuntimeAssetsError, match=r"npm ci"):
        runtime.write_runtime(tmp_path / "site", root)


def test_a_keep_list_from_another_pyodide_names_the_fix(tmp_path: Path) -> None:
    keep_list = tmp_path / "stdlib-keep.txt"
    text = runtime.KEEP_LIST.read_text()
    version = runtime.pyodide_version(ROOT)
    keep_list.write_text(text.replace(f"# pyodide {version}", "# pyodide 0.1"))
    with pytest.raises(runtime.RuntimeAssetsError, match=r"prepare_runtime\.py --discover"):
        runtime.write_runtime(tmp_path / "site", ROOT, keep_list)
