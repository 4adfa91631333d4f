"""catalogue.json: valid against schema/catalogue-export.schema.json, complete, ids resolved, defaults applied."""
from __future__ import annotations

import copy
import json

import pytest
from export_support import BOTH, SITE, catalogue
from jsonschema import Draft202012Validator
from support import ROOT

from generator.export import render_exports
from generator.export.tables import catalogue_document

SCHEMA = json.loads((ROOT / "schema" / "catalogue-export.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", BOTH)
def test_published_file_validates_against_its_schema(name):
    files = render_exports(catalogue(name), SITE, ["json"])
    assert errors(json.loads(files["catalogue.json"])) == []
    assert json.loads(files["catalogue.schema.json"]) == SCHEMA


@pytest.mark.parametrize("name", BOTH)
def test_every_item_and_centre_once(name):
    cat = catalogue(name)
    document = catalogue_document(cat, SITE)
    assert [i["id"] for i in document["items"]] == [i.id for i in cat.items]
    assert [c["id"] for c in document["centres"]] == [c.id for c in cat.centres]
    assert len({i["id"] for i in document["items"]}) == len(cat.items)


def offers_from_document(document: dict, centre: dict) -> list[tuple[str, str]]:
    """What a reader of catalogue.json derives a centre offers: items whose role at the centre's tier
    is not 不办理, minus its exceptions."""
    excepted = {e["item"] for e in centre["exceptions"]}
    return [(item["id"], tier["role"]) for item in document["items"] for tier in item["tiers"]
            if tier["tier"] == centre["tier"] and tier["role"] != "不办理" and item["id"] not in excepted]


@pytest.mark.parametrize("name", ["mini", "demo"])
def test_centre_offers_follow_from_tier_roles_and_exceptions(name):
    cat = catalogue(name)
    document = catalogue_document(cat, SITE)
    assert any(c.exceptions for c in cat.centres), "the fixture should have a centre with an exception"
    for centre, record in zip(cat.centres, document["centres"]):
        assert "offers" not in record  # said once, by the items' tiers
        assert offers_from_document(document, record) == [(item.id, role.role) for item, role in cat.offers(centre)]


def test_tier_days_carry_the_items_own_unit():
    document = catalogue_document(catalogue("mini"), SITE)
    item = next(i for i in document["items"] if i["id"] == "linshi-shenfenzheng")
    county = next(t for t in item["tiers"] if t["tier"] == "county")
    assert (county["days"], county["days_unit"]) == (2, "自然日")


def test_ids_resolved_and_defaults_applied():
    cat = catalogue("mini")
    dibao = next(i for i in catalogue_document(cat, SITE)["items"] if i["id"] == "dibao")
    assert dibao["department"]["name"] == cat.item("dibao").department.name
    assert dibao["category"]["name"] == cat.item("dibao").category.name
    referenced = [m for m in dibao["materials"] if m["ref"]]
    assert referenced and all(m["name"] and m["source"] for m in referenced)  # names and sources from county.yml
    assert all(m["medium"] for m in dibao["materials"])  # 纸质 by default
    assert [t["tier"] for t in dibao["tiers"]] == ["village", "town", "county"]
    centres = catalogue_document(cat, SITE)["centres"]
    assert all(c["hours"] for c in centres)  # the tier's standard hours when the centre names none


def test_schema_rejects_a_broken_export():
    document = catalogue_document(catalogue("mini"), SITE)
    broken = copy.deepcopy(document)
    broken["items"][0]["time_limit"]["promised"]["unit"] = "天"
    del broken["centres"][0]["exceptions"]
    broken["county"]["updated"] = "2026-13-45"
    found = errors(broken)
    assert len(found) == 3, found
