"""The `bianmin diff` report: both versions taken out of git into temporary folders, checked and
loaded with the same loader as the site, compared (history.changes), and written as plain Chinese
Markdown."""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..catalogue.build import load_catalogue
from ..catalogue.model import Catalogue
from ..paths import catalogue_root, display_name
from .changes import WORSE, compare
from .git import RESIDENT_WORDS, changed_files, commit_of, export_catalogue, repo_prefix, reports_between

WORK_TREE = "当前文件夹"
MAX_PROBLEMS_SHOWN = 20


@dataclass
class Version:
    label: str            # as the editor wrote it: origin/main, HEAD
    commit: str
    catalogue: Catalogue | None = None
    problems: list = field(default_factory=list)
    missing: bool = False  # the catalogue folder did not exist at this revision


def change_report(path: Path, base: str, head: str = "") -> tuple[str, bool]:
    """(Markdown report, whether the new version is clean). Without head: the work tree, as it is now."""
    root = catalogue_root(Path(path))
    top, prefix = repo_prefix(root)
    old = Version(_short(base), commit_of(top, base))
    new = Version(_short(head), commit_of(top, head)) if head else Version(WORK_TREE, "")
    files = changed_files(top, prefix, old.commit, new.commit)
    renames = [(before, after) for status, before, after in files if status == "R"]
    with tempfile.TemporaryDirectory(prefix="bianmin-diff-") as temp:
        _load(old, export_catalogue(top, prefix, old.commit, Path(temp) / "old"), prefix)
        _load(new, export_catalogue(top, prefix, new.commit, Path(temp) / "new") if head else root, prefix)
    lines = [f"# 目录变更报告：{old.label} → {new.label}", "",
             f"旧版本：{_described(old)}；新版本：{_described(new)}。", ""]
    lines += _report_lines(reports_between(top, prefix, old.commit, new.commit))
    lines += _problem_lines(old, "") + _problem_lines(new, "请先运行 `.venv/bin/bianmin check` 把问题改好：")
    if old.catalogue and new.catalogue:
        lines += compare(old.catalogue, new.catalogue, _renamed_ids(renames)) + _rename_lines(renames)
    else:
        lines += _file_lines(files)
    return "\n".join(lines).rstrip() + "\n", not new.problems  # an old version's problems are not this change's


def _report_lines(reports: list[tuple[str, str]]) -> list[str]:
    """Commits that answer a resident's report (`群众反映:` in the message), so reviewers see why."""
    if not reports:
        return []
    return [f"## {RESIDENT_WORDS}", "", *(f"- `{commit}` 群众反映：{report}" for commit, report in reports), ""]


def _described(version: Version) -> str:
    return f"`{version.commit[:10]}`（{version.label}）" if version.commit else "当前文件夹里的目录（包括还没提交的修改）"


def _named(version: Version) -> str:
    return f"版本 {version.label} " if version.commit else version.label


def _short(revision: str) -> str:
    return revision[:10] if re.fullmatch(r"[0-9a-f]{40}", revision) else revision


def _load(version: Version, root: Path | None, prefix: str) -> None:
    """Check and load one version; problems in a temporary copy are named as in the repository."""
    if root is None or not (root / "county.yml").exists():
        version.missing = True
        return
    version.catalogue, result = load_catalogue(root)
    shown = display_name(root)
    version.problems = [replace(p, file=prefix + p.file[len(shown) + 1:]) if p.file.startswith(shown + "/") else p
                        for p in result.problems if p.severity == "error"]


def _problem_lines(version: Version, advice: str) -> list[str]:
    if version.missing:
        return [f"> {WORSE}{_named(version)}里没有服务目录（找不到 county.yml），所以只列出改动的文件。", ""]
    if not version.problems:
        return []
    lines = [f"## {WORSE}{_named(version)}的目录有问题", "",
             f"这个版本的目录没有通过检查（{len(version.problems)} 个问题），所以下面**没有**逐项比较，只列出改动的文件。{advice}", ""]
    lines += [f"- `{p.file}:{p.line}:{p.column}` {p.code} {p.message}" for p in version.problems[:MAX_PROBLEMS_SHOWN]]
    if len(version.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- ……还有 {len(version.problems) - MAX_PROBLEMS_SHOWN} 个问题")
    return lines + [""]


def _file_lines(files: list[tuple[str, str, str]]) -> list[str]:
    """What can still be said when a version cannot be loaded: which files changed."""
    if not files:
        return ["两个版本之间目录文件没有改动。", ""]
    words = {"A": "新增", "M": "修改", "D": "删除", "R": "改名", "C": "复制", "T": "修改"}
    lines = ["## 改动的文件", ""]
    for status, before, after in files:
        lines.append(f"- {words.get(status, status)}：`{after}`" if before == after else f"- {words.get(status, status)}：`{before}` → `{after}`")
    return lines + [""]


def _renamed_ids(renames: list[tuple[str, str]]) -> dict[str, str]:
    return {Path(old).stem: Path(new).stem for old, new in renames if Path(old).stem != Path(new).stem}


def _rename_lines(renames: list[tuple[str, str]]) -> list[str]:
    if not renames:
        return []
    lines = ["## 改名的文件", "", "这些文件只是改了名字（按标识对应比较，不算取消再新增）：", ""]
    for old, new in renames:
        note = "；标识变了，网址也会变" if Path(old).stem != Path(new).stem else ""
        lines.append(f"- `{old}` → `{new}`{note}")
    return lines + [""]
