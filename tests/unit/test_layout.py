"""The package's shape (dev/decisions/module-layout.md): its imports point one way — no module of
src/clearpicture imports, however indirectly, a module that imports it back — and a
module over 600 lines is named, with its reason, under "Files over ~600 lines" there."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "clearpicture"
DECISION = ROOT / "dev" / "decisions" / "module-layout.md"
MAX_LINES = 600


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules this one imports, at its top or inside a function (an import that
    runs later is a dependency all the same). Only `if TYPE_CHECKING:` blocks are left out: they
    never run, and a type named for a checker is not a dependency at run time."""
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from clearpicture import model` imports clearpicture.model, not the package.
            named = {f"{node.module}.{alias.name}" for alias in node.names} & known
            out.update(named or ({node.module} & known))
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), plus self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1 or module in graph[module]:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    trees = modules()
    graph = {name: imports(tree, set(trees)) - {name} for name, tree in trees.items()}
    assert "clearpicture.load_checklist" in graph["clearpicture.load"], "the graph reads imports"
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_a_module_over_600_lines_has_its_reason_written() -> None:
    text = DECISION.read_text(encoding="utf-8")
    reasons = re.search(r"^- \*\*Files over ~600 lines\.\*\*(.*?)(?=^- \*\*|\Z)", text, re.S | re.M)
    assert reasons, f"{DECISION.name} has no 'Files over ~600 lines' entry"
    long = {
        path.relative_to(PACKAGE).as_posix(): count
        for path in sorted(PACKAGE.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    unexplained = {name: count for name, count in long.items() if f"`{name}`" not in reasons[1]}
    assert unexplained == {}, (
        f"split these modules, or say in {DECISION.name} why each stays one file: {unexplained}"
    )
