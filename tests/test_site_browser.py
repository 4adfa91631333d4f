"""The demo site in headless Chromium: accessibility (axe-core), no request leaving the site, residents'
own words found by the search box, reading modes remembered, read-aloud with stop, print without chrome."""
from __future__ import annotations

import re

import pytest
from pypinyin import lazy_pinyin
from site_support import load, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalogue():
    return load()


def axe_pages(catalogue) -> list[str]:
    """Home, an item, a village and a town page (the pages Lighthouse measures), and a tier page."""
    town = catalogue.centres_at("town")[0]
    village = catalogue.children(town)[0]
    return ["", "items/dibao/", f"centres/{village.id}/", f"centres/{town.id}/", "tiers/"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("mode", ["", "large", "contrast"])
def test_no_serious_accessibility_violation(page, base, catalogue, mode, width):
    page.set_viewport_size({"width": width, "height": 740})
    if mode:
        page.add_init_script(f'localStorage.setItem("bm-modes", JSON.stringify({{"{mode}": true}}))')
    found = {}
    for path in axe_pages(catalogue):
        page.goto(base + path)
        if bad := serious_violations(page):
            found[path] = bad
    assert found == {}


def expected_items(catalogue, query: str) -> set[str]:
    """The items a resident means: those whose colloquial name (or its pinyin) is the query."""
    return {i.id for i in catalogue.items
            if any(query in (alias, "".join(lazy_pinyin(alias))) for alias in i.aliases)}


@pytest.mark.parametrize("query", ["低保", "新农合", "准生证", "dibao", "残疾证", "种粮补贴", "特困供养", "补办残疾证"])
def test_residents_words_find_the_item_in_the_top_three(page, base, catalogue, query):
    wanted = expected_items(catalogue, query)
    assert wanted, f"no item in the catalogue is called {query}"
    page.goto(base + "centres/")
    page.fill("#bm-q", query)
    page.wait_for_selector(".bm-search--header .bm-search__list li a", timeout=10_000)
    hrefs = page.eval_on_selector_all(".bm-search--header .bm-search__list li a", "els => els.map(a => a.href)")
    top = {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs[:3]}
    assert top & wanted, (query, hrefs[:3])


def test_name_parts_and_initials_find_the_item(page, base, catalogue):
    item = next(i for i in catalogue.items if i.id == "dibao")
    page.goto(base)
    for query in (item.name[2:], "dbsq"):
        page.fill("#bm-home-q", query)
        page.wait_for_selector(f".bm-search--big .bm-search__status:has-text('{query}')", timeout=10_000)
        hrefs = page.eval_on_selector_all(".bm-search--big .bm-search__list li a", "els => els.map(a => a.href)")
        assert any(h.endswith(f"/items/{item.id}/") for h in hrefs[:3]), (query, hrefs[:3])


def test_official_names_find_their_item_first(page, base, catalogue):
    page.goto(base + "tiers/")
    for item in catalogue.items[::7]:
        page.fill("#bm-q", item.name)
        page.wait_for_selector(f".bm-search--header .bm-search__status:has-text('{item.name}')", timeout=10_000)
        first = page.eval_on_selector(".bm-search--header .bm-search__list li a", "a => a.href")
        assert first.endswith(f"/items/{item.id}/"), (item.name, first)


def test_reading_modes_are_switched_everywhere_and_remembered(page, base, catalogue):
    page.goto(base + "items/dibao/")
    page.click("[data-bm-mode=large]")
    page.click("[data-bm-mode=contrast]")
    assert page.get_attribute("[data-bm-mode=large]", "aria-pressed") == "true"
    page.goto(base + "tiers/")
    assert {"bm-large", "bm-contrast"} <= set(page.evaluate("document.documentElement.className").split())
    size, line = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('article p'));
        return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; }""")
    assert size >= 18 and line >= 1.5 * size
    town = catalogue.centres_at("town")[0]
    for path in ("tiers/", "", "items/dibao/", f"centres/{town.id}/", "tiers/village/"):  # folded lists too
        page.goto(base + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert smallest_text(page) >= 18, path
    colours = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours == "rgb(0, 0, 0)"
    page.click("[data-bm-mode=large]")
    page.goto(base)
    assert "bm-large" not in page.evaluate("document.documentElement.className")


def smallest_text(page) -> float:
    """The smallest font size of any visible text in the page's article."""
    return page.evaluate("""() => Math.min(...[...document.querySelectorAll('article *')]
        .filter(e => e.offsetParent !== null && !e.closest('.bm-keywords')
                && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")


def test_touch_targets_are_at_least_44px(page, base):
    page.goto(base + "items/dibao/")
    small = page.evaluate("""() => [...document.querySelectorAll('button, .bm-button, input, .md-nav__link, .bm-search__go')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim() || e.outerHTML.slice(0, 60),
                   (e.matches('input') && e.closest('label') || e).getBoundingClientRect()])  // a label is the input's target
        .filter(([, r]) => r.height < 44 || r.width < 44)
        .map(([t, r]) => t + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")
    assert small == []


def test_materials_fit_a_phone_screen_without_sideways_scrolling(page, base):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "items/dibao/")
    wrap = page.locator(".bm-materials-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    label = wrap.locator("td[data-label]").first.evaluate("e => getComputedStyle(e, '::before').content")
    assert "形式和份数" in label  # every value keeps its label on the card


def test_read_aloud_speaks_the_guide_and_stops(page, base):
    page.add_init_script("""window.__spoken = []; window.__cancelled = 0;
        window.speechSynthesis.speak = u => window.__spoken.push([u.text, u.lang]);
        window.speechSynthesis.cancel = () => { window.__cancelled += 1; };""")
    page.goto(base + "items/dibao/")
    page.click("[data-bm-speak]")
    text, lang = page.evaluate("window.__spoken[0]")
    assert lang == "zh-CN" and "最低生活保障" in text and "要带什么材料" in text and "dibao" not in text
    assert page.is_visible("[data-bm-speak-stop]") and not page.is_visible("[data-bm-speak]")
    cancelled = page.evaluate("window.__cancelled")
    page.click("[data-bm-speak-stop]")
    assert page.evaluate("window.__cancelled") == cancelled + 1
    assert page.is_visible("[data-bm-speak]")


def test_print_hides_the_site_chrome(page, base):
    page.goto(base + "items/dibao/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-banner', '.bm-tools']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none"] * 4
    assert page.is_visible("h1")


def test_read_aloud_on_list_and_centre_pages_pauses_between_cells(page, base, catalogue):
    page.add_init_script("window.__spoken = []; window.speechSynthesis.speak = u => window.__spoken.push(u.text);"
                         "window.speechSynthesis.cancel = () => {};")
    item = catalogue.items[0]
    page.goto(base + f"tiers/#{item.category.id}")  # its category's table opened
    page.click("[data-bm-speak]")
    text = page.evaluate("window.__spoken[0]")
    village = catalogue.county.tier_name("village")  # a row as one sentence, each cell with its column's header
    assert f"{item.name}，{village}：" in text and "朗读本页" not in text and "事项。" not in text
    town = catalogue.centres_at("town")[0]
    page.goto(base + f"centres/{town.id}/")
    page.click("[data-bm-speak]")
    text = page.evaluate("window.__spoken[0]")  # a new page: a new list
    assert town.name in text and "电话：" + "，".join(" ".join(part) for part in town.phone.split("-")) in text
    category = item.category
    tier = next(t for t in ("village", "town", "county") if item.role_at(t).level == 4)
    for opened in (True, False):  # of a folded list only its title is read, of an opened one every name
        page.goto(f"{base}tiers/{tier}/" + (f"#finish-{category.id}" if opened else ""))
        page.click("[data-bm-speak]")
        text = page.evaluate("window.__spoken[0]")
        assert category.name in text and bool(re.search(re.escape(item.name) + "[。，]", text)) == opened, text[:300]


def test_a_link_to_a_category_of_a_tier_page_opens_it_and_printing_unfolds_every_list(page, base, catalogue):
    """Tier pages fold each category (a real county's lists are a thousand names long); a centre page's
    link to one category opens that one only."""
    category = catalogue.items[0].category.id
    tier = next(t for t in ("village", "town", "county") if catalogue.items[0].role_at(t).level == 4)
    page.goto(f"{base}tiers/{tier}/#finish-{category}")
    opened = page.eval_on_selector_all("details[open]", "els => els.map(e => e.id)")
    assert opened == [f"finish-{category}"]
    assert page.is_visible(f"#finish-{category} a[href$='/items/{catalogue.items[0].id}/']")
    page.goto(f"{base}tiers/{tier}/")
    assert page.eval_on_selector_all("details[open]", "els => els.length") == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.eval_on_selector_all("details:not([open])", "els => els.length") == 0
