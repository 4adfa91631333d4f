"""schema.org JSON-LD: a GovernmentService per item, an OfferCatalog per tier, a GovernmentOffice per centre.

Only properties that schema.org 30.0 defines for each type are used (tests read the vocabulary).
schema.org has no property for required documents or steps: those stay on the page and in catalogue.json.
"""
from __future__ import annotations

from typing import Any

from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre, Fee, Hours, Item
from ..catalogue.vocab import TIERS
from .encoding import Pieces, graph_bytes, item_records
from .linked import centre_url, full_name, iso_duration, item_url, season_dates, site_root, weekdays

CONTEXT = "https://schema.org"


# --- items ------------------------------------------------------------------------------------

def item_jsonld(catalogue: Catalogue, item: Item, page_url: str) -> dict:
    return {"@context": CONTEXT, **item_node(catalogue, item, page_url)}


def item_node(catalogue: Catalogue, item: Item, page_url: str) -> dict:
    node: dict[str, Any] = {
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
        "audience": None if item.audience is None else [{"@type": "Audience", "audienceType": a} for a in item.audience],
        "availableChannel": _channels(catalogue, item),
        "offers": None if item.fee is None else _offers(item.fee),
        "termsOfService": None if item.basis is None else "；".join(item.basis),
    }
    if item.aliases:
        node["alternateName"] = list(item.aliases)
    return known(node)


def known(node: dict) -> dict:
    """The node without the properties whose value is not known yet (a 基本信息 item's): left out, never empty."""
    return {key: value for key, value in node.items() if value is not None}


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
        channels.append(known({"@type": "ServiceChannel", "name": f"网上办理（{item.online_depth}）" if item.online_depth else "网上办理",
                               "serviceUrl": item.online_url, "processingTime": _processing_time(item),
                               "availableLanguage": "zh-CN"}))
    return channels


def _counter(catalogue: Catalogue, item: Item, tier: str) -> dict:
    role = item.role_at(tier)
    place = catalogue.county.tier_name(tier)
    return known({
        "@type": "ServiceChannel",
        "name": f"{place}{role.window.name if role.window else ''}（{role.role}）",
        "description": role.note or role.group,
        "serviceLocation": {"@type": "GovernmentOffice", "name": full_name(catalogue, place)},
        "servicePhone": {"@type": "ContactPoint", "telephone": item.consult_phone, "contactType": "咨询电话"},
        "processingTime": _processing_time(item),
        "availableLanguage": "zh-CN",
    })


def _processing_time(item: Item) -> str | None:
    return None if item.promised is None else iso_duration(item.promised)


def _offers(fee: Fee) -> list[dict]:
    if fee.free:
        return [{"@type": "Offer", "name": "不收费", "price": 0, "priceCurrency": "CNY"}]
    return [_fee_offer(f, fee.note) for f in fee.items]


def _fee_offer(f, note: str) -> dict:
    offer = {"@type": "Offer", "name": f.name, "priceCurrency": "CNY"}
    if isinstance(f.amount, (int, float)):
        offer["price"] = f.amount
    details = "；".join(x for x in (str(f.amount) if not isinstance(f.amount, (int, float)) else "", f.unit,
                                    f"收费依据：{f.basis}" if f.basis else "", f.reduction, note) if x)
    offer["description"] = details
    return offer


# --- centres ----------------------------------------------------------------------------------

def centre_jsonld(catalogue: Catalogue, centre: Centre, page_url: str) -> dict:
    return {"@context": CONTEXT, **centre_node(catalogue, centre, page_url)}


def centre_node(catalogue: Catalogue, centre: Centre, page_url: str) -> dict:
    """What the centre offers is its tier's OfferCatalog (by @id, defined once in the open-data file),
    minus the items it has suspended: those are its own offers, marked OutOfStock with the reason."""
    county = catalogue.county
    root = _site_root(page_url, addresses.centre_page(centre.id))
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
    return page_url[: -len(suffix)] if page_url.endswith(suffix) else site_root(page_url)


def _sibling(page_url: str, ident: str, other: str) -> str:
    """The page of another centre, from this centre's page URL (…/centres/<id>/)."""
    suffix = f"{ident}/"
    return page_url[: -len(suffix)] + f"{other}/" if page_url.endswith(suffix) else page_url


def tier_catalogue_id(root: str, tier: str) -> str:
    return f"{site_root(root)}data/schemaorg.jsonld#offers-{tier}"


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


# --- the whole catalogue as one document -------------------------------------------------------

def catalogue_graph(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict:
    """pieces: each item's node kept between builds (encoding.item_records)."""
    return {"@context": CONTEXT,
            "@graph": item_records(catalogue, site_url, lambda i: item_node(catalogue, i, item_url(site_url, i)), pieces)
            + [tier_catalogue(catalogue, site_url, tier) for tier in TIERS]
            + [centre_node(catalogue, c, centre_url(site_url, c)) for c in catalogue.centres]}


LABEL = "schema.org JSON-LD"
FILES = {"schemaorg.jsonld": "schema.org JSON-LD：每个事项一个 GovernmentService，每个层级一份可办事项清单（OfferCatalog），"
                            "每个中心一个 GovernmentOffice（暂停办理的事项标为 OutOfStock 并写明原因）"}


def files(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict[str, bytes]:
    return {"schemaorg.jsonld": graph_bytes(catalogue_graph(catalogue, site_url, pieces))}
