"""`mkdocs serve` / `bianmin serve` on a small copy of the project: editing an item's YAML refreshes its page;
a broken edit keeps the last good preview and lists the problems at /problems/; fixing it refreshes again.
Serve always starts, even when the catalogue has problems from the start."""
from __future__ import annotations

import html
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from site_support import fetch, small_catalogue
from support import FIXTURES, ROOT

pytestmark = pytest.mark.slow


def wait_for(url: str, text: str, limit: float = 120) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        body = fetch(url)
        if text in body:
            return body
        time.sleep(0.2)
    pytest.fail(f"{text!r} never appeared at {url}")


def wait_for_log(path: Path, text: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.2)
    pytest.fail(f"{text!r} never logged; log:\n{path.read_text(encoding='utf-8')[-2000:]}")


def set_summary(path: Path, summary) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = summary
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def served(tmp_path):
    small_catalogue(tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", tmp_path / "site_src")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield tmp_path, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_editing_an_item_refreshes_its_page_and_bad_data_keeps_the_preview(served):
    project, base = served
    item = sorted((project / "catalogue" / "items").glob("*.yml"))[0]
    url = f"{base}items/{item.stem}/"
    wait_for(url, "<h1")
    set_summary(item, "第一次修改后的说明")
    wait_for(url, "第一次修改后的说明")
    assert "没有发现问题" in fetch(f"{base}problems/")
    set_summary(item, 12345)  # not a string: the catalogue check fails
    wait_for_log(project / "serve.log", "预览仍显示上次正确的内容")
    assert f"items/{item.name}" in (project / "serve.log").read_text(encoding="utf-8")  # the check report, located
    problems = wait_for(f"{base}problems/", f"items/{item.name}:")
    assert "“summary”（" in problems and "$.summary" in problems
    assert "第一次修改后的说明" in fetch(url)
    set_summary(item, "第二次修改后的说明")
    wait_for(url, "第二次修改后的说明")
    wait_for(f"{base}problems/", "没有发现问题")


def checker_report(project: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json"], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


def test_bianmin_serve_starts_on_a_catalogue_with_problems_and_recovers_when_they_are_fixed(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "catalogue")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", tmp_path / "site_src")
    item = tmp_path / "catalogue" / "items" / "dibao.yml"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("  promised:\n    value: 28\n", "  promised:\n    value: 35\n"), encoding="utf-8")
    report = checker_report(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert "还没有可以预览的网页" in wait_for(base, "problems/")
        page = fetch(f"{base}problems/")
        assert report and all(f"{p['file']}:{p['line']}" in page and html.escape(p["message"]) in page
                              and p["path"] in page for p in report)
        assert "“promised”（承诺办结时限）" in page  # the field named in Chinese, as the schema titles it
        assert fetch(f"{base}items/dibao/") == ""  # never built: nothing stale to show
        item.write_text(good, encoding="utf-8")
        wait_for(f"{base}items/dibao/", "<h1")
        wait_for(f"{base}problems/", "没有发现问题")
        assert "还没有可以预览的网页" not in fetch(base)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
