"""Ids for new items, made from the name in pinyin (最低生活保障 -> zuidi-shenghuo-baozhang), never reused."""
from __future__ import annotations

import logging
import re

from pypinyin import lazy_pinyin

MAX_LENGTH = 48
_segment = None


def _words(name: str) -> list[str]:
    global _segment
    if _segment is None:
        import jieba  # splits the name into words, so that the id reads as pinyin words

        jieba.setLogLevel(logging.WARNING)
        _segment = jieba.lcut
    return _segment(name)


def slug(name: str) -> str:
    parts = []
    for word in _words(name):
        letters = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(word)).lower())
        if letters:
            parts.append(letters)
    text = ""
    for part in parts:  # cut at a word boundary
        if text and len(text) + 1 + len(part) > MAX_LENGTH:
            break
        text = f"{text}-{part}" if text else part[:MAX_LENGTH]
    return text or "shixiang"


def unique(base: str, taken: set[str]) -> str:
    ident, number = base, 2
    while ident in taken:
        ident, number = f"{base}-{number}", number + 1
    taken.add(ident)
    return ident
