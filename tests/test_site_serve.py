"""`mkdocs serve` on a small copy of the project: editing an item's YAML refreshes its page; a broken
edit keeps the last good preview; fixing it refreshes again."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from site_support import small_catalogue
from support import ROOT

pytestmark = pytest.mark.slow


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""


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
    set_summary(item, 12345)  # not a string: the catalogue check fails
    wait_for_log(project / "serve.log", "预览仍显示上次正确的内容")
    assert f"items/{item.name}" in (project / "serve.log").read_text(encoding="utf-8")  # the check report, located
    assert "第一次修改后的说明" in fetch(url)
    set_summary(item, "第二次修改后的说明")
    wait_for(url, "第二次修改后的说明")
