"""YAML -> typed model: reads a quiz or checklist file through the line-tracking reader and
checks every rule of the quiz contract, with the docs it links to; then the rules across files.

All problems of a file are collected, then raised once as QuizError; each line reads
`quizzes/x.yml:42: what is wrong — how to fix it`, the way an author wants to see them."""

from __future__ import annotations

import posixpath
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from clearpicture import model, source_text
from clearpicture.docs_index import DocsIndex, check_placements
from clearpicture.problems import QuizError, display_path, nearest
from clearpicture.quiz_text import QuizText, TextStyle
from clearpicture.yaml_reader import ID_RE, UNREADABLE, Node, Reader, show

_TEXT_KEYS = {
    "title",
    "intro",
    "prompt",
    "hint",
    "text",
    "explain",
    "label",
    "meaning",
    "rationale",
}


# Above this many questions (or checklist items) a quiz is warned about: each one is rendered
# into the page and its definition, and the page gets heavy on a phone. The largest real one,
# the household checklist, has under 30; a quiz meant for readers stays far below 100.
MAX_ENTRIES = 100


class _QuizReader(Reader):
    """The YAML reader of one quiz file, with the checks that need the docs: text fields, links
    and the page that places the quiz; and warnings, which a strict build turns into failures."""

    def __init__(self, path: Path, quiz_text: QuizText) -> None:
        super().__init__(path, _TEXT_KEYS)
        self.quiz_text = quiz_text
        self.docs = quiz_text.docs
        self.warnings: list[tuple[int, str]] = []

    def warn_if_large(self, node: Node | None, noun: str) -> None:
        if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_ENTRIES:
            self.warnings.append(
                (
                    self.key_line(node),
                    f"this quiz has {len(node.value)} {noun}s, more than {MAX_ENTRIES} — every "
                    f"{noun} is in the page and in its scoring, so the page grows heavy and slow "
                    f"to open on a phone: split it into quizzes of at most {MAX_ENTRIES} {noun}s",
                )
            )

    def warning_messages(self) -> list[str]:
        name = display_path(self.path)
        return [f"{name}:{line}: warning: {message}" for line, message in sorted(self.warnings)]

    def text(self, node: Node | None, what: str, style: TextStyle = "markdown") -> str | None:
        return self.quiz_text.text(self, node, what, style)

    def link(self, node: Node | None, what: str) -> str | None:
        return self.quiz_text.link(self, node, what)


# --- the two kinds ---------------------------------------------------------------------------

_QUIZ_KEYS = ("questions",)
_CHECKLIST_KEYS = ("scale", "unsure_risk", "areas", "items")
IdList = list[tuple[str | None, Node]]


def _name(reader: _QuizReader, node: Node, noun: str, index: int, of: str = "") -> str:
    """How a message names an entry: by its id when it has a usable one, else by position."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if reader.scalar(key_node) == "id":
                value = reader.scalar(value_node)
                if isinstance(value, str) and ID_RE.fullmatch(value):
                    return f"{noun} '{value}'{of}"
    return f"{noun} {index}{of}"


def _read_file(reader: _QuizReader) -> model.AnyQuiz | None:
    # Undecodable bytes, invisible characters and YAML syntax, each at the line to fix.
    text, problems = source_text.read(reader.path)
    root = None
    if text is not None:
        root, problems = source_text.parse_yaml(text)
    for line, message in problems:
        reader.error(line, message)
    if problems:
        return None
    if root is None:
        reader.error(1, "the file is empty — start it with 'id:', 'kind:' and 'title:' lines")
        return None
    kind: Any = None
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if reader.scalar(key_node) == "kind":
                kind = reader.scalar(value_node)
                if kind not in ("quiz", "checklist", UNREADABLE):
                    reader.error(
                        value_node, f"kind must be 'quiz' or 'checklist', not {show(kind)}"
                    )
    if kind == "checklist":
        return _read_checklist(reader, root)
    if kind == "quiz":
        return _read_quiz(reader, root)
    reader.fields(
        root,
        "the file",
        "at the top of the file",
        ("kind",),
        ("id", "title", "intro", "page", "bands", *_QUIZ_KEYS, *_CHECKLIST_KEYS),
    )
    return None


def _read_top(reader: _QuizReader, root: Node, kind: str) -> dict[str, Node] | None:
    """The keys both kinds share; stores their values on the reader."""
    own, other, other_kind = (
        (_QUIZ_KEYS, _CHECKLIST_KEYS, "checklist")
        if kind == "quiz"
        else (_CHECKLIST_KEYS, _QUIZ_KEYS, "quiz")
    )
    required = ["id", "kind", "title", "page", "bands", *(k for k in own if k != "unsure_risk")]
    optional = ["intro", *(k for k in own if k == "unsure_risk")]
    top = reader.fields(
        root,
        f"the {kind}",
        "at the top of the file",
        required,
        optional,
        {key: f"kind: {other_kind}" for key in other},
    )
    if top is None:
        return None
    quiz_id = reader.ident(top.get("id"), f"the {kind}")
    if quiz_id is not None and quiz_id != reader.path.stem:
        reader.error(
            top["id"],
            f"id '{quiz_id}' does not match the file name '{reader.path.name}' — rename the file "
            f"to {quiz_id}.yml or set 'id: {reader.path.stem}'",
        )
    reader.values = {
        "id": quiz_id,
        "title": reader.text(top.get("title"), f"the title of the {kind}", "plain"),
        "intro": reader.text(top.get("intro"), f"the intro of the {kind}"),
        "page": _read_page(reader, top.get("page"), quiz_id),
        "bands": _read_bands(reader, top.get("bands")),
        "source": display_path(reader.path),
    }
    return top


def _read_page(reader: _QuizReader, node: Node | None, quiz_id: str | None) -> str | None:
    if node is None:
        return None
    value = reader.scalar(node)
    if value is UNREADABLE:
        return None
    if not isinstance(value, str) or not value.strip().endswith(".md"):
        reader.error(node, f"page must name a docs page such as guides/x.md, not {show(value)}")
        return None
    rel = posixpath.normpath(value.strip())
    page = None if rel.startswith(("/", "..")) else reader.docs.page(rel)
    if page is None:
        reader.error(
            node,
            f"page '{value}' does not exist under {display_path(reader.docs.docs_dir)}/ — fix "
            "the path (it is relative to the docs folder)",
        )
        return None
    if quiz_id is not None and quiz_id not in (placed for placed, _ in page.placements):
        reader.error(
            node,
            f"page '{rel}' does not place this quiz — add the lines '/// quiz | {quiz_id}' "
            "and '///' to that page where the quiz belongs",
        )
    return rel


def _read_bands(reader: _QuizReader, node: Node | None) -> tuple[model.Band, ...] | None:
    bands: list[model.Band] = []
    ids: IdList = []
    previous: int | None = None
    for index, band_node in enumerate(reader.sequence(node, "bands"), start=1):
        what = _name(reader, band_node, "band", index)
        fields = reader.fields(
            band_node, what, "under the band", ("id", "min", "label"), ("meaning",)
        )
        if fields is None:
            continue
        band_id = reader.ident(fields.get("id"), what)
        ids.append((band_id, fields.get("id", band_node)))
        minimum = reader.integer(fields.get("min"), f"'min' of {what}", 0, 100)
        if minimum is not None:
            if previous is None and minimum != 0:
                reader.error(
                    fields["min"],
                    f"the first band must start at 'min: 0', not {minimum} — bands cover 0 to "
                    "100 from the bottom up",
                )
            elif previous is not None and minimum <= previous:
                reader.error(
                    fields["min"],
                    f"{what} starts at {minimum}, not above the band before it ({previous}) — "
                    "list bands from the lowest 'min' to the highest",
                )
            previous = minimum
        label = reader.text(fields.get("label"), f"the label of {what}", "plain")
        meaning = reader.text(fields.get("meaning"), f"the meaning of {what}")
        if band_id is not None and minimum is not None and label is not None:
            bands.append(model.Band(band_id, minimum, label, meaning))
    reader.unique(ids, "band")
    return tuple(bands)


def _read_quiz(reader: _QuizReader, root: Node) -> model.Quiz | None:
    top = _read_top(reader, root, "quiz")
    if top is None:
        return None
    questions: list[model.Question] = []
    ids: IdList = []
    reader.warn_if_large(top.get("questions"), "question")
    for index, node in enumerate(reader.sequence(top.get("questions"), "questions"), start=1):
        question = _read_question(reader, node, index, ids)
        if question is not None:
            questions.append(question)
    reader.unique(ids, "question")
    if reader.errors:
        return None
    return model.Quiz(questions=tuple(questions), **reader.values)


def _read_question(
    reader: _QuizReader, node: Node, index: int, ids: IdList
) -> model.Question | None:
    what = _name(reader, node, "question", index)
    fields = reader.fields(
        node,
        what,
        "under the question",
        ("id", "type", "prompt", "options"),
        ("hint", "explain", "link"),
    )
    if fields is None:
        return None
    qid = reader.ident(fields.get("id"), what)
    ids.append((qid, fields.get("id", node)))
    if qid is not None:
        reader.lines.setdefault(qid, node.start_mark.line + 1)
    qtype = reader.scalar(fields["type"]) if "type" in fields else None
    if "type" in fields and qtype not in ("single", "multiple", "truefalse", UNREADABLE):
        reader.error(
            fields["type"],
            f"the type of {what} must be single, multiple or truefalse, not {show(qtype)}",
        )
    prompt = reader.text(fields.get("prompt"), f"the prompt of {what}", "inline")
    hint = reader.text(fields.get("hint"), f"the hint of {what}")
    explain = reader.text(fields.get("explain"), f"the explanation of {what}")
    link = reader.link(fields.get("link"), f"the link of {what}")
    options: list[model.Option] = []
    option_ids: IdList = []
    nodes = reader.sequence(fields.get("options"), f"the option list of {what}", 2)
    for option_index, option_node in enumerate(nodes, start=1):
        option = _read_option(reader, option_node, option_index, what, option_ids)
        if option is not None:
            options.append(option)
    reader.unique(option_ids, "option", f" in {what}")
    if "options" in fields and len(options) == len(nodes) >= 2:
        _check_correct(reader, fields["options"], what, qtype, options)
    if qid is None or prompt is None or qtype not in ("single", "multiple", "truefalse"):
        return None
    return model.Question(qid, qtype, prompt, tuple(options), hint, explain, link)


def _check_correct(
    reader: _QuizReader, at: Node, what: str, qtype: Any, options: list[model.Option]
) -> None:
    correct = [option.id for option in options if option.correct]
    line = reader.key_line(at)
    if qtype == "truefalse" and sorted(option.id for option in options) != ["false", "true"]:
        reader.error(
            line,
            f'{what} is truefalse: it needs exactly two options, with ids "true" and "false" '
            "(quoted) — or make it 'type: single'",
        )
    if qtype in ("single", "truefalse") and len(correct) != 1:
        marked = (
            f"{len(correct)} correct options ({', '.join(correct)})"
            if correct
            else "no correct option"
        )
        also = ", or make it 'type: multiple'" if correct and qtype == "single" else ""
        reader.error(
            line,
            f"{what} is {qtype} but has {marked} — mark exactly one option 'correct: true'{also}",
        )
    if qtype == "multiple" and not correct:
        reader.error(
            line,
            f"{what} is multiple but has no correct option — mark at least one option "
            "'correct: true'",
        )


def _read_option(
    reader: _QuizReader, node: Node, index: int, question: str, ids: IdList
) -> model.Option | None:
    what = _name(reader, node, "option", index, f" of {question}")
    fields = reader.fields(node, what, "under the option", ("id", "text", "correct", "explain"))
    if fields is None:
        return None
    oid = reader.ident(fields.get("id"), what)
    ids.append((oid, fields.get("id", node)))
    text = reader.text(fields.get("text"), f"the text of {what}", "inline")
    correct = reader.boolean(fields.get("correct"), f"'correct' of {what}")
    explain = reader.text(fields.get("explain"), f"the explanation of {what}")
    if oid is None or text is None or correct is None or explain is None:
        return None
    return model.Option(oid, text, correct, explain)


def _read_checklist(reader: _QuizReader, root: Node) -> model.Checklist | None:
    top = _read_top(reader, root, "checklist")
    if top is None:
        return None
    scale = _read_scale(reader, top.get("scale"))
    unsure_risk = reader.number(top.get("unsure_risk"), "unsure_risk", 0, 1)
    areas: list[model.Area] = []
    area_nodes: dict[str, Node] = {}
    ids: IdList = []
    for index, node in enumerate(reader.sequence(top.get("areas"), "areas"), start=1):
        what = _name(reader, node, "area", index)
        fields = reader.fields(node, what, "under the area", ("id", "title"), ("link",))
        if fields is None:
            continue
        area_id = reader.ident(fields.get("id"), what)
        ids.append((area_id, fields.get("id", node)))
        title = reader.text(fields.get("title"), f"the title of {what}", "plain")
        link = reader.link(fields.get("link"), f"the link of {what}")
        if area_id is not None and title is not None:
            areas.append(model.Area(area_id, title, link))
            area_nodes.setdefault(area_id, node)
    reader.unique(ids, "area")
    items: list[model.Item] = []
    ids = []
    reader.warn_if_large(top.get("items"), "item")
    for index, node in enumerate(reader.sequence(top.get("items"), "items"), start=1):
        item = _read_item(reader, node, index, scale, [area.id for area in areas], ids)
        if item is not None:
            items.append(item)
    reader.unique(ids, "item")
    used = {item.area for item in items}
    # An item that failed to read, or names a wrong area, would make this error a false one.
    items_read = len(items) == len(ids) and used <= set(area_nodes)
    for area in areas:
        if area.id not in used and items_read:
            reader.error(
                area_nodes[area.id],
                f"area '{area.id}' has no items — add items with 'area: {area.id}' or remove it",
            )
    if reader.errors or scale is None:
        return None
    return model.Checklist(
        scale=scale,
        areas=tuple(areas),
        items=tuple(items),
        unsure_risk=0.5 if unsure_risk is None else unsure_risk,
        **reader.values,
    )


def _read_scale(reader: _QuizReader, node: Node | None) -> tuple[model.ScaleOption, ...] | None:
    options: list[model.ScaleOption] = []
    unsure_nodes: list[Node] = []
    ids: IdList = []
    nodes = reader.sequence(node, "scale", 2)
    for index, option_node in enumerate(nodes, start=1):
        what = _name(reader, option_node, "scale option", index)
        fields = reader.fields(
            option_node, what, "under the scale option", ("id", "label"), ("unsure",)
        )
        if fields is None:
            continue
        option_id = reader.ident(fields.get("id"), what)
        ids.append((option_id, fields.get("id", option_node)))
        label = reader.text(fields.get("label"), f"the label of {what}", "plain")
        unsure = (
            reader.boolean(fields.get("unsure"), f"'unsure' of {what}")
            if "unsure" in fields
            else False
        )
        if option_id is not None and label is not None and unsure is not None:
            options.append(model.ScaleOption(option_id, label, unsure))
            if unsure:
                unsure_nodes.append(option_node)
    reader.unique(ids, "scale option")
    unsure_ids = [option.id for option in options if option.unsure]
    if len(unsure_ids) > 1:
        reader.error(
            unsure_nodes[1],
            f"the scale has {len(unsure_ids)} unsure options ({', '.join(unsure_ids)}) — keep "
            "'unsure: true' on one of them",
        )
    if node is None or len(options) != len(nodes) or len(unsure_ids) > 1:
        return None
    return tuple(options)


def _read_item(
    reader: _QuizReader,
    node: Node,
    index: int,
    scale: tuple[model.ScaleOption, ...] | None,
    areas: list[str],
    ids: IdList,
) -> model.Item | None:
    what = _name(reader, node, "item", index)
    fields = reader.fields(
        node,
        what,
        "under the item",
        ("id", "area", "prompt", "risk", "likelihood", "impact", "rationale", "action"),
        ("hint", "find_out"),
    )
    if fields is None:
        return None
    item_id = reader.ident(fields.get("id"), what)
    ids.append((item_id, fields.get("id", node)))
    if item_id is not None:
        reader.lines.setdefault(item_id, node.start_mark.line + 1)
    area = reader.ident(fields.get("area"), f"the area of {what}")
    if area is not None and areas and area not in areas:
        near = nearest(area, areas)
        reader.error(
            fields["area"],
            f"{what} is in area '{area}', which is not listed under 'areas:' — "
            + (f"did you mean '{near}'?" if near else f"use one of: {', '.join(areas)}"),
        )
    prompt = reader.text(fields.get("prompt"), f"the prompt of {what}", "inline")
    hint = reader.text(fields.get("hint"), f"the hint of {what}")
    risk = _read_risk(reader, fields.get("risk"), what, scale)
    likelihood = reader.integer(fields.get("likelihood"), f"'likelihood' of {what}", 1, 5)
    impact = reader.integer(fields.get("impact"), f"'impact' of {what}", 1, 5)
    rationale = reader.text(fields.get("rationale"), f"the rationale of {what}", "plain")
    action = _read_action(reader, fields.get("action"), f"the action of {what}")
    find_out = _read_action(reader, fields.get("find_out"), f"the find_out step of {what}")
    if "find_out" not in fields and scale and any(option.unsure for option in scale):
        reader.error(
            node,
            f"{what} has no 'find_out' — the scale has an unsure option, so add a 'find_out:' "
            "with 'text:' and 'minutes:' saying how to find out",
        )
    if (
        item_id is None
        or area is None
        or prompt is None
        or risk is None
        or likelihood is None
        or impact is None
        or rationale is None
        or action is None
    ):
        return None
    return model.Item(
        item_id, area, prompt, risk, likelihood, impact, rationale, action, find_out, hint
    )


def _read_risk(
    reader: _QuizReader, node: Node | None, what: str, scale: tuple[model.ScaleOption, ...] | None
) -> Mapping[str, float] | None:
    if node is None or scale is None:
        return None
    answers = [option.id for option in scale if not option.unsure]
    unsure = [option.id for option in scale if option.unsure]
    fields = reader.fields(node, f"the risk of {what}", "under 'risk:'", (), [*answers, *unsure])
    if fields is None:
        return None
    risk: dict[str, float] = {}
    for key, value_node in fields.items():
        if key in unsure:
            reader.error(
                value_node,
                f"the risk of {what} lists the unsure option '{key}' — remove it: an unsure "
                "answer counts as 'unsure_risk'",
            )
            continue
        value = reader.number(value_node, f"the risk of '{key}' for {what}", 0, 1)
        if value is not None:
            risk[key] = value
    missing = [answer for answer in answers if answer not in fields]
    for answer in missing:
        reader.error(
            node,
            f"{what} has no risk for scale option '{answer}' — add '\"{answer}\": <0 to 1>' "
            "under 'risk:'",
        )
    if missing or len(risk) != len(answers):
        return None
    return types.MappingProxyType({answer: risk[answer] for answer in answers})


def _read_action(reader: _QuizReader, node: Node | None, what: str) -> model.Action | None:
    if node is None:
        return None
    fields = reader.fields(node, what, "under it", ("text", "minutes"), ("link",))
    if fields is None:
        return None
    text = reader.text(fields.get("text"), f"the text of {what}")
    minutes = reader.integer(fields.get("minutes"), f"'minutes' of {what}", 1, 240)
    link = reader.link(fields.get("link"), f"the link of {what}")
    if text is None or minutes is None:
        return None
    return model.Action(text, minutes, link)


# --- entry points ------------------------------------------------------------------------------


def load_quiz(
    path: Path,
    docs_dir: Path,
    checks: QuizText | None = None,
    warnings: list[str] | None = None,
) -> model.AnyQuiz:
    """Read and check one quiz file; raise QuizError listing every problem found in it.
    `checks` lends text checks (and their docs index) already made, as load_all and Library do;
    `warnings`, when given, receives `path:line: warning: …` lines (a very large quiz)."""
    reader = _QuizReader(Path(path), checks or QuizText(DocsIndex(Path(docs_dir))))
    quiz = _read_file(reader)
    if warnings is not None:
        warnings.extend(reader.warning_messages())
    if quiz is not None and not reader.errors:
        _check_element_ids(reader, quiz)
    if reader.errors or quiz is None:
        raise QuizError(reader.messages())
    return quiz


def _check_element_ids(reader: _QuizReader, quiz: model.AnyQuiz) -> None:
    seen: dict[str, str] = {}
    for element_id, owner, entry_id in model.element_ids(quiz):
        if element_id in seen:
            reader.error(
                reader.lines.get(entry_id or "", 1),
                f"{owner} and {seen[element_id]} would share the HTML id '{element_id}' — "
                "rename one of them",
            )
        seen.setdefault(element_id, owner)


def load_all(
    quizzes_dir: Path,
    docs_dir: Path,
    checks: QuizText | None = None,
    warnings: list[str] | None = None,
) -> dict[str, model.AnyQuiz]:
    """Read and check every quizzes/*.yml, then the rules across files: every `/// quiz | ID`
    placement in the docs names a quiz that exists, once per page. Raises one QuizError
    holding every problem of every file. `checks` lends text checks and a docs index already
    made (Library); `warnings` receives what a strict build would refuse but a quiz can show."""
    quizzes_dir, docs_dir = Path(quizzes_dir), Path(docs_dir)
    checks = checks or QuizText(DocsIndex(docs_dir))
    errors: list[str] = []
    quizzes: dict[str, model.AnyQuiz] = {}
    paths = sorted(quizzes_dir.glob("*.yml"))
    for path in paths:
        try:
            quiz = load_quiz(path, docs_dir, checks, warnings)
        except QuizError as error:
            errors.extend(error.errors)
            continue
        if quiz.id in quizzes:
            errors.append(
                f"{display_path(path)}:1: quiz id '{quiz.id}' is also used by "
                f"{quizzes[quiz.id].source} — give each quiz its own id"
            )
        quizzes.setdefault(quiz.id, quiz)
    for path in sorted(quizzes_dir.glob("*.yaml")):
        errors.append(
            f"{display_path(path)}:1: quiz files end in .yml — rename it to {path.stem}.yml"
        )
    existing = {path.stem for path in paths}
    for page in checks.docs.pages():
        errors.extend(
            check_placements(page, existing, display_path(docs_dir), display_path(quizzes_dir))
        )
    if errors:
        raise QuizError(errors)
    return dict(sorted(quizzes.items()))
