"""A town's one-page A4 for the county's assessment (目录质量和下放情况): its stations' posts, phones
and what they take in, against the county's median; what is paused. Its data for quality.typ, from
catalogue/quality.py (the same figures as /quality/ and its tables). No QR code: the page may not
be published (county.yml quality_public)."""
from __future__ import annotations

from ...catalogue.model import Centre
from ...catalogue.quality import Report, Station, Town, report
from ...catalogue.quality import shown_text as number
from .common import Source, county_lines

TEMPLATE = "quality.typ"


def codes(data: dict) -> list[str]:
    return []


def _station(station: Station) -> dict:
    gaps = sum(len(w.gaps) for w in station.windows)
    return {"name": station.centre.name, "posts": station.posts, "due": 2 * len(station.windows),
            "phones": station.post_phones, "gaps": gaps, "starts": station.starts, "finishes": station.finishes,
            "advised": station.advised, "paused": len(station.paused)}


def _town(found: Report, centre: Centre) -> Town:
    return next(t for t in found.towns if t.centre.id == centre.id)


def data(source: Source, centre: Centre) -> dict:
    """centre: a town centre."""
    found = source.remembered("quality", lambda: report(source.catalogue))
    town = _town(found, centre)
    return {
        "county": county_lines(source.catalogue), "title": f"{centre.name} 目录质量和下放情况",
        "town": centre.name, "since": found.since,
        "medians": {"village_starts": number(town.village_starts), "village_finishes": number(town.village_finishes),
                    "county_village_starts": number(found.village_starts),
                    "county_village_finishes": number(found.village_finishes),
                    "town_starts": town.own.starts, "town_finishes": town.own.finishes,
                    "county_town_starts": number(found.town_starts), "county_town_finishes": number(found.town_finishes)},
        "complete": town.complete_stations, "stations": [_station(s) for s in town.stations],
        "paused": [{"station": s.centre.name, "name": p.item.name, "reason": p.pause.reason, "since": p.pause.since}
                   for s in town.stations for p in s.paused],
    }
