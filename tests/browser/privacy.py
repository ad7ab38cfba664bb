"""The privacy check every flow ends with, in every engine: the test server's own log is all a
host could ever learn (line, headers, body), so it must hold only same-origin GETs of the site's
static files with nothing the reader chose in them; and the engine saw no request to any other
origin (drivers/: Chromium's network log, Firefox's own request observer)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.browser.drivers import WAIT_S, Driver
from tests.conftest import StaticServer
from tests.harness import Hit


def static_file(root: Path, path: str) -> Path | None:
    """The file a request path names under the site root, or None."""
    target = root / unquote(urlsplit(path).path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() and root in target.resolve().parents else None


def assert_static_gets(server: StaticServer, hits: list[Hit]) -> None:
    assert hits, "the server saw no request"
    host = urlsplit(server.base_url).netloc
    for hit in hits:
        assert hit.method == "GET", hit
        assert not urlsplit(hit.path).query, f"a query string reached the server: {hit.path}"
        assert hit.headers.get("Host") == host, hit
        # 304: Chromium revalidates what its cache holds (its workers' requests are cached).
        assert hit.status in (200, 304), f"{hit.status} for {hit.path}"
        assert static_file(server.root, hit.path), f"not a file of the site: {hit.path}"


def assert_private(web: Driver, server: StaticServer, since: int, secrets: list[str]) -> None:
    """Since server.hits[since]: only static same-origin GETs, no secret in any request line,
    header or body, nothing sent to another origin, and no complaint in the console."""
    hits = server.hits[since:]
    assert_static_gets(server, hits)
    for hit in hits:
        sent = " ".join([hit.path, *hit.headers.keys(), *hit.headers.values()])
        sent += hit.body.decode("utf-8", "replace")
        leaked = [secret for secret in secrets if secret in sent]
        assert not leaked, (leaked, hit)
    assert web.foreign_requests() == []
    assert web.complaints() == []


def wait_for_quiet(server: StaticServer, quiet: float = 0.5, timeout: float = WAIT_S) -> None:
    """Wait until the server has received nothing for `quiet` seconds: Playwright's
    "networkidle", judged on the server's own log so it means the same in every engine."""
    deadline = time.monotonic() + timeout
    seen, since = len(server.hits), time.monotonic()
    while time.monotonic() - since < quiet:
        assert time.monotonic() < deadline, f"the server never went quiet for {quiet} s"
        time.sleep(0.05)
        if len(server.hits) != seen:
            seen, since = len(server.hits), time.monotonic()
