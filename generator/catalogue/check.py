"""The checking stage: find the files, load them, validate schema and rules, collect every problem."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import catalogue_root, display_name
from .load import Document, load_file
from .problems import Problem, has_errors, sort_problems
from .rules import Sources, check_rules
from .validate import check_schema

SECTIONS = (("centres", "centre"), ("items", "item"))
STRUCTURAL = {"E-YAML-ALIAS", "E-YAML-KEY"}
FOLDER = {kind: folder for folder, kind in SECTIONS}


@dataclass
class CheckResult:
    root: Path
    sources: Sources
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def check_catalogue(path: Path) -> CheckResult:
    root = catalogue_root(Path(path))
    problems: list[Problem] = []
    county, found = _load_valid((root / "county.yml", "county", True))
    problems.extend(found)
    sources = Sources(county)
    jobs = [(file, kind, False) for folder, kind in SECTIONS for file in _yaml_files(root / folder, problems)]
    for (file, kind, _), (doc, found) in zip(jobs, map(_load_valid, jobs)):
        problems.extend(found)
        if doc:
            getattr(sources, FOLDER[kind]).append(doc)
        else:
            sources.declared.add(file.stem)
    problems.extend(check_rules(sources))
    return CheckResult(root, sources, sort_problems(problems))


def _yaml_files(folder: Path, problems: list) -> list[Path]:
    if not folder.is_dir():
        problems.append(Problem(display_name(folder), 1, 1, "E-FILE-MISSING", f"找不到文件夹 {display_name(folder)}"))
        return []
    for stray in sorted(folder.glob("*.yaml")):
        problems.append(Problem(display_name(stray), 1, 1, "E-FILE-EXT", "文件扩展名应当是 .yml，请把 .yaml 改名为 .yml，否则不会被读取"))
    return sorted(folder.glob("*.yml"))


def _load_valid(job: tuple[Path, str, bool]) -> tuple[Document | None, list[Problem]]:
    """Load one file and check it against its schema; the document is returned only when clean."""
    file, kind, required = job
    if not file.exists():
        message = f"找不到 {display_name(file)}：目录必须有这个文件"
        return None, [Problem(display_name(file), 1, 1, "E-FILE-MISSING", message)] if required else []
    doc, problems = load_file(file, display_name(file))
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem((), "E-YAML-ROOT", "文件内容应当是“字段: 值”的键值对，不能是列表或单个值")]
    if not any(p.code in STRUCTURAL for p in problems):  # a schema check would only repeat these
        problems += check_schema(doc, kind)
    return (None if has_errors(problems) else doc), problems
