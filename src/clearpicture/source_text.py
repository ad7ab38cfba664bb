"""An author's file as text, and as YAML, with every problem at the line to edit: bytes that are
not UTF-8 name their line and say to save as UTF-8; characters no editor shows (control
characters, Unicode line separators) are refused where they are; a YAML syntax error is placed
where the broken construct starts (an unclosed quote on the line that opens it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# (line, message): a problem an author must fix, at the line they must edit.
Problem = tuple[int, str]

# How many lines of one kind of problem are listed before the rest are counted.
MAX_LISTED = 5

SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: Save with Encoding, then UTF-8)"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls but tab, LF and CR; DEL; C1 controls (NEL among them); the Unicode line and
# paragraph separators YAML counts as line breaks though no editor shows them as such; and the
# two noncharacters YAML refuses.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "next line (NEL)",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}
# A quoted text running over a line that reads like the next key: the quote was not closed.
QUOTED_THEN_MORE = re.compile(
    r"""^[ \t]*(?:- +)?[A-Za-z0-9_-]+[ \t]*:[ \t]*(["']).*?\1[ \t]*[^\s#]"""
)
KEY_LINE = re.compile(r"^[ \t]*(?:- +)?[A-Za-z0-9_\"'-]+[ \t]*:(?:[ \t]|$)", re.M)


def read(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the problems that stop it being read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [
            (1, f"cannot read the file ({error.strerror}) — check it exists and can be read")
        ]
    return decode(data)


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with no invisible characters, or None and where each problem is."""
    text, problems = decode_utf8(data)
    if text is None:
        return None, problems
    invisible = invisible_characters(text)
    return (None, invisible) if invisible else (text, [])


def decode_utf8(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or None and the lines that are not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [(1, f"the file is saved as UTF-16 — {SAVE_AS_UTF8}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return None, _not_utf8(data)


def _not_utf8(data: bytes) -> list[Problem]:
    problems: list[Problem] = []
    bad_lines = 0
    # A multi-byte UTF-8 character never holds a 0x0A byte, so each line decodes on its own.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad_lines += 1
            if len(problems) < MAX_LISTED:
                column = len(raw[: error.start].decode("utf-8")) + 1
                problems.append(
                    (
                        number,
                        f"this line is not UTF-8 text (byte 0x{raw[error.start]:02X} at column "
                        f"{column}) — {SAVE_AS_UTF8}",
                    )
                )
    return _counted(problems, bad_lines)


def invisible_characters(text: str) -> list[Problem]:
    """Each line holding a character no editor shows, with the first such character named."""
    problems: list[Problem] = []
    seen: set[int] = set()
    found = list(INVISIBLE.finditer(text))
    for match in found:
        line, column = position(text, match.start())
        if line in seen:
            continue
        seen.add(line)
        if len(problems) < MAX_LISTED:
            char = match.group()
            name = NAMES.get(char, "control character")
            problems.append(
                (
                    line,
                    f"this line holds an invisible {name} character (U+{ord(char):04X}) at column "
                    f"{column} — delete it; it often comes with text copied from a terminal, a "
                    "PDF or a word processor",
                )
            )
    return _counted(problems, len(seen))


def _counted(problems: list[Problem], lines: int) -> list[Problem]:
    """The listed problems, the last one saying how many more lines have the same one."""
    if lines > len(problems):
        line, message = problems[-1]
        more = lines - len(problems)
        problems[-1] = (line, f"{message}; {more} more line{'s' if more > 1 else ''} below too")
    return problems


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of text[index], counting line breaks as YAML does."""
    line, start = 1, 0
    for match in LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def line_count(text: str) -> int:
    return len(LINE_BREAK.findall(text.rstrip("\r\n"))) + 1


# libyaml's loader composes the same nodes, line marks included, about 20 times faster than the
# pure-Python one (7.75 -> 0.37 ms a quiz); a file it refuses is read again by the pure-Python
# loader, whose errors _placed() knows how to word.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def _plain_text_resolver(loader: Any) -> Any:
    """The loader, resolving the commonest scalar without walking its resolver table: one
    quoted, or whose first character starts none of the loader's implicit types (bool, int,
    float, null, ...), is text (DEFAULT_SCALAR_TAG), as BaseResolver.resolve finds after
    trying every resolver for that character. Every other node goes to BaseResolver.resolve.
    The loaders here have no path resolvers (checked), which would make the tag depend on
    the node's place too; the loader's composing calls resolve once a scalar (1,000 pages,
    200 quizzes: 35,600 times)."""
    starts = frozenset(loader.yaml_implicit_resolvers)
    if None in starts or loader.yaml_path_resolvers:
        return loader
    text = loader.DEFAULT_SCALAR_TAG
    scalar = yaml.ScalarNode

    class PlainTextResolver(loader):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is scalar and value and (not implicit[0] or value[0] not in starts):
                return text
            return super().resolve(kind, value, implicit)

    PlainTextResolver.__name__ = PlainTextResolver.__qualname__ = loader.__name__
    return PlainTextResolver


if _FAST_LOADER is not None:
    _FAST_LOADER = _plain_text_resolver(_FAST_LOADER)


def parse_yaml(text: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The document's node tree (None for an empty file), or the syntax error at its line."""
    if _FAST_LOADER is not None:
        fast = _FAST_LOADER(text)
        try:
            node: yaml.Node | None = fast.get_single_node()
            return node, []
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node(), []
    except yaml.MarkedYAMLError as error:
        line, message = _placed(text, error)
        return None, [(min(line, line_count(text)), message)]
    except yaml.YAMLError as error:
        return None, [(1, f"this is not valid YAML ({error}) — check indentation and quotes")]
    finally:
        loader.dispose()


def _placed(text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Where to send the author for a YAML syntax error, and what to tell them there."""
    context = error.context or ""
    problem = error.problem or str(error).splitlines()[0]
    found = error.problem_mark
    start = error.context_mark
    unclosed = _unclosed_quote(text, found.index if found else len(text))
    if unclosed is not None or context == "while scanning a quoted scalar":
        line = unclosed if unclosed is not None else _line(start or found)
        return line, (
            "the quote opened on this line is not closed on it, so YAML reads the lines below as "
            "part of the text — end the text with the same quote mark"
        )
    if "cannot start any token" in problem and "'\\t'" in problem:
        return _line(found), "a tab is used here — indent YAML with spaces only"
    if problem == "mapping values are not allowed here":
        return _line(found), (
            "this value holds ': ', which YAML reads as a new key — put the whole text in double "
            'quotes: "…"'
        )
    if problem == "could not find expected ':'":
        return _line(start or found), (
            "YAML expected 'key: value' on this line — add the ':' after the key, or indent a "
            "continued text under its key"
        )
    if problem.startswith("expected <block end>") and found is not None:
        line = _line(found)
        if QUOTED_THEN_MORE.match(text.splitlines()[line - 1] if line <= line_count(text) else ""):
            return line, (
                "this text starts with a quote mark, so YAML ends it at the next quote and cannot "
                'read the rest — put the whole text in quotes, writing \\" for a " inside it'
            )
        if "block mapping start" in problem or "block sequence start" in problem:
            return line, (
                "this line is indented differently from the lines above it — line it up with "
                "the other keys of the same entry"
            )
    if context.startswith("while parsing a flow") and start is not None:
        opener = text[start.index : start.index + 1]
        kind = "list" if opener == "[" else "set of keys"
        return _line(start), (
            f"a value starting with '{opener}' is read as a YAML {kind} — put the text in double "
            "quotes"
        )
    if problem.startswith("found undefined alias"):
        return _line(found), (
            "a value starting with '*' is read as a YAML alias — put the text in double quotes"
        )
    # A scanner's context (a simple key, a flow collection) and a flow collection's start are
    # where the construct began; a block's start is only the enclosing list or mapping, so the
    # line where parsing stopped is nearer the mistake there.
    place = (
        start if start is not None and not context.startswith("while parsing a block") else found
    )
    line = _line(place)
    other = _line(found) if found is not None else line
    where = f" on line {other}" if other != line else ""
    return line, f"this is not valid YAML ({problem}{where}) — check indentation and quotes"


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _unclosed_quote(text: str, before: int) -> int | None:
    """The line of a quoted scalar ending at or before `before` that runs on over a line
    reading like a new key: a quote that was never closed. None if there is none."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index > before:
                break
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
                continue
            raw = text[token.start_mark.index : token.end_mark.index]
            rest = raw.partition("\n")[2]
            if rest and KEY_LINE.search(rest):
                return int(token.start_mark.line) + 1
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None)
        if getattr(error, "context", "") == "while scanning a quoted scalar" and mark:
            return int(mark.line) + 1
    return None
