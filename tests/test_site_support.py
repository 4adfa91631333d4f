"""Helpers shared by the site tests (no tests here): the demo site built once per session, served on
127.0.0.1, and a headless Chromium that never reaches the network."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from conftest import CATALOGUE, ROOT

from generator import site
from generator.catalogue import load_catalogue

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


@contextlib.contextmanager
def serving(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
