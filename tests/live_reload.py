"""`mkdocs serve` on a free loopback port, for the live-reload browser test and its benchmark
(`python -m scripts.bench_reload`): the tiny quiz site of tests/build/fixtures/staged, whose
quiz's first question reads PROMPT until an edit changes it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.build.fixtures.staged import assemble

PROMPT = "The sky is blue on a clear day."
EDITED = "The sky is green on a clear day."
START_S = 240  # a first build on a busy machine


@dataclass
class Served:
    base_url: str
    src: Path  # the site's source folder: edit quizzes/tiny.yml there
    log: Path

    @property
    def quiz(self) -> Path:
        return self.src / "quizzes/tiny.yml"

    def edit(self, old: str, new: str) -> None:
        text = self.quiz.read_text(encoding="utf-8")
        self.quiz.write_text(text.replace(old, new), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_served(url: str, proc: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"mkdocs serve did not serve {url}:\n{log.read_text()}")


@contextlib.contextmanager
def mkdocs_serve(workdir: Path) -> Iterator[Served]:
    """The tiny quiz site, assembled under workdir, served by `mkdocs serve` until the block
    ends."""
    config = assemble(workdir / "src")
    base = f"http://127.0.0.1:{free_port()}"
    log = workdir / "serve.log"
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
        _wait_until_served(base + "/quiz/", proc, log)
        yield Served(base, config.parent, log)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
