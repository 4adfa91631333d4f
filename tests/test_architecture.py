"""The pipeline's arrows point one way: commands → stages → catalogue; no import cycle; MkDocs only
behind site/engine.py. Read from the source with ast, so a new module is checked without a list."""
from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "generator"
# who may import whom (besides itself and the shared paths, exitcodes, cache, progress and workers modules)
ALLOWED = {
    "catalogue": set(),
    "history": {"catalogue"},
    "export": {"catalogue"},
    "printing": {"catalogue"},
    "site": {"catalogue", "export", "printing", "history"},
    "importing": {"catalogue", "export"},
    "commands": {"catalogue", "site", "printing", "export", "history", "importing"},
}
SHARED = {"paths", "exitcodes", "cache", "progress", "workers"}
ENGINES = {"mkdocs": "generator.site.engine", "typst": "generator.printing.engine"}  # each behind one adapter


def module_name(file: Path) -> str:
    parts = file.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(file: Path) -> set[str]:
    """Absolute names of the generator modules (and of mkdocs) that file imports, at any depth."""
    here = module_name(file).split(".")
    package = here if file.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(file.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    modules = {module_name(f) for f in PACKAGE.rglob("*.py")}
    return {name for name in found if name in modules or name.split(".")[0] in ENGINES}


GRAPH = {module_name(f): imports(f) for f in PACKAGE.rglob("*.py")}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_is_read():
    assert "generator.catalogue.model" in GRAPH["generator.site.item_page"]
    assert len(GRAPH) > 40


def test_stages_import_only_the_stages_below_them():
    wrong = []
    for module, targets in GRAPH.items():
        own = stage(module)
        if own not in ALLOWED:
            continue
        for target in targets:
            other = stage(target)
            if target.startswith("generator") and other not in ALLOWED[own] | SHARED | {own, ""}:
                wrong.append(f"{module} → {target}")
    assert not wrong, wrong


def test_shared_modules_import_no_stage():
    for name in SHARED:
        assert not {t for t in GRAPH[f"generator.{name}"] if stage(t) in ALLOWED}


def test_only_the_engine_imports_mkdocs():
    users = sorted(m for m, targets in GRAPH.items() if any(t.split(".")[0] == "mkdocs" for t in targets))
    assert users == ["generator.site.engine"]


def test_only_the_print_engine_imports_typst():
    users = sorted(m for m, targets in GRAPH.items() if any(t.split(".")[0] == "typst" for t in targets))
    assert users == [ENGINES["typst"]]


def test_no_import_cycle():
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if target not in GRAPH or target == module or module.startswith(target + "."):
                continue  # a package's own __init__ is loaded anyway
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " → ".join(trail[trail.index(target):] + [target]))
            if target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
