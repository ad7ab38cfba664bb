"""Answers kept by every published version of the checklist load into today's page, in every
engine: the saved copy (localStorage), the exported JSON file and the share link that version's
own page made (tests/fixtures/checklist/). Answers to items that still exist are kept by item
id, new items start unanswered, removed ones are dropped, and one line says what happened
(dev/decisions/checklist-migration.md). Nothing leaves the device meanwhile."""

from __future__ import annotations

import json
from typing import Any

import pytest

from clearpicture.scoring import score_household
from tests.browser.drivers import Driver
from tests.browser.privacy import assert_private
from tests.browser.test_checklist import (
    KEY,
    checked,
    definition,
    expect_matches,
    open_checklist,
    saved,
    secrets_of,
)
from tests.conftest import ROOT, StaticServer
from tests.unit.test_checklist_versions import published

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "checklist"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def kept(web: Driver, document: dict[str, Any]) -> list[dict[str, str]]:
    """Each member's answers as today's checklist keeps them: those to items it still asks."""
    items = {item["id"] for item in definition(web)["items"]}
    return [
        {item: answer for item, answer in member["answers"].items() if item in items}
        for member in document["members"]
    ]


def added_line(web: Driver, version: int, since: str) -> str | None:
    """The line the page must show: None when the fixture was made with today's list."""
    versions = json.loads(
        web.evaluate("() => document.querySelector('form.cp-quiz').dataset.cpVersions")
    )
    if versions["version"] == version:
        return None
    earlier = next(entry for entry in versions["earlier"] if entry["version"] == version)
    added = [item["id"] for item in definition(web)["items"] if item["id"] not in earlier["items"]]
    if not added:
        return f"changed {since}"
    word = "question was" if len(added) == 1 else "questions were"
    return f"{len(added)} new {word} added {since}"


def import_text(web: Driver, name: str, text: str) -> None:
    """The reader picks a file: the page's own change handler reads it (no file dialog)."""
    web.evaluate(
        """(name, text) => {
             const input = document.querySelector('input[data-cp-import]');
             const files = new DataTransfer();
             files.items.add(new File([text], name, {type: 'application/json'}));
             input.files = files.files;
             input.dispatchEvent(new Event('change', {bubbles: true}));
           }""",
        name,
        text,
    )


@pytest.fixture(params=published())
def version(request: pytest.FixtureRequest) -> int:
    """Each published version of the item list, one flow each."""
    number: int = request.param
    return number


@pytest.fixture
def since(web: Driver, site_server: StaticServer) -> int:
    """The server's log before the flow: the privacy check reads what comes after."""
    return len(site_server.hits)


def published_file(version: int, kind: str) -> tuple[str, dict[str, Any]]:
    """The JSON file (`save` or `export`) that version's page made: its text and its value."""
    text = fixture(f"v{version}-{kind}.json")
    document: dict[str, Any] = json.loads(text)
    return text, document


def nothing_sent(
    web: Driver,
    server: StaticServer,
    since: int,
    document: dict[str, Any],
    answers: list[dict[str, str]],
) -> None:
    """No answer and no nickname of the household left the device since `since`."""
    names = tuple(member["nickname"] for member in document["members"])
    assert_private(web, server, since, secrets_of(*answers, names=names))


def expect_household(web: Driver, answers: list[dict[str, str]], active: int) -> None:
    web.wait_for(".cp-result__number")  # a saved copy is scored on arrival without focus
    expected = score_household(definition(web), answers)
    expect_matches(web, expected["combined"], expected["members"])
    assert checked(web) == answers[active]


def test_a_saved_copy_loads_with_its_answers_kept(
    web: Driver, site_server: StaticServer, version: int, since: int
) -> None:
    text, document = published_file(version, "save")
    open_checklist(web)
    web.evaluate("(k, v) => localStorage.setItem(k, v)", KEY, text)
    web.reload()
    web.wait_for(".cp-setup")
    answers = kept(web, document)
    expect_household(web, answers, document["active"])
    line = added_line(web, version, "since you last saved")
    if line:
        web.wait_for_text(".cp-notice", line)
    # Kept again in today's form, so a reload neither repeats the line nor loses anything.
    stored = json.loads(saved(web)[KEY])
    assert [member["answers"] for member in stored["members"]] == answers
    web.reload()
    web.wait_for(".cp-setup")
    expect_household(web, answers, document["active"])
    if line:
        assert line not in web.text(".cp-notice")
    nothing_sent(web, site_server, since, document, answers)


def test_an_exported_file_imports_with_its_answers_kept(
    web: Driver, site_server: StaticServer, version: int, since: int
) -> None:
    text, document = published_file(version, "export")
    open_checklist(web)
    import_text(web, "clear-picture-plan.json", text)
    web.wait_for_text(".cp-notice", f"Imported answers for {len(document['members'])} people")
    answers = kept(web, document)
    expect_household(web, answers, document["active"])
    line = added_line(web, version, "since this file was made")
    if line:
        web.wait_for_text(".cp-notice", line)
    assert saved(web).get(KEY) is None, "importing keeps nothing unless Remember is on"
    nothing_sent(web, site_server, since, document, answers)


def test_a_share_link_opens_with_its_answers_kept(
    web: Driver, site_server: StaticServer, version: int, since: int
) -> None:
    fragment = fixture(f"v{version}-share.txt").strip()
    # The same household as the saved copy that version's page made (README.md there).
    _, document = published_file(version, "save")
    open_checklist(web, fragment)
    answers = kept(web, document)
    expect_household(web, answers, 0)
    web.wait_for_text(".cp-notice", "shared link")
    line = added_line(web, version, "since this link was made")
    if line:
        web.wait_for_text(".cp-notice", line)
    assert "share=" not in web.url()
    web.click("[data-cp-do=switch][data-cp-index='1']")
    assert checked(web) == answers[1]
    nothing_sent(web, site_server, since, document, answers)
