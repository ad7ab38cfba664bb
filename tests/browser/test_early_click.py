"""A check button never does nothing: on a slow phone (CPU ×6 and 800 ms of network latency,
through the DevTools protocol) the reader ticks an answer and clicks the check button the
moment they can. Either the button is not there yet (the page has not wired it), or the click is
kept and answered once scoring is ready; never lost without a word, and the answer stays."""

from __future__ import annotations

from typing import Any

import pytest

from clearpicture import runtime
from tests.conftest import ROOT, BuiltSite, StaticServer, open_context

pytestmark = pytest.mark.browser

READY_MS = 180_000
FORMS = {
    "quiz": (
        "/guides/connected-apps/",
        "#cp-quiz-connected-apps",
        "label[for='cp-connected-apps-what-revoke-does-b']",
        "Your answers will be checked as soon as the scoring is ready.",
    ),
    "checklist": (
        "/checklist/",
        "#cp-quiz-exposure",
        "label[for='cp-exposure-last-review-no']",
        "Working out your exposure on this device…",
    ),
}


@pytest.fixture(scope="module", autouse=True)
def built_runtime(site: BuiltSite) -> None:
    runtime.write_runtime(site.root, ROOT)


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_a_click_on_check_before_the_page_is_wired_is_not_lost(
    browser: Any, server: StaticServer, kind: str
) -> None:
    path, form, option, kept = FORMS[kind]
    context, recorded = open_context(browser, server)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
        # And a slow network: the page's scripts arrive well after its HTML.
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 800, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        page.goto(server.base_url + path, wait_until="commit")
        # As soon as the HTML is there: an answer (a native radio) and the check button, which
        # Playwright clicks the moment it is visible and enabled.
        page.click(option)
        page.click(f"{form} [data-cp-command=score]")
        status = page.locator(f"{form} [data-cp-status]")
        result = page.locator(f"{form} [data-cp-result]")
        # The click was taken: the status says it is being worked on, or the result is there.
        page.wait_for_function(
            "([status, result, kept]) => document.querySelector(status).textContent === kept"
            " || !document.querySelector(result).hidden",
            arg=[f"{form} [data-cp-status]", f"{form} [data-cp-result]", kept],
            timeout=60_000,
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        result.wait_for(state="visible", timeout=READY_MS)
        assert status.inner_text() != kept
        # The answer ticked before the page was wired is the one that was checked.
        assert page.is_checked(f"#{page.get_attribute(option, 'for')}")
        assert [e for e in recorded.console_errors if e.startswith("pageerror")] == []
    finally:
        context.close()
