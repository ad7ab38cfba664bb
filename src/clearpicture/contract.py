"""The quiz contract, declared once: one table of fields per YAML mapping, each field with the
validator its value goes through, how messages name it and the hint an editor shows. The loader
reads every mapping through its table (load.py), and `python -m clearpicture schema` writes
quizzes/quiz.schema.json from the same tables; rules across fields that a JSON Schema can still
state (how many options are correct, the first band at 0…) sit beside their table as `rules`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from clearpicture import model
from clearpicture.yaml_reader import Boolean, Check, Ident, Integer, Number

TextStyle = Literal["markdown", "inline", "plain"]
TEXT_STYLES = {
    "markdown": "Markdown. No raw HTML; links to docs pages (guides/x.md#anchor), https: or "
    "mailto:.",
    "inline": "One paragraph of inline Markdown.",
    "plain": "Plain text.",
}


# --- what a field's value is ---------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Quiz text in one of three styles; checked against the docs (quiz_text.py)."""

    style: TextStyle = "markdown"

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.style}"}


@dataclass(frozen=True)
class Link:
    """A docs page (guides/x.md#anchor), an https: URL or a mailto: address (quiz_text.py)."""

    def schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/link"}


@dataclass(frozen=True)
class Page:
    """The docs page that places the quiz (load.py checks it exists and places it)."""

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[^/:#?\s][^:#?\s]*\.md$"}


@dataclass(frozen=True)
class Choice:
    """One of a few words; the loader words the message where the word is read."""

    options: tuple[str, ...]

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.options)}


@dataclass(frozen=True)
class ListOf:
    """A list of mappings of one shape, at least `minimum` long."""

    shape: str
    minimum: int = 1

    def schema(self) -> dict[str, Any]:
        items = {"$ref": f"#/$defs/{self.shape}"}
        return {"type": "array", "minItems": self.minimum, "items": items}


@dataclass(frozen=True)
class Nested:
    """One mapping of another shape."""

    shape: str

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.shape}"}


@dataclass(frozen=True)
class RiskMap:
    """Scale option id -> risk from 0 to 1, for every option but the unsure one (load.py)."""

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        }


@dataclass(frozen=True)
class Ids:
    """A list of ids ("[google, android]"), each once; what they must name is the loader's."""

    def schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"$ref": "#/$defs/id"},
        }


class Strings:
    """A list of short plain texts (a fill-in question's alternatives; load.py reads it)."""

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}


Value = Check | Text | Link | Page | Choice | ListOf | Nested | RiskMap | Ids | Strings


def is_check(value: Value) -> bool:
    """A value the YAML reader checks alone (yaml_reader.Reader.value)."""
    return isinstance(value, (Ident, Integer, Number, Boolean))


def value_schema(value: Value) -> dict[str, Any]:
    if isinstance(value, Ident):
        return {"$ref": "#/$defs/id"}
    if isinstance(value, Integer):
        return {"type": "integer", "minimum": value.low, "maximum": value.high}
    if isinstance(value, Number):
        return {"type": "number", "minimum": value.low, "maximum": value.high}
    if isinstance(value, Boolean):
        return {"type": "boolean"}
    assert not is_check(value), value
    return value.schema()  # type: ignore[union-attr]


# --- the tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str
    value: Value
    required: bool = True
    said: str = "{of}"  # how a message names it: "the prompt of {of}" -> "…of question 'x'"
    hint: str = ""  # what an editor shows (the schema's description)

    def schema(self) -> dict[str, Any]:
        return value_schema(self.value) | ({"description": self.hint} if self.hint else {})

    def what(self, of: str) -> str:
        """What messages call this field of `of`, the entry it belongs to."""
        return self.said.format(of=of)


@dataclass(frozen=True)
class Shape:
    """One kind of YAML mapping: its fields in the order an author writes them."""

    name: str
    where: str  # where a missing key goes: "add a 'x:' line {where}"
    fields: tuple[Field, ...]
    hint: str = ""
    rules: Sequence[dict[str, Any]] = field(default_factory=tuple)  # cross-field schema rules

    def __getitem__(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    # Worked out once per shape (the shapes are module constants), not for each of the thousands
    # of mappings a build reads through them.
    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @cached_property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if not f.required)

    @cached_property
    def plain_fields(self) -> tuple[Field, ...]:
        """The fields the loader reads by their validator alone (`plain`)."""
        return tuple(f for f in self.fields if plain(f))

    @property
    def text_keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.fields if isinstance(f.value, Text))

    def schema(self) -> dict[str, Any]:
        properties = {f.key: f.schema() for f in self.fields}
        out: dict[str, Any] = {
            "type": "object",
            "required": list(self.required),
            "properties": properties,
            "additionalProperties": False,
        }
        if self.hint:
            out["description"] = self.hint
        if self.rules:
            out["allOf"] = list(self.rules)
        return out


def _correct(extra: dict[str, Any]) -> dict[str, Any]:
    marked = {"type": "object", "required": ["correct"], "properties": {"correct": {"const": True}}}
    return {"properties": {"options": {"contains": marked, **extra}}}


def _when(key: str, match: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {key: match}, "required": [key]}, "then": then}


ID = Field("id", Ident())
SHUFFLES = model.SHUFFLES

OPTION = Shape(
    "option",
    "under the option",
    (
        ID,
        Field(
            "text",
            Text("inline"),
            said="the text of {of}",
            hint="The answer as the reader sees it.",
        ),
        Field("correct", Boolean(), said="'correct' of {of}"),
        Field(
            "explain",
            Text(),
            said="the explanation of {of}",
            hint="Feedback shown for this option once scored.",
        ),
        Field(
            "fixed",
            Boolean(),
            required=False,
            said="'fixed' of {of}",
            hint="Keeps its place when the quiz shuffles options (e.g. 'None of these').",
        ),
    ),
)

ORDER_ITEM = Shape(
    "order_item",
    "under the item",
    (ID, Field("text", Text("inline"), said="the text of {of}", hint="As the reader sees it.")),
)

QUESTION_TYPES = model.QUESTION_TYPES
CHOICE_TYPES = model.CHOICE_TYPES
# The keys only some types have, and the key each type cannot do without.
TYPE_KEYS = {
    "options": CHOICE_TYPES,
    "answer": ("fill-in",),
    "alternatives": ("fill-in",),
    "value": ("number",),
    "tolerance": ("number",),
    "unit": ("number",),
    "items": ("order",),
}
NEEDS = {t: "options" for t in CHOICE_TYPES} | {
    "fill-in": "answer",
    "number": "value",
    "order": "items",
}

QUESTION = Shape(
    "question",
    "under the question",
    (
        ID,
        Field("type", Choice(QUESTION_TYPES), said="the type of {of}"),
        Field("prompt", Text("inline"), said="the prompt of {of}"),
        Field(
            "hint",
            Text(),
            required=False,
            said="the hint of {of}",
            hint="Shown only when the reader presses 'Show a hint'; the result counts them.",
        ),
        Field(
            "points",
            Integer(1, 100),
            required=False,
            said="'points' of {of}",
            hint="What the question is worth (default 1); partial credit is a share of it.",
        ),
        Field(
            "options",
            ListOf("option", 2),
            required=False,
            said="the option list of {of}",
            hint="single, multiple and truefalse questions.",
        ),
        Field(
            "answer",
            Text("plain"),
            required=False,
            said="the answer of {of}",
            hint="fill-in: the right answer, shown once checked. Case and outer spaces are "
            "ignored.",
        ),
        Field(
            "alternatives",
            Strings(),
            required=False,
            said="the alternatives of {of}",
            hint="fill-in: other answers that count as right.",
        ),
        Field(
            "value",
            Number(-999_999, 999_999),
            required=False,
            said="'value' of {of}",
            hint="number: the right value.",
        ),
        Field(
            "tolerance",
            Number(0, 999_999),
            required=False,
            said="'tolerance' of {of}",
            hint="number: how far from 'value' still counts as right (default 0).",
        ),
        Field(
            "unit",
            Text("plain"),
            required=False,
            said="the unit of {of}",
            hint="number: shown after the field; a reader may type it too.",
        ),
        Field(
            "items",
            ListOf("order_item", 2),
            required=False,
            said="the item list of {of}",
            hint="order: the items in their right order (the page starts them in another).",
        ),
        Field(
            "explain",
            Text(),
            required=False,
            said="the explanation of {of}",
            hint="Shown once scored.",
        ),
        Field(
            "link",
            Link(),
            required=False,
            said="the link of {of}",
            hint="'Read more': a docs page, e.g. guides/x.md#anchor.",
        ),
    ),
    hint="A question: single (one correct option), multiple (one or more), truefalse (options "
    '"true" and "false"), fill-in (a typed answer), number (a typed number, within a '
    "tolerance), order (items to put in order).",
    rules=(
        *(
            _when("type", {"const": qtype}, {"required": [needed]})
            for qtype, needed in NEEDS.items()
        ),
        _when(
            "type",
            {"enum": ["single", "truefalse"]},
            _correct({"minContains": 1, "maxContains": 1}),
        ),
        _when("type", {"const": "multiple"}, _correct({"minContains": 1})),
        _when(
            "type",
            {"const": "truefalse"},
            {
                "properties": {
                    "options": {
                        "maxItems": 2,
                        "items": {"properties": {"id": {"enum": ["true", "false"]}}},
                        "allOf": [
                            {"contains": {"properties": {"id": {"const": "true"}}}},
                            {"contains": {"properties": {"id": {"const": "false"}}}},
                        ],
                    }
                }
            },
        ),
    ),
)

BAND = Shape(
    "band",
    "under the band",
    (
        ID,
        Field(
            "min",
            Integer(0, 100),
            said="'min' of {of}",
            hint="Where the band starts (percent correct, or exposure).",
        ),
        Field("label", Text("plain"), said="the label of {of}"),
        Field("meaning", Text(), required=False, said="the meaning of {of}"),
    ),
)

ACTION = Shape(
    "action",
    "under it",
    (
        Field("text", Text(), said="the text of {of}"),
        Field("minutes", Integer(1, 240), said="'minutes' of {of}"),
        Field("link", Link(), required=False, said="the link of {of}"),
    ),
)

SCALE_OPTION = Shape(
    "scale_option",
    "under the scale option",
    (
        ID,
        Field("label", Text("plain"), said="the label of {of}"),
        Field(
            "unsure",
            Boolean(),
            required=False,
            said="'unsure' of {of}",
            hint="The 'not sure' answer: counts as unsure_risk and asks for a find_out step. "
            "At most one.",
        ),
    ),
)

AREA = Shape(
    "area",
    "under the area",
    (
        ID,
        Field("title", Text("plain"), said="the title of {of}"),
        Field("link", Link(), required=False, said="the link of {of}"),
    ),
)

ITEM = Shape(
    "item",
    "under the item",
    (
        ID,
        Field("area", Ident(), said="the area of {of}", hint="The id of one of the areas."),
        Field("prompt", Text("inline"), said="the prompt of {of}"),
        Field("hint", Text(), required=False, said="the hint of {of}"),
        Field(
            "risk",
            RiskMap(),
            said="the risk of {of}",
            hint="Every scale option except the unsure one -> 0..1 (1 = fully exposed).",
        ),
        Field("likelihood", Integer(1, 5), said="'likelihood' of {of}"),
        Field(
            "impact",
            Integer(1, 5),
            said="'impact' of {of}",
            hint="weight = likelihood x impact.",
        ),
        Field(
            "rationale",
            Text("plain"),
            said="the rationale of {of}",
            hint="Why this weight; shown on the page.",
        ),
        Field("action", Nested("action"), said="the action of {of}", hint="How to fix it."),
        Field(
            "find_out",
            Nested("action"),
            required=False,
            said="the find_out step of {of}",
            hint="How to find out (for an unsure answer); required when the scale has an unsure "
            "option.",
        ),
        Field(
            "applies_if",
            Ids(),
            required=False,
            said="'applies_if' of {of}",
            hint="Profile options (ids under profile: groups:) of which any makes the item "
            "apply; without it the item is asked of every household.",
        ),
    ),
)

PROFILE_OPTION = Shape(
    "profile_option",
    "under the profile option",
    (
        ID,
        Field("label", Text("plain"), said="the label of {of}"),
        Field(
            "unsure",
            Boolean(),
            required=False,
            said="'unsure' of {of}",
            hint="The 'not sure' answer: every item applies. At most one in the profile.",
        ),
    ),
)

PROFILE_GROUP = Shape(
    "profile_group",
    "under the profile group",
    (
        ID,
        Field("title", Text("plain"), said="the title of {of}"),
        Field("options", ListOf("profile_option"), said="the option list of {of}"),
    ),
)

PROFILE = Shape(
    "profile",
    "under 'profile:'",
    (
        Field("title", Text("plain"), said="the title of {of}"),
        Field("intro", Text(), required=False, said="the intro of {of}"),
        Field("groups", ListOf("profile_group"), said="the group list of {of}"),
    ),
    hint="The household profile asked first: what the household uses. Items name the options "
    "that make them apply (applies_if); the rest are not asked, scored or planned.",
)

EARLIER_VERSION = Shape(
    "earlier_version",
    "under the earlier version",
    (
        Field(
            "version",
            Integer(1, 999),
            said="'version' of {of}",
            hint="1 for the first published item list, then one more each time.",
        ),
        Field(
            "items",
            Ids(),
            said="the item list of {of}",
            hint="That version's item ids, in its order.",
        ),
        Field("scale", Ids(), said="the scale of {of}", hint="That version's scale ids, in order."),
    ),
    hint="An item list this checklist was published with before: answers saved, exported or "
    "shared from it load into this one (dev/decisions/checklist-migration.md).",
)

_TOP = (
    Field("id", Ident(), hint="Must equal the file name without .yml."),
    Field("kind", Choice(("quiz", "checklist"))),
    Field("title", Text("plain"), said="the title of {of}"),
    Field("intro", Text(), required=False, said="the intro of {of}"),
    Field(
        "page",
        Page(),
        said="page",
        hint="The docs page that places this quiz with '/// quiz | ID'.",
    ),
    Field(
        "bands",
        ListOf("band"),
        said="bands",
        hint="Result ranges, ascending by min, the first at min 0.",
    ),
)

QUIZ = Shape(
    "quiz",
    "at the top of the file",
    (
        *_TOP,
        Field(
            "shuffle",
            Choice(SHUFFLES),
            required=False,
            said="shuffle",
            hint="What the reader's device draws in a new order each visit: none, options, "
            "questions or both (default: the site's, clearpicture.markdown shuffle). True/false "
            "options and options marked 'fixed' never move.",
        ),
        Field(
            "hint_penalty",
            Number(0, 1),
            required=False,
            said="hint_penalty",
            hint="The share of a question's points an opened hint costs (default 0: none).",
        ),
        Field("questions", ListOf("question"), said="questions"),
    ),
)

CHECKLIST = Shape(
    "checklist",
    "at the top of the file",
    (
        *_TOP,
        Field("scale", ListOf("scale_option", 2), said="scale"),
        Field("unsure_risk", Number(0, 1), required=False, said="unsure_risk"),
        Field("areas", ListOf("area"), said="areas"),
        Field(
            "profile",
            Nested("profile"),
            required=False,
            said="the profile",
            hint="What the household uses, asked first; items apply by it (applies_if).",
        ),
        Field("items", ListOf("item"), said="items"),
        Field(
            "earlier_versions",
            ListOf("earlier_version"),
            required=False,
            said="earlier_versions",
            hint="Every item list published before this one, oldest first, so answers kept "
            "from it are migrated.",
        ),
    ),
)


def plain(field: Field) -> bool:
    """A field the loader reads by its validator alone (Reader.mapping): a scalar or text."""
    return is_check(field.value) or isinstance(field.value, (Text, Link))


KINDS = {"quiz": QUIZ, "checklist": CHECKLIST}
# The keys only one kind has, and the keys a file of unknown kind may hold.
ONLY = {kind: tuple(f.key for f in shape.fields if f not in _TOP) for kind, shape in KINDS.items()}
ANY_KIND = tuple(f.key for f in _TOP if f.key != "kind") + ONLY["quiz"] + ONLY["checklist"]
SHAPES = (
    OPTION,
    ORDER_ITEM,
    QUESTION,
    BAND,
    ACTION,
    SCALE_OPTION,
    AREA,
    ITEM,
    PROFILE_OPTION,
    PROFILE_GROUP,
    PROFILE,
    EARLIER_VERSION,
)
# Keys whose value is text: a missing one is "no 'explain' text".
TEXT_KEYS = frozenset().union(*(shape.text_keys for shape in (QUIZ, CHECKLIST, *SHAPES)))


# --- the JSON Schema -----------------------------------------------------------------------------

SCHEMA_ID = "https://clearpicture.example.org/quiz.schema.json"
LINK_PATTERN = r"^(https://\S+|mailto:\S+|[^/:#?\s][^:#?\s]*\.md(#[^\s]+)?)$"


def json_schema() -> dict[str, Any]:
    """quizzes/quiz.schema.json (JSON Schema 2020-12) for editor completion and checks."""
    properties: dict[str, Any] = {}
    for shape in (QUIZ, CHECKLIST):
        for f in shape.fields:
            properties.setdefault(f.key, f.schema())
    properties["bands"]["prefixItems"] = [{"properties": {"min": {"const": 0}}}]
    properties["scale"] |= {
        "maxContains": 1,
        "minContains": 0,
        "contains": {
            "type": "object",
            "required": ["unsure"],
            "properties": {"unsure": {"const": True}},
        },
    }
    properties["unsure_risk"]["default"] = 0.5
    kinds = []
    for kind, shape in KINDS.items():
        other = next(o for o in KINDS if o != kind)
        kinds.append(
            _when(
                "kind",
                {"const": kind},
                {
                    "required": [k for k in ONLY[kind] if k in shape.required],
                    "properties": {k: False for k in ONLY[other]},
                },
            )
        )
    defs: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": "^[a-z0-9-]+$",
            "description": "Lowercase letters, digits and '-'.",
        },
        **{
            style: {"type": "string", "minLength": 1, "description": hint}
            for style, hint in TEXT_STYLES.items()
        },
        "link": {
            "type": "string",
            "pattern": LINK_PATTERN,
            "description": "A docs page relative to docs/ (guides/x.md or guides/x.md#anchor), "
            "an https: URL or a mailto: address.",
        },
        **{shape.name: shape.schema() for shape in SHAPES},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Clear Picture quiz or checklist",
        "description": "One file per quiz: quizzes/ID.yml. `python -m clearpicture check` checks "
        "what a schema cannot (unique ids, links and anchors, placements, band order).",
        "type": "object",
        "required": [k for k in QUIZ.required if k in CHECKLIST.required],
        "properties": properties,
        "additionalProperties": False,
        "allOf": kinds,
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
