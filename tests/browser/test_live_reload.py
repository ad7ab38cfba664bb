"""An author's loop under `make serve`: `mkdocs serve` (started here on a free loopback port)
serves pages whose CSP allows exactly its live-reload script, so an edit to a quiz's YAML
rebuilds the site and reloads the open page, showing the edit, within 3 s of the rebuild (the
rebuild's own time is the machine's: the test prints both)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.build.fixtures.staged import assemble

PROMPT = "The sky is blue on a clear day."
EDITED = "The sky is green on a clear day."
RELOAD_S = 3.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_served(url: str, proc: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 240  # a first build on a busy machine
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve stopped ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not serve {url}:\n{log.read_text()}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The tiny quiz site under `mkdocs serve`: its address and its source folder."""
    config = assemble(tmp_path / "src")
    base = f"http://127.0.0.1:{free_port()}"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", base[7:]],
            cwd=config.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        wait_until_served(base + "/quiz/", proc, log)
        yield base, config.parent
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_an_edited_quiz_reloads_the_open_page(browser: Any, served: tuple[str, Path]) -> None:
    base, src = served
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
        page.goto(base + "/quiz/")
        assert page.get_by_text(PROMPT).is_visible()
        # The reload script ran (the CSP let it: it logs this once the page has loaded) and
        # waits on the server for a newer build.
        assert "log: Enabled live reload" in console, console
        page.evaluate("() => { window.__cpBeforeEdit = true; }")
        quiz = src / "quizzes/tiny.yml"
        edited = time.monotonic()
        quiz.write_text(quiz.read_text(encoding="utf-8").replace(PROMPT, EDITED), encoding="utf-8")
        page.get_by_text(EDITED).wait_for(timeout=240_000)
        reloaded = time.monotonic()
        assert page.evaluate("() => window.__cpBeforeEdit === undefined"), "the page did not reload"
        # The rebuild's own time is the machine's; the page's part is to reload once it is
        # done, which is when the pending poll comes back with the new build's number.
        rebuilt = max(t for t in polls if t < reloaded)
        after_edit, after_build = reloaded - edited, reloaded - rebuilt
        print(f"edit -> reload {after_edit:.2f} s, rebuilt -> reload {after_build:.2f} s")
        assert after_build < RELOAD_S
        assert [line for line in console if "Content Security Policy" in line] == []
    finally:
        context.close()
