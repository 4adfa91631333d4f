"""What the search box searches, written at build time as two static files (no outside request):

- assets/bianmin-search.json: per item its name, residents' words (aliases 日常用语 + search_words
  群众说法), summary's first 60 characters (the snippet: page text) and category/situation names; per centre its name; the county-wide synonyms (同义说法); whom to ask when no item answers a question (the county centre's phone and the hotline; the box adds the resident's own station). About 0.4 KB per item.
- assets/bianmin-pinyin.json: toneless pinyin of the 3,755 common characters (GB 2312 level 1) and of
  every character in the residents' words, {syllable: "usual|other"}: all readings of a character,
  its usual reading marked.
  The browser compares a query's pinyin with the words' pinyin: 低包 finds 低保, 新龙合 finds 新农合,
  dibao and dbsq find 低保.

The matching itself is site_src/assets/bianmin-search.js (the same file runs in node for the tests).
"""
from __future__ import annotations

import json
from functools import lru_cache

from pypinyin import Style, pinyin

from ..catalogue.model import Catalogue, Item


def item_words(item: Item) -> list[str]:
    """Residents' words for an item: aliases, then search_words, each once."""
    words = [*item.aliases, *item.search_words]
    return sorted(set(words), key=words.index)


SNIPPET = 60  # characters of the summary a result shows (and searched, with less weight than words)


def snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"


def index_data(catalogue: Catalogue) -> dict:
    items = [[item.id, item.name, "|".join(item_words(item)), snippet(item.summary),
              "|".join([item.category.name, *(s.name for s in item.situations)])] for item in catalogue.items]
    centres = [[c.id, c.name] for c in catalogue.centres]
    synonyms = [["|".join(words), "|".join(means)] for words, means in catalogue.county.synonyms]
    return {"items": items, "centres": centres, "synonyms": synonyms, "ask": whom_to_ask(catalogue)}


def whom_to_ask(catalogue: Catalogue) -> list[list[str]]:
    """[[who, phone]]: the county centre, then the hotline (12345) when the county has one."""
    ask = [[c.name, c.phone] for c in catalogue.centres_at("county")[:1]]
    if catalogue.county.hotline:
        ask.append(["政务服务便民热线", catalogue.county.hotline])
    return ask


def index_json(catalogue: Catalogue) -> str:
    return json.dumps(index_data(catalogue), ensure_ascii=False, separators=(",", ":"))


def common_characters() -> str:
    """GB 2312 level 1: the 3,755 most used characters, in pinyin order."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def catalogue_characters(catalogue: Catalogue) -> str:
    text = "".join(item.name + "".join(item_words(item)) for item in catalogue.items)
    text += "".join("".join(words + means) for words, means in catalogue.county.synonyms)
    return "".join(sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"}))


def pinyin_table(characters: str) -> dict[str, str]:
    """{syllable: "characters|characters"}: before the bar the characters whose usual reading it is,
    after it those that can also be read so. No tones; ü written v."""
    usual: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    for ch in dict.fromkeys(characters):
        readings = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isascii() and r.isalpha()]
        for number, reading in enumerate(dict.fromkeys(readings)):
            (other if number else usual).setdefault(reading, []).append(ch)
    return {s: "".join(usual.get(s, [])) + ("|" + "".join(other[s]) if s in other else "")
            for s in sorted(set(usual) | set(other))}


def pinyin_json(catalogue: Catalogue) -> str:
    return _pinyin_json(common_characters() + catalogue_characters(catalogue))


@lru_cache(maxsize=2)
def _pinyin_json(characters: str) -> str:
    """Kept: under serve each save makes the pages again, and the characters seldom change."""
    return json.dumps(pinyin_table(characters), ensure_ascii=False, separators=(",", ":"))
