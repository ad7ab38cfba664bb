"""Fixtures of the flows that run in every engine (dev/decisions/browser-tiers.md): `web`, a
tab of a fresh reader in Chromium (marker `browser`) and in Firefox (marker `firefox`), at
`site_server`, the built site served at an origin without a port where the machine allows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.drivers.firefox import FIREFOX, Firefox, FirefoxDriver, launch
from tests.conftest import BuiltSite, StaticServer
from tests.harness import serve, serve_portless

ENGINES = [
    pytest.param("chromium", marks=pytest.mark.browser),
    pytest.param("firefox", marks=pytest.mark.firefox),
]


@pytest.fixture(scope="session")
def portless_server(site: BuiltSite) -> Iterator[StaticServer | str]:
    """The site at http://127.A.B.C (port 80 of a random loopback address), or why not."""
    try:
        with serve_portless(site.root) as running:
            yield running
    except OSError as error:
        yield f"port 80 of a loopback address cannot be bound here ({error}); CI runs as root"


@pytest.fixture(scope="session")
def build(request: pytest.FixtureRequest) -> str:
    """Which build of the site the shared flows read: MkDocs', unless the test is parametrised
    over both (`@pytest.mark.parametrize("build", BUILDS, indirect=True)`)."""
    return str(getattr(request, "param", "mkdocs"))


@pytest.fixture(scope="session")
def built(build: str, request: pytest.FixtureRequest) -> BuiltSite:
    """The build the flow reads, as files."""
    site: BuiltSite = request.getfixturevalue(f"{build}_site")
    return site


@pytest.fixture(scope="session")
def zensical_server(zensical_site: BuiltSite) -> Iterator[StaticServer]:
    with serve(zensical_site.root) as running:
        yield running


@pytest.fixture(scope="session")
def site_server(
    portless_server: StaticServer | str,
    server: StaticServer,
    build: str,
    request: pytest.FixtureRequest,
) -> StaticServer:
    """Where the shared flows read the site: at the port-less origin, as instant navigation
    needs (see `portless`), else on the usual ephemeral port. Zensical's build: on its own
    ephemeral port."""
    if build == "zensical":
        zensical: StaticServer = request.getfixturevalue("zensical_server")
        return zensical
    return server if isinstance(portless_server, str) else portless_server


@pytest.fixture
def portless(portless_server: StaticServer | str) -> StaticServer:
    """For flows that need Material's instant navigation, which only engages at an origin with
    no port: skips, saying why, where port 80 cannot be bound."""
    if isinstance(portless_server, str):
        pytest.skip(portless_server)
    return portless_server


@pytest.fixture(scope="session")
def firefox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Firefox]:
    if not Path(FIREFOX).exists():
        pytest.fail(f"{FIREFOX} is missing: apt-get install -y firefox-esr (make test does this)")
    with launch(tmp_path_factory.mktemp("firefox")) as running:
        yield running


@pytest.fixture(params=ENGINES)
def web(request: pytest.FixtureRequest, site_server: StaticServer) -> Iterator[Driver]:
    """A fresh reader's tab at site_server, in each engine in turn."""
    driver: Any
    if request.param == "chromium":
        driver = ChromiumDriver(request.getfixturevalue("browser"), site_server)
        yield driver
        driver.close()
    else:
        driver = FirefoxDriver(request.getfixturevalue("firefox"), site_server)
        yield driver
        driver.close()


@pytest.fixture
def chromium_web(browser: Any, server: StaticServer) -> Iterator[ChromiumDriver]:
    """A fresh reader's tab in Chromium only, for what only Playwright can do (request
    interception, downloads, print, emulation); web.page and web.context are Playwright's."""
    driver = ChromiumDriver(browser, server)
    yield driver
    driver.close()
