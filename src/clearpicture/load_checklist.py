"""YAML -> typed model for a checklist (`kind: checklist`): the scale, areas, the household
profile and which items it makes apply, items with their risk, action and find-out, and the
earlier published item lists. Every mapping is read through its table in contract.py; the top
of the file and the reader are quiz_reader.py's, shared with quizzes (load.py)."""

from __future__ import annotations

import types
from collections.abc import Mapping

import yaml

from clearpicture import contract, model
from clearpicture.problems import nearest
from clearpicture.quiz_reader import IdList, QuizReader, read_entries, read_top
from clearpicture.yaml_reader import Node


def read_checklist(reader: QuizReader, root: Node) -> model.Checklist | None:
    read = read_top(reader, root, "checklist")
    if read is None:
        return None
    top, values = read
    unsure_risk = values["unsure_risk"]
    scale = _read_scale(reader, top.get("scale"))
    areas: list[model.Area] = []
    area_nodes: dict[str, Node] = {}
    ids: IdList = []
    entries = read_entries(reader, top.get("areas"), contract.CHECKLIST["areas"])
    for index, node in enumerate(entries, start=1):
        entry = reader.entry(node, "area", index, contract.AREA, ids)
        if entry is None:
            continue
        found = entry.values
        area_id = found["id"]
        if area_id is not None and found["title"] is not None:
            areas.append(model.Area(area_id, found["title"], found["link"]))
            area_nodes.setdefault(area_id, node)
    reader.unique(ids, "area")
    profile = _read_profile(reader, top.get("profile"))
    items: list[model.Item] = []
    ids = []
    reader.refuse_if_large(top.get("items"), "item")
    entries = read_entries(reader, top.get("items"), contract.CHECKLIST["items"])
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


def _read_ids(reader: QuizReader, node: Node | None, what: str) -> tuple[str, ...] | None:
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


def _read_profile(reader: QuizReader, node: Node | None) -> model.Profile | None:
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
    nodes = read_entries(reader, fields.get("groups"), contract.PROFILE["groups"], what)
    complete = True
    for index, group_node in enumerate(nodes, start=1):
        group = reader.entry(group_node, "profile group", index, contract.PROFILE_GROUP, group_ids)
        if group is None:
            complete = False
            continue
        group_what, group_fields, group_values = group
        if group_values["id"] is not None:
            reader.lines.setdefault(f"profile:{group_values['id']}", group_node.start_mark.line + 1)
        options: list[model.ProfileOption] = []
        option_nodes = read_entries(
            reader, group_fields.get("options"), contract.PROFILE_GROUP["options"], group_what
        )
        for option_index, option_node in enumerate(option_nodes, start=1):
            option = reader.entry(
                option_node, "profile option", option_index, contract.PROFILE_OPTION, option_ids
            )
            if option is None:
                complete = False
                continue
            _, option_fields, option_values = option
            option_id, label = option_values["id"], option_values["label"]
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
    reader: QuizReader,
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
    reader: QuizReader,
    node: Node | None,
    items: list[model.Item],
    scale: tuple[model.ScaleOption, ...] | None,
) -> tuple[model.EarlierVersion, ...]:
    """Earlier published item lists, versions 1, 2, … in order, none the same as today's.
    (Profile options are kept by id in saves and links, so they need no versions.)"""
    if node is None:
        return ()
    found: list[model.EarlierVersion] = []
    nodes = read_entries(reader, node, contract.CHECKLIST["earlier_versions"])
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


def _read_scale(reader: QuizReader, node: Node | None) -> tuple[model.ScaleOption, ...] | None:
    options: list[model.ScaleOption] = []
    unsure_nodes: list[Node] = []
    ids: IdList = []
    nodes = read_entries(reader, node, contract.CHECKLIST["scale"])
    for index, option_node in enumerate(nodes, start=1):
        entry = reader.entry(option_node, "scale option", index, contract.SCALE_OPTION, ids)
        if entry is None:
            continue
        _, fields, values = entry
        option_id, label = values["id"], values["label"]
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
    reader: QuizReader,
    node: Node,
    index: int,
    scale: tuple[model.ScaleOption, ...] | None,
    areas: list[str],
    ids: IdList,
    applies: dict[str, Node],
) -> model.Item | None:
    entry = reader.entry(node, "item", index, contract.ITEM, ids)
    if entry is None:
        return None
    what, fields, values = entry
    item_id, area = values["id"], values["area"]
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
    reader: QuizReader,
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


def _read_action(reader: QuizReader, node: Node | None, what: str) -> model.Action | None:
    if node is None:
        return None
    read = reader.mapping(node, what, contract.ACTION)
    if read is None:
        return None
    _, values = read
    if values["text"] is None or values["minutes"] is None:
        return None
    return model.Action(values["text"], values["minutes"], values["link"])
