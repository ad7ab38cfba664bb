"""Quizzes v2 in every engine: a reader checks one question at a time (its verdict right above
its options, said by a live region) before checking the whole quiz for points; opens a hint
behind "Show a hint" and the result counts it; turns on "Remember my answers on this device",
comes back to their answers, sees the quiz on "Your progress" and a mark in the navigation,
and erases it all in one place. With the setting off nothing is kept; nothing ever leaves the
page. Without JavaScript: test_pages.py (no button shows that nothing would make work)."""

from __future__ import annotations

import pytest

from tests.browser.drivers import Driver
from tests.browser.privacy import assert_private
from tests.browser.test_quiz_runtime import (
    CORRECT,
    FORM,
    QUIZ,
    UNANSWERED,
    WRONG,
    scored,
    verdicts,
)
from tests.conftest import StaticServer

pytestmark = pytest.mark.browser

Q1 = f'{FORM} fieldset[data-cp-question="what-revoke-does"]'
Q3 = f'{FORM} fieldset[data-cp-question="what-to-remove"]'
SAID = f"{FORM} .cp-quiz__said"
HINTED_QUIZ = "/guides/permissions/"
HINTED = '#cp-quiz-permissions fieldset[data-cp-question="iphone-path"]'
KEPT = "() => Object.keys(localStorage).filter((k) => k.startsWith('clearpicture.')).sort()"
# The verdict line is above the first option, on the screen as in the document.
ABOVE = """(s) => { const f = document.querySelector(s);
  const verdict = f.querySelector('[data-cp-verdict]'), first = f.querySelector('.cp-opt');
  return Boolean(verdict.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)
    && verdict.getBoundingClientRect().bottom <= first.getBoundingClientRect().top; }"""


def pick(web: Driver, question: str, option: str, quiz: str = "connected-apps") -> None:
    web.click(f"label[for='cp-{quiz}-{question}-{option}']")


def explained(web: Driver, fieldset: str, option: str) -> bool:
    return web.visible(f'{fieldset} [data-cp-explain="{option}"]')


def test_check_one_question_then_the_whole_quiz(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open(QUIZ)
    web.wait_for(f"{Q1} .cp-q__check")
    # Checked with nothing chosen: asked for an answer, the right one not given away.
    web.click(f"{Q1} .cp-q__check")
    web.wait_for_text(f"{Q1} [data-cp-verdict]", "Choose an answer first, then check it.")
    # (Marked, not merely shown: past 20 s without scoring every explanation shows for good.)
    assert web.count(f"{Q1} [data-cp-reveal], {Q1} [data-cp-mark]") == 0

    pick(web, "what-revoke-does", "a")
    web.click(f"{Q1} .cp-q__check")
    web.wait_for_text(f"{Q1} [data-cp-verdict]", WRONG, exact=True)
    web.wait_for_text(SAID, WRONG, exact=True)  # the live region says it
    assert web.evaluate(ABOVE, Q1), "the verdict sits above the options it speaks of"
    assert explained(web, Q1, "a") and explained(web, Q1, "b")
    assert web.texts(f"{Q1} [data-cp-mark]") == ["Your answer: not right.", "A right answer."]
    assert verdicts(web)[1:] == ["", "", "", ""], "only the question checked speaks"
    assert not web.visible(f"{FORM} [data-cp-result]")

    # A new answer takes the old verdict away; checked again, it is right.
    pick(web, "what-revoke-does", "b")
    web.wait_for_text(f"{Q1} [data-cp-verdict]", "", exact=True)
    web.click(f"{Q1} .cp-q__check")
    web.wait_for_text(f"{Q1} [data-cp-verdict]", CORRECT, exact=True)
    web.wait_for_text(SAID, CORRECT, exact=True)

    # Multiple choice earns partial credit: 2 of 3 right picks, no wrong one.
    pick(web, "what-to-remove", "unknown")
    pick(web, "what-to-remove", "unused")
    web.click(f"{Q3} .cp-q__check")
    partly = "Partly right: 0.67 of 1 point. The marks below show which answers are right."
    web.wait_for_text(f"{Q3} [data-cp-verdict]", partly, exact=True)
    web.wait_for_text(SAID, partly, exact=True)

    # "Check my answers" still scores the whole quiz, in points.
    web.click(f"{FORM} [data-cp-command=score]")
    result = scored(web)
    assert "1.67 of 5 points (33%)" in result
    assert "1 of 5 correct, 1 partly right" in result
    assert "3 questions were not answered." in result
    assert verdicts(web) == [CORRECT, UNANSWERED, partly, UNANSWERED, UNANSWERED]
    assert_private(web, site_server, since, ["what-revoke-does", "what-to-remove", "unused"])


def test_a_hint_is_opened_on_request_and_counted(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open(HINTED_QUIZ)
    toggle = f"{HINTED} [data-cp-hint]"
    web.wait_for(toggle)
    assert web.text(toggle) == "Show a hint"
    assert (
        web.evaluate("(s) => document.querySelector(s).getAttribute('aria-expanded')", toggle)
        == "false"
    )
    assert not web.visible(f"{HINTED} .cp-q__hint")
    web.click(toggle)
    assert (
        web.evaluate("(s) => document.querySelector(s).getAttribute('aria-expanded')", toggle)
        == "true"
    )
    web.wait_for(f"{HINTED} .cp-q__hint")
    pick(web, "iphone-path", "privacy-security", quiz="permissions")
    web.click("#cp-quiz-permissions [data-cp-command=score]")
    result = scored(web, "#cp-quiz-permissions")
    assert "You opened 1 hint." in result
    assert "1 of 6 points" in result, "no penalty unless the quiz sets one"
    assert_private(web, site_server, since, ["iphone-path", "privacy-security"])


def test_remember_restore_progress_and_erase(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open(QUIZ)
    box = f"{FORM} input[id$=-remember]"
    web.wait_for(box)
    assert not web.evaluate("(s) => document.querySelector(s).checked", box), "off by default"
    pick(web, "what-revoke-does", "b")
    web.click(f"{FORM} [data-cp-command=score]")
    scored(web)
    assert web.evaluate(KEPT) == [], "with the setting off nothing is kept"

    web.check(box)
    web.wait_until(
        "() => (localStorage.getItem('clearpicture.quizzes.v1') || '')"
        ".includes('what-revoke-does')",
        what="the quiz kept",
    )
    assert web.evaluate(KEPT) == ["clearpicture.quizzes.v1", "clearpicture.remember.v1"]
    # Answered to the end and checked: the quiz is done, with its score and date.
    for question, option in (
        ("riskiest-kind", "data-access"),
        ("what-to-remove", "ai-tried-once"),
        ("admin-consent", "false"),
        ("google-list", "security-page"),
    ):
        pick(web, question, option)
    web.click(f"{FORM} [data-cp-command=score]")
    web.wait_for_text(f"{FORM} [data-cp-result]", "4.33 of 5 points")
    web.wait_until(
        "() => JSON.parse(localStorage.getItem('clearpicture.quizzes.v1')).quizzes"
        "['connected-apps'].outcome?.done === true",
        what="the outcome kept",
    )

    # Back later: the answers and the checks come back.
    web.reload()
    web.wait_for_text(f"{FORM} [data-cp-result]", "4.33 of 5 points")
    assert web.evaluate(
        "() => document.getElementById('cp-connected-apps-what-revoke-does-b').checked"
    )
    web.wait_for(".md-nav__link[href$='connected-apps/'] .cp-nav-done", "attached")

    web.open("/progress/")
    row = '[data-cp-progress-quiz="connected-apps"]'
    web.wait_for_text(f'{row} [data-cp-progress-cell="status"]', "Done", exact=True)
    assert web.text(f'{row} [data-cp-progress-cell="score"]') == "87% (4.33 of 5 points)"
    assert web.text(f'{row} [data-cp-progress-cell="date"]') != "–"
    assert web.text('[data-cp-progress-quiz="permissions"] [data-cp-progress-cell="status"]') == (
        "Not started"
    )
    # Erased in one place: everything, the setting with it.
    web.click("[data-cp-do=erase]")
    web.wait_for_text(".cp-progress__keep [role=status]", "erased")
    assert web.evaluate(KEPT) == []
    web.wait_for_text(f'{row} [data-cp-progress-cell="status"]', "Not started", exact=True)
    assert_private(
        web, site_server, since, ["what-revoke-does", "riskiest-kind", "data-access", "4.33"]
    )


SHUFFLED_QUIZ = "/guides/separation/"  # quizzes/separation.yml: shuffle: both
SHUFFLED = "#cp-quiz-separation"
DRAWN = """(s) => [...document.querySelectorAll(s + ' fieldset[data-cp-question]')].map((f) =>
  [f.dataset.cpQuestion,
   [...f.querySelectorAll('[data-cp-option]')].map((o) => o.dataset.cpOption)])"""


def test_shuffle_is_drawn_on_the_device_and_answers_are_kept_by_id(
    web: Driver, site_server: StaticServer
) -> None:
    since = len(site_server.hits)
    web.fresh(scripts=False)
    web.open(SHUFFLED_QUIZ)
    definition = web.evaluate(
        "(s) => JSON.parse(document.querySelector(s).dataset.cpDefinition)", SHUFFLED
    )
    authored = [[q["id"], q["options"]] for q in definition["questions"]]
    assert web.evaluate(DRAWN, SHUFFLED) == authored, "the page as built keeps the authored order"
    web.fresh()
    for _ in range(10):  # 5 questions and their options: the same draw ten times is ~1e-20
        web.open(SHUFFLED_QUIZ)
        web.wait_for(f"{SHUFFLED} .cp-q__check")
        drawn = web.evaluate(DRAWN, SHUFFLED)
        if drawn != authored:
            break
    else:
        pytest.fail("ten visits drew the authored order every time")
    assert sorted(q for q, _ in drawn) == sorted(q for q, _ in authored)
    for question, options in drawn:
        expected = dict(authored)[question]
        assert sorted(options) == sorted(expected)
        if options == ["true", "false"] or options == ["false", "true"]:
            assert options == expected, "true/false options never move"
    # Answered right, by id, in whatever order they were drawn.
    for question in definition["questions"]:
        for option in question["correct"]:
            web.click(f"label[for='cp-separation-{question['id']}-{option}']")
    web.click(f"{SHUFFLED} [data-cp-command=score]")
    assert "5 of 5 correct" in scored(web, SHUFFLED)
    assert_private(web, site_server, since, [q["id"] for q in definition["questions"]])


ORDERED = '#cp-quiz-household fieldset[data-cp-question="talk-order"]'
RIGHT_ORDER = ["open-gently", "own-story", "ask-listen", "three-rules", "check-in"]
ITEMS = "(s) => [...document.querySelectorAll(s + ' [data-cp-item]')].map((e) => e.dataset.cpItem)"
TYPED = '#cp-quiz-ai-and-money fieldset[data-cp-question="find-word"]'


def test_an_order_question_by_keyboard_alone(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open("/guides/household/")
    web.wait_for(f"{ORDERED} .cp-order__move")
    start = web.evaluate(ITEMS, ORDERED)
    assert sorted(start) == sorted(RIGHT_ORDER) and start != RIGHT_ORDER
    # Each item up to its place with Alt+ArrowUp; focus stays on the item that moved.
    for place, item in enumerate(RIGHT_ORDER):
        web.evaluate(
            "(s) => document.querySelector(s).focus()",
            f'{ORDERED} [data-cp-item="{item}"] [data-cp-move="-1"]',
        )
        for _ in range(len(RIGHT_ORDER)):
            if web.evaluate(ITEMS, ORDERED).index(item) == place:
                break
            web.press("Alt+ArrowUp")
            assert (
                web.evaluate(
                    "() => document.activeElement.closest('[data-cp-item]')?.dataset.cpItem"
                )
                == item
            )
    assert web.evaluate(ITEMS, ORDERED) == RIGHT_ORDER
    web.wait_for_text("#cp-quiz-household .cp-quiz__said", "now")  # "…: now 2 of 5."
    # Move down by its button, pressed with Enter, then back up: the answer is what shows.
    web.evaluate(
        "(s) => document.querySelector(s).focus()",
        f'{ORDERED} [data-cp-item="open-gently"] [data-cp-move="1"]',
    )
    web.press("Enter")
    assert web.evaluate(ITEMS, ORDERED)[:2] == ["own-story", "open-gently"]
    web.press("Alt+ArrowUp")
    for _ in range(2 * len(RIGHT_ORDER) + 2):  # past the move buttons to "Check this answer"
        web.press("Tab")
        if web.evaluate("() => document.activeElement.dataset.cpCheck") == "talk-order":
            break
    else:
        pytest.fail("Tab never reached the order question's check button")
    web.press("Enter")
    web.wait_for_text(f"{ORDERED} [data-cp-verdict]", CORRECT, exact=True)
    assert web.count(f"{ORDERED} .cp-opt__mark--right") == 5
    assert_private(web, site_server, since, [*RIGHT_ORDER, "talk-order"])


def test_a_typed_answer_fill_in(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    web.open("/guides/ai-and-money/")
    web.wait_for(f"{TYPED} .cp-q__check")
    web.type(f"{TYPED} input[type=text]", "  Training ")
    web.click(f"{TYPED} .cp-q__check")
    web.wait_for_text(f"{TYPED} [data-cp-verdict]", CORRECT, exact=True)
    assert_private(web, site_server, since, ["Training", "training"])
