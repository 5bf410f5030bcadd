"""The layers import one way: schema/ → domain/ → graph/, with loaders/ beside schema/.

Every import counts, at the top of a module or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# layer -> module prefixes none of its modules may import
FORBIDDEN = {
    "graph": ("strawberry", "zhepai.schema", "zhepai.web", "zhepai.loaders", "zhepai.domain"),
    "domain": ("strawberry", "zhepai.schema", "zhepai.web"),
    "schema": ("zhepai.loaders",),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("zhepai", *parts))


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            # ``from zhepai.graph import meta`` imports the module zhepai.graph.meta
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def layer(name: str) -> list[Path]:
    return sorted((ROOT / name).rglob("*.py"))


def test_each_layer_imports_only_what_is_below_it() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for name, forbidden in FORBIDDEN.items()
        for path in layer(name)
        for imported in sorted(imports(path))
        if imported.startswith(forbidden)
    ]
    assert offenders == []


def test_no_import_cycle_in_graph() -> None:
    modules = {module_name(p): p for p in layer("graph")}
    edges = {
        name: {i for i in imports(path) if i in modules and i != name}
        for name, path in modules.items()
    }
    # a package's __init__ is run by importing any of its modules
    for name in modules:
        parent = name.rsplit(".", 1)[0]
        if parent in modules and parent != name:
            edges[name].add(parent)
    cycles = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append(" → ".join([*path[path.index(name) :], name]))
            return
        if name in done:
            return
        for other in sorted(edges[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(modules):
        visit(name, [])
    assert cycles == []


def test_the_rules_above_catch_what_they_name(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from zhepai.graph import meta\ndef f():\n    import strawberry.dataloader\n",
        encoding="utf-8",
    )
    assert imports(module) == {"zhepai.graph", "zhepai.graph.meta", "strawberry.dataloader"}
