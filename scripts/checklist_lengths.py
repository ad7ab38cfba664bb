"""How many questions the household checklist asks each example household, and how long it takes:
the engine's own answer (score(definition, {}, profile=...)["total"], the figure the page states
as "About N questions for you") and the reading-pace model of
tests/unit/test_exposure_content.py (which holds the typical household to 25 questions and 10
minutes). Run: .venv/bin/python -m scripts.checklist_lengths"""

from __future__ import annotations

from typing import Any

import yaml

from tests.unit.test_exposure_content import (
    PROFILES,
    SOURCE,
    minutes_for,
    questions_for,
)


def examples(checklist: dict[str, Any]) -> dict[str, list[str]]:
    every = [
        option["id"]
        for group in checklist["profile"]["groups"]
        for option in group["options"]
        if not option.get("unsure")
    ]
    return {
        "one adult: iPhone, Apple Account, ChatGPT": ["iphone", "apple", "chatgpt"],
        "minimal: Android, Google": PROFILES["minimal"],
        "typical (tests/vectors/household-exposure-typical-profile.json)": PROFILES["typical"],
        "bigger household": PROFILES["bigger"],
        "everything ticked": every,
        "Not sure": ["not-sure"],
        "nothing ticked": [],
    }


def main() -> None:
    checklist = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    total = len(checklist["items"])
    print(f"| household | ticked | questions (of {total}) | minutes |")
    print("| --- | --- | --- | --- |")
    for name, profile in examples(checklist).items():
        asked = questions_for(profile)
        ticked = ", ".join(profile) or "nothing"
        print(f"| {name} | {ticked} | {len(asked)} | {minutes_for(checklist, asked):.1f} |")


if __name__ == "__main__":
    main()
