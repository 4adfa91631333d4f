"""The site's pages: the catalogue as {path of a Markdown file: its text}, one module per page kind.

The site stage (build.py) writes them with prepare.write_pages before MkDocs (site/engine/) runs.
"""
from __future__ import annotations

from .. import export
from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre
from . import centre_page, feedback_page, field_reference, item_page, list_pages, quality_page, search_terms, station
from .extras import Extras
from .html import Offers, front_matter


def pages(catalogue: Catalogue, extras: Extras) -> dict[str, str]:
    """Every generated file of the site, keyed by its path: Markdown pages, search data, station data, manifest."""
    return dict(iter_pages(catalogue, extras))


def iter_pages(catalogue: Catalogue, extras: Extras):
    """(path, text) of every generated file, one at a time, so a big catalogue is never all in memory.

    No path comes twice: a detail page may never overwrite a list page (the checker refuses the ids
    that would, E-ID-RESERVED; this stops a build that skipped it)."""
    seen: set[str] = set()
    for path, text in _all_pages(catalogue, extras):
        if path in seen:
            raise ValueError(f"two pages would be written to {path}")
        seen.add(path)
        yield path, text


def _all_pages(catalogue: Catalogue, extras: Extras):
    yield "assets/bianmin-search.json", search_terms.index_json(catalogue)
    yield "assets/bianmin-pinyin.json", search_terms.pinyin_json(catalogue)
    yield "assets/bianmin-stations.json", station.stations_json(catalogue)
    yield "manifest.webmanifest", station.manifest_json(catalogue)
    excepted = excepted_centres(catalogue)
    for item in catalogue.items:
        yield addresses.source(addresses.item_page(item.id)), item_page.item_page(catalogue, item, extras, excepted.get(item.id, ()))
    shared: dict = {}  # 169 village stations mostly offer the same list: render it once
    offered = Offers(catalogue)
    for centre in catalogue.centres:
        yield addresses.source(addresses.centre_page(centre.id)), centre_page.centre_page(catalogue, centre, extras, shared, offered)
    yield from list_pages.list_pages(catalogue, extras).items()
    yield from reference_pages(catalogue, extras)


def reference_pages(catalogue: Catalogue, extras: Extras):
    """Pages other stages write: open data (export), fields (the schemas), change log (history)."""
    yield "data/index.md", export.data_page_markdown(catalogue)
    yield "fields.md", front_matter("字段说明") + field_reference.field_reference_markdown()
    yield addresses.source(addresses.FEEDBACK), feedback_page.feedback_page(catalogue)
    if quality_page.published(catalogue):
        yield addresses.source(addresses.QUALITY), quality_page.quality_page(catalogue, extras.pdf_links)
    if extras.changelog:
        yield "changes.md", front_matter("变更记录") + extras.changelog


def excepted_centres(catalogue: Catalogue) -> dict[str, tuple[tuple[Centre, str], ...]]:
    found: dict[str, list] = {}
    for centre in catalogue.centres:
        for ident, reason in centre.exceptions:
            found.setdefault(ident, []).append((centre, reason))
    return {k: tuple(v) for k, v in found.items()}

