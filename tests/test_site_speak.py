"""Read-aloud (朗读本页) in Chromium, with the browser's speech replaced by a recorder: an item page says
the title, where to go (the resident's own station when chosen), what to bring one material per
sentence, time and fee, and the phone, in that order; a centre page its name, address, phone and
hours first. Never a button's label, an id, the alias list, a table's header row or a symbol."""
from __future__ import annotations

import re

import pytest
from site_support import build, load, serving
from support import mini_with_basic_items

from generator.catalogue import facts

pytestmark = pytest.mark.browser

RECORDER = ("window.__spoken = []; window.speechSynthesis.speak = u => window.__spoken.push(u.text);"
            "window.speechSynthesis.cancel = () => {};")
# what the screen shows as buttons, links to other pages, headers of the materials table and the
# station box's own link: never said
NEVER = ("朗读本页", "停止朗读", "打印本页", "打印和数据", "下载", "PDF", "换一个", "选择我的便民服务站", "提意见",
         "也叫", "备齐", "形式和份数", "是否必要", "哪里来", "全县服务网点", "上墙公布表", "汇编封面")
SYMBOLS = re.compile(r"[✔✘○ⓘ→←●★☆■□▶]")


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(RECORDER)
    yield context.new_page()
    context.close()


def said(tab, url: str) -> str:
    tab.goto(url)
    tab.click("[data-bm-speak]")
    return tab.evaluate("window.__spoken.at(-1)")


def phone_said(number: str) -> str:
    """A phone number as read-aloud says it: digit by digit, a pause where the dash is."""
    return "，".join(" ".join(part) for part in number.split("-"))


def in_order(text: str, facts_said: list[str]) -> None:
    at = -1
    for fact in facts_said:
        found = text.find(fact, at + 1)
        assert found > at, f"{fact!r} not said after position {at}: {text}"
        at = found


def plain(text: str, ids: list[str], aliases_only_listed: list[str]) -> None:
    assert [w for w in NEVER if w in text] == [], text
    assert SYMBOLS.findall(text) == [], text
    assert [i for i in ids if i in text] == [], text
    assert re.findall(r"[a-z]{3,}", text) == [], text  # no id, file name or web address
    assert [a for a in aliases_only_listed if a in text] == [], text


def aliases_only_listed(tab, item) -> list[str]:
    """The item's aliases that the page shows only in its alias line (也叫：…)."""
    rest = tab.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('.bm-aliases, script').forEach(n => n.remove()); return a.textContent; }""")
    return [a for a in item.aliases if a not in rest]


def ids(catalogue) -> list[str]:
    return [i.id for i in catalogue.items] + [c.id for c in catalogue.centres]


def test_an_item_with_a_table_of_materials(tab, base, catalogue):
    item = catalogue.item("dibao")
    text = said(tab, base + "items/dibao/")
    assert text.startswith(item.name)
    in_order(text, [item.name, facts.start_finish_text(catalogue, item).rstrip("。"), "要带什么材料",
                    *[f"第 {n} 项，{m.name}：" for n, m in enumerate(item.materials, 1)],
                    f"承诺时限 {item.promised}", facts.trips(item).text, "不收费", phone_said(item.consult_phone)])
    plain(text, ids(catalogue), aliases_only_listed(tab, item))
    assert "材料。形式" not in text and text.count("第 1 项") == 1  # one sentence per material, no header row


def test_an_item_paused_at_my_station_says_where_to_go_instead(tab, base, catalogue):
    village = catalogue.centre("tiandu-donghe")
    item = catalogue.item(village.pauses[0].item)
    town = catalogue.parent(village)
    tab.goto(base)
    tab.click("[data-bm-pick-open]")
    tab.select_option("#bm-pick-town", town.id)
    tab.select_option("#bm-pick-village", village.id)
    tab.click("[data-bm-pick-save]")
    text = said(tab, base + f"items/{item.id}/")
    in_order(text, [item.name, "我的便民服务站", village.name, "暂停", town.name, phone_said(town.phone),
                    "要带什么材料", item.materials[0].name, item.materials[-1].name, "不收费", phone_said(item.consult_phone)])
    # the station box says where to go: the county-wide lead and the tier cards are not said as well
    assert facts.start_finish_text(catalogue, item).rstrip("。") not in text and "到哪里办" not in text
    assert text.count(facts.trips(item).text) == 1  # the box says the trips too
    plain(text, ids(catalogue), aliases_only_listed(tab, item))


def test_an_item_with_a_fee_and_two_trips(tab, base, catalogue):
    item = catalogue.item("linshi-shenfenzheng")
    text = said(tab, base + f"items/{item.id}/")
    fee = item.fee.items[0]
    in_order(text, [item.name, "要带什么材料", *[m.name for m in item.materials], f"承诺时限 {item.promised}",
                    facts.trips(item).text, fee.name, str(fee.amount), phone_said(item.consult_phone)])
    plain(text, ids(catalogue), aliases_only_listed(tab, item))


def test_a_centre_page(tab, base, catalogue):
    village = catalogue.centre("tiandu-donghe")
    text = said(tab, base + f"centres/{village.id}/")
    paused = catalogue.item(village.pauses[0].item)
    in_order(text, [village.name, "地址：" + village.address, "电话：" + phone_said(village.phone),
                    "办公时间：" + str(village.hours[0]), "暂不办理的事项", paused.name, "这里能办什么"])
    plain(text, ids(catalogue), [])


@pytest.fixture(scope="module")
def basic_site(tmp_path_factory):
    root = mini_with_basic_items(tmp_path_factory.mktemp("speak-basic"))
    with serving(build(root, root.parent / "site")) as url:
        yield load(root), url


def test_a_basic_information_item_says_where_to_ask_and_to_call_first(tab, basic_site):
    catalogue, url = basic_site
    item = catalogue.item("jiuye-kunnan")
    assert not item.complete
    text = said(tab, url + f"items/{item.id}/")
    in_order(text, [item.name, facts.start_finish_text(catalogue, item).rstrip("。"), "正在完善",
                    phone_said(item.consult_phone)])
    plain(text, ids(catalogue), aliases_only_listed(tab, item))
