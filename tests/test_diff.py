"""`bianmin diff`: change reports between two commits of a real git repository made in a temporary folder."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import FIXTURES

from generator.commands import main

MINI = FIXTURES / "mini"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


class Repo:
    """A git repository holding a copy of the mini catalogue under catalogue/."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        shutil.copytree(MINI, path / "catalogue")
        self.commit("目录第一版", "2026-01-05")

    def git(self, *args: str) -> str:
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path)}
        done = subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.invalid", *args],
                              cwd=self.path, env=env, capture_output=True, text=True, timeout=60, check=True)
        return done.stdout

    def commit(self, message: str, date: str) -> str:
        self.git("add", "-A")
        stamp = f"{date}T10:00:00+08:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_NOSYSTEM": "1",
               "HOME": str(self.path)}
        subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.invalid", "commit", "-q", "-m", message],
                       cwd=self.path, env=env, check=True, capture_output=True, timeout=60)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, relative: str, old: str, new: str) -> None:
        file = self.path / "catalogue" / relative
        text = file.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        file.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "repo")


def diff(repo: Repo, capsys, *revisions: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(repo.path)
    try:
        code = main(["diff", *revisions])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out or out.err


def bullets(report: str, heading: str) -> list[str]:
    """The list items under a heading (## or ###) of the report."""
    section = report.split(heading + "\n", 1)[1]
    section = re.split(r"\n#{2,3} ", section, maxsplit=1)[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


def test_fee_raised_item_removed_and_file_renamed(repo, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.edit("items/dibao.yml", "fee: 不收费", "fee: {items: [{name: 工本费, amount: 20, unit: 元, basis: 《示例收费文件》第三条}]}")
    repo.edit("items/dibao.yml", "visits:\n  count: 1\n", "visits:\n  count: 2\n")
    (repo.path / "catalogue" / "items" / "yibao-jiaofei.yml").unlink()
    repo.git("mv", "catalogue/centres/tiandu-donghe.yml", "catalogue/centres/tiandu-donghecun.yml")
    repo.edit("centres/tiandu-donghecun.yml", "id: tiandu-donghe\n", "id: tiandu-donghecun\n")
    repo.edit("centres/tiandu-donghecun.yml", "phone: 0917-5310101", "phone: 0917-5310111")
    repo.commit("收费、取消医保缴费、改名", "2026-02-01")

    code, report = diff(repo, capsys, base, "HEAD")
    assert code == 0
    dibao = bullets(report, "### 最低生活保障（`dibao`）")
    assert "⚠ 收费：不收费 → 工本费 20 元（收费提高）" in dibao
    assert "⚠ 最多跑几次：1 次 → 2 次（要多跑）" in dibao
    assert bullets(report, "## 取消的事项") == ["⚠ 城乡居民基本医疗保险缴费（`yibao-jiaofei`）：群众将不能再办理这个事项"]
    assert "## 新增的服务中心（站）" not in report and "## 撤销的服务中心（站）" not in report
    centre = bullets(report, "## 服务中心（站）的变化")
    assert "天度镇东河村便民服务站：电话：0917-5310101 → 0917-5310111" in centre
    assert "天度镇东河村便民服务站：标识（网址）：tiandu-donghe → tiandu-donghecun" in centre
    assert bullets(report, "## 改名的文件") == [
        "`catalogue/centres/tiandu-donghe.yml` → `catalogue/centres/tiandu-donghecun.yml`；标识变了，网址也会变"]
    assert "**共 5 处变化，其中 3 处对群众不利（标 ⚠）。**" in report


def test_tiers_limits_materials_windows_and_hours(repo, capsys):
    repo.edit("items/dibao.yml", "village:\n    role: 代办\n    window: civil-affairs\n    forward_within_days: 3\n",
              "village:\n    role: 咨询\n    window: civil-affairs\n")
    repo.edit("items/dibao.yml", "  - tier: village\n    action: 代办\n    days: 3", "  - tier: town\n    action: 受理\n    days: 3")
    repo.edit("items/dibao.yml", "promised:\n    value: 28\n", "promised:\n    value: 30\n")
    repo.edit("items/dibao.yml", "town:\n    role: 审核\n    window: civil-affairs\n", "town:\n    role: 审核\n    window: general\n")
    repo.edit("items/dibao.yml", "materials:\n", "materials:\n  - {name: 村委会证明, form: 原件, copies: 1, source: 其他}\n")
    repo.edit("centres/tiandu-donghe.yml", "      - 08:00-12:00\n", "      - 08:30-12:00\n")
    repo.commit("低保村里只咨询", "2026-03-01")
    code, report = diff(repo, capsys, "HEAD~1")
    assert code == 0
    dibao = bullets(report, "### 最低生活保障（`dibao`）")
    assert "⚠ 承诺办结时限：28 个工作日 → 30 个工作日（时间变长）" in dibao
    assert "村（社区）：代办 → 咨询" in dibao
    assert "⚠ 村（社区）不能再受理，要到镇（街道）去办（要跑更远）" in dibao
    assert "⚠ 新增材料：村委会证明（原件 1 份，必要）" in dibao
    assert any(line.startswith("镇（街道）办理窗口：民政窗口 → ") for line in dibao)
    assert any("开放时间：夏季（5月1日—9月30日） 周一至周六 08:00-12:00" in line and "08:30-12:00" in line
               for line in bullets(report, "## 服务中心（站）的变化"))


def test_better_changes_carry_no_warning(repo, capsys):
    repo.edit("items/dibao.yml", "promised:\n    value: 28\n", "promised:\n    value: 25\n")
    repo.edit("items/dibao.yml", "  - tier: town\n    action: 审核\n    days: 15", "  - tier: town\n    action: 审核\n    days: 12")
    repo.edit("items/dibao.yml", "visits:\n  count: 1\n", "visits:\n  count: 0\n  postal: true\n")
    repo.commit("低保提速", "2026-03-02")
    code, report = diff(repo, capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert bullets(report, "### 最低生活保障（`dibao`）") == ["承诺办结时限：28 个工作日 → 25 个工作日",
                                                        "最多跑几次：1 次 → 0 次"]
    assert "⚠" not in report


def test_added_item_and_centre_and_no_change(repo, capsys):
    shutil.copy(repo.path / "catalogue/items/dibao.yml", repo.path / "catalogue/items/dibao-copy.yml")
    repo.edit("items/dibao-copy.yml", "id: dibao\n", "id: dibao-copy\n")
    repo.edit("items/dibao-copy.yml", "name: 最低生活保障\n", "name: 最低生活保障（复核）\n")
    repo.commit("新增事项", "2026-03-03")
    code, report = diff(repo, capsys, "HEAD~1")
    added = bullets(report, "## 新增的事项")
    assert len(added) == 1 and added[0].startswith("最低生活保障（复核）（`dibao-copy`）：县民政局；最近可以在村（社区）代办")
    code, report = diff(repo, capsys, "HEAD", "HEAD")
    assert "群众能看到的内容没有变化" in report


def test_a_broken_revision_is_reported_clearly(repo, capsys):
    repo.edit("items/dibao.yml", "promised:\n    value: 28\n", "promised:\n    value: 35\n")
    repo.commit("写错了", "2026-04-01")
    code, report = diff(repo, capsys, "HEAD~1", "HEAD")
    assert code == 1
    assert "## ⚠ 版本 HEAD 的目录有问题" in report
    assert "- `catalogue/items/dibao.yml:89:5` E-TIME-PROMISE" in report
    assert "### 最低生活保障" not in report
    assert bullets(report, "## 改动的文件") == ["修改：`catalogue/items/dibao.yml`"]


def test_fixing_a_broken_base_is_not_a_failure(repo, capsys):
    repo.edit("items/dibao.yml", "promised:\n    value: 28\n", "promised:\n    value: 35\n")
    repo.commit("写错了", "2026-04-01")
    repo.edit("items/dibao.yml", "promised:\n    value: 35\n", "promised:\n    value: 28\n")
    repo.commit("改好了", "2026-04-02")
    code, report = diff(repo, capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert "## ⚠ 版本 HEAD~1 的目录有问题" in report and "请先运行" not in report


def test_unknown_revision_and_no_repository_are_usage_errors(repo, capsys, tmp_path):
    code, message = diff(repo, capsys, "no-such-branch")
    assert code == 2 and "找不到版本“no-such-branch”" in message
    plain = tmp_path / "plain"
    shutil.copytree(MINI, plain / "catalogue")
    cwd = Path.cwd()
    os.chdir(plain)
    try:
        assert main(["diff", "HEAD~1"]) == 2
    finally:
        os.chdir(cwd)
    assert "不在 git 仓库里" in capsys.readouterr().err


def test_report_is_appended_to_the_github_step_summary(repo, capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("# 之前的步骤\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    repo.edit("centres/tiandu.yml", "phone: 0917-5310000", "phone: 0917-5310099")
    repo.commit("电话", "2026-04-02")
    code, report = diff(repo, capsys, "HEAD~1")
    assert code == 0
    assert summary.read_text("utf-8") == "# 之前的步骤\n" + report
    assert "天度镇便民服务中心：电话：0917-5310000 → 0917-5310099" in report


def test_without_head_the_work_tree_is_compared_uncommitted_changes_included(repo, capsys):
    repo.edit("items/dibao.yml", "visits:\n  count: 1\n", "visits:\n  count: 3\n")
    (repo.path / "catalogue/items/yibao-jiaofei.yml").unlink()
    code, report = diff(repo, capsys, "HEAD")
    assert code == 0
    assert report.startswith("# 目录变更报告：HEAD → 当前文件夹\n")
    assert "⚠ 最多跑几次：1 次 → 3 次（要多跑）" in bullets(report, "### 最低生活保障（`dibao`）")
    assert bullets(report, "## 取消的事项") == ["⚠ 城乡居民基本医疗保险缴费（`yibao-jiaofei`）：群众将不能再办理这个事项"]
    code, report = diff(repo, capsys, "HEAD", "HEAD")
    assert "群众能看到的内容没有变化" in report  # committed versions are unchanged


def test_a_broken_work_tree_names_the_problem_files_as_the_checker_does(repo, capsys):
    repo.edit("items/dibao.yml", "promised:\n    value: 28\n", "promised:\n    value: 35\n")
    code, report = diff(repo, capsys, "HEAD")
    assert code == 1
    assert "## ⚠ 当前文件夹的目录有问题" in report
    assert "- `catalogue/items/dibao.yml:89:5` E-TIME-PROMISE" in report


def test_a_revision_without_catalogue_is_said_plainly(repo, capsys):
    repo.git("checkout", "-q", "--orphan", "empty")
    repo.git("rm", "-r", "-q", "-f", "catalogue")
    (repo.path / "README.md").write_text("空仓库\n", "utf-8")
    repo.commit("空", "2025-12-01")
    code, report = diff(repo, capsys, "empty", "main")
    assert code == 0
    assert "> ⚠ 版本 empty 里没有服务目录（找不到 county.yml），所以只列出改动的文件。" in report
    assert "新增：`catalogue/items/dibao.yml`" in bullets(report, "## 改动的文件")
