"""The browser runtime inside the built site: the Pyodide files the quiz worker loads, with a
standard library trimmed to what booting Pyodide and running the scoring module imports (as
bytecode), and a byte-identical copy of `scoring.py`. Called by the build hook after each build.

Its data lives beside it: `stdlib-keep.txt` (the stdlib files kept, recorded by
`scripts/prepare_runtime.py --discover`) and `compile_stdlib.mjs` (Pyodide compiles them)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from clearpicture.problems import display_path

# Where things come from: this package, and (relative to the project root) npm's Pyodide and the
# cache; where they go, relative to the site dir.
HERE = Path(__file__).resolve().parent
SCORING = HERE.parent / "scoring.py"
KEEP_LIST = HERE / "stdlib-keep.txt"
COMPILER = HERE / "compile_stdlib.mjs"
PYODIDE_DIR = Path("node_modules/pyodide")
CACHE_DIR = Path(".cache/clearpicture")
SITE_PYODIDE = Path("assets/pyodide")
SITE_PYTHON = Path("assets/python")
# An installed wheel carries the runtime already prepared (build_backend/): copied from here,
# with no Node and no node_modules. Absent in a source checkout.
PREPARED = HERE.parent / "bundle"
# Where a site without node_modules of its own finds Pyodide: the plugin sets this to the source
# checkout it is installed from (`pip install -e`), if that has node_modules. None: no fallback.
FALLBACK_ROOT: Path | None = None

# Copied as they are: the loader, the Emscripten glue and the interpreter itself.
COPIED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"

# The trimmed zip's entries carry this timestamp (compile_stdlib.mjs sets it).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class RuntimeAssetsError(Exception):
    """Something the developer must fix before the site can carry its quiz runtime."""


@dataclass(frozen=True)
class RuntimeReport:
    """What `write_runtime` did: site-relative paths it wrote or found up to date, and sizes."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    stdlib_bytes: int
    stock_stdlib_bytes: int

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(sorted(self.written + self.unchanged))


def pyodide_version(root: Path) -> str:
    package = root / PYODIDE_DIR / "package.json"
    if not package.is_file():
        raise RuntimeAssetsError(
            f"{root / PYODIDE_DIR} is missing: run `npm ci` in {root} "
            "(package.json pins the Pyodide the site ships)"
        )
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    assert isinstance(version, str)
    return version


def read_keep_list(path: Path = KEEP_LIST) -> tuple[str, list[str]]:
    """The Pyodide version the list was recorded with, and the stdlib zip entries to keep."""
    version = ""
    entries: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# pyodide "):
            version = line.removeprefix("# pyodide ").strip()
        elif line and not line.startswith("#"):
            entries.append(line)
    return version, entries


def compiled_stdlib(root: Path, keep: list[str]) -> bytes:
    """The kept stdlib files as bytecode, compiled by Pyodide itself under Node; same bytes on
    every run. Bytecode spares the browser compiling ~140 modules at every start."""
    stock = root / PYODIDE_DIR / STDLIB
    with zipfile.ZipFile(stock) as source:
        missing = sorted(set(keep) - set(source.namelist()))
    if missing:
        raise RuntimeAssetsError(
            f"{display_path(KEEP_LIST)}: {len(missing)} file(s) are not in Pyodide's {STDLIB} "
            f"(first: {missing[0]}); after changing Pyodide, run "
            "`python scripts/prepare_runtime.py --discover`"
        )
    node = shutil.which("node")
    if node is None:
        raise RuntimeAssetsError(
            "node is missing: the build compiles Pyodide's standard library with Node 20+ "
            "(the same Node that runs `npm ci`)"
        )
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / STDLIB
        command = [node, str(COMPILER), "--pyodide", str(root / PYODIDE_DIR)]
        command += ["--out", str(out), *keep]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if proc.returncode != 0 or not out.is_file():
            raise RuntimeAssetsError(
                f"{display_path(COMPILER)} failed ({proc.returncode}): "
                f"{proc.stderr.strip()[-2000:]}"
            )
        return out.read_bytes()


def reduced_lock(stock: bytes) -> bytes:
    """The lock file with its `info` and no packages: the site installs none, and the loader
    needs only the header (120 kB less to fetch)."""
    lock = json.loads(stock)
    return (json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True) + "\n").encode()


def _cached_stdlib(root: Path, keep: list[str]) -> bytes:
    # Compiling takes a few seconds; `mkdocs serve` empties the site dir on every rebuild, so
    # the result is kept in .cache/ under a key naming every input.
    key = hashlib.sha256(pyodide_version(root).encode())
    for part in (root / PYODIDE_DIR / STDLIB, COMPILER):
        key.update(hashlib.sha256(part.read_bytes()).digest())
    key.update("\n".join(keep).encode())
    cached = root / CACHE_DIR / f"python_stdlib-{key.hexdigest()[:16]}.zip"
    if cached.is_file():
        return cached.read_bytes()
    data = compiled_stdlib(root, keep)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(cached)
    # Older compilations (another Pyodide or keep list) are dead weight: keep only this one.
    for stale in cached.parent.glob("python_stdlib-*.zip"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return data


def _put_bytes(target: Path, data: bytes) -> bool:
    """Write data unless target already holds it; True when written."""
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _put_copy(source: Path, target: Path) -> bool:
    """Copy source unless target is already a copy of it (same size and mtime)."""
    there = target.stat() if target.is_file() else None
    here = source.stat()
    if there and there.st_size == here.st_size and there.st_mtime_ns == here.st_mtime_ns:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def prepared_files(prepared: Path = PREPARED) -> list[Path]:
    """The runtime files an installed wheel carries, relative to prepared; [] in a checkout."""
    names = [SITE_PYODIDE / name for name in (*COPIED, STDLIB, LOCK)]
    names.append(SITE_PYTHON / "scoring.py")
    return names if all((prepared / name).is_file() for name in names) else []


def write_runtime(site_dir: Path, root: Path, keep_list: Path = KEEP_LIST) -> RuntimeReport:
    """Put the Pyodide runtime and the scoring module into site_dir; skip what is up to date.
    root: the project, whose node_modules holds Pyodide and whose .cache keeps the stdlib;
    not needed when the installed package carries the runtime prepared (PREPARED)."""
    if prepared := prepared_files():
        changed = {rel: _put_copy(PREPARED / rel, site_dir / rel) for rel in prepared}
        return RuntimeReport(
            written=tuple(rel.as_posix() for rel, done in changed.items() if done),
            unchanged=tuple(rel.as_posix() for rel, done in changed.items() if not done),
            stdlib_bytes=(PREPARED / SITE_PYODIDE / STDLIB).stat().st_size,
            stock_stdlib_bytes=0,
        )
    if not (root / PYODIDE_DIR).is_dir() and FALLBACK_ROOT is not None:
        root = FALLBACK_ROOT
    version = pyodide_version(root)
    pyodide = root / PYODIDE_DIR
    keep_version, keep = read_keep_list(keep_list)
    if keep_version != version:
        raise RuntimeAssetsError(
            f"{display_path(keep_list)} was recorded with Pyodide {keep_version or '?'} but "
            f"node_modules has {version}: run `python scripts/prepare_runtime.py --discover`"
        )

    written: list[str] = []
    unchanged: list[str] = []

    def record(rel: Path, changed: bool) -> None:
        (written if changed else unchanged).append(rel.as_posix())

    for name in COPIED:
        source = pyodide / name
        if not source.is_file():
            raise RuntimeAssetsError(f"{source} is missing: run `npm ci` in {root}")
        record(SITE_PYODIDE / name, _put_copy(source, site_dir / SITE_PYODIDE / name))

    stdlib = _cached_stdlib(root, keep)
    record(SITE_PYODIDE / STDLIB, _put_bytes(site_dir / SITE_PYODIDE / STDLIB, stdlib))
    lock = reduced_lock((pyodide / LOCK).read_bytes())
    record(SITE_PYODIDE / LOCK, _put_bytes(site_dir / SITE_PYODIDE / LOCK, lock))
    record(SITE_PYTHON / "scoring.py", _put_copy(SCORING, site_dir / SITE_PYTHON / "scoring.py"))

    return RuntimeReport(
        written=tuple(written),
        unchanged=tuple(unchanged),
        stdlib_bytes=len(stdlib),
        stock_stdlib_bytes=(pyodide / STDLIB).stat().st_size,
    )
