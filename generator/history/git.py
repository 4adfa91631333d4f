"""Reading the catalogue's repository: where the catalogue sits, revisions, files as they were, what changed."""
from __future__ import annotations

import io
import re
import subprocess
import tarfile
from pathlib import Path

from ..paths import display_name

GIT_TIMEOUT = 120
# Output we parse must not depend on the user's git settings (quoted non-ASCII names, signatures, colour).
GIT_OPTIONS = ("-c", "core.quotepath=false", "-c", "log.showSignature=false", "-c", "color.ui=false")


class GitError(Exception):
    """A Chinese message: git is missing, the folder is not a repository, or a revision is unknown."""


def git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *GIT_OPTIONS, *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise GitError("找不到 git 命令：请先安装 git") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 运行超时") from None
    if done.returncode:
        raise GitError(f"git {args[0]} 失败：{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def repo_prefix(root: Path) -> tuple[Path, str]:
    """(repository top folder, catalogue folder relative to it with a trailing slash, or '')."""
    try:
        top, prefix = git(["rev-parse", "--show-toplevel", "--show-prefix"], root).decode("utf-8").split("\n")[:2]
    except GitError:
        raise GitError(f"{display_name(root)} 不在 git 仓库里：比较版本需要 git 仓库") from None
    return Path(top), prefix


def commit_of(top: Path, rev: str) -> str:
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top).decode().strip()
    except GitError:
        raise GitError(f"找不到版本“{rev}”：请写分支名、标签或提交号（如 origin/main、HEAD~1）") from None


def export_catalogue(top: Path, prefix: str, commit: str, dest: Path) -> Path | None:
    """Write the catalogue folder as it was at commit into dest; None when it did not exist then."""
    try:
        archive = git(["archive", "--format=tar", commit, "--", prefix or "."], top)
    except GitError:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and newer
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - the archive comes from this repository's own git
            tar.extractall(dest)
    return dest / prefix if prefix else dest


def changed_files(top: Path, prefix: str, base: str, head: str = "") -> list[tuple[str, str, str]]:
    """(status letter A/M/D/R, old path, new path) in the repository, with renames found by git.

    Without head, compares with the files in the work tree (tracked files, committed or not).
    """
    out = git(["diff", "--find-renames", "--name-status", "-z", base, *([head] if head else []), "--", prefix or "."], top)
    fields = out.decode("utf-8").split("\0")
    changes, index = [], 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            changes.append((status, fields[index + 1], fields[index + 2]))
            index += 3
        else:
            changes.append((status, fields[index + 1], fields[index + 1]))
            index += 2
    return changes


# `群众反映: 2026-12-01 电话` in a commit message: the change answers a resident's report (docs/editing.md).
# git's own trailer parser takes ASCII keys only, so the line is read here; a full-width colon counts too.
RESIDENT_REPORT = re.compile(r"^群众反映[:：][ \t]*(\S.*?)[ \t]*$", re.M)
RESIDENT_WORDS = "根据群众反映修改"


def resident_reports(message: str) -> list[str]:
    """The `<date> <channel>` of each 群众反映 line of a commit message."""
    return RESIDENT_REPORT.findall(message)


def reports_between(top: Path, prefix: str, base: str, head: str = "") -> list[tuple[str, str]]:
    """(short commit, `<date> <channel>`) of each 群众反映 line in the commits after base up to head
    (HEAD when head is "") that touched the catalogue."""
    out = git(["log", "--format=%x01%h%x02%B", f"{base}..{head or 'HEAD'}", "--", prefix or "."], top)
    found = []
    for chunk in out.decode("utf-8", "replace").split("\x01")[1:]:
        commit, _, message = chunk.partition("\x02")
        found += [(commit, report) for report in resident_reports(message)]
    return found
