"""YAML -> typed model: reads a quiz or checklist file through the line-tracking reader, every
mapping through its table in contract.py, and checks the rules that span fields and files (ids
unique, bands in order, correct options, placements) with the docs it links to. This module
holds the entry points, the file's kind and the quiz readers; a checklist is read by
load_checklist.py, and what both kinds read alike is quiz_reader.py's.

All problems of a file are collected, then raised once as QuizError; each line reads
`quizzes/x.yml:42: what is wrong — how to fix it`, the way an author wants to see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from clearpicture import contract, model, source_text
from clearpicture.docs_index import DocsIndex, check_placements
from clearpicture.load_checklist import read_checklist
from clearpicture.problems import QuizError, display_path
from clearpicture.quiz_reader import IdList, QuizReader, read_entries, read_top
from clearpicture.quiz_text import QuizText
from clearpicture.yaml_reader import UNREADABLE, Node, show


def _read_file(reader: QuizReader) -> model.AnyQuiz | None:
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
        return read_checklist(reader, root)
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


def _read_quiz(reader: QuizReader, root: Node) -> model.Quiz | None:
    read = read_top(reader, root, "quiz")
    if read is None:
        return None
    top, values = read
    shuffle = _read_shuffle(reader, top.get("shuffle"))
    questions: list[model.Question] = []
    ids: IdList = []
    reader.refuse_if_large(top.get("questions"), "question")
    entries = read_entries(reader, top.get("questions"), contract.QUIZ["questions"])
    for index, node in enumerate(entries, start=1):
        question = _read_question(reader, node, index, ids)
        if question is not None:
            questions.append(question)
    reader.unique(ids, "question")
    if reader.errors:
        return None
    return model.Quiz(
        questions=tuple(questions),
        shuffle=shuffle,
        hint_penalty=values["hint_penalty"] or 0,
        **reader.values,
    )


def _read_shuffle(reader: QuizReader, node: Node | None) -> model.Shuffle | None:
    if node is None:
        return None
    value = reader.scalar(node)
    if value is UNREADABLE:
        return None
    for shuffle in model.SHUFFLES:
        if value == shuffle:
            return shuffle
    reader.error(
        node,
        f"shuffle must be none, options, questions or both, not {show(value)} — 'options' "
        "draws each question's options anew on the reader's device, 'questions' the questions",
    )
    return None


def _read_question(
    reader: QuizReader, node: Node, index: int, ids: IdList
) -> model.Question | None:
    entry = reader.entry(node, "question", index, contract.QUESTION, ids)
    if entry is None:
        return None
    what, fields, values = entry
    qid = values["id"]
    if qid is not None:
        reader.lines.setdefault(qid, node.start_mark.line + 1)
    qtype = reader.scalar(fields["type"]) if "type" in fields else None
    if "type" in fields and qtype not in (*contract.QUESTION_TYPES, UNREADABLE):
        reader.error(
            fields["type"],
            f"the type of {what} must be single, multiple, truefalse, fill-in, number or order, "
            f"not {show(qtype)}",
        )
    known_type = next((t for t in model.QUESTION_TYPES if t == qtype), None)
    if known_type is not None:
        for key, types in contract.TYPE_KEYS.items():
            if key in fields and known_type not in types:
                reader.error(
                    reader.key_line(fields[key]),
                    f"'{key}' is for {' and '.join(types)} questions, and {what} is {qtype} — "
                    "remove it or change the type",
                )
        needed = contract.NEEDS[known_type]
        if needed not in fields:
            reader.error(
                node,
                f"{what} is {qtype} but has no '{needed}' — add an '{needed}:' line under the "
                "question",
            )
    options: list[model.Option] = []
    option_ids: IdList = []
    nodes = read_entries(reader, fields.get("options"), contract.QUESTION["options"], what)
    for option_index, option_node in enumerate(nodes, start=1):
        option = _read_option(reader, option_node, option_index, what, option_ids)
        if option is not None:
            options.append(option)
    reader.unique(option_ids, "option", f" in {what}")
    if "options" in fields and len(options) == len(nodes) >= 2:
        _check_correct(reader, fields["options"], what, qtype, options)
    items = _read_items(reader, fields.get("items"), what)
    alternatives = _read_alternatives(reader, fields.get("alternatives"), what)
    prompt = values["prompt"]
    if qid is None or prompt is None or known_type is None:
        return None
    if contract.NEEDS[known_type] not in fields:
        return None
    return model.Question(
        qid,
        known_type,
        prompt,
        tuple(options),
        values["hint"],
        values["explain"],
        values["link"],
        points=values["points"] or 1,
        answer=values["answer"],
        alternatives=alternatives,
        value=values["value"],
        tolerance=values["tolerance"] or 0,
        unit=values["unit"],
        items=items,
    )


def _read_items(
    reader: QuizReader, node: Node | None, question: str
) -> tuple[model.OrderItem, ...]:
    """An order question's items, in their right order."""
    items: list[model.OrderItem] = []
    ids: IdList = []
    for index, item_node in enumerate(
        read_entries(reader, node, contract.QUESTION["items"], question), start=1
    ):
        entry = reader.entry(item_node, "item", index, contract.ORDER_ITEM, ids, f" of {question}")
        if entry is None:
            continue
        values = entry.values
        if values["id"] is not None and values["text"] is not None:
            items.append(model.OrderItem(values["id"], values["text"]))
    reader.unique(ids, "item", f" in {question}")
    return tuple(items)


def _read_alternatives(reader: QuizReader, node: Node | None, question: str) -> tuple[str, ...]:
    """A fill-in question's other accepted answers: short plain texts."""
    what = contract.QUESTION["alternatives"].what(question)
    out: list[str] = []
    for entry in reader.sequence(node, what, 1):
        value = reader.scalar(entry)
        if value is UNREADABLE:
            continue
        if not isinstance(value, str) or not value.strip():
            reader.error(entry, f"each of {what} must be text, not {show(value)} — quote it")
            continue
        out.append(value.strip())
    return tuple(out)


def _check_correct(
    reader: QuizReader, at: Node, what: str, qtype: Any, options: list[model.Option]
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
    reader: QuizReader, node: Node, index: int, question: str, ids: IdList
) -> model.Option | None:
    entry = reader.entry(node, "option", index, contract.OPTION, ids, f" of {question}")
    if entry is None:
        return None
    values = entry.values
    if any(values[key] is None for key in contract.OPTION.required):
        return None
    fixed = values["fixed"] is True
    return model.Option(values["id"], values["text"], values["correct"], values["explain"], fixed)


# --- entry points ------------------------------------------------------------------------------


def load_quiz(path: Path, docs_dir: Path, checks: QuizText | None = None) -> model.AnyQuiz:
    """Read and check one quiz file; raise QuizError listing every problem found in it.
    `checks` lends text checks (and their docs index) already made, as load_all and Library do."""
    reader = QuizReader(Path(path), checks or QuizText(DocsIndex(Path(docs_dir))))
    quiz = _read_file(reader)
    if quiz is not None and not reader.errors:
        _check_element_ids(reader, quiz)
    if reader.errors or quiz is None:
        raise QuizError(reader.messages())
    return quiz


def _check_element_ids(reader: QuizReader, quiz: model.AnyQuiz) -> None:
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
    docs, quizzes_shown = display_path(docs_dir), display_path(quizzes_dir)
    for page in checks.docs.pages():
        errors.extend(check_placements(page, existing, docs, quizzes_shown))
    if errors:
        raise QuizError(errors)
    return dict(sorted(quizzes.items()))
