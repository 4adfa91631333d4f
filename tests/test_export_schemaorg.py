"""schema.org JSON-LD: only properties schema.org 30.0 defines for each type, checked against the vocabulary file."""
from __future__ import annotations

import functools
import json

import pytest
from export_support import BOTH, SITE, catalogue, standard_json

from generator.catalogue.model import Duration
from generator.export import render_exports, schemaorg

VOCABULARY = "schemaorg-30.0/schemaorg-current-https.jsonld"


@functools.cache
def vocabulary() -> dict:
    return {node["@id"]: node for node in standard_json(VOCABULARY)["@graph"]}


def _ids(value) -> list[str]:
    if value is None:
        return []
    return [v["@id"] for v in (value if isinstance(value, list) else [value])]


@functools.cache
def superclasses(name: str) -> frozenset[str]:
    found, todo = {name}, [name]
    while todo:
        for parent in _ids(vocabulary().get(todo.pop(), {}).get("rdfs:subClassOf")):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


def vocabulary_errors(node, where: str = "$") -> list[str]:
    """Every property used on a typed node must be a current schema.org property whose domain
    includes the type (or a supertype); every typed value must fit the property's range."""
    if isinstance(node, list):
        return [e for n, value in enumerate(node) for e in vocabulary_errors(value, f"{where}[{n}]")]
    if not isinstance(node, dict):
        return []
    found = []
    kind = node.get("@type")
    if kind and f"schema:{kind}" not in vocabulary():
        found.append(f"{where}: schema.org has no type {kind}")
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if kind:
            found += _property_errors(kind, key, value, f"{where}.{key}")
        found += vocabulary_errors(value, f"{where}.{key}")
    return found


def _property_errors(kind: str, key: str, value, where: str) -> list[str]:
    prop = vocabulary().get(f"schema:{key}")
    if prop is None or "rdf:Property" not in str(prop.get("@type")):
        return [f"{where}: schema.org has no property {key}"]
    if prop.get("schema:supersededBy"):
        return [f"{where}: {key} is superseded by {_ids(prop['schema:supersededBy'])}"]
    if not superclasses(f"schema:{kind}") & set(_ids(prop.get("schema:domainIncludes"))):
        return [f"{where}: {key} is not defined for {kind}"]
    ranges = set(_ids(prop.get("schema:rangeIncludes")))
    values = value if isinstance(value, list) else [value]
    return [f"{where}: a {v['@type']} is not in the range of {key}" for v in values
            if isinstance(v, dict) and "@type" in v and not superclasses(f"schema:{v['@type']}") & ranges]


def test_checker_catches_properties_the_vocabulary_does_not_define_for_the_type():
    bad = {"@type": "GovernmentService", "name": "x", "processingTime": "P1D", "requiredDocuments": "身份证",
           "provider": {"@type": "Offer", "name": "wrong range"},
           "availableChannel": {"@type": "ServiceChannel", "price": 1}}
    found = vocabulary_errors(bad)
    assert len(found) == 4, found
    assert any("processingTime is not defined for GovernmentService" in e for e in found)
    assert any("no property requiredDocuments" in e for e in found)


@pytest.mark.parametrize("name", BOTH)
def test_every_item_page_uses_only_defined_properties(name):
    cat = catalogue(name)
    for item in cat.items:
        data = schemaorg.item_jsonld(cat, item, schemaorg.item_url(SITE, item))
        assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
        assert vocabulary_errors(data) == [], item.id


@pytest.mark.parametrize("name", BOTH)
def test_every_centre_page_uses_only_defined_properties(name):
    cat = catalogue(name)
    for centre in cat.centres:
        data = schemaorg.centre_jsonld(cat, centre, schemaorg.centre_url(SITE, centre))
        assert data["@type"] == "GovernmentOffice"
        assert vocabulary_errors(data) == [], centre.id


def test_item_has_provider_area_channels_with_processing_time_offers_in_cny_and_operator():
    cat = catalogue("mini")
    item = cat.item("dibao")
    data = schemaorg.item_jsonld(cat, item, schemaorg.item_url(SITE, item))
    assert data["provider"]["name"].endswith(item.department.name[1:])
    assert data["areaServed"]["name"].endswith(cat.county.name)
    assert data["serviceOperator"]
    channels = data["availableChannel"]
    assert len(channels) == sum(1 for t in item.tiers if t.level >= 2) + bool(item.online_url)
    assert all(c["processingTime"] == schemaorg.iso_duration(item.promised) for c in channels)
    assert "processingTime" not in data
    assert all(o["priceCurrency"] == "CNY" and "price" in o for o in data["offers"] if item.fee.free)


def test_fees_become_offers_with_price_in_cny():
    cat = catalogue("mini")
    charged = [i for i in cat.items if not i.fee.free]
    assert charged
    for item in charged:
        offers = schemaorg.item_jsonld(cat, item, schemaorg.item_url(SITE, item))["offers"]
        assert len(offers) == len(item.fee.items)
        for offer, fee in zip(offers, item.fee.items):
            assert offer["priceCurrency"] == "CNY"
            assert offer.get("price") == (fee.amount if isinstance(fee.amount, (int, float)) else None)


def test_centre_has_address_phone_and_opening_hours():
    cat = catalogue("demo")
    for centre in cat.centres:
        data = schemaorg.centre_jsonld(cat, centre, schemaorg.centre_url(SITE, centre))
        assert data["telephone"] == centre.phone
        assert data["address"]["streetAddress"] == centre.address and data["address"]["addressCountry"] == "CN"
        specs = data["openingHoursSpecification"]
        assert specs and all(s["opens"] < s["closes"] and s["dayOfWeek"] for s in specs), centre.id
        assert len(data["makesOffer"]) == len(cat.offers(centre))


@pytest.mark.parametrize("text, days", [
    ("周一至周五", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    ("周六、周日遇集日", ["Saturday", "Sunday"]),
    ("周六（轮值窗口）", ["Saturday"]),
    ("周二、周四至周五", ["Tuesday", "Thursday", "Friday"]),
    ("每天", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
])
def test_chinese_day_ranges(text, days):
    assert schemaorg.weekdays(text) == days


@pytest.mark.parametrize("period, updated, valid", [
    ("5月1日—9月30日", "2026-11-20", ("2027-05-01", "2027-09-30")),  # summer is over: next summer
    ("10月1日—次年4月30日", "2026-11-20", ("2026-10-01", "2027-04-30")),  # in winter now
    ("10月1日—次年4月30日", "2026-03-01", ("2025-10-01", "2026-04-30")),
    ("5月1日—9月30日", "2026-05-01", ("2026-05-01", "2026-09-30")),
])
def test_seasons_get_the_dates_of_their_current_or_next_run(period, updated, valid):
    assert schemaorg.season_dates(period, updated) == {"validFrom": valid[0], "validThrough": valid[1]}


def test_hours_without_a_readable_period_get_no_dates():
    assert schemaorg.season_dates("", "2026-11-20") == {}
    assert schemaorg.season_dates("农忙时节", "2026-11-20") == {}
    assert schemaorg.season_dates("2月30日—3月1日", "2026-11-20") == {}


@pytest.mark.parametrize("value, unit, iso", [(0, "工作日", "P0D"), (1, "工作日", "P3D"), (5, "工作日", "P7D"),
                                              (28, "工作日", "P40D"), (60, "自然日", "P60D")])
def test_durations_are_iso_8601_with_working_days_widened_over_weekends(value, unit, iso):
    assert schemaorg.iso_duration(Duration(value, unit)) == iso


def test_export_file_holds_every_item_and_centre_once():
    cat = catalogue("demo")
    graph = json.loads(render_exports(cat, SITE, ["schemaorg"])["schemaorg.jsonld"])["@graph"]
    services = [n["identifier"] for n in graph if n["@type"] == "GovernmentService"]
    offices = [n["identifier"] for n in graph if n["@type"] == "GovernmentOffice"]
    assert sorted(services) == sorted(i.code or i.id for i in cat.items)
    assert offices == [c.id for c in cat.centres]
    assert len({n["@id"] for n in graph}) == len(graph)
    assert vocabulary_errors(graph) == []
