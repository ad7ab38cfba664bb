"""The reader of one quiz file, and what a quiz and a checklist read alike.

`QuizReader` is the line-tracking YAML reader (yaml_reader.py) with the checks that need the
docs (quiz_text.py): text fields, links, the page that places the quiz; `mapping` reads a
mapping through its table in contract.py. Both kinds' loaders (load.py for quizzes,
load_checklist.py for checklists) start from `read_top` (id, title, intro, page, bands) and read
their lists through `read_entries` and each entry of a list through `QuizReader.entry`."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple, cast

import yaml

from clearpicture import contract, model
from clearpicture.contract import TextStyle
from clearpicture.problems import display_path
from clearpicture.quiz_text import QuizText
from clearpicture.yaml_reader import ID_RE, UNREADABLE, Check, Node, Reader, show

IdList = list[tuple[str | None, Node]]
Values = dict[str, Any]


class Entry(NamedTuple):
    """One entry of a list, read through its table: how messages name it, its nodes by key and
    its plain values."""

    what: str
    fields: dict[str, Node]
    values: Values


# Above this many questions (or checklist items) a quiz is refused: each one is rendered into
# the page and its definition, and the page gets heavy on a phone. The largest real one,
# the household checklist, has under 30; a quiz meant for readers stays far below 100.
MAX_ENTRIES = 100


class QuizReader(Reader):
    """The YAML reader of one quiz file, with the checks that need the docs: text fields, links
    and the page that places the quiz."""

    def __init__(self, path: Path, quiz_text: QuizText) -> None:
        super().__init__(path, contract.TEXT_KEYS)
        self.quiz_text = quiz_text
        self.docs = quiz_text.docs

    def refuse_if_large(self, node: Node | None, noun: str) -> None:
        if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_ENTRIES:
            self.error(
                self.key_line(node),
                f"this quiz has {len(node.value)} {noun}s, more than {MAX_ENTRIES} — every "
                f"{noun} is in the page and in its scoring, so the page grows heavy and slow "
                f"to open on a phone: split it into quizzes of at most {MAX_ENTRIES} {noun}s",
            )

    def text(self, node: Node | None, what: str, style: TextStyle = "markdown") -> str | None:
        return self.quiz_text.text(self, node, what, style)

    def link(self, node: Node | None, what: str) -> str | None:
        return self.quiz_text.link(self, node, what)

    def mapping(
        self,
        node: Node,
        what: str,
        shape: contract.Shape,
        elsewhere: Mapping[str, str] | None = None,
    ) -> tuple[dict[str, Node], Values] | None:
        """A mapping read through its table: unknown, repeated and missing keys reported, then
        every field of a plain value (ids, numbers, flags, text, links) through its validator.
        Lists, nested mappings and the rest are the caller's: their nodes are in the first dict."""
        fields = self.fields(node, what, shape.where, shape.required, shape.optional, elsewhere)
        if fields is None:
            return None
        # An absent field is None whatever its validator (text, link and value all say so).
        values = {
            f.key: None if (found := fields.get(f.key)) is None else self.field(found, f, what)
            for f in shape.plain_fields
        }
        return fields, values

    def entry(
        self,
        node: Node,
        noun: str,
        index: int,
        shape: contract.Shape,
        ids: IdList,
        of: str = "",
    ) -> Entry | None:
        """The `index`th entry of a list (of `of`), read through its table and named for
        messages by its id, else by position; its id goes into `ids` for `unique`."""
        what = entry_name(self, node, noun, index, of)
        read = self.mapping(node, what, shape)
        if read is None:
            return None
        fields, values = read
        ids.append((values["id"], fields.get("id", node)))
        return Entry(what, fields, values)

    def field(self, node: Node | None, field: contract.Field, of: str) -> Any:
        value = field.value
        if isinstance(value, contract.Text):
            return self.text(node, field.what(of), value.style)
        if isinstance(value, contract.Link):
            return self.link(node, field.what(of))
        assert contract.is_check(value), field
        check = cast(Check, value)
        # A valid value (most of them) is kept without naming the field for a message.
        if node is not None and check.passes(found := self.scalar(node)):
            return found
        return self.value(node, field.what(of), check)


def entry_name(reader: QuizReader, node: Node, noun: str, index: int, of: str = "") -> str:
    """How a message names an entry: by its id when it has a usable one, else by position."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if reader.scalar(key_node) == "id":
                value = reader.scalar(value_node)
                if isinstance(value, str) and ID_RE.fullmatch(value):
                    return f"{noun} '{value}'{of}"
    return f"{noun} {index}{of}"


def read_entries(
    reader: QuizReader, node: Node | None, field: contract.Field, of: str = ""
) -> list[Node]:
    """The entries of a list field (of `of`), at least as many as its table asks for."""
    assert isinstance(field.value, contract.ListOf), field
    return reader.sequence(node, field.what(of), field.value.minimum)


def read_top(reader: QuizReader, root: Node, kind: str) -> tuple[dict[str, Node], Values] | None:
    """The top of the file; stores the values both kinds share on the reader."""
    other = next(o for o in contract.KINDS if o != kind)
    elsewhere = {key: f"kind: {other}" for key in contract.ONLY[other]}
    read = reader.mapping(root, f"the {kind}", contract.KINDS[kind], elsewhere)
    if read is None:
        return None
    top, values = read
    quiz_id = values["id"]
    if quiz_id is not None and quiz_id != reader.path.stem:
        reader.error(
            top["id"],
            f"id '{quiz_id}' does not match the file name '{reader.path.name}' — rename the file "
            f"to {quiz_id}.yml or set 'id: {reader.path.stem}'",
        )
    reader.values = {
        "id": quiz_id,
        "title": values["title"],
        "intro": values["intro"],
        "page": _read_page(reader, top.get("page"), quiz_id),
        "bands": _read_bands(reader, top.get("bands")),
        "source": display_path(reader.path),
    }
    return read


def _read_page(reader: QuizReader, node: Node | None, quiz_id: str | None) -> str | None:
    if node is None:
        return None
    value = reader.scalar(node)
    if value is UNREADABLE:
        return None
    if not isinstance(value, str) or not value.strip().endswith(".md"):
        reader.error(node, f"page must name a docs page such as guides/x.md, not {show(value)}")
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
    if page.readable and quiz_id is not None and quiz_id not in (p for p, _ in page.placements):
        reader.error(
            node,
            f"page '{rel}' does not place this quiz — add the lines '/// quiz | {quiz_id}' "
            "and '///' to that page where the quiz belongs",
        )
    return rel


def _read_bands(reader: QuizReader, node: Node | None) -> tuple[model.Band, ...] | None:
    bands: list[model.Band] = []
    ids: IdList = []
    previous: int | None = None
    for index, band_node in enumerate(read_entries(reader, node, contract.QUIZ["bands"]), start=1):
        entry = reader.entry(band_node, "band", index, contract.BAND, ids)
        if entry is None:
            continue
        what, fields, values = entry
        band_id, minimum = values["id"], values["min"]
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
        if band_id is not None and minimum is not None and values["label"] is not None:
            bands.append(model.Band(band_id, minimum, values["label"], values["meaning"]))
    reader.unique(ids, "band")
    return tuple(bands)
