"""Search for residents' everyday words (issue 12) that is honest when the list has no answer (issue 20).

The public query set tests/fixtures/everyday-queries.yml (written before the search ran on it) goes
through the very file the site uses, site_src/assets/bianmin-search.js, in node with the demo's
index; a sample of it goes through the header search box in Chromium. The held-out half of the
issue-20 set (tests/fixtures/search-queries-heldout.yml, never tuned on) is typed into the header box
in Chromium as a pinyin IME types it (tests/search_typing.py) and must meet the targets."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jieba
import pytest
import yaml
from search_typing import score, search
from site_support import load

from generator.site import search_terms

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = yaml.safe_load((FIXTURES / "everyday-queries.yml").read_text("utf-8"))
HELD_OUT = yaml.safe_load((FIXTURES / "search-queries-heldout.yml").read_text("utf-8"))
EVAL = Path(__file__).parent / "search_eval.js"


def node_rows(tmp_path: Path, queries: list[dict]) -> list[dict]:
    """Per query, from bianmin-search.js in node: top (five item ids), short (the query shortened as
    the search shortens it), widened (the catalogue words the county's synonyms added)."""
    if not shutil.which("node"):
        pytest.skip("needs node")
    catalogue = load()
    (tmp_path / "index.json").write_text(search_terms.index_json(catalogue), "utf-8")
    (tmp_path / "pinyin.json").write_text(search_terms.pinyin_json(catalogue), "utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    done = subprocess.run(["node", str(EVAL), tmp_path / "index.json", tmp_path / "pinyin.json", tmp_path / "queries.json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def run_node(tmp_path: Path, queries: list[dict]) -> list[list[str]]:
    """Top five item ids per query."""
    return [row["top"] for row in node_rows(tmp_path, queries)]


def test_the_query_set_is_large_and_covers_every_category():
    catalogue = load()
    items = {i.id: i for i in catalogue.items}
    assert len(QUERIES) >= 150
    assert all(w in items for q in QUERIES for w in q["want"])
    assert {items[q["want"][0]].category.id for q in QUERIES} == {c.id for c in catalogue.categories}


def test_everyday_queries_find_their_item_in_the_top_three(tmp_path):
    tops = run_node(tmp_path, QUERIES)
    misses = [(q["q"], top[:3]) for q, top in zip(QUERIES, tops) if not set(top[:3]) & set(q["want"])]
    assert len(misses) <= 0.05 * len(QUERIES), misses


@pytest.mark.parametrize(("query", "item"), [
    ("腿脚不好想要个轮椅", "canjiren-fuzhu-qiju"),   # an item word inside a sentence
    ("低包", "dibao"),                              # homophone typo
    ("新龙合", "jumin-yibao-canbao"),                # dialect n/l mix-up
    ("我要盖房", "zhaijidi-jianfang-shenpi"),         # question shape stripped
    ("dibao", "dibao"), ("dbsq", "dibao"),          # pinyin and initials
    ("屋里老人没了", "huimin-binzang"),               # county synonym 老人没了 -> 殡葬
    ("老人补贴", "gaoling-jintie"),                   # issue 20: not 惠民殡葬补贴 (老了人 shortened was 老人)
    ("家里穷申请低保", "dibao"),                      # issue 20: the word the resident wrote beats a synonym's
])
def test_examples_from_the_issue_come_first(tmp_path, query, item):
    assert run_node(tmp_path, [{"q": query}])[0][0] == item


def test_a_veteran_finds_the_veterans_subsidy(tmp_path):
    """Issue 20: 当过兵有啥补助 had the veterans' item 9th, behind 更多结果."""
    assert "tuiyi-shibing-jingji-buzhu" in run_node(tmp_path, [{"q": "当过兵有啥补助"}])[0][:3]


def test_questions_the_list_cannot_answer_find_no_item(tmp_path):
    """Issue 20's examples: each of them found unrelated items."""
    asked = ["怎么开无犯罪证明", "开小卖部办营业执照", "结婚登记在哪办", "办死亡证明", "户口本丢了", "娃打疫苗"]
    assert run_node(tmp_path, [{"q": q} for q in asked]) == [[]] * len(asked)


def test_question_words_alone_find_nothing(tmp_path):
    assert run_node(tmp_path, [{"q": "怎么办"}, {"q": "在哪办要带什么"}]) == [[], []]


COMMON = 50  # a word jieba's dictionary has seen at least this often is a common word
SAME_MEANING = {"出事了", "得病了"}  # shortened (出事, 得病) they still mean what the county meant


def common_words() -> set[str]:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    rows = (line.split() for line in dictionary.read_text("utf-8").splitlines())
    return {row[0] for row in rows if len(row) >= 2 and int(row[1]) >= COMMON}


def test_no_synonym_once_shortened_collides_with_a_common_word(tmp_path):
    """A county synonym shortened the way queries are (question particles and stop words out) must not
    turn a common word into the synonym's catalogue words: 老了人 shortened is 老人, and 老人补贴 and
    老人看病报销 were searched as funerals."""
    groups = [(set(words), set(means)) for words, means in load().county.synonyms]
    words = [(word, group) for group in groups for word in sorted(group[0])]
    shortened = node_rows(tmp_path, [{"q": word} for word, _ in words])
    common = common_words()
    clashes = [(row["short"], group) for (word, group), row in zip(words, shortened)
               if row["short"] != word and row["short"] in common and word not in SAME_MEANING
               and row["short"] not in group[0]]
    assert ("老人", groups[0]) in clashes  # the demo's list has such words: the check below checks something
    widened = node_rows(tmp_path, [{"q": short} for short, _ in clashes])
    collisions = [(short, sorted(means & set(row["widened"]))) for (short, (_, means)), row in zip(clashes, widened)
                  if means & set(row["widened"])]
    assert collisions == []


# ---- In Chromium: the real search box ---------------------------------------------------------

def header_results(page, query: str) -> list[str]:
    page.fill("#bm-q", query)
    page.wait_for_function("q => (document.querySelector('.bm-search--header .bm-search__status') || {}).textContent"
                           "?.includes('“' + q + '”')", arg=query, timeout=10_000)
    return page.eval_on_selector_all(".bm-search--header .bm-search__list a", "els => els.map(a => a.href)")


def ids(hrefs: list[str]) -> list[str]:
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs if "/items/" in h]


@pytest.mark.browser
@pytest.mark.slow
def test_the_search_box_finds_a_sample_of_the_query_set(page, base):
    page.goto(base + "items/dibao/")
    sample = QUERIES[::5]
    misses = [q["q"] for q in sample if not set(ids(header_results(page, q["q"]))[:3]) & set(q["want"])]
    assert len(misses) <= 0.05 * len(sample), misses


@pytest.mark.browser
@pytest.mark.slow
def test_held_out_questions_meet_the_targets(page, base):
    """Issue 20's targets on the held-out half, typed through a pinyin IME at 360 px: in-catalogue
    top-1 >= 90 %, top-3 >= 98 %; out-of-catalogue answered honestly (no result, "not in this county's
    list", a phone to ask) >= 90 %."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "tiers/")
    got = score(page, HELD_OUT)
    figures = {key: value for key, value in got.items() if key not in ("misses", "dishonest")}  # held out: no misses shown
    assert got["in the list"] >= 100 and got["not in the list"] >= 33
    assert got["top-1"] >= 0.90 and got["top-3"] >= 0.98 and got["honest"] >= 0.90, figures


@pytest.mark.browser
def test_a_question_not_in_the_list_says_so_and_whom_to_ask(page, base):
    catalogue = load()
    county = catalogue.centres_at("county")[0]
    town = catalogue.centres_at("town")[0]
    village = catalogue.children(town)[0]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base)
    cdp = page.context.new_cdp_session(page)
    shown = search(page, cdp, "怎么开无犯罪证明")
    assert shown.links == [] and shown.honest_none
    assert "本县便民服务事项里没有这件事" in shown.text
    assert [p.removeprefix("tel:") for p in shown.phones] == [county.phone.replace("-", ""), catalogue.county.hotline]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Escape")
    page.click("[data-bm-pick-open]")
    page.select_option("#bm-pick-town", town.id)
    page.select_option("#bm-pick-village", village.id)
    page.click("[data-bm-pick-save]")
    shown = search(page, cdp, "结婚登记在哪办")
    assert village.name in shown.text and shown.phones[0] == "tel:" + village.phone.replace("-", "")


@pytest.mark.browser
def test_snippets_are_page_text_and_more_results_show_the_rest(page, base):
    page.goto(base + "categories/")
    hrefs = header_results(page, "补贴")
    assert len(hrefs) == 8
    snippets = page.eval_on_selector_all(".bm-search--header .bm-search__list p", "ps => ps.map(p => p.textContent)")
    more = page.locator(".bm-search--header .bm-search__more")
    assert "更多结果" in more.inner_text()
    more.click()
    assert page.locator(".bm-search--header .bm-search__list li").count() > 8
    for href, snippet in zip(hrefs, snippets):
        page.goto(href)
        text = page.inner_text("article")
        assert snippet.rstrip("…") in text, (href, snippet)


@pytest.mark.browser
def test_a_village_name_finds_its_station(page, base):
    catalogue = load()
    village = catalogue.centres_at("village")[0]
    town = catalogue.parent(village)
    own = village.name.removeprefix(town.name.removesuffix("便民服务中心")).removesuffix("便民服务站")
    page.goto(base)
    assert any(h.endswith(f"/centres/{village.id}/") for h in header_results(page, own + "电话"))


@pytest.mark.browser
def test_search_fetches_its_data_once(page, base):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.replace(base, "")))
    page.goto(base)
    header_results(page, "低保")
    first = [u for u in fetched if "bianmin-search" in u or "bianmin-pinyin" in u]
    fetched.clear()
    header_results(page, "新农合")
    assert sorted(first) == ["assets/bianmin-pinyin.json", "assets/bianmin-search.js", "assets/bianmin-search.json"]
    assert fetched == []
