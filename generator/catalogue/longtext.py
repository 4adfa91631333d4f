"""Clerk-written long text (an item's summary, FAQ answers): plain text, or simple Markdown —
paragraphs, bulleted and numbered lists, links.

Parsed once, here, with markdown-it-py (raw HTML off; no headings, images, code, tables or emphasis)
into blocks: plain data that the item page writes as HTML (site/html.py `long_text`) and the print
layouts hand to Typst as JSON (printing/templates/common.typ `long-text`), so the site and the paper
say the same thing. Blocks:

    {"p": [run, …]}            a paragraph
    {"ul": [[block, …], …]}    a bulleted list, each entry its own blocks ("ol": numbered)
    run = {"text": "…"} or {"text": "…", "link": "https://…"}

A link is kept only where safe_url allows it (http(s) or a path in the site); any other address
(javascript:, data:, …) leaves only its text. An image or a raw HTML tag stays the text it was
written as. Text with no Markdown in it is one paragraph holding the text exactly as written.
"""
from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import safe_url

_PARSER = MarkdownIt("zero", {"html": False}).enable(["list", "link", "image", "newline"])
LISTS = {"bullet_list_open": "ul", "ordered_list_open": "ol"}
CLOSING = {"list_item_close", "bullet_list_close", "ordered_list_close"}


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple:
    return tuple(_PARSER.parse(text))


def blocks(text: str) -> list[dict]:
    """The text as blocks (see the module's docstring); [] for empty text."""
    if not text.strip():
        return []
    root: list = []
    stack = [root]  # the list of blocks (or of list entries) being filled
    for token in _parsed(text):
        if token.type in LISTS:
            entries: list = []
            stack[-1].append({LISTS[token.type]: entries})
            stack.append(entries)
        elif token.type == "list_item_open":
            entry: list = []
            stack[-1].append(entry)
            stack.append(entry)
        elif token.type in CLOSING:
            stack.pop()
        elif token.type == "inline":
            stack[-1].append({"p": _runs(token.children or [])})
    return root


def is_plain(found: list[dict]) -> bool:
    """One paragraph of one run of text: no Markdown was found in it (shown as before)."""
    return len(found) == 1 and "p" in found[0] and len(found[0]["p"]) == 1 and "link" not in found[0]["p"][0]


def _runs(children: list[Token]) -> list[dict]:
    runs: list[dict] = []
    href: str | None = None
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
        elif child.type == "link_close":
            href = None
        elif child.type == "image":  # shown as the text it was written as, never fetched
            _add(runs, f"![{child.content}]({child.attrs.get('src', '')})", None)
        elif child.type in ("softbreak", "hardbreak"):
            _add(runs, "\n", None)
        else:
            _add(runs, child.content, href if href and safe_url(href) else None)
    return runs


def _add(runs: list[dict], text: str, href: str | None) -> None:
    """Joins text to the run before it when both are plain or both the same link."""
    if runs and runs[-1].get("link") == href:
        runs[-1]["text"] += text
    else:
        runs.append({"text": text, "link": href} if href else {"text": text})


def with_lead(lead: str, found: list[dict]) -> list[dict]:
    """The blocks with `lead` (答：) in front of the first paragraph, or as a paragraph of its own."""
    if found and "p" in found[0]:
        return [{"p": [{"text": lead}] + found[0]["p"]}] + found[1:]
    return [{"p": [{"text": lead}]}] + found
