"""Helpers shared by the site tests (no tests here): the demo site built once per session, served on
127.0.0.1, and a headless Chromium that never reaches the network."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
import urllib.request
from pathlib import Path

from support import CATALOGUE, ROOT

from generator.catalogue.build import load_catalogue
from generator.catalogue.load import load_file
from generator.catalogue.yamlstyle import dump
from generator.site import build as site

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
_BUILT: dict = {}


def load(root: Path = CATALOGUE):
    catalogue, result = load_catalogue(root)
    assert catalogue is not None, f"the catalogue at {root} has problems: {result.problems[:3]}"
    return catalogue


def build(root: Path, site_dir: Path) -> Path:
    """Build like `bianmin build` without the open-data and PDF writers (other stages test those)."""
    site.build_site(load(root), root, ROOT / "mkdocs.yml", site_dir, writers=())
    return site_dir


def demo_site(tmp_path_factory) -> Path:
    """The demo catalogue's site, built once per test session."""
    if "demo" not in _BUILT:
        _BUILT["demo"] = build(CATALOGUE, tmp_path_factory.mktemp("demo") / "site")
    return _BUILT["demo"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that stops reading (a tab closed mid-download) is not a test failure: no traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def local_tab(browser, base: str, **options):
    """A fresh tab on the served site (context options such as viewport); the test fails if any request
    leaves it (tab.outside lists them)."""
    context = browser.new_context(**options)
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else (outside.append(route.request.url), route.abort()))
    tab = context.new_page()
    tab.outside = outside
    yield tab
    assert outside == [], f"requests left the site: {outside}"
    context.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's critical and serious findings on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("critical", "serious")]


def small_catalogue(tmp_path: Path) -> Path:
    """A copy of the demo with two items, one town and its villages, and HTML typed into fields."""
    root = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, root, ignore=shutil.ignore_patterns("items", "centres"))
    (root / "items").mkdir()
    (root / "centres").mkdir()
    catalogue = load()
    town = next(c for c in catalogue.centres_at("town") if any(ch.exceptions for ch in catalogue.children(c)))
    keep = [catalogue.centres_at("county")[0], town, *catalogue.children(town)]
    excepted = {ident for c in keep for ident, _ in c.exceptions}
    items = {i.id for i in catalogue.items[:1]} | excepted
    for ident in items:
        shutil.copy(CATALOGUE / "items" / f"{ident}.yml", root / "items")
    for centre in keep:
        shutil.copy(CATALOGUE / "centres" / f"{centre.id}.yml", root / "centres")
    county = load_file(root / "county.yml", "county.yml")[0].data
    for situation in county["situations"]:
        situation.pop("steps", None)  # life events (一件事) name items left out here
    (root / "county.yml").write_text(dump(county, "county"), "utf-8")
    return root


def fetch(url: str) -> str:
    """A page of a local server as text; "" while it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""
