"""Every built page in a real Chromium: it asks only its own origin for files, by plain GETs with
no query string, runs under its CSP without a console error, and loads no Pyodide unless it
holds a quiz."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import BuiltSite, Recorded, StaticServer

pytestmark = pytest.mark.browser


def test_every_page_stays_on_its_origin(
    site: BuiltSite, server: StaticServer, page: Any, recorded: Recorded
) -> None:
    for built in site.pages():
        path = site.url_path(built)
        recorded.clear()
        page.goto(server.base_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        requests = recorded.requests
        assert requests, f"{path}: no request was recorded"
        assert recorded.foreign(server.base_url) == [], path
        assert {r["method"] for r in requests} == {"GET"}, path
        with_query = [r["url"] for r in requests if urlsplit(r["url"]).query]
        assert with_query == [], f"{path}: requests with a query string"
        assert recorded.console_errors == [], f"{path}: {recorded.console_errors}"
        has_quiz = page.locator("form.cp-quiz").count() > 0
        pyodide = [r["url"] for r in requests if "/assets/pyodide/" in r["url"]]
        if not has_quiz:
            assert pyodide == [], f"{path} holds no quiz but fetched {pyodide}"


def test_material_runs_under_the_csp(server: StaticServer, page: Any, recorded: Recorded) -> None:
    page.goto(server.base_url + "/", wait_until="load")
    # Material's bundle replaces no-js once it runs; its search worker is a same-origin worker.
    page.wait_for_function("() => !document.documentElement.classList.contains('no-js')")
    page.keyboard.press("/")
    page.keyboard.type("privacy")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() > 0
    assert recorded.console_errors == []
    assert recorded.foreign(server.base_url) == []


def test_a_blocked_inline_script_would_be_reported(
    server: StaticServer, page: Any, recorded: Recorded
) -> None:
    """The CSP is enforced, not decorative: an injected inline script is refused and logged."""
    page.goto(server.base_url + "/", wait_until="load")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__cpInjected = true'; document.body.append(s); }"
    )
    assert page.evaluate("() => window.__cpInjected === true") is False
    assert any("Content Security Policy" in e for e in recorded.console_errors)
