"""The checking stage: find the files, load them, validate schema and rules, collect every problem."""
from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..paths import catalogue_root, display_name
from . import codes
from .load import Document, load_bytes, load_file, read_limited
from .problems import Problem, has_errors, sort_problems, visible
from .rules import Sources, check_rules
from .rules_questions import question_rules
from .validate import check_schema

SECTIONS = (("centres", "centre"), ("items", "item"))
STRUCTURAL = {codes.YAML_ALIAS.code, codes.YAML_KEY.code, codes.YAML_FULLWIDTH.code}
FOLDER = {kind: folder for folder, kind in SECTIONS}


@dataclass
class CheckResult:
    root: Path
    sources: Sources
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def check_catalogue(path: Path, kept: dict | None = None) -> CheckResult:
    """kept: a dict the caller keeps between checks in one process (`bianmin serve` checks after
    every save): a file whose bytes did not change is not parsed and schema-checked again."""
    root = catalogue_root(Path(path))
    problems: list[Problem] = []
    load = _load_valid if kept is None else functools.partial(_load_kept, kept)
    county, found = load((root / "county.yml", "county", True, root))
    problems.extend(found)
    sources = Sources(county)
    jobs = [(file, kind, False, root) for folder, kind in SECTIONS for file in _yaml_files(root / folder, problems)]
    for (file, kind, *_), (doc, found) in zip(jobs, map(load, jobs)):
        problems.extend(found)
        if doc:
            getattr(sources, FOLDER[kind]).append(doc)
        else:
            sources.declared.add(file.stem)
    problems.extend(check_rules(sources))
    problems.extend(question_rules(sources))
    return CheckResult(root, sources, sort_problems(problems))


def _yaml_files(folder: Path, problems: list) -> list[Path]:
    """The *.yml entries of a folder (whatever they are: _load_valid says); other near names are reported."""
    if not folder.is_dir():
        problems.append(Problem(display_name(folder), 1, 1, codes.FILE_MISSING.code, f"找不到文件夹 {display_name(folder)}"))
        return []
    names = sorted(os.listdir(folder))
    for name in names:
        if (".yml" in name.lower() and not name.endswith(".yml")) or ".yaml" in name.lower():
            problems.append(_odd_name(folder / name))
    return [folder / name for name in names if name.endswith(".yml")]


def _odd_name(path: Path) -> Problem:
    name = visible(path.name)
    if name.endswith(".yaml"):
        return Problem(display_name(path), 1, 1, codes.FILE_EXT.code, "文件扩展名应当是 .yml，请把 .yaml 改名为 .yml，否则不会被读取")
    stem = name[: name.lower().find(".y")]
    message = f"“{name}”不以小写的 .yml 结尾，所以没有被读取，它的内容不会出现在网站上：如果它是目录文件，请改名为 {stem}.yml"
    return Problem(display_name(path), 1, 1, codes.FILE_EXT.code, message, severity="warning")


def link_problem(file: Path, root: Path) -> Problem | None:
    """A symbolic link must lead to a file inside the catalogue folder."""
    if not file.is_symlink():
        return None
    target = Path(os.path.realpath(file))
    shown = visible(os.readlink(file))
    if not target.exists():
        return Problem(display_name(file), 1, 1, codes.FILE_LINK.code, f"这是一个符号链接，指向的“{shown}”不存在：请删掉这个链接，或放上真正的文件")
    if not target.is_relative_to(Path(os.path.realpath(root))):
        return Problem(display_name(file), 1, 1, codes.FILE_LINK.code, f"这是一个符号链接，指向目录文件夹以外的“{shown}”：目录文件必须放在目录文件夹里，请换成真正的文件")
    return None


def _load_kept(kept: dict, job: tuple[Path, str, bool, Path]) -> tuple[Document | None, list[Problem]]:
    """_load_valid, or its earlier result for the same file, kind and bytes."""
    file, kind, _, root = job
    if file.is_symlink() or not file.is_file():
        return _load_valid(job)
    shown = display_name(file)
    raw, problem = read_limited(file, shown)
    if problem:
        return _load_valid(job)
    key, digest = (str(file), kind, shown), hashlib.sha256(raw).digest()
    if key not in kept or kept[key][0] != digest:
        kept[key] = (digest, _load_valid(job, raw))
    doc, problems = kept[key][1]
    return doc, list(problems)


def _load_valid(job: tuple[Path, str, bool, Path], raw: bytes | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one file (or these bytes read from it) and check it against its schema; the document is
    returned only when clean."""
    file, kind, required, root = job
    problem = link_problem(file, root)
    if problem:
        return None, [problem]
    if not file.exists():
        message = f"找不到 {display_name(file)}：目录必须有这个文件"
        return None, [Problem(display_name(file), 1, 1, codes.FILE_MISSING.code, message)] if required else []
    doc, problems = load_file(file, display_name(file)) if raw is None else load_bytes(raw, Document(display_name(file)))
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem((), codes.YAML_ROOT.code, "文件内容应当是“字段: 值”的键值对，不能是列表或单个值")]
    if not any(p.code in STRUCTURAL for p in problems):  # a schema check would only repeat these
        problems += check_schema(doc, kind)
    return (None if has_errors(problems) else doc), problems
