"""Search for residents' everyday words (issue 12).

The public query set tests/fixtures/everyday-queries.yml (written before the search ran on it) goes
through the very file the site uses, site_src/assets/bianmin-search.js, in node with the demo's
index; a sample of it goes through the header search box in Chromium."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from site_support import load

from generator.site import search_terms

QUERIES = yaml.safe_load((Path(__file__).parent / "fixtures" / "everyday-queries.yml").read_text("utf-8"))
EVAL = Path(__file__).parent / "search_eval.js"


def run_node(tmp_path: Path, queries: list[dict]) -> list[list[str]]:
    """Top five item ids per query, from bianmin-search.js in node."""
    if not shutil.which("node"):
        pytest.skip("needs node")
    catalogue = load()
    (tmp_path / "index.json").write_text(search_terms.index_json(catalogue), "utf-8")
    (tmp_path / "pinyin.json").write_text(search_terms.pinyin_json(catalogue), "utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    done = subprocess.run(["node", str(EVAL), tmp_path / "index.json", tmp_path / "pinyin.json", tmp_path / "queries.json"],
                          capture_output=True, text=True, check=True)
    return [row["top"] for row in json.loads(done.stdout)]


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
])
def test_examples_from_the_issue_come_first(tmp_path, query, item):
    assert run_node(tmp_path, [{"q": query}])[0][0] == item


def test_question_words_alone_find_nothing(tmp_path):
    assert run_node(tmp_path, [{"q": "怎么办"}, {"q": "在哪办要带什么"}]) == [[], []]


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
