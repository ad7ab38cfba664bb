"""YAML -> typed model: reads a quiz or checklist file through the line-tracking reader, every
mapping through its table in contract.py, and checks the rules that span fields and files (ids
unique, bands in order, correct options, placements) with the docs it links to.

All problems of a file are collected, then raised once as QuizError; each line reads
`quizzes/x.yml:42: what is wrong — how to fix it`, the way an author wants to see them."""

from __future__ import annotations

import posixpath
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import yaml

from clearpicture import contract, model, source_text
from clearpicture.contract import TextStyle
from clearpicture.docs_index import DocsIndex, check_placements
from clearpicture.problems import QuizError, display_path, nearest
from clearpicture.quiz_text import QuizText
from clearpicture.yaml_reader import ID_RE, UNREADABLE, Check, Node, Reader, show

IdList = list[tuple[str | None, Node]]
Values = dict[str, Any]


# Above this many questions (or checklist items) a quiz is refused: each one is rendered into
# the page and its definition, and the page gets heavy on a phone. The largest real one,
# the household checklist, has under 30; a quiz meant for readers stays far below 100.
MAX_ENTRIES = 100


class _QuizReader(Reader):
    """The YAML reader of one quiz file, with the checks that need the docs: text fields, links
    and the page that places the quiz."""

    def __init__(self, path: Path, quiz_text: QuizText) -> None:
        super().__init__(path, contract.TEXT_KEYS)
        self.quiz_text = quiz_text
        self.docs = quiz_text.docs

    def refuse_if_large(self, node: Node | None, noun: str) -> None:
        if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_ENTRIES:
            self.error(
                self.key_line(node),
                f"this quiz has {len(node.value)} {noun}s, more than {MAX_ENTRIES} — every "
                f"{noun} is in the page and in its scoring, so the page grows heavy and slow "
                f"to open on a phone: split it into quizzes of at most {MAX_ENTRIES} {noun}s",
            )

    def text(self, node: Node | None, what: str, style: TextStyle = "markdown") -> str | None:
        return self.quiz_text.text(self, node, what, style)

    def link(self, node: Node | None, what: str) -> str | None:
        return self.quiz_text.link(self, node, what)

    def mapping(
        self,
        node: Node,
        what: str,
        shape: contract.Shape,
        elsewhere: Mapping[str, str] | None = None,
    ) -> tuple[dict[str, Node], Values] | None:
        """A mapping read through its table: unknown, repeated and missing keys reported, then
        every field of a plain value (ids, numbers, flags, text, links) through its validator.
        Lists, nested mappings and the rest are the caller's: their nodes are in the first dict."""
        fields = self.fields(node, what, shape.where, shape.required, shape.optional, elsewhere)
        if fields is None:
            return None
        values = {
            f.key: self.field(fields.get(f.key), f, what) for f in shape.fields if contract.plain(f)
        }
        return fields, values

    def field(self, node: Node | None, field: contract.Field, of: str) -> Any:
        what, value = field.what(of), field.value
        if isinstance(value, contract.Text):
            return self.text(node, what, value.style)
        if isinstance(value, contract.Link):
            return self.link(node, what)
        assert contract.is_check(value), field
        return self.value(node, what, cast(Check, value))


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
        contract.ANY_KIND,
    )
    return None


def _read_top(reader: _QuizReader, root: Node, kind: str) -> tuple[dict[str, Node], Values] | None:
    """The top of the file; stores the values both kinds share on the reader."""
    other = next(o for o in contract.KINDS if o != kind)
    elsewhere = {key: f"kind: {other}" for key in contract.ONLY[other]}
    read = reader.mapping(root, f"the {kind}", contract.KINDS[kind], elsewhere)
    if read is None:
        return None
    top, values = read
    quiz_id = values["id"]
    if quiz_id is not None and quiz_id != reader.path.stem:
        reader.error(
            top["id"],
            f"id '{quiz_id}' does not match the file name '{reader.path.name}' — rename the file "
            f"to {quiz_id}.yml or set 'id: {reader.path.stem}'",
        )
    reader.values = {
        "id": quiz_id,
        "title": values["title"],
        "intro": values["intro"],
        "page": _read_page(reader, top.get("page"), quiz_id),
        "bands": _read_bands(reader, top.get("bands")),
        "source": display_path(reader.path),
    }
    return read


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
    if page.readable and quiz_id is not None and quiz_id not in (p for p, _ in page.placements):
        reader.error(
            node,
            f"page '{rel}' does not place this quiz — add the lines '/// quiz | {quiz_id}' "
            "and '///' to that page where the quiz belongs",
        )
    return rel


def _entries(
    reader: _QuizReader, node: Node | None, field: contract.Field, of: str = ""
) -> list[Node]:
    """The entries of a list field (of `of`), at least as many as its table asks for."""
    assert isinstance(field.value, contract.ListOf), field
    return reader.sequence(node, field.what(of), field.value.minimum)


def _read_bands(reader: _QuizReader, node: Node | None) -> tuple[model.Band, ...] | None:
    bands: list[model.Band] = []
    ids: IdList = []
    previous: int | None = None
    for index, band_node in enumerate(_entries(reader, node, contract.QUIZ["bands"]), start=1):
        what = _name(reader, band_node, "band", index)
        read = reader.mapping(band_node, what, contract.BAND)
        if read is None:
            continue
        fields, values = read
        band_id, minimum = values["id"], values["min"]
        ids.append((band_id, fields.get("id", band_node)))
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
        if band_id is not None and minimum is not None and values["label"] is not None:
            bands.append(model.Band(band_id, minimum, values["label"], values["meaning"]))
    reader.unique(ids, "band")
    return tuple(bands)


def _read_quiz(reader: _QuizReader, root: Node) -> model.Quiz | None:
    read = _read_top(reader, root, "quiz")
    if read is None:
        return None
    top, _ = read
    questions: list[model.Question] = []
    ids: IdList = []
    reader.refuse_if_large(top.get("questions"), "question")
    entries = _entries(reader, top.get("questions"), contract.QUIZ["questions"])
    for index, node in enumerate(entries, start=1):
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
    read = reader.mapping(node, what, contract.QUESTION)
    if read is None:
        return None
    fields, values = read
    qid = values["id"]
    ids.append((qid, fields.get("id", node)))
    if qid is not None:
        reader.lines.setdefault(qid, node.start_mark.line + 1)
    qtype = reader.scalar(fields["type"]) if "type" in fields else None
    if "type" in fields and qtype not in ("single", "multiple", "truefalse", UNREADABLE):
        reader.error(
            fields["type"],
            f"the type of {what} must be single, multiple or truefalse, not {show(qtype)}",
        )
    options: list[model.Option] = []
    option_ids: IdList = []
    nodes = _entries(reader, fields.get("options"), contract.QUESTION["options"], what)
    for option_index, option_node in enumerate(nodes, start=1):
        option = _read_option(reader, option_node, option_index, what, option_ids)
        if option is not None:
            options.append(option)
    reader.unique(option_ids, "option", f" in {what}")
    if "options" in fields and len(options) == len(nodes) >= 2:
        _check_correct(reader, fields["options"], what, qtype, options)
    prompt = values["prompt"]
    if qid is None or prompt is None or qtype not in ("single", "multiple", "truefalse"):
        return None
    return model.Question(
        qid, qtype, prompt, tuple(options), values["hint"], values["explain"], values["link"]
    )


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
    read = reader.mapping(node, what, contract.OPTION)
    if read is None:
        return None
    fields, values = read
    ids.append((values["id"], fields.get("id", node)))
    if any(values[key] is None for key in contract.OPTION.required):
        return None
    return model.Option(values["id"], values["text"], values["correct"], values["explain"])


def _read_checklist(reader: _QuizReader, root: Node) -> model.Checklist | None:
    read = _read_top(reader, root, "checklist")
    if read is None:
        return None
    top, values = read
    unsure_risk = values["unsure_risk"]
    scale = _read_scale(reader, top.get("scale"))
    areas: list[model.Area] = []
    area_nodes: dict[str, Node] = {}
    ids: IdList = []
    entries = _entries(reader, top.get("areas"), contract.CHECKLIST["areas"])
    for index, node in enumerate(entries, start=1):
        what = _name(reader, node, "area", index)
        read_area = reader.mapping(node, what, contract.AREA)
        if read_area is None:
            continue
        fields, found = read_area
        area_id = found["id"]
        ids.append((area_id, fields.get("id", node)))
        if area_id is not None and found["title"] is not None:
            areas.append(model.Area(area_id, found["title"], found["link"]))
            area_nodes.setdefault(area_id, node)
    reader.unique(ids, "area")
    profile = _read_profile(reader, top.get("profile"))
    items: list[model.Item] = []
    ids = []
    reader.refuse_if_large(top.get("items"), "item")
    entries = _entries(reader, top.get("items"), contract.CHECKLIST["items"])
    applies: dict[str, Node] = {}  # item id -> its applies_if node
    for index, node in enumerate(entries, start=1):
        item = _read_item(reader, node, index, scale, [area.id for area in areas], ids, applies)
        if item is not None:
            items.append(item)
    reader.unique(ids, "item")
    _check_applies(reader, top, profile, items, applies, len(items) == len(ids))
    earlier = _read_earlier(reader, top.get("earlier_versions"), items, scale)
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
        profile=profile,
        earlier_versions=earlier,
        **reader.values,
    )


def _read_ids(reader: _QuizReader, node: Node | None, what: str) -> tuple[str, ...] | None:
    """A list of ids ([a, b]) through Ident, each once; None when absent or any is wrong."""
    if node is None:
        return None
    found: list[str] = []
    seen: dict[str, Node] = {}
    good = True
    for entry in reader.sequence(node, what):
        value = reader.ident(entry, what)
        if value is None:
            good = False
        elif value in seen:
            reader.error(entry, f"{what} names '{value}' twice — keep one")
            good = False
        else:
            seen[value] = entry
            found.append(value)
    return tuple(found) if good and found else None


def _read_profile(reader: _QuizReader, node: Node | None) -> model.Profile | None:
    """The household profile: groups of options a household may use, at most one unsure."""
    if node is None:
        return None
    what = contract.CHECKLIST["profile"].what("")
    read = reader.mapping(node, what, contract.PROFILE)
    if read is None:
        return None
    fields, values = read
    groups: list[model.ProfileGroup] = []
    group_ids: IdList = []
    option_ids: IdList = []
    unsure: list[tuple[str, Node]] = []
    nodes = _entries(reader, fields.get("groups"), contract.PROFILE["groups"], what)
    complete = True
    for index, group_node in enumerate(nodes, start=1):
        group_what = _name(reader, group_node, "profile group", index)
        read_group = reader.mapping(group_node, group_what, contract.PROFILE_GROUP)
        if read_group is None:
            complete = False
            continue
        group_fields, group_values = read_group
        group_ids.append((group_values["id"], group_fields.get("id", group_node)))
        if group_values["id"] is not None:
            reader.lines.setdefault(f"profile:{group_values['id']}", group_node.start_mark.line + 1)
        options: list[model.ProfileOption] = []
        option_nodes = _entries(
            reader, group_fields.get("options"), contract.PROFILE_GROUP["options"], group_what
        )
        for option_index, option_node in enumerate(option_nodes, start=1):
            option_what = _name(reader, option_node, "profile option", option_index)
            read_option = reader.mapping(option_node, option_what, contract.PROFILE_OPTION)
            if read_option is None:
                complete = False
                continue
            option_fields, option_values = read_option
            option_id, label = option_values["id"], option_values["label"]
            option_ids.append((option_id, option_fields.get("id", option_node)))
            if option_id is not None:
                reader.lines.setdefault(f"profile:{option_id}", option_node.start_mark.line + 1)
            is_unsure = option_values["unsure"] if "unsure" in option_fields else False
            if option_id is None or label is None or is_unsure is None:
                complete = False
                continue
            options.append(model.ProfileOption(option_id, label, is_unsure))
            if is_unsure:
                unsure.append((option_id, option_node))
        if group_values["id"] is None or group_values["title"] is None or not option_nodes:
            complete = False
            continue
        groups.append(model.ProfileGroup(group_values["id"], group_values["title"], tuple(options)))
    reader.unique(group_ids, "profile group")
    reader.unique(option_ids, "profile option")
    if len(unsure) > 1:
        reader.error(
            unsure[1][1],
            f"the profile has {len(unsure)} unsure options ({', '.join(i for i, _ in unsure)}) — "
            "keep 'unsure: true' on one of them",
        )
    if not complete or not groups or values["title"] is None or len(unsure) > 1:
        return None
    return model.Profile(values["title"], tuple(groups), values["intro"])


def _check_applies(
    reader: _QuizReader,
    top: dict[str, Node],
    profile: model.Profile | None,
    items: list[model.Item],
    applies: dict[str, Node],
    items_read: bool,
) -> None:
    """Every applies_if names profile options that exist (not the unsure one), and every
    profile option but the unsure one makes at least one item apply."""
    if profile is None:
        if "profile" not in top:
            for item_id, node in applies.items():
                reader.error(
                    node,
                    f"item '{item_id}' has 'applies_if' but the checklist has no 'profile:' — "
                    "add a profile: section whose options the items name, or remove applies_if",
                )
        return
    known = [option.id for option in profile.options if not option.unsure]
    for item in items:
        listed = applies.get(item.id)
        entries = listed.value if isinstance(listed, yaml.SequenceNode) else []
        for option_id in item.applies_if or ():
            at: Node | int = next(
                (entry for entry in entries if reader.scalar(entry) == option_id), 1
            )
            if option_id == profile.unsure:
                reader.error(
                    at,
                    f"item '{item.id}' applies_if names '{option_id}', the profile's unsure "
                    "option — remove it: 'not sure' already makes every item apply",
                )
            elif option_id not in known:
                near = nearest(option_id, known)
                reader.error(
                    at,
                    f"item '{item.id}' applies_if names '{option_id}', which is not a profile "
                    "option — "
                    + (f"did you mean '{near}'?" if near else f"use one of: {', '.join(known)}"),
                )
    if not items_read:
        return
    used = {option_id for item in items for option_id in item.applies_if or ()}
    for option in profile.options:
        if not option.unsure and option.id not in used:
            reader.error(
                reader.lines.get(f"profile:{option.id}", reader.key_line(top["profile"])),
                f"profile option '{option.id}' is named by no item's applies_if — ticking it "
                "would change nothing: name it in the items it concerns, or remove it",
            )


def _read_earlier(
    reader: _QuizReader,
    node: Node | None,
    items: list[model.Item],
    scale: tuple[model.ScaleOption, ...] | None,
) -> tuple[model.EarlierVersion, ...]:
    """Earlier published item lists, versions 1, 2, … in order, none the same as today's.
    (Profile options are kept by id in saves and links, so they need no versions.)"""
    if node is None:
        return ()
    found: list[model.EarlierVersion] = []
    nodes = _entries(reader, node, contract.CHECKLIST["earlier_versions"])
    current = (tuple(item.id for item in items), tuple(option.id for option in scale or ()))
    for index, entry in enumerate(nodes, start=1):
        what = f"earlier version {index}"
        read = reader.mapping(entry, what, contract.EARLIER_VERSION)
        if read is None:
            continue
        fields, values = read
        version = values["version"]
        if version is not None and version != index:
            reader.error(
                fields["version"],
                f"{what} says 'version: {version}' — number earlier versions 1, 2, 3… from the "
                f"oldest: this one is {index}",
            )
            continue
        item_ids, scale_ids = (
            _read_ids(reader, fields.get(key), contract.EARLIER_VERSION[key].what(what))
            for key in ("items", "scale")
        )
        if version is None or item_ids is None or scale_ids is None:
            continue
        if (item_ids, scale_ids) == current:
            reader.error(
                entry,
                f"{what} is the same as the checklist today — list only item lists published "
                "before this one",
            )
            continue
        found.append(model.EarlierVersion(version, item_ids, scale_ids))
    return tuple(found)


def _read_scale(reader: _QuizReader, node: Node | None) -> tuple[model.ScaleOption, ...] | None:
    options: list[model.ScaleOption] = []
    unsure_nodes: list[Node] = []
    ids: IdList = []
    nodes = _entries(reader, node, contract.CHECKLIST["scale"])
    for index, option_node in enumerate(nodes, start=1):
        what = _name(reader, option_node, "scale option", index)
        read = reader.mapping(option_node, what, contract.SCALE_OPTION)
        if read is None:
            continue
        fields, values = read
        option_id, label = values["id"], values["label"]
        ids.append((option_id, fields.get("id", option_node)))
        unsure = values["unsure"] if "unsure" in fields else False
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
    applies: dict[str, Node],
) -> model.Item | None:
    what = _name(reader, node, "item", index)
    read = reader.mapping(node, what, contract.ITEM)
    if read is None:
        return None
    fields, values = read
    item_id, area = values["id"], values["area"]
    ids.append((item_id, fields.get("id", node)))
    applies_if = _read_ids(reader, fields.get("applies_if"), contract.ITEM["applies_if"].what(what))
    if item_id is not None and "applies_if" in fields:
        applies.setdefault(item_id, fields["applies_if"])
    if item_id is not None:
        reader.lines.setdefault(item_id, node.start_mark.line + 1)
    if area is not None and areas and area not in areas:
        near = nearest(area, areas)
        reader.error(
            fields["area"],
            f"{what} is in area '{area}', which is not listed under 'areas:' — "
            + (f"did you mean '{near}'?" if near else f"use one of: {', '.join(areas)}"),
        )
    risk = _read_risk(reader, fields.get("risk"), what, scale)
    action = _read_action(reader, fields.get("action"), contract.ITEM["action"].what(what))
    find_out = _read_action(reader, fields.get("find_out"), contract.ITEM["find_out"].what(what))
    if "find_out" not in fields and scale and any(option.unsure for option in scale):
        reader.error(
            node,
            f"{what} has no 'find_out' — the scale has an unsure option, so add a 'find_out:' "
            "with 'text:' and 'minutes:' saying how to find out",
        )
    if risk is None or action is None:
        return None
    plain = ("id", "area", "prompt", "likelihood", "impact", "rationale")
    if any(values[key] is None for key in plain):
        return None
    if "applies_if" in fields and applies_if is None:
        return None
    return model.Item(
        item_id,
        area,
        values["prompt"],
        risk,
        values["likelihood"],
        values["impact"],
        values["rationale"],
        action,
        find_out,
        values["hint"],
        applies_if,
    )


def _read_risk(
    reader: _QuizReader,
    node: Node | None,
    what: str,
    scale: tuple[model.ScaleOption, ...] | None,
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
    read = reader.mapping(node, what, contract.ACTION)
    if read is None:
        return None
    _, values = read
    if values["text"] is None or values["minutes"] is None:
        return None
    return model.Action(values["text"], values["minutes"], values["link"])


# --- entry points ------------------------------------------------------------------------------


def load_quiz(path: Path, docs_dir: Path, checks: QuizText | None = None) -> model.AnyQuiz:
    """Read and check one quiz file; raise QuizError listing every problem found in it.
    `checks` lends text checks (and their docs index) already made, as load_all and Library do."""
    reader = _QuizReader(Path(path), checks or QuizText(DocsIndex(Path(docs_dir))))
    quiz = _read_file(reader)
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
    quizzes_dir: Path, docs_dir: Path, checks: QuizText | None = None
) -> dict[str, model.AnyQuiz]:
    """Read and check every quizzes/*.yml, then the rules across files: every `/// quiz | ID`
    placement in the docs names a quiz that exists, once per page. Raises one QuizError
    holding every problem of every file. `checks` lends text checks and a docs index already
    made (Library)."""
    quizzes_dir, docs_dir = Path(quizzes_dir), Path(docs_dir)
    checks = checks or QuizText(DocsIndex(docs_dir))
    errors: list[str] = []
    quizzes: dict[str, model.AnyQuiz] = {}
    paths = sorted(quizzes_dir.glob("*.yml"))
    for path in paths:
        try:
            quiz = load_quiz(path, docs_dir, checks)
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
