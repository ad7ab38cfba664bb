"""What an author must fix, and how messages name things: `QuizError` carries every problem of a
check as `path:line: what is wrong — how to fix it`, one line each; the helpers here word those
lines the same way in every module that writes them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path


class QuizError(ValueError):
    """One or more problems an author must fix; `errors` holds one `path:line: …` per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def display_path(path: Path) -> str:
    """The path as an author types it: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to a mistyped one, for a "did you mean" hint; None if none is."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
