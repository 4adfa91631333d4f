"""A tier's volume (办事指南汇编): contents, then the guide of every item the tier handles, one
document with page numbers matching the contents and a bookmark per guide. Its data for volume.typ:
the guides are named here; their pages are the guides' own PDFs (laid out once), which the print
job hands to the engine with their number of pages."""
from __future__ import annotations

from ...catalogue.model import Catalogue, Item, TierRole
from .common import Source, county_lines, here_word

TEMPLATE = "volume.typ"
ROLE_HERE = {1: "咨询", 2: "受理·代办", 3: "审核", 4: "办结"}


def volume_title(catalogue: Catalogue, tier: str) -> str:
    return f"{catalogue.county.tier_name(tier)}办事指南汇编"


def title(catalogue: Catalogue, tier: str) -> str:
    return f"{catalogue.county.name}{volume_title(catalogue, tier)}"


def guided_offers(catalogue: Catalogue, tier: str) -> list[tuple[Item, TierRole]]:
    """What a centre of this tier handles when it has no exceptions and has a printed guide (an item
    below 办事指南 has none: guide.printable): the volume's guides."""
    return [(item, tr) for item, tr in catalogue.tier_offers(tier) if item.complete]


def codes(data: dict) -> list[str]:
    """None of its own: the guides' pages carry theirs."""
    return []


def data(source: Source, tier: str) -> dict:
    catalogue = source.catalogue
    contents: dict[str, list] = {}
    offers = guided_offers(catalogue, tier)
    for item, tr in offers:
        contents.setdefault(item.category.name, []).append({"id": item.id, "name": item.name, "role": ROLE_HERE[tr.level]})
    return {
        "title": title(catalogue, tier), "volume": volume_title(catalogue, tier), "county": county_lines(catalogue),
        "place": catalogue.county.tier_name(tier), "here": here_word(tier),
        "contents": [{"category": name, "rows": rows} for name, rows in contents.items()],
        "guides": [{"id": item.id, "name": item.name} for item, _ in offers],
    }
