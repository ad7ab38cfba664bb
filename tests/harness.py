"""Build and serve the site for the tests and the benchmark (`python -m scripts.bench_quiz`): the
real strict mkdocs build into a folder (clearpicture/sitebuild.py, which the anchors command
uses too), a static server on 127.0.0.1 that logs every request it serves, and the Chromium
every browser run uses (Debian's, never a downloaded one)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from clearpicture import sitebuild
from clearpicture.sitebuild import BuiltSite

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "BuiltSite", "StaticServer", "build_site", "serve"]

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


def build_site(dest: Path, config: Path | None = None) -> BuiltSite:
    """Run the real, strict mkdocs build into dest and return where it went; a failed build
    fails the test with mkdocs' output."""
    try:
        return sitebuild.build_site(dest, config or ROOT / "mkdocs.yml", cwd=ROOT)
    except sitebuild.BuildFailed as failed:
        raise AssertionError(str(failed)) from None


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
