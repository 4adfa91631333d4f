"""情形引导 and 一件事 in Chromium at 360 px (issue 22): answering an item's questions shows exactly that
path's checklist (checklists.page_data, pinned by the golden checklists), the answers stay in the
address and come back on reload and offline, printing gives one A4 page, without JavaScript every
material has its condition beside it, a life situation done as one event lists its steps and one
merged list; axe finds nothing serious; the added script stays under 10 KB gzip."""
from __future__ import annotations

import gzip
import json
import subprocess
import time

import pytest
from site_support import load, local_tab, serious_violations, serving
from support import ROOT, require

from generator.catalogue import checklists
from generator.site import questions_block

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
SCRIPT = ROOT / "site_src" / "assets" / "bianmin-questions.js"
GOLDEN = ROOT / "tests" / "golden" / "checklists"


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture
def phone(browser, base):
    """A 360 px wide tab that may not reach any other host."""
    with local_tab(browser, base, viewport=PHONE) as tab:
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        yield tab
        assert errors == []


def asked_items(catalogue):
    return [i for i in catalogue.items if i.questions]


def sample(catalogue) -> list[tuple]:
    """One path of every item with questions, a different one each time (first, second, …, wrapping)."""
    found = []
    for n, item in enumerate(asked_items(catalogue)):
        paths = checklists.answer_paths(item)
        found.append((item, paths[n % len(paths)]))
    return found


def golden(kind: str, ident: str) -> dict:
    """The golden checklists of an item (kind "items") or a life event ("bundles"): every path."""
    return json.loads((GOLDEN / kind / f"{ident}.json").read_text("utf-8"))


def key(path) -> str:
    return ";".join(f"{q}={o}" for q, o in path)


def shown(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all("[data-bm-q-mine] .bm-q__list li", """items => items.map(li =>
        [li.querySelector('label').textContent, li.querySelector('span').textContent])""")


def expected(record: dict) -> list[tuple[str, str, str]]:
    return [(m["name"], m["form"], f'{m["copies"]} 份' if m["copies"] else "只需出示") for m in record["materials"]]


def same_list(page, record: dict) -> bool:
    got = shown(page)
    return len(got) == len(record["materials"]) and all(
        name == got_name and form in said and copies in said for (name, form, copies), (got_name, said) in zip(expected(record), got))


def answer(page, path) -> None:
    for question, option in path:
        page.check(f'input[name="bm-q-{question}"][value="{option}"]')


def one_page(page, tmp_path) -> int:
    pdf = tmp_path / "notice.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(info.split("Pages:")[1].split()[0])


def test_answering_shows_exactly_that_paths_checklist_and_the_address_keeps_it(phone, base, catalogue, tmp_path):
    require("pdfinfo")
    for item, path in sample(catalogue):
        record = golden("items", item.id)["paths"][key(path)]
        phone.goto(base + f"items/{item.id}/")
        assert phone.is_visible(".bm-q__form") and not phone.is_visible("[data-bm-q-mine]")
        answer(phone, path)
        assert phone.is_visible("[data-bm-q-mine]"), item.id
        assert same_list(phone, record), (item.id, path, shown(phone))
        text = phone.inner_text("[data-bm-q-mine]")
        for fact in (record["go"], record["time"], record["fee"], *record["notes"]):
            assert fact is None or fact in text, (item.id, fact)
        assert phone.evaluate("decodeURIComponent(location.hash)") == "#" + key(path)
        assert not phone.is_visible("[data-bm-q-all] table")  # the full list gives way to the resident's
        phone.reload()
        assert same_list(phone, record), (item.id, "after reload")
        assert all(phone.is_checked(f'input[name="bm-q-{q}"][value="{o}"]') for q, o in path)
        assert one_page(phone, tmp_path) == 1, (item.id, path)


FOLLOW_UP = {  # page data as checklists.page_data writes it, with a question asked only after one answer
    "questions": [{"key": "who", "ask": "谁来办？", "help": None, "when": None,
                   "options": [{"key": "self", "label": "本人"}, {"key": "agent", "label": "家属代办"}]},
                  {"key": "kin", "ask": "代办人是什么关系？", "help": None, "when": {"q": "who", "a": "agent"},
                   "options": [{"key": "spouse", "label": "配偶"}, {"key": "other", "label": "其他亲属"}]}],
    "paths": {key: {"materials": materials, "tier": None, "own_station": False, "go": "到镇便民服务中心办。",
                    "time": "承诺即办", "fee": "不收费", "notes": []}
              for key, materials in (
                  ("who=self", [{"name": "身份证", "form": "原件", "copies": 1, "note": "", "required": True, "key": None}]),
                  ("who=agent;kin=spouse", [{"name": "结婚证", "form": "原件", "copies": 0, "note": "", "required": True, "key": "m"}]),
                  ("who=agent;kin=other", [{"name": "委托书", "form": "原件", "copies": 2, "note": "", "required": True, "key": "p"}]))}}


def test_a_later_question_appears_only_after_its_answer_and_a_shared_link_opens_the_same_list(browser, tmp_path):
    page_html = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>t</title><body><article>'
                 + questions_block.questions(FOLLOW_UP, "x", "0917-1") + f"<script>{SCRIPT.read_text('utf-8')}</script>")
    (tmp_path / "index.html").write_text(page_html, "utf-8")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    with serving(tmp_path) as here:
        page.goto(here)
        assert page.is_visible('fieldset[data-q="who"]') and not page.is_visible('fieldset[data-q="kin"]')
        page.check('input[name="bm-q-who"][value="agent"]')
        assert page.is_visible('fieldset[data-q="kin"]') and not page.is_visible("[data-bm-q-mine]")
        assert page.evaluate("location.hash") == "#who=agent"  # a half-answered link keeps what was answered
        page.check('input[name="bm-q-kin"][value="other"]')
        assert same_list(page, FOLLOW_UP["paths"]["who=agent;kin=other"])
        page.check('input[name="bm-q-who"][value="self"]')  # the follow-up is no longer asked
        assert not page.is_visible('fieldset[data-q="kin"]') and same_list(page, FOLLOW_UP["paths"]["who=self"])
        assert page.evaluate("location.hash") == "#who=self"
        shared = context.new_page()
        shared.goto(here + "#who=agent;kin=spouse")
        assert same_list(shared, FOLLOW_UP["paths"]["who=agent;kin=spouse"]) and "只需出示" in shared.inner_text(".bm-q__list")
        shared.goto(here + "#who=nobody")  # an answer the page does not know: asked again, nothing listed
        assert not shared.is_visible("[data-bm-q-mine]") and not shared.is_checked('input[value="self"]')
        page.click("[data-bm-q-reset]")
        assert not page.is_visible("[data-bm-q-mine]") and page.evaluate("location.hash") == ""
    context.close()


@pytest.mark.slow  # 58 prints: 30 s on a quiet machine
def test_every_path_prints_on_one_a4_page(phone, base, catalogue, tmp_path):
    """The done-when figure: every answer path of every item and life event, printed from the browser."""
    require("pdfinfo")
    pages = [(f"items/{i.id}/", p) for i in asked_items(catalogue) for p in checklists.answer_paths(i)]
    pages += [(f"situations/{b.stem}/", questions_block.parse(p)) for b in sorted((GOLDEN / "bundles").glob("*.json"))
              for p in golden("bundles", b.stem)["paths"]]
    over = []
    for address, path in pages:
        phone.goto(base + address + "#" + key(path))
        assert phone.is_visible("[data-bm-q-mine]"), (address, path)
        if one_page(phone, tmp_path) != 1:
            over.append((address, key(path)))
    assert over == [], f"{len(over)} of {len(pages)} paths print on more than one page"


def test_my_station_says_where_to_go(phone, base, catalogue):
    item, path = next((i, p) for i, p in sample(catalogue)
                      if golden("items", i.id)["paths"][key(p)]["tier"] == "village")
    town = catalogue.centres_at("town")[0]
    village = next(v for v in catalogue.children(town) if not v.exceptions and not v.pauses)
    record = {tier: {"id": c.id, "name": c.name, "tier": c.tier, "phone": c.phone, "hours": "", "except": [], "paused": {}}
              for tier, c in (("station", village), ("town", town), ("county", catalogue.centres_at("county")[0]))}
    phone.add_init_script(f"localStorage.setItem('bm-station', {json.dumps(json.dumps(record))})")
    phone.goto(base + f"items/{item.id}/#" + key(path))
    where = phone.inner_text("[data-bm-q-mine]")
    assert f"您去：{village.name}" in where and village.phone in where
    assert phone.get_attribute("[data-bm-q-mine] a[href*='centres/']", "href").endswith(f"centres/{village.id}/")


def test_read_aloud_reads_the_residents_list_not_the_form(phone, base, catalogue):
    item, path = sample(catalogue)[0]
    phone.add_init_script("window.__spoken = []; window.speechSynthesis.speak = u => window.__spoken.push(u.text);")
    phone.goto(base + f"items/{item.id}/#" + key(path))
    phone.click("[data-bm-speak]")
    spoken = phone.evaluate("window.__spoken[0]")
    record = golden("items", item.id)["paths"][key(path)]
    assert "您的一次性告知单" in spoken and "您的情况" in spoken and "重新回答" not in spoken
    assert all(m["name"] in spoken for m in record["materials"])


def test_the_checklist_opens_offline_after_the_visit(browser, base, catalogue):
    item, path = sample(catalogue)[1]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + f"items/{item.id}/")
    page.evaluate("navigator.serviceWorker.ready")
    deadline = time.monotonic() + 30
    while not page.evaluate("u => caches.match(u).then(r => !!r)", base + f"items/{item.id}/") and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    page.wait_for_timeout(500)  # the page's own script and style are kept in the same message
    context.set_offline(True)
    page.goto(base + f"items/{item.id}/#" + key(path))
    assert same_list(page, golden("items", item.id)["paths"][key(path)])
    context.close()


def test_without_javascript_every_material_is_listed_with_its_condition(browser, base, catalogue):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    for item in asked_items(catalogue)[:6]:
        data = golden("items", item.id)
        page.goto(base + f"items/{item.id}/")
        assert not page.is_visible(".bm-q__form")
        rows = page.eval_on_selector_all("[data-bm-q-all] tbody tr", "rows => rows.map(r => r.innerText)")
        assert len(rows) == len(item.materials)
        for material, row in zip(item.materials, rows):
            own = material.key or material.name
            listing = [k for k, r in data["paths"].items() if any((m["key"] or m["name"]) == own for m in r["materials"])]
            assert material.name in row
            if len(listing) < len(data["paths"]):  # needed only in some cases: the row says which
                labels = {o["label"] for q in data["questions"] for o in q["options"]
                          if any(f'{q["key"]}={o["key"]}' in k.split(";") for k in listing)}
                assert "要带" in row and any(label in row for label in labels), (item.id, material.name, row)
    context.close()


def test_a_life_event_lists_its_steps_in_order_and_one_merged_list(phone, base, catalogue):
    situation = next(s for s in catalogue.situations if (GOLDEN / "bundles" / f"{s.id}.json").exists())
    data = golden("bundles", situation.id)
    phone.goto(base + f"situations/{situation.id}/")
    steps = phone.eval_on_selector_all(".bm-q-steps > li > strong", "s => s.map(x => x.textContent)")
    assert steps == [s["name"] for s in data["steps"]]
    path, record = next(iter(data["paths"].items()))
    answer(phone, questions_block.parse(path))
    assert same_list(phone, record)
    names = [m["name"] for m in record["materials"]]
    assert len(names) == len(set(names))  # a material several steps need is listed once
    later = phone.inner_text(".bm-q__steps")
    for step in record["steps"]:
        for brought in step["from_steps"]:
            assert brought["material"] + "：第 " in later


def test_no_serious_accessibility_violation_on_an_item_with_questions(phone, base, catalogue):
    item, path = sample(catalogue)[0]
    for mode in ("", "large", "contrast"):
        tab = phone.context.new_page()
        if mode:
            tab.add_init_script(f'localStorage.setItem("bm-modes", JSON.stringify({{"{mode}": true}}))')
        tab.goto(base + f"items/{item.id}/")
        assert serious_violations(tab) == [], mode
        tab.goto(base + f"items/{item.id}/#" + key(path))
        tab.reload()
        assert tab.is_visible("[data-bm-q-mine]") and serious_violations(tab) == [], (mode, "answered")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (mode, width)
        tab.close()


def test_the_added_script_is_under_10_kb_gzip_and_asks_nothing_of_the_network():
    text = SCRIPT.read_text("utf-8")
    assert len(gzip.compress(text.encode("utf-8"), 9)) <= 10 * 1024
    assert "fetch(" not in text and "XMLHttpRequest" not in text and "http" not in text.replace("location.href", "")
