"""What only the Firefox tier watches: the console messages Firefox prints for the site's own
runtime. The known ones (drivers/firefox.py KNOWN_MESSAGES) are let through the flows' console
check by their exact text, so this test pins each: when Firefox or Pyodide changes and a known
message is worded differently, is printed another number of times, or goes away, it fails and
says to look at the list again (a changed warning is news; a gone one should leave the list)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.drivers import Driver
from tests.browser.drivers.firefox import KNOWN_MESSAGES, TRY_DEPRECATION, Firefox, FirefoxDriver
from tests.browser.test_quiz_runtime import QUIZ, READY
from tests.conftest import StaticServer

pytestmark = [pytest.mark.browser, pytest.mark.firefox]


@pytest.fixture
def firefox_web(firefox: Firefox, site_server: StaticServer) -> Iterator[Driver]:
    driver = FirefoxDriver(firefox, site_server)
    yield driver
    driver.close()


def test_the_known_pyodide_warning_is_still_exactly_what_we_know(
    firefox: Firefox, firefox_web: Driver
) -> None:
    web = firefox_web
    web.open(QUIZ + "#quiz")  # opened at the quiz: the worker starts at once
    web.wait_until(READY, what="scoring ready")
    site = [(m.level, m.text, m.source) for m in web.console() if m.origin == "site"]
    assert site == [("warning", TRY_DEPRECATION, "")], (
        f"Firefox {firefox.version} printed other messages of the site's own than the known"
        " warning, once, from the quiz worker: update KNOWN_MESSAGES in"
        f" tests/browser/drivers/firefox.py (and the note above it) if this is expected. {site}"
    )
    assert KNOWN_MESSAGES == (TRY_DEPRECATION,), "each known message needs a test like this one"
