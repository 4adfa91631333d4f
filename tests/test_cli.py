"""The bianmin command as staff and CI use it: exit codes, formats, and no traceback for any input."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import CATALOGUE, FIXTURES, ROOT

MINI = FIXTURES / "mini"


def bianmin(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken(tmp_path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    dibao = root / "items" / "dibao.yml"
    dibao.write_text(dibao.read_text("utf-8").replace("promised:\n    value: 28\n", "promised:\n    value: 35\n"), "utf-8")
    (root / "centres" / "tiandu.yml").write_text("id: tiandu\nname: 天度镇\ttab\n  bad: [\n", "utf-8")
    return root


def test_clean_catalogue_exits_zero():
    run = bianmin("check", str(CATALOGUE))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "目录检查通过" in run.stdout


def test_problems_are_listed_with_file_line_column_code_and_exit_one(broken, tmp_path):
    run = bianmin("check", "catalogue", cwd=tmp_path)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert "catalogue/items/dibao.yml:89:5: E-TIME-PROMISE 承诺时限 35 个工作日超过法定时限 30 个工作日 ($.time_limit.promised)" in lines
    assert any(line.startswith("catalogue/centres/tiandu.yml:") and "E-YAML-SYNTAX" in line for line in lines)
    assert lines[-1].startswith("共发现 2 个问题")
    assert "Traceback" not in run.stdout + run.stderr


def test_json_format_lists_objects_with_fixed_keys(broken, tmp_path):
    run = bianmin("check", "catalogue", "--format", "json", cwd=tmp_path)
    assert run.returncode == 1
    problems = json.loads(run.stdout)
    assert {tuple(sorted(p)) for p in problems} == {("code", "column", "file", "line", "message", "path", "severity")}
    assert [(p["file"], p["line"], p["code"]) for p in problems] == [
        ("catalogue/centres/tiandu.yml", 3, "E-YAML-SYNTAX"), ("catalogue/items/dibao.yml", 89, "E-TIME-PROMISE")]


def test_github_annotations_under_actions(broken, tmp_path):
    run = bianmin("check", "catalogue", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=catalogue/items/dibao.yml,line=89,col=5,title=E-TIME-PROMISE::承诺时限 35" in run.stdout
    assert run.returncode == 1


@pytest.mark.parametrize("args", [("check", "/no/such/folder"), ("check", "--format", "xml"), ("nonsense",), ()])
def test_usage_errors_exit_two_in_chinese(args):
    run = bianmin(*args)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert any(word in run.stdout + run.stderr for word in ("找不到", "用法", "命令"))


def test_garbage_and_huge_files_give_problems_not_tracebacks(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    (root / "items" / "garbage.yml").write_bytes(bytes(range(256)) * 8)
    (root / "items" / "huge.yml").write_bytes(b"a: " + b"x" * 2_000_000)
    (root / "items" / "deep.yml").write_text("a: " + "[" * 5000 + "]" * 5000, "utf-8")
    run = bianmin("check", str(root))
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    codes = {line.split(": ")[1].split()[0] for line in run.stdout.splitlines() if ": E-" in line}
    assert {"E-YAML-ENCODING", "E-YAML-SIZE"} <= codes


def test_stats_counts_the_demo():
    run = bianmin("stats", str(CATALOGUE), "--format", "json")
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    assert stats["centres"] == {"village": 174, "town": 8, "county": 1}
    assert stats["centre_kinds"]["村"] == 169 and stats["centre_kinds"]["社区"] == 5
    assert stats["items"] == sum(stats["categories"].values()) >= 60
    for figures in stats["tiers"].values():
        assert figures["consult"] >= figures["start"] >= figures["finish"]
    assert sum(f["finish"] for f in stats["tiers"].values()) == stats["items"]


def test_stats_on_bad_catalogue_reports_and_exits_one(broken):
    run = bianmin("stats", str(broken))
    assert run.returncode == 1
    assert "E-TIME-PROMISE" in run.stderr


def test_stats_text_is_chinese():
    run = bianmin("stats", str(MINI))
    assert run.returncode == 0
    assert "事项数量：3 项" in run.stdout
