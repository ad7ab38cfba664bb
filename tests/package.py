"""The engine as an outside site gets it: the wheel built from this checkout (build_backend/
prepares the Pyodide runtime into it, with Node), installed with its dependencies into a fresh
virtual environment, then `python -m clearpicture new` and `mkdocs build --strict` run there
with only that environment on PATH (no Node). Used by tests/build/test_package.py and
tests/browser/test_starter.py.

The wheel and its environment are kept under .cache/clearpicture/package/KEY, KEY naming the
content of every input of the wheel: a second run with nothing changed reuses both, and a
changed input gives a new key (older keys are removed)."""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from dataclasses import dataclass
from pathlib import Path

from tests.harness import ROOT

CACHE = ROOT / ".cache/clearpicture/package"
# Everything the wheel is made of.
INPUTS = ("pyproject.toml", "MANIFEST.in", "package-lock.json", "build_backend", "src",
          "docs/assets/javascripts", "docs/assets/stylesheets")  # fmt: skip
SKIP = {"__pycache__", "bundle", "clearpicture.egg-info"}


def content_key() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        top = ROOT / name
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            if path.is_file() and not SKIP.intersection(path.relative_to(ROOT).parts):
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Installed:
    """A fresh environment with the wheel installed, and how to run things in it."""

    wheel: Path
    env_dir: Path

    @property
    def bin(self) -> Path:
        return self.env_dir / "bin"

    def environ(self) -> dict[str, str]:
        """Only the environment's own bin on PATH: Node (in /usr/bin here) is out of reach."""
        home = os.environ.get("HOME", "/root")
        return {"PATH": str(self.bin), "HOME": home, "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "python"), *args],
            cwd=cwd,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


def _checked(command: list[str], what: str) -> None:
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"{what} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


@functools.cache
def installed() -> Installed:
    """The wheel of this checkout in a fresh environment (made once per content key)."""
    key = content_key()
    home = CACHE / key
    home.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one maker at a time; the others then reuse it
        done = home / "complete"
        if not done.is_file():
            shutil.rmtree(home / "dist", ignore_errors=True)
            shutil.rmtree(home / "env", ignore_errors=True)
            _checked(
                [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(home / "dist"), "."],
                "building the wheel",
            )
            venv.create(home / "env", with_pip=True)
            wheel = next((home / "dist").glob("clearpicture-*.whl"))
            _checked(
                [str(home / "env/bin/python"), "-m", "pip", "install", "--quiet",
                 "-c", str(ROOT / "constraints.txt"), str(wheel)],
                "installing the wheel",
            )  # fmt: skip
            done.touch()
        for stale in CACHE.iterdir():
            if stale.is_dir() and stale.name != key:
                shutil.rmtree(stale, ignore_errors=True)
    return Installed(next((home / "dist").glob("clearpicture-*.whl")), home / "env")


@dataclass(frozen=True)
class Starter:
    root: Path
    site: Path
    log: str


@functools.cache
def starter_site() -> Starter:
    """`python -m clearpicture new` then `mkdocs build --strict`, both in the fresh
    environment, in a scratch folder removed at exit (once per test session)."""
    env = installed()
    where = Path(tempfile.mkdtemp(prefix="clearpicture-starter-"))
    atexit.register(shutil.rmtree, where, ignore_errors=True)
    made = env.run("-m", "clearpicture", "new", "starter", cwd=where)
    assert made.returncode == 0, made.stderr
    root = where / "starter"
    built = env.run("-m", "mkdocs", "build", "--strict", cwd=root)
    assert built.returncode == 0, f"mkdocs build failed:\n{built.stderr}\n{built.stdout}"
    return Starter(root, root / "site", built.stderr)
