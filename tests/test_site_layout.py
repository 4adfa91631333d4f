"""Every page kind on every screen (issue 12): nothing of the header search results, no table and no
card outside the screen, at phone, tablet and desktop widths, in normal, large-text and high-contrast
modes; axe-core finds nothing serious with the search results open."""
from __future__ import annotations

from pathlib import Path

import pytest
from site_support import load

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
MODES = ["", "large", "contrast"]
PHONE_TO_DESKTOP = [360, 390, 412, 600, 768, 1280]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def page_kinds() -> list[str]:
    """One page of every kind the site has."""
    catalogue = load()
    county = catalogue.centres_at("county")[0]
    town = catalogue.centres_at("town")[0]
    village = catalogue.children(town)[0]
    return ["", "items/dibao/", f"centres/{county.id}/", f"centres/{town.id}/", f"centres/{village.id}/",
            "centres/", f"towns/{town.id}/", "categories/", f"categories/{catalogue.categories[0].id}/",
            f"situations/{catalogue.situations[0].id}/", "tiers/", "tiers/village/", "delegation/", "search/",
            "fields/", "data/", "help/", "no-such-page/"]


def open_tab(browser, base, width: int, mode: str):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    if mode:
        context.add_init_script(f'localStorage.setItem("bm-modes", JSON.stringify({{"{mode}": true}}))')
    return context, context.new_page()


def goto(page, url: str) -> None:
    """http.server answers an unknown path with its own 404; the site's 404 page is what a host serves."""
    if url.endswith("no-such-page/"):
        url = url.replace("no-such-page/", "404.html")
    page.goto(url)


def open_results(page, query: str = "补贴") -> None:
    page.fill("#bm-q", query)
    page.wait_for_function("q => (document.querySelector('.bm-search--header .bm-search__status') || {}).textContent"
                           "?.includes('“' + q + '”')", arg=query, timeout=10_000)


OUTSIDE = """() => {
  const w = innerWidth, h = innerHeight, bad = [];
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const label = e => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0] + ' «' + e.textContent.trim().slice(0, 16) + '»';
  const sel = 'article table, .bm-card, .bm-tier, .bm-search--header .bm-search__results:not([hidden]), '
            + '.bm-search--header .bm-search__results:not([hidden]) *';
  for (const e of document.querySelectorAll(sel)) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > w + 1) bad.push(label(e) + ' x ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const box = document.querySelector('.bm-search--header .bm-search__results:not([hidden])');
  if (box) { const r = box.getBoundingClientRect(); if (r.top < 0 || r.bottom > h + 1) bad.push('results y ' + Math.round(r.top) + '..' + Math.round(r.bottom)); }
  if (document.documentElement.scrollWidth > w + 1) bad.push('page wider than the screen: ' + document.documentElement.scrollWidth);
  return bad;
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", PHONE_TO_DESKTOP)
def test_header_search_results_stay_on_screen(browser, base, width, mode):
    context, page = open_tab(browser, base, width, mode)
    page.goto(base + "items/dibao/")
    open_results(page)
    assert page.evaluate(OUTSIDE) == []
    page.mouse.wheel(0, 600)  # the header sticks to the top; the results follow it
    page.wait_for_timeout(100)
    assert page.evaluate(OUTSIDE) == []
    context.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", [360, 390, 768, 1280])
def test_no_table_or_card_outside_the_screen(browser, base, width, mode):
    context, page = open_tab(browser, base, width, mode)
    found = {}
    for path in page_kinds():
        goto(page, base + path)
        if bad := page.evaluate(OUTSIDE):
            found[path] = bad[:3]
    context.close()
    assert found == {}


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_serious_with_results_open(browser, base, width, mode):
    context, page = open_tab(browser, base, width, mode)
    found = {}
    for path in page_kinds():
        goto(page, base + path)
        open_results(page)
        if bad := serious(page):
            found[path] = bad
    context.close()
    assert found == {}
