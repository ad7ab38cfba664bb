"""What a reader typed never becomes live markup in a file the checklist hands them: nicknames
made of HTML and of Markdown link syntax go into the Markdown plan, the JSON export and the
calendar reminder. Rendered as Markdown, the plan shows them as the text they are; the JSON
gives them back exactly, with nothing an HTML reader would take for a tag."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest

from tests.browser.drivers.chromium import ChromiumDriver
from tests.browser.test_checklist import (
    ME,
    PARTNER,
    add_member,
    answer,
    download,
    open_checklist,
    show,
)

pytestmark = pytest.mark.browser

NICKNAMES = [
    "<img src=x onerror=alert(1)>",
    "[win](https://evil.example/x)",
    "*Gran* `code` www.evil.example",
]


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(text: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(markdown.markdown(text, extensions=["tables"]))
    return parsed


def test_exports_keep_what_a_reader_typed_as_text(chromium_web: ChromiumDriver) -> None:
    web = chromium_web
    open_checklist(web)
    answer(web, ME)
    for nickname in NICKNAMES:
        add_member(web, nickname)
        answer(web, PARTNER)
    show(web)

    _, plan = download(web.page, "export-md")
    html = rendered(plan)
    text = " ".join(html.text)
    for nickname in NICKNAMES:
        assert nickname in text, nickname
    assert [tag for tag, _ in html.tags if tag in ("img", "em", "code", "script")] == []
    links = [attrs.get("href") or "" for tag, attrs in html.tags if tag == "a"]
    assert [href for href in links if "evil" in href] == []
    assert "<img" not in plan
    assert "](https://evil" not in plan and "www.evil" not in plan

    _, exported = download(web.page, "export-json")
    members = json.loads(exported)["members"]
    # The first member is the reader (named "You" when household mode starts); then the others.
    assert [member["nickname"] for member in members][1:] == NICKNAMES
    assert "<" not in exported and ">" not in exported

    _, ics = download(web.page, "reminder")
    for nickname in NICKNAMES:
        assert nickname not in ics
    assert "evil" not in ics
