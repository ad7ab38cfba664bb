"""The typed quiz model: what load.py builds from YAML and render.py turns into HTML.

Instances are valid by construction (load.py checks every rule first). `to_definition()` gives
the embedded definition JSON, the only input `scoring.score` needs besides the answers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from clearpicture import scoring

SCHEMA = scoring.SCHEMA

# Text fields are Markdown. Inside a code span `<` and `&` are literal (Markdown escapes them),
# so the raw-HTML checks and the renderer's escaping both leave code spans alone.
CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.S)

QuestionType = scoring.QuestionType
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "single",
    "multiple",
    "truefalse",
    "fill-in",
    "number",
    "order",
)
CHOICE_TYPES = ("single", "multiple", "truefalse")
# What a quiz shuffles on the reader's device each visit ("none": nothing, whatever the site says).
Shuffle = Literal["none", "options", "questions", "both"]
SHUFFLES: tuple[Shuffle, ...] = ("none", "options", "questions", "both")


@dataclass(frozen=True)
class Band:
    """A result range: applies from `min` (percent or exposure) up to the next band's min."""

    id: str
    min: int
    label: str
    meaning: str | None = None

    def to_definition(self) -> scoring.BandDefinition:
        return {"id": self.id, "min": self.min}


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    explain: str
    fixed: bool = False  # keeps its place when options are shuffled ("None of these", last)


@dataclass(frozen=True)
class OrderItem:
    """One thing an order question asks the reader to put in its place."""

    id: str
    text: str


@dataclass(frozen=True)
class Question:
    """A quiz question. Choice types (single, multiple, truefalse) have options; fill-in has an
    answer (and alternatives), number a value (within a tolerance, in a unit), order items in
    their right order."""

    id: str
    type: QuestionType
    prompt: str
    options: tuple[Option, ...] = ()
    hint: str | None = None
    explain: str | None = None
    link: str | None = None
    points: int = 1
    answer: str | None = None
    alternatives: tuple[str, ...] = ()
    value: float | None = None
    tolerance: float = 0
    unit: str | None = None
    items: tuple[OrderItem, ...] = ()

    def to_definition(self) -> scoring.QuestionDefinition:
        out: scoring.QuestionDefinition = {"id": self.id, "type": self.type}
        if self.points != 1:
            out["points"] = self.points
        if self.hint:
            out["hint"] = True
        if self.type in CHOICE_TYPES:
            out["options"] = [option.id for option in self.options]
            out["correct"] = [option.id for option in self.options if option.correct]
        elif self.type == "fill-in":
            out["accept"] = [self.answer or "", *self.alternatives]
        elif self.type == "number":
            out["value"] = self.value if self.value is not None else 0
            if self.tolerance:
                out["tolerance"] = self.tolerance
            if self.unit:
                out["unit"] = self.unit
        else:
            out["items"] = [item.id for item in self.items]
        return out


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    page: str
    questions: tuple[Question, ...]
    bands: tuple[Band, ...]
    intro: str | None = None
    source: str = ""  # the YAML file it came from, for messages
    shuffle: Shuffle | None = None  # None: the site's default (clearpicture.markdown: shuffle)
    hint_penalty: float = 0  # the share of a question's points an opened hint costs

    kind: Literal["quiz"] = "quiz"

    def to_definition(self) -> scoring.QuizDefinition:
        out: scoring.QuizDefinition = {
            "schema": SCHEMA,
            "id": self.id,
            "kind": self.kind,
            "questions": [question.to_definition() for question in self.questions],
            "bands": [band.to_definition() for band in self.bands],
        }
        if self.hint_penalty:
            out["hint_penalty"] = self.hint_penalty
        return out


@dataclass(frozen=True)
class ScaleOption:
    """One answer every checklist item offers ("Yes", "No", "Not sure")."""

    id: str
    label: str
    unsure: bool = False


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    link: str | None = None


@dataclass(frozen=True)
class Action:
    """A step the reader can take: fix the item, or find out how it stands."""

    text: str
    minutes: int
    link: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    area: str
    prompt: str
    risk: Mapping[str, float]  # scale option id -> 0..1 (unsure option excluded)
    likelihood: int
    impact: int
    rationale: str
    action: Action
    find_out: Action | None = None
    hint: str | None = None
    applies_if: tuple[str, ...] | None = None  # profile options; None: every household

    @property
    def weight(self) -> int:
        return self.likelihood * self.impact

    def to_definition(self) -> scoring.ItemDefinition:
        definition: scoring.ItemDefinition = {
            "id": self.id,
            "area": self.area,
            "risk": dict(self.risk),
            "weight": self.weight,
            "action_minutes": self.action.minutes,
            "find_out_minutes": self.find_out.minutes if self.find_out else None,
        }
        if self.applies_if is not None:
            definition["applies_if"] = list(self.applies_if)
        return definition


@dataclass(frozen=True)
class ProfileOption:
    """One thing a household may use ("iPhone or iPad"); the unsure one makes every item apply."""

    id: str
    label: str
    unsure: bool = False


@dataclass(frozen=True)
class ProfileGroup:
    id: str
    title: str
    options: tuple[ProfileOption, ...]


@dataclass(frozen=True)
class Profile:
    """ "What does your household use?": asked first; items apply by its options."""

    title: str
    groups: tuple[ProfileGroup, ...]
    intro: str | None = None

    @property
    def options(self) -> tuple[ProfileOption, ...]:
        return tuple(option for group in self.groups for option in group.options)

    @property
    def unsure(self) -> str | None:
        return next((option.id for option in self.options if option.unsure), None)

    def label(self, option_id: str) -> str:
        return next(option.label for option in self.options if option.id == option_id)

    def to_definition(self) -> scoring.ProfileDefinition:
        return {"options": [option.id for option in self.options], "unsure": self.unsure}


@dataclass(frozen=True)
class EarlierVersion:
    """An item list the checklist was published with before; the page migrates what readers
    kept from it (dev/decisions/checklist-migration.md)."""

    version: int
    items: tuple[str, ...]
    scale: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"version": self.version, "items": list(self.items), "scale": list(self.scale)}


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    page: str
    scale: tuple[ScaleOption, ...]
    areas: tuple[Area, ...]
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    unsure_risk: float = 0.5
    intro: str | None = None
    source: str = ""
    profile: Profile | None = None
    earlier_versions: tuple[EarlierVersion, ...] = ()

    kind: Literal["checklist"] = "checklist"

    @property
    def version(self) -> int:
        """This item list's version: one after the last earlier one (1 if none)."""
        return self.earlier_versions[-1].version + 1 if self.earlier_versions else 1

    def to_definition(self) -> scoring.ChecklistDefinition:
        definition: scoring.ChecklistDefinition = {
            "schema": SCHEMA,
            "id": self.id,
            "kind": self.kind,
            "unsure_risk": self.unsure_risk,
            "scale": [{"id": option.id, "unsure": option.unsure} for option in self.scale],
            "areas": [area.id for area in self.areas],
            "items": [item.to_definition() for item in self.items],
            "bands": [band.to_definition() for band in self.bands],
        }
        if self.profile is not None:
            definition["profile"] = self.profile.to_definition()
        return definition

    def versions_json(self) -> dict[str, object]:
        """What the page needs to read answers kept by earlier versions (data-cp-versions)."""
        return {
            "version": self.version,
            "earlier": [earlier.to_json() for earlier in self.earlier_versions],
        }


AnyQuiz = Quiz | Checklist


# --- HTML ids -------------------------------------------------------------------------------
# Kept beside the model so the loader can reject a quiz whose element ids would collide
# (ids are joined with "-", and ids may contain "-") before render.py ever emits them.


def form_id(quiz_id: str) -> str:
    return f"cp-quiz-{quiz_id}"


def title_id(quiz_id: str) -> str:
    return f"cp-quiz-{quiz_id}-title"


def fieldset_id(quiz_id: str, question_id: str) -> str:
    return f"cp-q-{quiz_id}-{question_id}"


def hint_id(quiz_id: str, question_id: str) -> str:
    return f"cp-q-{quiz_id}-{question_id}-hint"


def input_name(quiz_id: str, question_id: str) -> str:
    return f"cp-{quiz_id}-{question_id}"


def input_id(quiz_id: str, question_id: str, option_id: str) -> str:
    return f"cp-{quiz_id}-{question_id}-{option_id}"


def profile_id(quiz_id: str, entry_id: str) -> str:
    """The HTML id of a profile group's fieldset or a profile option's checkbox."""
    return f"cp-profile-{quiz_id}-{entry_id}"


def entry_id(quiz_id: str, question_id: str) -> str:
    """The text field of a fill-in or number question."""
    return f"cp-{quiz_id}-{question_id}--entry"


def unit_id(quiz_id: str, question_id: str) -> str:
    return f"cp-{quiz_id}-{question_id}--unit"


def element_ids(quiz: AnyQuiz) -> Iterator[tuple[str, str, str | None]]:
    """Every HTML id the rendered quiz carries: (id, what it belongs to, question/item id)."""
    yield form_id(quiz.id), "the quiz", None
    yield title_id(quiz.id), "the quiz title", None
    entries: list[tuple[str, str, str | None, tuple[str, ...]]] = (
        [
            (q.id, f"question '{q.id}'", q.hint, tuple(o.id for o in q.options))
            for q in quiz.questions
        ]
        if isinstance(quiz, Quiz)
        else [(i.id, f"item '{i.id}'", i.hint, tuple(o.id for o in quiz.scale)) for i in quiz.items]
    )
    for own_id, what, hint, option_ids in entries:
        yield fieldset_id(quiz.id, own_id), what, own_id
        if hint:
            yield hint_id(quiz.id, own_id), f"the hint of {what}", own_id
        for option_id in option_ids:
            yield (
                input_id(quiz.id, own_id, option_id),
                f"option '{option_id}' of {what}",
                own_id,
            )
    if isinstance(quiz, Checklist) and quiz.profile is not None:
        yield profile_id(quiz.id, "step"), "the profile step", None
        for group in quiz.profile.groups:
            # Their lines are kept as "profile:ID" (load.py), apart from item ids.
            yield (
                profile_id(quiz.id, group.id),
                f"profile group '{group.id}'",
                f"profile:{group.id}",
            )
            for option in group.options:
                yield (
                    profile_id(quiz.id, option.id),
                    f"profile option '{option.id}'",
                    f"profile:{option.id}",
                )

    if isinstance(quiz, Quiz):
        for q in quiz.questions:
            if q.type in ("fill-in", "number"):
                yield entry_id(quiz.id, q.id), f"the answer field of question '{q.id}'", q.id
            if q.unit:
                yield unit_id(quiz.id, q.id), f"the unit of question '{q.id}'", q.id
