"""The starter site, built from the wheel in a fresh environment without Node
(tests/package.py), scores its quiz in Chromium, and nothing the reader chose leaves the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.privacy import assert_private
from tests.conftest import StaticServer
from tests.harness import serve
from tests.package import starter_site

# The wheel and its environment may be made here first (tests/package.py): see test_package.py.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

FORM = "#cp-quiz-first-steps"


@pytest.fixture(scope="module")
def starter_server() -> Iterator[StaticServer]:
    with serve(starter_site().site) as running:
        yield running


def test_the_starter_quiz_scores_in_chromium(browser: Any, starter_server: StaticServer) -> None:
    web = ChromiumDriver(browser, starter_server)
    try:
        since = len(starter_server.hits)
        web.open("/guides/first-steps/")
        for option in ("manager-remembers", "second-step-code", "second-step-tap", "updates-false"):
            web.click(f"label[for='cp-first-steps-{option}']")
        web.click(f"{FORM} [data-cp-command=score]")
        web.wait_for(f"{FORM} [data-cp-result]")
        result = web.text(f"{FORM} [data-cp-result]")
        assert "3 of 3 correct" in result
        assert "Ready to start" in result
        assert_private(web, starter_server, since, ["manager-remembers", "second-step", "updates"])
    finally:
        web.close()
