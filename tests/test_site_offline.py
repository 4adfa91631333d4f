"""Offline use in Chromium (issue 12): with the network switched off, pages opened before, the
resident's station page and the guides of the items it handles still open; a page never opened says
so in Chinese. The site can be added to the home screen (manifest, icons)."""
from __future__ import annotations

import json
import time

import pytest
from site_support import load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def kept(page, url: str) -> bool:
    return page.evaluate("u => caches.match(u).then(r => !!r)", url)


def test_pages_open_with_the_network_off(browser, base):
    catalogue = load()
    town = catalogue.centres_at("town")[0]
    village = next(v for v in catalogue.children(town) if not v.exceptions)
    handled = [i for i in catalogue.items if i.role_at("village").level >= 2]
    never_opened = next(i for i in catalogue.items if i.role_at("village").level < 2)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "tiers/")
    page.evaluate("navigator.serviceWorker.ready")
    page.goto(base)
    page.click("[data-bm-pick-open]")
    page.select_option("#bm-pick-town", town.id)
    page.select_option("#bm-pick-village", village.id)
    page.click("[data-bm-pick-save]")
    wanted = [base + f"centres/{village.id}/", base + f"items/{handled[0].id}/", base + f"items/{handled[-1].id}/"]
    # the worker fetches them all at once and keeps each as it arrives, in no set order: wait for all
    # (each check is a page.evaluate, which awaits the Cache API's answer)
    deadline = time.monotonic() + 30
    while [url for url in wanted if not kept(page, url)] and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert [url for url in wanted if not kept(page, url)] == []

    context.set_offline(True)
    for path, title in ((f"centres/{village.id}/", village.name), (f"items/{handled[0].id}/", handled[0].name),
                        (f"items/{handled[-1].id}/", handled[-1].name), ("tiers/", "村、镇、县分别能办什么")):
        page.goto(base + path)
        assert page.inner_text("h1") == title, path
    styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert styled in ("sticky", "fixed")  # the theme's styles came from the kept copy too
    page.goto(base + f"items/{handled[0].id}/")
    assert village.name in page.inner_text("[data-bm-mine]")
    page.goto(base + f"items/{never_opened.id}/")
    assert "没有网络" in page.inner_text("h1")
    context.close()


def test_the_site_can_be_added_to_the_home_screen(demo_site, base, browser):
    manifest = json.loads((demo_site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert (demo_site / icon["src"]).is_file()
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "items/dibao/")
    assert page.get_attribute("link[rel=manifest]", "href").endswith("manifest.webmanifest")
    assert page.get_attribute("meta[property='og:title']", "content") == "最低生活保障"
    assert page.get_attribute("meta[property='og:image']", "content").endswith("icon-512.png")
    context.close()
