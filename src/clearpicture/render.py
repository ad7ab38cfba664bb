"""Model -> ElementTree: the quiz as a real HTML form, exactly the DOM of the quiz contract.

Markdown text goes through the hosting Markdown instance (so MkDocs later rewrites `.md` links
like any other); raw HTML in it is escaped first. The definition JSON rides along for scoring."""

from __future__ import annotations

import hashlib
import json
import random
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.util import AtomicString

from clearpicture import model, plain_text
from clearpicture.strings import Strings

# Material's search index leaves out an element carrying this attribute: a quiz is indexed by its
# title, intro and question stems, not its options, answers, explanations, bands or buttons
# (dev/decisions/quiz-search.md). Checklist items keep their actions, which are advice.
UNSEARCHED = {"data-search-exclude": ""}


def escape_markdown(text: str) -> str:
    """Escape `&` and `<` outside code spans, so Markdown renders no raw HTML (code spans are
    escaped by Markdown itself; escaping them here would show `&lt;` literally)."""
    out: list[str] = []
    start = 0
    for span in model.CODE_SPAN_RE.finditer(text):
        out.append(_escape(text[start : span.start()]))
        out.append(span.group(0))
        start = span.end()
    out.append(_escape(text[start:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def docs_href(target: str) -> str:
    """A docs-relative link as a docs-root-relative one ("/guides/x.md#a"): the quiz may sit on
    any page, and MkDocs (`absolute_links: relative_to_docs`) rewrites it for the page."""
    if urlsplit(target).scheme or target.startswith(("/", "#")):
        return target
    return "/" + target


def definition_json(quiz: model.AnyQuiz) -> str:
    """The definition as compact JSON with `<`, `>` and `&` escaped, safe in any HTML context.

    It rides in the form's `data-cp-definition` attribute, not a <script>: Material's instant
    navigation re-creates every <script> of a new page from its text alone, which would turn a
    JSON block into an inline script for the CSP to refuse."""
    return _json_attribute(quiz.to_definition())


class _Writer:
    """Builds elements under a parent; text goes in as Markdown, inline Markdown or plain, and
    the interface's own words come from the site's strings (strings/)."""

    def __init__(self, md: Markdown, words: Strings) -> None:
        self.md = md
        self.words = words
        self.blocks_known = plain_text.known_blocks(md)

    def block(self, parent: etree.Element, text: str, attrib: dict[str, str]) -> etree.Element:
        el = etree.SubElement(parent, "div", attrib)
        # A plain line becomes its paragraph without the block parser (plain_text.py).
        if text and not plain_text.paragraph(self.md, el, text, self.blocks_known):
            self.md.parser.parseChunk(el, escape_markdown(text))
        return el

    def inline(
        self, parent: etree.Element, tag: str, text: str, attrib: dict[str, str]
    ) -> etree.Element:
        # The text is left for the hosting instance's inline pass, which runs over the tree
        # (a plain line may skip it: plain_text.py).
        el = etree.SubElement(parent, tag, attrib)
        el.text = escape_markdown(text)
        plain_text.mark(self.md, el)
        return el

    def plain(
        self, parent: etree.Element, tag: str, text: str, attrib: dict[str, str]
    ) -> etree.Element:
        el = etree.SubElement(parent, tag, attrib)
        el.text = AtomicString(text)
        return el

    def link(self, parent: etree.Element, target: str, text: str) -> etree.Element:
        return self.plain(parent, "a", text, {"href": docs_href(target)})


@dataclass(frozen=True)
class SiteOptions:
    """What the site's configuration adds to every quiz (clearpicture.markdown's options)."""

    shuffle: model.Shuffle = "none"  # a quiz without its own 'shuffle:' takes this
    progress_page: str | None = None  # docs path of the "Your progress" page, linked from quizzes


def render(
    quiz: model.AnyQuiz,
    parent: etree.Element,
    md: Markdown,
    words: Strings,
    site: SiteOptions | None = None,
) -> etree.Element:
    """Append the quiz's form to parent and return it."""
    site = site or SiteOptions()
    w = _Writer(md, words)
    form = etree.SubElement(
        parent,
        "form",
        {
            "class": "cp-quiz",
            "id": model.form_id(quiz.id),
            "data-cp-quiz": quiz.id,
            "data-cp-kind": quiz.kind,
            "method": "dialog",
            "aria-labelledby": model.title_id(quiz.id),
        },
    )
    w.plain(form, "p", quiz.title, {"class": "cp-quiz__title", "id": model.title_id(quiz.id)})
    if quiz.intro:
        w.block(form, quiz.intro, {"class": "cp-quiz__intro"})
    noscript = etree.SubElement(form, "noscript", UNSEARCHED)
    w.plain(noscript, "p", words(f"{quiz.kind}.noscript"), {"class": "cp-quiz__noscript"})
    if isinstance(quiz, model.Quiz):
        shuffle = quiz.shuffle or site.shuffle
        if shuffle != "none":
            form.set("data-cp-shuffle", shuffle)
        for question in quiz.questions:
            _question(w, form, quiz, question)
    else:
        if quiz.profile:
            _profile(w, form, quiz, quiz.profile)
        _areas(w, form, quiz)
        for item in quiz.items:
            _item(w, form, quiz, item)
    _bands(w, form, quiz)
    if isinstance(quiz, model.Quiz) and site.progress_page:
        # The script puts the "Remember my answers on this device" box before the link. It comes
        # before the buttons, so going back from the result (Shift+Tab) reaches "Start again".
        keep = etree.SubElement(
            form, "p", {"class": "cp-quiz__keep", "hidden": "hidden", **UNSEARCHED}
        )
        w.link(keep, site.progress_page, words("progress.link"))
    # Hidden until the script that owns the form wires the buttons: without scripts they could
    # only do nothing (<noscript> says why), and before wiring a click would be lost.
    controls = etree.SubElement(
        form, "div", {"class": "cp-quiz__controls", "hidden": "hidden", **UNSEARCHED}
    )
    buttons = (
        ("score", words(f"{quiz.kind}.check_all"), "md-button md-button--primary"),
        ("reset", words("common.start_again"), "md-button"),
    )
    for command, label, css in buttons:
        w.plain(
            controls, "button", label, {"type": "button", "class": css, "data-cp-command": command}
        )
    etree.SubElement(
        form, "p", {"class": "cp-quiz__status", "role": "status", "data-cp-status": ""}
    )
    etree.SubElement(
        form,
        "div",
        {"class": "cp-quiz__result", "data-cp-result": "", "tabindex": "-1", "hidden": "hidden"},
    )
    form.set("data-cp-definition", definition_json(quiz))
    if isinstance(quiz, model.Checklist):
        # What the page needs to read answers kept from earlier item lists (checklist-store.js).
        form.set("data-cp-versions", _json_attribute(quiz.versions_json()))
    return form


def _json_attribute(value: object) -> str:
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _profile(
    w: _Writer, form: etree.Element, checklist: model.Checklist, profile: model.Profile
) -> None:
    """The household profile step: real checkboxes at build. Without JavaScript it only says
    every question is shown; checklist.js asks the engine which items apply and hides the rest."""
    box = etree.SubElement(
        form,
        "fieldset",
        {
            "class": "cp-profile",
            "id": model.profile_id(checklist.id, "step"),
            "data-cp-profile": "",
        },
    )
    w.plain(box, "legend", profile.title, {"class": "cp-profile__title"})
    if profile.intro:
        w.block(box, profile.intro, {"class": "cp-profile__intro"})
    noscript = etree.SubElement(box, "noscript")
    w.plain(noscript, "p", w.words("checklist.profile.noscript"), {"class": "cp-profile__noscript"})
    groups = etree.SubElement(box, "div", {"class": "cp-profile__groups"})
    for group in profile.groups:
        part = etree.SubElement(
            groups,
            "fieldset",
            {"class": "cp-profile__group", "id": model.profile_id(checklist.id, group.id)},
        )
        w.plain(part, "legend", group.title, {})
        for option in group.options:
            # The label holds its checkbox: the whole row is one target (at least 24 px tall).
            row = etree.SubElement(
                part,
                "label",
                {
                    "class": "cp-check",
                    "for": model.profile_id(checklist.id, option.id),
                    "data-cp-option": option.id,
                },
            )
            attrib = {
                "type": "checkbox",
                "name": model.profile_id(checklist.id, "option"),
                "id": model.profile_id(checklist.id, option.id),
                "value": option.id,
            }
            if option.unsure:
                attrib["data-cp-unsure"] = ""
            etree.SubElement(row, "input", attrib)
            w.plain(row, "span", option.label, {})
    etree.SubElement(
        box, "p", {"class": "cp-profile__count", "role": "status", "data-cp-profile-count": ""}
    )


def _fieldset(
    w: _Writer,
    form: etree.Element,
    quiz_id: str,
    qid: str,
    qtype: str,
    prompt: str,
    hint: str | None,
) -> etree.Element:
    fieldset = etree.SubElement(
        form,
        "fieldset",
        {
            "class": "cp-q",
            "id": model.fieldset_id(quiz_id, qid),
            "data-cp-question": qid,
            "data-cp-type": qtype,
        },
    )
    w.inline(fieldset, "legend", prompt, {})
    if hint:
        w.block(fieldset, hint, {"class": "cp-q__hint", "id": model.hint_id(quiz_id, qid)})
    return fieldset


def _option(
    w: _Writer,
    fieldset: etree.Element,
    quiz_id: str,
    qid: str,
    oid: str,
    kind: str,
    hint: bool,
) -> etree.Element:
    box = etree.SubElement(
        fieldset, "div", {"class": "cp-opt", "data-cp-option": oid, **UNSEARCHED}
    )
    attrib = {
        "type": kind,
        "name": model.input_name(quiz_id, qid),
        "id": model.input_id(quiz_id, qid, oid),
        "value": oid,
    }
    if hint:
        attrib["aria-describedby"] = model.hint_id(quiz_id, qid)
    etree.SubElement(box, "input", attrib)
    return box


def _question(w: _Writer, form: etree.Element, quiz: model.Quiz, question: model.Question) -> None:
    fieldset = _fieldset(
        w, form, quiz.id, question.id, question.type, question.prompt, question.hint
    )
    if question.points != 1:
        fieldset.set("data-cp-points", str(question.points))
    # The verdict sits above what it speaks of: the marks, the answer, the explanations.
    etree.SubElement(fieldset, "p", {"class": "cp-q__verdict", "data-cp-verdict": ""})
    if question.type in model.CHOICE_TYPES:
        _choices(w, fieldset, quiz, question)
    elif question.type == "order":
        _order(w, fieldset, quiz, question)
    else:
        _entry(w, fieldset, quiz, question)
    if question.explain or question.link:
        explain = w.block(
            fieldset, question.explain or "", {"class": "cp-explain cp-q__explain", **UNSEARCHED}
        )
        if question.link:
            more = etree.SubElement(explain, "p", {"class": "cp-q__more"})
            w.link(more, question.link, w.words("quiz.read_more"))


def _choices(
    w: _Writer, fieldset: etree.Element, quiz: model.Quiz, question: model.Question
) -> None:
    kind = "checkbox" if question.type == "multiple" else "radio"
    for option in question.options:
        box = _option(w, fieldset, quiz.id, question.id, option.id, kind, bool(question.hint))
        if option.fixed:
            box.set("data-cp-fixed", "")
        w.inline(
            box, "label", option.text, {"for": model.input_id(quiz.id, question.id, option.id)}
        )
        w.block(box, option.explain, {"class": "cp-explain", "data-cp-explain": option.id})


def _entry(w: _Writer, fieldset: etree.Element, quiz: model.Quiz, question: model.Question) -> None:
    """A fill-in or number question: one text field, then the right answer (shown once
    checked, or always without scripts)."""
    field_id = model.entry_id(quiz.id, question.id)
    box = etree.SubElement(fieldset, "div", {"class": "cp-entry", **UNSEARCHED})
    w.plain(box, "label", w.words("quiz.entry_label"), {"for": field_id})
    attrib = {
        "type": "text",
        "id": field_id,
        "name": model.input_name(quiz.id, question.id),
        "autocomplete": "off",
        "spellcheck": "false",
        "autocapitalize": "none",
    }
    described = [model.hint_id(quiz.id, question.id)] if question.hint else []
    if question.type == "number":
        attrib["inputmode"] = "decimal"
    if question.unit:
        described.append(model.unit_id(quiz.id, question.id))
    if described:
        attrib["aria-describedby"] = " ".join(described)
    etree.SubElement(box, "input", attrib)
    if question.unit:
        unit = {"class": "cp-entry__unit", "id": model.unit_id(quiz.id, question.id)}
        w.plain(box, "span", question.unit, unit)
    answer = etree.SubElement(fieldset, "div", {"class": "cp-explain cp-q__answer", **UNSEARCHED})
    if question.type == "fill-in":
        w.plain(answer, "p", w.words("quiz.answer.text", answer=question.answer or ""), {})
        if question.alternatives:
            also = w.words("quiz.answer.also", answers=", ".join(question.alternatives))
            w.plain(answer, "p", also, {})
        return
    value = w.words.number(question.value or 0)
    shown = f"{value} {question.unit}" if question.unit else value
    w.plain(answer, "p", w.words("quiz.answer.text", answer=shown), {})
    if question.tolerance:
        low = w.words.number((question.value or 0) - question.tolerance)
        high = w.words.number((question.value or 0) + question.tolerance)
        w.plain(answer, "p", w.words("quiz.answer.range", low=low, high=high), {})


def _order(w: _Writer, fieldset: etree.Element, quiz: model.Quiz, question: model.Question) -> None:
    """An order question: its items in a start order that is never the right one (the same at
    every build), then the right order (shown once checked, or always without scripts)."""
    listing = etree.SubElement(fieldset, "ol", {"class": "cp-order", **UNSEARCHED})
    for item in start_order(quiz.id, question):
        entry = etree.SubElement(
            listing, "li", {"class": "cp-order__item", "data-cp-item": item.id}
        )
        w.inline(entry, "span", item.text, {"class": "cp-order__text"})
    answer = etree.SubElement(fieldset, "div", {"class": "cp-explain cp-q__answer", **UNSEARCHED})
    w.plain(answer, "p", w.words("quiz.answer.order"), {})
    right = etree.SubElement(answer, "ol")
    for item in question.items:
        w.inline(right, "li", item.text, {})


def start_order(quiz_id: str, question: model.Question) -> list[model.OrderItem]:
    """The items shuffled by a seed of the quiz and question ids (stable across builds), and
    never left in the right order."""
    items = list(question.items)
    seed = int.from_bytes(hashlib.sha256(f"{quiz_id}/{question.id}".encode()).digest()[:8])
    random.Random(seed).shuffle(items)
    if items == list(question.items):
        items = items[1:] + items[:1]
    return items


def _areas(w: _Writer, form: etree.Element, checklist: model.Checklist) -> None:
    box = etree.SubElement(form, "div", {"class": "cp-areas"})
    w.plain(box, "p", w.words("checklist.areas_title"), {"class": "cp-areas__title"})
    listing = etree.SubElement(box, "ul")
    for area in checklist.areas:
        entry = etree.SubElement(listing, "li", {"data-cp-area": area.id})
        if area.link:
            w.link(entry, area.link, area.title)
        else:
            entry.text = AtomicString(area.title)


def _item(w: _Writer, form: etree.Element, checklist: model.Checklist, item: model.Item) -> None:
    fieldset = _fieldset(w, form, checklist.id, item.id, "scale", item.prompt, item.hint)
    fieldset.set("data-cp-area", item.area)
    for option in checklist.scale:
        box = _option(w, fieldset, checklist.id, item.id, option.id, "radio", bool(item.hint))
        w.plain(
            box, "label", option.label, {"for": model.input_id(checklist.id, item.id, option.id)}
        )
    note = etree.SubElement(fieldset, "p", {"class": "cp-q__weight"})
    weight = w.words(
        "checklist.weight", weight=item.weight, likelihood=item.likelihood, impact=item.impact
    )
    w.plain(note, "small", f"{weight} {item.rationale}", {})
    etree.SubElement(fieldset, "p", {"class": "cp-q__verdict", "data-cp-verdict": ""})
    _action(w, fieldset, "fix", w.words("checklist.fix"), item.action)
    if item.find_out:
        _action(w, fieldset, "find-out", w.words("checklist.find_out"), item.find_out)


def _action(
    w: _Writer, fieldset: etree.Element, step: str, title: str, action: model.Action
) -> None:
    box = etree.SubElement(fieldset, "div", {"class": "cp-action", "data-cp-step": step})
    head = etree.SubElement(box, "p", {"class": "cp-action__head"})
    w.plain(head, "strong", title, {})
    head[0].tail = AtomicString(" · ")
    minutes = w.words.count("checklist.minutes", action.minutes)
    w.plain(head, "span", minutes, {"class": "cp-action__minutes"})
    w.block(box, action.text, {"class": "cp-action__text"})
    if action.link:
        more = etree.SubElement(box, "p", {"class": "cp-action__more"})
        w.link(more, action.link, w.words("checklist.how_to"))


def _bands(w: _Writer, form: etree.Element, quiz: model.AnyQuiz) -> None:
    box = etree.SubElement(form, "div", {"class": "cp-bands", **UNSEARCHED})
    for index, band in enumerate(quiz.bands):
        top = quiz.bands[index + 1].min - 1 if index + 1 < len(quiz.bands) else 100
        entry = etree.SubElement(
            box, "div", {"class": "cp-band", "data-cp-band": band.id, "data-cp-min": str(band.min)}
        )
        w.plain(entry, "p", band.label, {"class": "cp-band__label"})
        span = w.words(f"{quiz.kind}.band_range", min=band.min, max=top)
        w.plain(entry, "p", span, {"class": "cp-band__range"})
        if band.meaning:
            w.block(entry, band.meaning, {"class": "cp-band__meaning"})


def progress(
    entries: list[tuple[model.Quiz, str]], parent: etree.Element, md: Markdown, words: Strings
) -> etree.Element:
    """The "Your progress" table: one row per quiz, its guide linked to the quiz; the status,
    score and date cells are left for the reader's own device to fill in (progress.js)."""
    w = _Writer(md, words)
    box = etree.SubElement(parent, "div", {"class": "cp-progress", "data-cp-progress": ""})
    noscript = etree.SubElement(box, "noscript")
    w.plain(noscript, "p", words("progress.noscript"), {"class": "cp-progress__noscript"})
    table = etree.SubElement(box, "table", {"class": "cp-progress__table"})
    w.plain(table, "caption", words("progress.caption"), {})
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for key in (
        "progress.col.guide",
        "progress.col.status",
        "progress.col.score",
        "progress.col.date",
    ):
        w.plain(head, "th", words(key), {"scope": "col"})
    body = etree.SubElement(table, "tbody")
    for quiz, title in entries:
        row = etree.SubElement(body, "tr", {"data-cp-progress-quiz": quiz.id})
        cell = etree.SubElement(row, "th", {"scope": "row"})
        w.link(cell, f"{quiz.page}#{model.form_id(quiz.id)}", title)
        for column in ("status", "score", "date"):
            w.plain(row, "td", words("progress.unknown"), {"data-cp-progress-cell": column})
    return box
