"""The catalogue's history in git: when each file last changed, and a dated log of changed commitments.

Every function here works without git too (a copy of the site's sources in a
plain folder): dates then come from the files themselves, and the change log is
empty.
"""
from __future__ import annotations

import datetime
import html
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..catalogue.model import Duration, Fee, FeeItem, TierRole
from ..catalogue.vocab import TIERS
from ..paths import catalogue_root, display_name
from .changes import commitment_changes
from .git import GIT_OPTIONS, GIT_TIMEOUT, RESIDENT_WORDS, GitError, git, resident_reports

try:  # libyaml is ~10x faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


# ---- freshness -------------------------------------------------------------

def last_changed(catalogue_path: Path) -> dict[str, str]:
    """{file as the checker shows it: 'YYYY-MM-DD' of its last commit}, in one git call.

    Files git does not know (new, or no git at all) get the date they were last saved.
    """
    root = catalogue_root(Path(catalogue_path))
    files = sorted(p for p in root.rglob("*.yml") if p.is_file())
    dates = _git_dates(root)
    return {display_name(f): dates.get(f.relative_to(root).as_posix()) or _saved_on(f) for f in files}


def _git_dates(root: Path) -> dict[str, str]:
    try:
        out = git(["log", "--format=%x01%cs", "--name-only", "--relative", "--", "."], root)
    except GitError:
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("\x01"):
            date = line[1:]
        elif line:
            dates.setdefault(line, date)  # newest first: the first date seen is the last change
    return dates


def _saved_on(file: Path) -> str:
    return datetime.date.fromtimestamp(file.stat().st_mtime).isoformat()


# ---- change log ---------------------------------------------------------------

@dataclass(frozen=True)
class ChangeEntry:
    """What one commit changed in one item's commitments (fees, limits, visits, tiers)."""

    date: str
    commit: str
    item_id: str
    item_name: str
    changes: tuple[str, ...]
    worse: bool = False
    kind: str = "changed"  # changed, added, removed
    resident: bool = False  # the commit says 群众反映 (a resident's report led to it)


def changelog(catalogue_path: Path, limit: int = 100) -> list[ChangeEntry]:
    """Dated changes of commitments, newest first, at most limit entries; [] without git."""
    root = catalogue_root(Path(catalogue_path))
    try:
        commits = _item_commits(root)
    except GitError:
        return []
    entries: list[ChangeEntry] = []
    with _Blobs(root) as blobs:
        for commit, date, changed, resident in commits:
            for status, old, new in changed:
                entry = _entry(blobs, commit, date, status, old, new)
                if entry:
                    entries.append(replace(entry, resident=resident))
            if len(entries) >= limit:
                break
    return entries[:limit]


def _item_commits(root: Path) -> list[tuple[str, str, list, bool]]:
    """[(commit, date, [(status, old path, new path)], whether it answers a resident's report)] newest
    first, for commits that touched items/."""
    out = git(["log", "--first-parent", "-m", "--find-renames", "--name-status", "--relative",
               "--format=%x01%H %cs%x02%B%x03", "--", "items"], root)
    commits: list = []
    for chunk in out.decode("utf-8", "replace").split("\x01")[1:]:
        head, _, files = chunk.partition("\x03")
        ids, _, message = head.partition("\x02")
        commit, date = ids.split(" ")
        changed = [(status[0], paths[0], paths[-1]) for status, *paths in (line.split("\t") for line in files.splitlines() if line)]
        commits.append((commit, date, changed, bool(resident_reports(message))))
    return commits


class _Blobs:
    """Reads files at revisions through one `git cat-file --batch` process."""

    def __init__(self, root: Path):
        self.root = root
        self.parsed: dict = {}

    def __enter__(self):
        self.process = subprocess.Popen(["git", *GIT_OPTIONS, "cat-file", "--batch"], cwd=self.root,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=GIT_TIMEOUT)

    def data(self, rev: str, path: str):
        self.process.stdin.write(f"{rev}:./{path}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3:
            return None
        raw = self.process.stdout.read(int(header[2]) + 1)[:-1]
        sha = header[0]
        if sha not in self.parsed:  # consecutive commits share most files
            self.parsed[sha] = _parse(raw)
        return self.parsed[sha]


def _parse(raw: bytes) -> dict | None:
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _entry(blobs: _Blobs, commit: str, date: str, status: str, old_path: str, new_path: str) -> ChangeEntry | None:
    old = blobs.data(f"{commit}^1", old_path) if status != "A" else None
    new = blobs.data(commit, new_path) if status != "D" else None
    if old is None and new is None:
        return None
    named = new if new is not None else old
    assert named is not None
    ident, name = str(named.get("id", Path(new_path).stem)), str(named.get("name", ""))
    if old is None:
        return ChangeEntry(date, commit, ident, name, ("新增事项",), kind="added")
    if new is None:
        return ChangeEntry(date, commit, ident, name, ("⚠ 取消事项",), worse=True, kind="removed")
    try:
        changes = commitment_changes(_Commitments.of(old), _Commitments.of(new))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a broken file in history: the checker reported it at the time
    if not changes:
        return None
    return ChangeEntry(date, commit, ident, name, tuple(c.line() for c in changes), any(c.worse for c in changes))


@dataclass(frozen=True)
class _Commitments:
    """The promises an item file makes, read straight from its data (no county needed)."""

    fee: Fee | None  # None: not known yet (基本信息)
    promised: Duration | None
    visits: int | None
    tiers: tuple[TierRole, ...]

    @classmethod
    def of(cls, data: dict) -> _Commitments:
        fee = data.get("fee")
        if fee is not None:
            fee = Fee() if fee == "不收费" else Fee(tuple(FeeItem(f["name"], f.get("amount", ""), f.get("basis", ""), f.get("unit", ""))
                                                        for f in fee["items"]))
        tiers = tuple(TierRole(t, data["tiers"].get(t, {}).get("role", "不办理")) for t in TIERS)
        limit = data.get("time_limit")
        return cls(fee, Duration(**limit["promised"]) if limit else None, data.get("visits", {}).get("count"), tiers)


def changelog_markdown(catalogue_path: Path, limit: int = 100) -> str:
    """The 变更记录 page: dated changes of commitments, newest first; items added together share one line."""
    entries = changelog(catalogue_path, limit)
    head = ["# 变更记录", "",
            "这里按日期列出事项承诺的变化：收费、办结时限、跑几次、各级能办什么，以及新增和取消的事项。"
            "标 ⚠ 的变化对群众不利，请留意。", ""]
    if not entries:
        return "\n".join(head + ["目前没有可以列出的变更记录。", ""])
    lines: list[str | list[str]] = list(head)
    date, added = None, {}  # commit -> index of its line of added names
    for entry in entries:
        if entry.date != date:
            date = entry.date
            lines += ["", f"## {date}", ""]
        if entry.kind == "added":
            if entry.commit not in added:
                added[entry.commit] = len(lines)
                lines.append([])
            names = lines[added[entry.commit]]
            assert isinstance(names, list)
            names.append(html.escape(entry.item_name))
        else:  # catalogue text is escaped: it shows as text on the site
            changes = "；".join(html.escape(change) for change in entry.changes)
            because = f"（{RESIDENT_WORDS}）" if entry.resident else ""
            lines.append(f"- **{html.escape(entry.item_name)}**（`{entry.item_id}`）：{changes}{because}")
    return "\n".join(line if isinstance(line, str) else _added_line(line) for line in lines) + "\n"


def _added_line(names: list[str]) -> str:
    return f"- 新增事项：{names[0]}" if len(names) == 1 else f"- 新增 {len(names)} 个事项：{'、'.join(names)}"
