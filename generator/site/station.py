"""“我的便民服务站” (my station): what the browser needs to say, on every item page, what the
resident's own station does with the item. Written once as assets/bianmin-stations.json:

    {"tiers": {tier: name}, "offers": {tier: [ids of the items that tier takes in or finishes]},
     "centres": [[id, name, tier, parent id, phone, hours, [excepted item ids]], ...]}

The picker (home page) stores the chosen station with its town and county centres in localStorage;
item pages read it from there, so they fetch nothing. The offers let the service worker keep the
guides of every item the station handles for use with no signal (site_src/sw.js). Without JavaScript nothing of this shows and
the full tier table on each page stays the answer.
"""
from __future__ import annotations

import json

from ..catalogue.model import TIERS, Catalogue, Centre, Item


def centre_row(centre: Centre) -> list:
    hours = "；".join(str(h) for h in centre.hours)
    return [centre.id, centre.name, centre.tier, centre.parent_id, centre.phone, hours,
            [ident for ident, _ in centre.exceptions]]


def stations_json(catalogue: Catalogue) -> str:
    data = {"tiers": {t: catalogue.county.tier_name(t) for t in TIERS},
            "offers": {t: [i.id for i in catalogue.items if i.role_at(t).level >= 2] for t in TIERS},
            "centres": [centre_row(c) for c in catalogue.centres]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def levels(item: Item) -> str:
    """village:2:代办|town:3:审核|county:4:审批 — what each tier does, for the page's script."""
    return "|".join(f"{tier}:{item.role_at(tier).level}:{item.role_at(tier).role}" for tier in TIERS)


def manifest_json(catalogue: Catalogue) -> str:
    """Web app manifest: the site can be added to a phone's home screen."""
    name = f"{catalogue.county.name}便民服务指南"
    data = {"name": name, "short_name": "便民服务", "lang": "zh-CN", "start_url": "./", "scope": "./",
            "display": "standalone", "background_color": "#ffffff", "theme_color": "#3f51b5",
            "icons": [{"src": f"assets/icons/icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png", "purpose": "any"}
                      for s in (192, 512)]}
    return json.dumps(data, ensure_ascii=False, indent=1)
