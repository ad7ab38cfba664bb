"""Citations in Chromium: a reference is a link named "Source N" that, pressed from the keyboard,
lands on its entry in the Sources list; the fixture page passes axe in the light and the dark
palette (the real site's pages are checked by test_accessibility.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.test_accessibility import AXE, violations
from tests.build.fixtures.sources import assemble
from tests.conftest import StaticServer, build_site, open_context, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    dest = tmp_path_factory.mktemp("sources-fixture")
    built = build_site(dest / "site", assemble(dest / "src"))
    with serve(built.root) as running:
        yield running


def test_a_reference_is_named_and_lands_on_its_source(
    browser: Any, fixture_server: StaticServer
) -> None:
    from playwright.sync_api import expect

    ctx, recorded = open_context(browser, fixture_server, viewport={"width": 390, "height": 640})
    try:
        page = ctx.new_page()
        page.goto(fixture_server.base_url + "/phones/", wait_until="load")
        expect(page.get_by_role("link", name="Source 1", exact=True)).to_have_count(3)
        second = page.get_by_role("link", name="Source 2", exact=True)
        expect(second).to_have_count(2)
        second.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/phones/#source-chrome-profiles")
        entry = page.locator("li#source-chrome-profiles")
        expect(entry).to_be_in_viewport()
        expect(entry).to_contain_text("checked on 25 November 2026")
        assert page.evaluate("() => document.querySelector(':target').id") == (
            "source-chrome-profiles"
        )
        assert recorded.foreign(fixture_server.base_url) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cited_page_has_no_axe_violation(
    browser: Any, fixture_server: StaticServer, scheme: str
) -> None:
    ctx, _ = open_context(browser, fixture_server, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(fixture_server.base_url + "/phones/", wait_until="load")
        assert violations(page, AXE.read_text(encoding="utf-8")) == []
    finally:
        ctx.close()
