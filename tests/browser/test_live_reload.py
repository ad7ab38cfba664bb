"""An author's loop under `make serve`: `mkdocs serve` (started here on a free loopback port)
serves pages whose CSP allows exactly its live-reload script, so an edit to a quiz's YAML
rebuilds the site and reloads the open page, showing the edit. How fast is measured by
`python -m scripts.bench_reload` (target: the page shows the edit within 3 s), not asserted
here: a timed assertion on a shared two-core machine fails on the machine, not the code."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_reload import EDITED, PROMPT, Served, mkdocs_serve


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with mkdocs_serve(tmp_path) as running:
        yield running


def test_an_edited_quiz_reloads_the_open_page(browser: Any, served: Served) -> None:
    context = browser.new_context()
    console: list[str] = []
    polls: list[float] = []  # when each of the reload script's long polls came back
    try:
        page = context.new_page()
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on(
            "requestfinished",
            lambda request: "/livereload/" in request.url and polls.append(time.monotonic()),
        )
        page.goto(served.base_url + "/quiz/")
        assert page.get_by_text(PROMPT).is_visible()
        # The reload script ran (the CSP let it: it logs this once the page has loaded) and
        # waits on the server for a newer build.
        assert "log: Enabled live reload" in console, console
        page.evaluate("() => { window.__cpBeforeEdit = true; }")
        edited = time.monotonic()
        served.edit(PROMPT, EDITED)
        page.get_by_text(EDITED).wait_for(timeout=240_000)
        reloaded = time.monotonic()
        # A reload, not a script patching the page; and the reload script's pending poll is what
        # told the page (it came back after the edit, before the reload).
        assert page.evaluate("() => window.__cpBeforeEdit === undefined"), "the page did not reload"
        assert [t for t in polls if edited < t < reloaded], "no live-reload poll came back"
        print(f"edit -> reload {reloaded - edited:.2f} s")
        assert [line for line in console if "Content Security Policy" in line] == []
    finally:
        context.close()
