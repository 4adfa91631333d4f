"""Pieces every page kind uses: escaping, front matter, links, badges, blocks, phone links, role words.

Pages are Markdown only in their frame (front matter, fixed headings); every piece of catalogue
text goes into HTML blocks through `esc`, so HTML or Markdown in a field shows as text.
"""
from __future__ import annotations

import functools
import html
import json

from ..catalogue import addresses, facts
from ..catalogue.model import Catalogue, Centre, Item, TierRole, safe_url


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def front_matter(title: str, updated: str = "", description: str = "", index: str = "") -> str:
    """YAML front matter; JSON strings are valid YAML. The title is escaped: Material prints it raw."""
    lines = ["---", f"title: {json.dumps(esc(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(esc(description), ensure_ascii=False)}")
    if updated:
        lines.append(f"updated: {json.dumps(updated)}")
    if index:  # pages Pagefind indexes (item, centre); Material's own `search` key is left alone
        lines.append(f"bm_index: {index}")
    return "\n".join(lines + ["---", ""])


def h1(title: str) -> str:
    return f'<h1 id="top">{esc(title)}</h1>\n'


def item_url(item: Item, depth: int) -> str:
    return addresses.relative(addresses.item_page(item.id), depth)


def centre_url(centre: Centre, depth: int) -> str:
    return addresses.relative(addresses.centre_page(centre.id), depth)


@functools.lru_cache(maxsize=65536)
def _safe(url: str) -> bool:
    return safe_url(url)  # a real-scale site links the same few thousand addresses 27,000 times


def link(url: str, text: str, cls: str = "") -> str:
    """A link, or only its text when the address is not http(s) or a path in the site (javascript:, data: …)."""
    if not _safe(url):
        return esc(text)
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(url)}"{attr}>{esc(text)}</a>'


def long_text(found: list[dict]) -> str:
    """Blocks of clerk-written long text (catalogue/longtext.py) as HTML: <p>, <ul>, <ol>, links."""
    out = []
    for part in found:
        if "p" in part:
            out.append("<p>" + "".join(link(r["link"], r["text"]) if "link" in r else esc(r["text"]) for r in part["p"]) + "</p>")
        else:
            tag = "ul" if "ul" in part else "ol"
            out.append(f"<{tag}>" + "".join(f"<li>{long_text(entry)}</li>" for entry in part[tag]) + f"</{tag}>")
    return "".join(out)


def badge(text: str, kind: str = "") -> str:
    return f'<span class="bm-badge{" bm-badge--" + kind if kind else ""}">{esc(text)}</span>'


def ul(entries, cls: str = "") -> str:
    """entries are HTML already."""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul>"


def block(inner: str, cls: str = "", attrs: str = "") -> str:
    """A raw HTML block Markdown leaves alone: starts with a block tag, no blank line inside."""
    attr = f' class="{cls}"' if cls else ""
    return f"<div{attr}{attrs}>{inner}</div>\n\n"


def json_ld(data) -> str:
    if not data:
        return ""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, sort_keys=True)
    return json_script(text, "application/ld+json") + "\n\n"


def json_script(text: str, kind: str = "application/json", attrs: str = "") -> str:
    """JSON in a script element; < > & as \\u003c \\u003e \\u0026: no text can close the element or open a comment in it."""
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="{kind}"{attrs}>{text}</script>'


def tel(number: str) -> str:
    return f'<a href="tel:{esc(number.replace("-", "").replace("转", ","))}">{esc(number)}</a>'  # 转8001: dial, pause, 8001


SPEAK_BUTTONS = ('<button type="button" class="bm-button" data-bm-speak>朗读本页</button>'
                 '<button type="button" class="bm-button" data-bm-speak-stop hidden>停止朗读</button>')


def speak_tools() -> str:
    """Read-aloud and print buttons for a list page (bianmin.js reads the article with pauses)."""
    return block(SPEAK_BUTTONS + '<button type="button" class="bm-button" data-bm-print>打印本页</button>',
                 "bm-tools", " data-pagefind-ignore")


class Offers:
    """catalogue.offers(centre) and counts of it, kept per tier and set of exceptions:
    a county's 600 stations share a handful of offer lists (else 1,000 items × 600 stations, twice)."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.found: dict[tuple, tuple[tuple[Item, TierRole], ...]] = {}

    def __call__(self, centre: Centre) -> tuple[tuple[Item, TierRole], ...]:
        """catalogue.offers(centre): what the tier handles, minus the centre's exceptions."""
        key = (centre.tier, centre.excepted_ids)
        if key not in self.found:
            self.found[key] = self.catalogue.offers(centre)
        return self.found[key]

    def count(self, centre: Centre, *sections: str) -> int:
        """How many items the centre has in these sections of facts.SECTIONS."""
        does = facts.centre_does(self.catalogue, centre)
        return sum(len(does[key]) for key in sections)
