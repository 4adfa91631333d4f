"""GitHub Actions annotations: `bianmin check --format github`, and automatically under GITHUB_ACTIONS=true."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURES, ROOT

ANNOTATION = re.compile(r"^::(?P<severity>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
                        r"title=(?P<title>[^:]*)::(?P<message>.*)$")


def bianmin(*args: str, cwd: Path, github: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@pytest.fixture
def broken(tmp_path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "mini", root)
    dibao = root / "items" / "dibao.yml"
    dibao.write_text(dibao.read_text("utf-8").replace("promised:\n    value: 28\n", "promised:\n    value: 35\n"), "utf-8")
    shutil.copy(root / "items" / "yibao-jiaofei.yml", root / "items" / "yibao,50%.yml")  # a comma and % to escape
    return tmp_path


def test_github_format_prints_one_annotation_per_problem_matching_the_json(broken):
    github = bianmin("check", "catalogue", "--format", "github", cwd=broken)
    data = json.loads(bianmin("check", "catalogue", "--format", "json", cwd=broken).stdout)
    assert github.returncode == 1
    lines = github.stdout.strip().splitlines()
    assert len(lines) == len(data) >= 3
    for line, problem in zip(lines, data):
        match = ANNOTATION.match(line)
        assert match, line
        assert (unescape(match["file"]), int(match["line"]), int(match["col"]), match["title"]) == \
               (problem["file"], problem["line"], problem["column"], problem["code"])
        assert unescape(match["message"]) == f"{problem['message']} ({problem['path']})"
    assert "::error file=catalogue/items/dibao.yml,line=89,col=5,title=E-TIME-PROMISE::承诺时限 35 个工作日超过法定时限 30 个工作日" in github.stdout
    assert any("file=catalogue/items/yibao%2C50%25.yml," in line for line in lines)
    assert "共发现" not in github.stdout  # annotations only


def test_under_github_actions_text_output_also_annotates(broken):
    run = bianmin("check", "catalogue", cwd=broken, github=True)
    assert run.returncode == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    text = [line for line in run.stdout.splitlines() if line.startswith("catalogue/")]
    assert len(annotations) == len(text) >= 3
    assert "共发现" in run.stdout
    plain = bianmin("check", "catalogue", cwd=broken)
    assert "::error" not in plain.stdout


def test_a_clean_catalogue_has_no_annotations(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "catalogue")
    run = bianmin("check", "catalogue", cwd=tmp_path, github=True)
    assert run.returncode == 0
    assert "::" not in run.stdout and "目录检查通过" in run.stdout
