"""Build and serve the site for the tests, the benchmark and the link tools: the real strict
mkdocs build into a folder, a static server on 127.0.0.1 that logs every request it serves, and
the Chromium every browser run uses (Debian's, never a downloaded one)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
# CLEARPICTURE_CHROMIUM points elsewhere where Chromium lives elsewhere (e.g. a CI image).
CHROMIUM = os.environ.get("CLEARPICTURE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


def build_site(dest: Path, config: Path | None = None) -> BuiltSite:
    """Run the real, strict mkdocs build into dest and return where it went."""
    config = config or ROOT / "mkdocs.yml"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        output = proc.stderr + proc.stdout
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{output}")
    return BuiltSite(dest, seconds, proc.stderr)


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".zip": "application/zip",
        ".ics": "text/calendar",
    }

    def log_message(self, format: str, *args: Any) -> None:
        self.server.access_log.append(format % args)  # type: ignore[attr-defined]


@dataclass
class StaticServer:
    base_url: str
    access_log: list[str]
    root: Path


@contextlib.contextmanager
def serve(root: Path) -> Iterator[StaticServer]:
    """Serve root on an ephemeral 127.0.0.1 port for the duration of the block."""
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.access_log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield StaticServer(f"http://{host}:{port!s}", httpd.access_log, root)  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
