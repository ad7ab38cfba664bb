"""The household exposure checklist in a real Chromium, as a household uses it: answer, see the
exposure and the plan (the very numbers and order CPython's scoring module gives), keep it on
the device or erase it, export, import, print, set a reminder, share by link, check as a
household, all by keyboard, all axe-clean; and through every flow nothing leaves the device."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from clearpicture.scoring import score, score_household
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_links import PORTLESS, open_portless
from tests.conftest import BuiltSite, Recorded, StaticServer, open_context

pytestmark = pytest.mark.browser

PATH = "/checklist/"
KEY = "clearpicture.checklist.v1"
RESULT = "[data-cp-result]"
# Nicknames no file or URL of the site could contain by chance.
ZEPHYR, QUILL = "Zephyrine", "Quillonet"
# One household member's answers: every kind of answer, most items answered, some left out.
ME = {
    "google-connections": "no",
    "google-ai-access": "unsure",
    "microsoft-connections": "yes",
    "apple-connections": "na",
    "two-step-sign-in": "no",
    "money-training": "unsure",
    "money-sharing": "no",
    "money-documents": "yes",
    "money-free-tools": "no",
    "banking-profile": "no",
    "banking-extensions": "unsure",
    "extension-site-access": "yes",
    "camera-microphone": "no",
    "location": "yes",
    "ai-keyboard": "na",
    "work-policy": "no",
    "work-documents": "unsure",
    "last-review": "no",
    "review-reminder": "no",
    "before-install": "unsure",
    "house-rules": "yes",
}
PARTNER = {
    "google-connections": "yes",
    "two-step-sign-in": "yes",
    "money-bank-link": "no",
    "banking-profile": "yes",
    "camera-microphone": "unsure",
    "location": "no",
    "work-device": "no",
    "teen-ai-talk": "unsure",
}


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def checklist(page: Any, server: StaticServer) -> Any:
    open_checklist(page, server)
    return page


def open_checklist(page: Any, server: StaticServer, fragment: str = "") -> None:
    page.goto(server.base_url + PATH + fragment, wait_until="load")
    expect(page.locator(".cp-setup")).to_be_visible()


def definition(page: Any) -> dict[str, Any]:
    text = page.evaluate("() => document.querySelector('form.cp-quiz').dataset.cpDefinition")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def answer(page: Any, answers: dict[str, str]) -> None:
    for item, option in answers.items():
        page.check(f"#cp-exposure-{item}-{option}")


def checked(page: Any) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
             'form.cp-quiz fieldset[data-cp-question] input:checked')]
             .map((i) => [i.closest('fieldset').dataset.cpQuestion, i.value]))"""
    )
    return found


def show(page: Any) -> None:
    page.click("[data-cp-command=score]")
    wait_for_result(page)


def wait_for_result(page: Any) -> None:
    expect(page.locator(".cp-result__title")).to_be_focused(timeout=60_000)


def shown(page: Any) -> dict[str, Any]:
    """The result as a reader sees it: numbers, words and the plan's items in order."""
    return page.evaluate(
        """() => {
          const box = document.querySelector('[data-cp-result]');
          const row = (tr) => ({id: tr.dataset.cpArea,
                                cells: [...tr.children].map((c) => c.textContent.trim())});
          return {
            exposure: Number(box.querySelector('.cp-result__number').textContent),
            band: box.querySelector('.cp-result__band').textContent.trim(),
            areas: [...box.querySelector('.cp-area-table').tBodies[0].rows].map(row),
            plan: [...box.querySelectorAll('.cp-plan .cp-step')]
              .map((li) => [li.dataset.cpItem, li.dataset.cpStep]),
            first: box.querySelectorAll('.cp-plan--first .cp-step').length,
            members: [...box.querySelectorAll('.cp-member summary')]
              .map((s) => s.textContent.trim()),
          };
        }"""
    )


def band_label(page: Any, band: str) -> str:
    label: str = page.locator(f".cp-bands [data-cp-band={band}] .cp-band__label").text_content()
    return label.strip()


def expect_matches(
    page: Any, result: dict[str, Any], members: list[dict[str, Any]] | None = None
) -> None:
    """The page shows exactly what CPython's engine computed for the same answers."""
    seen = shown(page)
    assert seen["exposure"] == result["exposure"]
    assert seen["band"] == band_label(page, result["band"])
    assert seen["plan"] == [[s["item"], s["step"]] for s in result["plan"]]
    assert seen["first"] == min(5, len(result["plan"]))
    for row, area in zip(seen["areas"], result["areas"], strict=True):
        assert row["id"] == area["id"]
        if area["answered"]:
            assert row["cells"][1] == str(area["exposure"])
            assert row["cells"][2] == band_label(page, area["band"])
        else:
            assert row["cells"][2] == "Not answered yet"
        assert row["cells"][3] == f"{area['answered']} of {area['total']}"
    for summary, member in zip(seen["members"], members or [], strict=True):
        if member["answered"]:
            assert f"{member['exposure']} out of 100, {band_label(page, member['band'])}" in summary
        else:
            assert summary.endswith("nothing answered yet")


def saved(page: Any) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage[k]]))"
    )
    return found


def assert_private(
    recorded: Recorded, server: StaticServer, since: int, secrets: list[str]
) -> None:
    """Only same-origin GETs of site files went out, and none of them, nor any line the server
    logged, carries an answer, an item id the reader answered, or a nickname."""
    assert recorded.requests, "nothing was recorded"
    assert recorded.foreign(server.base_url) == []
    assert {r["method"] for r in recorded.requests} == {"GET"}
    for request in recorded.requests:
        assert not urlsplit(request["url"]).query, request["url"]
        wire = " ".join([request["url"], json.dumps(request["headers"]), request["body"] or ""])
        for secret in secrets:
            assert secret not in wire, (secret, request["url"])
    for line in server.access_log[since:]:
        for secret in secrets:
            assert secret not in line, (secret, line)
    assert recorded.console_errors == []


def secrets_of(*answer_sets: dict[str, str], names: tuple[str, ...] = ()) -> list[str]:
    items = sorted({item for answers in answer_sets for item in answers})
    pairs = [f"{item}={option}" for answers in answer_sets for item, option in answers.items()]
    return [*items, *pairs, *names, "share="]


@pytest.fixture
def watched(server: StaticServer, recorded: Recorded) -> Iterator[int]:
    """Where the server's access log stood when the test began."""
    recorded.clear()
    yield len(server.access_log)


def download(page: Any, button: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(f"[data-cp-do={button}]")
    got = info.value
    # Bytes as written: read_text() would turn the calendar's CRLF line ends into LF.
    return got.suggested_filename, Path(got.path()).read_bytes().decode("utf-8")


# --- answering and scoring ------------------------------------------------------------------


def test_result_equals_the_python_engine_and_is_announced(
    site: BuiltSite, page: Any, server: StaticServer, recorded: Recorded, watched: int
) -> None:
    open_checklist(page, server)
    answer(page, ME)
    show(page)
    expected = score(definition(page), ME)
    expect_matches(page, expected)
    status = page.locator("form.cp-quiz [data-cp-status]")
    assert page.locator("form.cp-quiz [data-cp-status]").get_attribute("role") == "status"
    expect(status).to_contain_text(f"{expected['exposure']} out of 100")
    # Each step: its minutes and a link to the exact guide section.
    steps = page.locator(f"{RESULT} .cp-step")
    for index, step in enumerate(expected["plan"]):
        node = steps.nth(index)
        minutes = "minute" if step["minutes"] == 1 else "minutes"
        expect(node.locator(".cp-action__minutes")).to_have_text(
            f"about {step['minutes']} {minutes}"
        )
        href = node.locator(".cp-action__more a").evaluate("(a) => a.href")
        where = re.fullmatch(re.escape(server.base_url) + r"/(guides/[a-z-]+/)#([a-z0-9-]+)", href)
        assert where, href
        target = (site.root / where[1] / "index.html").read_text(encoding="utf-8")
        assert f'id="{where[2]}"' in target, href
    finds = [s for s in expected["plan"] if s["step"] == "find-out"]
    assert finds and all(
        steps.nth(expected["plan"].index(s))
        .locator(".cp-action__head")
        .text_content()
        .startswith("Find out")
        for s in finds
    )
    # Remember is off by default: answering and scoring kept nothing.
    assert not page.locator("input[id$=-remember]").is_checked()
    assert saved(page).get(KEY) is None
    assert_private(recorded, server, watched, secrets_of(ME))


def test_instant_navigation_sets_it_up_once_with_one_worker(
    browser: Any, server: StaticServer
) -> None:
    """Material swaps pages without reloading (at a port-less origin, see test_links.py): the
    checklist is wired on arrival through document$, once, and scores through the tab's one
    worker however often the reader comes back."""
    ctx, recorded = open_portless(browser, server)
    try:
        page = ctx.new_page()
        page.goto(PORTLESS + "/", wait_until="load")
        page.evaluate("() => { window.__cpSamePage = true; }")
        nav = page.locator(".md-nav--primary")
        for _ in range(2):
            nav.locator("a", has_text="Household checklist").first.click()
            expect(page.locator(".cp-setup")).to_have_count(1)
            answer(page, {"banking-profile": "no", "location": "unsure"})
            show(page)
            expect_matches(
                page, score(definition(page), {"banking-profile": "no", "location": "unsure"})
            )
            nav.locator("a", has_text="Glossary").first.click()
            expect(page.locator("h1")).to_contain_text("Glossary")
        assert page.evaluate("() => window.__cpSamePage === true"), "a full reload, not instant"
        workers = [r["url"] for r in recorded.requests if r["url"].endswith("/quiz-worker.js")]
        assert len(workers) == 1, workers
        assert recorded.console_errors == []
    finally:
        ctx.close()


def test_a_changed_answer_updates_the_result(checklist: Any) -> None:
    answer(checklist, ME)
    show(checklist)
    changed = {**ME, "banking-profile": "yes"}
    answer(checklist, {"banking-profile": "yes"})
    expected = score(definition(checklist), changed)
    expect(checklist.locator(".cp-result__number")).to_have_text(str(expected["exposure"]))
    expect_matches(checklist, expected)


# --- keeping it on the device ---------------------------------------------------------------


def test_remember_reload_and_erase(
    checklist: Any, server: StaticServer, recorded: Recorded, watched: int
) -> None:
    page = checklist
    # Switching the palette makes Material keep its own key, which is not ours to erase.
    page.locator("label[for=__palette_1]").click()
    palette = page.evaluate("() => Object.keys(localStorage).find((k) => k.endsWith('__palette'))")
    assert palette
    answer(page, ME)
    page.check("input[id$=-remember]")
    expect(page.locator(".cp-notice")).to_contain_text("kept")
    stored = json.loads(saved(page)[KEY])
    assert stored["members"][0]["answers"] == ME and stored["version"] == 1

    page.reload(wait_until="load")
    expect(page.locator("input[id$=-remember]")).to_be_checked()
    assert checked(page) == ME
    expect(page.locator(".cp-result__number")).to_have_text(
        str(score(definition(page), ME)["exposure"]), timeout=60_000
    )

    page.click("[data-cp-do=erase]")
    expect(page.locator(".cp-notice")).to_contain_text("erased")
    assert KEY not in saved(page)
    assert not any(k.startswith("clearpicture.") for k in saved(page))
    assert palette in saved(page)
    assert checked(page) == {}
    expect(page.locator(RESULT)).to_be_hidden()
    page.reload(wait_until="load")
    assert checked(page) == {} and KEY not in saved(page)
    assert_private(recorded, server, watched, secrets_of(ME))


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        (KEY, "{not json", "could not be read"),
        (
            KEY,
            json.dumps(
                {
                    "format": "clearpicture.checklist",
                    "version": 1,
                    "checklist": "exposure",
                    "members": [{"answers": {"nope": "yes"}}],
                }
            ),
            "could not be read",
        ),
        (
            KEY,
            json.dumps(
                {
                    "format": "clearpicture.checklist",
                    "version": 0,
                    "checklist": "exposure",
                    "members": [],
                }
            ),
            "could not be read",
        ),
        ("clearpicture.checklist.v0", '{"answers": {}}', "older version"),
    ],
    ids=["not-json", "unknown-item", "old-version-field", "old-key"],
)
def test_damaged_or_old_saved_data_is_dropped_with_a_notice(
    checklist: Any, recorded: Recorded, key: str, value: str, words: str
) -> None:
    page = checklist
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])
    page.reload(wait_until="load")
    expect(page.locator(".cp-notice")).to_contain_text(words)
    assert not any(k.startswith("clearpicture.") for k in saved(page))
    answer(page, {"banking-profile": "no"})
    show(page)
    expect_matches(page, score(definition(page), {"banking-profile": "no"}))
    assert recorded.console_errors == []


# --- export, import, print, reminder --------------------------------------------------------


def test_export_markdown_and_json_then_import_round_trip(
    browser: Any, checklist: Any, server: StaticServer, recorded: Recorded, watched: int
) -> None:
    page = checklist
    answer(page, ME)
    show(page)
    expected = score(definition(page), ME)

    name, markdown = download(page, "export-md")
    assert re.fullmatch(r"clear-picture-plan-\d{4}-\d{2}-\d{2}\.md", name)
    assert (
        f"Exposure: {expected['exposure']} out of 100 ({band_label(page, expected['band'])})"
        in markdown
    )
    assert f"<{server.base_url}{PATH}>" in markdown
    numbered = re.findall(r"^(\d+)\. \*\*(Fix it|Find out)", markdown, re.M)
    assert len(numbered) == len(expected["plan"])
    first = expected["plan"][0]
    first_text = page.locator(
        f"#cp-q-exposure-{first['item']} [data-cp-step={first['step']}] .cp-action__text"
    )
    assert first_text.text_content().strip() in markdown
    assert f"[How to do it]({server.base_url}/guides/" in markdown

    name, text = download(page, "export-json")
    assert name.endswith(".json")
    exported = json.loads(text)
    assert exported["members"] == [{"nickname": "", "answers": ME}]
    assert exported["result"] == expected

    # A fresh browser (nothing saved anywhere) picks it up from the file.
    ctx, fresh_recorded = open_context(browser, server)
    try:
        other = ctx.new_page()
        open_checklist(other, server)
        other.set_input_files(
            "input[data-cp-import]",
            files=[
                {"name": "bad.json", "mimeType": "application/json", "buffer": b'{"format": "x"}'}
            ],
        )
        expect(other.locator(".cp-notice")).to_contain_text("That file was not used")
        assert checked(other) == {}
        other.set_input_files(
            "input[data-cp-import]",
            files=[{"name": name, "mimeType": "application/json", "buffer": text.encode()}],
        )
        wait_for_result(other)
        assert checked(other) == ME
        expect_matches(other, expected)
        assert saved(other).get(KEY) is None
        assert_private(fresh_recorded, server, watched, secrets_of(ME))
    finally:
        ctx.close()
    assert_private(recorded, server, watched, secrets_of(ME))


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_quarterly_reminder_is_a_valid_calendar_file(checklist: Any, server: StaticServer) -> None:
    page = checklist
    answer(page, {"last-review": "no"})
    show(page)
    name, ics = download(page, "reminder")
    assert name.endswith(".ics")
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    for line in ics.split("\r\n"):
        assert len(line.encode()) <= 75, line
    lines = unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert fields["VERSION"] == "2.0" and fields["PRODID"]
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert fields["RRULE"] == "FREQ=MONTHLY;INTERVAL=3"
    assert re.fullmatch(r"[0-9a-f-]{36}@clearpicture", fields["UID"])
    stamp = datetime.strptime(fields["DTSTAMP"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 600
    assert re.fullmatch(r"\d{8}", fields["DTSTART;VALUE=DATE"])
    assert "quarterly" in fields["SUMMARY"]
    assert f"{server.base_url}{PATH}" in fields["DESCRIPTION"].replace("\\", "")
    assert "last-review" not in ics


def test_print_is_the_plan_on_its_own(checklist: Any, server: StaticServer) -> None:
    page = checklist
    answer(page, ME)
    show(page)
    page.emulate_media(media="print")
    for hidden in [
        ".cp-quiz__controls",
        ".cp-setup",
        ".cp-result-tools",
        ".md-header",
        ".md-sidebar--primary",
        "fieldset[data-cp-question]",
        "#how-it-works",
    ]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".cp-result__title")).to_be_visible()
    expect(page.locator(f"{RESULT} .cp-plan .cp-action").first).to_be_visible()
    meta = page.locator(".cp-print-meta")
    expect(meta).to_be_visible()
    expect(meta).to_contain_text(f"{server.base_url}{PATH}")
    expect(meta).to_contain_text(str(datetime.now().year))
    # A typical plan (this household member has 14 steps) is one sheet of A4.
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    page.emulate_media(media="screen")
    expect(page.locator(".cp-print-meta")).to_be_hidden()
    expect(page.locator(".cp-quiz__controls")).to_be_visible()


# --- sharing and the household --------------------------------------------------------------


def add_member(page: Any, name: str) -> None:
    page.fill("input[id$=-nickname]", name)
    page.click("[data-cp-do=add]")
    expect(page.locator(".cp-people__current")).to_have_text(f"Answering for: {name}")


def test_household_mode_combines_members_like_the_engine(
    checklist: Any, server: StaticServer, recorded: Recorded, watched: int
) -> None:
    page = checklist
    # One person: no list of people, nobody to remove.
    expect(page.locator(".cp-people__list")).to_be_hidden()
    expect(page.locator("[data-cp-do=remove]")).to_be_hidden()
    answer(page, ME)
    add_member(page, ZEPHYR)
    expect(page.locator(".cp-person")).to_have_text(["You", ZEPHYR])
    expect(page.locator("[data-cp-do=remove]")).to_have_text(f"Remove {ZEPHYR}")
    assert checked(page) == {}
    answer(page, PARTNER)
    show(page)
    expected = score_household(definition(page), [ME, PARTNER])
    expect_matches(page, expected["combined"], expected["members"])
    expect(page.locator(".cp-result__title")).to_have_text("Your household's exposure")
    # Steps name who they are for, by the engine's member indexes.
    names = ["You", ZEPHYR]
    for index, step in enumerate(expected["combined"]["plan"]):
        who = ", ".join(names[i] for i in step["members"])
        expect(page.locator(f"{RESULT} .cp-step").nth(index).locator(".cp-step__who")).to_have_text(
            f"For: {who}"
        )
    # Switching back shows the first person's answers; each person keeps their own.
    page.click("[data-cp-do=switch][data-cp-index='0']")
    assert checked(page) == ME
    page.click("[data-cp-do=switch][data-cp-index='1']")
    assert checked(page) == PARTNER
    # A third member, then removed again: the combined view follows.
    add_member(page, QUILL)
    answer(page, {"money-documents": "no"})
    three = score_household(definition(page), [ME, PARTNER, {"money-documents": "no"}])
    expect(page.locator(".cp-result__number")).to_have_text(str(three["combined"]["exposure"]))
    expect_matches(page, three["combined"], three["members"])
    page.click("[data-cp-do=remove]")
    expect(page.locator(".cp-notice")).to_contain_text(f"Removed {QUILL}")
    expect(page.locator(".cp-result__number")).to_have_text(str(expected["combined"]["exposure"]))
    assert_private(recorded, server, watched, secrets_of(ME, PARTNER, names=(ZEPHYR, QUILL)))


def test_share_link_round_trip_without_uploading(
    browser: Any, checklist: Any, server: StaticServer, recorded: Recorded, watched: int
) -> None:
    page = checklist
    answer(page, ME)
    add_member(page, ZEPHYR)
    answer(page, PARTNER)
    show(page)
    expected = score_household(definition(page), [ME, PARTNER])
    page.click("[data-cp-do=share]")
    plain = page.locator("[data-cp-share-url]").input_value()
    assert ZEPHYR not in plain
    page.check("[data-cp-share-names]")
    page.click("[data-cp-do=share]")
    link = page.locator("[data-cp-share-url]").input_value()
    assert link.startswith(f"{server.base_url}{PATH}#share=") and ZEPHYR in link
    assert len(urlsplit(link).fragment) < 100
    expect(page.locator(".cp-share")).to_contain_text("never send that part")

    ctx, fresh_recorded = open_context(browser, server)
    try:
        other = ctx.new_page()
        other.goto(link, wait_until="load")
        wait_for_result(other)
        expect_matches(other, expected["combined"], expected["members"])
        expect(other.locator(".cp-notice")).to_contain_text("shared link")
        assert checked(other) == ME
        other.click("[data-cp-do=switch][data-cp-index='1']")
        assert checked(other) == PARTNER
        expect(other.locator(".cp-person").nth(1)).to_have_text(ZEPHYR)
        assert saved(other).get(KEY) is None, "a shared link must not be saved by itself"
        assert "share=" not in other.url, "the answers are taken out of the address bar"
        assert_private(fresh_recorded, server, watched, secrets_of(ME, PARTNER, names=(ZEPHYR,)))
    finally:
        ctx.close()
    # A link made for another version of the checklist is refused, with a notice.
    refused = page.context.new_page()
    open_checklist(refused, server, "#share=1.zzzz.0101")
    expect(refused.locator(".cp-notice")).to_contain_text("another version")
    assert checked(refused) == {}
    assert_private(recorded, server, watched, secrets_of(ME, PARTNER, names=(ZEPHYR,)))


def test_share_link_opened_in_a_tab_already_on_the_checklist(checklist: Any) -> None:
    page = checklist
    answer(page, {"banking-profile": "no", "location": "unsure"})
    show(page)
    page.click("[data-cp-do=share]")
    link = page.locator("[data-cp-share-url]").input_value()
    page.click("[data-cp-do=erase]")
    assert checked(page) == {}
    # Only the fragment changes: no new page load.
    page.evaluate("(link) => { location.href = link; }", link)
    wait_for_result(page)
    assert checked(page) == {"banking-profile": "no", "location": "unsure"}
    expect(page.locator(".cp-notice")).to_contain_text("shared link")
    assert "share=" not in page.url


# --- keyboard, accessibility, layout --------------------------------------------------------


def tab_to(page: Any, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only(checklist: Any) -> None:
    page = checklist
    page.locator("h1").focus()
    tab_to(page, "input[id$=-nickname]")
    page.keyboard.type(ZEPHYR)
    page.keyboard.press("Enter")
    expect(page.locator(".cp-people__current")).to_have_text(f"Answering for: {ZEPHYR}")
    tab_to(page, "#cp-exposure-google-connections-yes")
    page.keyboard.press("ArrowDown")  # moves to and picks "No"
    tab_to(page, "#cp-exposure-google-ai-access-yes")
    page.keyboard.press("Space")
    tab_to(page, "[data-cp-command=score]")
    page.keyboard.press("Enter")
    wait_for_result(page)
    answers = {"google-connections": "no", "google-ai-access": "yes"}
    expected = score_household(definition(page), [{}, answers])
    expect_matches(page, expected["combined"], expected["members"])
    tab_to(page, "[data-cp-do=export-md]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".md")
    tab_to(page, "[data-cp-do=share]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-cp-share-url]")).to_be_visible()


def settled_violations(page: Any, axe: str) -> list[str]:
    """axe on the page at rest: the pointer off every button and Material's colour transitions
    finished (a half-faded hover colour is no state a reader reads)."""
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.getAnimations().length === 0")
    return violations(page, axe)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_state(browser: Any, server: StaticServer, scheme: str) -> None:
    axe = AXE.read_text(encoding="utf-8")
    ctx, _ = open_context(browser, server, color_scheme=scheme)
    try:
        page = ctx.new_page()
        open_checklist(page, server)
        assert settled_violations(page, axe) == [], "before answering"
        answer(page, ME)
        show(page)
        page.click("[data-cp-do=share]")
        assert settled_violations(page, axe) == [], "result shown"
        add_member(page, ZEPHYR)
        answer(page, PARTNER)
        show(page)
        page.locator(".cp-member summary").first.click()
        assert settled_violations(page, axe) == [], "household view"
        page.locator("input[id$=-nickname]").focus()
        page.click("[data-cp-do=add]")  # empty nickname: the notice shows
        assert settled_violations(page, axe) == [], "notice shown"
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})],
)
def test_result_view_fits_phone_and_desktop(
    browser: Any, server: StaticServer, name: str, viewport: dict[str, int]
) -> None:
    ctx, _ = open_context(browser, server, viewport=viewport)
    try:
        page = ctx.new_page()
        open_checklist(page, server)
        answer(page, ME)
        show(page)
        page.locator(".cp-result__title").scroll_into_view_if_needed()
        page.evaluate("() => document.querySelector('.cp-result__title').scrollIntoView()")
        page.screenshot(path=f"/tmp/checklist-{name}.png")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways at {viewport['width']}px"
        box = page.locator(RESULT).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    finally:
        ctx.close()
