"""The web form at /admin/ in Chromium, against the local backend (decap-server on the working copy):
change an item's promised time limit and a centre's opening hours, save, and the YAML changes in just those
values (`git diff`: only those two lines), still passes `bianmin check`, and `bianmin diff` reports both. Nothing is requested from another host."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from site_support import fetch, launch, serious_violations, serving
from support import require

from generator.catalogue.check import check_catalogue
from generator.catalogue.report import as_text
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
    # and the first save of each file changed only the edited line: the files are in the form's style (bianmin format)
    assert changed_lines(project) == {
        "catalogue/items/dibao.yml": ["-    value: 28", "+    value: 30"],
        "catalogue/centres/tiandu-donghe.yml": ["-      - 08:00-12:00", "+      - 08:30-12:00"]}
    assert check_catalogue(project / "catalogue").ok
    report, ok = change_report(project / "catalogue", "HEAD")
    assert ok
    assert "承诺办结时限：28 个工作日 → 30 个工作日（时间变长）" in report
    assert re.search(r"开放时间：夏季（5月1日—9月30日） 周一至周六 08:00-12:00、15:00-18:00.*→ 夏季（5月1日—9月30日） 周一至周六 08:30-12:00", report)


def changed_lines(folder: Path) -> dict[str, list[str]]:
    """`git diff` of the working copy: per file, its removed and added lines."""
    diff = subprocess.run(["git", "diff", "-U0", "--no-color"], cwd=folder, check=True, capture_output=True, text=True).stdout
    found: dict[str, list[str]] = {}
    for line in diff.splitlines():
        if line.startswith("+++ b/"):
            file = found.setdefault(line[len("+++ b/"):], [])
        elif line[:1] in "+-" and not line.startswith(("---", "+++")):
            file.append(line)
    return found


@contextlib.contextmanager
def logged_in(admin: str, width: int = 1280, height: int = 1600):
    """Chromium on the form, logged in to the local backend (it needs no account)."""
    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(admin)
        page.get_by_role("button", name="登录").click()
        yield page
        browser.close()


def control(page, label: str, nth: int = 0):
    """The input of the nth field labelled `label` (Decap adds " (可选)" to the labels of optional fields)."""
    labels = page.locator("label", has_text=re.compile(f"^{re.escape(label)}( \\(可选\\))?$"))
    inputs = [labels.nth(i).get_attribute("for") for i in range(labels.count())]
    found = [i for i in inputs if page.locator(f'[id="{i}"]').evaluate("e => e.tagName") in ("INPUT", "TEXTAREA")]
    return page.locator(f'[id="{found[nth]}"]')


def choose(page, label: str, option: str, nth: int = 0) -> None:
    """Pick an option of a select field by the words it shows."""
    control(page, label, nth).fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def test_a_new_item_made_in_the_form_passes_the_check(project, admin):
    """A clerk's new item: the skeleton of `bianmin new item`, fee items, a material, windows and steps."""
    county = yaml.safe_load((project / "catalogue" / "county.yml").read_text("utf-8"))
    window = {tier: next(w["name"] for w in county["tiers"][tier]["windows"] if w["id"] == "civil-affairs")
              for tier in ("village", "town", "county")}
    with logged_in(admin) as page:
        page.goto(admin + "#/collections/items/new")
        control(page, "事项标识").fill("gaoling-butie")
        control(page, "事项名称").fill("高龄老人营养补贴")
        choose(page, "所属分类", "民政救助")
        choose(page, "实施主体 / 主管部门", "县民政局")
        choose(page, "事项类型", "行政给付")
        page.get_by_role("button", name="新增设定依据").click()
        control(page, "设定依据").fill("《陕西省高龄老人补贴办法》第五条")
        page.get_by_role("button", name="新增受理条件").click()
        control(page, "受理条件").fill("年满 80 周岁的本县户籍老人")
        control(page, "材料名称", 1).fill("高龄补贴申请表")  # the skeleton's second material, after 居民身份证
        for nth, tier in enumerate(("village", "town", "county")):
            choose(page, "窗口", window[tier], nth)
        control(page, "这一级用时（天）", 2).fill("10")  # the county's days
        control(page, "用时（天）", 3).fill("10")  # the county's step
        control(page, "天数", 0).fill("30")
        control(page, "天数", 1).fill("20")
        control(page, "到场原因").fill("需本人到场确认身份")
        page.get_by_text("收费（写明下面各项）").click()
        control(page, "收费项目").fill("证件工本费")
        control(page, "金额").fill("15")
        control(page, "计费单位").fill("元/证")
        control(page, "收费依据").fill("陕价费发〔2020〕12号")
        control(page, "结果名称").fill("高龄补贴")
        control(page, "咨询电话").fill("0917-5211203")
        preview = page.frame_locator("iframe").first.locator("body")
        assert "民政救助" in preview.inner_text() and "social-assistance" not in preview.inner_text()
        publish(page)
    saved = yaml.safe_load((project / "catalogue" / "items" / "gaoling-butie.yml").read_text("utf-8"))
    assert saved["fee"] == {"items": [{"name": "证件工本费", "amount": 15, "unit": "元/证", "basis": "陕价费发〔2020〕12号"}]}
    assert saved["materials"][0] == {"ref": "id-card", "form": "原件和复印件", "copies": 1}
    assert [s["tier"] for s in saved["steps"]] == ["applicant", "village", "town", "county"]
    assert saved["tiers"]["county"] == {"role": "审批", "window": "civil-affairs", "days": 10}
    result = check_catalogue(project / "catalogue")
    assert result.ok, as_text(result.problems)


@pytest.fixture
def serve_cms(tmp_path):
    """`bianmin serve --cms` on a copy of the mini catalogue: the preview's address once the form is there."""
    if not (ROOT / BUNDLE).is_file() or not SERVER.is_file() or not shutil.which("node"):
        pytest.skip("needs node, Decap CMS and decap-server (`make node-tools`)")
    shutil.copytree(MINI, tmp_path / "catalogue")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", tmp_path / "site_src")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / BUNDLE.parent).parent.mkdir(parents=True)
    (tmp_path / BUNDLE.parent).symlink_to(ROOT / BUNDLE.parent)
    preview, backend = free_port(), free_port()
    env = dict(os.environ, BIANMIN_CACHE_DIR=str(tmp_path / "cache"))
    with (tmp_path / "serve.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--cms", "--dev-addr", f"127.0.0.1:{preview}",
                                   "--cms-port", str(backend)], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{preview}/"
    try:
        deadline = time.time() + 300
        while f"localhost:{backend}" not in fetch(base + "admin/config.yml"):
            assert time.time() < deadline and server.poll() is None, (tmp_path / "serve.log").read_text("utf-8")[-2000:]
            time.sleep(1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_save_that_breaks_a_cross_field_rule_shows_the_problem_in_the_preview(serve_cms):
    """Step days over the promised limit: the form saves (only the checker sees both fields together), and
    the preview pane shows the check's Chinese message with the fix, under the field's name, read from the
    problems page `bianmin serve` keeps; mending it there shows the check passing."""
    with logged_in(serve_cms + "admin/", 390, 844) as page:
        page.goto(serve_cms + "admin/#/collections/items/entries/dibao")
        preview = page.frame_locator("iframe").first.locator("body")
        expect_text(preview, "已保存的内容检查通过")
        control(page, "用时（天）", 3).fill("20")  # the county's step: 0 + 3 + 15 + 20 = 38 days > 28 promised
        publish(page)
        expect_text(preview, "办理流程：各步骤用时合计 38 天，超过承诺时限 28 个工作日", seconds=120)
        assert "全部检查结果" in preview.inner_text()
        control(page, "用时（天）", 3).fill("10")
        publish(page)
        expect_text(preview, "已保存的内容检查通过", seconds=120)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_has_no_serious_axe_finding(admin, width):
    """The form a clerk works in, after logging in: the list, an item with fee items, a centre and a new item
    (Decap's icon-only buttons get names, its grey words a readable colour)."""
    pages = {"#/collections/items": "最低生活保障", "#/collections/items/entries/yibao-jiaofei": "收费项目",
             "#/collections/centres/entries/tiandu-donghe": "哪几天", "#/collections/items/new": "办理流程"}
    found = {}
    with logged_in(admin, width, 900) as page:
        for route, words in pages.items():
            page.goto(admin + route)
            page.reload()  # a fresh editor: Decap switching entries in place may show the last one's lists empty
            page.get_by_text(words).first.wait_for()
            page.wait_for_timeout(500)
            found[route] = serious_violations(page)
    assert found == {route: [] for route in pages}


def expect_text(locator, text: str, seconds: float = 15) -> None:
    deadline = time.time() + seconds
    while text not in locator.inner_text():
        assert time.time() < deadline, f"not shown: {text}\n{locator.inner_text()[:500]}"
        time.sleep(0.3)


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
def test_the_demo_build_publishes_no_form(tmp_path_factory):
    """The demo's mkdocs.yml configures no backend: a form there could never log in, so there is none."""
    from site_support import demo_site

    site = demo_site(tmp_path_factory)
    assert (site / "index.html").is_file() and not (site / "admin").exists()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_published_form_logs_in_with_gitlab_and_loads_nothing_from_outside(tmp_path, width):
    """GitLab's browser login (PKCE) needs no server: the login page, in Chinese, with no Decap logo,
    no request to another host before the clerk clicks, and axe finds nothing serious."""
    if not (ROOT / BUNDLE).is_file():
        pytest.skip("needs Decap CMS (`make site` fetches it with npm)")
    require("chromium")
    from playwright.sync_api import sync_playwright

    site = tmp_path / "site"
    assert write_admin(site, MINI, "https://git.fufeng.gov.cn/zwfw/bianmin", {"name": "gitlab", "app_id": "0123abcd"},
                       bundle=ROOT / BUNDLE) is None
    config = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["auth_type"] == "pkce" and config["publish_mode"] == "editorial_workflow"
    assert not re.search(r"(src|href)=\"(https?:)?//", (site / "admin" / "index.html").read_text("utf-8"))
    with serving(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": width, "height": 800})
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(base + "admin/")
        login = page.get_by_role("button", name=re.compile("GitLab"))
        login.wait_for()
        assert "登录" in login.inner_text()
        assert page.locator("svg:visible, img:visible").count() == 0  # no Decap logo
        assert serious_violations(page) == []
        browser.close()
    assert outside == [], f"requests left the site: {outside}"

