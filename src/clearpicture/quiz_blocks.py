"""The `/// quiz | ID` blocks of one docs page, read the way an author writes them: where each
well-formed block places its quiz, and, for a malformed one (no id, more than an id, text
inside, never closed), the line to fix and how. `check` and the build report these before any
page is rendered, so pymdownx never meets a block it would crash on or silently leave as text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ID_RE = re.compile(r"[a-z0-9-]+")
# Leniently: any indentation and blockquote markers, any case, tabs; pymdownx needs at most
# three spaces, but a block written with more is still meant as one.
OPENING = re.compile(r"^[ \t>]*(?P<slashes>/{3,})[ \t]*(?P<name>quiz)(?P<rest>(?![\w-]).*)$", re.I)
CLOSING = re.compile(r"^[ \t>]*(?P<slashes>/{3,})[ \t]*$")
FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
EXAMPLE = "'/// quiz | ID' on one line and '///' on the next"


@dataclass
class QuizBlocks:
    placements: list[tuple[str, int]] = field(default_factory=list)  # (quiz id, line)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def scan(text: str) -> QuizBlocks:
    """Every quiz block outside fenced code; `text` has its front matter blanked, so line
    numbers are the file's."""
    found = QuizBlocks()
    if "///" not in text:
        return found  # no block can open (most pages of a large site place none)
    lines = text.splitlines()
    fence = ""
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        block = OPENING.match(line)
        if block is None:
            continue
        opened = number
        quiz_id = _argument(block.group("rest").strip(), opened, found)
        number = _body(lines, opened, len(block.group("slashes")), quiz_id, found)
        if quiz_id is not None:
            found.placements.append((quiz_id, opened))
    return found


def _argument(rest: str, line: int, found: QuizBlocks) -> str | None:
    """The quiz id after '|', or None once the problem is recorded."""
    if not rest.startswith("|"):
        words = rest.split()
        if not words:
            found.problems.append((line, f"a quiz block needs the quiz id — write {EXAMPLE}"))
        else:
            found.problems.append(
                (
                    line,
                    f"a '|' must come between 'quiz' and the id — write '/// quiz | {words[0]}'",
                )
            )
        return None
    argument = rest[1:].strip()
    words = argument.split()
    if not words:
        found.problems.append((line, f"the quiz block names no quiz after '|' — write {EXAMPLE}"))
        return None
    if len(words) > 1:
        found.problems.append(
            (
                line,
                f"the quiz block has more than an id after '|' ('{argument}') — write only the "
                f"id, e.g. '/// quiz | {words[0]}'",
            )
        )
        return None
    if not ID_RE.fullmatch(words[0]):
        suggestion = re.sub(r"[^a-z0-9]+", "-", words[0].lower()).strip("-") or "my-quiz"
        found.problems.append(
            (
                line,
                f"'{words[0]}' is not a quiz id — ids use lowercase letters, digits and '-', "
                f"e.g. '/// quiz | {suggestion}'",
            )
        )
        return None
    return words[0]


def _body(
    lines: list[str], start: int, slashes: int, quiz_id: str | None, found: QuizBlocks
) -> int:
    """Check the lines after an opening (index `start` on) up to its closing; return the index
    to go on scanning from."""
    named = f"'/// quiz | {quiz_id}'" if quiz_id else "this quiz block"
    closing = "/" * slashes
    end = next(
        (
            index
            for index in range(start, len(lines))
            if (close := CLOSING.match(lines[index])) and len(close.group("slashes")) == slashes
        ),
        None,
    )
    if end is None:
        found.problems.append(
            (start, f"{named} is never closed — add a line '{closing}' right after it")
        )
        return start
    for index in range(start, end):
        line = lines[index]
        if not line.strip():
            continue
        close = CLOSING.match(line)
        if close:
            message = (
                f"{named} opened with '{closing}' on line {start} closes with '{closing}' too, "
                f"not '{close.group('slashes')}'"
            )
        else:
            message = (
                f"text inside {named} (opened on line {start}) — a quiz block takes none: write "
                f"it in quizzes/{quiz_id or 'ID'}.yml or after the closing '{closing}'"
            )
        found.problems.append((index + 1, message))
        break
    return end + 1


def placements(text: str) -> Iterable[tuple[str, int]]:
    """Only the well-formed placements, with their lines (the problems are dropped)."""
    return scan(text).placements
