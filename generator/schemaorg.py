"""schema.org JSON-LD: a GovernmentService per item, a GovernmentOffice per centre.

Only properties that schema.org 30.0 defines for each type are used (tests read the vocabulary).
schema.org has no property for required documents or steps: those stay on the page and in catalogue.json.
"""
from __future__ import annotations

import math
import re
from datetime import date

from .model import TIERS, Catalogue, Centre, Duration, Fee, Hours, Item

CONTEXT = "https://schema.org"
WEEKDAYS = "一二三四五六日"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def item_url(site_url: str, item: Item) -> str:
    return f"{_root(site_url)}items/{item.id}/"


def centre_url(site_url: str, centre: Centre) -> str:
    return f"{_root(site_url)}centres/{centre.id}/"


def _root(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def full_name(catalogue: Catalogue, name: str) -> str:
    """县民政局 → 扶风县民政局; 镇（街道）便民服务中心 → 扶风县镇（街道）便民服务中心."""
    county = catalogue.county.name
    return county + name[1:] if name.startswith("县") and county.endswith("县") else county + name


def iso_duration(d: Duration) -> str:
    """An ISO 8601 duration. ISO has no working-day unit: n 工作日 becomes the calendar days that
    n working days can span at most with weekends (n + 2·⌈n/5⌉); public holidays are not counted."""
    if d.unit == "工作日":
        return f"P{d.value + 2 * math.ceil(d.value / 5)}D"
    return f"P{d.value}D"


# --- items ------------------------------------------------------------------------------------

def item_jsonld(catalogue: Catalogue, item: Item, page_url: str) -> dict:
    return {"@context": CONTEXT, **item_node(catalogue, item, page_url)}


def item_node(catalogue: Catalogue, item: Item, page_url: str) -> dict:
    node = {
        "@type": "GovernmentService",
        "@id": f"{page_url}#service",
        "url": page_url,
        "name": item.name,
        "identifier": item.code or item.id,
        "description": item.summary or item.name,
        "serviceType": item.type,
        "category": item.category.name,
        "provider": _department(catalogue, item),
        "serviceOperator": [_operator(catalogue, t.tier) for t in item.tiers if t.level >= 2],
        "areaServed": area_served(catalogue),
        "audience": [{"@type": "Audience", "audienceType": a} for a in item.audience],
        "availableChannel": _channels(catalogue, item),
        "offers": _offers(item.fee),
        "termsOfService": "；".join(item.basis),
    }
    if item.aliases:
        node["alternateName"] = list(item.aliases)
    return node


def _department(catalogue: Catalogue, item: Item) -> dict:
    node = {"@type": "GovernmentOrganization", "name": full_name(catalogue, item.department.name)}
    if item.department.phone:
        node["telephone"] = item.department.phone
    return node


def _operator(catalogue: Catalogue, tier: str) -> dict:
    return {"@type": "GovernmentOrganization", "name": full_name(catalogue, catalogue.county.tier_name(tier))}


def area_served(catalogue: Catalogue) -> dict:
    county = catalogue.county
    node = {"@type": "AdministrativeArea", "name": f"{county.province}{county.city}{county.name}"}
    if county.division_code:
        node["identifier"] = county.division_code
    return node


def _channels(catalogue: Catalogue, item: Item) -> list[dict]:
    channels = [_counter(catalogue, item, t.tier) for t in item.tiers if t.level >= 2]
    if item.online_url:
        channels.append({"@type": "ServiceChannel", "name": f"网上办理（{item.online_depth}）" if item.online_depth else "网上办理",
                         "serviceUrl": item.online_url, "processingTime": iso_duration(item.promised),
                         "availableLanguage": "zh-CN"})
    return channels


def _counter(catalogue: Catalogue, item: Item, tier: str) -> dict:
    role = item.role_at(tier)
    place = catalogue.county.tier_name(tier)
    return {
        "@type": "ServiceChannel",
        "name": f"{place}{role.window.name if role.window else ''}（{role.role}）",
        "description": role.note or role.group,
        "serviceLocation": {"@type": "GovernmentOffice", "name": full_name(catalogue, place)},
        "servicePhone": {"@type": "ContactPoint", "telephone": item.consult_phone, "contactType": "咨询电话"},
        "processingTime": iso_duration(item.promised),
        "availableLanguage": "zh-CN",
    }


def _offers(fee: Fee) -> list[dict]:
    if fee.free:
        return [{"@type": "Offer", "name": "不收费", "price": 0, "priceCurrency": "CNY"}]
    return [_fee_offer(f, fee.note) for f in fee.items]


def _fee_offer(f, note: str) -> dict:
    offer = {"@type": "Offer", "name": f.name, "priceCurrency": "CNY"}
    if isinstance(f.amount, (int, float)):
        offer["price"] = f.amount
    details = "；".join(x for x in (str(f.amount) if not isinstance(f.amount, (int, float)) else "", f.unit,
                                    f"收费依据：{f.basis}", f.reduction, note) if x)
    offer["description"] = details
    return offer


# --- centres ----------------------------------------------------------------------------------

def centre_jsonld(catalogue: Catalogue, centre: Centre, page_url: str) -> dict:
    return {"@context": CONTEXT, **centre_node(catalogue, centre, page_url)}


def centre_node(catalogue: Catalogue, centre: Centre, page_url: str) -> dict:
    """What the centre offers is its tier's OfferCatalog (by @id, defined once in the open-data file),
    minus the items it has suspended: those are its own offers, marked OutOfStock with the reason."""
    county = catalogue.county
    root = _site_root(page_url, f"centres/{centre.id}/")
    node = {
        "@type": "GovernmentOffice",
        "@id": f"{page_url}#office",
        "url": page_url,
        "name": centre.name,
        "identifier": centre.id,
        "telephone": centre.phone,
        "address": {"@type": "PostalAddress", "streetAddress": centre.address, "addressLocality": county.name,
                    "addressRegion": f"{county.province}{county.city}", "addressCountry": "CN",
                    **({"postalCode": county.postal_code} if county.postal_code else {})},
        "openingHoursSpecification": [spec for h in centre.hours for spec in opening_hours(h, county.updated)],
        "areaServed": area_served(catalogue),
        "hasOfferCatalog": {"@id": tier_catalogue_id(root, centre.tier)},
    }
    if centre.coordinates:
        node["geo"] = {"@type": "GeoCoordinates", "latitude": centre.coordinates[0], "longitude": centre.coordinates[1]}
    parent = catalogue.parent(centre)
    if parent:
        node["parentOrganization"] = {"@type": "GovernmentOffice", "name": parent.name,
                                      "@id": f"{_sibling(page_url, centre.id, parent.id)}#office"}
    if centre.exceptions:
        node["makesOffer"] = [_suspended_offer(root, item, reason) for item, reason in catalogue.excepted(centre)]
    return node


def _site_root(page_url: str, suffix: str) -> str:
    return page_url[: -len(suffix)] if page_url.endswith(suffix) else _root(page_url)


def _sibling(page_url: str, ident: str, other: str) -> str:
    """The page of another centre, from this centre's page URL (…/centres/<id>/)."""
    suffix = f"{ident}/"
    return page_url[: -len(suffix)] + f"{other}/" if page_url.endswith(suffix) else page_url


def tier_catalogue_id(root: str, tier: str) -> str:
    return f"{_root(root)}data/schemaorg.jsonld#offers-{tier}"


def tier_catalogue(catalogue: Catalogue, site_url: str, tier: str) -> dict:
    """What every centre of a tier offers: each item it handles, with the tier's role."""
    offers = [{"@type": "Offer", "description": role.role, "itemOffered": {"@id": f"{item_url(site_url, item)}#service"}}
              for item in catalogue.items for role in [item.role_at(tier)] if role.level > 0]
    return {"@type": "OfferCatalog", "@id": tier_catalogue_id(site_url, tier),
            "name": f"{catalogue.county.tier_name(tier)}可办事项", "numberOfItems": len(offers), "itemListElement": offers}


def _suspended_offer(root: str, item: Item, reason: str) -> dict:
    return {"@type": "Offer", "name": f"{item.name}（暂停办理）", "availability": "https://schema.org/OutOfStock",
            "description": reason, "itemOffered": {"@type": "GovernmentService", "name": item.name, "@id": f"{item_url(root, item)}#service"}}


def opening_hours(h: Hours, updated: str = "") -> list[dict]:
    days = weekdays(h.days)
    if not days:
        return []
    valid = season_dates(h.period, updated)
    return [{"@type": "OpeningHoursSpecification", "name": str(h), "dayOfWeek": [f"https://schema.org/{d}" for d in days],
             "opens": span.split("-")[0], "closes": span.split("-")[1], **valid} for span in h.times]


def season_dates(period: str, updated: str) -> dict:
    """5月1日—9月30日 → validFrom/validThrough of the season's current or next run as of `updated`
    (the catalogue's date), so summer and winter hours do not overlap; {} when there is no period."""
    found = re.fullmatch(r"\s*(\d{1,2})月(\d{1,2})日\s*[—–~\-至到]+\s*(次年)?(\d{1,2})月(\d{1,2})日\s*", period)
    if not found or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated):
        return {}
    start_month, start_day, next_year, end_month, end_day = found.groups()
    try:
        for year in (int(updated[:4]) - 1, int(updated[:4])):
            start = date(year, int(start_month), int(start_day))
            end = date(year + bool(next_year), int(end_month), int(end_day))
            if end.isoformat() >= updated:
                return {"validFrom": start.isoformat(), "validThrough": end.isoformat()}
        return {"validFrom": date(year + 1, int(start_month), int(start_day)).isoformat(),
                "validThrough": date(year + 1 + bool(next_year), int(end_month), int(end_day)).isoformat()}
    except ValueError:  # 2月30日 and the like
        return {}


def weekdays(text: str) -> list[str]:
    """周一至周五 → Monday..Friday; 周六、周日 → Saturday, Sunday; 每天 → all seven."""
    if "每天" in text or "每日" in text:
        return list(DAY_NAMES)
    text = text.replace("周天", "周日")
    found: list[int] = []
    for start, end in re.findall(r"周([一二三四五六日])(?:\s*(?:至|到|—|-|~)\s*周([一二三四五六日]))?", text):
        first = WEEKDAYS.index(start)
        last = WEEKDAYS.index(end) if end else first
        found += [d for d in range(first, last + 1) if d not in found]
    return [DAY_NAMES[d] for d in sorted(found)]


# --- the whole catalogue as one document -------------------------------------------------------

def catalogue_graph(catalogue: Catalogue, site_url: str) -> dict:
    return {"@context": CONTEXT,
            "@graph": [item_node(catalogue, i, item_url(site_url, i)) for i in catalogue.items]
            + [tier_catalogue(catalogue, site_url, tier) for tier in TIERS]
            + [centre_node(catalogue, c, centre_url(site_url, c)) for c in catalogue.centres]}

