"""Open Referral HSDS 3.0: valid against the compiled schemas (draft 2020-12, formats checked), stable UUIDs."""
from __future__ import annotations

import copy
import functools
import json
import uuid

import pytest
from export_support import BOTH, SITE, catalogue, standard_json
from jsonschema import Draft202012Validator

from generator.export import hsds, render_exports

COMPILED = "hsds-3.0/schema/compiled/"


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    """organization, service, service_at_location: the compiled schemas; location and taxonomy_term:
    the subschemas nested in the compiled ones (HSDS compiles no file of their own)."""
    if kind == "location":
        schema = standard_json(COMPILED + "service_at_location.json")["properties"]["location"]
    elif kind == "taxonomy_term":
        schema = standard_json(COMPILED + "service.json")["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    else:
        schema = standard_json(f"{COMPILED}{kind}.json")
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


FILES = {"organizations": "organization", "services": "service", "locations": "location",
         "service_at_location": "service_at_location", "taxonomy_terms": "taxonomy_term"}


def hsds_errors(stem: str, records: list) -> list[str]:
    check = validator(FILES[stem])
    return [f"{stem}[{n}].{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for n, record in enumerate(records) for e in check.iter_errors(record)]


def published(name: str) -> dict[str, list]:
    files = render_exports(catalogue(name), SITE, ["hsds"])
    assert sorted(files) == sorted(f"hsds/{stem}.json" for stem in FILES)
    return {stem: json.loads(files[f"hsds/{stem}.json"]) for stem in FILES}


def test_format_checking_is_on():
    """uuid, uri and date-time formats are really checked (the format extras are installed)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    assert {"uuid", "uri", "date-time", "date"} <= set(checker.checkers)
    assert not checker.conforms("not-a-uuid", "uuid") and not checker.conforms("no scheme", "uri")


@pytest.mark.parametrize("name", BOTH)
def test_every_file_validates_against_the_compiled_schemas(name):
    for stem, records in published(name).items():
        assert hsds_errors(stem, records) == [], stem


def test_package_schema_accepts_the_services_list():
    records = published("mini")["services"]
    package = Draft202012Validator(standard_json(COMPILED + "service_package.json"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(package.iter_errors(records)) == []


def test_schemas_reject_what_hsds_forbids():
    records = published("mini")
    location = copy.deepcopy(records["locations"][0])
    del location["addresses"][0]["state_province"]
    service = copy.deepcopy(records["services"][0])
    service["id"] = "dibao"
    service["url"] = "not a url"
    assert len(hsds_errors("locations", [location])) == 1
    assert len(hsds_errors("services", [service])) == 2


@pytest.mark.parametrize("name", BOTH)
def test_every_item_and_centre_once(name):
    cat = catalogue(name)
    records = published(name)
    assert [s["id"] for s in records["services"]] == [hsds.county_uid(cat, "service", i.id) for i in cat.items]
    assert [s["name"] for s in records["services"]] == [i.name for i in cat.items]
    assert [loc["external_identifier"] for loc in records["locations"]] == [c.id for c in cat.centres]
    pairs = [(s["location_id"], s["service_id"]) for s in records["service_at_location"]]
    assert pairs == [(hsds.county_uid(cat, "location", c.id), hsds.county_uid(cat, "service", i.id))
                     for c in cat.centres for i, _ in cat.offers(c)]


def test_ids_are_uuid5_unique_and_stable():
    first, second = published("demo"), published("demo")
    ids = [r["id"] for records in first.values() for r in records]
    assert len(ids) == len(set(ids))
    assert all(uuid.UUID(i).version == 5 for i in ids)
    assert ids == [r["id"] for records in second.values() for r in records]
    cat = catalogue("demo")
    assert hsds.county_uid(cat, "service", "dibao") == str(uuid.uuid5(hsds.NAMESPACE, f"service:{cat.county.id}/dibao"))
    for name in ("a", "村（社区）", "x" * 300):
        assert hsds.uid("kind", name) == str(uuid.uuid5(hsds.NAMESPACE, f"kind:{name}"))


def test_references_point_to_published_records():
    records = published("demo")
    organizations = {o["id"] for o in records["organizations"]}
    services, locations = {s["id"] for s in records["services"]}, {loc["id"] for loc in records["locations"]}
    terms = {t["id"]: t["code"] for t in records["taxonomy_terms"]}
    assert all(s["organization_id"] in organizations for s in records["services"])
    assert all(loc["organization_id"] in organizations for loc in records["locations"])
    assert all(link["service_id"] in services and link["location_id"] in locations for link in records["service_at_location"])
    attributes = [a for stem in ("services", "service_at_location") for r in records[stem] for a in r["attributes"]]
    assert all(terms[a["taxonomy_term_id"]] == a["link_type"] for a in attributes)


def test_what_hsds_lacks_is_in_documented_attributes():
    cat = catalogue("mini")
    item = cat.item("dibao")
    service = next(s for s in published("mini")["services"] if s["name"] == item.name)
    values = {}
    for a in service["attributes"]:
        values.setdefault(a["link_type"], []).append(a["value"])
    assert values["legal_time_limit"] == [f"{item.legal.value} {item.legal.unit}"]
    assert values["promised_time_limit"] == [f"{item.promised.value} {item.promised.unit}"]
    assert values["legal_basis"] == list(item.basis)
    assert values["case_type"] == [item.case_type]
    links = [link for link in published("mini")["service_at_location"] if link["service_id"] == service["id"]]
    assert links and all(any(a["link_type"] == "window" for a in link["attributes"]) for link in links)
    assert set(hsds.TERMS) == {t["code"] for t in published("mini")["taxonomy_terms"]}


def test_an_extension_is_hsds_extension_not_part_of_the_number():
    from generator.export.hsds import _phone
    phone = _phone("centre", "0917-5212345转8001", "咨询电话")
    assert phone["number"] == "0917-5212345" and phone["extension"] == 8001
    assert "extension" not in _phone("centre", "13800000000", "咨询电话")
