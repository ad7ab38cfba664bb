"""A YAML reader that keeps line numbers: it walks PyYAML's node tree (not the plain data), so
every problem it reports carries the line an author must edit, and it collects them all instead
of stopping at the first. It knows YAML and value shapes; nothing of quizzes' docs or links."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, cast

import yaml

from clearpicture.problems import article, display_path, nearest

Node = yaml.Node

ID_RE = re.compile(r"[a-z0-9-]+")
YAML_BOOLEANS = {"yes", "no", "true", "false", "on", "off", "y", "n"}


class _NotScalar:
    pass


class Invalid(ValueError):
    """A value a validator refuses: the message says what is wrong and how to fix it. `quote`
    asks the reader to add how to quote the value (a YAML boolean or number read as such)."""

    def __init__(self, message: str, *, quote: bool = False) -> None:
        super().__init__(message)
        self.quote = quote


class Check(Protocol):
    """A validator, in the style of MkDocs' config options: takes a scalar's value and what the
    message calls it, returns the value to keep or raises Invalid."""

    def __call__(self, value: Any, what: str) -> Any: ...

    def passes(self, value: Any) -> bool:
        """Whether __call__ would return value itself: the common case, decided without the
        name a message would call the value by (QuizReader.field builds it only otherwise)."""
        ...


# What Reader.scalar gives for a list or mapping, and for a value YAML cannot build.
NOT_SCALAR = _NotScalar()
UNREADABLE = _NotScalar()
# A scalar YAML resolved as text: SafeConstructor builds it as the node's own value.
_STR_TAG = "tag:yaml.org,2002:str"


class Reader:
    """Reads one YAML file's nodes, collecting (line, message) problems. `text_keys` are the
    keys whose value is text, so a missing one is called "no 'explain' text"."""

    def __init__(self, path: Path, text_keys: Collection[str] = ()) -> None:
        self.path = path
        self.text_keys = text_keys
        self.errors: list[tuple[int, str]] = []
        self.values: dict[str, Any] = {}  # the top-level values both kinds share
        self.lines: dict[str, int] = {}  # question/item id -> its line
        self.key_lines: dict[int, int] = {}  # id(value node) -> line of its key
        self._constructor = yaml.SafeLoader("")
        self._scalars: dict[int, Any] = {}

    # --- reporting

    def error(self, at: Node | int, message: str) -> None:
        line = at if isinstance(at, int) else at.start_mark.line + 1
        self.errors.append((line, message))

    def key_line(self, value: Node) -> int:
        """The line of the key holding value: where a problem with a whole list is shown."""
        return self.key_lines.get(id(value), value.start_mark.line + 1)

    def messages(self) -> list[str]:
        name = display_path(self.path)
        return [f"{name}:{line}: {message}" for line, message in sorted(self.errors)]

    # --- shapes

    def scalar(self, node: Node) -> Any:
        """A scalar node's value; NOT_SCALAR for a list or mapping; UNREADABLE (reported
        once) for a value YAML cannot build, such as text starting with '!' read as a tag."""
        if not isinstance(node, yaml.ScalarNode):
            return NOT_SCALAR
        if node.tag == _STR_TAG:
            return node.value  # what the constructor builds for text, without its dispatch
        if id(node) not in self._scalars:
            try:
                self._scalars[id(node)] = self._constructor.construct_object(node)
            except yaml.YAMLError as error:
                problem = getattr(error, "problem", None) or str(error).splitlines()[0]
                self.error(
                    node, f"YAML cannot read this value ({problem}) — put the text in quotes"
                )
                self._scalars[id(node)] = UNREADABLE
        return self._scalars[id(node)]

    def fields(
        self,
        node: Node,
        what: str,
        where: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
        elsewhere: Mapping[str, str] | None = None,
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after reporting unknown, repeated and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a set of 'key: value' lines, not {shape(node)}")
            return None
        known = [*required, *optional]
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if key is UNREADABLE:
                continue
            if not isinstance(key, str):
                self.error(
                    key_node,
                    f"{what} has a key {show(key)} that is not a name" + quote_hint(key_node),
                )
                continue
            if key in found:
                self.error(key_node, f"{what} has '{key}' twice — keep one")
                continue
            if key not in known:
                if elsewhere and key in elsewhere:
                    hint = f" — '{key}' belongs to {elsewhere[key]}"
                else:
                    near = nearest(key, known)
                    hint = (
                        f" — did you mean '{near}'?"
                        if near
                        else f" — known keys: {', '.join(known)}"
                    )
                self.error(key_node, f"unknown key '{key}' in {what}{hint}")
                continue
            found[key] = value_node
            self.key_lines[id(value_node)] = key_node.start_mark.line + 1
        for key in required:
            if key not in found:
                text = " text" if key in self.text_keys else ""
                self.error(
                    node,
                    f"{what} has no '{key}'{text} — add {article(key)} '{key}:' line {where}",
                )
        return found

    def sequence(self, node: Node | None, what: str, minimum: int = 1) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list ('- ' lines), not {shape(node)}")
            return []
        if len(node.value) < minimum:
            what_is = "is empty" if not node.value else f"has only {len(node.value)}"
            self.error(self.key_line(node), f"{what} {what_is} — add at least {minimum}")
        return list(node.value)

    # --- values

    def value(self, node: Node | None, what: str, check: Check) -> Any:
        """A scalar through one validator: the value it gives, or None when the key is absent,
        YAML cannot read it, or the validator refuses it (reported on the value's line)."""
        if node is None:
            return None
        value = self.scalar(node)
        if value is UNREADABLE:
            return None
        try:
            return check(value, what)
        except Invalid as refused:
            self.error(node, str(refused) + (quote_hint(node) if refused.quote else ""))
            return None

    def ident(self, node: Node | None, what: str) -> str | None:
        return cast("str | None", self.value(node, what, Ident()))

    def integer(self, node: Node | None, what: str, low: int, high: int) -> int | None:
        return cast("int | None", self.value(node, what, Integer(low, high)))

    def number(self, node: Node | None, what: str, low: float, high: float) -> float | None:
        return cast("float | None", self.value(node, what, Number(low, high)))

    def boolean(self, node: Node | None, what: str) -> bool | None:
        return cast("bool | None", self.value(node, what, Boolean()))

    def unique(self, entries: Sequence[tuple[str | None, Node]], noun: str, of: str = "") -> None:
        seen: dict[str, Node] = {}
        for ident, node in entries:
            if ident is None:
                continue
            if ident in seen:
                first = seen[ident].start_mark.line + 1
                self.error(
                    node,
                    f"{noun} id '{ident}'{of} is used twice (first on line {first}) — give each "
                    f"{noun} its own id",
                )
            else:
                seen[ident] = node


def shape(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


def show(value: Any) -> str:
    """A value as a message quotes it: YAML's spelling of booleans and nothing."""
    if isinstance(value, _NotScalar):
        return "a list or a set of keys"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def quote_hint(node: Node) -> str:
    """For an unquoted scalar read as the wrong type: how to quote it (YAML 1.1 booleans)."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value.lower() in YAML_BOOLEANS:
        return f' — YAML reads {node.value} as true/false; quote it: "{node.value}"'
    if isinstance(node, yaml.ScalarNode) and not node.style:
        return f' — quote it: "{node.value}"'
    return ""


# --- validators --------------------------------------------------------------------------------


class Ident:
    """An id: lowercase letters, digits and '-'."""

    def passes(self, value: Any) -> bool:
        return type(value) is str and ID_RE.fullmatch(value) is not None

    def __call__(self, value: Any, what: str) -> str:
        if not isinstance(value, str):
            raise Invalid(f"the id of {what} must be text, not {show(value)}", quote=True)
        if not ID_RE.fullmatch(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
            raise Invalid(
                f"id '{value}' of {what} is not valid — use lowercase letters, digits and '-' "
                f"only, e.g. '{suggestion}'"
            )
        return value


class Number:
    """A number from low to high."""

    whole = False

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def passes(self, value: Any) -> bool:
        kind = type(value)
        return (kind is int or (kind is float and not self.whole)) and (
            self.low <= value <= self.high
        )

    def __call__(self, value: Any, what: str) -> Any:
        if self.whole and isinstance(value, float) and value.is_integer():
            value = int(value)
        kinds = int if self.whole else (int, float)
        if not isinstance(value, kinds) or isinstance(value, bool):
            raise Invalid(f"{what} must be {self.range()}, not {show(value)}")
        if not self.low <= value <= self.high:
            raise Invalid(f"{what} must be {self.range()}, not {show(value)}")
        return value  # an int stays an int: the definition prints it as written

    def range(self) -> str:
        if self.whole:
            return f"a whole number from {self.low:g} to {self.high:g}"
        return f"a number from {self.low:g} to {self.high:g}"


class Integer(Number):
    """A whole number from low to high (2.0 counts as 2; true does not count as 1)."""

    whole = True


class Boolean:
    """true or false."""

    def passes(self, value: Any) -> bool:
        return type(value) is bool

    def __call__(self, value: Any, what: str) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"{what} must be true or false, not {show(value)}")
        return value
