"""The household exposure checklist as its author wrote it (quizzes/exposure.yml): the right
size, every area covered, every item weighted with its reason written down, and every step
pointing at a guide section that exists."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from clearpicture.library import Library
from clearpicture.scoring import score
from tests.conftest import ROOT

SOURCE = ROOT / "quizzes" / "exposure.yml"
# Hand-worked household cases on this checklist's own definition (tests/vectors/README.md).
VECTORS = sorted((ROOT / "tests" / "vectors").glob("household-exposure-*.json"))
DOCS = ROOT / "docs"
AREAS = {"accounts", "assistants", "money", "browser", "permissions", "home", "work", "habits"}
# The words a rationale uses for its likelihood and its impact, as the file's header defines.
LIKELIHOOD_WORDS = {1: "Rare", 2: "Uncommon", 3: "Common", 4: "Likely", 5: "Near-certain"}
IMPACT_WORDS = {1: "Minor", 2: "Limited", 3: "Serious", 4: "Grave", 5: "Severe"}
MAX_GRADE = 8.0
HEADING_ID = re.compile(r"^#{1,6} .*\{#([a-z0-9-]+)\}\s*$", re.M)
MD_LINK = re.compile(r"\]\(([^)]+)\)")


@pytest.fixture(scope="module")
def checklist() -> dict[str, Any]:
    loaded = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def items(checklist: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = checklist["items"]
    return found


def anchors(page: Path) -> set[str]:
    return {"top", *HEADING_ID.findall(page.read_text(encoding="utf-8"))}


def assert_lands(link: str, where: str) -> None:
    """A docs-relative link names a page that exists and, after '#', a heading id on it."""
    path, _, anchor = link.partition("#")
    page = DOCS / path
    assert path.endswith(".md") and page.is_file(), f"{where}: {link!r}: no page docs/{path}"
    if anchor:
        assert anchor in anchors(page), f"{where}: {link!r}: docs/{path} has no #{anchor}"


def test_is_a_checklist_placed_on_its_page(checklist: dict[str, Any]) -> None:
    assert checklist["id"] == SOURCE.stem == "exposure"
    assert checklist["kind"] == "checklist"
    page = DOCS / checklist["page"]
    assert re.search(r"^/// quiz \| exposure\n///$", page.read_text(encoding="utf-8"), re.M)


def test_has_twenty_to_forty_items_with_unique_ids(items: list[dict[str, Any]]) -> None:
    """Up to 30 while every household was asked everything. Since the household profile (v2), a
    household is asked only what applies to it, so length is held per profile (below: the
    typical household at most 25 questions); the whole list, which "Not sure" shows, stays
    under 40 so even that can be done in one sitting."""
    assert 20 <= len(items) <= 40
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids)


def test_covers_all_eight_areas_with_at_least_three_items_each(
    checklist: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    assert {area["id"] for area in checklist["areas"]} == AREAS
    per_area = Counter(item["area"] for item in items)
    assert set(per_area) == AREAS
    assert min(per_area.values()) >= 3, per_area
    for area in checklist["areas"]:
        assert_lands(area["link"], f"area {area['id']}")


def test_every_weight_is_likelihood_times_impact_in_range(items: list[dict[str, Any]]) -> None:
    for item in items:
        likelihood, impact = item["likelihood"], item["impact"]
        assert likelihood in range(1, 6) and impact in range(1, 6), item["id"]
        assert 1 <= likelihood * impact <= 25
    weights = {item["likelihood"] * item["impact"] for item in items}
    assert len(weights) >= 5, "weights that barely differ would make the plan order arbitrary"


def test_every_rationale_gives_the_reason_for_both_numbers(items: list[dict[str, Any]]) -> None:
    for item in items:
        rationale = item["rationale"].strip()
        likelihood_word = LIKELIHOOD_WORDS[item["likelihood"]]
        impact_word = IMPACT_WORDS[item["impact"]]
        assert rationale.startswith(f"{likelihood_word}:"), (item["id"], rationale[:30])
        assert re.search(rf"\b{impact_word}\b", rationale), (item["id"], impact_word)
        assert len(rationale.split()) >= 15, f"{item['id']}: say why, not just the label"


def test_every_item_has_an_action_and_a_find_out_step_with_minutes_and_a_link(
    items: list[dict[str, Any]],
) -> None:
    for item in items:
        for key in ("action", "find_out"):
            step = item[key]
            where = f"{item['id']}.{key}"
            assert step["text"].strip(), where
            assert isinstance(step["minutes"], int) and 1 <= step["minutes"] <= 30, where
            assert_lands(step["link"], where)
            for inline in MD_LINK.findall(step["text"]):
                assert_lands(inline, f"{where} text")
        assert item["find_out"]["minutes"] <= item["action"]["minutes"], (
            f"{item['id']}: finding out should not take longer than fixing"
        )


def test_yes_is_safe_and_every_definite_answer_has_a_risk(
    checklist: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    scale = checklist["scale"]
    unsure = [option["id"] for option in scale if option.get("unsure")]
    assert unsure == ["unsure"]
    definite = {option["id"] for option in scale if not option.get("unsure")}
    assert definite == {"yes", "no", "na"}
    assert 0 < checklist["unsure_risk"] < 1
    for item in items:
        assert set(item["risk"]) == definite, item["id"]
        assert item["risk"]["yes"] == 0 and item["risk"]["na"] == 0, item["id"]
        assert item["risk"]["no"] == 1, item["id"]


def test_bands_cover_zero_to_one_hundred_with_a_plain_meaning(checklist: dict[str, Any]) -> None:
    bands = checklist["bands"]
    mins = [band["min"] for band in bands]
    assert mins[0] == 0 and mins == sorted(mins) and mins[-1] <= 100
    assert [band["id"] for band in bands] == ["low", "moderate", "high"]
    for band in bands:
        assert band["label"].strip() and len(band["meaning"].split()) >= 10, band["id"]


@pytest.mark.parametrize("field", ["prompt", "rationale", "steps"])
def test_reads_at_grade_eight_or_below(items: list[dict[str, Any]], field: str) -> None:
    if field == "steps":
        text = " ".join(f"{i['action']['text']} {i['find_out']['text']}" for i in items)
    else:
        text = " ".join(item[field] for item in items)
    text = re.sub(r"[*`]|\]\([^)]*\)|\[", "", text)
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


def test_the_loader_accepts_it_and_weighs_each_item_as_written(items: list[dict[str, Any]]) -> None:
    checklist = Library(ROOT / "quizzes", DOCS).get("exposure")
    definition = checklist.to_definition()
    weights = {item["id"]: item["weight"] for item in definition["items"]}
    assert weights == {item["id"]: item["likelihood"] * item["impact"] for item in items}
    minutes = {i["id"]: (i["action_minutes"], i["find_out_minutes"]) for i in definition["items"]}
    assert minutes == {i["id"]: (i["action"]["minutes"], i["find_out"]["minutes"]) for i in items}


@pytest.mark.parametrize("vector", VECTORS, ids=lambda path: path.stem)
def test_household_vectors_were_worked_on_the_current_definition(vector: Path) -> None:
    """A content change (weights, minutes, items) must be followed by re-working these by hand."""
    current = Library(ROOT / "quizzes", DOCS).get("exposure").to_definition()
    assert json.loads(vector.read_text(encoding="utf-8"))["definition"] == current


def test_there_are_household_vectors_for_this_checklist() -> None:
    assert len(VECTORS) >= 2


# --- length per household profile -------------------------------------------------------------

# Three households (the typical one first). What each is asked is the engine's answer:
# score(definition, {}, profile=...)["total"], the very figure the page states as "About N
# questions for you".
PROFILES = {
    "typical": ["iphone", "windows", "google", "chatgpt"],
    "bigger": [
        *("iphone", "android", "mac", "windows", "google", "microsoft", "apple"),
        *("chatgpt", "gemini", "copilot", "ai-money", "speaker", "work-from-home", "children"),
        "teens",
    ],
    "minimal": ["android", "google"],
}
MAX_TYPICAL_QUESTIONS = 25
MAX_TYPICAL_MINUTES = 10
# The reading-pace model: 200 words a minute (slower than the ~238 adults average for
# non-fiction, for plain text read with care), plus 5 seconds to pick each answer and 1 second
# to tick or pass each profile option. Read: the profile step (title, intro, every option) and,
# per question asked, its prompt, its hint and the scale's labels.
WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 5
SECONDS_PER_PROFILE_OPTION = 1


def words(text: str) -> int:
    return len(re.sub(r"[*`]", "", text).split())


def questions_for(profile: list[str]) -> list[str]:
    checklist = Library(ROOT / "quizzes", DOCS).get("exposure")
    result = score(checklist.to_definition(), {}, profile=profile)
    assert result["kind"] == "checklist" and result["unknown"] == []
    skipped = set(result["skipped"])
    asked = [item["id"] for item in checklist.to_definition()["items"] if item["id"] not in skipped]
    assert len(asked) == result["total"]
    return asked


def minutes_for(checklist: dict[str, Any], asked: list[str]) -> float:
    profile = checklist["profile"]
    options = [option for group in profile["groups"] for option in group["options"]]
    read = words(profile["title"]) + words(profile.get("intro", ""))
    read += sum(words(group["title"]) for group in profile["groups"])
    read += sum(words(option["label"]) for option in options)
    scale = sum(words(option["label"]) for option in checklist["scale"])
    for item in checklist["items"]:
        if item["id"] in asked:
            read += words(item["prompt"]) + words(item.get("hint", "")) + scale
    seconds = len(asked) * SECONDS_PER_ANSWER + len(options) * SECONDS_PER_PROFILE_OPTION
    return read / WORDS_PER_MINUTE + seconds / 60


def test_the_typical_household_is_asked_at_most_25_questions_in_10_minutes(
    checklist: dict[str, Any],
) -> None:
    asked = questions_for(PROFILES["typical"])
    assert len(asked) <= MAX_TYPICAL_QUESTIONS, len(asked)
    assert minutes_for(checklist, asked) <= MAX_TYPICAL_MINUTES


def test_a_smaller_household_is_asked_less_and_a_bigger_one_more(
    items: list[dict[str, Any]],
) -> None:
    counts = {name: len(questions_for(profile)) for name, profile in PROFILES.items()}
    assert counts["minimal"] < counts["typical"] < counts["bigger"] <= len(items), counts
    # Not sure (or nothing ticked) asks everything.
    assert len(questions_for(["not-sure"])) == len(questions_for([])) == len(items)


def test_every_item_applies_to_some_household_and_the_profile_names_only_used_options(
    checklist: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    options = {
        option["id"]
        for group in checklist["profile"]["groups"]
        for option in group["options"]
        if not option.get("unsure")
    }
    named = {option for item in items for option in item.get("applies_if", [])}
    assert named == options
    everyone = [item["id"] for item in items if "applies_if" not in item]
    assert 0 < len(everyone) <= 8, "a question every household is asked must concern everyone"
