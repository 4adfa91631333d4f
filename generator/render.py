"""The render stage: the catalogue as the site's pages, {path of a Markdown file: its text}.

Pages are Markdown only in their frame (front matter, fixed headings); every piece of catalogue
text goes into HTML blocks through `esc`, so HTML or Markdown in a field shows as text.
The engine (MkDocs) is reached only through generator/mkdocs_plugin.py.
"""
from __future__ import annotations

import html
import json

from .model import Catalogue, Centre, Item
from .render_extras import Extras


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
    return f"{'../' * depth}items/{item.id}/"


def centre_url(centre: Centre, depth: int) -> str:
    return f"{'../' * depth}centres/{centre.id}/"


def link(url: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(url)}"{attr}>{esc(text)}</a>'


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
    text = text.replace("</", "<\\/")  # never closes the script element early
    return f'<script type="application/ld+json">{text}</script>\n\n'


def start_phrase(catalogue: Catalogue, item: Item) -> str:
    """One sentence a resident reads first: where they can start it, where it ends."""
    start, finish = item.start_tier, item.finishing_tier
    where = {"village": "在村（社区）便民服务站就能开始办", "town": "要到镇（街道）便民服务中心办",
             "county": "要到县政务服务中心办"}[start]
    if start == finish:
        return f"{where}，并且在那里办结。"
    return f"{where}，最后由{catalogue.county.tier_name(finish)}办结{'，不用自己跑县里' if finish == 'county' else ''}。"


def pages(catalogue: Catalogue, extras: Extras) -> dict[str, str]:
    """Every generated file of the site, keyed by its path: Markdown pages and the search term list."""
    return dict(iter_pages(catalogue, extras))


def iter_pages(catalogue: Catalogue, extras: Extras):
    """(path, text) of every generated file, one at a time, so a big catalogue is never all in memory."""
    from . import render_centre, render_item, render_lists, render_search, render_station
    yield "assets/bianmin-search.json", render_search.index_json(catalogue)
    yield "assets/bianmin-stations.json", render_station.stations_json(catalogue)
    yield "manifest.webmanifest", render_station.manifest_json(catalogue)
    yield "assets/bianmin-pinyin.json", render_search.pinyin_json(catalogue)
    excepted = excepted_centres(catalogue)
    for item in catalogue.items:
        yield f"items/{item.id}.md", render_item.item_page(catalogue, item, extras, excepted.get(item.id, ()))
    shared: dict = {}  # 169 village stations mostly offer the same list: render it once
    for centre in catalogue.centres:
        yield f"centres/{centre.id}.md", render_centre.centre_page(catalogue, centre, extras, shared)
    yield from render_lists.list_pages(catalogue, extras).items()
    yield from reference_pages(catalogue, extras)


def reference_pages(catalogue: Catalogue, extras: Extras):
    """Pages other stages write: open data (export), fields (the schemas), change log (history)."""
    from . import export, fieldref
    yield "data/index.md", export.data_page_markdown(catalogue)
    yield "fields.md", front_matter("字段说明") + fieldref.field_reference_markdown()
    if extras.changelog:
        yield "changes.md", front_matter("变更记录") + extras.changelog


def excepted_centres(catalogue: Catalogue) -> dict[str, tuple[tuple[Centre, str], ...]]:
    found: dict[str, list] = {}
    for centre in catalogue.centres:
        for ident, reason in centre.exceptions:
            found.setdefault(ident, []).append((centre, reason))
    return {k: tuple(v) for k, v in found.items()}

