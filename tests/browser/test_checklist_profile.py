"""The checklist's first step, "What does your household use?", in every engine: ticking what the
household uses leaves only the questions the engine says apply (scoring.py decides: the page
shows its `skipped` and `total`), the result is the engine's for that profile, and the profile
is kept with the answers (Remember), shared in the link's fragment and is one for the whole
household. Without JavaScript every question shows (test_pages.py reads the page without it).
Nothing leaves the device. By keyboard alone in every engine; in Chromium only (viewport and
colour-scheme emulation, axe: dev/decisions/browser-tiers.md) the layout at 390×844 and
1280×900 and axe in light and dark in each state the profile brings."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from clearpicture.scoring import score, score_household
from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.privacy import assert_private
from tests.browser.test_accessibility import AXE
from tests.browser.test_checklist import (
    KEY,
    RESULT,
    ZEPHYR,
    add_member,
    answer,
    checked,
    definition,
    expect_matches,
    open_checklist,
    saved,
    secrets_of,
    settled_violations,
    show,
    wait_for_result,
)
from tests.browser.test_checklist_migration import fixture
from tests.conftest import StaticServer

pytestmark = pytest.mark.browser

# The typical household: one iPhone, one Windows laptop, a Google account, ChatGPT.
TYPICAL = ["iphone", "windows", "google", "chatgpt"]
# A smaller one, ticked by keyboard: one adult with an iPhone, an Apple Account and ChatGPT.
IPHONE_ONLY = ["iphone", "apple", "chatgpt"]
COUNT = "[data-cp-profile-count]"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


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


# --- by keyboard alone, in every engine -------------------------------------------------------

FOCUS = """() => {
  const a = document.activeElement;
  return {
    id: a.id,
    question: a.closest('fieldset[data-cp-question]')?.dataset.cpQuestion ?? null,
    command: a.dataset.cpCommand ?? null,
    inHidden: Boolean(a.closest('[hidden]')) || a.getClientRects().length === 0,
  };
}"""


def tab_until(
    web: Driver, want: Callable[[dict[str, Any]], bool], seen: list[dict[str, Any]]
) -> None:
    """Press Tab until the focused element is what `want` says; every stop goes into `seen`."""
    for _ in range(400):
        web.press("Tab")
        now: dict[str, Any] = web.evaluate(FOCUS)
        seen.append(now)
        if want(now):
            return
    raise AssertionError(f"Tab never reached it; last stops: {seen[-5:]}")


def test_the_profile_step_by_keyboard_alone(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    open_checklist(web)
    everything = [item["id"] for item in definition(web)["items"]]
    web.wait_for_text(COUNT, f"All {len(everything)} questions are shown")
    # The count is a live region: what it says after each tick is announced.
    assert web.evaluate("(s) => document.querySelector(s).getAttribute('role')", COUNT) == "status"
    assert web.evaluate("(s) => !document.querySelector(s).closest('[aria-hidden=true]')", COUNT)

    # Tab to each option and tick it with Space; the count follows every tick.
    seen: list[dict[str, Any]] = []
    for done, option in enumerate(IPHONE_ONLY, start=1):
        box = f"#cp-profile-exposure-{option}"
        tab_until(web, lambda now, box=box: now["id"] == box[1:], seen)
        web.press("Space")
        assert web.evaluate("(s) => document.querySelector(s).checked", box), f"Space ticks {box}"
        wait_for_profile(web, IPHONE_ONLY[:done])
    items = wait_for_profile(web, IPHONE_ONLY)
    assert len(items) < len(everything)
    # The questions that stopped applying are not shown, so no Tab can reach them.
    for item in set(everything) - set(items):
        assert web.evaluate(
            "(q) => document.querySelector(`fieldset[data-cp-question='${q}']`)"
            ".getClientRects().length === 0",
            item,
        ), f"{item} does not apply but still shows"

    # On from the profile step: the first question Tab reaches is the first that applies. Each
    # question is answered where Tab enters it: Space picks Yes, ArrowDown No, twice Not sure.
    keys = [["Space"], ["ArrowDown"], ["ArrowDown", "ArrowDown"]]
    picks = ["yes", "no", "unsure"]
    answers: dict[str, str] = {}
    stops: list[dict[str, Any]] = []
    while True:
        tab_until(web, lambda now: bool(now["question"] or now["command"] == "score"), stops)
        now = stops[-1]
        if now["command"] == "score":
            break
        question = now["question"]
        if question in answers or not now["id"].startswith("cp-exposure-"):
            continue  # a group already answered, or a link in a question's hint
        assert now["id"] == f"cp-exposure-{question}-yes", now
        for key in keys[len(answers) % 3]:
            web.press(key)
        answers[question] = picks[len(answers) % 3]
    assert not any(stop["inHidden"] for stop in seen + stops), "Tab stopped on a hidden control"
    reached = list(dict.fromkeys(stop["question"] for stop in stops if stop["question"]))
    assert reached == items, "Tab reaches exactly the questions that apply, in order"
    assert list(answers) == items
    assert checked(web) == answers

    # "Check" by keyboard: Enter in Chromium, Space in Firefox (both activate a button).
    web.press("Enter" if web.name == "chromium" else "Space")
    wait_for_result(web)
    expected = score(definition(web), answers, profile=IPHONE_ONLY)
    expect_matches(web, expected)
    planned = {step["item"] for step in expected["plan"]}
    assert planned and planned <= set(items), "the plan lists only questions that apply"
    web.wait_for_text("form.cp-quiz [data-cp-status]", f"{expected['exposure']} out of 100")
    secrets = [*secrets_of(answers), "_".join(IPHONE_ONLY), "iphone", "chatgpt"]
    assert_private(web, site_server, since, secrets)


# --- layout and axe (Chromium only: viewport and colour-scheme emulation, axe) ---------------

# Every pointer target in the checklist form and the tools after it: a label holding its
# control counts as one target with it (the profile's options); hidden ones are left out.
TARGETS = """() => {
  const article = document.querySelector('article');
  const controls = [...article.querySelectorAll(
    'form.cp-quiz input:not([type=hidden]), form.cp-quiz button, form.cp-quiz label,'
    + ' .cp-result-tools button, .cp-result-tools input, .cp-result-tools label')];
  const targets = new Set(controls.map((c) => c.closest('label') ?? c));
  return [...targets].filter((t) => t.getClientRects().length).map((t) => {
    const r = t.getBoundingClientRect();
    const name = t.id || t.htmlFor || t.dataset.cpDo || t.dataset.cpCommand
      || t.textContent.trim().slice(0, 30);
    return {name, profile: Boolean(t.closest('[data-cp-profile]')),
            x: r.left, y: r.top + scrollY, w: r.width, h: r.height};
  });
}"""


def overlapping(targets: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of targets whose boxes share more than a hairline (half a pixel each way)."""
    found = []
    for i, a in enumerate(targets):
        for b in targets[i + 1 :]:
            across = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            down = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if across > 0.5 and down > 0.5:
                found.append((a["name"], b["name"]))
    return found


def fits(page: Any, width: int, when: str) -> list[dict[str, Any]]:
    """No sideways scroll and no overlapping controls; the targets, for the size checks."""
    scroll = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1] == width, f"{when}: the page scrolls sideways ({scroll})"
    targets: list[dict[str, Any]] = page.evaluate(TARGETS)
    assert overlapping(targets) == [], when
    return targets


def under_header(page: Any, selector: str) -> None:
    """Scroll so the element starts just below Material's sticky header."""
    page.evaluate(
        """(s) => { const top = document.querySelector(s).getBoundingClientRect().top + scrollY;
                    const header = document.querySelector('.md-header').offsetHeight;
                    window.scrollTo(0, top - header); }""",
        selector,
    )


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_profile_step_fits_phone_and_desktop(
    browser: Any, server: StaticServer, name: str
) -> None:
    viewport = VIEWPORTS[name]
    web = ChromiumDriver(browser, server, viewport=viewport)
    page = web.page
    try:
        open_checklist(web)
        fits(page, viewport["width"], "at rest")
        # One screen: the whole step shows between the sticky header and the bottom edge.
        step = page.evaluate(
            """() => [document.querySelector('[data-cp-profile]').getBoundingClientRect().height,
                      innerHeight - document.querySelector('.md-header').offsetHeight]"""
        )
        assert step[0] <= step[1], f"the profile step takes {step[0]:.0f} px of {step[1]} px"
        tick(web, IPHONE_ONLY)
        wait_for_profile(web, IPHONE_ONLY)
        targets = fits(page, viewport["width"], "profile ticked, questions filtered")
        profile = [t for t in targets if t["profile"]]
        assert len(profile) == page.locator("[data-cp-profile] input").count()
        small = [t for t in profile if t["w"] < 24 or t["h"] < 24]
        assert small == [], "a profile option is smaller than 24 by 24 CSS px"
        under_header(page, "[data-cp-profile]")
        page.mouse.move(0, 0)
        page.screenshot(path=f"/tmp/checklist-profile-{name}.png")

        items = wait_for_profile(web, IPHONE_ONLY)
        answer(web, {item: "no" if index % 2 else "unsure" for index, item in enumerate(items)})
        show(web)
        targets = fits(page, viewport["width"], "result with plan")
        buttons = [t for t in targets if t["name"] in {"score", "share", "print", "export-md"}]
        assert buttons and all(t["w"] >= 24 and t["h"] >= 24 for t in buttons), buttons
        box = page.locator(RESULT).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        under_header(page, ".cp-result__title")
        page.screenshot(path=f"/tmp/checklist-result-{name}.png")
        assert web.complaints() == []
    finally:
        web.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_axe_finds_nothing_in_the_profile_states(
    browser: Any, server: StaticServer, name: str, scheme: str
) -> None:
    """The states the profile and migration bring, at both sizes (test_accessibility.py reads
    every page at rest; test_checklist.py the states without a profile): a copy saved by
    version 1 arrives migrated, with its line and its result; then a profile filters the
    questions and the result's plan follows."""
    axe = AXE.read_text(encoding="utf-8")
    web = ChromiumDriver(browser, server, viewport=VIEWPORTS[name], color_scheme=scheme)
    page = web.page
    try:
        v1 = fixture("v1-save.json")
        # In storage before the page's first script runs, as a reader's own saved copy is.
        web.context.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(v1)})")
        open_checklist(web)
        web.wait_for_text(".cp-notice", "since you last saved")
        web.wait_for(".cp-result__number")
        web.wait_for(f"{RESULT} .cp-plan .cp-step")
        assert settled_violations(page, axe) == [], "migration line, result with plan"
        tick(web, IPHONE_ONLY)
        items = wait_for_profile(web, IPHONE_ONLY)
        web.wait_until(
            """(items) => { const plan = [...document.querySelectorAll(
                 '[data-cp-result] .cp-plan .cp-step')].map((li) => li.dataset.cpItem);
               return plan.length > 0 && plan.every((item) => items.includes(item)); }""",
            items,
            what="the plan re-scored for the profile",
        )
        assert settled_violations(page, axe) == [], "profile ticked, questions and plan filtered"
    finally:
        web.close()
