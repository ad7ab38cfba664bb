"""axe-core on every built page, in the light and the dark palette: zero violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ROOT, BuiltSite, StaticServer, open_context

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0-2.2 A and AA rules plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, axe_source: str) -> list[str]:
    # evaluate() runs through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violation(
    site: BuiltSite, server: StaticServer, browser: Any, axe_source: str, scheme: str
) -> None:
    ctx, _ = open_context(browser, server, color_scheme=scheme)
    try:
        page = ctx.new_page()
        found: dict[str, list[str]] = {}
        for built in site.pages():
            path = site.url_path(built)
            page.goto(server.base_url + path, wait_until="load")
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected
            if problems := violations(page, axe_source):
                found[path] = problems
        assert found == {}
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_a_quiz_checked_one_question_at_a_time_has_no_axe_violation(
    site: BuiltSite,
    server: StaticServer,
    browser: Any,
    axe_source: str,
    scheme: str,
    size: tuple[int, int],
) -> None:
    """The states quizzes v2 adds: a hint opened, a question checked (verdict, marks, live
    region), "Remember my answers" on, then the whole quiz checked (points per question)."""
    width, height = size
    ctx, _ = open_context(
        browser, server, color_scheme=scheme, viewport={"width": width, "height": height}
    )
    try:
        page = ctx.new_page()
        page.goto(server.base_url + "/guides/permissions/", wait_until="load")
        form = page.locator("#cp-quiz-permissions")
        question = form.locator('fieldset[data-cp-question="iphone-path"]')
        question.locator("[data-cp-hint]").click()
        question.locator("label").nth(1).click()
        question.locator(".cp-q__check").click()
        question.locator("[data-cp-verdict]:not(:empty)").wait_for()
        assert violations(page, axe_source) == []
        form.locator("input[id$=-remember]").check()
        form.locator("[data-cp-command=score]").click()
        form.locator("[data-cp-result]:not([hidden])").wait_for()
        form.locator(".cp-quiz__credits > summary").click()
        assert violations(page, axe_source) == []
    finally:
        ctx.close()
