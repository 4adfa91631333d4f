"""“我的便民服务站” (my station): what the browser needs to say, on every item page, what the
resident's own station does with the item. Written once as assets/bianmin-stations.json:

    {"tiers": {tier: name}, "offers": {tier: [ids of the items that tier takes in or finishes]},
     "centres": [[id, name, tier, parent id, phone, hours, [paused item ids], {paused item id: why, since, until}], ...]}

and on each item page data-here (here_json): per tier, what happens there and where to go next
(tiers, nearest first), and where to go when the resident's own station has paused it. Every
sentence comes from catalogue/facts.py; the script only picks the resident's centres.

The picker (home page) stores the chosen station with its town and county centres in localStorage;
item pages read it from there, so they fetch nothing. The offers let the service worker keep the
guides of every item the station handles for use with no signal (site_src/sw.js). Without JavaScript nothing of this shows and
the full tier table on each page stays the answer.
"""
from __future__ import annotations

import json

from ..catalogue import facts
from ..catalogue.model import TIERS, Catalogue, Centre, Item


def centre_row(centre: Centre) -> list:
    hours = "；".join(str(h) for h in centre.hours)
    return [centre.id, centre.name, centre.tier, centre.parent_id, centre.phone, hours,
            [pause.item for pause in centre.pauses], {pause.item: facts.pause_text(pause) for pause in centre.pauses}]


def stations_json(catalogue: Catalogue) -> str:
    data = {"tiers": {t: catalogue.county.tier_name(t) for t in TIERS},
            "offers": {t: [i.id for i in catalogue.items if facts.takes_in(i, t)] for t in TIERS},
            "centres": [centre_row(c) for c in catalogue.centres]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def here_json(item: Item, heres) -> str:
    """{tier: {"say": sentence, "next": [tiers], "else": [tiers when paused here]}} for the page's script,
    from facts.here of each tier."""
    data = {}
    for here in heres:
        data[here.tier] = {"say": here.text, "next": list(here.next), "else": list(facts.where_else(item, here.tier))}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def manifest_json(catalogue: Catalogue) -> str:
    """Web app manifest: the site can be added to a phone's home screen."""
    name = f"{catalogue.county.name}便民服务指南"
    data = {"name": name, "short_name": "便民服务", "lang": "zh-CN", "start_url": "./", "scope": "./",
            "display": "standalone", "background_color": "#ffffff", "theme_color": "#3f51b5",
            "icons": [{"src": f"assets/icons/icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png", "purpose": "any"}
                      for s in (192, 512)]}
    return json.dumps(data, ensure_ascii=False, indent=1)
