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


def test_centres_carry_their_effective_items_minus_exceptions():
    cat = catalogue("mini")
    document = catalogue_document(cat, SITE)
    excepted = [c for c in cat.centres if c.exceptions]
    assert excepted, "the mini fixture should have a centre with an exception"
    for centre, record in zip(cat.centres, document["centres"]):
        assert [o["item"] for o in record["offers"]] == [item.id for item, _ in cat.offers(centre)]
        assert not {o["item"] for o in record["offers"]} & {e["item"] for e in record["exceptions"]}
        window_ids = {w["id"] for w in record["windows"]}
        assert all(o["window"] in window_ids for o in record["offers"] if o["window"])


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
    del broken["centres"][0]["offers"]
    broken["county"]["updated"] = "2026-13-45"
    found = errors(broken)
    assert len(found) == 3, found
