"""The installable engine (tests/package.py): the wheel carries the prepared runtime and the
engine's browser files, and in a fresh environment with no Node the starter site builds strict
with the runtime, the CSP on every page, the feed and the link kit."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from clearpicture import runtime
from tests.package import Starter, installed, starter_site
from tests.runtime_files import RUNTIME_FILES

# The first test builds the wheel and installs it with its dependencies into a new environment
# (tests/package.py): minutes on a loaded machine, beyond the suite's 300 s default.
pytestmark = pytest.mark.timeout(1200)


@pytest.fixture(scope="module")
def starter() -> Starter:
    return starter_site()


def test_the_wheel_carries_the_runtime_and_the_engine_files() -> None:
    with zipfile.ZipFile(installed().wheel) as wheel:
        names = set(wheel.namelist())
        for rel in RUNTIME_FILES:
            assert f"clearpicture/bundle/{rel}" in names
        assert "clearpicture/bundle/assets/javascripts/quiz.js" in names
        assert "clearpicture/bundle/assets/stylesheets/quiz.css" in names
        assert "clearpicture/theme/main.html" in names
        points = wheel.read(
            next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        ).decode()
    assert "clearpicture = clearpicture.plugin:ClearPicturePlugin" in points


def test_the_fresh_environment_has_no_node() -> None:
    env = installed()
    assert shutil.which("node", path=env.environ()["PATH"]) is None
    # The installed package is the wheel's, not this checkout's.
    where = env.run("-c", "import clearpicture; print(clearpicture.__file__)", cwd=env.env_dir)
    assert where.stdout.strip().startswith(str(env.env_dir)), where


def test_the_starter_builds_strict_with_the_runtime(starter: Starter) -> None:
    site = starter.site
    for rel in RUNTIME_FILES:
        assert (site / rel).is_file(), rel
    # The runtime is the wheel's prepared one: the trimmed, compiled stdlib, not Pyodide's own.
    assert (site / "assets/python/scoring.py").read_bytes() == (
        Path(runtime.__file__).parent.parent / "scoring.py"
    ).read_bytes()
    stdlib = site / "assets/pyodide/python_stdlib.zip"
    with zipfile.ZipFile(stdlib) as zipped:
        assert any(name.endswith(".pyc") for name in zipped.namelist())
    for rel in ("feed.xml", "link-kit/index.html", "assets/javascripts/quiz.js"):
        assert (site / rel).is_file(), rel


def test_every_starter_page_carries_a_filled_csp_and_loads_nothing_from_elsewhere(
    starter: Starter,
) -> None:
    pages = sorted(starter.site.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "{{CLEARPICTURE_CSP}}" not in html, page
        assert re.search(r'http-equiv="Content-Security-Policy" content="default-src', html), page
        # Nothing loads from another host: no src= off the site, and a <link> to a full URL
        # only as the canonical address.
        assert not re.findall(r'\ssrc="(?:https?:)?//', html), page
        for link in re.findall(r"<link\b[^>]*>", html):
            if re.search(r'href="(?:https?:)?//', link):
                assert 'rel="canonical"' in link, (page, link)
    guide = (starter.site / "guides/first-steps/index.html").read_text(encoding="utf-8")
    assert 'id="cp-quiz-first-steps"' in guide
    assert "og:title" in guide
