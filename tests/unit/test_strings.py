"""The interface strings: every language has every key with the same placeholders, every key a
script or the renderer asks for exists (and every key is asked for), overrides from mkdocs.yml
are checked, and a quiz renders in the site's language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest

from clearpicture import render, strings
from clearpicture.load import load_quiz

from .helpers import ROOT

SCRIPTS = sorted((ROOT / "docs/assets/javascripts").glob("*.js"))
PYTHON = [ROOT / "src/clearpicture/render.py"]
# Every quoted key: t("quiz.score"), t(household ? "a.b" : "a.c"), words("quiz.read_more")...
LITERAL = re.compile(r"""["']((?:common|quiz|checklist|links|progress)(?:\.[a-z_]+)+)["']""")
# t(`quiz.status.${state}`): every key starting so may be asked for.
TEMPLATE = re.compile(r"""`((?:common|quiz|checklist|links|progress)\.[a-z_.]*)\$\{""")
# words(f"{quiz.kind}.noscript"): every key ending so may be asked for.
FSTRING = re.compile(r"""\bwords(?:\.count)?\(\s*f["']\{[^}]+\}(\.[a-z_.]+)["']""")


def sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in [*SCRIPTS, *PYTHON])


# Keys whose text is a symbol, the same in every language.
SYMBOLS = {"progress.unknown"}


def test_english_and_spanish_are_shipped() -> None:
    assert strings.languages() == ("en", "es")


@pytest.mark.parametrize("language", ["es"])
def test_every_language_has_every_key_with_the_same_placeholders(language: str) -> None:
    english, other = strings.table("en"), strings.table(language)
    assert sorted(other) == sorted(english), "keys missing or extra"
    for key, text in english.items():
        assert strings.placeholders(other[key]) == strings.placeholders(text), key
        assert other[key] != text or key in SYMBOLS, f"{key} is not translated"


def test_every_key_asked_for_exists_and_every_key_is_asked_for() -> None:
    text = sources()
    english = strings.table("en")
    asked = set(LITERAL.findall(text))
    missing = {key for key in asked if key not in english and f"{key}.other" not in english}
    assert missing == set()
    prefixes, suffixes = TEMPLATE.findall(text), FSTRING.findall(text)
    assert prefixes and suffixes
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in english), prefix
    unused = {
        key
        for key in english
        if strings.base_key(key) not in asked
        and key not in asked
        and not any(key.startswith(prefix) for prefix in prefixes)
        and not any(key.endswith(suffix) for suffix in suffixes)
    }
    assert unused == set()


def test_no_script_writes_a_sentence_of_its_own() -> None:
    """What a reader sees comes from the tables: no quoted English sentence in the scripts
    (comments, JSDoc and console messages aside)."""
    sentence = re.compile(r"""["'`][A-Z][a-z]+ [a-z]+[^"'`]*["'`]""")
    found = []
    for path in SCRIPTS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//")[0] if not line.lstrip().startswith("*") else ""
            if "console." in code or "Error(" in code:
                continue
            found += [f"{path.name}:{number}: {m}" for m in sentence.findall(code)]
    assert found == []


def test_a_regional_language_takes_its_base_table_and_an_unknown_one_english() -> None:
    assert strings.resolve("es-MX").language == "es"
    assert strings.resolve("es_ES").language == "es"
    assert strings.resolve("fr").language == "en"
    assert strings.resolve("").language == "en"


def test_an_override_replaces_one_string() -> None:
    words = strings.resolve("es", {"quiz.check_all": "Corregir"})
    assert words("quiz.check_all") == "Corregir"
    assert words("common.start_again") == "Empezar de nuevo"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quiz.check_al": "x"}, "unknown key 'quiz.check_al' — did you mean 'quiz.check_all'?"),
        ({"quiz.check_all": 5}, "'quiz.check_all' must be text, not 5"),
        ({"quiz.check_all": "  "}, "'quiz.check_all' must be text"),
        ({"quiz.score": "{score} right"}, "same placeholders as the original ({max}, {score})"),
        ({"quiz.check_all": "Check {n}"}, "same placeholders as the original (none)"),
    ],
)
def test_an_override_the_build_cannot_use_is_refused(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(strings.StringsError, match=re.escape(message)):
        strings.resolve("en", overrides)


def test_plural_counts_and_placeholders() -> None:
    words = strings.resolve("en")
    assert words.count("checklist.minutes", 1) == "about 1 minute"
    assert words.count("checklist.minutes", 12) == "about 12 minutes"
    assert strings.resolve("es").count("checklist.minutes", 2) == "alrededor de 2 minutos"
    assert words("quiz.band_range", min=0, max=49) == "0–49% correct"


def test_the_script_table_is_an_es_module_of_the_chosen_words() -> None:
    script = strings.resolve("es", {"quiz.check_all": "Corregir"}).script()
    assert script.startswith("// Written by the build")
    assert '"lang": "es"' in script
    assert '"quiz.check_all": "Corregir"' in script


def test_a_quiz_renders_in_the_sites_language(tmp_path: Path) -> None:
    quiz = load_quiz(ROOT / "tests/unit/fixtures/quizzes/good-quiz.yml", FIXTURE_DOCS)
    md = markdown.Markdown()
    parent = etree.Element("div")
    form = render.render(quiz, parent, md, strings.resolve("es"))
    buttons = [b.text for b in form.iter("button")]
    assert buttons == ["Comprobar mis respuestas", "Empezar de nuevo"]
    noscript = form.find("noscript/p")
    assert noscript is not None and (noscript.text or "").startswith("Para comprobar")


FIXTURE_DOCS = ROOT / "tests/unit/fixtures/docs"
