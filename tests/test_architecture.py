"""The pipeline's arrows point one way: commands → stages → catalogue; no import cycle; MkDocs only
behind the site's engine package, Typst only behind printing/engine.py. Read from the source with ast,
so a new module is checked without a list."""
from __future__ import annotations

import ast
import re
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


def users_of(engine: str) -> set[str]:
    return {m for m, targets in GRAPH.items() if any(t.split(".")[0] == engine for t in targets)}


def test_only_the_site_engine_adapter_imports_mkdocs():
    adapter = ENGINES["mkdocs"]
    assert users_of("mkdocs") and all(m == adapter or m.startswith(adapter + ".") for m in users_of("mkdocs")), users_of("mkdocs")


def test_the_site_stage_reaches_mkdocs_only_through_the_adapter_package():
    """Outside the adapter, site modules import the package or its search module, never its plugin or caches."""
    adapter = ENGINES["mkdocs"]
    inside = {f"{adapter}.plugin", f"{adapter}.caches"}
    wrong = [f"{m} → {t}" for m, targets in GRAPH.items() if not m.startswith(adapter) for t in targets & inside]
    assert not wrong, wrong


def test_the_mkdocs_plugin_keeps_no_state_on_its_class():
    """Every attribute the plugin sets is its instance's (MkDocs keeps one instance per process: state on
    the class would leak from one build into the next); the class holds only its config schema."""
    from generator.site.engine.plugin import BianminPlugin
    schema = {"config_class", "config_scheme"}  # set by MkDocs from BasePlugin[BianminConfig]
    mutable = [name for name, value in vars(BianminPlugin).items() if not name.startswith("__") and name not in schema
               and not callable(value) and not isinstance(value, (property, staticmethod, classmethod))]
    assert mutable == [], mutable


def test_only_the_print_engine_imports_typst():
    assert users_of("typst") == {ENGINES["typst"]}


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


# --- each fact worked out in one place (issue 20) --------------------------------------------------

ADDRESS_PARTS = ("/items/", "/centres/", "/print/")
CATALOGUE_FOLDERS = re.compile(r"catalogue/(items|centres)/")  # the files a clerk edits, not page addresses


def literals(tree: ast.AST):
    """(line, text) of every string literal that is not a docstring; an f-string gives its literal parts."""
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs | parts:
            yield node.lineno, node.value


def is_address(text: str) -> bool:
    """A literal that holds a page or PDF address: /items/… anywhere, or items/… at its start (a path
    relative to the site); the catalogue's own files (catalogue/items/…, centres/<标识>.yml) are not."""
    text = CATALOGUE_FOLDERS.sub("", text)
    return (any(part in text for part in ADDRESS_PARTS)
            or (text.startswith(tuple(p.lstrip("/") for p in ADDRESS_PARTS)) and not text.endswith(".yml")))


def test_page_and_pdf_addresses_are_built_only_in_the_addresses_module():
    wrong = [f"{f.relative_to(ROOT)}:{line}: {text[:60]!r}" for f in PACKAGE.rglob("*.py")
             if f.name != "addresses.py" for line, text in literals(ast.parse(f.read_text("utf-8")))
             if is_address(text)]
    assert not wrong, wrong


def test_the_address_test_sees_addresses_and_not_catalogue_files():
    assert [is_address(t) for t in ("centres/index.md", "print/items/", "x/items/y", "items/<标识>.yml",
                                    "catalogue/items/dibao.yml", "`centres/` or `items/` is missing")] == \
        [True, True, True, False, False, False]


# A sentence about what a tier does with an item ("要到…办", "由…办结", "在这里只能咨询") is built by
# filling values into text that holds a role word (vocab.ROLE_LEVEL: 咨询, 受理, 代办, 初审, 审核, 审批,
# 办结, 不办理). So: outside the fact modules, no f-string, and no string joined with + or .join,
# holds a role word in its literal text. Compound words that are not roles (办结时限, 咨询电话) do not
# count; plain constant labels (a column header 办结层级) are not sentences. The checker (catalogue/)
# names role words as the values a clerk writes, which is its job.
FACT_MODULES = {"generator/catalogue/facts.py", "generator/catalogue/vocab.py"}
NOT_ROLES = re.compile("办结时限|咨询电话|咨询和投诉")
SENTENCE_ALLOWED = {
    # TODO(issue 20, "what changed for residents" said twice): the change report's tier sentences from facts.start_tier
    "generator/history/changes.py",
}


def built_sentences(tree: ast.AST):
    """(line, literal text) of f-strings and of strings joined by + or str.join."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    yield node.lineno, side.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            yield node.lineno, node.func.value.value


def test_tier_sentences_are_built_only_in_the_fact_modules():
    from generator.catalogue.vocab import ROLE_LEVEL
    wrong = []
    for f in PACKAGE.rglob("*.py"):
        name = str(f.relative_to(ROOT))
        if name in FACT_MODULES | SENTENCE_ALLOWED or name.startswith("generator/catalogue/"):
            continue
        for line, text in built_sentences(ast.parse(f.read_text("utf-8"))):
            words = [w for w in ROLE_LEVEL if w in NOT_ROLES.sub("", text)]
            if words:
                wrong.append(f"{name}:{line}: {words} in {text[:60]!r}")
    assert not wrong, wrong


def test_the_sentence_test_sees_a_sentence_built_outside_the_fact_modules():
    tree = ast.parse('def f(place):\n    return f"要到{place}办，由县办结"\n')
    assert [text for _, text in built_sentences(tree)] == ["要到办，由县办结"]
    assert list(literals(ast.parse('x = "/items/" + ident'))) == [(1, "/items/")]
