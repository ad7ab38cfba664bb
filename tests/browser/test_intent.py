"""When the scoring runtime loads (scoring-start.js), in Chromium and Firefox: not while a reader
reads a guide from the top, once a quiz comes within about a screen, at once when they arrive by
a link to a quiz or a question; while it downloads, the quiz's status says how far it is,
politely and without moving focus. In Chromium (the only engine with a data-saver setting),
data saver holds it back until the first answer and says what it will cost."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

import pytest

from clearpicture.runtime import manifest
from tests.browser.conftest import ENGINES
from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.drivers.firefox import FirefoxDriver
from tests.browser.privacy import assert_private, wait_for_quiet
from tests.browser.test_quiz_runtime import READY
from tests.conftest import BuiltSite, Recorded, StaticServer, open_context, serve

GUIDE = "/guides/connected-apps/"
FORM = "#cp-quiz-connected-apps"
PHONE = {"width": 390, "height": 844}
WAIT_S = 120
RUNTIME = ("/assets/pyodide/", "/assets/python/")
STARTED = "() => performance.getEntriesByName('cp-worker-start').length > 0"
# Data saver as Chromium reports it when the reader turns it on (Playwright cannot set it).
SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({saveData: true, effectiveType: "4g"})});"""
PROGRESS = re.compile(r"Getting the scoring ready: (\d+\.\d) of (\d+\.\d) MB\.")
RECORD_STATUS = """(form) => {
  window.__statuses = [];
  const node = document.querySelector(form + " [data-cp-status]");
  new MutationObserver(() => window.__statuses.push(node.textContent))
    .observe(node, {childList: true, characterData: true, subtree: true});
}"""
TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.fixture(params=ENGINES)
def reader_at(request: pytest.FixtureRequest) -> Iterator[Callable[[StaticServer], Driver]]:
    """make(server): a fresh reader at that server; in Chromium on a phone-sized viewport."""
    with ExitStack() as stack:

        def make(server: StaticServer) -> Driver:
            if request.param == "chromium":
                browser = request.getfixturevalue("browser")
                chromium = ChromiumDriver(browser, server, viewport=PHONE)
                stack.callback(chromium.close)
                return chromium
            firefox = FirefoxDriver(request.getfixturevalue("firefox"), server)
            stack.callback(firefox.close)
            return firefox

        yield make


def runtime_hits(server: StaticServer, since: int) -> list[str]:
    return [h.path for h in server.hits[since:] if urlsplit(h.path).path.startswith(RUNTIME)]


def settle(web: Driver, server: StaticServer) -> None:
    """Nothing more reaches the server, and the page has rendered twice since: any
    IntersectionObserver callback that was due has run."""
    wait_for_quiet(server)
    web.evaluate(TWO_FRAMES)


def scroll_quiz_to(web: Driver, screens: float) -> None:
    """Scroll so the quiz's top is that many viewport heights below the viewport's top."""
    web.evaluate(
        """(form, screens) => {
             const top = document.querySelector(form).getBoundingClientRect().top + scrollY;
             scrollTo(0, top - screens * innerHeight);
           }""",
        FORM,
        screens,
    )


def test_reading_from_the_top_fetches_no_runtime_until_the_quiz_is_near(
    reader_at: Callable[[StaticServer], Driver], site_server: StaticServer
) -> None:
    web = reader_at(site_server)
    since = len(site_server.hits)
    web.open(GUIDE)
    settle(web, site_server)
    assert not web.evaluate(STARTED)
    # Two screens below the bottom of the viewport: still reading, still nothing.
    scroll_quiz_to(web, 3)
    settle(web, site_server)
    assert not web.evaluate(STARTED)
    assert runtime_hits(site_server, since) == []
    # Within a screen of the viewport: the reader is about to reach it.
    scroll_quiz_to(web, 1.5)
    web.wait_until(READY, timeout=WAIT_S, what="scoring ready")
    assert "/assets/pyodide/pyodide.asm.wasm" in runtime_hits(site_server, since)
    assert_private(web, site_server, since, [])


@pytest.mark.parametrize("fragment", ["#quiz", "#cp-q-connected-apps-what-revoke-does"])
def test_arriving_by_a_link_to_a_quiz_or_a_question_starts_at_once(
    reader_at: Callable[[StaticServer], Driver], site_server: StaticServer, fragment: str
) -> None:
    web = reader_at(site_server)
    web.open(GUIDE + fragment)
    web.wait_until(READY, timeout=WAIT_S, what="scoring ready")


def test_download_progress_is_told_politely_in_network_bytes(
    reader_at: Callable[[StaticServer], Driver], site: BuiltSite
) -> None:
    shipped = manifest.build_manifest(site.root)
    # What the worker downloads itself (the module scripts come through the module loader),
    # compressed as this server compresses: gzip -6, as the build measures it.
    total = sum(f.gzip for f in shipped.files if not f.path.endswith(".mjs")) / 1e6
    with serve(site.root, compress=True, rate=1_500_000) as slow:
        web = reader_at(slow)
        web.open(GUIDE)
        settle(web, slow)
        web.evaluate(RECORD_STATUS, FORM)
        focused = web.evaluate("() => document.activeElement.tagName")
        scroll_quiz_to(web, 1)
        web.wait_until(READY, timeout=WAIT_S, what="scoring ready")
        statuses: list[str] = web.evaluate("() => window.__statuses")
        assert web.evaluate("() => document.activeElement.tagName") == focused
        # A polite live region: read out when the reader pauses, never interrupting.
        assert (
            web.evaluate(
                "(s) => document.querySelector(s).getAttribute('role')", f"{FORM} [data-cp-status]"
            )
            == "status"
        )
    told = [(float(m[1]), float(m[2])) for s in statuses if (m := PROGRESS.fullmatch(s))]
    assert told, f"no progress was shown: {statuses}"
    assert {t for _, t in told} == {round(total, 1)}
    assert [loaded for loaded, _ in told] == sorted(loaded for loaded, _ in told)
    assert statuses[-1] == "", "the status is cleared once scoring is ready"


@pytest.mark.browser
def test_data_saver_waits_for_the_first_answer_and_says_what_it_costs(
    site: BuiltSite, browser: Any, server: StaticServer
) -> None:
    context, recorded = open_context(browser, server, viewport=PHONE)
    try:
        context.add_init_script(SAVE_DATA)
        page = context.new_page()
        megabytes = manifest.build_manifest(site.root).gzip / 1e6
        # Opened at the quiz and scrolled through it: with data saver, neither starts it.
        page.goto(server.base_url + GUIDE + "#quiz")
        status = page.locator(f"{FORM} [data-cp-status]")
        expected = f"Scoring loads when you start answering (about {megabytes:.1f} MB to download)."
        assert status.inner_text() == expected
        scroll_quiz_to_page(page, 0)
        page.wait_for_load_state("networkidle")
        page.evaluate(TWO_FRAMES)
        assert not page.evaluate(STARTED)
        assert runtime_requests(recorded) == []
        # The first answer starts it; a check before it is ready waits, then shows the score.
        page.click("label[for='cp-connected-apps-what-revoke-does-b']")
        assert page.evaluate(STARTED)
        page.click(f"{FORM} [data-cp-command=score]")
        result = page.locator(f"{FORM} [data-cp-result]")
        result.wait_for(state="visible", timeout=WAIT_S * 1000)
        assert "1 of 5 correct" in result.inner_text()
    finally:
        context.close()


def scroll_quiz_to_page(page: Any, screens: float) -> None:
    page.evaluate(
        """([form, screens]) => {
             const top = document.querySelector(form).getBoundingClientRect().top + scrollY;
             scrollTo(0, top - screens * innerHeight);
           }""",
        [FORM, screens],
    )


def runtime_requests(recorded: Recorded) -> list[str]:
    paths = (urlsplit(r["url"]).path for r in recorded.requests)
    return [p for p in paths if p.startswith(RUNTIME)]
