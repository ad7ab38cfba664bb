"""Material's instant navigation, in every engine: moving between guides, quizzes and the
checklist swaps pages in one realm, so the tab keeps one scoring worker (Pyodide is fetched and
started once), each quiz and the checklist are wired once on arrival, and no script the new page
brings is refused by the CSP. Instant navigation only engages at an origin with no port
(Material keeps the sitemap's port when it maps sitemap.xml to the page's host), so this runs
at the `portless` server: port 80 of a random loopback address."""

from __future__ import annotations

import pytest

from clearpicture.scoring import score
from tests.browser.drivers import Driver
from tests.browser.privacy import assert_private
from tests.browser.test_checklist import answer, definition, expect_matches, secrets_of, show
from tests.browser.test_quiz_runtime import FORM, QUIZ, READY, scored
from tests.conftest import StaticServer

pytestmark = pytest.mark.browser

OTHER_QUIZ = "/guides/permissions/"
SIDEBAR = ".md-sidebar--primary"
SAME_PAGE = "() => window.__cpSamePage === true"
MINE = {"banking-profile": "no", "location": "unsure"}
# Material's bundle starts on the reader's first interaction (material-start.js) and follows
# links instantly once it has read sitemap.xml: a test's first click waits for both, as a
# reader's first click on a link comes after a look around the page.
INSTANT_READY = """() => document.documentElement.dataset.cpMaterial === "started"
  && performance.getEntriesByType("resource").some((e) => e.name.endsWith("/sitemap.xml"))"""


def follow(web: Driver, path: str) -> None:
    """Click the sidebar's link to a page and wait until it is the page shown."""
    web.click(f"{SIDEBAR} a[href$='{path}']")
    web.wait_until("(path) => location.pathname === path", path, what=f"arrival at {path}")


def test_instant_navigation_keeps_one_worker(web: Driver, portless: StaticServer) -> None:
    since = len(portless.hits)
    web.open(QUIZ + "#quiz")  # opened at the quiz: the worker starts at once
    web.wait_until(READY, what="scoring ready")
    web.press("Shift")  # the reader's first interaction: Material's bundle starts
    web.wait_until(INSTANT_READY, what="Material started, sitemap read")
    # A full page load would drop this; instant navigation swaps the page and keeps it.
    web.evaluate("() => { window.__cpSamePage = true; }")

    # Away to a page without a quiz and on to another quiz.
    follow(web, "/guides/start-here/")
    follow(web, OTHER_QUIZ)
    other = "form.cp-quiz[data-cp-kind=quiz]"
    web.wait_for(f"{other}[data-cp-wired]", "attached")  # quiz.js saw the new page
    web.click(f"{other} fieldset[data-cp-question] input")
    web.click(f"{other} [data-cp-command=score]")
    assert " correct" in scored(web, other)

    # And back to the first quiz, whose form is a new one from the fetched page.
    web.back()
    web.wait_until("() => location.pathname === '/guides/start-here/'", what="back")
    web.back()
    web.wait_for(f"{FORM}[data-cp-wired]", "attached")
    web.click("label[for='cp-connected-apps-what-revoke-does-b']")
    web.click(f"{FORM} [data-cp-command=score]")
    assert "1 of 5 correct" in scored(web)

    # The checklist, twice: set up once on each arrival, scored by the same worker.
    for _ in range(2):
        follow(web, "/checklist/")
        web.wait_for(".cp-setup")
        assert web.count(".cp-setup") == 1
        answer(web, MINE)
        show(web)
        expect_matches(web, score(definition(web), MINE))
        follow(web, "/guides/glossary/")

    assert web.evaluate(SAME_PAGE), "a full reload happened, not instant navigation"
    assert web.evaluate("() => performance.getEntriesByName('cp-worker-start').length") == 1
    fetched = [hit.path for hit in portless.hits[since:]]
    assert fetched.count("/assets/javascripts/quiz-worker.js") == 1
    assert fetched.count("/assets/pyodide/pyodide.asm.wasm") == 1
    # No complaint in the console: no inline script re-created by Material was refused.
    assert_private(web, portless, since, secrets_of(MINE))
