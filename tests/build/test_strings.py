"""A site in another language: theme.language chooses the table of interface strings the build
writes into quiz pages and into assets/javascripts/strings.js, an override in mkdocs.yml replaces
one of them, and an override the build cannot use stops the build naming the key and the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.build.fixtures.staged import assemble


def build(config: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def spanish_site(src: Path, overrides: str) -> Path:
    config = assemble(src)
    text = config.read_text().replace("language: en", "language: es")
    config.write_text(
        text.replace("  - clearpicture.markdown", f"  - clearpicture.markdown:\n{overrides}")
    )
    return config


def test_a_spanish_site_speaks_spanish_with_the_authors_override(tmp_path: Path) -> None:
    config = spanish_site(tmp_path / "src", "      strings:\n        quiz.check_all: Corregir\n")
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site/quiz/index.html").read_text(encoding="utf-8")
    assert ">Corregir</button>" in page
    assert ">Empezar de nuevo</button>" in page
    assert "Para comprobar tus respuestas hace falta JavaScript" in page
    script = (tmp_path / "site/assets/javascripts/strings.js").read_text(encoding="utf-8")
    assert '"lang": "es"' in script
    assert '"quiz.check_all": "Corregir"' in script
    assert '"quiz.verdict.correct": "Correcto."' in script


def test_an_override_of_an_unknown_key_stops_the_build(tmp_path: Path) -> None:
    config = spanish_site(tmp_path / "src", "      strings:\n        quiz.chek_all: Corregir\n")
    done = build(config, tmp_path / "site")
    assert done.returncode != 0
    assert "strings: unknown key 'quiz.chek_all' — did you mean 'quiz.check_all'?" in done.stderr
