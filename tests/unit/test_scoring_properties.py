"""Properties of the scoring engine over generated definitions and answers: results stay in
range, riskier answers never lower exposure, plans are ordered, households never look safer
than their members, and no answer, however odd, makes scoring raise."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clearpicture import scoring
from clearpicture.scoring import score, score_household

PROPERTY = settings(max_examples=150, deadline=None)

IDS = st.text(alphabet="abcdefghij-0123", min_size=1, max_size=6)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def bands(draw: st.DrawFn) -> list[dict[str, Any]]:
    mins = sorted(draw(st.sets(st.integers(1, 100), max_size=4)))
    return [{"id": f"b{index}", "min": minimum} for index, minimum in enumerate([0, *mins])]


@st.composite
def quizzes(draw: st.DrawFn) -> dict[str, Any]:
    questions = []
    for index in range(draw(st.integers(1, 6))):
        qtype = draw(st.sampled_from(scoring.QUESTION_TYPES))
        question: dict[str, Any] = {"id": f"q{index}", "type": qtype}
        if draw(st.booleans()):
            question["points"] = draw(st.integers(1, 10))
        if draw(st.booleans()):
            question["hint"] = True
        if qtype in ("single", "multiple", "truefalse"):
            options = (
                ["true", "false"]
                if qtype == "truefalse"
                else draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
            )
            if qtype == "multiple":
                correct = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
            else:
                correct = [draw(st.sampled_from(options))]
            question |= {"options": options, "correct": correct}
        elif qtype == "fill-in":
            question["accept"] = draw(st.lists(st.text(min_size=1).filter(str.strip), min_size=1))
        elif qtype == "number":
            question["value"] = draw(NUMBERS)
            question["tolerance"] = draw(st.sampled_from([0, 0.5, 1, 2.25]))
        else:
            question["items"] = draw(st.lists(IDS, min_size=2, max_size=6, unique=True))
        questions.append(question)
    quiz = {
        "schema": 1,
        "id": "generated",
        "kind": "quiz",
        "questions": questions,
        "bands": draw(bands()),
    }
    if draw(st.booleans()):
        quiz["hint_penalty"] = draw(st.sampled_from([0, 0.25, 0.5, 1, 1 / 3]))
    return quiz


NUMBERS = st.integers(-1000, 1000) | st.floats(-1000, 1000, allow_nan=False).map(
    lambda x: round(x, 3)
)


@st.composite
def quiz_answer(draw: st.DrawFn, question: dict[str, Any]) -> Any:
    """An answer of the shape the page sends for this question."""
    qtype = question["type"]
    if qtype == "multiple":
        return draw(st.lists(st.sampled_from(question["options"]), max_size=4))
    if qtype in ("single", "truefalse"):
        return draw(st.sampled_from(question["options"]))
    if qtype == "fill-in":
        return draw(st.sampled_from(question["accept"]) | st.text())
    if qtype == "number":
        return draw(NUMBERS.map(str) | st.text(max_size=5))
    return draw(st.permutations(question["items"]))


RISKS = st.sampled_from([0, 0.1, 0.25, 1 / 3, 0.5, 0.75, 1]) | st.floats(0, 1)


@st.composite
def checklists(draw: st.DrawFn) -> dict[str, Any]:
    answers = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    unsure = draw(st.booleans())
    scale = [{"id": f"s-{a}", "unsure": False} for a in answers]
    if unsure:
        scale.append({"id": "unsure", "unsure": True})
    areas = [f"area{n}" for n in range(draw(st.integers(1, 3)))]
    items = []
    for index in range(draw(st.integers(1, 8))):
        items.append(
            {
                "id": f"i{index}",
                "area": draw(st.sampled_from(areas)),
                "risk": {option["id"]: draw(RISKS) for option in scale if not option["unsure"]},
                "weight": draw(st.integers(1, 5)) * draw(st.integers(1, 5)),
                "action_minutes": draw(st.integers(1, 240)),
                "find_out_minutes": draw(st.none() | st.integers(1, 240)),
            }
        )
    return {
        "schema": 1,
        "id": "generated",
        "kind": "checklist",
        "unsure_risk": draw(RISKS),
        "scale": scale,
        "areas": areas,
        "items": items,
        "bands": draw(bands()),
    }


def scale_ids(definition: dict[str, Any]) -> list[str]:
    return [option["id"] for option in definition["scale"]]


@st.composite
def checklist_answers(
    draw: st.DrawFn, definition: dict[str, Any], every: bool = False
) -> dict[str, Any]:
    items = [item["id"] for item in definition["items"]]
    chosen = items if every else draw(st.lists(st.sampled_from(items), unique=True))
    return {item: draw(st.sampled_from(scale_ids(definition))) for item in chosen}


def risk_of(definition: dict[str, Any], item: dict[str, Any], answer: str) -> float:
    if answer == "unsure":
        return float(definition["unsure_risk"])
    return float(item["risk"][answer])


@PROPERTY
@given(quizzes(), st.data())
def test_quiz_score_and_percent_stay_in_range(quiz: dict[str, Any], data: st.DataObject) -> None:
    answers: dict[str, Any] = {}
    for question in quiz["questions"]:
        if data.draw(st.booleans()):
            answers[question["id"]] = data.draw(quiz_answer(question))
    hints = [q["id"] for q in quiz["questions"] if q.get("hint") and data.draw(st.booleans())]
    result = score(quiz, answers, hints)
    points = sum(q.get("points", 1) for q in quiz["questions"])
    assert 0 <= result["score"] <= result["max"] == points
    assert 0 <= result["percent"] <= 100
    assert result["band"] in {band["id"] for band in quiz["bands"]}
    assert result["unknown"] == []
    assert result["hints"] == len(hints)
    for question in result["questions"]:
        assert 0 <= question["earned"] <= question["points"]
        if question["status"] in ("incorrect", "unanswered"):
            assert question["earned"] == 0
        if question["status"] == "correct" and not question["hinted"]:
            assert question["earned"] == question["points"]
    correct = sum(q["status"] == "correct" for q in result["questions"])
    assert correct == result["correct"]


@PROPERTY
@given(quizzes(), st.data())
def test_partial_credit_rules(quiz: dict[str, Any], data: st.DataObject) -> None:
    """Ticking every box or none earns nothing when a question has wrong options; the right
    order earns full credit and the reverse order none."""
    answers: dict[str, Any] = {}
    for question in quiz["questions"]:
        if question["type"] == "multiple":
            answers[question["id"]] = list(question["options"])
        elif question["type"] == "order":
            reverse = data.draw(st.booleans())
            answers[question["id"]] = question["items"][:: -1 if reverse else 1]
    result = score(quiz, answers)
    for question, graded in zip(quiz["questions"], result["questions"], strict=True):
        if question["type"] == "multiple":
            all_right = len(question["correct"]) == len(question["options"])
            assert graded["status"] == ("correct" if all_right else "incorrect")
        elif question["type"] == "order":
            reverse = answers[question["id"]] != question["items"]
            assert graded["status"] == ("incorrect" if reverse else "correct")


@PROPERTY
@given(checklists(), st.data())
def test_checklist_exposure_stays_in_range(definition: dict[str, Any], data: st.DataObject) -> None:
    result = score(definition, data.draw(checklist_answers(definition)))
    assert 0 <= result["exposure"] <= 100
    assert all(0 <= area["exposure"] <= 100 for area in result["areas"])
    assert sum(area["answered"] for area in result["areas"]) == result["answered"]


@PROPERTY
@given(checklists(), st.data())
def test_a_riskier_answer_never_lowers_exposure(
    definition: dict[str, Any], data: st.DataObject
) -> None:
    answers = data.draw(checklist_answers(definition))
    if not answers:
        return
    item_id = data.draw(st.sampled_from(sorted(answers)))
    item = next(item for item in definition["items"] if item["id"] == item_id)
    current = risk_of(definition, item, answers[item_id])
    riskier = [a for a in scale_ids(definition) if risk_of(definition, item, a) >= current]
    raised = {**answers, item_id: data.draw(st.sampled_from(riskier))}
    before, after = score(definition, answers), score(definition, raised)
    assert after["exposure"] >= before["exposure"]
    for old, new in zip(before["areas"], after["areas"], strict=True):
        assert new["exposure"] >= old["exposure"]


@PROPERTY
@given(checklists(), st.data())
def test_plan_is_sorted_by_reduction_per_minute(
    definition: dict[str, Any], data: st.DataObject
) -> None:
    result = score(definition, data.draw(checklist_answers(definition)))
    per_minute = [step["per_minute"] for step in result["plan"]]
    assert per_minute == sorted(per_minute, reverse=True)
    planned = {step["item"] for step in result["plan"]}
    assert len(planned) == len(result["plan"])
    assert planned <= {item["id"] for item in definition["items"]} - set(result["missing"])


@PROPERTY
@given(checklists(), st.data())
def test_household_is_at_least_as_exposed_as_each_member(
    definition: dict[str, Any], data: st.DataObject
) -> None:
    # Exposure is a share of the answered items' weight, so the promise holds for members who
    # answer the same items (here: all of them); dev/decisions/scoring-rules.md says why.
    members = data.draw(st.lists(checklist_answers(definition, every=True), min_size=1, max_size=4))
    result = score_household(definition, members)
    combined = result["combined"]
    for member in result["members"]:
        assert combined["exposure"] >= member["exposure"]
        for mine, ours in zip(member["areas"], combined["areas"], strict=True):
            assert ours["exposure"] >= mine["exposure"]
    for step in combined["plan"]:
        assert step["members"], "a planned step names at least one member"


@PROPERTY
@given(quizzes(), checklists(), JSON, st.lists(JSON, max_size=3))
def test_odd_answers_never_raise(
    quiz: dict[str, Any], checklist: dict[str, Any], answers: Any, household: list[Any]
) -> None:
    for definition in (quiz, checklist):
        result = score(definition, answers, household)  # odd hints too
        assert isinstance(result["unknown"], list)
        if isinstance(answers, dict):
            questions = definition.get("questions") or definition["items"]
            known = {entry["id"] for entry in questions}
            unknown_keys = {key for key in answers if key not in known}
            assert unknown_keys <= set(result["unknown"])
    score_household(checklist, household)


@PROPERTY
@given(checklists(), st.data())
def test_missing_and_answered_add_up(definition: dict[str, Any], data: st.DataObject) -> None:
    answers = data.draw(checklist_answers(definition))
    result = score(definition, answers)
    assert result["answered"] + len(result["missing"]) == result["total"]
    assert set(result["missing"]) == {i["id"] for i in definition["items"]} - set(answers)
