"""Every published version of the household checklist left saved copies, exported files and
share links behind (tests/fixtures/checklist/, made by that version's own page). Today's
checklist must know each version's item list, and each fixture must have been made with it:
the page (checklist-versions.js) reads them with that list and keeps the answers by item id
(dev/decisions/checklist-migration.md; in the browser: test_checklist_migration.py)."""

from __future__ import annotations

import json
import re

import pytest

from clearpicture import model
from clearpicture.library import Library
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "checklist"
SHARE = re.compile(r"#share=(\d+)\.([0-9a-z]+)\.([^.]+)(?:\.([a-z0-9_-]+))?")


def exposure() -> model.Checklist:
    checklist = Library(ROOT / "quizzes", ROOT / "docs").get("exposure")
    assert isinstance(checklist, model.Checklist)
    return checklist


def lists() -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every item list the page can read: version -> (item ids, scale ids)."""
    checklist = exposure()
    found = {
        earlier.version: (earlier.items, earlier.scale) for earlier in checklist.earlier_versions
    }
    found[checklist.version] = (
        tuple(item.id for item in checklist.items),
        tuple(option.id for option in checklist.scale),
    )
    return found


def fingerprint(items: tuple[str, ...], scale: tuple[str, ...]) -> str:
    """The share link's FNV-1a fingerprint of a list, as checklist-share.js computes it."""
    value = 0x811C9DC5
    for byte in ",".join([*items, "|", *scale]).encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out


def published() -> list[int]:
    return sorted({int(path.name[1:].split("-")[0]) for path in FIXTURES.glob("v*-*")})


def test_every_version_before_today_has_fixtures_and_a_list() -> None:
    checklist = exposure()
    assert published() == list(range(1, len(published()) + 1))
    for version in range(1, checklist.version):
        assert version in published(), f"no fixtures for version {version}: run its make_v*.py"
    assert set(published()) <= set(lists())


@pytest.mark.parametrize("version", published())
def test_saved_and_exported_documents_were_made_with_their_list(version: int) -> None:
    items, scale = lists()[version]
    for name in (f"v{version}-save.json", f"v{version}-export.json"):
        document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        assert document["format"] == "clearpicture.checklist" and document["version"] == version
        for member in document["members"]:
            assert set(member["answers"]) <= set(items), name
            assert set(member["answers"].values()) <= set(scale), name


@pytest.mark.parametrize("version", published())
def test_the_share_link_was_made_with_its_list(version: int) -> None:
    items, scale = lists()[version]
    link = SHARE.fullmatch((FIXTURES / f"v{version}-share.txt").read_text(encoding="utf-8").strip())
    assert link and int(link[1]) == version
    assert link[2] == fingerprint(items, scale)
    for part in link[3].split("~"):
        assert len(part.split("*")[0]) == len(items)


def test_fingerprint_is_the_pages() -> None:
    """The v1 page's own fingerprint of its list (tests/fixtures/checklist/README.md)."""
    items, scale = lists()[1]
    assert fingerprint(items, scale) == "1f51d32"


def test_page_carries_every_list() -> None:
    """What render.py puts in data-cp-versions is what the page migrates with."""
    checklist = exposure()
    assert [earlier.version for earlier in checklist.earlier_versions] == list(
        range(1, checklist.version)
    )
    assert checklist.versions_json() == {
        "version": checklist.version,
        "earlier": [earlier.to_json() for earlier in checklist.earlier_versions],
    }
