"""Material's bundle starts on the reader's first interaction (material-start.js;
dev/decisions/material-on-interaction.md), in every engine: a page read without touching it
never fetches the bundle, yet shows its search button and palette switch; the FIRST key press
of a search shortcut opens search, and the first click on the palette switch switches it."""

from __future__ import annotations

import pytest

from tests.browser.drivers import Driver
from tests.conftest import StaticServer

pytestmark = pytest.mark.browser

GUIDE = "/guides/connected-apps/"
SEARCH_FOCUSED = (
    "() => document.activeElement !== null"
    " && document.activeElement.matches('.md-search__input')"
    " && document.getElementById('__search').checked"
)
SEARCH_SHOWN = "() => getComputedStyle(document.querySelector('.md-search')).display !== 'none'"
STARTED = "() => document.documentElement.dataset.cpMaterial === 'started'"


def bundle_requests(server: StaticServer, since: int) -> list[str]:
    return [h.path for h in server.hits[since:] if "/assets/javascripts/bundle." in h.path]


def arrived(web: Driver) -> None:
    """The page is read: the site's own scripts set it up (links.js's buttons)."""
    web.wait_for("button.cp-copy-link", "attached")
    # The header shows what Material shows once it runs: its search (hidden without scripts),
    # one palette switch.
    web.wait_until(SEARCH_SHOWN, what="the header's search shown")
    assert web.count("[data-md-component=palette] label:not([hidden])") == 1


def test_reading_fetches_no_bundle_and_the_first_slash_opens_search(
    web: Driver, site_server: StaticServer
) -> None:
    since = len(site_server.hits)
    web.open(GUIDE)
    arrived(web)
    assert web.evaluate("() => document.documentElement.dataset.cpMaterial") is None
    assert bundle_requests(site_server, since) == []

    web.press("/")  # the first interaction of all
    web.wait_until(SEARCH_FOCUSED, what="search opened by the first '/'")
    web.type(".md-search__input", "privacy")
    web.wait_for(".md-search-result__item")
    assert len(bundle_requests(site_server, since)) == 1
    assert web.complaints() == []


def test_the_first_s_opens_search(web: Driver, site_server: StaticServer) -> None:
    web.open("/")
    web.wait_until(SEARCH_SHOWN, what="the header's search shown")
    web.press("s")
    web.wait_until(SEARCH_FOCUSED, what="search opened by the first 's'")


def test_the_first_click_on_the_palette_switch_switches_it(
    web: Driver, site_server: StaticServer
) -> None:
    web.open(GUIDE)
    arrived(web)
    scheme = web.evaluate("() => document.body.dataset.mdColorScheme")
    web.click("[data-md-component=palette] label:not([hidden])")
    web.wait_until(STARTED, what="Material started")
    other = "slate" if scheme == "default" else "default"
    web.wait_until(
        "(other) => document.body.dataset.mdColorScheme === other", other, what="palette switched"
    )
    assert web.count("[data-md-component=palette] label:not([hidden])") == 1
