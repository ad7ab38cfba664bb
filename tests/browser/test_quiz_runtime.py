"""A reader takes a quiz, in every engine: by keyboard alone and by mouse, sees verdicts, the
explanations of what they chose and of the right answers, the score and its band, and nothing
the reader chose leaves the page (by mouse and at the quiz's section: in both builds, MkDocs' and
Zensical's). In Chromium only: a runtime that cannot start (it needs
request interception). Material's instant navigation keeping the one worker: test_navigation.py."""

from __future__ import annotations

import pytest

from clearpicture import runtime
from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.privacy import assert_private, wait_for_quiet
from tests.conftest import BUILDS, ROOT, BuiltSite, StaticServer

pytestmark = pytest.mark.browser

QUIZ = "/guides/connected-apps/"
FORM = "#cp-quiz-connected-apps"
# Expected text of each question's verdict, as the reader sees it.
CORRECT = "Correct."
# One right pick of three, no wrong one: 1/3 of the question's point (scoring-rules.md).
PARTIAL = "Partly right: 0.33 of 1 point. The marks below show which answers are right."
WRONG = "Not quite. The explanations below say why."
UNANSWERED = "Not answered. The right answer is marked below."
READY = "() => performance.getEntriesByName('cp-ready').length > 0"


@pytest.fixture(scope="module", autouse=True)
def built_runtime(site: BuiltSite) -> tuple[str, ...]:
    """What the build itself left unwritten of the runtime (nothing, when the hook runs).
    Writing it here lets the reader-facing tests run either way."""
    return runtime.write_runtime(site.root, ROOT).written


def scored(web: Driver, form: str = FORM) -> str:
    """The result's text, once it shows."""
    web.wait_for(f"{form} [data-cp-result]")
    return web.text(f"{form} [data-cp-result]")


def verdicts(web: Driver, form: str = FORM) -> list[str]:
    return web.texts(f"{form} [data-cp-verdict]")


def explained(web: Driver, question: str, option: str) -> bool:
    return web.visible(
        f'{FORM} fieldset[data-cp-question="{question}"] [data-cp-explain="{option}"]'
    )


def active(web: Driver) -> dict[str, str]:
    found: dict[str, str] = web.evaluate(
        "() => ({id: document.activeElement.id, cls: document.activeElement.className,"
        " command: document.activeElement.dataset.cpCommand || '',"
        " check: document.activeElement.dataset.cpCheck || ''})"
    )
    return found


def started_in_time(web: Driver) -> None:
    """Past SLOW_AFTER_MS (20 s) without scoring, quiz.js shows every explanation for good (with
    their links, which take Tab stops); on a machine busy enough for that, say so rather than
    fail on a focus or a folded explanation that cannot be what a ready page gives."""
    assert not web.evaluate(
        "(s) => document.querySelector(s).classList.contains('cp-quiz--unscored')", FORM
    ), "scoring took over 20 s to start, so every explanation is shown (scoring-client.js)"


def tab_to(web: Driver, key: str, value: str, limit: int = 40) -> None:
    """Press Tab until the focused element's `key` (of active()) starts with `value`."""
    for _ in range(limit):
        web.press("Tab")
        if active(web)[key].startswith(value):
            return
    pytest.fail(f"{limit} presses of Tab never reached {key} {value!r}")


def test_the_build_ships_the_runtime(built_runtime: tuple[str, ...]) -> None:
    assert built_runtime == (), "hooks.py on_post_build should call runtime.write_runtime"


def test_a_quiz_taken_by_keyboard_alone(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open(QUIZ)
    # Tab from the top of the page until the first option has focus: the quiz is reachable.
    for _ in range(300):
        web.press("Tab")
        if active(web)["id"] == "cp-connected-apps-what-revoke-does-a":
            break
    else:
        pytest.fail("Tab never reached the quiz's first option")
    web.press("ArrowDown")  # what-revoke-does: b (right)
    # Its own "Check this answer" comes next: the verdict shows above the options.
    web.press("Tab")
    started_in_time(web)  # else the shown explanations' "Read more" links take Tab stops
    assert active(web)["check"] == "what-revoke-does", active(web)
    web.press("Enter")
    web.wait_for_text(
        f'{FORM} fieldset[data-cp-question="what-revoke-does"] [data-cp-verdict]', CORRECT
    )
    tab_to(web, "id", "cp-connected-apps-riskiest-kind-")
    web.press("ArrowDown")  # riskiest-kind: data-access (right)
    tab_to(web, "id", "cp-connected-apps-what-to-remove-")
    web.press("Space")  # what-to-remove: unknown only (partly right)
    tab_to(web, "id", "cp-connected-apps-admin-consent-")
    web.press("Space")  # admin-consent: true (wrong); google-list: left unanswered
    tab_to(web, "command", "score")
    web.press("Enter")

    result = scored(web)
    assert "2 of 5 correct, 1 partly right" in result
    assert "Worth a second read" in result
    assert "1 question was not answered." in result
    assert "cp-quiz__result" in active(web)["cls"], "focus moves to the result"
    assert "2.33 of 5 points (47%)" in web.text(f"{FORM} [data-cp-status]")
    assert verdicts(web) == [CORRECT, CORRECT, PARTIAL, WRONG, UNANSWERED]
    started_in_time(web)
    # What was chosen and what was right are explained; other options stay folded.
    assert explained(web, "what-revoke-does", "b")
    assert not explained(web, "what-revoke-does", "a")
    assert explained(web, "admin-consent", "true")
    assert explained(web, "admin-consent", "false")
    assert explained(web, "google-list", "security-page")
    marks = web.texts(f'{FORM} fieldset[data-cp-question="admin-consent"] [data-cp-mark]')
    assert marks == ["Your answer: not right.", "A right answer."]

    # Start again, still by keyboard: back from the result to the reset button.
    web.press("Shift+Tab")
    assert active(web)["command"] == "reset"
    web.press("Enter")
    assert not web.visible(f"{FORM} [data-cp-result]")
    assert verdicts(web) == ["", "", "", "", ""]
    assert web.count(f"{FORM} input:checked") == 0
    assert not explained(web, "what-revoke-does", "b")
    assert active(web)["id"] == "cp-connected-apps-what-revoke-does-a"
    assert_private(web, site_server, since, ["what-revoke-does", "riskiest-kind", "data-access"])


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_a_quiz_taken_by_mouse(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open(QUIZ)
    # Answered at once, likely before the worker is ready: the request waits, it is not lost.
    chosen = [
        "what-revoke-does-b",
        "riskiest-kind-data-access",
        "what-to-remove-unknown",
        "what-to-remove-unused",
        "what-to-remove-ai-tried-once",
        "admin-consent-false",
        "google-list-security-page",
    ]
    for option in chosen:
        web.click(f"label[for='cp-connected-apps-{option}']")
    web.click(f"{FORM} [data-cp-command=score]")
    result = scored(web)
    assert "5 of 5 correct" in result
    assert "Ready to audit" in result
    assert verdicts(web) == [CORRECT] * 5
    assert web.count(f"{FORM} .cp-q__explain") == 5
    assert web.evaluate(
        "(s) => [...document.querySelectorAll(s)].every((e) => e.getClientRects().length > 0)",
        f"{FORM} .cp-q__explain",
    ), "every question's explanation shows once scored"
    web.click(f"{FORM} [data-cp-command=reset]")
    web.wait_for(f"{FORM} [data-cp-result]", "hidden")
    assert_private(web, site_server, since, ["riskiest-kind", "data-access", "security-page"])


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_answers_never_leave_the_page(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    # Opened at the quiz's own section, as its links do. Material's navigation.tracking writes
    # the section in view into the address bar, and Chromium fetches the favicon again on every
    # such change: opened at the top, the scroll to the result moved the address to #quiz and
    # that fetch landed after the click.
    web.open(QUIZ + "#quiz")
    web.wait_until(READY, what="scoring ready")
    chosen = {"riskiest-kind": "data-access", "what-to-remove": "ai-tried-once"}
    for question, option in chosen.items():
        web.click(f"label[for='cp-connected-apps-{question}-{option}']")
    # Everything the page load asked for (the favicon comes late on a busy machine) is in.
    wait_for_quiet(site_server)
    before, address = len(site_server.hits), web.url()
    web.click(f"{FORM} [data-cp-command=score]")
    assert "1 of 5 correct" in scored(web)
    assert site_server.hits[before:] == [], (
        f"checking answers made a request (address {address} -> {web.url()})"
    )
    # The worker's own requests reached the server too, so the check below covers them.
    paths = [hit.path for hit in site_server.hits[since:]]
    assert "/assets/pyodide/pyodide.asm.wasm" in paths
    assert "/assets/python/scoring.py" in paths
    assert_private(web, site_server, since, [*chosen, *chosen.values()])


def test_a_runtime_that_cannot_start_still_teaches(chromium_web: ChromiumDriver) -> None:
    web = chromium_web
    # The scoring module never arrives: the worker reports it could not start.
    web.context.route("**/assets/python/scoring.py", lambda route: route.abort())
    web.open(QUIZ + "#quiz")  # opened at the quiz: the worker starts at once
    web.wait_until(
        "(form) => document.querySelector(form).classList.contains('cp-quiz--unscored')",
        FORM,
        what="the quiz marked unscored",
    )
    assert "Scoring could not start" in web.text(f"{FORM} [data-cp-status]")
    assert explained(web, "what-revoke-does", "a")
    assert web.visible(f"{FORM} .cp-bands")
    web.click("label[for='cp-connected-apps-what-revoke-does-b']")
    web.click(f"{FORM} [data-cp-command=score]")
    assert "Scoring could not start" in web.text(f"{FORM} [data-cp-status]")
    assert not web.visible(f"{FORM} [data-cp-result]")
