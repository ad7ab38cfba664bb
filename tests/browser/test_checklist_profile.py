"""The checklist's first step, "What does your household use?", in every engine: ticking what the
household uses leaves only the questions the engine says apply (scoring.py decides: the page
shows its `skipped` and `total`), the result is the engine's for that profile, and the profile
is kept with the answers (Remember), shared in the link's fragment and is one for the whole
household. Without JavaScript every question shows (test_pages.py reads the page without it).
Nothing leaves the device."""

from __future__ import annotations

import json
from typing import Any

import pytest

from clearpicture.scoring import score, score_household
from tests.browser.drivers import Driver
from tests.browser.privacy import assert_private
from tests.browser.test_checklist import (
    KEY,
    ZEPHYR,
    add_member,
    answer,
    checked,
    definition,
    expect_matches,
    open_checklist,
    saved,
    secrets_of,
    show,
    wait_for_result,
)
from tests.conftest import StaticServer

pytestmark = pytest.mark.browser

# The typical household: one iPhone, one Windows laptop, a Google account, ChatGPT.
TYPICAL = ["iphone", "windows", "google", "chatgpt"]
COUNT = "[data-cp-profile-count]"


def tick(web: Driver, options: list[str]) -> None:
    for option in options:
        web.check(f"#cp-profile-exposure-{option}")


def asked(web: Driver) -> list[str]:
    """The items shown, in page order."""
    found: list[str] = web.evaluate(
        """() => [...document.querySelectorAll('form.cp-quiz fieldset[data-cp-question]')]
             .filter((f) => !f.hidden).map((f) => f.dataset.cpQuestion)"""
    )
    return found


def applying(web: Driver, profile: list[str] | None) -> tuple[list[str], int]:
    """What CPython's engine says applies for this profile: the item ids, and how many."""
    result: dict[str, Any] = score(definition(web), {}, profile=profile)  # type: ignore[assignment]
    skipped = set(result["skipped"])
    return [item["id"] for item in definition(web)["items"] if item["id"] not in skipped], result[
        "total"
    ]


def wait_for_profile(web: Driver, profile: list[str]) -> list[str]:
    items, total = applying(web, profile)
    web.wait_for_text(COUNT, f"About {total} questions for you.", exact=True)
    assert asked(web) == items
    return items


def test_the_profile_asks_only_what_applies_and_is_kept_and_shared(
    web: Driver, site_server: StaticServer
) -> None:
    since = len(site_server.hits)
    open_checklist(web)
    everything = [item["id"] for item in definition(web)["items"]]
    web.wait_for_text(COUNT, f"All {len(everything)} questions are shown")
    assert asked(web) == everything
    tick(web, TYPICAL)
    items = wait_for_profile(web, TYPICAL)
    assert len(items) < len(everything)
    # Answer what is asked.
    mine = {item: ("no" if index % 3 else "yes") for index, item in enumerate(items)}
    answer(web, mine)
    show(web)
    expect_matches(web, score(definition(web), mine, profile=TYPICAL))

    # Remember keeps the profile with the answers; a reload shows the same questions.
    web.check("input[id$=-remember]")
    web.wait_for_text(".cp-notice", "kept")
    stored = json.loads(saved(web)[KEY])
    assert stored["profile"] == TYPICAL and stored["members"][0]["answers"] == mine
    web.reload()
    web.wait_for(".cp-setup")
    wait_for_profile(web, TYPICAL)
    web.wait_for(".cp-result__number")  # scored on arrival, without taking focus
    expect_matches(web, score(definition(web), mine, profile=TYPICAL))

    # One profile for the household: a second person sees the same questions.
    add_member(web, ZEPHYR)
    assert asked(web) == items
    theirs = {items[0]: "unsure", items[1]: "yes"}
    answer(web, theirs)
    show(web)
    expected = score_household(definition(web), [mine, theirs], profile=TYPICAL)
    expect_matches(web, expected["combined"], expected["members"])

    # The share link carries the profile in its fragment; someone else gets the same view.
    web.click("[data-cp-do=share]")
    web.wait_for("[data-cp-share-url]")
    link = web.value("[data-cp-share-url]")
    assert link.endswith("." + "_".join(TYPICAL))
    web.fresh()
    web.open(link)
    wait_for_result(web)
    wait_for_profile(web, TYPICAL)
    expect_matches(web, expected["combined"], expected["members"])
    assert saved(web).get(KEY) is None

    # "Not sure" shows every question again.
    tick(web, ["not-sure"])
    web.wait_for_text(COUNT, f"About {len(everything)} questions for you.", exact=True)
    assert asked(web) == everything
    secrets = [*secrets_of(mine, theirs, names=(ZEPHYR,)), "_".join(TYPICAL)]
    assert_private(web, site_server, since, secrets)


def test_the_profile_step_shows_without_answers_and_erase_clears_it(web: Driver) -> None:
    open_checklist(web)
    assert web.visible("fieldset[data-cp-profile]")
    assert (
        web.evaluate("() => document.querySelectorAll('[data-cp-profile] input:checked').length")
        == 0
    )
    tick(web, ["android", "teens"])
    wait_for_profile(web, ["android", "teens"])
    web.click("[data-cp-do=erase]")
    web.wait_for_text(".cp-notice", "erased")
    assert checked(web) == {}
    assert (
        web.evaluate("() => document.querySelectorAll('[data-cp-profile] input:checked').length")
        == 0
    )
    web.wait_for_text(COUNT, "questions are shown")
    assert asked(web) == [item["id"] for item in definition(web)["items"]]
