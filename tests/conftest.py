"""pytest set-up only; shared helpers live in support.py (imported as `from support import ...`)."""
from __future__ import annotations

import os

import pytest
from platformdirs import user_cache_path
from site_support import demo_site as _demo_site
from site_support import launch, local_tab, serving
from support import require

# Each test process has a cache folder of its own, kept between runs: a full build prunes the entries it
# did not use, and a test process sharing one folder with another would prune the other's entries in the
# middle of its test (a volume then finds its guides gone).
os.environ.setdefault("BIANMIN_CACHE_DIR",
                      str(user_cache_path("bianmin", appauthor=False) / "tests" / os.environ.get("PYTEST_XDIST_WORKER", "main")))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo catalogue's site (no PDFs, no open data), built once per test run for every test that needs it."""
    return _demo_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base(demo_site):
    """The demo site served on 127.0.0.1 (a module may serve another site under the same name)."""
    with serving(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium that never reaches the network; per module, as Playwright's sync API allows one at a time."""
    require("chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base):
    """A fresh tab on the served site; the test fails if any request leaves it (tab.outside lists them)."""
    with local_tab(browser, base) as tab:
        yield tab
