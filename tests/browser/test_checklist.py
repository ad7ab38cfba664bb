"""The household exposure checklist as a household uses it: answer, see the exposure and the plan
(the very numbers and order CPython's scoring module gives), keep it on the device or erase it,
share by link, check as a household, in every engine (tests taking `web`). In Chromium only:
export, import, print and the reminder file (Playwright's downloads, files and PDF), keyboard
only and axe in every state, layouts, and damaged saved data or a share link opened in a tab
already there (our own script's logic, one engine suffices). Through every flow nothing leaves
the device. Instant navigation to the checklist: test_navigation.py."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from clearpicture.scoring import score, score_household
from tests.browser.drivers import Driver
from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.privacy import assert_private
from tests.browser.test_accessibility import AXE, violations
from tests.conftest import BUILDS, BuiltSite, StaticServer
from tests.fixtures.checklist.household import ME, PARTNER

pytestmark = pytest.mark.browser

PATH = "/checklist/"
KEY = "clearpicture.checklist.v1"
RESULT = "[data-cp-result]"
# Nicknames no file or URL of the site could contain by chance.
ZEPHYR, QUILL = "Zephyrine", "Quillonet"


# --- helpers (a Driver: the shared flows' `web`, or Chromium's `chromium_web`) --------------


@pytest.fixture
def checklist(chromium_web: ChromiumDriver) -> ChromiumDriver:
    """Chromium only: the checklist open in a fresh tab (at the ephemeral-port server)."""
    open_checklist(chromium_web)
    return chromium_web


def open_checklist(web: Driver, fragment: str = "") -> None:
    web.open(PATH + fragment)
    web.wait_for(".cp-setup")


def definition(web: Driver) -> dict[str, Any]:
    text = web.evaluate("() => document.querySelector('form.cp-quiz').dataset.cpDefinition")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def answer(web: Driver, answers: dict[str, str]) -> None:
    for item, option in answers.items():
        web.check(f"#cp-exposure-{item}-{option}")


def checked(web: Driver) -> dict[str, str]:
    found: dict[str, str] = web.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
             'form.cp-quiz fieldset[data-cp-question] input:checked')]
             .map((i) => [i.closest('fieldset').dataset.cpQuestion, i.value]))"""
    )
    return found


def show(web: Driver) -> None:
    web.click("[data-cp-command=score]")
    wait_for_result(web)


def wait_for_result(web: Driver) -> None:
    web.wait_for(".cp-result__title", "focused")


def shown(web: Driver) -> dict[str, Any]:
    """The result as a reader sees it: numbers, words and the plan's items in order."""
    found: dict[str, Any] = web.evaluate(
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
    return found


def band_label(web: Driver, band: str) -> str:
    return web.texts(f".cp-bands [data-cp-band={band}] .cp-band__label")[0]


def expect_matches(
    web: Driver, result: dict[str, Any], members: list[dict[str, Any]] | None = None
) -> None:
    """The page shows exactly what CPython's engine computed for the same answers."""
    seen = shown(web)
    assert seen["exposure"] == result["exposure"]
    assert seen["band"] == band_label(web, result["band"])
    assert seen["plan"] == [[s["item"], s["step"]] for s in result["plan"]]
    assert seen["first"] == min(5, len(result["plan"]))
    # An area the profile leaves no question in is not listed.
    areas = [area for area in result["areas"] if area["total"]]
    for row, area in zip(seen["areas"], areas, strict=True):
        assert row["id"] == area["id"]
        if area["answered"]:
            assert row["cells"][1] == str(area["exposure"])
            assert row["cells"][2] == band_label(web, area["band"])
        else:
            assert row["cells"][2] == "Not answered yet"
        assert row["cells"][3] == f"{area['answered']} of {area['total']}"
    for summary, member in zip(seen["members"], members or [], strict=True):
        if member["answered"]:
            assert f"{member['exposure']} out of 100, {band_label(web, member['band'])}" in summary
        else:
            assert summary.endswith("nothing answered yet")


def saved(web: Driver) -> dict[str, str]:
    found: dict[str, str] = web.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage[k]]))"
    )
    return found


def secrets_of(*answer_sets: dict[str, str], names: tuple[str, ...] = ()) -> list[str]:
    """What must reach no server: item ids answered, item=answer pairs, nicknames, and the
    share fragment's marker."""
    items = sorted({item for answers in answer_sets for item in answers})
    pairs = [f"{item}={option}" for answers in answer_sets for item, option in answers.items()]
    return [*items, *pairs, *names, "share="]


def add_member(web: Driver, name: str) -> None:
    web.type("input[id$=-nickname]", name)
    web.click("[data-cp-do=add]")
    web.wait_for_text(".cp-people__current", f"Answering for: {name}", exact=True)


def download(page: Any, button: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(f"[data-cp-do={button}]")
    got = info.value
    # Bytes as written: read_text() would turn the calendar's CRLF line ends into LF.
    return got.suggested_filename, Path(got.path()).read_bytes().decode("utf-8")


# --- answering and scoring ------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDS, indirect=True)
def test_result_equals_the_python_engine_and_is_announced(
    built: BuiltSite, web: Driver, site_server: StaticServer
) -> None:
    site = built  # MkDocs' build, then Zensical's
    since = len(site_server.hits)
    open_checklist(web)
    answer(web, ME)
    show(web)
    expected = score(definition(web), ME)
    expect_matches(web, expected)
    status = "form.cp-quiz [data-cp-status]"
    assert web.evaluate("(s) => document.querySelector(s).getAttribute('role')", status) == (
        "status"
    )
    web.wait_for_text(status, f"{expected['exposure']} out of 100")
    # Each step: its minutes and a link to the exact guide section.
    steps: list[dict[str, str]] = web.evaluate(
        """() => [...document.querySelectorAll('[data-cp-result] .cp-step')].map((li) => ({
             minutes: li.querySelector('.cp-action__minutes').textContent.trim(),
             head: li.querySelector('.cp-action__head').textContent.trim(),
             href: li.querySelector('.cp-action__more a').href}))"""
    )
    assert len(steps) == len(expected["plan"])
    for step, planned in zip(steps, expected["plan"], strict=True):
        minutes = "minute" if planned["minutes"] == 1 else "minutes"
        assert step["minutes"] == f"about {planned['minutes']} {minutes}"
        where = re.fullmatch(
            re.escape(site_server.base_url) + r"/(guides/[a-z-]+/)#([a-z0-9-]+)", step["href"]
        )
        assert where, step["href"]
        target = (site.root / where[1] / "index.html").read_text(encoding="utf-8")
        assert f'id="{where[2]}"' in target, step["href"]
        assert step["head"].startswith("Find out" if planned["step"] == "find-out" else "Fix it")
    assert any(planned["step"] == "find-out" for planned in expected["plan"])
    # Remember is off by default: answering and scoring kept nothing.
    assert web.evaluate("() => !document.querySelector('input[id$=-remember]').checked")
    assert saved(web).get(KEY) is None

    # A changed answer re-scores at once, without asking again.
    changed = {**ME, "banking-profile": "yes"}
    answer(web, {"banking-profile": "yes"})
    expected = score(definition(web), changed)
    web.wait_for_text(".cp-result__number", str(expected["exposure"]), exact=True)
    expect_matches(web, expected)
    assert_private(web, site_server, since, secrets_of(ME))


# --- keeping it on the device ---------------------------------------------------------------


def test_remember_reload_and_erase(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    open_checklist(web)
    # Switching the palette makes Material keep its own key, which is not ours to erase.
    web.click("label[for=__palette_1]")
    palette = web.wait_until(
        "() => Object.keys(localStorage).find((k) => k.endsWith('__palette'))",
        what="Material's palette key",
    )
    answer(web, ME)
    web.check("input[id$=-remember]")
    web.wait_for_text(".cp-notice", "kept")
    stored = json.loads(saved(web)[KEY])
    # Version 2: the item list since the household profile (dev/decisions/checklist-migration.md).
    assert stored["members"][0]["answers"] == ME and stored["version"] == 2

    web.reload()
    web.wait_for(".cp-setup")
    assert web.evaluate("() => document.querySelector('input[id$=-remember]').checked")
    assert checked(web) == ME
    web.wait_for_text(".cp-result__number", str(score(definition(web), ME)["exposure"]), exact=True)

    web.click("[data-cp-do=erase]")
    web.wait_for_text(".cp-notice", "erased")
    assert KEY not in saved(web)
    assert not any(k.startswith("clearpicture.") for k in saved(web))
    assert palette in saved(web)
    assert checked(web) == {}
    web.wait_for(RESULT, "hidden")
    web.reload()
    web.wait_for(".cp-setup")
    assert checked(web) == {} and KEY not in saved(web)
    assert_private(web, site_server, since, secrets_of(ME))


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
    checklist: ChromiumDriver, key: str, value: str, words: str
) -> None:
    web = checklist
    web.evaluate("(k, v) => localStorage.setItem(k, v)", key, value)
    web.reload()
    web.wait_for_text(".cp-notice", words)
    assert not any(k.startswith("clearpicture.") for k in saved(web))
    answer(web, {"banking-profile": "no"})
    show(web)
    expect_matches(web, score(definition(web), {"banking-profile": "no"}))
    assert web.complaints() == []


# --- export, import, print, reminder (Chromium only: Playwright's downloads, files, PDF) -----


def test_export_markdown_and_json_then_import_round_trip(
    browser: Any, checklist: ChromiumDriver, server: StaticServer
) -> None:
    web, page = checklist, checklist.page
    since = len(server.hits)
    answer(web, ME)
    show(web)
    expected = score(definition(web), ME)

    name, markdown = download(page, "export-md")
    assert re.fullmatch(r"clear-picture-plan-\d{4}-\d{2}-\d{2}\.md", name)
    assert (
        f"Exposure: {expected['exposure']} out of 100 ({band_label(web, expected['band'])})"
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
    assert_private(web, server, since, secrets_of(ME))

    # A fresh browser (nothing saved anywhere) picks it up from the file.
    other = ChromiumDriver(browser, server)
    try:
        open_checklist(other)
        other.page.set_input_files(
            "input[data-cp-import]",
            files=[
                {"name": "bad.json", "mimeType": "application/json", "buffer": b'{"format": "x"}'}
            ],
        )
        other.wait_for_text(".cp-notice", "That file was not used")
        assert checked(other) == {}
        other.page.set_input_files(
            "input[data-cp-import]",
            files=[{"name": name, "mimeType": "application/json", "buffer": text.encode()}],
        )
        wait_for_result(other)
        assert checked(other) == ME
        expect_matches(other, expected)
        assert saved(other).get(KEY) is None
        assert_private(other, server, since, secrets_of(ME))
    finally:
        other.close()


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_quarterly_reminder_is_a_valid_calendar_file(
    checklist: ChromiumDriver, server: StaticServer
) -> None:
    answer(checklist, {"last-review": "no"})
    show(checklist)
    name, ics = download(checklist.page, "reminder")
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


def test_print_is_the_plan_on_its_own(checklist: ChromiumDriver, server: StaticServer) -> None:
    page = checklist.page
    answer(checklist, ME)
    show(checklist)
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


def test_household_mode_combines_members_like_the_engine(
    web: Driver, site_server: StaticServer
) -> None:
    since = len(site_server.hits)
    open_checklist(web)
    # One person: no list of people, nobody to remove.
    assert not web.visible(".cp-people__list")
    assert not web.visible("[data-cp-do=remove]")
    answer(web, ME)
    add_member(web, ZEPHYR)
    assert web.texts(".cp-person") == ["You", ZEPHYR]
    web.wait_for_text("[data-cp-do=remove]", f"Remove {ZEPHYR}", exact=True)
    assert checked(web) == {}
    answer(web, PARTNER)
    show(web)
    expected = score_household(definition(web), [ME, PARTNER])
    expect_matches(web, expected["combined"], expected["members"])
    web.wait_for_text(".cp-result__title", "Your household's exposure", exact=True)
    # Steps name who they are for, by the engine's member indexes.
    names = ["You", ZEPHYR]
    whom = [", ".join(names[i] for i in step["members"]) for step in expected["combined"]["plan"]]
    assert web.texts(f"{RESULT} .cp-step .cp-step__who") == [f"For: {who}" for who in whom]
    # Switching back shows the first person's answers; each person keeps their own.
    web.click("[data-cp-do=switch][data-cp-index='0']")
    assert checked(web) == ME
    web.click("[data-cp-do=switch][data-cp-index='1']")
    assert checked(web) == PARTNER
    # A third member, then removed again: the combined view follows.
    add_member(web, QUILL)
    answer(web, {"money-documents": "no"})
    three = score_household(definition(web), [ME, PARTNER, {"money-documents": "no"}])
    web.wait_for_text(".cp-result__number", str(three["combined"]["exposure"]), exact=True)
    expect_matches(web, three["combined"], three["members"])
    web.click("[data-cp-do=remove]")
    web.wait_for_text(".cp-notice", f"Removed {QUILL}")
    web.wait_for_text(".cp-result__number", str(expected["combined"]["exposure"]), exact=True)
    assert_private(web, site_server, since, secrets_of(ME, PARTNER, names=(ZEPHYR, QUILL)))


def test_share_link_round_trip_without_uploading(web: Driver, site_server: StaticServer) -> None:
    since = len(site_server.hits)
    secrets = secrets_of(ME, PARTNER, names=(ZEPHYR,))
    open_checklist(web)
    answer(web, ME)
    add_member(web, ZEPHYR)
    answer(web, PARTNER)
    show(web)
    expected = score_household(definition(web), [ME, PARTNER])
    web.click("[data-cp-do=share]")
    web.wait_for("[data-cp-share-url]")
    plain = web.value("[data-cp-share-url]")
    assert plain and ZEPHYR not in plain
    web.check("[data-cp-share-names]")
    web.click("[data-cp-do=share]")
    web.wait_until(
        "(old) => document.querySelector('[data-cp-share-url]').value !== old",
        plain,
        what="the link with names",
    )
    link = web.value("[data-cp-share-url]")
    assert link.startswith(f"{site_server.base_url}{PATH}#share=") and ZEPHYR in link
    # Short: a dozen characters of header, then one character per item per person, and names.
    per_person = len(definition(web)["items"]) + 1
    assert len(urlsplit(link).fragment) <= 20 + 2 * per_person + len(ZEPHYR) + 1
    web.wait_for_text(".cp-share", "never send that part")
    assert_private(web, site_server, since, secrets)

    # Someone else, with nothing saved, opens the link.
    web.fresh()
    web.open(link)
    wait_for_result(web)
    expect_matches(web, expected["combined"], expected["members"])
    web.wait_for_text(".cp-notice", "shared link")
    assert checked(web) == ME
    web.click("[data-cp-do=switch][data-cp-index='1']")
    assert checked(web) == PARTNER
    assert web.texts(".cp-person")[1] == ZEPHYR
    assert saved(web).get(KEY) is None, "a shared link must not be saved by itself"
    assert "share=" not in web.url(), "the answers are taken out of the address bar"
    # A link made for another version of the checklist is refused, with a notice.
    web.fresh()
    open_checklist(web, "#share=1.zzzz.0101")
    web.wait_for_text(".cp-notice", "another version")
    assert checked(web) == {}
    assert_private(web, site_server, since, secrets)


def test_share_link_opened_in_a_tab_already_on_the_checklist(checklist: ChromiumDriver) -> None:
    web = checklist
    answer(web, {"banking-profile": "no", "location": "unsure"})
    show(web)
    web.click("[data-cp-do=share]")
    web.wait_for("[data-cp-share-url]")
    link = web.value("[data-cp-share-url]")
    web.click("[data-cp-do=erase]")
    assert checked(web) == {}
    # Only the fragment changes: no new page load.
    web.evaluate("(link) => { location.href = link; }", link)
    wait_for_result(web)
    assert checked(web) == {"banking-profile": "no", "location": "unsure"}
    web.wait_for_text(".cp-notice", "shared link")
    assert "share=" not in web.url()


# --- keyboard, accessibility, layout (Chromium only: axe, downloads, viewport emulation) -----


def tab_to(page: Any, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only(checklist: ChromiumDriver) -> None:
    web, page = checklist, checklist.page
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
    wait_for_result(web)
    answers = {"google-connections": "no", "google-ai-access": "yes"}
    expected = score_household(definition(web), [{}, answers])
    expect_matches(web, expected["combined"], expected["members"])
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
    web = ChromiumDriver(browser, server, color_scheme=scheme)
    page = web.page
    try:
        open_checklist(web)
        assert settled_violations(page, axe) == [], "before answering"
        answer(web, ME)
        show(web)
        page.click("[data-cp-do=share]")
        assert settled_violations(page, axe) == [], "result shown"
        add_member(web, ZEPHYR)
        answer(web, PARTNER)
        show(web)
        page.locator(".cp-member summary").first.click()
        assert settled_violations(page, axe) == [], "household view"
        page.locator("input[id$=-nickname]").focus()
        page.click("[data-cp-do=add]")  # empty nickname: the notice shows
        assert settled_violations(page, axe) == [], "notice shown"
    finally:
        web.close()


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})],
)
def test_result_view_fits_phone_and_desktop(
    browser: Any, server: StaticServer, name: str, viewport: dict[str, int]
) -> None:
    web = ChromiumDriver(browser, server, viewport=viewport)
    page = web.page
    try:
        open_checklist(web)
        answer(web, ME)
        show(web)
        page.locator(".cp-result__title").scroll_into_view_if_needed()
        page.evaluate("() => document.querySelector('.cp-result__title').scrollIntoView()")
        page.screenshot(path=f"/tmp/checklist-{name}.png")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways at {viewport['width']}px"
        box = page.locator(RESULT).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    finally:
        web.close()
