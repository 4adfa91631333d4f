"""Freshness and the change log, read from a real git repository made in a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import FIXTURES
from test_diff import Repo

from generator.history import changelog as history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path / "repo")                                     # 2026-01-05: everything
    repo.edit("items/dibao.yml", "fee: 不收费", "fee: {items: [{name: 工本费, amount: 20, unit: 元, basis: 《示例收费文件》第三条}]}")
    repo.commit("低保收工本费", "2026-02-10")
    repo.edit("centres/tiandu.yml", "phone: 0917-5310000", "phone: 0917-5310099")
    repo.commit("天度镇电话", "2026-03-15")
    repo.git("mv", "catalogue/items/yibao-jiaofei.yml", "catalogue/items/yibao-jiaofei-2027.yml")
    repo.edit("items/yibao-jiaofei-2027.yml", "id: yibao-jiaofei\n", "id: yibao-jiaofei-2027\n")
    repo.commit("改名", "2026-04-20")
    repo.edit("items/linshi-shenfenzheng.yml", "name: ", "name: 办理")  # wording only: not a commitment
    repo.commit("改名称", "2026-05-01")
    return repo


def in_folder(folder: Path, function, *args):
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return function(*args)
    finally:
        os.chdir(cwd)


def test_last_changed_dates_each_file_by_its_last_commit_in_checker_names(repo):
    dates = in_folder(repo.path, history.last_changed, Path("catalogue"))
    assert dates["catalogue/items/dibao.yml"] == "2026-02-10"
    assert dates["catalogue/centres/tiandu.yml"] == "2026-03-15"
    assert dates["catalogue/items/yibao-jiaofei-2027.yml"] == "2026-04-20"
    assert dates["catalogue/county.yml"] == "2026-01-05"
    assert "catalogue/items/yibao-jiaofei.yml" not in dates
    assert len(dates) == len(list((repo.path / "catalogue").rglob("*.yml")))


def test_last_changed_accepts_the_project_folder_and_uses_one_git_call(repo, monkeypatch):
    calls = []
    real = history.git
    monkeypatch.setattr(history, "git", lambda args, cwd: calls.append(args) or real(args, cwd))
    dates = in_folder(repo.path, history.last_changed, Path("."))
    assert dates["catalogue/items/dibao.yml"] == "2026-02-10"
    assert len(calls) == 1


def test_without_git_dates_come_from_the_files(tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "mini", plain / "catalogue")
    file = plain / "catalogue" / "items" / "dibao.yml"
    stamp = 1767225600  # 2026-01-01T00:00Z
    os.utime(file, (stamp, stamp))
    dates = in_folder(plain, history.last_changed, Path("catalogue"))
    assert dates["catalogue/items/dibao.yml"] in ("2025-12-31", "2026-01-01")  # local time zone
    assert set(dates) == {f"catalogue/{p.relative_to(plain / 'catalogue').as_posix()}" for p in (plain / "catalogue").rglob("*.yml")}
    assert history.changelog(plain / "catalogue") == []


def test_uncommitted_new_file_falls_back_to_its_own_date(repo):
    shutil.copy(repo.path / "catalogue/items/dibao.yml", repo.path / "catalogue/items/new-item.yml")
    dates = in_folder(repo.path, history.last_changed, Path("catalogue"))
    assert dates["catalogue/items/new-item.yml"] == history.datetime.date.today().isoformat()


def test_changelog_lists_commitment_changes_newest_first(repo):
    entries = history.changelog(repo.path / "catalogue")
    changed = [(e.date, e.item_id, e.changes, e.worse) for e in entries if e.kind == "changed"]
    assert changed == [("2026-02-10", "dibao", ("⚠ 收费：不收费 → 工本费 20 元（收费提高）",), True)]
    dates = [e.date for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert not any(e.item_id.startswith("yibao-jiaofei") and e.kind != "added" for e in entries)  # a rename is no change
    assert {e.item_id for e in entries if e.kind == "added"} == {"dibao", "yibao-jiaofei", "linshi-shenfenzheng"}


def test_changelog_limit_and_removed_items(repo):
    (repo.path / "catalogue/items/linshi-shenfenzheng.yml").unlink()
    repo.commit("取消临时身份证", "2026-06-01")
    first = history.changelog(repo.path / "catalogue", limit=1)
    assert [(e.date, e.item_id, e.kind, e.worse) for e in first] == [("2026-06-01", "linshi-shenfenzheng", "removed", True)]
    page = history.changelog_markdown(repo.path / "catalogue", limit=10)
    assert page.startswith("# 变更记录\n")
    assert page.index("## 2026-06-01") < page.index("## 2026-02-10") < page.index("## 2026-01-05")
    assert "- **最低生活保障**（`dibao`）：⚠ 收费：不收费 → 工本费 20 元（收费提高）" in page
    assert "- **办理临时居民身份证申领**（`linshi-shenfenzheng`）：⚠ 取消事项" in page
    first_day = page.split("## 2026-01-05\n", 1)[1]
    assert first_day.strip().startswith("- 新增 3 个事项：") and first_day.strip().count("\n- ") == 0


def test_changelog_follows_merges_along_the_main_line(repo):
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit("items/dibao.yml", "visits:\n  count: 1\n", "visits:\n  count: 2\n")
    repo.commit("多跑一次", "2026-07-01")
    repo.git("checkout", "-q", "main")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-07-02T10:00:00+08:00", "GIT_AUTHOR_DATE": "2026-07-02T10:00:00+08:00"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "merge", "-q", "--no-ff", "-m", "合并", "edit"],
                   cwd=repo.path, env=env, check=True, capture_output=True)
    newest = history.changelog(repo.path / "catalogue", limit=1)[0]
    assert (newest.date, newest.item_id, newest.changes) == ("2026-07-02", "dibao", ("⚠ 最多跑几次：1 次 → 2 次（要多跑）",))


def test_a_change_made_on_a_residents_report_says_so_in_the_change_log_and_the_diff(repo):
    """The clerk's commit message as docs/editing.md shows it, with the full-width colon a Chinese keyboard types."""
    from generator.history.report import change_report
    base = repo.git("rev-parse", "HEAD").strip()
    repo.edit("items/dibao.yml", "visits:\n  count: 1\n", "visits:\n  count: 2\n")
    repo.commit("低保跑两次\n\n群众说窗口要求先去村里开证明。\n\n群众反映：2026-06-03 电话", "2026-06-05")
    repo.edit("centres/tiandu.yml", "phone: 0917-5310099", "phone: 0917-5310098")
    repo.commit("天度镇电话又改了", "2026-06-06")
    entries = history.changelog(repo.path / "catalogue")
    assert [(e.item_id, e.resident) for e in entries if e.kind == "changed"] == [("dibao", True), ("dibao", False)]
    page = history.changelog_markdown(repo.path / "catalogue")
    assert "（根据群众反映修改）" in page.split("## 2026-06-05", 1)[1].split("##", 1)[0]
    assert page.count("根据群众反映修改") == 1
    report, _ = change_report(repo.path / "catalogue", base, "HEAD")
    assert "## 根据群众反映修改" in report and "群众反映：2026-06-03 电话" in report
    quiet, _ = change_report(repo.path / "catalogue", "HEAD~1", "HEAD")
    assert "群众反映" not in quiet
