"""Shared fixtures: one real `mkdocs build` per session, a static server on 127.0.0.1 that
logs every request it serves, and Debian's Chromium driven by Playwright with every request
of every page (and worker) recorded. Building and serving live in tests/harness.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    BuiltSite,
    StaticServer,
    build_site,
    build_zensical_site,
    serve,
)

__all__ = ["ROOT", "BuiltSite", "StaticServer", "build_site", "serve"]


@pytest.fixture(scope="session")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    # CLEARPICTURE_MKDOCS_CONFIG builds another config, e.g. a trimmed one while developing.
    config = os.environ.get("CLEARPICTURE_MKDOCS_CONFIG")
    return build_site(tmp_path_factory.mktemp("site") / "site", Path(config) if config else None)


@pytest.fixture(scope="session")
def site(mkdocs_site: BuiltSite) -> BuiltSite:
    """The site as MkDocs builds it (`make build`): what most tests read."""
    return mkdocs_site


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same source built by Zensical then `finish` (`make build ENGINE=zensical`), once
    per session."""
    return build_zensical_site(tmp_path_factory.mktemp("zensical"))


# The engines the same source builds with (dev/decisions/two-engines.md).
BUILDS = ["mkdocs", "zensical"]


@pytest.fixture(params=BUILDS)
def engine_site(request: pytest.FixtureRequest) -> BuiltSite:
    """Each build in turn, for the output checks both must pass."""
    built: BuiltSite = request.getfixturevalue(f"{request.param}_site")
    return built


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

    # Requests a service worker makes are reported too (Chromium; read when the driver starts).
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_context(
    browser: Any, server: StaticServer, *, intercept: bool = True, **options: Any
) -> tuple[Any, Recorded]:
    """A fresh context that records every request (pages and workers alike) and every console
    error, and refuses to let anything leave loopback. The site's service worker is blocked
    unless options allow it, and requests are intercepted unless intercept=False: a service
    worker and Playwright's interception do not mix (routed requests skip the worker), so the
    offline flows (tests/browser/test_offline.py) watch every request instead, the service
    worker's own included, and assert that none went elsewhere."""
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    recorded = Recorded()

    def record(request: Any) -> None:
        recorded.requests.append(
            {
                "url": request.url,
                "method": request.method,
                "headers": request.headers,
                "body": request.post_data,
                "type": request.resource_type,
            }
        )

    def on_route(route: Any) -> None:
        record(route.request)
        if same_origin(route.request.url, server.base_url):
            route.continue_()
        else:
            route.abort()

    if intercept:
        context.route("**/*", on_route)
    else:
        context.on("request", record)

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
