"""我的便民服务站 in Chromium (issue 12): chosen once on the home page (by town then village, or by
typing), remembered on the device; every item page then says what that station does with the item
and where to go otherwise, with phone and hours; the home page shows it first. Without JavaScript
the pages show the full tier table and nothing of this."""
from __future__ import annotations

import pytest
from site_support import load

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture
def page(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    tab = context.new_page()
    yield tab
    context.close()


def choose(page, base, town, village) -> None:
    page.goto(base)
    page.click("[data-bm-pick-open]")
    page.select_option("#bm-pick-town", town.id)
    page.select_option("#bm-pick-village", village.id)
    page.click("[data-bm-pick-save]")


def mine_text(page, base, item) -> str:
    page.goto(base + f"items/{item.id}/")
    return page.inner_text("[data-bm-mine]")


def test_chosen_station_says_what_it_does_with_each_item(page, base, catalogue):
    town = catalogue.centres_at("town")[0]
    village = next(v for v in catalogue.children(town) if not v.exceptions)
    choose(page, base, town, village)
    assert village.name in page.inner_text("[data-bm-pick]")
    assert page.inner_text("article").index("我的便民服务站") < page.inner_text("article").index("在哪里能办")
    does = next(i for i in catalogue.items if i.role_at("village").level >= 2)
    text = mine_text(page, base, does)
    assert village.name in text and village.phone in text and does.role_at("village").role in text
    assert str(village.hours[0]).split()[0] in text
    asks = next(i for i in catalogue.items if i.role_at("village").level == 1 and i.role_at("town").level >= 2)
    text = mine_text(page, base, asks)
    assert "只能咨询" in text and town.name in text and town.phone in text
    page.goto(base + "tiers/")  # remembered on the device, across pages
    assert mine_text(page, base, does).startswith("我的便民服务站")


def test_station_found_by_typing_its_name_and_its_pause_said_with_why_and_until_when(page, base, catalogue):
    village = catalogue.centre("tiandu-donghe")
    pause = village.pauses[0]
    item = catalogue.item(pause.item)
    assert pause.since and pause.until, "the demo's 东河村 低保 pause has its dates"
    page.goto(base)
    page.click("[data-bm-pick-open]")
    page.fill("#bm-pick-q", village.name)
    page.click("[data-bm-pick-save]")
    text = mine_text(page, base, item)
    assert village.name in text and "暂停办理" in text and pause.reason in text
    assert pause.since in text and pause.until in text
    town = catalogue.parent(village)
    assert town.name in text and town.phone in text  # where to go meanwhile: the town takes 低保 applications


def test_trips_said_truly_in_the_station_box(page, base, catalogue):
    """残疾人证: the station takes the papers, but the resident goes twice (once to a hospital)."""
    town = catalogue.centres_at("town")[0]
    village = next(v for v in catalogue.children(town) if not v.exceptions)
    choose(page, base, town, village)
    for ident in ("canjiren-zheng-xinban", "canjiren-zheng-huanling"):
        text = mine_text(page, base, catalogue.item(ident))
        assert "不用自己跑" not in text and "最多跑 2 次" in text and "医院" in text


def test_without_a_station_item_pages_invite_to_choose_one(page, base):
    assert "选择我的便民服务站" in mine_text(page, base, load().items[0])


def test_without_javascript_the_tier_table_is_the_answer(browser, base, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "items/dibao/")
    assert not page.is_visible("[data-bm-mine]")
    assert page.locator(".bm-tiers > li").count() == 3
    page.goto(base)
    assert not page.is_visible("[data-bm-pick]")
    context.close()
