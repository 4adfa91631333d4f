"""The web form at /admin/ in Chromium, against the local backend (decap-server on the working copy):
change an item's promised time limit and a centre's opening hours, save, and the YAML changes in just those
values, still passes `bianmin check`, and `bianmin diff` reports both. Nothing is requested from another host."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from site_support import launch, serving
from support import require

from generator.catalogue.check import check_catalogue
from generator.history.report import change_report
from generator.site.cms import BUNDLE, write_admin

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


@pytest.fixture
def project(tmp_path):
    """A working copy: the mini catalogue, committed, so `bianmin diff HEAD` can compare."""
    folder = tmp_path / "project"
    shutil.copytree(MINI, folder / "catalogue")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "start")
    return folder


@pytest.fixture
def local_backend(project):
    if not (ROOT / BUNDLE).is_file() or not SERVER.is_file() or not shutil.which("node"):
        pytest.skip("needs node, Decap CMS and decap-server (`make node-tools`)")
    port = free_port()
    env = dict(os.environ, BIND_HOST="127.0.0.1", PORT=str(port), GIT_REPO_DIRECTORY=str(project), LOG_LEVEL="error")
    server = subprocess.Popen(["node", str(SERVER)], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def admin(tmp_path, project, local_backend):
    site = tmp_path / "site"
    assert write_admin(site, project / "catalogue", bundle=ROOT / BUNDLE, local_port=local_backend) is None
    with serving(site) as url:
        yield url + "admin/"


def test_form_edits_reach_the_yaml_and_nothing_else(project, admin, local_backend):
    require("chromium")
    from playwright.sync_api import sync_playwright

    item_file, centre_file = project / "catalogue" / "items" / "dibao.yml", project / "catalogue" / "centres" / "tiandu-donghe.yml"
    before_item, before_centre = yaml.safe_load(item_file.read_text("utf-8")), yaml.safe_load(centre_file.read_text("utf-8"))
    allowed = (admin.rsplit("admin/", 1)[0], f"http://localhost:{local_backend}/")
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed)
                      else (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(admin)
        page.get_by_role("button", name="登录").click()  # the local backend needs no account
        page.goto(admin + "#/collections/items/entries/dibao")
        promised = page.locator("#" + page.locator("label", has_text=re.compile("^承诺办结时限$")).get_attribute("for"))
        promised.locator("input[type=number]").first.fill("30")
        publish(page)
        page.goto(admin + "#/collections/centres/entries/tiandu-donghe")
        page.reload()  # a fresh editor: Decap switching entries in place may show the last one's lists empty
        page.locator("label", has_text=re.compile("^哪几天")).first.wait_for()
        field_with_value(page, "08:00-12:00").fill("08:30-12:00")
        publish(page)
        browser.close()
    assert outside == [], f"requests left the site: {outside}"
    after_item, after_centre = yaml.safe_load(item_file.read_text("utf-8")), yaml.safe_load(centre_file.read_text("utf-8"))
    before_item["time_limit"]["promised"]["value"] = 30
    before_centre["hours"][0]["times"][0] = "08:30-12:00"
    assert after_item == before_item and after_centre == before_centre  # only those two values changed
    assert check_catalogue(project / "catalogue").ok
    report, ok = change_report(project / "catalogue", "HEAD")
    assert ok
    assert "承诺办结时限：28 个工作日 → 30 个工作日（时间变长）" in report
    assert re.search(r"开放时间：夏季（5月1日—9月30日） 周一至周六 08:00-12:00、15:00-18:00.*→ 夏季（5月1日—9月30日） 周一至周六 08:30-12:00", report)


def field_with_value(page, value: str):
    inputs = page.locator("input")
    for index in range(inputs.count()):
        if inputs.nth(index).input_value() == value:
            return inputs.nth(index)
    raise AssertionError(f"no field shows {value}")


def publish(page) -> None:
    """Decap's 发布 → 立即发布 (the local backend writes the file), then wait until it says it is saved."""
    page.get_by_role("button", name="发布").first.click()
    page.get_by_role("menuitem", name="立即发布").click()
    page.get_by_text("已发布").first.wait_for(timeout=20000)
    page.wait_for_timeout(500)


@pytest.mark.slow
def test_built_site_has_the_form_under_admin_with_nothing_from_outside(tmp_path_factory):
    if not (ROOT / BUNDLE).is_file():
        pytest.skip("needs Decap CMS (`make site` fetches it with npm)")
    require("chromium")
    from playwright.sync_api import sync_playwright
    from site_support import demo_site

    site = demo_site(tmp_path_factory)
    admin = site / "admin"
    assert (admin / BUNDLE.name).read_bytes() == (ROOT / BUNDLE).read_bytes()
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "zh_Hans"
    assert not re.search(r"(src|href)=\"(https?:)?//", (admin / "index.html").read_text("utf-8"))
    with serving(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name=re.compile("GitHub")).wait_for()  # the login page, in Chinese
        assert "登录" in page.inner_text("body")
        browser.close()
    assert outside == [], f"requests left the site: {outside}"
