"""The booklet cover of a centre (A4, one page), put in front of its tier's shared volume: its data for cover.typ."""
from __future__ import annotations

from ...catalogue.model import Catalogue, Centre
from .common import Source, centre_head, own_code, paused_lines, volume_url
from .volume import volume_title

TEMPLATE = "cover.typ"
codes = own_code


def title(centre: Centre) -> str:
    return f"{centre.name} 办事指南汇编"


def _counts(catalogue: Catalogue, centre: Centre) -> dict:
    """How many items it handles or advises on, and how many of them have no printed guide yet."""
    offers = catalogue.offers(centre)
    return {"count": len(offers), "unguided": sum(1 for item, _ in offers if not item.complete)}


def data(source: Source, centre: Centre) -> dict:
    catalogue = source.catalogue
    return {
        **centre_head(source, centre), "title": title(centre), **_counts(catalogue, centre),
        "volume": volume_title(catalogue, centre.tier), "volume_url": volume_url(source, centre.tier),
        "paused": paused_lines(catalogue, centre),
    }
