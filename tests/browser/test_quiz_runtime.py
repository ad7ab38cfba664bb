"""A reader takes a quiz in real Chromium: by keyboard alone and by mouse, sees verdicts, the
explanations of what they chose and of the right answers, the score and its band; Material's
instant navigation keeps the one scoring worker; and nothing the reader chose leaves the page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from clearpicture import runtime
from tests.conftest import ROOT, BuiltSite, Recorded, StaticServer

pytestmark = pytest.mark.browser

QUIZ = "/guides/connected-apps/"
FORM = "#cp-quiz-connected-apps"
OTHER_QUIZ = "/guides/permissions/"
# Expected text of each question's verdict, as the reader sees it.
CORRECT = "Correct."
PARTIAL = "Partly right: some of your choices are right, not all."
WRONG = "Not quite. The explanations below say why."
UNANSWERED = "Not answered. The right answer is marked below."
READY_MS = 60_000


@pytest.fixture(scope="module", autouse=True)
def built_runtime(site: BuiltSite) -> tuple[str, ...]:
    """What the build itself left unwritten of the runtime (nothing, when the hook runs).
    Writing it here lets the reader-facing tests run either way."""
    return runtime.write_runtime(site.root, ROOT).written


def scored(page: Any, form: str = FORM) -> Any:
    result = page.locator(f"{form} [data-cp-result]")
    result.wait_for(state="visible", timeout=READY_MS)
    return result


def verdicts(page: Any, form: str = FORM) -> list[str]:
    return [t.strip() for t in page.locator(f"{form} [data-cp-verdict]").all_text_contents()]


def explanation(page: Any, question: str, option: str) -> Any:
    return page.locator(
        f'{FORM} fieldset[data-cp-question="{question}"] [data-cp-explain="{option}"]'
    )


def active(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => ({id: document.activeElement.id, cls: document.activeElement.className,"
        " command: document.activeElement.dataset.cpCommand || ''})"
    )


def test_the_build_ships_the_runtime(built_runtime: tuple[str, ...]) -> None:
    assert built_runtime == (), "hooks.py on_post_build should call runtime.write_runtime"


def test_a_quiz_taken_by_keyboard_alone(page: Any, server: StaticServer) -> None:
    page.goto(server.base_url + QUIZ)
    # Tab from the top of the page until the first option has focus: the quiz is reachable.
    for _ in range(300):
        page.keyboard.press("Tab")
        if active(page)["id"] == "cp-connected-apps-what-revoke-does-a":
            break
    else:
        pytest.fail("Tab never reached the quiz's first option")
    page.keyboard.press("ArrowDown")  # what-revoke-does: b (right)
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # riskiest-kind: data-access (right)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # what-to-remove: unknown only (partly right)
    for _ in range(4):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # admin-consent: true (wrong)
    page.keyboard.press("Tab")  # google-list: left unanswered
    page.keyboard.press("Tab")
    assert active(page)["command"] == "score"
    page.keyboard.press("Enter")

    result = scored(page)
    assert "2 of 5 correct" in result.inner_text()
    assert "Worth a second read" in result.inner_text()
    assert "1 question was not answered." in result.inner_text()
    assert "cp-quiz__result" in active(page)["cls"], "focus moves to the result"
    assert "2 of 5 correct" in page.locator(f"{FORM} [role=status]").inner_text()
    assert verdicts(page) == [CORRECT, CORRECT, PARTIAL, WRONG, UNANSWERED]
    # What was chosen and what was right are explained; other options stay folded.
    assert explanation(page, "what-revoke-does", "b").is_visible()
    assert not explanation(page, "what-revoke-does", "a").is_visible()
    assert explanation(page, "admin-consent", "true").is_visible()
    assert explanation(page, "admin-consent", "false").is_visible()
    assert explanation(page, "google-list", "security-page").is_visible()
    marks = page.locator(f'{FORM} fieldset[data-cp-question="admin-consent"] [data-cp-mark]')
    assert marks.all_text_contents() == ["Your answer: not right.", "A right answer."]

    # Start again, still by keyboard: back from the result to the reset button.
    page.keyboard.press("Shift+Tab")
    assert active(page)["command"] == "reset"
    page.keyboard.press("Enter")
    assert page.locator(f"{FORM} [data-cp-result]").is_hidden()
    assert verdicts(page) == ["", "", "", "", ""]
    assert page.locator(f"{FORM} input:checked").count() == 0
    assert not explanation(page, "what-revoke-does", "b").is_visible()
    assert active(page)["id"] == "cp-connected-apps-what-revoke-does-a"


def test_a_quiz_taken_by_mouse(page: Any, server: StaticServer) -> None:
    page.goto(server.base_url + QUIZ)
    # Answered at once, likely before the worker is ready: the request waits, it is not lost.
    for option in (
        "what-revoke-does-b",
        "riskiest-kind-data-access",
        "what-to-remove-unknown",
        "what-to-remove-unused",
        "what-to-remove-ai-tried-once",
        "admin-consent-false",
        "google-list-security-page",
    ):
        page.click(f"label[for='cp-connected-apps-{option}']")
    page.click(f"{FORM} [data-cp-command=score]")
    result = scored(page)
    assert "5 of 5 correct" in result.inner_text()
    assert "Ready to audit" in result.inner_text()
    assert verdicts(page) == [CORRECT] * 5
    question_explanations = page.locator(f"{FORM} .cp-q__explain")
    assert all(question_explanations.nth(i).is_visible() for i in range(5))
    page.click(f"{FORM} [data-cp-command=reset]")
    assert result.is_hidden()


def serve_sitemap_for(ctx: Any, server: StaticServer) -> None:
    """Material navigates instantly only to pages its sitemap.xml lists, matched on host and
    port; the built sitemap names the public site_url, so point it at the test server."""

    def rewrite(route: Any) -> None:
        body = route.fetch().text()
        route.fulfill(
            body=re.sub(r"(<loc>|href=\")https?://[^/<\"]+", rf"\g<1>{server.base_url}", body),
            content_type="application/xml",
        )

    ctx.route("**/sitemap.xml", rewrite)


def test_instant_navigation_keeps_one_worker(
    page: Any, server: StaticServer, context: tuple[Any, Recorded]
) -> None:
    ctx, recorded = context
    serve_sitemap_for(ctx, server)
    page.goto(server.base_url + QUIZ)
    page.wait_for_function(
        "() => performance.getEntriesByName('cp-ready').length > 0", timeout=READY_MS
    )
    page.evaluate("() => { window.__samePage = true; }")
    # Away to a page without a quiz and on to another quiz, through Material's navigation.
    # Material's instant navigation makes the links absolute.
    page.click(".md-sidebar--primary a[href$='/guides/start-here/']")
    page.wait_for_url(re.compile(r"/guides/start-here/$"))
    page.click(f".md-sidebar--primary a[href$='{OTHER_QUIZ}']")
    page.wait_for_url(re.compile(re.escape(OTHER_QUIZ) + "$"))
    assert page.evaluate("() => window.__samePage === true"), "a full reload happened"
    other = "form.cp-quiz[data-cp-kind=quiz]"
    page.locator(f"{other}[data-cp-wired]").wait_for()  # quiz.js saw the new page
    page.locator(f"{other} fieldset[data-cp-question] input").first.check()
    page.locator(f"{other} [data-cp-command=score]").click()
    assert " correct" in scored(page, other).inner_text()
    # And back to the first quiz, whose form is a new one from the fetched page.
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(re.escape(QUIZ) + "$"))
    page.locator(f"{FORM}[data-cp-wired]").wait_for()
    page.click("label[for='cp-connected-apps-what-revoke-does-b']")
    page.click(f"{FORM} [data-cp-command=score]")
    assert "1 of 5 correct" in scored(page).inner_text()
    assert page.evaluate("() => window.__samePage === true")

    def fetched(name: str) -> int:
        return sum(1 for r in recorded.requests if urlsplit(r["url"]).path.endswith(name))

    assert fetched("/quiz-worker.js") == 1
    assert fetched("/pyodide.asm.wasm") == 1
    assert recorded.console_errors == []


INLINE_REFUSED = "Executing inline script violates"


def test_instant_navigation_executes_no_inline_script(
    page: Any, server: StaticServer, context: tuple[Any, Recorded]
) -> None:
    ctx, recorded = context
    serve_sitemap_for(ctx, server)
    page.goto(server.base_url + "/guides/start-here/")
    page.wait_for_load_state("networkidle")
    page.click(".md-sidebar--primary a[href$='/guides/connected-apps/']")
    page.locator(f"{FORM}[data-cp-wired]").wait_for()
    assert [e for e in recorded.console_errors if e.startswith(INLINE_REFUSED)] == []


def test_answers_never_leave_the_page(page: Any, server: StaticServer, recorded: Recorded) -> None:
    # Opened at the quiz's own section, as its links do. Material's navigation.tracking writes
    # the section in view into the address bar, and Chromium fetches the favicon again on every
    # such change (with routing on, Playwright disables the cache): opened at the top, the
    # scroll to the result moved the address to #quiz and that fetch landed after the click.
    page.goto(server.base_url + QUIZ + "#quiz")
    page.wait_for_function(
        "() => performance.getEntriesByName('cp-ready').length > 0", timeout=READY_MS
    )
    chosen = {"riskiest-kind": "data-access", "what-to-remove": "ai-tried-once"}
    for question, option in chosen.items():
        page.click(f"label[for='cp-connected-apps-{question}-{option}']")
    # Everything the page load asked for (the favicon comes late on a busy machine) is in.
    page.wait_for_load_state("networkidle")
    address = page.url
    before = len(recorded.requests)
    page.click(f"{FORM} [data-cp-command=score]")
    assert "1 of 5 correct" in scored(page).inner_text()
    assert recorded.requests[before:] == [], (
        f"checking answers made a request (address {address} -> {page.url})"
    )

    # The worker's own requests are in the log too, so the checks below cover them.
    paths = [urlsplit(r["url"]).path for r in recorded.requests]
    assert any(p.endswith("/assets/pyodide/pyodide.asm.wasm") for p in paths)
    assert any(p.endswith("/assets/python/scoring.py") for p in paths)
    assert recorded.foreign(server.base_url) == []
    assert {r["method"] for r in recorded.requests} == {"GET"}
    secrets = set(chosen) | set(chosen.values())
    for request in recorded.requests:
        sent = " ".join([request["url"], *request["headers"].values(), request["body"] or ""])
        assert not [s for s in secrets if s in sent], request["url"]


def test_a_runtime_that_cannot_start_still_teaches(
    page: Any, server: StaticServer, context: tuple[Any, Recorded]
) -> None:
    ctx, _ = context
    # The scoring module never arrives: the worker reports it could not start.
    ctx.route("**/assets/python/scoring.py", lambda route: route.abort())
    page.goto(server.base_url + QUIZ)
    status = page.locator(f"{FORM} [role=status]")
    page.wait_for_function(
        "(form) => document.querySelector(form).classList.contains('cp-quiz--unscored')",
        arg=FORM,
        timeout=READY_MS,
    )
    assert "Scoring could not start" in status.inner_text()
    assert explanation(page, "what-revoke-does", "a").is_visible()
    assert page.locator(f"{FORM} .cp-bands").is_visible()
    page.click("label[for='cp-connected-apps-what-revoke-does-b']")
    page.click(f"{FORM} [data-cp-command=score]")
    assert "Scoring could not start" in status.inner_text()
    assert page.locator(f"{FORM} [data-cp-result]").is_hidden()
