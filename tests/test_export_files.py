"""`bianmin export` and write_exports: every file, same bytes twice, all or nothing, the /data/ page."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from export_support import MINI, SITE, catalogue
from support import ROOT

from generator.export import FILES, FORMATS, data_page_markdown, render_exports, write_exports


def bianmin(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_exports_of_the_demo_are_byte_identical(tmp_path):
    first = write_exports(catalogue("demo"), tmp_path / "a", SITE)
    second = write_exports(catalogue("demo"), tmp_path / "b", SITE)
    assert sorted(str(p.relative_to(tmp_path / "a" / "data")) for p in first) == sorted(FILES)
    assert len(second) == len(first)
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_command_writes_every_format(tmp_path):
    out = tmp_path / "data"
    run = bianmin("export", str(MINI), "--out", str(out), "--site-url", SITE)
    assert run.returncode == 0, run.stderr
    assert sorted(digests(out)) == sorted(FILES)
    assert digests(out) == {name: hashlib.sha256(data).hexdigest() for name, data in render_exports(catalogue("mini"), SITE).items()}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_command_writes_only_the_asked_formats_and_replaces_the_old_output(tmp_path):
    out = tmp_path / "data"
    assert bianmin("export", str(MINI), "--out", str(out)).returncode == 0
    run = bianmin("export", str(MINI), "--out", str(out), "--format", "csv,hsds")
    assert run.returncode == 0, run.stderr
    assert sorted(digests(out)) == sorted(name for name, (fmt, _) in FILES.items() if fmt in ("csv", "hsds"))


def test_bad_catalogue_reports_problems_and_leaves_the_old_output(tmp_path):
    out = tmp_path / "data"
    assert bianmin("export", str(MINI), "--out", str(out)).returncode == 0
    before = digests(out)
    broken = tmp_path / "catalogue"
    shutil.copytree(MINI, broken)
    dibao = broken / "items" / "dibao.yml"
    dibao.write_text(dibao.read_text("utf-8").replace("promised:\n    value: 28\n", "promised:\n    value: 35\n"), "utf-8")
    run = bianmin("export", str(broken), "--out", str(out))
    assert run.returncode == 1
    assert "dibao.yml" in run.stderr and "Traceback" not in run.stderr
    assert digests(out) == before


@pytest.mark.parametrize("args, message", [
    (["--format", "json,pdf"], "不认识的导出格式：pdf"),
    (["--out", "."], "不是导出生成的文件"),
])
def test_usage_errors_exit_2_without_writing(args, message, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", "utf-8")
    run = bianmin("export", str(MINI), *args, cwd=tmp_path)
    assert run.returncode == 2
    assert message in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_data_page_lists_every_file_and_the_licence():
    cat = catalogue("demo")
    page = data_page_markdown(cat)
    assert all(f'href="{name}"' in page for name in FILES)
    assert cat.county.licence and cat.county.licence in page
    assert page.startswith("---\ntitle: 开放数据\n---")
    assert ("示例数据" in page) == cat.county.sample_data


def test_formats_cover_every_file():
    assert {fmt for fmt, _ in FILES.values()} == set(FORMATS)
