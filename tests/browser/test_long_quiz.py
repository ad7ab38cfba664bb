"""A very long quiz (more questions than a result draws at once, quiz.js AT_ONCE): its result box
(score, band) shows and takes focus first, then every question gets its verdict and the points
per question are listed; a question the reader changes meanwhile is left without a verdict.
How fast is the benchmark's (`python -m scripts.bench_quiz --big 1000`), never asserted here.
Chromium only: the long page is made by request interception."""

from __future__ import annotations

import pytest

from scripts.bench_quiz import big_quiz
from tests.browser.drivers.chromium import ChromiumDriver
from tests.conftest import BuiltSite

pytestmark = pytest.mark.browser

QUIZ = "/guides/connected-apps/"
FORM = 'form.cp-quiz[data-cp-kind="quiz"]'
QUESTIONS = 120  # over AT_ONCE (50), so most verdicts are drawn after the result box shows

# Answers every question, then scores. When the result box shows (a MutationObserver runs before
# the next task, so before any later slice), the first question's answer changes, as a reader's
# would: quiz.js must not draw the now stale verdict on it.
ANSWER_SCORE_AND_CHANGE = """(form) => {
  form = document.querySelector(form);
  const fieldsets = [...form.querySelectorAll("fieldset[data-cp-question]")];
  for (const fieldset of fieldsets) fieldset.querySelector("input").click();
  const result = form.querySelector("[data-cp-result]");
  new MutationObserver((_, observer) => {
    if (result.hidden) return;
    observer.disconnect();
    const first = fieldsets[0];
    window.__changedBeforeDrawn = !first.hasAttribute("data-cp-status-of");
    const other = first.querySelectorAll("input")[1];
    other.click();
  }).observe(result, { attributes: true, attributeFilter: ["hidden"] });
  form.querySelector('[data-cp-command="score"]').click();
}"""


def test_a_long_quiz_shows_its_result_then_every_verdict(
    chromium_web: ChromiumDriver, site: BuiltSite
) -> None:
    web = chromium_web
    page = big_quiz((site.root / "guides/connected-apps/index.html").read_text("utf-8"), QUESTIONS)
    web.context.route(
        f"{web.origin}{QUIZ}",
        lambda route: route.fulfill(body=page, content_type="text/html; charset=utf-8"),
    )
    web.open(QUIZ + "#quiz")  # opened at the quiz: scoring starts at once
    assert web.count(f"{FORM} fieldset[data-cp-question]") == QUESTIONS
    long = "(f) => document.querySelector(f).classList.contains('cp-quiz--long')"
    assert web.evaluate(long, FORM)
    web.wait_until(
        "() => performance.getEntriesByName('cp-ready').length > 0", what="scoring ready"
    )

    web.evaluate(ANSWER_SCORE_AND_CHANGE, FORM)
    web.wait_for(f"{FORM} [data-cp-result]")
    assert f"of {QUESTIONS}" in web.text(f"{FORM} [data-cp-result]")  # the score, of all
    assert web.evaluate("() => document.activeElement.matches('[data-cp-result]')")
    assert web.evaluate("() => window.__changedBeforeDrawn"), "drawn before the box showed"

    # Then every other question's verdict, and the points per question, listed in full.
    web.wait_until(
        "(f) => document.querySelectorAll(f + ' fieldset[data-cp-status-of]').length === "
        f"{QUESTIONS - 1}",
        FORM,
        what=f"{QUESTIONS - 1} verdicts drawn",
    )
    web.wait_until(
        "() => performance.getEntriesByName('cp-result-complete').length > 0",
        what="the result complete",
    )
    first = f"{FORM} fieldset[data-cp-question]:first-of-type"
    statuses = web.evaluate(
        """(f) => [...document.querySelectorAll(f + ' fieldset[data-cp-question]')]
                 .map((q) => [q.dataset.cpStatusOf ?? null,
                              q.querySelector('[data-cp-verdict]').textContent.trim()])""",
        FORM,
    )
    assert statuses[0] == [None, ""], f"{first}: changed after scoring, yet {statuses[0]}"
    assert all(status and verdict for status, verdict in statuses[1:])
    assert web.count(f"{FORM} .cp-quiz__credits li[data-cp-credit]") == QUESTIONS
    assert web.complaints() == []
