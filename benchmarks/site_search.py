"""Search engines compared on residents' own words: Pagefind (what the site uses) against Material's
built-in search (lang zh, jieba), on the demo catalogue, in headless Chromium.

    .venv/bin/python benchmarks/site_search.py [--limit N]

Queries: every alias (日常用语) of every item and the pinyin of each alias; the right answer is the
item(s) carrying that alias. Reports top-3 recall, the index size and the bytes a query fetches
(cold: a fresh browser profile loading the page, then one query; warm: each further query).
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from pypinyin import lazy_pinyin  # noqa: E402
from site_build import bianmin_build, plain_build, plain_project  # noqa: E402


def queries(catalogue) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for item in catalogue.items:
        for alias in item.aliases:
            for query in (alias, "".join(lazy_pinyin(alias))):
                wanted.setdefault(query, set()).add(item.id)
    return wanted


def item_ids(urls: list[str]) -> list[str]:
    found = []
    for url in urls:
        match = re.search(r"/items/([^/#]+)/", url)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


PAGEFIND = """async q => { const pf = await import('/pagefind/pagefind.js'); await pf.options({baseUrl: '/'});
  const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 8).map(x => x.data()));
  return d.map(x => x.url); }"""


def pagefind_top(page, query: str) -> list[str]:
    """Pagefind alone, through its JS API."""
    return page.evaluate(PAGEFIND, query)


def site_top(page, query: str) -> list[str]:
    """The site's search box: residents' term list first, then Pagefind (site_src/assets/bianmin.js)."""
    page.fill("#bm-q", query)
    page.wait_for_function("q => (document.querySelector('.bm-search--header .bm-search__status') || {}).textContent"
                           "?.includes('“' + q + '”')", arg=query, timeout=10_000)
    return page.eval_on_selector_all(".bm-search--header .bm-search__list a", "els => els.map(a => a.href)")


def material_top(page, query: str) -> list[str]:
    page.fill("input.md-search__input", query)
    page.dispatch_event("input.md-search__input", "keyup")  # Material searches on keyup, which fill() does not send
    page.wait_for_timeout(400)  # Material's worker answers within a few ms
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")


def measure(browser, base: str, wanted: dict[str, set[str]], top, open_search) -> dict:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(size(r)))
    page.goto(base)
    open_search(page)
    hits, misses, warm = 0, [], []
    for number, (query, items) in enumerate(wanted.items()):
        before = sum(fetched)
        got = item_ids(top(page, query))[:3]
        if number:
            warm.append(sum(fetched) - before)
        if set(got) & items:
            hits += 1
        else:
            misses.append(query)
    context.close()
    return {"recall@3": f"{hits}/{len(wanted)} = {hits / len(wanted):.0%}", "warm bytes/query (median)":
            sorted(warm)[len(warm) // 2] if warm else 0, "misses": misses[:25]}


def size(response) -> int:
    """Bytes of the body as served (http.server sends Content-Length, no compression)."""
    return int(response.headers.get("content-length", 0))


SEARCH_FILES = ("/pagefind/", "bianmin-terms.json", "search_index.json", "/workers/search")


def cold_bytes(browser, base: str, query: str, top, open_search) -> int:
    """Bytes of search files (engine, index, term list) a fresh browser fetches to answer one query,
    counting those loaded with the page (Material fetches its whole index on page load)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(size(r)) if any(f in r.url for f in SEARCH_FILES) else None)
    page.goto(base)
    open_search(page)
    top(page, query)
    context.close()
    return sum(fetched)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--only", choices=("site", "pagefind", "material"), help="measure one engine")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from site_support import launch, load, serving
    catalogue = load()
    wanted = queries(catalogue)
    if args.limit:
        wanted = dict(list(wanted.items())[:args.limit])
    with tempfile.TemporaryDirectory(prefix="bianmin-search-bench-") as tmp:
        tmp = Path(tmp)
        bianmin_build(ROOT / "catalogue", tmp / "ours")
        plain = plain_project(ROOT / "catalogue", tmp / "plain")
        plain_build(plain, search=True)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            with serving(tmp / "ours") as base:
                engines = (("site", "site search box (terms + pagefind)", site_top), ("pagefind", "pagefind alone", pagefind_top))
                for key, name, top in engines:
                    if args.only not in (None, key):
                        continue
                    result = measure(browser, base, wanted, top, lambda p: None)
                    result["cold bytes of search files, first query 低保"] = cold_bytes(browser, base, "低保", top, lambda p: None)
                    print(f"{name}:", result, flush=True)
            with serving(plain / "site") as base:
                if args.only not in (None, "material"):
                    return
                open_material = lambda p: (p.focus("input.md-search__input"), p.wait_for_timeout(3000))  # noqa: E731
                result = measure(browser, base, wanted, material_top, open_material)
                result["cold bytes of search files, first query 低保"] = cold_bytes(browser, base, "低保", material_top, open_material)
                print("material search (zh):", result)
            browser.close()


if __name__ == "__main__":
    main()
