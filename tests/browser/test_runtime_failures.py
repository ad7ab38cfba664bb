"""A scoring runtime that cannot start is reported as such, in bounded time: each file the worker
loads is broken in turn (missing, so its fetch 404s, or damaged) in a served copy of the built
site. The page then shows the no-script reading (every explanation and band) with the message
that scoring could not start, and nothing is left uncaught, in the page or in the worker."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearpicture import runtime
from tests.conftest import ROOT, BuiltSite, Recorded, StaticServer, open_context, serve

pytestmark = pytest.mark.browser

QUIZ = "/guides/connected-apps/"
FORM = "#cp-quiz-connected-apps"
# Long enough for Pyodide to fail on a busy two-core machine; a hang fails the test.
FAILED_MS = 120_000
COULD_NOT_START = (
    "Scoring could not start in this browser, so the explanations are shown below. Nothing you "
    "chose was sent anywhere."
)
DAMAGED = {
    "pyodide.asm.wasm": b"\x00asm\x01\x00\x00\x00" + os.urandom(2048),
    "python_stdlib.zip": b"PK\x03\x04" + os.urandom(2048),
    "pyodide-lock.json": b'{"info": {"version": ',
    "scoring.py": b"def score(definition, answers:\n",
    "pyodide.asm.mjs": b"export default function( {\n",
}
FILES = {
    "pyodide.asm.wasm": "assets/pyodide/pyodide.asm.wasm",
    "python_stdlib.zip": "assets/pyodide/python_stdlib.zip",
    "pyodide-lock.json": "assets/pyodide/pyodide-lock.json",
    "scoring.py": "assets/python/scoring.py",
    "pyodide.asm.mjs": "assets/pyodide/pyodide.asm.mjs",
    "pyodide.mjs": "assets/pyodide/pyodide.mjs",
    "quiz-bridge.js": "assets/javascripts/quiz-bridge.js",
}
CASES = [(name, "missing") for name in FILES] + [(name, "damaged") for name in DAMAGED]


@pytest.fixture
def broken_site(
    site: BuiltSite, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[StaticServer]:
    """A copy of the built site (hard links, but for the one broken file) on its own server."""
    runtime.write_runtime(site.root, ROOT)
    name, how = request.param
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy, copy_function=os.link)
    target = copy / FILES[name]
    target.unlink()
    if how == "damaged":
        target.write_bytes(DAMAGED[name])
    with serve(copy) as running:
        yield running


def uncaught(recorded: Recorded) -> list[str]:
    # pageerror covers the page and its workers; an unhandled rejection shows as "Uncaught".
    return [e for e in recorded.console_errors if e.startswith(("pageerror:", "Uncaught"))]


@pytest.mark.parametrize("broken_site", CASES, ids=[f"{n}-{h}" for n, h in CASES], indirect=True)
def test_a_broken_runtime_fails_visibly_and_the_page_still_teaches(
    browser: Any, broken_site: StaticServer
) -> None:
    context, recorded = open_context(browser, broken_site)
    try:
        page = context.new_page()
        page.goto(broken_site.base_url + QUIZ + "#quiz")  # the worker starts at once
        status = page.locator(f"{FORM} [data-cp-status]")
        status.filter(has_text="could not start").wait_for(timeout=FAILED_MS)
        assert status.inner_text() == COULD_NOT_START
        # The no-script reading: every explanation and band, as without scripts.
        form = page.locator(FORM)
        assert "cp-quiz--unscored" in (form.get_attribute("class") or "")
        explanations = page.locator(f"{FORM} .cp-explain")
        assert explanations.count() > 10
        assert all(explanations.nth(i).is_visible() for i in range(explanations.count()))
        assert page.locator(f"{FORM} .cp-bands").is_visible()
        # A click on the check button now says the same, not nothing.
        page.click("label[for='cp-connected-apps-what-revoke-does-b']")
        page.click(f"{FORM} [data-cp-command=score]")
        assert status.inner_text() == COULD_NOT_START
        assert page.locator(f"{FORM} [data-cp-result]").is_hidden()
        assert uncaught(recorded) == []
    finally:
        context.close()
