"""The site on a 360 px phone in Chromium (issue 20, part 5): searching works with no signal once the
site has been opened (no search needed first); the search error sits under the header; the results
on the home page and /search/ are part of the page; one results panel at a time; the footer grows in
large-text mode; the home page's title says the county's name once."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


def search(page, field: str, query: str) -> None:
    """Type a query as a resident does and wait for the answer in that field's results."""
    page.fill(field, query)
    page.wait_for_function("f => { const b = document.querySelector(f).form.querySelector('.bm-search__results');"
                           " return b && !b.hidden && b.textContent.length > 0; }", arg=field, timeout=10_000)


def shown_results(page) -> list[str]:
    return page.eval_on_selector_all(".bm-search__results:not([hidden])", "els => els.map(e => e.closest('form').className)")


def test_search_works_offline_after_a_first_visit_without_searching(context, base):
    page = context.new_page()
    page.goto(base)
    page.evaluate("navigator.serviceWorker.ready")
    data = [base + "assets/bianmin-search.json", base + "assets/bianmin-pinyin.json", base + "assets/bianmin-search.js"]
    deadline = time.monotonic() + 30
    while not all(page.evaluate("u => caches.match(u).then(r => !!r)", u) for u in data) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    context.set_offline(True)
    page.reload()
    search(page, "#bm-home-q", "低保")
    assert page.eval_on_selector_all(".bm-search--big .bm-search__list a", "els => els.map(a => a.href)")[0].endswith("/items/dibao/")


def rect(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }")


def test_the_search_error_sits_under_the_header(browser, base):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.goto(base + "items/dibao/")
    context.set_offline(True)  # never opened with a signal: the search data is not on the phone
    search(page, "#bm-q", "低保")
    box = rect(page, ".bm-search--header .bm-search__results")
    assert "搜索暂时不能用" in page.inner_text(".bm-search--header .bm-search__results")
    for covered in (".md-header", "#bm-q", "[data-bm-mode=large]", "[data-bm-mode=contrast]"):
        assert box["top"] >= rect(page, covered)["bottom"] - 1, covered
    context.close()


@pytest.mark.parametrize("path, field", [("", "#bm-home-q"), ("search/", "#bm-page-q")])
def test_results_are_part_of_the_page(context, base, path, field):
    page = context.new_page()
    page.goto(base + path)
    search(page, field, "补贴")
    box = ".bm-search--big .bm-search__results"
    assert page.eval_on_selector(box, "b => getComputedStyle(b).overflowY") == "visible"
    assert page.eval_on_selector(box, "b => b.scrollHeight <= b.clientHeight + 1 && b.clientHeight > innerHeight")
    more = page.locator(f"{box} .bm-search__more")
    more.scroll_into_view_if_needed()  # the page scrolls to it, not a box inside the page
    assert page.evaluate("scrollY") > 0
    assert page.eval_on_selector(f"{box} .bm-search__more", "m => m.previousElementSibling.matches('.bm-search__list')")
    more.click()
    assert page.locator(f"{box} .bm-search__more").count() == 0


@pytest.mark.parametrize("width", [360, 1280])
def test_one_results_panel_at_a_time(browser, base, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base)
    search(page, "#bm-home-q", "低保")
    search(page, "#bm-q", "残疾")
    assert shown_results(page) == ["bm-search bm-search--header"]
    search(page, "#bm-home-q", "高龄")
    assert shown_results(page) == ["bm-search bm-search--big"]
    context.close()


def test_the_footer_grows_in_large_text_mode(context, base):
    context.add_init_script('localStorage.setItem("bm-modes", JSON.stringify({"large": true}))')
    page = context.new_page()
    page.goto(base + "tiers/")  # a page with the footer's previous and next links
    sizes = page.evaluate("""() => [...document.querySelectorAll('.md-footer *')]
        .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 18, sizes


def test_the_home_title_says_the_county_once(context, base):
    page = context.new_page()
    page.goto(base)
    name = page.title()
    assert name.count("扶风县") == 1 and " - " not in name, name
    page.goto(base + "items/dibao/")
    assert page.title() == f"最低生活保障 - {name}"
