"""The package picture: imports run downward only, no circles, no module far over 400 lines.

Every import counts, the lazy ones inside functions too: a lazy import back up is still a
dependency back up.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from data_paths import REPO

AGENT = REPO / "agent"

# top to bottom; a module may import its own package and anything below it
LAYERS = ["cli", "evals", "qa", "writers", "store", "sources", "llm", "embed", "verify"]
BOTTOM = {
    *("facts", "people", "text", "untrusted", "wordlists", "models", "reader"),
    *("protocols", "settings", "errors", "venues"),
}
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    found = {}
    for path in AGENT.rglob("*.py"):
        parts = path.relative_to(AGENT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                head = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*head, base] if base else head)
            # ``from pkg import module`` depends on the module; ``from pkg import name``, on pkg
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        yield from (t for t in targets if t in modules and t != name)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: set(_imports(name, path, modules)) for name, path in modules.items()}


def _rank(module: str) -> int:
    """Higher imports lower; the bottom modules rank 0, the package ``agent`` itself -1."""
    parts = module.split(".")
    if len(parts) == 1:
        return -1
    if parts[1] in LAYERS:
        return len(LAYERS) - LAYERS.index(parts[1])
    assert parts[1] in BOTTOM, f"{module} is in no layer: add it to a package or to BOTTOM"
    return 0


def test_every_import_runs_downward_or_within_its_package() -> None:
    upward = [
        f"{source} -> {target}"
        for source, targets in _graph().items()
        for target in targets
        if _rank(target) > _rank(source)
        or (_rank(target) == _rank(source) > 0 and target.split(".")[1] != source.split(".")[1])
    ]
    assert upward == []


def test_the_import_graph_has_no_circles() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_bottom_modules_import_only_each_other() -> None:
    graph = _graph()
    for name in BOTTOM:
        module = f"agent.{name}"
        assert all(_rank(t) <= 0 for t in graph.get(module, ())), module


def test_no_module_is_much_over_400_lines() -> None:
    long = {
        name: lines
        for name, path in _modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
