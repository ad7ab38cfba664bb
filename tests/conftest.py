"""Shared fixtures: one real `mkdocs build` per session, a static server on 127.0.0.1 that
logs every request it serves, and Debian's Chromium driven by Playwright with every request
of every page (and worker) recorded."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    # CLEARPICTURE_MKDOCS_CONFIG builds another config, e.g. a trimmed one while developing.
    config = os.environ.get("CLEARPICTURE_MKDOCS_CONFIG")
    return build_site(tmp_path_factory.mktemp("site") / "site", Path(config) if config else None)


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


@pytest.fixture(scope="session")
def server(site: BuiltSite) -> Iterator[StaticServer]:
    with serve(site.root) as running:
        yield running


@dataclass
class Recorded:
    """What one browser context asked for and complained about."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.requests.clear()
        self.console_errors.clear()

    def foreign(self, origin: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if not same_origin(r["url"], origin)]


def same_origin(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:")):
        # data: and blob: URLs are made inside the page; nothing goes on the wire.
        return True
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_context(browser: Any, server: StaticServer, **options: Any) -> tuple[Any, Recorded]:
    """A fresh context that records every request (pages and workers alike) and every console
    error, and refuses to let anything leave loopback."""
    context = browser.new_context(**options)
    recorded = Recorded()

    def on_route(route: Any) -> None:
        request = route.request
        recorded.requests.append(
            {
                "url": request.url,
                "method": request.method,
                "headers": request.headers,
                "body": request.post_data,
                "type": request.resource_type,
            }
        )
        if same_origin(request.url, server.base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", on_route)

    def watch(page: Any) -> None:
        page.on(
            "console",
            lambda msg: recorded.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: recorded.console_errors.append(f"pageerror: {exc}"))

    context.on("page", watch)
    return context, recorded


@pytest.fixture
def context(browser: Any, server: StaticServer) -> Iterator[tuple[Any, Recorded]]:
    ctx, recorded = open_context(browser, server)
    try:
        yield ctx, recorded
    finally:
        ctx.close()


@pytest.fixture
def page(context: tuple[Any, Recorded]) -> Any:
    ctx, _ = context
    return ctx.new_page()


@pytest.fixture
def recorded(context: tuple[Any, Recorded]) -> Recorded:
    return context[1]


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is missing: Node 20 is needed for the Pyodide tier")
    return path
