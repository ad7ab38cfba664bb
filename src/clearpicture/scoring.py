"""The one scoring engine: a quiz or checklist definition plus a reader's answers in, a plain
JSON-able result out. Standard library only, no I/O, no state: this file is copied alone into
the built site and imported by Pyodide in the browser as the top-level module `scoring`.

Exact arithmetic and rounding (the same on every machine, CPython or Pyodide):

* A number from the definition is taken at its shortest decimal spelling (`repr`), so a risk of
  0.1 means exactly 1/10, not the nearest binary double. All sums are done on integers.
* Rounding is half up (away from zero; every value here is >= 0), never banker's rounding:
  12.5 -> 13, 0.125 -> 0.13 at two decimals. It is done once, on the exact value.
* quiz `percent` = score * 100 / max, rounded half up to an integer.
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


class QuestionDefinition(TypedDict):
    id: str
    type: Literal["single", "multiple", "truefalse"]
    options: list[str]
    correct: list[str]


class QuizDefinition(TypedDict):
    schema: int
    id: str
    kind: Literal["quiz"]
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


class ChecklistDefinition(TypedDict):
    schema: int
    id: str
    kind: Literal["checklist"]
    unsure_risk: float
    scale: list[ScaleDefinition]
    areas: list[str]
    items: list[ItemDefinition]
    bands: list[BandDefinition]


Definition = QuizDefinition | ChecklistDefinition
# {question or item: option}, or {question: [options]} for a multiple question.
Answers = dict[str, str | list[str]]


class QuestionResult(TypedDict):
    id: str
    status: Literal["correct", "partial", "incorrect", "unanswered"]
    selected: list[str]
    correct: list[str]


class QuizResult(TypedDict):
    schema: int
    id: str
    kind: Literal["quiz"]
    score: int
    max: int
    percent: int
    band: str
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


class HouseholdResult(TypedDict):
    schema: int
    id: str
    kind: Literal["household"]
    members: list[ChecklistResult]
    combined: ChecklistResult


def score(definition: Any, answers: Any) -> QuizResult | ChecklistResult:
    """Score one reader's answers against a quiz or checklist definition.

    Answer problems (missing ids, unknown ids, wrong value types) never raise: they are
    reported in `missing` and `unknown`. A malformed definition raises ValueError."""
    kind = _kind(definition)
    if kind == "quiz":
        return _score_quiz(_Quiz(definition), answers)
    return _score_checklist(_Checklist(definition), answers)


def score_household(definition: Any, answers_list: Any) -> HouseholdResult:
    """Score a checklist once per household member, then combine them: per item, the highest
    risk any member's answer carries. Plan steps of the combined result name the members
    (0-based indexes) whose answer to that item is risky or unsure."""
    if _kind(definition) != "checklist":
        raise ValueError("household scoring needs a checklist definition (kind: checklist)")
    checklist = _Checklist(definition)
    members_answers = answers_list if isinstance(answers_list, (list, tuple)) else []
    readings = [checklist.read(answers) for answers in members_answers]
    combined: dict[str, _Reading] = {}
    involved: dict[str, list[int]] = {}
    for item in checklist.items:
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
    unknown = sorted({entry for reading in readings for entry in reading.unknown})
    result = checklist.result(combined, unknown)
    for step in result["plan"]:
        step["members"] = involved.get(step["item"], [])
    return {
        "schema": SCHEMA,
        "id": checklist.id,
        "kind": "household",
        "members": [checklist.result(reading.answers, reading.unknown) for reading in readings],
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


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for numerator >= 0 and denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


class _Quiz:
    def __init__(self, definition: dict[str, Any]) -> None:
        self.id: Any = definition.get("id")  # passed through to the result as it came
        _require(_is_id(self.id), "id must be a non-empty string")
        self.questions: list[dict[str, Any]] = []
        for question in _entries(definition.get("questions"), "questions"):
            qid = question["id"]
            qtype = question.get("type")
            _require(
                qtype in ("single", "multiple", "truefalse"), f"question {qid!r} type {qtype!r}"
            )
            options = _ids(question.get("options"), f"options of question {qid!r}")
            correct = question.get("correct")
            _require(
                isinstance(correct, list) and len(correct) > 0 and set(correct) <= set(options),
                f"correct of question {qid!r} must list one or more of its options",
            )
            _require(
                qtype == "multiple" or len(correct) == 1, f"question {qid!r} needs one correct"
            )
            self.questions.append(
                {"id": qid, "type": qtype, "options": options, "correct": list(correct)}
            )
        self.bands = _bands(definition)


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
                }
            )
        self.bands = _bands(definition)

    def read(self, answers: Any) -> _Answers:
        """The valid answers of one reader, and what could not be used."""
        pairs, unknown = _answer_pairs(answers, {item["id"] for item in self.items})
        readings: dict[str, _Reading] = {}
        for item in self.items:
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

    def result(self, readings: dict[str, _Reading], unknown: list[str]) -> ChecklistResult:
        """The checklist result for a set of valid answers."""
        answered = [item for item in self.items if item["id"] in readings]
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
                    "total": sum(1 for item in self.items if item["area"] == area),
                }
            )
        return {
            "schema": SCHEMA,
            "id": self.id,
            "kind": "checklist",
            "exposure": exposure,
            "band": _band(self.bands, exposure),
            "answered": len(answered),
            "total": len(self.items),
            "areas": areas,
            "plan": self._plan(answered, readings),
            "missing": [item["id"] for item in self.items if item["id"] not in readings],
            "unknown": unknown,
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


def _score_quiz(quiz: _Quiz, answers: Any) -> QuizResult:
    pairs, unknown = _answer_pairs(answers, {q["id"] for q in quiz.questions})
    questions: list[QuestionResult] = []
    points = 0
    for question in quiz.questions:
        qid, options, correct = question["id"], question["options"], question["correct"]
        picked = _picked(question, pairs[qid], unknown) if qid in pairs else set()
        selected = [o for o in options if o in picked]
        status: Literal["correct", "partial", "incorrect", "unanswered"]
        if not selected:
            status = "unanswered"
        elif set(selected) == set(correct):
            status = "correct"
            points += 1
        elif question["type"] == "multiple" and picked & set(correct):
            status = "partial"
        else:
            status = "incorrect"
        questions.append({"id": qid, "status": status, "selected": selected, "correct": correct})
    maximum = len(quiz.questions)
    percent = _round_half_up(points * 100, maximum)
    return {
        "schema": SCHEMA,
        "id": quiz.id,
        "kind": "quiz",
        "score": points,
        "max": maximum,
        "percent": percent,
        "band": _band(quiz.bands, percent),
        "questions": questions,
        "missing": [q["id"] for q in questions if q["status"] == "unanswered"],
        "unknown": sorted(set(unknown)),
    }


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


def _score_checklist(checklist: _Checklist, answers: Any) -> ChecklistResult:
    reading = checklist.read(answers)
    return checklist.result(reading.answers, reading.unknown)
