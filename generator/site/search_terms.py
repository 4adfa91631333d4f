"""Residents' words for search: aliases, pinyin and initials of every item.

Pagefind segments Chinese at index time (jieba) and in the browser (Intl.Segmenter) differently, so
a multi-word alias such as 特困供养 or a full name such as 特困人员救助供养 can find nothing. The site
therefore ships a small term list (assets/bianmin-terms.json, fetched once on the first search) that
the search box matches as substrings before Pagefind's results; the same words also go into each
item page's hidden keyword block, so Pagefind ranks the item first where its segmentation agrees.
"""
from __future__ import annotations

import json

from pypinyin import Style, lazy_pinyin

from ..catalogue.model import Catalogue, Item


def pinyin_words(term: str) -> list[str]:
    """dibao, db, dbsq (initials + 申请) for 低保; only plain ASCII letters and digits."""
    full = "".join(lazy_pinyin(term))
    initials = "".join(lazy_pinyin(term, style=Style.FIRST_LETTER))
    return [w for w in (full, initials, initials + "sq") if w.isascii() and w.isalnum()]


def item_terms(item: Item) -> list[str]:
    """Every word that should find this item: its name, its aliases and their pinyin, each once."""
    words = [item.name, *item.aliases]
    for term in (item.name, *item.aliases):
        words += pinyin_words(term)
    return sorted(set(words), key=words.index)


def terms_json(catalogue: Catalogue) -> str:
    """{"items": [[id, name], ...], "terms": [[word, item index], ...]}, stable order."""
    items = [[item.id, item.name] for item in catalogue.items]
    terms = [[word.lower(), number] for number, item in enumerate(catalogue.items) for word in item_terms(item)]
    return json.dumps({"items": items, "terms": terms}, ensure_ascii=False, separators=(",", ":"))
