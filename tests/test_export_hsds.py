"""Open Referral HSDS 3.0: valid against the compiled schemas (draft 2020-12, formats checked), stable UUIDs."""
from __future__ import annotations

import copy
import functools
import json
import uuid

import pytest
from export_support import BOTH, SITE, catalogue, hands_in_or_decides, standard_json
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


FILES = {"organizations": "organization", "services": "service", "locations": "location", "taxonomy_terms": "taxonomy_term"}


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
    pairs = links(records)
    delivered = [(c, i) for c in cat.centres for i, role in cat.offers(c) if hands_in_or_decides(i, c.tier)]
    assert sorted(pairs) == sorted((hsds.county_uid(cat, "location", c.id), hsds.county_uid(cat, "service", i.id)) for c, i in delivered)
    assert len(pairs) == len(set(pairs))


def links(records: dict) -> list[tuple[str, str]]:
    """(location id, service id) of every service_at_location nested in the services."""
    return [(link["location_id"], s["id"]) for s in records["services"] for link in s["service_at_locations"]]


def test_consult_only_and_suspended_pairs_are_not_services_at_that_location():
    cat = catalogue("mini")
    records = published("mini")
    pairs = set(links(records))
    village = cat.centre("tiandu-donghe")
    here = hsds.county_uid(cat, "location", village.id)
    consult = [i for i, role in cat.offers(village) if role.level == 1]
    assert consult and all((here, hsds.county_uid(cat, "service", i.id)) not in pairs for i in consult)
    town = cat.centre("tiandu")
    there = hsds.county_uid(cat, "location", town.id)
    review = [i for i, role in cat.offers(town) if role.role in ("初审", "审核") and not hands_in_or_decides(i, town.tier)]
    assert all((there, hsds.county_uid(cat, "service", i.id)) not in pairs for i in review)
    # dibao: the village only helps (代办), so the town that checks it takes applications too
    assert (there, hsds.county_uid(cat, "service", "dibao")) in pairs
    assert (here, hsds.county_uid(cat, "service", "dibao")) not in pairs  # suspended there
    location = next(loc for loc in records["locations"] if loc["id"] == here)
    suspended = [a["value"] for a in location["attributes"] if a["link_type"] == "suspended_service"]
    assert suspended == [f"{cat.item('dibao').name}（dibao）：{village.exceptions[0][1]}"]
    assert [a["value"] for a in location["attributes"] if a["link_type"] == "tier"] == ["村（社区）"]


def test_seasonal_hours_are_valid_only_in_their_season():
    records = published("mini")
    village = next(loc for loc in records["locations"] if loc["external_identifier"] == "tiandu-donghe")
    summer = [s for s in village["schedules"] if s["description"].startswith("夏季")]
    winter = [s for s in village["schedules"] if s["description"].startswith("冬季")]
    assert summer and winter
    for rules in (summer, winter):
        assert len({(s["valid_from"], s["valid_to"]) for s in rules}) == 1
    (summer_from, summer_to), (winter_from, winter_to) = ((r[0]["valid_from"], r[0]["valid_to"]) for r in (summer, winter))
    assert summer_from[5:] == "05-01" and summer_to[5:] == "09-30"
    assert winter_from[5:] == "10-01" and winter_to[5:] == "04-30" and winter_to[:4] == str(int(winter_from[:4]) + 1)
    assert summer_to < winter_from or winter_to < summer_from  # never both in force


@pytest.mark.parametrize("name", ["mini", "demo"])
def test_location_descriptions_do_not_double_words(name):
    for location in published(name)["locations"]:
        text = location["description"]
        assert "县县" not in text and "村（社区）村" not in text and "（社区）社区" not in text, text
        assert not any(text[n:n + 2] == text[n + 2:n + 4] for n in range(len(text) - 3)), text


def test_tier_days_are_in_the_items_own_unit():
    cat = catalogue("mini")
    item = cat.item("linshi-shenfenzheng")
    assert item.promised.unit == "自然日"
    service = next(s for s in published("mini")["services"] if s["name"] == item.name)
    days = [a["value"] for a in service["attributes"] if a["link_type"] == "tier_days"]
    assert days == ["县：2 自然日"]
    forward = [a["value"] for a in service["attributes"] if a["link_type"] == "forward_within_days"]
    assert forward == ["镇（街道）：1 工作日"]  # forwarding is always counted in working days


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
    locations = {loc["id"] for loc in records["locations"]}
    terms = {t["id"]: t["code"] for t in records["taxonomy_terms"]}
    assert all(s["organization_id"] in organizations for s in records["services"])
    assert all(loc["organization_id"] in organizations for loc in records["locations"])
    assert all(location in locations for location, _ in links(records))
    nested = [link for s in records["services"] for link in s["service_at_locations"]]
    attributes = [a for r in records["services"] + records["locations"] + nested for a in r.get("attributes", [])]
    assert {a["link_entity"] for a in attributes} == {"service", "location", "service_at_location"}
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
    roles = values["tier_role"]
    assert [r.split("：")[0] for r in roles] == ["村（社区）", "镇（街道）", "县"]
    assert set(hsds.TERMS) == {t["code"] for t in published("mini")["taxonomy_terms"]}


def test_a_service_at_location_repeats_nothing_but_a_renamed_window():
    cat = catalogue("demo")
    nested = [link for s in published("demo")["services"] for link in s["service_at_locations"]]
    assert nested and all(set(link) <= {"id", "location_id", "attributes"} for link in nested)
    renamed = [link for link in nested if "attributes" in link]
    assert renamed, "the demo has centres that name a window their own way"
    for link in renamed:
        assert [a["link_type"] for a in link["attributes"]] == ["window"]
    centre = cat.centre("chengguan")  # names 劳动社保窗口 劳动就业社保窗口
    here = hsds.county_uid(cat, "location", centre.id)
    names = {a["value"] for link in renamed if link["location_id"] == here for a in link["attributes"]}
    assert "劳动就业社保窗口" in names


def test_an_extension_is_hsds_extension_not_part_of_the_number():
    from generator.export.hsds import _phone
    phone = _phone("centre", "0917-5212345转8001", "咨询电话")
    assert phone["number"] == "0917-5212345" and phone["extension"] == 8001
    assert "extension" not in _phone("centre", "13800000000", "咨询电话")
