"""The quiz as a page shows it: `/// quiz | ID` in a plain `markdown.markdown` call becomes the
contract's form — labelled inputs, explanations and bands in the HTML, a form that cannot
submit, author text escaped, and a definition that cannot break out of its script element."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

import markdown
import pytest

from clearpicture import library as library_module
from clearpicture import model, render
from clearpicture.library import Library
from clearpicture.load import load_quiz
from clearpicture.markdown import page_href
from clearpicture.problems import QuizError

from .helpers import FIXTURES, fixture_text, make_site

CONFIG = {"quizzes_dir": str(FIXTURES / "quizzes"), "docs_dir": str(FIXTURES / "docs")}


def html_of(text: str, config: dict[str, str] | None = None) -> str:
    return markdown.markdown(
        text,
        extensions=["clearpicture.markdown"],
        extension_configs={"clearpicture.markdown": config or CONFIG},
    )


def tree_of(html: str) -> etree.Element:
    # Python-Markdown writes XHTML-style markup; well-formed XML is part of what is checked.
    return etree.fromstring(f"<root>{html}</root>")


def place(quiz_id: str, config: dict[str, str] | None = None) -> etree.Element:
    form = tree_of(html_of(f"/// quiz | {quiz_id}\n///\n", config)).find("form")
    assert form is not None
    return form


@pytest.fixture(scope="module")
def quiz_form() -> etree.Element:
    return place("good-quiz")


@pytest.fixture(scope="module")
def checklist_form() -> etree.Element:
    return place("good-checklist")


def text(el: etree.Element) -> str:
    return "".join(el.itertext())


@pytest.mark.parametrize("name", ["good-quiz", "good-checklist"])
def test_form_never_submits(name: str) -> None:
    form = place(name)
    assert form.get("method") == "dialog"
    assert form.get("action") is None
    buttons = form.findall(".//button")
    assert buttons and all(button.get("type") == "button" for button in buttons)
    assert not [i for i in form.iter("input") if i.get("type") in ("submit", "image")]


@pytest.mark.parametrize("name", ["good-quiz", "good-checklist"])
def test_every_input_has_exactly_one_label(name: str) -> None:
    form = place(name)
    labels = [label.get("for") for label in form.iter("label")]
    inputs = list(form.iter("input"))
    assert inputs
    for field in inputs:
        assert labels.count(field.get("id")) == 1, field.get("id")
        label = form.find(f".//label[@for='{field.get('id')}']")
        assert label is not None and text(label).strip()


@pytest.mark.parametrize("name", ["good-quiz", "good-checklist"])
def test_ids_are_unique_and_hints_describe_their_inputs(name: str) -> None:
    form = place(name)
    ids = [el.get("id") for el in form.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    described = [field for field in form.iter("input") if field.get("aria-describedby")]
    assert described, "the fixture has hints"
    for field in described:
        assert field.get("aria-describedby") in ids


def test_quiz_dom_follows_the_contract(quiz_form: etree.Element) -> None:
    assert quiz_form.get("class") == "cp-quiz"
    assert quiz_form.get("id") == "cp-quiz-good-quiz"
    assert quiz_form.get("data-cp-quiz") == "good-quiz"
    assert quiz_form.get("data-cp-kind") == "quiz"
    title = quiz_form.find("p[@class='cp-quiz__title']")
    assert title is not None and title.get("id") == quiz_form.get("aria-labelledby")
    fieldset = quiz_form.find("fieldset[@data-cp-question='pick-one']")
    assert fieldset is not None
    assert fieldset.get("id") == "cp-q-good-quiz-pick-one"
    assert fieldset.get("data-cp-type") == "single"
    assert fieldset[0].tag == "legend"
    assert text(fieldset[0]) == "Pick the right one."
    option = fieldset.find("div[@data-cp-option='a']")
    assert option is not None and option.get("class") == "cp-opt"
    field = option.find("input")
    assert field is not None
    assert (field.get("type"), field.get("name"), field.get("value")) == (
        "radio",
        "cp-good-quiz-pick-one",
        "a",
    )
    assert field.get("id") == "cp-good-quiz-pick-one-a"
    explain = option.find("div[@data-cp-explain='a']")
    assert explain is not None and text(explain).strip() == "Yes, this one."
    assert fieldset.find("p[@data-cp-verdict]") is not None
    truefalse = quiz_form.find("fieldset[@data-cp-question='is-it']")
    assert truefalse is not None and truefalse.get("data-cp-type") == "truefalse"
    status = quiz_form.find("p[@data-cp-status]")
    assert status is not None and status.get("role") == "status"
    result = quiz_form.find("div[@data-cp-result]")
    assert result is not None and result.get("hidden") is not None
    assert result.get("tabindex") == "-1"
    assert quiz_form[-1] is result and quiz_form.get("data-cp-definition", "").startswith("{")


def test_markdown_in_text_fields_is_rendered(quiz_form: etree.Element) -> None:
    legend = quiz_form.find("fieldset/legend")
    assert legend is not None and legend.find("strong") is not None
    hint = quiz_form.find("fieldset/div[@class='cp-q__hint']")
    assert hint is not None and hint.get("id") == "cp-q-good-quiz-pick-one-hint"


def test_links_are_docs_root_relative_for_mkdocs_to_rewrite(quiz_form: etree.Element) -> None:
    hrefs = {text(a): a.get("href") for a in quiz_form.iter("a")}
    assert hrefs["sample page"] == "/guides/sample.md#explicit"  # a link inside intro Markdown
    assert hrefs["Read more"] == "/guides/sample.md#slugged-heading"  # a question's link:
    assert hrefs["the sample"] == "/guides/sample.md"  # a band meaning


def test_explanations_and_bands_are_in_the_page_for_readers_without_scripts(
    quiz_form: etree.Element,
) -> None:
    noscript = quiz_form.find("noscript")
    assert noscript is not None and "JavaScript" in text(noscript)
    explains = [el for el in quiz_form.iter("div") if "cp-explain" in (el.get("class") or "")]
    assert len(explains) == 5  # four options and one question
    bands = quiz_form.findall("div[@class='cp-bands']/div[@data-cp-band]")
    assert [band.get("data-cp-band") for band in bands] == ["low", "high"]
    labels = [text(band.find("p[@class='cp-band__label']")) for band in bands]  # type: ignore[arg-type]
    assert labels == ["Worth a second read", "Well done"]
    controls = quiz_form.find("div[@class='cp-quiz__controls']")
    assert controls is not None
    assert [b.get("data-cp-command") for b in controls] == ["score", "reset"]
    # Shown by the script that wires them: never a button that does nothing.
    assert controls.get("hidden") == "hidden"


def test_checklist_items_carry_weight_note_and_steps(checklist_form: etree.Element) -> None:
    assert checklist_form.get("data-cp-kind") == "checklist"
    fieldset = checklist_form.find("fieldset[@data-cp-question='two-step']")
    assert fieldset is not None
    assert fieldset.get("data-cp-type") == "scale"
    assert fieldset.get("data-cp-area") == "accounts"
    assert [o.get("data-cp-option") for o in fieldset.findall("div")[1:4]] == [
        "yes",
        "no",
        "unsure",
    ]
    weight = fieldset.find("p[@class='cp-q__weight']/small")
    assert weight is not None
    assert text(weight) == (
        "Weight 15 of 25 (likelihood 3 × impact 5). Common, and severe when it happens."
    )
    fix = fieldset.find("div[@data-cp-step='fix']")
    find_out = fieldset.find("div[@data-cp-step='find-out']")
    assert fix is not None and find_out is not None
    assert "about 10 minutes" in text(fix) and "Turn it on." in text(fix)
    assert "about 3 minutes" in text(find_out)
    link = fix.find(".//a")
    assert link is not None and link.get("href") == "/guides/sample.md#explicit"
    areas = checklist_form.findall("div[@class='cp-areas']/ul/li")
    assert [area.get("data-cp-area") for area in areas] == ["accounts", "devices"]
    assert checklist_form.find(".//div[@data-cp-explain]") is None


@pytest.mark.parametrize("name", ["good-quiz", "good-checklist"])
def test_definition_round_trips(name: str) -> None:
    form = place(name)
    assert form.find(".//script") is None, "the definition must not ride in a <script>"
    quiz = load_quiz(FIXTURES / "quizzes" / f"{name}.yml", FIXTURES / "docs")
    assert json.loads(form.get("data-cp-definition") or "") == quiz.to_definition()


HOSTILE = "</script><script>alert(1)</script><!--&"


def hostile_quiz() -> model.Quiz:
    """A model the loader would refuse: raw HTML everywhere, to test the renderer alone."""
    return model.Quiz(
        id="hostile",
        title=f"Title {HOSTILE}",
        page="guides/sample.md",
        intro=f"Intro <b>bold</b> {HOSTILE}",
        questions=(
            model.Question(
                id=HOSTILE,
                type="single",
                prompt=f"Prompt <img src=x onerror=alert(1)> and `<code>` {HOSTILE}",
                options=(
                    model.Option("a", f"Option {HOSTILE}", True, f"Explain <i>x</i> {HOSTILE}"),
                    model.Option("b", "Other", False, "Other `a < b && c`"),
                ),
            ),
        ),
        bands=(model.Band("low", 0, f"Label {HOSTILE}", f"Meaning {HOSTILE}"),),
    )


def test_definition_is_inert_text() -> None:
    quiz = hostile_quiz()
    text_ = render.definition_json(quiz)
    assert not {"<", ">", "&"} & set(text_)
    assert json.loads(text_) == quiz.to_definition()


def test_raw_html_in_author_text_comes_out_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Library, "get", lambda self, quiz_id: hostile_quiz())
    html = html_of("Before.\n\n/// quiz | hostile\n///\n\nAfter.\n")
    for raw in ("<script>alert", "<b>", "<i>", "<img", "<!--", "</script><script"):
        assert raw not in html, raw
    assert "<script" not in html and "</script>" not in html
    root = tree_of(html)
    form = root.find("form")
    assert form is not None
    assert HOSTILE in text(form.find("p[@class='cp-quiz__title']"))  # type: ignore[arg-type]
    assert "Intro <b>bold</b>" in text(form.find("div[@class='cp-quiz__intro']"))  # type: ignore[arg-type]
    codes = [text(code) for code in form.iter("code")]
    assert codes == ["<code>", "a < b && c"]  # code spans are shown as written, once escaped
    assert [text(p) for p in root.findall("p")] == ["Before.", "After."]


def test_unknown_quiz_names_the_id_and_the_known_ones() -> None:
    with pytest.raises(QuizError) as raised:
        html_of("/// quiz | nope\n///\n")
    message = str(raised.value)
    assert "quiz 'nope' does not exist" in message
    assert "good-quiz" in message and "good-checklist" in message


def test_a_quiz_block_needs_an_id() -> None:
    with pytest.raises(QuizError, match=r"needs the quiz id"):
        html_of("/// quiz\n///\n")


def test_a_quiz_block_takes_no_content() -> None:
    with pytest.raises(QuizError, match="takes none"):
        html_of("/// quiz | good-quiz\n\nStray text.\n///\n")


def test_an_invalid_quiz_fails_the_page() -> None:
    with pytest.raises(QuizError, match=r"quiz-with-raw-html\.yml:\d+: .*raw HTML"):
        html_of("/// quiz | quiz-with-raw-html\n///\n")


def test_quizzes_are_cached_until_their_file_changes(tmp_path: Path) -> None:
    quizzes, docs = make_site(
        tmp_path,
        {"good-quiz": fixture_text("good-quiz")},
        {"guides/sample.md": (FIXTURES / "docs/guides/sample.md").read_text(encoding="utf-8")},
    )
    library = Library(quizzes, docs)
    first = library.get("good-quiz")
    assert library.get("good-quiz") is first
    path = quizzes / "good-quiz.yml"
    path.write_text(path.read_text().replace("A small quiz", "A renamed quiz"), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    assert library.get("good-quiz").title == "A renamed quiz"


def test_extension_loads_by_its_entry_point_name_and_object() -> None:
    from clearpicture.markdown import makeExtension

    html = markdown.markdown("/// quiz | good-quiz\n///\n", extensions=[makeExtension(**CONFIG)])
    assert 'data-cp-quiz="good-quiz"' in html
    md: Any = markdown.Markdown(
        extensions=["clearpicture"], extension_configs={"clearpicture": CONFIG}
    )
    assert 'data-cp-quiz="good-quiz"' in md.convert("/// quiz | good-quiz\n///\n")


def test_pages_share_one_library_so_a_quiz_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MkDocs makes a new Markdown instance for every page; the quiz file is still read once.
    quizzes, docs = make_site(
        tmp_path,
        {"good-quiz": fixture_text("good-quiz")},
        {"guides/sample.md": (FIXTURES / "docs/guides/sample.md").read_text(encoding="utf-8")},
    )
    reads: list[Path] = []
    original = library_module.load_quiz

    def counting(path: Path, *args: Any) -> model.AnyQuiz:
        reads.append(path)
        return original(path, *args)

    monkeypatch.setattr(library_module, "load_quiz", counting)
    config = {"quizzes_dir": str(quizzes), "docs_dir": str(docs)}
    for _ in range(3):
        place("good-quiz", config)
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("href", "page", "expected"),
    [
        ("/guides/x.md#a", "checklist.md", "guides/x.md#a"),
        ("/guides/x.md#a", "guides/y.md", "x.md#a"),
        ("/guides/x.md", "about/privacy.md", "../guides/x.md"),
        ("/index.md#b", "guides/deep/z.md", "../../index.md#b"),
        ("/guides/x.md#a", None, "/guides/x.md#a"),
        ("https://example.org/x", "guides/y.md", "https://example.org/x"),
        ("#local", "guides/y.md", "#local"),
    ],
)
def test_quiz_links_are_written_relative_to_the_page_being_rendered(
    href: str, page: str | None, expected: str
) -> None:
    # Both engines resolve a page-relative .md link (Zensical ignores docs-root ones).
    assert page_href(href, page) == expected
