"""The claims ledger: `docs/sources.yml` read into typed, dated Source entries.

Every problem of the file is collected with its line and raised once as SourcesError, each as
`docs/sources.yml:12: what is wrong — how to fix it`. Pages cite entries by id: citations.py
finds and checks the citations, references.py renders them."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Every key of an entry, in the order an author writes them, with the fix for a missing one.
FIELDS: Mapping[str, str] = {
    "id": "add 'id: publisher-topic' (lowercase letters, digits and '-')",
    "publisher": "add 'publisher:', who publishes the page (e.g. 'OpenAI Help Center')",
    "title": "add 'title:', the page's own title",
    "url": "add 'url:', the page's full https:// address",
    "checked": "add 'checked: YYYY-MM-DD', the date you read the page",
    "supports": "add 'supports:', the claims on our pages this source backs",
}


class SourcesError(ValueError):
    """Problems an author must fix; `errors` holds one `path:line: …` line per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    checked: dt.date
    supports: str
    line: int  # where the entry starts in the ledger

    @property
    def checked_text(self) -> str:
        """The checked date as a reader reads it: '1 December 2026'."""
        return f"{self.checked.day} {self.checked:%B %Y}"

    def age(self, today: dt.date) -> int:
        return (today - self.checked).days


@dataclass(frozen=True)
class Ledger:
    path: Path
    sources: Mapping[str, Source]  # by id, in file order

    def get(self, source_id: str) -> Source | None:
        return self.sources.get(source_id)

    def nearest(self, source_id: str) -> str | None:
        """The known id closest to a mistyped one, for the fix in an error message."""
        matches = difflib.get_close_matches(source_id, list(self.sources), n=1, cutoff=0.6)
        return matches[0] if matches else None

    def due(self, days: int, today: dt.date) -> list[Source]:
        """Sources not checked within `days` days of `today` (0 lists them all), oldest first."""
        due = [s for s in self.sources.values() if s.age(today) >= days]
        return sorted(due, key=lambda s: (s.checked, s.id))

    def order_problems(self) -> list[str]:
        """The ledger is kept sorted by id, so merges stay trivial and entries easy to find."""
        problems: list[str] = []
        seen: list[str] = []
        for source in self.sources.values():
            later = [other for other in seen if other > source.id]
            if later:
                problems.append(
                    f"{display_path(self.path)}:{source.line}: source '{source.id}' is out of "
                    f"order — the ledger is sorted by id: move it before '{min(later)}'"
                )
            seen.append(source.id)
        return problems


def display_path(path: Path) -> str:
    """The path as an author types it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load(path: Path, today: dt.date | None = None) -> Ledger:
    """The ledger at path (an empty one if the file does not exist: a site that cites nothing
    needs none). `today` bounds the checked dates; a day of slack allows for time zones."""
    if not path.exists():
        return Ledger(path, {})
    reader = _Reader(path, today or dt.date.today())
    sources = reader.read(path.read_text(encoding="utf-8"))
    if reader.errors:
        raise SourcesError(reader.messages())
    return Ledger(path, sources)


_cache: dict[Path, tuple[int, Ledger]] = {}


def cached(path: Path) -> Ledger:
    """One read per change of the file for the whole process: MkDocs makes a new Markdown
    instance for every page, and `mkdocs serve` rebuilds after an edit."""
    resolved = path.resolve()
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError:
        mtime = -1
    hit = _cache.get(resolved)
    if hit and hit[0] == mtime:
        return hit[1]
    ledger = load(resolved)
    _cache[resolved] = (mtime, ledger)
    return ledger


class _Reader:
    """Reads the YAML node tree (which keeps lines) into Source entries, collecting problems."""

    def __init__(self, path: Path, today: dt.date) -> None:
        self.path = path
        self.today = today
        self.errors: list[tuple[int, str]] = []
        self._constructor = yaml.SafeLoader("")

    def error(self, at: Node | int, message: str) -> None:
        line = at if isinstance(at, int) else at.start_mark.line + 1
        self.errors.append((line, message))

    def messages(self) -> list[str]:
        name = display_path(self.path)
        return [f"{name}:{line}: {message}" for line, message in sorted(self.errors)]

    def read(self, text: str) -> dict[str, Source]:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            self.error(line, f"YAML cannot read the ledger ({error.problem}) — fix this line")
            return {}
        if root is None:
            return {}
        if not isinstance(root, SequenceNode):
            self.error(
                root,
                "the ledger must be a list of sources ('- id: …' entries), not " + _shape(root),
            )
            return {}
        sources: dict[str, Source] = {}
        for node in root.value:
            source = self.entry(node)
            if source is None:
                continue
            if source.id in sources:
                self.error(
                    source.line,
                    f"source id '{source.id}' is already used on line {sources[source.id].line} "
                    "— give each source its own id, or merge the two entries",
                )
                continue
            sources[source.id] = source
        return sources

    def entry(self, node: Node) -> Source | None:
        if not isinstance(node, MappingNode):
            self.error(node, f"a source must be a set of 'key: value' lines, not {_shape(node)}")
            return None
        found: dict[str, Node] = {}
        ident = _id_hint(node)
        what = f"source '{ident}'" if ident else "this source"
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key in found:
                self.error(key_node, f"{what} has '{key}' twice — keep one")
            elif key not in FIELDS:
                self.error(key_node, f"{what} has an unknown key '{key}'{_nearest_key(key)}")
            else:
                found[str(key)] = value_node
        for key, fix in FIELDS.items():
            if key not in found:
                self.error(node, f"{what} has no '{key}' — {fix}")
        values = {key: self.value(key, value, what) for key, value in found.items()}
        if len(values) < len(FIELDS) or any(v is None for v in values.values()):
            return None
        checked = values["checked"]
        assert isinstance(checked, dt.date)
        return Source(
            id=str(values["id"]),
            publisher=str(values["publisher"]),
            title=str(values["title"]),
            url=str(values["url"]),
            checked=checked,
            supports=str(values["supports"]),
            line=node.start_mark.line + 1,
        )

    def value(self, key: str, node: Node, what: str) -> str | dt.date | None:
        raw = self.scalar(node)
        if key == "checked":
            return self.date(node, raw, what)
        if not isinstance(raw, str):
            shown = "a list or a set of keys" if raw is _NOT_SCALAR else f"'{node.value}'"
            self.error(node, f"{what}: '{key}' must be text, not {shown} — put it in quotes")
            return None
        text = " ".join(raw.split())
        if not text:
            self.error(node, f"{what}: '{key}' is empty — {FIELDS[key]}")
            return None
        if key == "id" and not ID_RE.fullmatch(text):
            suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "publisher-topic"
            self.error(
                node,
                f"source id '{text}' is not valid — use lowercase letters, digits and '-' only, "
                f"e.g. '{suggestion}'",
            )
            return None
        if key == "url" and not re.match(r"https?://[^\s/]+\.[^\s/]+", text):
            self.error(
                node,
                f"{what}: url '{text}' is not a full web address — write it with https://, "
                "as the browser shows it",
            )
            return None
        return text

    def date(self, node: Node, raw: object, what: str) -> dt.date | None:
        if isinstance(raw, str) and DATE_RE.fullmatch(raw.strip()):
            with contextlib.suppress(ValueError):  # 2026-02-30 matches but is no date
                raw = dt.date.fromisoformat(raw.strip())
        if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
            self.error(
                node,
                f"{what}: checked '{node.value}' is not a date — write the day you read the "
                "page as YYYY-MM-DD, e.g. 'checked: 2026-12-01'",
            )
            return None
        if raw > self.today + dt.timedelta(days=1):
            self.error(
                node,
                f"{what}: checked {raw.isoformat()} is in the future — write the day you read "
                "the page",
            )
            return None
        return raw

    def scalar(self, node: Node) -> object:
        if not isinstance(node, ScalarNode):
            return _NOT_SCALAR
        try:
            value: Any = self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError):
            # A malformed timestamp such as 2026-13-01 fails inside the constructor.
            return node.value
        return value


class _NotScalar:
    pass


_NOT_SCALAR = _NotScalar()


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{node.value}'"


def _id_hint(node: MappingNode) -> str | None:
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
            return str(value.value) or None
    return None


def _nearest_key(key: object) -> str:
    if isinstance(key, str):
        matches = difflib.get_close_matches(key, list(FIELDS), n=1, cutoff=0.6)
        if matches:
            return f" — did you mean '{matches[0]}'?"
    return f" — the keys are {', '.join(FIELDS)}"
