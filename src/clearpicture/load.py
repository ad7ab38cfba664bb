"""YAML -> typed model, with every rule of the quiz contract checked against the docs.

All problems of a file are collected, then raised once as QuizError; each line reads
`quizzes/x.yml:42: what is wrong — how to fix it`, the way an author wants to see them."""

from __future__ import annotations

import difflib
import posixpath
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from clearpicture import model

TextStyle = Literal["markdown", "inline", "plain"]

ID_RE = re.compile(r"[a-z0-9-]+")
PLACEMENT_RE = re.compile(r"^[ \t>]*/{3,}[ \t]*quiz[ \t]*\|[ \t]*(\S+)[ \t]*$", re.I)
FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
HTML_ID_RE = re.compile(r"""<[A-Za-z][^>]*?\sid\s*=\s*["']([^"']+)["']""")
AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*(?:[#.][^\s}]|[\w-]+=)[^}\n]*\}")
RAW_HTML = "raw HTML is not allowed in quiz text — use Markdown"
YAML_BOOLEANS = {"yes", "no", "true", "false", "on", "off", "y", "n"}


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


# --- the docs: pages, their anchors, the quizzes they place ----------------------------------


@dataclass(frozen=True)
class Page:
    rel: str  # docs-relative, "guides/x.md"
    anchors: frozenset[str]
    placements: tuple[tuple[str, int], ...]  # (quiz id, line)


class _IdCollector(Treeprocessor):
    """Runs after toc: every id the rendered page carries, explicit or slugged."""

    ids: set[str]

    def run(self, root: Any) -> None:
        self.ids = {str(el.get("id")) for el in root.iter() if el.get("id")}


class DocsIndex:
    """Pages under docs_dir, read lazily and cached by modification time. Anchors are the ids
    Python-Markdown gives the page: explicit `{#id}` attribute lists, toc slugs of the other
    headings, footnotes, plus `id="…"` attributes of raw HTML."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self._cache: dict[str, tuple[int, Page]] = {}
        self._md: markdown.Markdown | None = None
        self._probe: _TextProbe | None = None

    def probe(self, text: str) -> _Probe:
        """What a quiz text field renders to (links, raw HTML, headings, paragraphs)."""
        if self._probe is None:  # a Markdown instance costs milliseconds: make one, reuse it
            self._probe = _TextProbe()
        return self._probe(text)

    def path(self, rel: str) -> Path:
        return self.docs_dir / rel

    def page(self, rel: str) -> Page | None:
        path = self.path(rel)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return None
        if not path.is_file():
            return None
        cached = self._cache.get(rel)
        if cached and cached[0] == mtime:
            return cached[1]
        page = self._read(rel, path.read_text(encoding="utf-8"))
        self._cache[rel] = (mtime, page)
        return page

    def pages(self) -> Iterable[Page]:
        for path in sorted(self.docs_dir.rglob("*.md")):
            page = self.page(path.relative_to(self.docs_dir).as_posix())
            if page is not None:
                yield page

    def _read(self, rel: str, text: str) -> Page:
        body = FRONT_MATTER_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
        return Page(rel, frozenset(self._anchors(body)), tuple(_placements(body)))

    def _anchors(self, text: str) -> set[str]:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=[
                    "attr_list",
                    "toc",
                    "md_in_html",
                    "tables",
                    "def_list",
                    "footnotes",
                    "admonition",
                    "abbr",
                    "fenced_code",
                ]
            )
            self._md.treeprocessors.register(_IdCollector(self._md), "cp_ids", 1)
        self._md.reset()
        self._md.convert(text)
        collector = self._md.treeprocessors["cp_ids"]
        assert isinstance(collector, _IdCollector)
        raw = "\n".join(str(block) for block in self._md.htmlStash.rawHtmlBlocks)
        return collector.ids | set(HTML_ID_RE.findall(raw))


def _placements(text: str) -> Iterable[tuple[str, int]]:
    """`/// quiz | ID` lines outside fenced code, with their line numbers."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opening = FENCE_RE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        placed = PLACEMENT_RE.match(line)
        if placed:
            yield placed.group(1), number


# --- one file ---------------------------------------------------------------------------------


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _nearest(word: str, known: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass
class _Probe:
    """What a text field turns into when rendered: links, raw HTML, block structure."""

    links: list[str] = field(default_factory=list)
    raw_html: bool = False
    headings: bool = False
    one_paragraph: bool = True


class _LinkCollector(Treeprocessor):
    probe: _Probe

    def run(self, root: Any) -> None:
        probe = _Probe()
        for el in root.iter():
            if el.tag == "a" and el.get("href") is not None:
                probe.links.append(str(el.get("href")))
            elif el.tag == "img" and el.get("src") is not None:
                probe.links.append(str(el.get("src")))
            elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                probe.headings = True
        probe.one_paragraph = len(root) == 1 and root[0].tag == "p"
        self.probe = probe


class _TextProbe:
    def __init__(self) -> None:
        self.md = markdown.Markdown()
        self.collector = _LinkCollector(self.md)
        self.md.treeprocessors.register(self.collector, "cp_links", 1)

    def __call__(self, text: str) -> _Probe:
        self.md.reset()
        self.md.convert(text)
        probe = self.collector.probe
        probe.raw_html = any(
            isinstance(block, str) and block.lstrip().startswith("<")
            for block in self.md.htmlStash.rawHtmlBlocks
        )
        return probe


Node = yaml.Node


class _Reader:
    """Reads one YAML file into the model, collecting (line, message) problems."""

    def __init__(self, path: Path, docs: DocsIndex) -> None:
        self.path = path
        self.docs = docs
        self.errors: list[tuple[int, str]] = []
        self.values: dict[str, Any] = {}  # the top-level values both kinds share
        self.lines: dict[str, int] = {}  # question/item id -> its line
        self.key_lines: dict[int, int] = {}  # id(value node) -> line of its key
        self._constructor = yaml.SafeLoader("")
        self._scalars: dict[int, Any] = {}

    # --- reporting

    def error(self, at: Node | int, message: str) -> None:
        line = at if isinstance(at, int) else at.start_mark.line + 1
        self.errors.append((line, message))

    def key_line(self, value: Node) -> int:
        """The line of the key holding value: where a problem with a whole list is shown."""
        return self.key_lines.get(id(value), value.start_mark.line + 1)

    def messages(self) -> list[str]:
        name = display_path(self.path)
        return [f"{name}:{line}: {message}" for line, message in sorted(self.errors)]

    # --- shapes

    def scalar(self, node: Node) -> Any:
        """A scalar node's value; _NOT_SCALAR for a list or mapping; _UNREADABLE (reported
        once) for a value YAML cannot build, such as text starting with '!' read as a tag."""
        if not isinstance(node, yaml.ScalarNode):
            return _NOT_SCALAR
        if id(node) not in self._scalars:
            try:
                self._scalars[id(node)] = self._constructor.construct_object(node)
            except yaml.YAMLError as error:
                problem = getattr(error, "problem", None) or str(error).splitlines()[0]
                self.error(
                    node, f"YAML cannot read this value ({problem}) — put the text in quotes"
                )
                self._scalars[id(node)] = _UNREADABLE
        return self._scalars[id(node)]

    def fields(
        self,
        node: Node,
        what: str,
        where: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
        elsewhere: Mapping[str, str] | None = None,
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after reporting unknown, repeated and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a set of 'key: value' lines, not {_shape(node)}")
            return None
        known = [*required, *optional]
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if key is _UNREADABLE:
                continue
            if not isinstance(key, str):
                self.error(
                    key_node,
                    f"{what} has a key {_show(key)} that is not a name" + _quote_hint(key_node),
                )
                continue
            if key in found:
                self.error(key_node, f"{what} has '{key}' twice — keep one")
                continue
            if key not in known:
                if elsewhere and key in elsewhere:
                    hint = f" — '{key}' belongs to {elsewhere[key]}"
                else:
                    nearest = _nearest(key, known)
                    hint = (
                        f" — did you mean '{nearest}'?"
                        if nearest
                        else f" — known keys: {', '.join(known)}"
                    )
                self.error(key_node, f"unknown key '{key}' in {what}{hint}")
                continue
            found[key] = value_node
            self.key_lines[id(value_node)] = key_node.start_mark.line + 1
        for key in required:
            if key not in found:
                text = " text" if key in _TEXT_KEYS else ""
                self.error(
                    node,
                    f"{what} has no '{key}'{text} — add {_article(key)} '{key}:' line {where}",
                )
        return found

    def sequence(self, node: Node | None, what: str, minimum: int = 1) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list ('- ' lines), not {_shape(node)}")
            return []
        if len(node.value) < minimum:
            what_is = "is empty" if not node.value else f"has only {len(node.value)}"
            self.error(self.key_line(node), f"{what} {what_is} — add at least {minimum}")
        return list(node.value)

    # --- values

    def ident(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if not isinstance(value, str):
            self.error(
                node, f"the id of {what} must be text, not {_show(value)}" + _quote_hint(node)
            )
            return None
        if not ID_RE.fullmatch(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
            self.error(
                node,
                f"id '{value}' of {what} is not valid — use lowercase letters, digits and '-' "
                f"only, e.g. '{suggestion}'",
            )
            return None
        return value

    def integer(self, node: Node | None, what: str, low: int, high: int) -> int | None:
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.error(
                node, f"{what} must be a whole number from {low} to {high}, not {_show(value)}"
            )
            return None
        return value

    def number(self, node: Node | None, what: str, low: float, high: float) -> float | None:
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not low <= value <= high
        ):
            self.error(
                node, f"{what} must be a number from {low:g} to {high:g}, not {_show(value)}"
            )
            return None
        return value

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if not isinstance(value, bool):
            self.error(node, f"{what} must be true or false, not {_show(value)}")
            return None
        return value

    def text(self, node: Node | None, what: str, style: TextStyle = "markdown") -> str | None:
        """A text field: raw HTML refused everywhere; links, headings, shape checked for
        Markdown; inline Markdown (prompts, option texts) must stay one paragraph."""
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if not isinstance(value, str):
            self.error(node, f"{what} must be text, not {_show(value)}" + _quote_hint(node))
            return None
        value = value.strip()
        if not value:
            self.error(node, f"{what} is empty — write the text or remove the line")
            return None
        outside_code = model.CODE_SPAN_RE.sub("", value)
        probe = self.docs.probe(value)
        if probe.raw_html or (style == "plain" and re.search(r"<[A-Za-z/!?]", value)):
            self.error(node, f"{what}: {RAW_HTML}")
        if style == "plain":
            return value
        if AUTOLINK_RE.search(outside_code):
            self.error(
                node, f"{what}: <…> links are not supported in quiz text — write [text](URL)"
            )
        if ATTR_LIST_RE.search(outside_code):
            self.error(
                node,
                f"{what}: attribute lists ({{: …}}) are not allowed in quiz text — the quiz sets "
                "its own ids and classes",
            )
        if probe.headings:
            self.error(
                node,
                f"{what}: headings are not allowed in quiz text (they would join the page's "
                "table of contents) — use **bold** instead",
            )
        if style == "inline" and not probe.one_paragraph and not probe.headings:
            self.error(
                node,
                f"{what} must be one paragraph of inline Markdown (no lists or blank lines) — "
                "put longer text in 'hint:' or 'explain:'",
            )
        for target in probe.links:
            self.check_link(node, target, f"link '{target}' in {what}")
        return value

    def link(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        value = self.scalar(node)
        if value is _UNREADABLE:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(
                node, f"{what} must be a link such as guides/x.md#anchor, not {_show(value)}"
            )
            return None
        value = value.strip()
        return value if self.check_link(node, value, f"{what} '{value}'") else None

    def check_link(self, node: Node, target: str, what: str) -> bool:
        """Docs pages (`path.md`, `path.md#anchor`, relative to docs/) must exist and hold the
        anchor; https: and mailto: pass; every other scheme is refused."""
        parts = urlsplit(target)
        if parts.scheme:
            if parts.scheme == "https" and parts.netloc:
                return True
            if parts.scheme == "mailto" and parts.path:
                return True
            if parts.scheme == "http":
                self.error(node, f"{what} uses http: — use https:")
            else:
                self.error(
                    node,
                    f"{what} uses '{parts.scheme}:', which is not allowed — link a docs page "
                    "(guides/x.md#anchor), an https: URL or a mailto: address",
                )
            return False
        if target.startswith("/"):
            self.error(
                node,
                f"{what} starts with '/' — write it relative to the docs folder, "
                "e.g. guides/x.md#anchor",
            )
            return False
        if not parts.path:
            self.error(
                node,
                f"{what} names no page — write the page too, e.g. guides/x.md{target}: a quiz "
                "can be placed on any page",
            )
            return False
        page_rel = posixpath.normpath(parts.path)
        if not page_rel.endswith(".md") or parts.query or page_rel.startswith(".."):
            self.error(
                node,
                f"{what} must be a page under the docs folder ending in .md, with an optional "
                "#anchor, e.g. guides/x.md#anchor",
            )
            return False
        page = self.docs.page(page_rel)
        if page is None:
            self.error(
                node,
                f"{what}: {display_path(self.docs.path(page_rel))} does not exist — fix the path "
                "(it is relative to the docs folder)",
            )
            return False
        if parts.fragment and parts.fragment not in page.anchors:
            nearest = _nearest(parts.fragment, page.anchors)
            hint = f"did you mean '#{nearest}'? Or add" if nearest else "add"
            self.error(
                node,
                f"{what}: {page_rel} has no anchor '#{parts.fragment}' — {hint} "
                f"'{{#{parts.fragment}}}' to a heading there",
            )
            return False
        return True

    def unique(self, entries: Sequence[tuple[str | None, Node]], noun: str, of: str = "") -> None:
        seen: dict[str, Node] = {}
        for ident, node in entries:
            if ident is None:
                continue
            if ident in seen:
                first = seen[ident].start_mark.line + 1
                self.error(
                    node,
                    f"{noun} id '{ident}'{of} is used twice (first on line {first}) — give each "
                    f"{noun} its own id",
                )
            else:
                seen[ident] = node


class _NotScalar:
    pass


_NOT_SCALAR = _NotScalar()
_UNREADABLE = _NotScalar()
_TEXT_KEYS = {
    "title",
    "intro",
    "prompt",
    "hint",
    "text",
    "explain",
    "label",
    "meaning",
    "rationale",
}


def _shape(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


def _show(value: Any) -> str:
    if isinstance(value, _NotScalar):
        return "a list or a set of keys"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _quote_hint(node: Node) -> str:
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value.lower() in YAML_BOOLEANS:
        return f' — YAML reads {node.value} as true/false; quote it: "{node.value}"'
    if isinstance(node, yaml.ScalarNode) and not node.style:
        return f' — quote it: "{node.value}"'
    return ""


# --- the two kinds ---------------------------------------------------------------------------

_QUIZ_KEYS = ("questions",)
_CHECKLIST_KEYS = ("scale", "unsure_risk", "areas", "items")
IdList = list[tuple[str | None, Node]]


def _name(reader: _Reader, node: Node, noun: str, index: int, of: str = "") -> str:
    """How a message names an entry: by its id when it has a usable one, else by position."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if reader.scalar(key_node) == "id":
                value = reader.scalar(value_node)
                if isinstance(value, str) and ID_RE.fullmatch(value):
                    return f"{noun} '{value}'{of}"
    return f"{noun} {index}{of}"


def _read_file(reader: _Reader) -> model.AnyQuiz | None:
    try:
        text = reader.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reader.error(1, f"cannot read the file: {error}")
        return None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct starts: usually the line to fix.
        start, found = error.context_mark, error.problem_mark
        mark = start or found
        line = mark.line + 1 if mark else 1
        where = f" on line {found.line + 1}" if found and found.line + 1 != line else ""
        reader.error(
            line,
            f"this is not valid YAML ({error.problem or error}{where}) — check indentation and "
            "quotes",
        )
        return None
    except yaml.YAMLError as error:
        reader.error(1, f"this is not valid YAML ({error}) — check indentation and quotes")
        return None
    finally:
        loader.dispose()
    if root is None:
        reader.error(1, "the file is empty — start it with 'id:', 'kind:' and 'title:' lines")
        return None
    kind: Any = None
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if reader.scalar(key_node) == "kind":
                kind = reader.scalar(value_node)
                if kind not in ("quiz", "checklist", _UNREADABLE):
                    reader.error(
                        value_node, f"kind must be 'quiz' or 'checklist', not {_show(kind)}"
                    )
    if kind == "checklist":
        return _read_checklist(reader, root)
    if kind == "quiz":
        return _read_quiz(reader, root)
    reader.fields(
        root,
        "the file",
        "at the top of the file",
        ("kind",),
        ("id", "title", "intro", "page", "bands", *_QUIZ_KEYS, *_CHECKLIST_KEYS),
    )
    return None


def _read_top(reader: _Reader, root: Node, kind: str) -> dict[str, Node] | None:
    """The keys both kinds share; stores their values on the reader."""
    own, other, other_kind = (
        (_QUIZ_KEYS, _CHECKLIST_KEYS, "checklist")
        if kind == "quiz"
        else (_CHECKLIST_KEYS, _QUIZ_KEYS, "quiz")
    )
    required = ["id", "kind", "title", "page", "bands", *(k for k in own if k != "unsure_risk")]
    optional = ["intro", *(k for k in own if k == "unsure_risk")]
    top = reader.fields(
        root,
        f"the {kind}",
        "at the top of the file",
        required,
        optional,
        {key: f"kind: {other_kind}" for key in other},
    )
    if top is None:
        return None
    quiz_id = reader.ident(top.get("id"), f"the {kind}")
    if quiz_id is not None and quiz_id != reader.path.stem:
        reader.error(
            top["id"],
            f"id '{quiz_id}' does not match the file name '{reader.path.name}' — rename the file "
            f"to {quiz_id}.yml or set 'id: {reader.path.stem}'",
        )
    reader.values = {
        "id": quiz_id,
        "title": reader.text(top.get("title"), f"the title of the {kind}", "plain"),
        "intro": reader.text(top.get("intro"), f"the intro of the {kind}"),
        "page": _read_page(reader, top.get("page"), quiz_id),
        "bands": _read_bands(reader, top.get("bands")),
        "source": display_path(reader.path),
    }
    return top


def _read_page(reader: _Reader, node: Node | None, quiz_id: str | None) -> str | None:
    if node is None:
        return None
    value = reader.scalar(node)
    if value is _UNREADABLE:
        return None
    if not isinstance(value, str) or not value.strip().endswith(".md"):
        reader.error(node, f"page must name a docs page such as guides/x.md, not {_show(value)}")
        return None
    rel = posixpath.normpath(value.strip())
    page = None if rel.startswith(("/", "..")) else reader.docs.page(rel)
    if page is None:
        reader.error(
            node,
            f"page '{value}' does not exist under {display_path(reader.docs.docs_dir)}/ — fix "
            "the path (it is relative to the docs folder)",
        )
        return None
    if quiz_id is not None and quiz_id not in (placed for placed, _ in page.placements):
        reader.error(
            node,
            f"page '{rel}' does not place this quiz — add the lines '/// quiz | {quiz_id}' "
            "and '///' to that page where the quiz belongs",
        )
    return rel


def _read_bands(reader: _Reader, node: Node | None) -> tuple[model.Band, ...] | None:
    bands: list[model.Band] = []
    ids: IdList = []
    previous: int | None = None
    for index, band_node in enumerate(reader.sequence(node, "bands"), start=1):
        what = _name(reader, band_node, "band", index)
        fields = reader.fields(
            band_node, what, "under the band", ("id", "min", "label"), ("meaning",)
        )
        if fields is None:
            continue
        band_id = reader.ident(fields.get("id"), what)
        ids.append((band_id, fields.get("id", band_node)))
        minimum = reader.integer(fields.get("min"), f"'min' of {what}", 0, 100)
        if minimum is not None:
            if previous is None and minimum != 0:
                reader.error(
                    fields["min"],
                    f"the first band must start at 'min: 0', not {minimum} — bands cover 0 to "
                    "100 from the bottom up",
                )
            elif previous is not None and minimum <= previous:
                reader.error(
                    fields["min"],
                    f"{what} starts at {minimum}, not above the band before it ({previous}) — "
                    "list bands from the lowest 'min' to the highest",
                )
            previous = minimum
        label = reader.text(fields.get("label"), f"the label of {what}", "plain")
        meaning = reader.text(fields.get("meaning"), f"the meaning of {what}")
        if band_id is not None and minimum is not None and label is not None:
            bands.append(model.Band(band_id, minimum, label, meaning))
    reader.unique(ids, "band")
    return tuple(bands)


def _read_quiz(reader: _Reader, root: Node) -> model.Quiz | None:
    top = _read_top(reader, root, "quiz")
    if top is None:
        return None
    questions: list[model.Question] = []
    ids: IdList = []
    for index, node in enumerate(reader.sequence(top.get("questions"), "questions"), start=1):
        question = _read_question(reader, node, index, ids)
        if question is not None:
            questions.append(question)
    reader.unique(ids, "question")
    if reader.errors:
        return None
    return model.Quiz(questions=tuple(questions), **reader.values)


def _read_question(reader: _Reader, node: Node, index: int, ids: IdList) -> model.Question | None:
    what = _name(reader, node, "question", index)
    fields = reader.fields(
        node,
        what,
        "under the question",
        ("id", "type", "prompt", "options"),
        ("hint", "explain", "link"),
    )
    if fields is None:
        return None
    qid = reader.ident(fields.get("id"), what)
    ids.append((qid, fields.get("id", node)))
    if qid is not None:
        reader.lines.setdefault(qid, node.start_mark.line + 1)
    qtype = reader.scalar(fields["type"]) if "type" in fields else None
    if "type" in fields and qtype not in ("single", "multiple", "truefalse", _UNREADABLE):
        reader.error(
            fields["type"],
            f"the type of {what} must be single, multiple or truefalse, not {_show(qtype)}",
        )
    prompt = reader.text(fields.get("prompt"), f"the prompt of {what}", "inline")
    hint = reader.text(fields.get("hint"), f"the hint of {what}")
    explain = reader.text(fields.get("explain"), f"the explanation of {what}")
    link = reader.link(fields.get("link"), f"the link of {what}")
    options: list[model.Option] = []
    option_ids: IdList = []
    nodes = reader.sequence(fields.get("options"), f"the option list of {what}", 2)
    for option_index, option_node in enumerate(nodes, start=1):
        option = _read_option(reader, option_node, option_index, what, option_ids)
        if option is not None:
            options.append(option)
    reader.unique(option_ids, "option", f" in {what}")
    if "options" in fields and len(options) == len(nodes) >= 2:
        _check_correct(reader, fields["options"], what, qtype, options)
    if qid is None or prompt is None or qtype not in ("single", "multiple", "truefalse"):
        return None
    return model.Question(qid, qtype, prompt, tuple(options), hint, explain, link)


def _check_correct(
    reader: _Reader, at: Node, what: str, qtype: Any, options: list[model.Option]
) -> None:
    correct = [option.id for option in options if option.correct]
    line = reader.key_line(at)
    if qtype == "truefalse" and sorted(option.id for option in options) != ["false", "true"]:
        reader.error(
            line,
            f'{what} is truefalse: it needs exactly two options, with ids "true" and "false" '
            "(quoted) — or make it 'type: single'",
        )
    if qtype in ("single", "truefalse") and len(correct) != 1:
        marked = (
            f"{len(correct)} correct options ({', '.join(correct)})"
            if correct
            else "no correct option"
        )
        also = ", or make it 'type: multiple'" if correct and qtype == "single" else ""
        reader.error(
            line,
            f"{what} is {qtype} but has {marked} — mark exactly one option 'correct: true'{also}",
        )
    if qtype == "multiple" and not correct:
        reader.error(
            line,
            f"{what} is multiple but has no correct option — mark at least one option "
            "'correct: true'",
        )


def _read_option(
    reader: _Reader, node: Node, index: int, question: str, ids: IdList
) -> model.Option | None:
    what = _name(reader, node, "option", index, f" of {question}")
    fields = reader.fields(node, what, "under the option", ("id", "text", "correct", "explain"))
    if fields is None:
        return None
    oid = reader.ident(fields.get("id"), what)
    ids.append((oid, fields.get("id", node)))
    text = reader.text(fields.get("text"), f"the text of {what}", "inline")
    correct = reader.boolean(fields.get("correct"), f"'correct' of {what}")
    explain = reader.text(fields.get("explain"), f"the explanation of {what}")
    if oid is None or text is None or correct is None or explain is None:
        return None
    return model.Option(oid, text, correct, explain)


def _read_checklist(reader: _Reader, root: Node) -> model.Checklist | None:
    top = _read_top(reader, root, "checklist")
    if top is None:
        return None
    scale = _read_scale(reader, top.get("scale"))
    unsure_risk = reader.number(top.get("unsure_risk"), "unsure_risk", 0, 1)
    areas: list[model.Area] = []
    area_nodes: dict[str, Node] = {}
    ids: IdList = []
    for index, node in enumerate(reader.sequence(top.get("areas"), "areas"), start=1):
        what = _name(reader, node, "area", index)
        fields = reader.fields(node, what, "under the area", ("id", "title"), ("link",))
        if fields is None:
            continue
        area_id = reader.ident(fields.get("id"), what)
        ids.append((area_id, fields.get("id", node)))
        title = reader.text(fields.get("title"), f"the title of {what}", "plain")
        link = reader.link(fields.get("link"), f"the link of {what}")
        if area_id is not None and title is not None:
            areas.append(model.Area(area_id, title, link))
            area_nodes.setdefault(area_id, node)
    reader.unique(ids, "area")
    items: list[model.Item] = []
    ids = []
    for index, node in enumerate(reader.sequence(top.get("items"), "items"), start=1):
        item = _read_item(reader, node, index, scale, [area.id for area in areas], ids)
        if item is not None:
            items.append(item)
    reader.unique(ids, "item")
    used = {item.area for item in items}
    # An item that failed to read, or names a wrong area, would make this error a false one.
    items_read = len(items) == len(ids) and used <= set(area_nodes)
    for area in areas:
        if area.id not in used and items_read:
            reader.error(
                area_nodes[area.id],
                f"area '{area.id}' has no items — add items with 'area: {area.id}' or remove it",
            )
    if reader.errors or scale is None:
        return None
    return model.Checklist(
        scale=scale,
        areas=tuple(areas),
        items=tuple(items),
        unsure_risk=0.5 if unsure_risk is None else unsure_risk,
        **reader.values,
    )


def _read_scale(reader: _Reader, node: Node | None) -> tuple[model.ScaleOption, ...] | None:
    options: list[model.ScaleOption] = []
    unsure_nodes: list[Node] = []
    ids: IdList = []
    nodes = reader.sequence(node, "scale", 2)
    for index, option_node in enumerate(nodes, start=1):
        what = _name(reader, option_node, "scale option", index)
        fields = reader.fields(
            option_node, what, "under the scale option", ("id", "label"), ("unsure",)
        )
        if fields is None:
            continue
        option_id = reader.ident(fields.get("id"), what)
        ids.append((option_id, fields.get("id", option_node)))
        label = reader.text(fields.get("label"), f"the label of {what}", "plain")
        unsure = (
            reader.boolean(fields.get("unsure"), f"'unsure' of {what}")
            if "unsure" in fields
            else False
        )
        if option_id is not None and label is not None and unsure is not None:
            options.append(model.ScaleOption(option_id, label, unsure))
            if unsure:
                unsure_nodes.append(option_node)
    reader.unique(ids, "scale option")
    unsure_ids = [option.id for option in options if option.unsure]
    if len(unsure_ids) > 1:
        reader.error(
            unsure_nodes[1],
            f"the scale has {len(unsure_ids)} unsure options ({', '.join(unsure_ids)}) — keep "
            "'unsure: true' on one of them",
        )
    if node is None or len(options) != len(nodes) or len(unsure_ids) > 1:
        return None
    return tuple(options)


def _read_item(
    reader: _Reader,
    node: Node,
    index: int,
    scale: tuple[model.ScaleOption, ...] | None,
    areas: list[str],
    ids: IdList,
) -> model.Item | None:
    what = _name(reader, node, "item", index)
    fields = reader.fields(
        node,
        what,
        "under the item",
        ("id", "area", "prompt", "risk", "likelihood", "impact", "rationale", "action"),
        ("hint", "find_out"),
    )
    if fields is None:
        return None
    item_id = reader.ident(fields.get("id"), what)
    ids.append((item_id, fields.get("id", node)))
    if item_id is not None:
        reader.lines.setdefault(item_id, node.start_mark.line + 1)
    area = reader.ident(fields.get("area"), f"the area of {what}")
    if area is not None and areas and area not in areas:
        nearest = _nearest(area, areas)
        reader.error(
            fields["area"],
            f"{what} is in area '{area}', which is not listed under 'areas:' — "
            + (f"did you mean '{nearest}'?" if nearest else f"use one of: {', '.join(areas)}"),
        )
    prompt = reader.text(fields.get("prompt"), f"the prompt of {what}", "inline")
    hint = reader.text(fields.get("hint"), f"the hint of {what}")
    risk = _read_risk(reader, fields.get("risk"), what, scale)
    likelihood = reader.integer(fields.get("likelihood"), f"'likelihood' of {what}", 1, 5)
    impact = reader.integer(fields.get("impact"), f"'impact' of {what}", 1, 5)
    rationale = reader.text(fields.get("rationale"), f"the rationale of {what}", "plain")
    action = _read_action(reader, fields.get("action"), f"the action of {what}")
    find_out = _read_action(reader, fields.get("find_out"), f"the find_out step of {what}")
    if "find_out" not in fields and scale and any(option.unsure for option in scale):
        reader.error(
            node,
            f"{what} has no 'find_out' — the scale has an unsure option, so add a 'find_out:' "
            "with 'text:' and 'minutes:' saying how to find out",
        )
    if (
        item_id is None
        or area is None
        or prompt is None
        or risk is None
        or likelihood is None
        or impact is None
        or rationale is None
        or action is None
    ):
        return None
    return model.Item(
        item_id, area, prompt, risk, likelihood, impact, rationale, action, find_out, hint
    )


def _read_risk(
    reader: _Reader, node: Node | None, what: str, scale: tuple[model.ScaleOption, ...] | None
) -> Mapping[str, float] | None:
    if node is None or scale is None:
        return None
    answers = [option.id for option in scale if not option.unsure]
    unsure = [option.id for option in scale if option.unsure]
    fields = reader.fields(node, f"the risk of {what}", "under 'risk:'", (), [*answers, *unsure])
    if fields is None:
        return None
    risk: dict[str, float] = {}
    for key, value_node in fields.items():
        if key in unsure:
            reader.error(
                value_node,
                f"the risk of {what} lists the unsure option '{key}' — remove it: an unsure "
                "answer counts as 'unsure_risk'",
            )
            continue
        value = reader.number(value_node, f"the risk of '{key}' for {what}", 0, 1)
        if value is not None:
            risk[key] = value
    missing = [answer for answer in answers if answer not in fields]
    for answer in missing:
        reader.error(
            node,
            f"{what} has no risk for scale option '{answer}' — add '\"{answer}\": <0 to 1>' "
            "under 'risk:'",
        )
    if missing or len(risk) != len(answers):
        return None
    return types.MappingProxyType({answer: risk[answer] for answer in answers})


def _read_action(reader: _Reader, node: Node | None, what: str) -> model.Action | None:
    if node is None:
        return None
    fields = reader.fields(node, what, "under it", ("text", "minutes"), ("link",))
    if fields is None:
        return None
    text = reader.text(fields.get("text"), f"the text of {what}")
    minutes = reader.integer(fields.get("minutes"), f"'minutes' of {what}", 1, 240)
    link = reader.link(fields.get("link"), f"the link of {what}")
    if text is None or minutes is None:
        return None
    return model.Action(text, minutes, link)


# --- entry points ------------------------------------------------------------------------------


def load_quiz(path: Path, docs_dir: Path, docs: DocsIndex | None = None) -> model.AnyQuiz:
    """Read and check one quiz file; raise QuizError listing every problem found in it."""
    reader = _Reader(Path(path), docs or DocsIndex(Path(docs_dir)))
    quiz = _read_file(reader)
    if quiz is not None and not reader.errors:
        _check_element_ids(reader, quiz)
    if reader.errors or quiz is None:
        raise QuizError(reader.messages())
    return quiz


def _check_element_ids(reader: _Reader, quiz: model.AnyQuiz) -> None:
    seen: dict[str, str] = {}
    for element_id, owner, entry_id in model.element_ids(quiz):
        if element_id in seen:
            reader.error(
                reader.lines.get(entry_id or "", 1),
                f"{owner} and {seen[element_id]} would share the HTML id '{element_id}' — "
                "rename one of them",
            )
        seen.setdefault(element_id, owner)


def load_all(
    quizzes_dir: Path, docs_dir: Path, docs: DocsIndex | None = None
) -> dict[str, model.AnyQuiz]:
    """Read and check every quizzes/*.yml, then the rules across files: every `/// quiz | ID`
    placement in the docs names a quiz that exists, once per page. Raises one QuizError
    holding every problem of every file. `docs` lends an index already read (Library)."""
    quizzes_dir, docs_dir = Path(quizzes_dir), Path(docs_dir)
    docs = docs or DocsIndex(docs_dir)
    errors: list[str] = []
    quizzes: dict[str, model.AnyQuiz] = {}
    paths = sorted(quizzes_dir.glob("*.yml"))
    for path in paths:
        try:
            quiz = load_quiz(path, docs_dir, docs)
        except QuizError as error:
            errors.extend(error.errors)
            continue
        if quiz.id in quizzes:
            errors.append(
                f"{display_path(path)}:1: quiz id '{quiz.id}' is also used by "
                f"{quizzes[quiz.id].source} — give each quiz its own id"
            )
        quizzes.setdefault(quiz.id, quiz)
    for path in sorted(quizzes_dir.glob("*.yaml")):
        errors.append(
            f"{display_path(path)}:1: quiz files end in .yml — rename it to {path.stem}.yml"
        )
    existing = {path.stem for path in paths}
    for page in docs.pages():
        errors.extend(
            _check_placements(page, existing, display_path(docs_dir), display_path(quizzes_dir))
        )
    if errors:
        raise QuizError(errors)
    return dict(sorted(quizzes.items()))


def _check_placements(page: Page, existing: set[str], docs: str, quizzes: str) -> list[str]:
    errors: list[str] = []
    seen: dict[str, int] = {}
    for quiz_id, line in page.placements:
        where = f"{docs}/{page.rel}:{line}"
        if quiz_id not in existing:
            nearest = _nearest(quiz_id, existing)
            fix = f"did you mean '{nearest}'? Or create" if nearest else "create"
            errors.append(
                f"{where}: places quiz '{quiz_id}', which does not exist — {fix} "
                f"{quizzes}/{quiz_id}.yml or fix the id"
            )
        elif quiz_id in seen:
            errors.append(
                f"{where}: places quiz '{quiz_id}' a second time (first on line "
                f"{seen[quiz_id]}) — a quiz appears at most once per page"
            )
        seen.setdefault(quiz_id, line)
    return errors


class Library:
    """The quizzes of one quizzes folder, found by id, loaded on first use and kept until their
    file changes (modification time): what the Markdown extension renders from."""

    def __init__(self, quizzes_dir: Path, docs_dir: Path) -> None:
        self.quizzes_dir = Path(quizzes_dir)
        self.docs = DocsIndex(Path(docs_dir))
        self._cache: dict[str, tuple[int, model.AnyQuiz]] = {}

    def known(self) -> list[str]:
        return sorted(path.stem for path in self.quizzes_dir.glob("*.yml"))

    def load_all(self) -> dict[str, model.AnyQuiz]:
        """Check every quiz and every placement (`load_all`) through this library's docs
        index, and keep the quizzes read, so pages placing them later read nothing again."""
        mtimes = {path.stem: path.stat().st_mtime_ns for path in self.quizzes_dir.glob("*.yml")}
        quizzes = load_all(self.quizzes_dir, self.docs.docs_dir, self.docs)
        for quiz_id, quiz in quizzes.items():
            self._cache[quiz_id] = (mtimes[quiz_id], quiz)
        return quizzes

    def get(self, quiz_id: str) -> model.AnyQuiz:
        path = self.quizzes_dir / f"{quiz_id}.yml"
        if not ID_RE.fullmatch(quiz_id) or not path.is_file():
            known = ", ".join(self.known()) or "none yet"
            raise QuizError(
                [
                    f"quiz '{quiz_id}' does not exist — create {display_path(path)} or fix the "
                    f"id (known quizzes: {known})"
                ]
            )
        mtime = path.stat().st_mtime_ns
        cached = self._cache.get(quiz_id)
        if cached is None or cached[0] != mtime:
            cached = (mtime, load_quiz(path, self.docs.docs_dir, self.docs))
            self._cache[quiz_id] = cached
        return cached[1]
