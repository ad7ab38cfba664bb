"""The real, strict `mkdocs build` of a config into a folder, run as its own process with
mkdocs' own logging: what `python -m clearpicture anchors` reads a site from, and what the tests
and the benchmark build with (tests/harness.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


class BuildFailed(Exception):
    """The build stopped; the message holds mkdocs' own output, which names the fix."""


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    seconds: float
    log: str

    def pages(self) -> list[Path]:
        """Every HTML page a reader can open (the 404 page included)."""
        return sorted(p for p in self.root.rglob("*.html"))

    def url_path(self, page: Path) -> str:
        rel = page.relative_to(self.root).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def build_site(dest: Path, config: Path, cwd: Path | None = None) -> BuiltSite:
    """Run the strict build of config into dest (from cwd, by default the config's folder:
    messages name files relative to it) and return where it went."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=cwd or config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        output = proc.stderr + proc.stdout
        raise BuildFailed(f"mkdocs build failed ({proc.returncode}):\n{output}")
    return BuiltSite(dest, seconds, proc.stderr)
