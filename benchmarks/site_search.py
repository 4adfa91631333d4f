"""The site's search box on residents' everyday queries, in headless Chromium at phone size.

    .venv/bin/python benchmarks/site_search.py [--queries tests/fixtures/everyday-queries.yml]
    .venv/bin/python benchmarks/site_search.py --catalogue /tmp/big --limit 30   # speed at scale
    .venv/bin/python benchmarks/site_search.py --queries tests/fixtures/search-queries-tune.yml --ime

With --ime the queries are typed as a pinyin IME types them (tests/search_typing.py) and the report is
the search's honesty: top-1 / top-3 over the questions the list covers, and over the questions it does not
cover (want: none) the share answered honestly: no result, and a plain "not in this county's list" with a
phone to ask. Without it:

Builds the site (no PDFs, no open data) from the catalogue, opens /tiers/, types each query
into the header box and reads the results. Reports:
- top-1 / top-3: the share of queries whose expected item (the query file's `want`) is first / in
  the first three results (only with the demo catalogue, whose ids the query file names);
- bytes fetched by the first query (search code and data, as served, no compression) and by every
  later query;
- time from the last keystroke to the results on screen (the box waits 120 ms after the last
  keystroke, then searches): the first query (which fetches the data) and the median / slowest of
  the later ones.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TIMED = """q => new Promise(resolve => {
  const input = document.querySelector('#bm-q'), box = document.querySelector('.bm-search--header .bm-search__results');
  const done = () => { const s = box.querySelector('.bm-search__status');
    return s && s.textContent.includes('“' + q + '”') && !box.hidden; };
  input.value = q;
  const last = performance.now();
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const watch = () => done() ? resolve(performance.now() - last) : requestAnimationFrame(watch);
  watch();
})"""


def item_ids(hrefs: list[str]) -> list[str]:
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs if "/items/" in h]


def measure(base: str, queries: list[dict], browser) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(int(r.headers.get("content-length", 0))))
    page.goto(base + "tiers/")  # a page every catalogue has
    page.wait_for_load_state("networkidle")
    top1 = top3 = 0
    misses, times, later_bytes = [], [], []
    first_bytes = 0
    for number, query in enumerate(queries):
        before = sum(fetched)
        times.append(page.evaluate(TIMED, query["q"]))
        got = item_ids(page.eval_on_selector_all(".bm-search--header .bm-search__list a", "els => els.map(a => a.href)"))
        spent = sum(fetched) - before
        if number == 0:
            first_bytes = spent
        else:
            later_bytes.append(spent)
        want = set(query.get("want", ()))
        top1 += bool(got[:1] and got[0] in want)
        top3 += bool(set(got[:3]) & want)
        if want and not set(got[:3]) & want:
            misses.append(f"{query['q']} → {got[:3]}")
    context.close()
    later = times[1:] or [0]
    n = len(queries)
    return {"queries": n, "top-1": f"{top1}/{n} = {top1 / n:.1%}", "top-3": f"{top3}/{n} = {top3 / n:.1%}",
            "bytes, first query": first_bytes, "bytes, later queries (max)": max(later_bytes or [0]),
            "ms from last keystroke to results, first query": round(times[0]),
            "ms, later queries (median / slowest)": f"{statistics.median(later):.0f} / {max(later):.0f}",
            "misses": misses}


def honesty(base: str, queries: list[dict], browser) -> dict:
    from search_typing import score
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "tiers/")
    got = score(page, queries)
    context.close()
    return {key: f"{value:.1%}" if isinstance(value, float) else value for key, value in got.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue")
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "fixtures" / "everyday-queries.yml")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--ime", action="store_true", help="type as a pinyin IME and report top-1 / top-3 / honest")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from site_support import build, launch, serving
    queries = yaml.safe_load(args.queries.read_text("utf-8"))
    if args.limit:
        queries = queries[:args.limit]
    with tempfile.TemporaryDirectory(prefix="bianmin-search-bench-") as tmp:
        site_dir = build(args.catalogue, Path(tmp) / "site")
        with sync_playwright() as playwright, serving(site_dir) as base:
            browser = launch(playwright)
            for key, value in (honesty(base, queries, browser) if args.ime else measure(base, queries, browser)).items():
                print(f"{key}: {value}")
            browser.close()


if __name__ == "__main__":
    main()
