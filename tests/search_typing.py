"""The header search box as a resident uses it, in Chromium (no tests here; used by tests/test_site_search.py
and benchmarks/site_search.py).

Chinese is typed the way a pinyin IME types it: the syllables' letters one by one into a composition
(`Input.imeSetComposition`: compositionstart, compositionupdate and input events with isComposing), then
the characters committed (`Input.insertText`: the last input event and compositionend). Letters and digits
are typed as keys. What the box then shows is read back: the result links (item ids first) and whether it
says plainly that the county's list does not have the thing, with a phone to ask."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

CHINESE = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")
BOX = ".bm-search--header .bm-search__results"


def type_like_an_ime(page, cdp, query: str) -> None:
    """Clear the header box and type `query` into it as a pinyin IME would."""
    page.fill("#bm-q", "")
    page.focus("#bm-q")
    for run in CHINESE.findall(query):
        if not ("\u3400" <= run[0] <= "\u9fff"):
            page.keyboard.type(run)
            continue
        letters = "'".join(lazy_pinyin(run, style=Style.NORMAL, errors="ignore"))
        for end in range(1, len(letters) + 1):
            cdp.send("Input.imeSetComposition", {"text": letters[:end], "selectionStart": end, "selectionEnd": end})
        cdp.send("Input.insertText", {"text": run})


@dataclass
class Shown:
    links: list[str]     # every result's address, in order
    items: list[str]     # the ids of the item results, in order
    text: str            # everything the result box says
    phones: list[str]    # tel: links in the box

    @property
    def honest_none(self) -> bool:
        """No result at all, and a plain sentence that the list does not have it, with a phone to ask."""
        return not self.links and "没有" in self.text and bool(self.phones)


def search(page, cdp, query: str) -> Shown:
    """Type `query` and wait until the box shows what it found for exactly that query."""
    type_like_an_ime(page, cdp, query)
    assert page.input_value("#bm-q") == query
    page.wait_for_function("q => { const s = document.querySelector('" + BOX + " .bm-search__status');"
                           " return s && s.textContent.includes('“' + q + '”'); }", arg=query, timeout=10_000)
    links = page.eval_on_selector_all(BOX + " .bm-search__list a", "els => els.map(a => a.href)")
    phones = page.eval_on_selector_all(BOX + " a[href^='tel:']", "els => els.map(a => a.href)")
    items = [h.rstrip("/").rsplit("/", 1)[-1] for h in links if "/items/" in h]
    return Shown(links, items, page.inner_text(BOX), phones)


def score(page, queries: list[dict]) -> dict:
    """Top-1 and top-3 over the questions the list covers, honest rate over those it does not."""
    cdp = page.context.new_cdp_session(page)
    inside = [q for q in queries if q["want"] != "none"]
    outside = [q for q in queries if q["want"] == "none"]
    top1 = top3 = honest = nothing = 0
    misses, dishonest = [], []
    for query in queries:
        shown = search(page, cdp, query["q"])
        if query["want"] == "none":
            honest += shown.honest_none
            nothing += not shown.links
            if not shown.honest_none:
                dishonest.append(f"{query['q']} → {shown.items[:3] or shown.links[:3]}")
            continue
        top1 += bool(shown.items[:1] and shown.items[0] in query["want"])
        top3 += bool(set(shown.items[:3]) & set(query["want"]))
        if not (shown.items[:1] and shown.items[0] in query["want"]):
            misses.append(f"{query['q']} → {shown.items[:3]} (want {query['want']})")
    cdp.detach()
    return {"in the list": len(inside), "top-1": top1 / len(inside), "top-3": top3 / len(inside),
            "not in the list": len(outside), "honest": honest / len(outside),
            "no result shown": nothing / len(outside), "misses": misses, "dishonest": dishonest}
