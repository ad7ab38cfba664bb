"""The loader: good files become the typed model; each kind of authoring mistake is reported
as `path:line: what is wrong — how to fix it`, all of a file's problems at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpicture import model
from clearpicture.docs_index import DocsIndex
from clearpicture.load import load_all, load_quiz
from clearpicture.problems import QuizError

from .helpers import FIXTURES, ROOT, fixture_text, line_of, make_site

QUIZZES = FIXTURES / "quizzes"

# fixture -> (text on the line the error must point at, the message after "path:line: ",
# and which occurrence of that text, when not the first)
BAD = {
    "quiz-with-unknown-key": (
        "explian:",
        "unknown key 'explian' in question 'pick-one' — did you mean 'explain'?",
    ),
    "quiz-with-missing-explain": (
        "- id: b",
        "option 'b' of question 'pick-one' has no 'explain' text — add an 'explain:' line under "
        "the option",
    ),
    "quiz-with-wrong-type": (
        "correct: nope",
        "'correct' of option 'b' of question 'pick-one' must be true or false, not 'nope'",
    ),
    "quiz-with-bad-id": (
        "id: Pick One",
        "id 'Pick One' of question 1 is not valid — use lowercase letters, digits and '-' only, "
        "e.g. 'pick-one'",
    ),
    "quiz-with-duplicate-ids": (
        "  - id: pick-one",
        "question id 'pick-one' is used twice (first on line 7) — give each question its own id",
        2,
    ),
    "quiz-with-duplicate-option-ids": (
        "- id: a",
        "option id 'a' in question 'pick-one' is used twice (first on line 12) — give each option "
        "its own id",
        2,
    ),
    "quiz-with-wrong-file-name": (
        "id: other-name",
        "id 'other-name' does not match the file name 'quiz-with-wrong-file-name.yml' — rename "
        "the file to other-name.yml or set 'id: quiz-with-wrong-file-name'",
    ),
    "quiz-single-with-two-correct": (
        "    options:",
        "question 'pick-one' is single but has 2 correct options (a, b) — mark exactly one option "
        "'correct: true', or make it 'type: multiple'",
    ),
    "quiz-multiple-without-correct": (
        "    options:",
        "question 'pick-one' is multiple but has no correct option — mark at least one option "
        "'correct: true'",
    ),
    "quiz-with-empty-options": (
        "options: []",
        "the option list of question 'pick-one' is empty — add at least 2",
    ),
    "quiz-truefalse-with-wrong-ids": (
        "options:",
        "question 'is-it' is truefalse: it needs exactly two options, with ids \"true\" and "
        "\"false\" (quoted) — or make it 'type: single'",
        2,
    ),
    "quiz-truefalse-with-unquoted-ids": (
        "id: true",
        "the id of option 1 of question 'is-it' must be text, not true — YAML reads true as "
        'true/false; quote it: "true"',
    ),
    "quiz-with-bands-not-from-zero": (
        "min: 10",
        "the first band must start at 'min: 0', not 10 — bands cover 0 to 100 from the bottom up",
    ),
    "quiz-with-bands-not-ascending": (
        "min: 0",
        "band 'high' starts at 0, not above the band before it (0) — list bands from the lowest "
        "'min' to the highest",
        2,
    ),
    "quiz-with-band-min-over-100": (
        "min: 120",
        "'min' of band 'high' must be a whole number from 0 to 100, not 120",
    ),
    "quiz-with-missing-anchor": (
        "#nowhere",
        "the link of question 'pick-one' 'guides/sample.md#nowhere': guides/sample.md has no "
        "anchor '#nowhere' — add '{#nowhere}' to a heading there",
    ),
    "quiz-with-missing-link-page": (
        "nothing.md",
        "the link of question 'pick-one' 'guides/nothing.md#top': docs/guides/nothing.md does "
        "not exist — fix the path (it is relative to the docs folder)",
    ),
    "quiz-with-http-link": (
        "http://",
        "the link of question 'pick-one' 'http://example.org/' uses http: — use https:",
    ),
    "quiz-with-javascript-link": (
        "javascript:",
        "link 'javascript:alert(1)' in the explanation of question 'pick-one' uses "
        "'javascript:', which is not allowed — link a docs page (guides/x.md#anchor), an https: "
        "URL or a mailto: address",
    ),
    "quiz-with-markdown-link-to-missing-anchor": (
        "#gone",
        "link 'guides/sample.md#gone' in the intro of the quiz: guides/sample.md has no anchor "
        "'#gone' — add '{#gone}' to a heading there",
    ),
    "quiz-with-raw-html": (
        "<b>",
        "the prompt of question 'pick-one': raw HTML is not allowed in quiz text — use Markdown",
    ),
    "quiz-with-missing-page": (
        "page:",
        "page 'guides/nowhere.md' does not exist under docs/ — fix the path (it is relative to "
        "the docs folder)",
    ),
    "quiz-not-placed": (
        "page:",
        "page 'guides/other.md' does not place this quiz — add the lines '/// quiz | "
        "quiz-not-placed' and '///' to that page where the quiz belongs",
    ),
    "quiz-with-checklist-key": (
        "items: []",
        "unknown key 'items' in the quiz — 'items' belongs to kind: checklist",
    ),
    "quiz-with-unknown-kind": ("kind: survey", "kind must be 'quiz' or 'checklist', not 'survey'"),
    "quiz-with-colliding-html-ids": (
        "id: pick-one-hint",
        "question 'pick-one-hint' and the hint of question 'pick-one' would share the HTML id "
        "'cp-q-quiz-with-colliding-html-ids-pick-one-hint' — rename one of them",
    ),
    "quiz-with-yaml-syntax-error": (
        "prompt: [Pick",
        "a value starting with '[' is read as a YAML list — put the text in double quotes",
    ),
    "checklist-with-likelihood-out-of-range": (
        "likelihood: 7",
        "'likelihood' of item 'two-step' must be a whole number from 1 to 5, not 7",
    ),
    "checklist-with-risk-out-of-range": (
        '"no": 1.5',
        "the risk of 'no' for item 'updates' must be a number from 0 to 1, not 1.5",
    ),
    "checklist-with-missing-scale-risk": (
        'risk: {"yes": 0}',
        "item 'updates' has no risk for scale option 'no' — add '\"no\": <0 to 1>' under 'risk:'",
    ),
    "checklist-with-minutes-out-of-range": (
        "minutes: 300",
        "'minutes' of the action of item 'updates' must be a whole number from 1 to 240, not 300",
    ),
    "checklist-with-unknown-area": (
        "area: device",
        "item 'updates' is in area 'device', which is not listed under 'areas:' — did you mean "
        "'devices'?",
    ),
    "checklist-with-two-unsure-options": (
        "id: unsure",
        "the scale has 2 unsure options (no, unsure) — keep 'unsure: true' on one of them",
    ),
    "checklist-without-find-out": (
        "- id: updates",
        "item 'updates' has no 'find_out' — the scale has an unsure option, so add a 'find_out:' "
        "with 'text:' and 'minutes:' saying how to find out",
    ),
    "quiz-with-bad-points": (
        "points: 0",
        "'points' of question 'pick-one' must be a whole number from 1 to 100, not 0",
    ),
    "quiz-with-bad-shuffle": (
        "shuffle: sometimes",
        "shuffle must be none, options, questions or both, not 'sometimes' — 'options' draws "
        "each question's options anew on the reader's device, 'questions' the questions",
    ),
    "quiz-with-bad-hint-penalty": (
        "hint_penalty: 2",
        "hint_penalty must be a number from 0 to 1, not 2",
    ),
    "quiz-with-bad-fixed": (
        "fixed: last",
        "'fixed' of option 'b' of question 'pick-one' must be true or false, not 'last'",
    ),
    "quiz-fill-in-without-answer": (
        "- id: typed",
        "question 'typed' is fill-in but has no 'answer' — add an 'answer:' line under the "
        "question",
    ),
    "quiz-with-answer-on-single": (
        "answer: a",
        "'answer' is for fill-in questions, and question 'pick-one' is single — remove it or "
        "change the type",
    ),
    "quiz-order-with-one-item": (
        "items:",
        "the item list of question 'steps' has only 1 — add at least 2",
    ),
    "quiz-number-with-bad-tolerance": (
        "tolerance: -1",
        "'tolerance' of question 'days' must be a number from 0 to 999999, not -1",
    ),
    "quiz-with-unknown-type": (
        "type: essay",
        "the type of question 'pick-one' must be single, multiple, truefalse, fill-in, number or "
        "order, not 'essay'",
    ),
    "checklist-with-empty-area": (
        "id: money",
        "area 'money' has no items — add items with 'area: money' or remove it",
    ),
    "checklist-with-unknown-profile-option": (
        "phon]",
        "item 'updates' applies_if names 'phon', which is not a profile option — did you mean "
        "'phone'?",
    ),
    "checklist-with-applies-if-without-profile": (
        "applies_if: [phone]",
        "item 'two-step' has 'applies_if' but the checklist has no 'profile:' — add a profile: "
        "section whose options the items name, or remove applies_if",
    ),
    "checklist-with-unused-profile-option": (
        "id: laptop",
        "profile option 'laptop' is named by no item's applies_if — ticking it would change "
        "nothing: name it in the items it concerns, or remove it",
    ),
    "checklist-with-applies-if-naming-unsure": (
        "not-sure]",
        "item 'updates' applies_if names 'not-sure', the profile's unsure option — remove it: "
        "'not sure' already makes every item apply",
    ),
    "checklist-with-applies-if-naming-twice": (
        "[laptop, laptop]",
        "'applies_if' of item 'updates' names 'laptop' twice — keep one",
    ),
    "checklist-with-two-unsure-profile-options": (
        "id: not-sure",
        "the profile has 2 unsure options (laptop, not-sure) — keep 'unsure: true' on one of them",
    ),
    "checklist-with-empty-applies-if": (
        "applies_if: []",
        "'applies_if' of item 'updates' is empty — add at least 1",
    ),
    "checklist-with-earlier-version-misnumbered": (
        "version: 2",
        "earlier version 1 says 'version: 2' — number earlier versions 1, 2, 3… from the oldest: "
        "this one is 1",
    ),
    "checklist-with-earlier-version-same-as-today": (
        "- version: 1",
        "earlier version 1 is the same as the checklist today — list only item lists published "
        "before this one",
    ),
}


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    # Messages name paths relative to the working directory, as an author runs the check.
    monkeypatch.chdir(FIXTURES)


def test_every_bad_fixture_is_listed() -> None:
    on_disk = {path.stem for path in QUIZZES.glob("*.yml")} - {"good-quiz", "good-checklist"}
    assert on_disk == set(BAD)


@pytest.mark.usefixtures("in_fixtures")
@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixture_reports_its_one_problem_at_its_line(name: str) -> None:
    marker, message, *nth = BAD[name]
    path = Path("quizzes") / f"{name}.yml"
    line = line_of(FIXTURES / path, marker, *nth)
    with pytest.raises(QuizError) as raised:
        load_quiz(path, Path("docs"))
    assert raised.value.errors == [f"quizzes/{name}.yml:{line}: {message}"]


@pytest.mark.usefixtures("in_fixtures")
def test_all_problems_of_a_file_come_in_one_error(tmp_path: Path) -> None:
    text = (
        fixture_text("good-quiz")
        .replace("    explain: There was one right answer.", "    explian: x")
        .replace("    min: 50\n", "    min: 500\n")
        .replace("link: guides/sample.md#slugged-heading", "link: guides/sample.md#missing")
    )
    path = tmp_path / "good-quiz.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizError) as raised:
        load_quiz(path, Path("docs"))
    assert len(raised.value.errors) == 3
    lines = [int(error.split(":")[1]) for error in raised.value.errors]
    assert lines == sorted(lines)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == "\n".join(raised.value.errors)


@pytest.mark.usefixtures("in_fixtures")
def test_good_quiz_becomes_the_model() -> None:
    quiz = load_quiz(Path("quizzes/good-quiz.yml"), Path("docs"))
    assert isinstance(quiz, model.Quiz)
    assert quiz.page == "guides/sample.md"
    assert [q.id for q in quiz.questions] == ["pick-one", "is-it"]
    assert quiz.questions[0].options[0] == model.Option(
        "a", "The right one", True, "Yes, this one."
    )
    assert quiz.questions[0].link == "guides/sample.md#slugged-heading"
    assert quiz.questions[1].type == "truefalse"
    assert quiz.bands[1] == model.Band("high", 50, "Well done", None)
    assert quiz.to_definition() == {
        "schema": 1,
        "id": "good-quiz",
        "kind": "quiz",
        "questions": [
            {
                "id": "pick-one",
                "type": "single",
                "hint": True,
                "options": ["a", "b"],
                "correct": ["a"],
            },
            {"id": "is-it", "type": "truefalse", "options": ["true", "false"], "correct": ["true"]},
        ],
        "bands": [{"id": "low", "min": 0}, {"id": "high", "min": 50}],
    }


@pytest.mark.usefixtures("in_fixtures")
def test_points_shuffle_fixed_and_hint_penalty_reach_the_definition(tmp_path: Path) -> None:
    path = tmp_path / "good-quiz.yml"
    text = fixture_text("good-quiz")
    text = text.replace("page: guides/sample.md", "page: guides/sample.md\nshuffle: both", 1)
    text = text.replace("page: guides/sample.md", "page: guides/sample.md\nhint_penalty: 0.25", 1)
    text = text.replace("    type: truefalse", "    type: truefalse\n    points: 3", 1)
    text = text.replace(
        "explain: No, not this one.", "explain: No, not this one.\n        fixed: true"
    )
    path.write_text(text, encoding="utf-8")
    quiz = load_quiz(path, Path("docs"))
    assert isinstance(quiz, model.Quiz)
    assert (quiz.shuffle, quiz.hint_penalty) == ("both", 0.25)
    assert [o.fixed for o in quiz.questions[0].options] == [False, True]
    definition = quiz.to_definition()
    assert definition["hint_penalty"] == 0.25
    assert [q.get("points", 1) for q in definition["questions"]] == [1, 3]


@pytest.mark.usefixtures("in_fixtures")
def test_good_checklist_becomes_the_model() -> None:
    checklist = load_quiz(Path("quizzes/good-checklist.yml"), Path("docs"))
    assert isinstance(checklist, model.Checklist)
    item = checklist.items[0]
    assert (item.likelihood, item.impact, item.weight) == (3, 5, 15)
    assert item.action == model.Action("Turn it on.", 10, "guides/sample.md#explicit")
    assert checklist.scale[2] == model.ScaleOption("unsure", "Not sure", True)
    assert checklist.to_definition() == {
        "schema": 1,
        "id": "good-checklist",
        "kind": "checklist",
        "unsure_risk": 0.5,
        "scale": [
            {"id": "yes", "unsure": False},
            {"id": "no", "unsure": False},
            {"id": "unsure", "unsure": True},
        ],
        "areas": ["accounts", "devices"],
        "items": [
            {
                "id": "two-step",
                "area": "accounts",
                "risk": {"yes": 0, "no": 1},
                "weight": 15,
                "action_minutes": 10,
                "find_out_minutes": 3,
            },
            {
                "id": "updates",
                "area": "devices",
                "risk": {"yes": 0, "no": 0.75},
                "weight": 8,
                "action_minutes": 5,
                "find_out_minutes": 2,
            },
        ],
        "bands": [{"id": "low", "min": 0}, {"id": "high", "min": 40}],
    }


def test_model_is_frozen() -> None:
    band = model.Band("low", 0, "Low")
    with pytest.raises(AttributeError):
        band.min = 5  # type: ignore[misc]


def test_anchors_are_explicit_ids_and_toc_slugs() -> None:
    page = DocsIndex(FIXTURES / "docs").page("guides/sample.md")
    assert page is not None
    assert {"top", "explicit", "slugged-heading", "slugged-heading_1", "para-id"} <= page.anchors
    assert "explicit-heading" not in page.anchors  # an explicit id replaces the slug


def test_placements_skip_fenced_code_and_count_lines_with_front_matter() -> None:
    page = DocsIndex(FIXTURES / "docs").page("guides/sample.md")
    assert page is not None
    placed = dict(page.placements)
    assert "only-shown-in-code" not in placed
    assert placed["good-quiz"] == line_of(FIXTURES / "docs/guides/sample.md", "| good-quiz")


def test_docs_index_rereads_a_changed_page(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# One {#one}\n", encoding="utf-8")
    docs = DocsIndex(tmp_path)
    assert docs.page("p.md").anchors == {"one"}  # type: ignore[union-attr]
    page.write_text("# Two {#two}\n", encoding="utf-8")
    os.utime(page, ns=(1, 10**18))
    assert docs.page("p.md").anchors == {"two"}  # type: ignore[union-attr]


PLACING = "/// quiz | good-quiz\n///\n"


def test_load_all_accepts_a_consistent_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = "# Sample {#top}\n\n## Explicit {#explicit}\n\n## Slugged heading\n\n" + PLACING
    quizzes, docs = make_site(
        tmp_path, {"good-quiz": fixture_text("good-quiz")}, {"guides/sample.md": page}
    )
    assert list(load_all(quizzes, docs)) == ["good-quiz"]


def test_load_all_reports_a_placement_of_a_missing_quiz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = "# X {#top}\n\n" + "Text.\n\n" * 27 + "/// quiz | ghost\n///\n"
    quizzes, docs = make_site(tmp_path, {}, {"guides/x.md": page})
    with pytest.raises(QuizError) as raised:
        load_all(quizzes, docs)
    line = line_of(docs / "guides/x.md", "| ghost")
    assert raised.value.errors == [
        f"docs/guides/x.md:{line}: places quiz 'ghost', which does not exist — create "
        "quizzes/ghost.yml or fix the id"
    ]


def test_load_all_suggests_the_nearest_quiz_and_refuses_a_second_placement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = "# P {#top}\n\n## E {#explicit}\n\n## Slugged heading\n\n" + PLACING
    page += "\n/// quiz | good-quiz\n///\n\n/// quiz | good-quzi\n///\n"
    quizzes, docs = make_site(
        tmp_path,
        {"good-quiz": fixture_text("good-quiz").replace("guides/sample.md", "p.md")},
        {
            "p.md": page.replace(
                "# Page {#top}", "# P {#top}\n\n## E {#explicit}\n\n## Slugged heading"
            )
        },
    )
    with pytest.raises(QuizError) as raised:
        load_all(quizzes, docs)
    first = line_of(docs / "p.md", "| good-quiz")
    second = line_of(docs / "p.md", "| good-quiz", 2)
    typo = line_of(docs / "p.md", "| good-quzi")
    assert raised.value.errors == [
        f"docs/p.md:{second}: places quiz 'good-quiz' a second time (first on line {first}) — a "
        "quiz appears at most once per page",
        f"docs/p.md:{typo}: places quiz 'good-quzi', which does not exist — did you mean "
        "'good-quiz'? Or create quizzes/good-quzi.yml or fix the id",
    ]


def test_load_all_collects_the_errors_of_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(QuizError) as raised:
        load_all(Path("quizzes"), Path("docs"))
    files = {error.split(":")[0] for error in raised.value.errors}
    assert files == {f"quizzes/{name}.yml" for name in BAD} | {"docs/guides/sample.md"}
    # sample.md places 'other-name', the id quiz-with-wrong-file-name.yml claims: no such file.
    line = line_of(FIXTURES / "docs/guides/sample.md", "| other-name")
    assert raised.value.errors[-1] == (
        f"docs/guides/sample.md:{line}: places quiz 'other-name', which does not exist — create "
        "quizzes/other-name.yml or fix the id"
    )


def test_the_real_quizzes_load() -> None:
    quizzes = load_all(ROOT / "quizzes", ROOT / "docs")
    assert quizzes, "quizzes/ holds no quiz"
    for quiz_id, quiz in quizzes.items():
        assert quiz.id == quiz_id
        assert (ROOT / "docs" / quiz.page).is_file()


EXPLAIN = "    explain: There was one right answer."
# what the question's explanation says -> the problem reported, or None when it is fine
TEXT_RULES = [
    ("See [it](https://example.org/page) or [mail us](mailto:help@example.org).", None),
    ("See [this section](guides/sample.md#para-id) and `<b>` in code.", None),
    ("Read [the page](guides/other.md).", None),
    (
        "Read [this](/guides/sample.md#explicit).",
        "link '/guides/sample.md#explicit' in the explanation of question 'pick-one' starts with "
        "'/' — write it relative to the docs folder, e.g. guides/x.md#anchor",
    ),
    (
        "Read [this](#explicit).",
        "link '#explicit' in the explanation of question 'pick-one' names no page — write the "
        "page too, e.g. guides/x.md#explicit: a quiz can be placed on any page",
    ),
    (
        "Read [this](../outside.md).",
        "link '../outside.md' in the explanation of question 'pick-one' must be a page under the "
        "docs folder ending in .md, with an optional #anchor, e.g. guides/x.md#anchor",
    ),
    (
        "Read [this](guides/sample.md#slugged-headin).",
        "link 'guides/sample.md#slugged-headin' in the explanation of question 'pick-one': "
        "guides/sample.md has no anchor '#slugged-headin' — did you mean '#slugged-heading'? Or "
        "add '{#slugged-headin}' to a heading there",
    ),
    (
        "'![a picture](data:image/png;base64,AAAA)'",
        "image 'data:image/png;base64,AAAA' in the explanation of question 'pick-one' uses "
        "'data:', which is not allowed — save the image under docs/ and give its path from there",
    ),
    (
        "Visit <https://example.org>.",
        "the explanation of question 'pick-one': <…> links are not supported in quiz text — "
        "write [text](URL)",
    ),
    (
        "A comment <!-- hidden --> here.",
        "the explanation of question 'pick-one': raw HTML is not allowed in quiz text — use "
        "Markdown",
    ),
    (
        "'Styled text.{: onclick=alert(1) }'",
        "the explanation of question 'pick-one': attribute lists ({: …}) are not allowed in quiz "
        "text — the quiz sets its own ids and classes",
    ),
    (
        '"## A heading"',
        "the explanation of question 'pick-one': headings are not allowed in quiz text (they "
        "would join the page's table of contents) — use **bold** instead",
    ),
    ('""', "the explanation of question 'pick-one' is empty — write the text or remove the line"),
    ("42", "the explanation of question 'pick-one' must be text, not 42 — quote it: \"42\""),
    (
        "![a picture](guides/x.png)",
        "YAML cannot read this value (could not determine a constructor for the tag '![a') — put "
        "the text in quotes",
    ),
]


@pytest.mark.usefixtures("in_fixtures")
@pytest.mark.parametrize(("explain", "problem"), TEXT_RULES)
def test_markdown_text_rules(tmp_path: Path, explain: str, problem: str | None) -> None:
    path = tmp_path / "good-quiz.yml"
    path.write_text(
        fixture_text("good-quiz").replace(EXPLAIN, f"    explain: {explain}"), encoding="utf-8"
    )
    if problem is None:
        load_quiz(path, Path("docs"))
        return
    with pytest.raises(QuizError) as raised:
        load_quiz(path, Path("docs"))
    assert [error.split(": ", 1)[1] for error in raised.value.errors] == [problem]


@pytest.mark.usefixtures("in_fixtures")
def test_a_prompt_is_one_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "good-quiz.yml"
    prompt = "    prompt: Pick the **right** one."
    path.write_text(
        fixture_text("good-quiz").replace(prompt, "    prompt: |\n      - one\n      - two"),
        encoding="utf-8",
    )
    with pytest.raises(QuizError) as raised:
        load_quiz(path, Path("docs"))
    assert raised.value.errors[0].endswith(
        "the prompt of question 'pick-one' must be one paragraph of inline Markdown (no lists or "
        "blank lines) — put longer text in 'hint:' or 'explain:'"
    )


GOOD_LINES = {
    name: fixture_text(name).splitlines(keepends=True) for name in ("good-quiz", "good-checklist")
}
SNIPPETS = st.sampled_from(
    [
        "",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "!",
        "&a ",
        "*a",
        "yes",
        "null",
        "0.5",
        "'",
        '"',
        "#",
        "<b>",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(GOOD_LINES)), data=st.data())
def test_a_mangled_file_only_ever_raises_quiz_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: st.DataObject
) -> None:
    monkeypatch.chdir(FIXTURES)
    lines = list(GOOD_LINES[name])
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "insert", "cut"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "insert":
            column = data.draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:column] + data.draw(SNIPPETS) + lines[index][column:]
        else:
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))] + "\n"
    path = tmp_path / f"{name}.yml"
    path.write_text("".join(lines), encoding="utf-8")
    try:
        load_quiz(path, Path("docs"))
    except QuizError as error:
        assert error.errors
        for message in error.errors:
            assert message.startswith(f"{path}:") or message.startswith(f"{path.as_posix()}:")


NEW_TYPES = """  - id: second-step
    type: fill-in
    prompt: What do you call a code asked for after your password?
    answer: Two-step verification
    alternatives: [2-step verification, two factor]
  - id: days
    type: number
    prompt: How many days does the guide give an app before you check again?
    value: 30
    tolerance: 2
    unit: days
  - id: steps
    type: order
    prompt: Put the steps in order.
    points: 2
    items:
      - id: open
        text: Open **Settings**
      - id: find
        text: Find the app
      - id: remove
        text: Remove its access
"""


@pytest.mark.usefixtures("in_fixtures")
def test_fill_in_number_and_order_questions_become_the_model(tmp_path: Path) -> None:
    path = tmp_path / "good-quiz.yml"
    text = fixture_text("good-quiz").replace("bands:\n", NEW_TYPES + "bands:\n", 1)
    path.write_text(text, encoding="utf-8")
    quiz = load_quiz(path, Path("docs"))
    assert isinstance(quiz, model.Quiz)
    typed, number, order = quiz.questions[2:]
    assert (typed.answer, typed.alternatives) == (
        "Two-step verification",
        ("2-step verification", "two factor"),
    )
    assert (number.value, number.tolerance, number.unit) == (30, 2, "days")
    assert [item.id for item in order.items] == ["open", "find", "remove"]
    assert quiz.to_definition()["questions"][2:] == [
        {
            "id": "second-step",
            "type": "fill-in",
            "accept": ["Two-step verification", "2-step verification", "two factor"],
        },
        {"id": "days", "type": "number", "value": 30, "tolerance": 2, "unit": "days"},
        {"id": "steps", "type": "order", "points": 2, "items": ["open", "find", "remove"]},
    ]


def test_the_fast_loader_gives_every_scalar_the_tag_pyyaml_gives() -> None:
    # source_text's loader resolves most text without PyYAML's resolver table: the same tags.
    import random

    import yaml

    from clearpicture import source_text

    fast = source_text._FAST_LOADER
    assert fast is not None and issubclass(fast, yaml.CSafeLoader)
    stock, ours = yaml.CSafeLoader(""), fast("")
    chars = "aAbnNyYoOtTfF~01.-+=<!&*:# \t'\"é“x"
    rng = random.Random(3)
    for _ in range(20000):
        value = "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
        implicit = (rng.random() < 0.7, rng.random() < 0.5)
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, value, implicit) == stock.resolve(kind, value, implicit)
    words = ["yes", "No", "~", "null", "12", "1.5", "-3", "0x1f", "text", "'quoted'", '"1"', ""]
    document = "\n".join(f"k{i}: {w}" for i, w in enumerate(words)) + "\nlist: [on, off, Off, x]"

    def tags(loader: type) -> list[str]:
        node = yaml.compose(document, Loader=loader)
        found = [n.tag for _, n in node.value]
        return found + [n.tag for n in node.value[-1][1].value]

    assert tags(fast) == tags(yaml.CSafeLoader) == tags(yaml.SafeLoader)


def test_text_the_check_reads_without_markdown_probes_as_markdown_reads_it() -> None:
    # quiz_text skips Markdown for plain words (PLAIN_TEXT_RE) and for plain words with page
    # links (LINKED_TEXT_RE): what Markdown would find there, it must find.
    import random

    from clearpicture import quiz_text

    markdown_probe = quiz_text._TextProbe()
    check = quiz_text.QuizText(DocsIndex(ROOT / "docs"))
    pieces = [
        *("Read", " ", "[", "]", "(", ")", "!", "the page", "guides/x.md", "#top", "a.md#b"),
        *(".", ",", "'", '"', "“", "-", "x", "2", "*", "_", "`", "<b>", "&", ":", "#", "\n"),
        *("  ", "](", "[a](b.md)", "![i](p.png)", "\\", "/", "?", "1. ", "> "),
    ]
    rng = random.Random(1)
    checked = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))).strip()
        if not text or not (
            quiz_text.PLAIN_TEXT_RE.fullmatch(text) or quiz_text.LINKED_TEXT_RE.fullmatch(text)
        ):
            continue
        checked += 1
        ours, theirs = check.probe(text), markdown_probe(text)
        assert (ours.links, ours.images, ours.raw_html, ours.headings, ours.one_paragraph) == (
            theirs.links,
            theirs.images,
            theirs.raw_html,
            theirs.headings,
            theirs.one_paragraph,
        ), text
    assert checked > 300, checked  # a few hundred texts of each kind


def test_a_value_a_check_passes_is_what_the_check_returns() -> None:
    # QuizReader.field keeps a value `passes` accepts without calling the check: the check
    # must return that very value, and refuse nothing `passes` accepts.
    from clearpicture.yaml_reader import Boolean, Ident, Integer, Invalid, Number

    values: list[object] = [True, False, None, 0, 1, -1, 2.0, 2.5, 100, 101, float("nan")]
    values += [float("inf"), -0.0, "a", "a-1", "A", "", "x y", "ok-2", "é", 1e300, "1", [1]]
    checks = [Ident(), Integer(0, 100), Number(0, 100), Number(-1.5, 1e301), Boolean()]
    passed = 0
    for check in checks:
        for value in values:
            if check.passes(value):
                passed += 1
                assert check(value, "x") is value, (check, value)
    assert passed >= 12
    # What passes() leaves to the check, the check words (a refusal) or converts (2.0 to 2).
    with pytest.raises(Invalid):
        Integer(0, 100)(101, "x")
    assert not Integer(0, 100).passes(2.0) and Integer(0, 100)(2.0, "x") == 2
