"""A build that fails leaves the previous site as it was. `python -m clearpicture build` (what
`make build` and the Pages workflow run) builds into a staging folder beside site/ and swaps
it in only on success; shown on the staged fixture site, failing for each kind of reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.build.fixtures.staged import assemble, mkdocs_strict
from tests.conftest import ROOT


def clearpicture_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clearpicture", "build", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the fixture, made once: the site each failing build must leave alone."""
    work = tmp_path_factory.mktemp("staged-previous")
    config = assemble(work / "src")
    done = clearpicture_build(config, work / "site")
    assert done.returncode == 0, done.stderr
    return work / "site"


@pytest.fixture
def project(tmp_path: Path, previous_site: Path) -> tuple[Path, Path]:
    """(mkdocs.yml, site/) of a fresh copy of the fixture whose site/ holds the previous build."""
    config = assemble(tmp_path / "src")
    site_dir = tmp_path / "site"
    shutil.copytree(previous_site, site_dir)
    return config, site_dir


def break_an_anchor(src: Path) -> None:
    # A strict-mode warning: MkDocs reports it after writing every page, then aborts.
    (src / "docs/index.md").write_text("# Home\n\nSee [nowhere](quiz.md#nowhere).\n")


def break_a_quiz(src: Path) -> None:
    quiz = src / "quizzes/tiny.yml"
    quiz.write_text(quiz.read_text().replace("correct: true", "correct: maybe"))


def crash_the_build(src: Path) -> None:
    # A crash in the middle of writing: a theme template that raises while a page renders.
    (src / "docs/quiz.md").write_text(
        "---\ntemplate: crash.html\n---\n# A quiz page\n\n/// quiz | tiny\n///\n"
    )
    (src / "overrides").mkdir(exist_ok=True)
    (src / "overrides/crash.html").write_text("{{ undefined_thing.attribute.deeper }}\n")
    config = src / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            f'custom_dir: "{ROOT.as_posix()}/overrides"', "custom_dir: overrides"
        )
    )
    shutil.copytree(ROOT / "overrides", src / "overrides", dirs_exist_ok=True)


BREAKS: dict[str, Callable[[Path], None]] = {
    "strict-mode warning": break_an_anchor,
    "quiz problem": break_a_quiz,
    "crash": crash_the_build,
}


@pytest.mark.parametrize("reason", sorted(BREAKS))
def test_a_failed_build_leaves_the_previous_site_as_it_was(
    project: tuple[Path, Path], reason: str
) -> None:
    config, site_dir = project
    before = snapshot(site_dir)
    BREAKS[reason](config.parent)
    done = clearpicture_build(config, site_dir)
    assert done.returncode != 0
    assert snapshot(site_dir) == before
    assert done.stderr.rstrip().endswith(
        f"Build failed: {site_dir.as_posix()}/ was left as it was. Fix the problems above and "
        "build again."
    )
    assert sorted(p.name for p in site_dir.parent.iterdir()) == ["site", "src"], "left-overs"


def test_a_good_build_replaces_the_previous_site(project: tuple[Path, Path]) -> None:
    config, site_dir = project
    (site_dir / "stale.html").write_text("from an older build")
    quiz_page = config.parent / "docs/quiz.md"
    quiz_page.write_text(quiz_page.read_text().replace("# A quiz page", "# The new quiz page"))
    done = clearpicture_build(config, site_dir)
    assert done.returncode == 0, done.stderr
    assert not (site_dir / "stale.html").exists()
    assert "The new quiz page" in (site_dir / "quiz/index.html").read_text()
    assert (site_dir / "assets/pyodide/pyodide.asm.wasm").is_file()
    assert sorted(p.name for p in site_dir.parent.iterdir()) == ["site", "src"], "left-overs"


def test_a_first_build_creates_the_site(tmp_path: Path) -> None:
    config = assemble(tmp_path / "src")
    done = clearpicture_build(config, tmp_path / "out" / "site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/site/quiz/index.html").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]


def test_plain_mkdocs_build_empties_the_site_before_a_late_failure(
    project: tuple[Path, Path],
) -> None:
    """Why README says to build with `make build`: MkDocs itself cleans site/ before it writes,
    and decides a strict-mode abort only after the last hook has run."""
    config, site_dir = project
    before = snapshot(site_dir)
    break_an_anchor(config.parent)
    done = mkdocs_strict(config, site_dir)
    assert done.returncode != 0
    assert snapshot(site_dir) != before


def test_make_build_and_the_pages_workflow_build_staged() -> None:
    recipe = subprocess.run(
        ["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m clearpicture build" in recipe
    assert "mkdocs build" not in recipe
    workflow = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "- run: make build\n" in workflow
