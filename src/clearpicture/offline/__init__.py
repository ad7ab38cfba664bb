"""The offline copy of a built site: `service-worker.js` at the site root, written after every
build with the build's pages and assets (each with its sha256, for the worker's integrity
check) and the runtime's files, and cache names derived from their contents, so a new deploy
gets new caches and the old ones are deleted. The worker itself is `service-worker.js` beside
this file; why it works as it does: dev/decisions/offline.md."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from clearpicture.runtime.manifest import RuntimeManifest
from clearpicture.tree import files_under

TEMPLATE = Path(__file__).resolve().parent / "service-worker.js"
WORKER = "service-worker.js"
_SLOT = re.compile(r"(/\* clearpicture:build \*/).*?(/\* end \*/)", re.S)

# Never fetched ahead: the runtime (the quiz worker stores it on first use), source maps (for
# developers), the search's other languages (Material loads them only for a non-English site,
# and wordcut.js alone is 0.7 MB) and compressed copies of files that are listed anyway.
SKIPPED_DIRS = ("assets/pyodide/", "assets/python/", "assets/javascripts/lunr/")
SKIPPED_SUFFIXES = (".map", ".gz")


@dataclass(frozen=True)
class OfflineBuild:
    site: str
    runtime: str
    files: dict[str, str]  # URL path relative to the site root -> "sha256-…"
    runtime_files: tuple[str, ...]
    precache_bytes: int

    def to_json(self) -> dict[str, object]:
        return {
            "site": self.site,
            "runtime": self.runtime,
            "files": self.files,
            "runtimeFiles": list(self.runtime_files),
        }


def url_path(rel: str) -> str:
    """The path a reader's browser asks for: directory URLs for index pages."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def precached(rel: str) -> bool:
    return not (
        rel == WORKER
        or rel.startswith(SKIPPED_DIRS)
        or PurePosixPath(rel).suffix in SKIPPED_SUFFIXES
    )


def integrity(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def collect(site_dir: Path, runtime: RuntimeManifest) -> OfflineBuild:
    """What the service worker of this build caches, read from the finished site."""
    files: dict[str, str] = {}
    total = 0
    for rel in files_under(site_dir):
        if not precached(rel):
            continue
        with open(os.path.join(site_dir, rel), "rb") as file:
            data = file.read()
        files[url_path(rel)] = integrity(data)
        total += len(data)
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode())
    digest.update(runtime.version.encode())
    return OfflineBuild(
        site=digest.hexdigest()[:16],
        runtime=runtime.version,
        files=files,
        runtime_files=tuple(f.path for f in runtime.files),
        precache_bytes=total,
    )


def write(site_dir: Path, runtime: RuntimeManifest) -> OfflineBuild:
    """Write service-worker.js into site_dir for the site as it is now (call it last)."""
    build = collect(site_dir, runtime)
    template = TEMPLATE.read_text(encoding="utf-8")
    value = json.dumps(build.to_json(), sort_keys=True, separators=(",", ":"))
    worker, count = _SLOT.subn(lambda m: f"{m.group(1)} {value} {m.group(2)}", template, count=1)
    if count != 1:
        raise RuntimeError(f"{TEMPLATE}: the /* clearpicture:build */ … /* end */ slot is gone")
    target = site_dir / WORKER
    if not target.is_file() or target.read_text(encoding="utf-8") != worker:
        target.write_text(worker, encoding="utf-8")
    return build
