"""Build and serve the site for the tests and the benchmark (`python -m scripts.bench_quiz`): the
real strict mkdocs build into a folder (clearpicture/sitebuild.py, which the anchors command
uses too), a static server on loopback that logs every request it serves (line, headers and
body), and the Chromium every browser run uses (Debian's, never a downloaded one)."""

from __future__ import annotations

import contextlib
import errno
import functools
import gzip
import http.server
import io
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from clearpicture import sitebuild
from clearpicture.sitebuild import BuiltSite

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ROOT",
    "BuiltSite",
    "Hit",
    "StaticServer",
    "build_site",
    "build_zensical_site",
    "serve",
    "serve_portless",
]

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


# What a site's source is: Zensical builds a copy of it, so its cache (.cache/ beside the
# config) starts empty in every test session and never touches the checkout's.
SOURCE = ("mkdocs.yml", "docs", "quizzes", "overrides")


def build_zensical_site(workdir: Path) -> BuiltSite:
    """The same source built by Zensical, then `python -m clearpicture finish` (the project's
    `make build ENGINE=zensical`), in a copy of the source under workdir; the site lands in
    workdir/site. A failed build fails the test with both steps' output."""
    for name in SOURCE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name)
        else:
            shutil.copy2(source, workdir / name)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "clearpicture", "build", "--engine", "zensical"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise AssertionError(
            f"zensical build failed ({proc.returncode}):\n{proc.stderr}{proc.stdout}"
        )
    return BuiltSite(workdir / "site", seconds, proc.stderr)


@dataclass(frozen=True)
class Hit:
    """One request as the server received it: what a server's log could hold about a reader."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


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
    _body = b""

    def log_message(self, format: str, *args: Any) -> None:
        self.server.access_log.append(format % args)  # type: ignore[attr-defined]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        super().log_request(code, size)
        self.server.hits.append(  # type: ignore[attr-defined]
            Hit(self.command, self.path, dict(self.headers.items()), self._body, int(code))
        )

    def _refuse(self) -> None:
        """A static site answers nothing but GET and HEAD; read the body first so the log
        shows what the page tried to send."""
        length = int(self.headers.get("Content-Length") or 0)
        self._body = self.rfile.read(length) if length else b""
        self.send_error(405)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _refuse

    # Bytes per second each response is sent at (0: as fast as it goes): a slow connection.
    rate: ClassVar[int] = 0

    def copyfile(self, source: Any, outputfile: Any) -> None:
        if not self.rate:
            super().copyfile(source, outputfile)
            return
        while chunk := source.read(16384):
            outputfile.write(chunk)
            time.sleep(len(chunk) / self.rate)


class _GzipHandler(_Handler):
    """As static hosts serve (GitHub Pages, Netlify, most CDNs): text, JavaScript, JSON and
    WebAssembly gzip-compressed for a browser that accepts it, at gzip's default level."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "application/wasm")
    COMPRESSED += ("application/xml", "image/svg+xml", "application/zip")
    _cache: ClassVar[dict[tuple[str, int], bytes]] = {}
    _lock = threading.Lock()

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and os.path.isfile(path) and kind.startswith(self.COMPRESSED)):
            return super().send_head()
        stat = os.stat(path)
        with self._lock:  # compressed once per file version, not per request
            body = self._cache.get((path, stat.st_mtime_ns))
            if body is None:
                body = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
                self._cache[(path, stat.st_mtime_ns)] = body
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class StaticServer:
    base_url: str
    access_log: list[str]
    root: Path
    hits: list[Hit] = field(default_factory=list)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser left the page while a file was on its way: nothing to report
        super().handle_error(request, client_address)


def _server(
    root: Path, host: str, port: int, kind: type[_Handler] = _Handler
) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(kind, directory=str(root))
    httpd = _Server((host, port), handler)
    httpd.access_log = []  # type: ignore[attr-defined]
    httpd.hits = []  # type: ignore[attr-defined]
    return httpd


@contextlib.contextmanager
def _running(httpd: http.server.ThreadingHTTPServer, root: Path) -> Iterator[StaticServer]:
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        base_url = f"http://{host}" if port == 80 else f"http://{host}:{port!s}"
        yield StaticServer(base_url, httpd.access_log, root, httpd.hits)  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def serve(root: Path, *, compress: bool = False, rate: int = 0) -> Iterator[StaticServer]:
    """Serve root on an ephemeral 127.0.0.1 port for the duration of the block; compress:
    gzip as static hosts do (the Lighthouse run measures the site so); rate: send each
    response at that many bytes per second, as over a slow connection."""
    kind = type("Handler", (_GzipHandler if compress else _Handler,), {"rate": rate})
    with _running(_server(root, "127.0.0.1", 0, kind), root) as running:
        yield running


@contextlib.contextmanager
def serve_portless(root: Path, tries: int = 20) -> Iterator[StaticServer]:
    """Serve root at an origin with no port: port 80 of a random loopback address in
    127.0.0.0/8 (Linux routes the whole block to lo), so test runs beside each other do not
    take the same one. Material's instant navigation only engages at such an origin. Raises
    PermissionError where port 80 cannot be bound (not root, no CAP_NET_BIND_SERVICE)."""
    for _ in range(tries):
        host = "127.{}.{}.{}".format(*(random.randint(1, 254) for _ in range(3)))
        try:
            httpd = _server(root, host, 80)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                continue  # another run holds this address: draw again
            raise
        with _running(httpd, root) as running:
            yield running
        return
    raise OSError(f"no free loopback address for port 80 after {tries} tries")
