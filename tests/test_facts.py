"""catalogue/facts.py and catalogue/addresses.py on their own: nearest first, unknown values said
as unknown (an item at the 基本信息 level), a window's phone only where it differs, every role
word explained in plain words. The audit (test_fact_audit.py) checks what the outputs make of them."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from site_support import load
from support import ROOT

from generator.catalogue import addresses, facts
from generator.catalogue.model import Pause, Post, TierRole, Window
from generator.catalogue.vocab import ROLE_LEVEL, ROLE_PLAIN, TIERS

UNUSUAL = ROOT / "tests" / "fixtures" / "unusual"


@pytest.fixture(scope="module")
def catalogue():
    return load(UNUSUAL)


def test_nearest_first_a_town_resident_goes_to_the_village_before_the_county():
    assert facts.nearest("town", ("county", "village")) == ("village", "county")
    assert facts.nearest("village", ("county", "town", "village")) == ("town", "county")
    assert facts.nearest("county", TIERS) == ("town", "village")


def test_an_item_only_asked_about_everywhere_is_said_unknown_never_guessed(catalogue):
    item = catalogue.item("xian-ban")
    asked = replace(item, tiers=tuple(TierRole(t.tier, "咨询", t.window) for t in item.tiers),
                    visits=None, fee=None, promised=None, steps=None, materials=None)
    assert facts.start_tier(asked) is None and facts.finish_tier(asked) is None
    assert facts.start_finish_text(catalogue, asked) == "可以先到村（社区）便民服务站咨询，去办理前请先打电话问清楚。"
    assert facts.here(catalogue, asked, "village").text == "在这里只能咨询，不能办：在哪里办还没有写明，请先打电话咨询。"
    assert facts.trips(asked).count is None and facts.trips(asked).text == "要跑几次还没有写明"
    assert facts.time_limit_text(asked) is None and facts.fee_text(asked) is None
    centre = catalogue.centre("tiandu-donghe")
    assert facts.at_centre(catalogue, asked, centre).go == ()


def test_trips_are_said_as_residents_say_them(catalogue):
    assert facts.trips(catalogue.item("zhen-ban")).text == "一次都不用跑"
    three = facts.trips(catalogue.item("daiban-shenhe"))
    assert three.text == "最多跑 3 次" and "第三次" in three.reason


def test_a_paused_item_says_why_since_and_until_and_where_to_go(catalogue):
    centre, item = catalogue.centre("tiandu-xicun"), catalogue.item("daiban-shenhe")
    at = facts.at_centre(catalogue, item, centre)
    assert at.pause and at.text.startswith("暂停办理（2026-11-01 起，预计 2027-02-28 恢复）：村民政专干岗位空缺")
    assert [p.centre.id for p in at.go if p.centre] == ["tiandu", "fufeng"]
    assert facts.pause_text(Pause("x", "站点装修中")) == "暂停办理：站点装修中"
    assert facts.pause_text(Pause("x", "站点装修中", until="2027-01-31")) == "暂停办理（预计 2027-01-31 恢复）：站点装修中"


def test_a_village_goes_to_its_own_town_unless_that_town_has_paused_it(catalogue):
    village, item = catalogue.centre("tiandu-donghe"), catalogue.item("zhen-ban")
    assert [p.centre.id for p in facts.at_centre(catalogue, item, village).go] == ["tiandu"]
    town = catalogue.centre("tiandu")
    paused_town = replace(town, pauses=(Pause("zhen-ban", "窗口调整"),))
    changed = replace(catalogue, centres=tuple(paused_town if c.id == "tiandu" else c for c in catalogue.centres))
    assert facts.at_centre(changed, item, changed.centre("tiandu-donghe")).go == ()


def test_window_phone_only_where_it_differs_from_the_centre(catalogue):
    town = catalogue.centre("tiandu")
    assert facts.window_phone(catalogue, town, town.window("labour-social-security")) == "0917-5310001"
    assert facts.window_phone(catalogue, town, town.window("civil-affairs")) is None  # the centre's own number
    assert facts.window_phone(catalogue, town, town.window("general")) is None  # no phone of its own
    assert facts.window_phone(catalogue, town, None) is None
    other = Window("general", "综合受理窗口", (Post("A岗", "专员", "0917-5319999"),))
    assert facts.window_phone(catalogue, town, other) is None  # the centre's own general window has no phone
    assert facts.phone_at(catalogue, catalogue.item("zhen-ban"), town) == "0917-5310001"


def test_every_role_word_has_plain_words_and_a_label():
    assert set(ROLE_PLAIN) == set(ROLE_LEVEL) and all(len(text) >= 4 for text in ROLE_PLAIN.values())
    assert all(word in facts.ROLE_LEGEND for word in ROLE_LEVEL if word != "不办理")


def test_a_centre_page_groups_what_it_only_advises_on_by_where_it_is_done(catalogue):
    groups = facts.advice(catalogue, catalogue.centre("tiandu"))
    assert [(g.text(catalogue), [i.id for i in g.items]) for g in groups] == [
        ("要到各村（社区）便民服务站办", ["cun-ban"]), ("要到扶风县政务服务中心（电话 0917-5210000）办", ["xian-ban"])]


def test_addresses():
    assert addresses.item_page("dibao") == "items/dibao/"
    assert addresses.relative(addresses.centre_page("tiandu"), 2) == "../../centres/tiandu/"
    assert addresses.absolute("https://x.org/bm/", addresses.item_guide_pdf("dibao")) == "https://x.org/bm/print/items/dibao.pdf"
    assert addresses.absolute("", addresses.volume_pdf("town")) == "/print/volumes/town.pdf"
    assert addresses.wall_chart_pdf("a") == "print/centres/a-wall.pdf" and addresses.booklet_cover_pdf("a") == "print/centres/a-booklet.pdf"
    assert addresses.source(addresses.item_page("dibao")) == "items/dibao.md"
    assert addresses.tier_page("town", "consult") == "tiers/town/#consult"
    assert Path(addresses.source(addresses.centre_page("x"))).parts == ("centres", "x.md")


def _said(catalogue, advice) -> list:
    return [(a.text(catalogue), [i.id for i in a.items]) for a in advice]


def test_advice_shared_by_a_towns_stations_says_for_each_what_its_own_items_say():
    """facts.advice works out one answer per tier and centre above, and leaves out a station's own
    paused items: each station still gets what its own items, worked out for it alone, say."""
    demo = load(ROOT / "catalogue")
    consulted = {c.id: [i for i, _ in demo.offers(c) if facts.section(i, c.tier) == "consult"] for c in demo.centres}
    village = next(c for c in demo.centres_at("village") if consulted[c.id] and not c.pauses)
    town = demo.parent(village)
    pauses = {village.id: (Pause(consulted[village.id][0].id, "窗口调整"),),
              town.id: (Pause(consulted[town.id][0].id, "装修"),)}
    changed = replace(demo, centres=tuple(replace(c, pauses=c.pauses + pauses.get(c.id, ())) for c in demo.centres))
    assert sum(bool(c.excepted_ids) for c in changed.centres) >= 4
    for centre in changed.centres:
        own = facts.advice_of(changed, centre, changed.offers(centre))
        assert _said(changed, facts.advice(changed, centre)) == _said(changed, own), centre.id
    paused_here = consulted[village.id][0].id
    assert paused_here not in [i for _, ids in _said(changed, facts.advice(changed, changed.centre(village.id))) for i in ids]
    assert paused_here in [i for _, ids in _said(demo, facts.advice(demo, village)) for i in ids]


def test_advice_is_worked_out_once_per_tier_and_centre_above(monkeypatch):
    """600 village stations under 30 towns: 30 answers, not 600 (nor one per set of paused items)."""
    demo = load(ROOT / "catalogue")
    worked: list = []
    real = facts.advice_of
    monkeypatch.setattr(facts, "advice_of", lambda catalogue, centre, offered: worked.append(centre.id) or real(
        catalogue, centre, offered))
    for centre in demo.centres:
        facts.advice(demo, centre)
    assert len(worked) == len({(c.tier, c.parent_id) for c in demo.centres}) < len(demo.centres)
    assert any(c.pauses for c in demo.centres)
