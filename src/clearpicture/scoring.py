"""The one scoring engine: a quiz or checklist definition plus a reader's answers in, a plain
JSON-able result out. Standard library only, no I/O, no state: this file is copied alone into
the built site and imported by Pyodide in the browser as the top-level module `scoring`.

Exact arithmetic and rounding (the same on every machine, CPython or Pyodide):

* A number from the definition is taken at its shortest decimal spelling (`repr`), so a risk of
  0.1 means exactly 1/10, not the nearest binary double. All sums are done on integers.
* Rounding is half up (away from zero; every value here is >= 0), never banker's rounding:
  12.5 -> 13, 0.125 -> 0.13 at two decimals. It is done once, on the exact value.
* quiz: each question is worth `points` (default 1) times its credit, a fraction from 0 to 1:
  - single, truefalse, fill-in, number: 1 for the right answer, else 0;
  - multiple: right picks / right options - wrong picks / wrong options, floored at 0 (ticking
    every box, or none, earns 0 whatever the mix of options; a question whose options are all
    right earns right picks / right options);
  - order: over every pair of items, (pairs in the right order - pairs the wrong way round) /
    all pairs, floored at 0 (the same rule: each "X before Y" the reader made is a pick).
  A question whose hint was shown keeps (1 - hint_penalty) of it (no penalty by default).
  `earned` per question and the quiz `score` are the exact sums rounded half up to 2 decimals;
  `percent` = exact score * 100 / max points, rounded half up to an integer.
* checklist `exposure` = sum(weight * risk) / sum(weight) * 100 over answered items, rounded half
  up to an integer; 0 when nothing is answered (the same per area).
* plan `reduction` = weight * risk of the step's item, rounded half up to 2 decimals (a float);
  `per_minute` = weight * risk / minutes, rounded half up to 3 decimals (a float). The plan is
  ordered on the exact values (per minute desc, then reduction desc, then item order), so the
  rounded numbers shown never contradict the order.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from typing import Any, Literal, NotRequired, TypedDict

SCHEMA = 1

# An answer whose value has the wrong type is reported in `unknown` as "QUESTION:?".
WRONG_TYPE = "?"

_DECIMAL = re.compile(r"(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?")


# --- the data in and out, as types ---------------------------------------------------------------
# The definition model.to_definition() writes and the results score() returns. They live here, in
# the one module the browser runs, so the engine and the model share them; the browser's
# docs/assets/javascripts/scoring-protocol.js names the same shapes for the page's scripts.


class BandDefinition(TypedDict):
    id: str
    min: int


QuestionType = Literal["single", "multiple", "truefalse", "fill-in", "number", "order"]


class QuestionDefinition(TypedDict):
    id: str
    type: QuestionType
    points: NotRequired[int]  # default 1
    hint: NotRequired[bool]  # the question has a hint a reader may open
    options: NotRequired[list[str]]  # single, multiple, truefalse
    correct: NotRequired[list[str]]  # single, multiple, truefalse
    accept: NotRequired[list[str]]  # fill-in
    value: NotRequired[int | float]  # number
    tolerance: NotRequired[int | float]  # number, default 0
    unit: NotRequired[str]  # number
    items: NotRequired[list[str]]  # order: the right order


class QuizDefinition(TypedDict):
    schema: int
    id: str
    kind: Literal["quiz"]
    hint_penalty: NotRequired[int | float]  # 0..1 of a hinted question's credit, default 0
    questions: list[QuestionDefinition]
    bands: list[BandDefinition]


class ScaleDefinition(TypedDict):
    id: str
    unsure: bool


class ItemDefinition(TypedDict):
    id: str
    area: str
    risk: dict[str, float]  # scale option -> 0..1, the unsure option left out
    weight: int
    action_minutes: int
    find_out_minutes: int | None
    applies_if: NotRequired[list[str]]  # profile options, any of which makes it apply


class ProfileDefinition(TypedDict):
    options: list[str]  # what a household may use, in order
    unsure: str | None  # the option that makes every item apply ("not sure")


class ChecklistDefinition(TypedDict):
    schema: int
    id: str
    kind: Literal["checklist"]
    unsure_risk: float
    scale: list[ScaleDefinition]
    areas: list[str]
    items: list[ItemDefinition]
    bands: list[BandDefinition]
    profile: NotRequired[ProfileDefinition]


Definition = QuizDefinition | ChecklistDefinition
# {question or item: option}, {question: [options]} for a multiple question, [items] for an
# order question, the text typed for fill-in and number.
Answers = dict[str, str | list[str]]


class QuestionResult(TypedDict):
    id: str
    status: Literal["correct", "partial", "incorrect", "unanswered"]
    selected: list[str]  # the options picked, the text typed or the order given
    correct: list[str]  # the right options, the accepted answers, the value or the right order
    points: int
    earned: float  # points * credit (less a hint penalty), rounded half up to 2 decimals
    hinted: bool
    note: NotRequired[str]  # "not-a-number": a number answer that could not be read


class QuizResult(TypedDict):
    schema: int
    id: str
    kind: Literal["quiz"]
    score: float  # points earned, rounded half up to 2 decimals
    max: int  # points available
    percent: int
    band: str
    correct: int  # questions fully right
    hints: int  # hints opened
    questions: list[QuestionResult]
    missing: list[str]
    unknown: list[str]


class AreaResult(TypedDict):
    id: str
    exposure: int
    band: str
    answered: int
    total: int


class PlanStep(TypedDict):
    item: str
    step: Literal["fix", "find-out"]
    reduction: float
    minutes: int
    per_minute: float
    members: NotRequired[list[int]]  # household: the members whose answer is risky or unsure


class ChecklistResult(TypedDict):
    schema: int
    id: str
    kind: Literal["checklist"]
    exposure: int
    band: str
    answered: int
    total: int
    areas: list[AreaResult]
    plan: list[PlanStep]
    missing: list[str]
    unknown: list[str]
    skipped: list[str]  # items the household profile says do not apply: not asked or scored


class HouseholdResult(TypedDict):
    schema: int
    id: str
    kind: Literal["household"]
    members: list[ChecklistResult]
    combined: ChecklistResult


def score(
    definition: Any, answers: Any, hints: Any = None, *, profile: Any = None
) -> QuizResult | ChecklistResult:
    """Score one reader's answers against a quiz or checklist definition. `hints` lists the quiz
    questions whose hint the reader opened (a checklist ignores it).

    `profile` (a checklist's): the profile options the household ticked, or None when it gave
    none; items whose `applies_if` names none of them are skipped — not asked, not scored, not
    planned — unless it ticked the unsure option. A quiz ignores it.

    Answer problems (missing ids, unknown ids, wrong value types) never raise: they are
    reported in `missing` and `unknown`. A malformed definition raises ValueError.

    `definition` may also be what `prepare` made of one: the same result, without reading the
    definition again."""
    engine = _prepared(definition).engine
    if isinstance(engine, _Quiz):
        return _score_quiz(engine, answers, hints)
    return _score_checklist(engine, answers, profile)


class Prepared:
    """A definition read and checked once by `prepare`, to score many answers against."""

    __slots__ = ("engine",)

    def __init__(self, definition: Any) -> None:
        kind = _kind(definition)
        self.engine: _Quiz | _Checklist = (
            _Quiz(definition) if kind == "quiz" else _Checklist(definition)
        )


def prepare(definition: Any) -> Prepared:
    """Read and check a definition once (a malformed one raises ValueError, as in score), for
    score and score_household to take in its place: a page that scores the same quiz again
    and again then only grades the answers (reading a 1,000-question definition costs about as
    much as grading it). Nothing of any answers is kept in it."""
    return Prepared(definition)


def _prepared(definition: Any) -> Prepared:
    return definition if isinstance(definition, Prepared) else Prepared(definition)


def score_household(definition: Any, answers_list: Any, *, profile: Any = None) -> HouseholdResult:
    """Score a checklist once per household member, then combine them: per item, the highest
    risk any member's answer carries. Plan steps of the combined result name the members
    (0-based indexes) whose answer to that item is risky or unsure. The household has one
    `profile` (as for score), the same for every member. `definition` may be a `prepare`d one."""
    # A quiz's kind is told before it is read (its own problems would be the wrong message).
    is_checklist = isinstance(definition, Prepared) or _kind(definition) == "checklist"
    checklist = _prepared(definition).engine if is_checklist else None
    if not isinstance(checklist, _Checklist):
        raise ValueError("household scoring needs a checklist definition (kind: checklist)")
    applying, problems = checklist.applying(profile)
    members_answers = answers_list if isinstance(answers_list, (list, tuple)) else []
    readings = [checklist.read(answers, applying) for answers in members_answers]
    combined: dict[str, _Reading] = {}
    involved: dict[str, list[int]] = {}
    for item in applying:
        item_id = item["id"]
        best: _Reading | None = None
        for index, reading in enumerate(readings):
            answer = reading.answers.get(item_id)
            if answer is None:
                continue
            if answer.risk > 0 or answer.unsure:
                involved.setdefault(item_id, []).append(index)
            # The riskiest answer wins; on a tie a definite answer beats an unsure one,
            # because fixing is then known to be needed.
            if (
                best is None
                or answer.risk > best.risk
                or (answer.risk == best.risk and best.unsure and not answer.unsure)
            ):
                best = answer
        if best is not None:
            combined[item_id] = best
    unknown = sorted({entry for reading in readings for entry in reading.unknown} | problems)
    result = checklist.result(combined, unknown, applying)
    for step in result["plan"]:
        step["members"] = involved.get(step["item"], [])
    return {
        "schema": SCHEMA,
        "id": checklist.id,
        "kind": "household",
        "members": [
            checklist.result(reading.answers, sorted(set(reading.unknown) | problems), applying)
            for reading in readings
        ],
        "combined": result,
    }


# --- definitions ----------------------------------------------------------------------------


def _kind(definition: Any) -> str:
    if not isinstance(definition, dict):
        raise ValueError("definition must be an object")
    if definition.get("schema") != SCHEMA:
        raise ValueError(f"definition schema must be {SCHEMA}, not {definition.get('schema')!r}")
    kind = definition.get("kind")
    if kind not in ("quiz", "checklist"):
        raise ValueError(f"definition kind must be 'quiz' or 'checklist', not {kind!r}")
    return str(kind)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"malformed definition: {message}")


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entries(value: Any, what: str, objects: bool = True) -> list[Any]:
    """A non-empty list whose entries (objects with an "id", or bare ids) have unique ids."""
    _require(isinstance(value, list) and len(value) > 0, f"{what} must be a non-empty list")
    entries: list[Any] = value
    _require(not objects or all(isinstance(e, dict) for e in entries), f"{what} must be objects")
    ids = [_id_of(entry) for entry in entries]
    _require(all(_is_id(i) for i in ids), f"every {what} entry needs a string id")
    _require(len(set(ids)) == len(ids), f"{what} ids must be unique")
    return entries


def _id_of(entry: Any) -> Any:
    return entry.get("id") if isinstance(entry, dict) else entry


def _ids(value: Any, what: str) -> list[str]:
    return [str(entry) for entry in _entries(value, what, objects=False)]


def _bands(definition: dict[str, Any]) -> list[tuple[str, int]]:
    bands = _entries(definition.get("bands"), "bands")
    pairs = [(b["id"], b.get("min")) for b in bands]
    _require(all(_is_int(m) for _, m in pairs), "every band needs an integer min")
    _require(pairs[0][1] == 0, "the first band must start at min 0")
    _require(all(a[1] < b[1] for a, b in itertools.pairwise(pairs)), "band mins must ascend")
    return pairs


def _profile(value: Any) -> tuple[list[str], str | None]:
    """A checklist's profile: its option ids, and the unsure one (None if it has none)."""
    if value is None:
        return [], None
    _require(isinstance(value, dict), "profile must be an object")
    options = _ids(value.get("options"), "profile options")
    unsure = value.get("unsure")
    _require(unsure is None or unsure in options, "profile unsure must be one of its options")
    return options, unsure


def _band(bands: list[tuple[str, int]], value: int) -> str:
    chosen = bands[0][0]
    for band_id, minimum in bands:
        if value >= minimum:
            chosen = band_id
    return chosen


def _decimal(value: Any, what: str) -> tuple[int, int]:
    """A number as (mantissa, exponent) of its shortest decimal spelling: 0.25 -> (25, -2)."""
    _require(
        isinstance(value, (int, float)) and not isinstance(value, bool), f"{what} must be a number"
    )
    match = _DECIMAL.fullmatch(repr(value))
    _require(match is not None, f"{what} must be a finite number >= 0, not {value!r}")
    assert match is not None
    whole, fraction, exponent = match.group(1), match.group(2) or "", match.group(3) or "0"
    return int(whole + fraction), int(exponent) - len(fraction)


def _signed(value: Any, what: str) -> tuple[int, int]:
    """A number of any sign as (mantissa, exponent) of its shortest decimal spelling."""
    _require(
        isinstance(value, (int, float)) and not isinstance(value, bool), f"{what} must be a number"
    )
    spelled = repr(value)
    match = _DECIMAL.fullmatch(spelled.removeprefix("-"))
    _require(match is not None, f"{what} must be a finite number, not {value!r}")
    mantissa, exponent = _decimal(abs(value), what)
    return (-mantissa if spelled.startswith("-") else mantissa), exponent


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for numerator >= 0 and denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


QUESTION_TYPES = ("single", "multiple", "truefalse", "fill-in", "number", "order")
CHOICE_TYPES = ("single", "multiple", "truefalse")


class _Quiz:
    def __init__(self, definition: dict[str, Any]) -> None:
        self.id: Any = definition.get("id")  # passed through to the result as it came
        _require(_is_id(self.id), "id must be a non-empty string")
        penalty = definition.get("hint_penalty", 0)
        mantissa, exponent = _decimal(penalty, "hint_penalty")
        # What a hinted question keeps: (unit - penalty) / unit, exactly.
        self.unit = 10 ** max(0, -exponent)
        self.kept = self.unit - mantissa * 10 ** max(0, exponent)
        _require(0 <= self.kept <= self.unit, "hint_penalty must lie in 0..1")
        self.questions: list[dict[str, Any]] = []
        for question in _entries(definition.get("questions"), "questions"):
            self.questions.append(_question(question))
        self.bands = _bands(definition)


def _question(question: Any) -> dict[str, Any]:
    """One question of a quiz definition, checked, with what its type needs."""
    qid = question["id"]
    qtype = question.get("type")
    _require(qtype in QUESTION_TYPES, f"question {qid!r} type {qtype!r}")
    points = question.get("points", 1)
    _require(_is_int(points) and points > 0, f"points of question {qid!r} must be an int > 0")
    checked: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "points": points,
        "hint": question.get("hint", False) is True,
    }
    if qtype in CHOICE_TYPES:
        options = _ids(question.get("options"), f"options of question {qid!r}")
        correct = question.get("correct")
        _require(
            isinstance(correct, list) and len(correct) > 0 and set(correct) <= set(options),
            f"correct of question {qid!r} must list one or more of its options",
        )
        _require(qtype == "multiple" or len(correct) == 1, f"question {qid!r} needs one correct")
        checked |= {"options": options, "correct": list(correct)}
    elif qtype == "fill-in":
        accept = question.get("accept")
        _require(
            isinstance(accept, list)
            and len(accept) > 0
            and all(isinstance(a, str) and _words(a) for a in accept),
            f"accept of question {qid!r} must list one or more non-empty answers",
        )
        checked |= {"accept": list(accept), "accepted": {_words(a) for a in accept}}
    elif qtype == "number":
        value = question.get("value")
        tolerance = question.get("tolerance", 0)
        unit = question.get("unit")
        _require(unit is None or isinstance(unit, str), f"unit of question {qid!r} must be text")
        checked |= {
            "value": _signed(value, f"value of question {qid!r}"),
            "tolerance": _decimal(tolerance, f"tolerance of question {qid!r}"),
            "unit": _words(unit) if unit else "",
            "shown": repr(value),
        }
    else:
        checked["items"] = _ids(question.get("items"), f"items of question {qid!r}")
        _require(len(checked["items"]) >= 2, f"question {qid!r} needs two or more items")
    return checked


class _Reading:
    """One valid checklist answer: the risk it carries (scaled integer) and whether unsure."""

    __slots__ = ("risk", "unsure")

    def __init__(self, risk: int, unsure: bool) -> None:
        self.risk = risk
        self.unsure = unsure


class _Answers:
    __slots__ = ("answers", "unknown")

    def __init__(self, answers: dict[str, _Reading], unknown: list[str]) -> None:
        self.answers = answers
        self.unknown = unknown


class _Checklist:
    def __init__(self, definition: dict[str, Any]) -> None:
        self.id: Any = definition.get("id")  # passed through to the result as it came
        _require(_is_id(self.id), "id must be a non-empty string")
        scale = _entries(definition.get("scale"), "scale")
        scale_ids = [str(s["id"]) for s in scale]
        self.unsure_ids = {s["id"] for s in scale if s.get("unsure") is True}
        _require(len(self.unsure_ids) <= 1, "at most one scale option may be unsure")
        self.scale_ids = scale_ids
        self.areas = _ids(definition.get("areas"), "areas")
        self.profile_options, self.profile_unsure = _profile(definition.get("profile"))
        items = _entries(definition.get("items"), "items")
        # Every risk is turned into an integer over one common power of ten, self.unit.
        raw: list[tuple[str, tuple[int, int]]] = [
            ("", _decimal(definition.get("unsure_risk"), "unsure_risk"))
        ]
        for item in items:
            iid = item["id"]
            _require(item.get("area") in self.areas, f"item {iid!r} has an unknown area")
            weight = item.get("weight")
            _require(_is_int(weight) and weight > 0, f"item {iid!r} weight must be an int > 0")
            for key in ("action_minutes", "find_out_minutes"):
                minutes = item.get(key)
                _require(
                    (_is_int(minutes) and minutes > 0)
                    or (key == "find_out_minutes" and minutes is None),
                    f"item {iid!r} {key} must be an int > 0",
                )
            risk = item.get("risk")
            _require(isinstance(risk, dict), f"item {iid!r} risk must be an object")
            for option in scale_ids:
                if option not in self.unsure_ids:
                    _require(option in risk, f"item {iid!r} has no risk for {option!r}")
                    raw.append((f"{iid}:{option}", _decimal(risk[option], f"risk of {iid!r}")))
        digits = max(0, *(-exponent for _, (_, exponent) in raw))
        self.unit = 10**digits
        scaled = {key: mantissa * 10 ** (exponent + digits) for key, (mantissa, exponent) in raw}
        _require(all(0 <= v <= self.unit for v in scaled.values()), "risks must lie in 0..1")
        self.unsure_risk = scaled.pop("")
        self.items: list[dict[str, Any]] = []
        for item in items:
            iid = item["id"]
            self.items.append(
                {
                    "id": iid,
                    "area": item["area"],
                    "weight": item["weight"],
                    "risk": {
                        o: scaled[f"{iid}:{o}"] for o in scale_ids if o not in self.unsure_ids
                    },
                    "action_minutes": item["action_minutes"],
                    "find_out_minutes": item.get("find_out_minutes"),
                    "applies_if": self._applies_if(item),
                }
            )
        self.bands = _bands(definition)

    def _applies_if(self, item: dict[str, Any]) -> frozenset[str] | None:
        """The profile options that make an item apply; None: it applies to every household."""
        if "applies_if" not in item:
            return None
        iid = item["id"]
        listed = item["applies_if"]
        _require(
            isinstance(listed, list) and len(listed) > 0,
            f"item {iid!r} applies_if must be a non-empty list",
        )
        assert isinstance(listed, list)
        known = set(self.profile_options) - {self.profile_unsure}
        _require(
            all(isinstance(o, str) and o in known for o in listed),
            f"item {iid!r} applies_if must name profile options (not the unsure one)",
        )
        return frozenset(listed)

    def applying(self, profile: Any) -> tuple[list[dict[str, Any]], set[str]]:
        """The items a household's profile makes apply, and the profile entries not understood
        ("profile:ID" for an unknown option, "profile:?" for a value of the wrong type). No
        profile (None), or one holding the unsure option, makes every item apply; so does a
        profile that names no option this checklist knows, rather than leave nothing to ask."""
        if profile is None:
            return list(self.items), set()
        if not isinstance(profile, list):
            return list(self.items), {f"profile:{WRONG_TYPE}"}
        problems: set[str] = set()
        ticked: set[str] = set()
        for entry in profile:
            if not isinstance(entry, str):
                problems.add(f"profile:{WRONG_TYPE}")
            elif entry in self.profile_options:
                ticked.add(entry)
            else:
                problems.add(f"profile:{entry}")
        if not ticked or self.profile_unsure in ticked:
            return list(self.items), problems
        applying = [
            item for item in self.items if item["applies_if"] is None or item["applies_if"] & ticked
        ]
        return applying, problems

    def read(self, answers: Any, applying: list[dict[str, Any]] | None = None) -> _Answers:
        """The valid answers of one reader to the items that apply (all by default), and what
        could not be used. An answer to an item that does not apply is set aside unread."""
        pairs, unknown = _answer_pairs(answers, {item["id"] for item in self.items})
        readings: dict[str, _Reading] = {}
        for item in self.items if applying is None else applying:
            if item["id"] not in pairs:
                continue
            value = pairs[item["id"]]
            if not isinstance(value, str):
                unknown.append(f"{item['id']}:{WRONG_TYPE}")
            elif value in self.unsure_ids:
                readings[item["id"]] = _Reading(self.unsure_risk, True)
            elif value in item["risk"]:
                readings[item["id"]] = _Reading(item["risk"][value], False)
            else:
                unknown.append(f"{item['id']}:{value}")
        return _Answers(readings, sorted(set(unknown)))

    def result(
        self,
        readings: dict[str, _Reading],
        unknown: list[str],
        applying: list[dict[str, Any]] | None = None,
    ) -> ChecklistResult:
        """The checklist result for a set of valid answers, over the items that apply."""
        asked = self.items if applying is None else applying
        answered = [item for item in asked if item["id"] in readings]
        exposure = self._exposure(answered, readings)
        areas: list[AreaResult] = []
        for area in self.areas:
            in_area = [item for item in answered if item["area"] == area]
            area_exposure = self._exposure(in_area, readings)
            areas.append(
                {
                    "id": area,
                    "exposure": area_exposure,
                    "band": _band(self.bands, area_exposure),
                    "answered": len(in_area),
                    "total": sum(1 for item in asked if item["area"] == area),
                }
            )
        asked_ids = {item["id"] for item in asked}
        return {
            "schema": SCHEMA,
            "id": self.id,
            "kind": "checklist",
            "exposure": exposure,
            "band": _band(self.bands, exposure),
            "answered": len(answered),
            "total": len(asked),
            "areas": areas,
            "plan": self._plan(answered, readings),
            "missing": [item["id"] for item in asked if item["id"] not in readings],
            "unknown": unknown,
            "skipped": [item["id"] for item in self.items if item["id"] not in asked_ids],
        }

    def _exposure(self, items: list[dict[str, Any]], readings: dict[str, _Reading]) -> int:
        total = sum(item["weight"] for item in items)
        if total == 0:
            return 0
        exposed = sum(item["weight"] * readings[item["id"]].risk for item in items)
        return _round_half_up(exposed * 100, total * self.unit)

    def _plan(self, items: list[dict[str, Any]], readings: dict[str, _Reading]) -> list[PlanStep]:
        steps: list[tuple[int, int, int, PlanStep]] = []
        for order, item in enumerate(items):
            reading = readings[item["id"]]
            if reading.risk == 0:
                continue
            finding_out = reading.unsure and item["find_out_minutes"] is not None
            minutes = item["find_out_minutes"] if finding_out else item["action_minutes"]
            exact = item["weight"] * reading.risk  # reduction, in 1/self.unit
            steps.append(
                (
                    exact,
                    minutes,
                    order,
                    {
                        "item": item["id"],
                        "step": "find-out" if finding_out else "fix",
                        "reduction": _round_half_up(exact * 100, self.unit) / 100,
                        "minutes": minutes,
                        "per_minute": _round_half_up(exact * 1000, self.unit * minutes) / 1000,
                    },
                )
            )
        steps.sort(key=functools.cmp_to_key(_step_order))
        return [step for *_, step in steps]


def _step_order(a: tuple[int, int, int, PlanStep], b: tuple[int, int, int, PlanStep]) -> int:
    """Per minute descending (compared exactly: a/ma vs b/mb), then reduction, then order."""
    (ra, ma, oa, _), (rb, mb, ob, _) = a, b
    by_minute = rb * ma - ra * mb
    if by_minute:
        return by_minute
    if ra != rb:
        return rb - ra
    return oa - ob


def _answer_pairs(answers: Any, known: set[str]) -> tuple[dict[str, Any], list[str]]:
    """Answers for known ids (a None value counts as no answer); every other key is unknown."""
    if answers is None:
        return {}, []
    if not isinstance(answers, dict):
        return {}, [WRONG_TYPE]
    pairs: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in answers.items():
        if not isinstance(key, str):
            unknown.append(WRONG_TYPE)
        elif key not in known:
            unknown.append(key)
        elif value is not None:
            pairs[key] = value
    return pairs, unknown


# --- results --------------------------------------------------------------------------------


def _score_quiz(quiz: _Quiz, answers: Any, hints: Any) -> QuizResult:
    pairs, unknown = _answer_pairs(answers, {q["id"] for q in quiz.questions})
    hinted = _hinted(hints, quiz.questions, unknown)
    questions: list[QuestionResult] = []
    # The exact score as a fraction; every question's credit is num / den.
    total, total_den = 0, 1
    correct_count = 0
    for question in quiz.questions:
        qid = question["id"]
        grade = _grade(question, pairs[qid], unknown) if qid in pairs else None
        if grade is None:
            grade = _Grade("unanswered", [], 0, 1)
        num, den = grade.num * question["points"], grade.den
        if qid in hinted:
            num, den = num * quiz.kept, den * quiz.unit
        total, total_den = _add(total, total_den, num, den)
        status: Literal["correct", "partial", "incorrect", "unanswered"]
        if grade.status == "unanswered":
            status = "unanswered"
        else:
            status = (
                "correct" if grade.num == grade.den else "partial" if grade.num else "incorrect"
            )
        correct_count += status == "correct"
        entry: QuestionResult = {
            "id": qid,
            "status": status,
            "selected": grade.selected,
            "correct": _right_answer(question),
            "points": question["points"],
            "earned": _round_half_up(num * 100, den) / 100,
            "hinted": qid in hinted,
        }
        if grade.note:
            entry["note"] = grade.note
        questions.append(entry)
    maximum = sum(q["points"] for q in quiz.questions)
    percent = _round_half_up(total * 100, total_den * maximum)
    return {
        "schema": SCHEMA,
        "id": quiz.id,
        "kind": "quiz",
        "score": _round_half_up(total * 100, total_den) / 100,
        "max": maximum,
        "percent": percent,
        "band": _band(quiz.bands, percent),
        "correct": correct_count,
        "hints": len(hinted),
        "questions": questions,
        "missing": [q["id"] for q in questions if q["status"] == "unanswered"],
        "unknown": sorted(set(unknown)),
    }


def _add(num: int, den: int, other_num: int, other_den: int) -> tuple[int, int]:
    """num/den + other_num/other_den, in lowest terms."""
    common = den * other_den // math.gcd(den, other_den)
    total = num * (common // den) + other_num * (common // other_den)
    divisor = math.gcd(total, common)
    return total // divisor, common // divisor


def _hinted(hints: Any, questions: list[dict[str, Any]], unknown: list[str]) -> set[str]:
    """The questions with a hint whose hint the reader opened; other entries are reported."""
    if hints is None:
        return set()
    if not isinstance(hints, list):
        unknown.append(f"hint:{WRONG_TYPE}")
        return set()
    with_hint = {q["id"] for q in questions if q["hint"]}
    hinted: set[str] = set()
    for entry in hints:
        if not isinstance(entry, str):
            unknown.append(f"hint:{WRONG_TYPE}")
        elif entry in with_hint:
            hinted.add(entry)
        else:
            unknown.append(f"hint:{entry}")
    return hinted


class _Grade:
    """How one answer fares: "graded" with a credit of num/den (or "unanswered"), the answer as
    the result shows it, and a note when the answer could not be read as meant."""

    __slots__ = ("den", "note", "num", "selected", "status")

    def __init__(
        self, status: str, selected: list[str], num: int, den: int, note: str = ""
    ) -> None:
        self.status, self.selected, self.num, self.den, self.note = (
            status,
            selected,
            num,
            den,
            note,
        )


def _right_answer(question: dict[str, Any]) -> list[str]:
    qtype = question["type"]
    if qtype in CHOICE_TYPES:
        return list(question["correct"])
    if qtype == "fill-in":
        return list(question["accept"])
    if qtype == "number":
        return [question["shown"]]
    return list(question["items"])


def _grade_choice(question: dict[str, Any], value: Any, unknown: list[str]) -> _Grade | None:
    picked = _picked(question, value, unknown)
    selected = [o for o in question["options"] if o in picked]
    if not selected:
        return None
    right = set(question["correct"])
    if question["type"] != "multiple":
        return _Grade("graded", selected, int(picked == right), 1)
    # Right picks / right options - wrong picks / wrong options, floored at 0.
    hits, misses = len(picked & right), len(picked - right)
    wrong = len(question["options"]) - len(right)
    if not wrong:
        return _Grade("graded", selected, hits, len(right))
    return _Grade(
        "graded", selected, max(0, hits * wrong - misses * len(right)), len(right) * wrong
    )


def _grade_fill_in(question: dict[str, Any], value: Any, unknown: list[str]) -> _Grade | None:
    if not isinstance(value, str):
        unknown.append(f"{question['id']}:{WRONG_TYPE}")
        return None
    typed = _words(value)
    if not typed:
        return None
    return _Grade("graded", [" ".join(value.split())], int(typed in question["accepted"]), 1)


def _grade_number(question: dict[str, Any], value: Any, unknown: list[str]) -> _Grade | None:
    if isinstance(value, str):
        shown = " ".join(value.split())
        if not shown:
            return None
        reading = _read_number(shown, question["unit"])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = repr(value)
        reading = _read_number(shown, "")
    else:
        unknown.append(f"{question['id']}:{WRONG_TYPE}")
        return None
    if reading is None:
        return _Grade("graded", [shown], 0, 1, "not-a-number")
    (am, ae), (vm, ve), (tm, te) = reading, question["value"], question["tolerance"]
    low = min(ae, ve, te)
    gap = abs(am * 10 ** (ae - low) - vm * 10 ** (ve - low))
    return _Grade("graded", [shown], int(gap <= tm * 10 ** (te - low)), 1)


# A number as a reader types it: a sign, digits, one decimal mark ("." or ","); no grouping.
_TYPED_NUMBER = re.compile(r"([+-]?)(\d*)(?:[.,](\d*))?")


def _read_number(text: str, unit: str) -> tuple[int, int] | None:
    """(mantissa, exponent) of a typed number, the question's unit allowed after it."""
    text = text.replace("\u2212", "-").casefold()
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    text = text.strip()
    match = _TYPED_NUMBER.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        return None
    whole, fraction = match.group(2), match.group(3) or ""
    mantissa = int(whole + fraction or "0")
    return (-mantissa if match.group(1) == "-" else mantissa), -len(fraction)


def _grade_order(question: dict[str, Any], value: Any, unknown: list[str]) -> _Grade | None:
    items = question["items"]
    if value == []:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        unknown.append(f"{question['id']}:{WRONG_TYPE}")
        return None
    strange = [v for v in value if v not in items]
    unknown.extend(f"{question['id']}:{v}" for v in strange)
    if strange or sorted(value) != sorted(items):
        if not strange:
            unknown.append(f"{question['id']}:{WRONG_TYPE}")
        return None
    # Every pair of items is a pick: in the right order, or the wrong way round.
    place = {item: index for index, item in enumerate(items)}
    right = sum(1 for a, b in itertools.combinations(value, 2) if place[a] < place[b])
    pairs = len(items) * (len(items) - 1) // 2
    return _Grade("graded", list(value), max(0, right - (pairs - right)), pairs)


def _words(text: str) -> str:
    """Text as a fill-in compares it: case ignored, outer spaces dropped, inner runs as one."""
    return " ".join(text.split()).casefold()


def _grade(question: dict[str, Any], value: Any, unknown: list[str]) -> _Grade | None:
    """The grade of one answer by its question's type; None when it counts as unanswered."""
    qtype = question["type"]
    if qtype in CHOICE_TYPES:
        return _grade_choice(question, value, unknown)
    if qtype == "fill-in":
        return _grade_fill_in(question, value, unknown)
    if qtype == "number":
        return _grade_number(question, value, unknown)
    return _grade_order(question, value, unknown)


def _picked(question: dict[str, Any], value: Any, unknown: list[str]) -> set[str]:
    """The valid options one answer picks; anything unusable goes to `unknown`."""
    qid = question["id"]
    if question["type"] == "multiple":
        if not isinstance(value, list):
            unknown.append(f"{qid}:{WRONG_TYPE}")
            return set()
        values: list[Any] = value
    else:
        values = [value]
    picked: set[str] = set()
    for v in values:
        if not isinstance(v, str):
            unknown.append(f"{qid}:{WRONG_TYPE}")
        elif v in question["options"]:
            picked.add(v)
        else:
            unknown.append(f"{qid}:{v}")
    return picked


def _score_checklist(checklist: _Checklist, answers: Any, profile: Any) -> ChecklistResult:
    applying, problems = checklist.applying(profile)
    reading = checklist.read(answers, applying)
    return checklist.result(reading.answers, sorted(set(reading.unknown) | problems), applying)
