"""Shared helpers for the unit tests: where the fixtures live, and a tiny site builder."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

UNIT = Path(__file__).resolve().parent
FIXTURES = UNIT / "fixtures"
ROOT = UNIT.parent.parent


def line_of(path: Path, marker: str, nth: int = 1) -> int:
    """The 1-based number of the nth line of path containing marker."""
    found = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if marker in line
    ]
    if len(found) < nth:
        raise AssertionError(f"{marker!r} is not {nth} times in {path}")
    return found[nth - 1]


def random_joins(pieces: Sequence[str], *, seed: int, count: int, longest: int) -> Iterator[str]:
    """count strings, each up to `longest` of pieces joined, drawn with a fixed seed: the
    inputs on which a fast path is compared with the plain one it replaced."""
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(0, longest)))


def make_site(root: Path, quizzes: dict[str, str], pages: dict[str, str]) -> tuple[Path, Path]:
    """Write quizzes/NAME.yml and docs/PAGE under root; return (quizzes_dir, docs_dir)."""
    for name, text in quizzes.items():
        (root / "quizzes").mkdir(parents=True, exist_ok=True)
        (root / "quizzes" / f"{name}.yml").write_text(text, encoding="utf-8")
    for rel, text in pages.items():
        page = root / "docs" / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    (root / "quizzes").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    return root / "quizzes", root / "docs"


def fixture_text(name: str, quiz_id: str | None = None) -> str:
    """A fixture quiz's YAML, optionally under another id."""
    text = (FIXTURES / "quizzes" / f"{name}.yml").read_text(encoding="utf-8")
    return text.replace(f"id: {name}\n", f"id: {quiz_id}\n", 1) if quiz_id else text


def ledger_text() -> str:
    """The fixture claims ledger: three sources, checked 2026-11-25, 2026-06-01, 2026-09-01."""
    return (FIXTURES / "ledger" / "sources.yml").read_text(encoding="utf-8")
