"""What the shipped runtime weighs and which version it is, told to the browser: the build fills
it into `assets/javascripts/runtime-manifest.js`, which the page reads for the data-saver notice
("about 5.1 MB") and the quiz worker for its download progress and its cache's name.

Sizes are measured on the files in the built site, never hard-coded; the gzip figure (what a
host that compresses sends) is computed once per runtime version and kept in `.cache/`."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

# The runtime's files, site-relative, in the order the worker needs them. Module scripts
# (.mjs) are loaded by the browser's module loader; the others the worker fetches itself.
FILES = (
    "assets/pyodide/pyodide.mjs",
    "assets/pyodide/pyodide.asm.mjs",
    "assets/pyodide/pyodide.asm.wasm",
    "assets/pyodide/python_stdlib.zip",
    "assets/pyodide/pyodide-lock.json",
    "assets/python/scoring.py",
)
MANIFEST_JS = Path("assets/javascripts/runtime-manifest.js")
# The source declares `RUNTIME = /* clearpicture:runtime-manifest */ null /* end */;`: the
# build replaces what lies between the two comments, so filling it again is harmless.
_SLOT = re.compile(r"(/\* clearpicture:runtime-manifest \*/).*?(/\* end \*/)", re.S)
GZIP_LEVEL = 6  # the default of gzip and of most servers that compress


class ManifestError(Exception):
    """The site's runtime-manifest.js has no slot to fill: it was edited by hand."""


@dataclass(frozen=True)
class RuntimeFile:
    path: str
    bytes: int
    gzip: int


@dataclass(frozen=True)
class RuntimeManifest:
    version: str
    files: tuple[RuntimeFile, ...]

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def gzip(self) -> int:
        return sum(f.gzip for f in self.files)

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "bytes": self.bytes,
            "gzip": self.gzip,
            "files": [{"path": f.path, "bytes": f.bytes, "gzip": f.gzip} for f in self.files],
        }


def build_manifest(site_dir: Path, cache_dir: Path | None = None) -> RuntimeManifest:
    """The manifest of the runtime as written into site_dir (runtime.write_runtime first)."""
    digest = hashlib.sha256()
    contents: list[tuple[str, bytes]] = []
    for rel in FILES:
        data = (site_dir / rel).read_bytes()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
        contents.append((rel, data))
    version = digest.hexdigest()[:16]
    sizes = _gzip_sizes(version, contents, cache_dir)
    files = tuple(RuntimeFile(rel, len(data), sizes[rel]) for rel, data in contents)
    return RuntimeManifest(version, files)


def _gzip_sizes(
    version: str, contents: list[tuple[str, bytes]], cache_dir: Path | None
) -> dict[str, int]:
    # gzip -6 of 12 MB takes about half a second: once per runtime version, not per rebuild.
    cached = cache_dir / f"runtime-gzip-{version}.json" if cache_dir else None
    if cached and cached.is_file():
        sizes: dict[str, int] = json.loads(cached.read_text(encoding="utf-8"))
        if set(sizes) == {rel for rel, _ in contents}:
            return sizes
    sizes = {rel: len(gzip.compress(data, GZIP_LEVEL, mtime=0)) for rel, data in contents}
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(sizes, sort_keys=True), encoding="utf-8")
        for stale in cached.parent.glob("runtime-gzip-*.json"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    return sizes


def publish(site_dir: Path, manifest: RuntimeManifest) -> bool:
    """Fill the manifest into the site's runtime-manifest.js; False when the site has none (a
    site without the quiz scripts). True when the file holds the manifest."""
    target = site_dir / MANIFEST_JS
    if not target.is_file():
        return False
    text = target.read_text(encoding="utf-8")
    if not _SLOT.search(text):
        raise ManifestError(
            f"{MANIFEST_JS}: no '/* clearpicture:runtime-manifest */ … /* end */' slot to fill "
            "— restore it from docs/assets/javascripts/runtime-manifest.js"
        )
    value = json.dumps(manifest.to_json(), sort_keys=True)
    filled = _SLOT.sub(lambda m: f"{m.group(1)} {value} {m.group(2)}", text, count=1)
    if filled != text:
        target.write_text(filled, encoding="utf-8")
    return True
