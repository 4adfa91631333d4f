"""情形引导 beyond the page (issue 22): the open data carries every answer path of every item and life
event exactly as the golden checklists pin them; the printed guide marks each case-dependent material
with its condition and says how to get the personal list (the QR); the wall chart marks the items with
questions with one ★ and stays one A3 sheet."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from site_support import load
from support import ROOT, require

from generator.catalogue import when_needed
from generator.export import catalogue_json
from generator.printing.layouts import LAYOUTS
from generator.printing.layouts.common import Source

GOLDEN = ROOT / "tests" / "golden" / "checklists"


@pytest.fixture(scope="module")
def catalogue():
    return load()


def golden(kind: str) -> dict[str, dict]:
    return {f.stem: json.loads(f.read_text("utf-8")) for f in sorted((GOLDEN / kind).glob("*.json"))}


def test_open_data_carries_every_golden_path_of_every_item_and_life_event(catalogue):
    files = catalogue_json.files(catalogue, "https://x/")
    document = json.loads(files["catalogue.json"])
    jsonschema.validate(document, json.loads(files["catalogue.schema.json"]))
    assert document["checklists"]["items"] == golden("items") and golden("items")
    assert document["checklists"]["bundles"] == golden("bundles") and golden("bundles")


def test_the_guide_marks_exactly_the_materials_some_answers_leave_out(catalogue):
    source = Source(catalogue, "https://x/")
    for ident, data in golden("items").items():
        item = catalogue.item(ident)
        if not item.complete:
            continue
        printed = LAYOUTS["guide"].data(source, item)
        assert printed["asked"]
        for material, row in zip(item.materials, printed["materials"]):
            everywhere = when_needed.paths_listing(data, material) == set(data["paths"])
            assert (row["when"] == "") == everywhere, (ident, material.name, row["when"])
    plain = next(i for i in catalogue.items if i.complete and not i.questions)
    assert not LAYOUTS["guide"].data(source, plain)["asked"]


def test_the_words_name_the_answer_that_needs_a_material():
    data = {"questions": [{"key": "who", "ask": "谁来办？", "when": None,
                           "options": [{"key": "self", "label": "本人"}, {"key": "agent", "label": "家属代办"}]},
                          {"key": "sick", "ask": "因病申请吗？", "when": None,
                           "options": [{"key": "yes", "label": "是"}, {"key": "no", "label": "不是"}]}],
            "paths": {k: {} for k in ("who=self;sick=yes", "who=self;sick=no", "who=agent;sick=yes", "who=agent;sick=no")}}
    assert when_needed.needed_when(data, {"who=agent;sick=yes", "who=agent;sick=no"}) == "这种情况要带：谁来办？家属代办"
    assert when_needed.needed_when(data, {"who=agent;sick=yes", "who=agent;sick=no", "who=self;sick=yes"}) == \
        "这种情况要带：谁来办？家属代办；或者因病申请吗？是"
    assert when_needed.needed_when(data, {"who=agent;sick=yes"}) == "这种情况要带：谁来办？家属代办，并且因病申请吗？是"
    assert when_needed.needed_when(data, set(data["paths"])) == ""


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=True).stdout


@pytest.mark.pdf
def test_the_printed_guide_and_wall_chart_mark_case_dependent_materials_and_items(catalogue, tmp_path):
    require("pdftotext", "pdfinfo", "cjk-font")
    item = next(i for i in catalogue.items if i.questions and i.complete and i.role_at("village").level >= 2)
    village = next(c for c in catalogue.centres_at("village") if not c.exceptions)
    run(sys.executable, "-m", "generator", "print", ROOT / "catalogue", "--items", item.id, "--centres", village.id, "--out", tmp_path)
    guide = tmp_path / "print" / "items" / f"{item.id}.pdf"
    assert "扫右上角二维码回答几个问题" in run("pdftotext", guide, "-") and "★ 这种情况要带" in run("pdftotext", guide, "-")
    wall = tmp_path / "print" / "centres" / f"{village.id}-wall.pdf"
    chart = run("pdftotext", wall, "-").replace("\n", "")
    rows = [r for g in LAYOUTS["wall"].data(Source(catalogue, "https://x/"), village)["groups"] for r in g["rows"]]
    assert chart.count("★") == 1 + sum(r["asked"] for r in rows) and "得到自己的清单" in chart  # a mark each, and the legend
    assert any(r["asked"] and r["name"] == item.name for r in rows)
    assert "Pages:           1" in run("pdfinfo", wall)
