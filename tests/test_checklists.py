"""A resident's own checklist (情形) and a life event's merged list (一件事), on the demo catalogue."""
from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
from pathlib import Path

import pytest
import yaml

from generator.catalogue import facts
from generator.catalogue.build import load_catalogue
from generator.catalogue.cases import path_key, question_of
from generator.catalogue.check import check_catalogue
from generator.catalogue.checklists import answer_paths, bundle_data, bundle_paths, checklist, conditions, page_data
from generator.catalogue.load import Document, load_bytes
from generator.catalogue.rules_questions import CASE_NOTE
from generator.catalogue.yamlstyle import dump

DEMO = Path(__file__).resolve().parent.parent / "catalogue"


@pytest.fixture(scope="module")
def demo():
    catalogue, result = load_catalogue(DEMO)
    assert catalogue is not None, result.problems[:3]
    return catalogue


def names(found) -> list[str]:
    return [m.name for m in found.materials]


def test_every_answer_path_of_an_item_in_question_order(demo):
    paths = answer_paths(demo.item("canjiren-zheng-xinban"))
    assert len(paths) == 8
    assert paths[0] == (("who", "self"), ("idcard", "has"), ("records", "has"))
    assert paths[-1] == (("who", "agent"), ("idcard", "none"), ("records", "none"))
    assert answer_paths(demo.item("dianfei-daijiao")) == [()]


def test_an_answer_adds_drops_and_changes_materials(demo):
    item = demo.item("canjiren-zheng-xinban")
    own = checklist(demo, item, (("who", "self"), ("idcard", "has"), ("records", "none")))
    agent = checklist(demo, item, (("who", "agent"), ("idcard", "none"), ("records", "has")))
    assert "监护人或代办人的居民身份证" not in names(own) and "监护人或代办人的居民身份证" in names(agent)
    assert "居民身份证" in names(own) and "居民身份证" not in names(agent)
    assert "医院诊断证明和病历资料" not in names(own) and "医院诊断证明和病历资料" in names(agent)
    assert [m.name for m in agent.left_out] == ["居民身份证"]
    assert any("评定时残疾人本人要到场" in note for note in agent.notes)
    inpatient = checklist(demo, demo.item("lingxing-baoxiao"), (("care", "inpatient"),))
    assert next(m for m in inpatient.materials if m.key == "records").note.startswith("出院记录")


def test_no_answers_gives_the_full_list(demo):
    item = demo.item("canjiren-zheng-xinban")
    assert checklist(demo, item).materials == item.materials


def test_page_data_holds_every_path_by_its_key(demo):
    item = demo.item("chusheng-dengji")
    data = page_data(demo, item)
    assert [q["key"] for q in data["questions"]] == ["married", "photo"]
    assert set(data["paths"]) == {"married=married;photo=with-id", "married=married;photo=later",
                                  "married=unmarried;photo=with-id", "married=unmarried;photo=later"}
    one = data["paths"]["married=unmarried;photo=later"]
    assert [m["name"] for m in one["materials"]] == ["出生医学证明", "户口簿", "居民身份证"]
    assert one["tier"] == "town" and one["time"] == facts.time_limit_text(item) and one["fee"] == "不收费"
    assert page_data(demo, demo.item("dianfei-daijiao")) is None


def test_an_answer_changes_the_time_limit_fee_and_where_to_go(demo):
    item = demo.item("lingxing-baoxiao")
    question = question_of({"key": "fast", "ask": "要加急吗？", "options": [
        {"key": "no", "label": "不加急"},
        {"key": "yes", "label": "加急", "go": "county", "promised": {"value": 5, "unit": "工作日"},
         "fee": {"items": [{"name": "加急费", "amount": 10, "basis": "某某文件"}]}, "note": "到县窗口办"}]})
    item = dataclasses.replace(item, questions=(question,))
    assert facts.time_limit_text(item, (("fast", "yes"),)) == "承诺5 个工作日"
    assert facts.time_limit_text(item, (("fast", "no"),)) == facts.time_limit_text(item)
    assert facts.fee_text(item, (("fast", "yes"),)) == "加急费 10"
    go = facts.where_to_go(demo, item, (("fast", "yes"),))
    assert (go.tier, go.own_station) == ("county", False) and "县政务服务中心" in go.text
    station = dataclasses.replace(item, questions=(question_of({"key": "q", "ask": "在哪？", "options": [
        {"key": "a", "label": "村里", "go": "station"}, {"key": "b", "label": "别处"}]}),))
    assert facts.where_to_go(demo, station, (("q", "a"),)).own_station


def test_a_bundle_merges_materials_and_does_not_ask_what_a_step_produces(demo):
    data = bundle_data(demo, "newborn")
    assert [s["item"] for s in data["steps"]] == ["chusheng-dengji", "jumin-yibao-canbao", "shebaoka-shenling", "yuer-butie"]
    assert {"item": "yuer-butie", "material": "户口簿"} in data["steps"][0]["brings"]
    assert "idcard" not in [q["key"] for q in data["questions"]]  # the event settles it: a newborn has none
    listed = data["paths"]["married=married;photo=with-id;online=window"]["materials"]
    birth = next(m for m in listed if m["name"] == "出生医学证明")
    assert birth["copies"] == 2 and birth["steps"] == ["chusheng-dengji", "yuer-butie"]
    hukou = next(m for m in listed if m["name"] == "户口簿")
    assert hukou["steps"] == ["chusheng-dengji"]  # the later steps use the one step 1 brings back
    steps = data["paths"]["married=married;photo=with-id;online=window"]["steps"]
    assert steps[3]["from_steps"] == [{"material": "户口簿", "item": "chusheng-dengji"}]
    assert bundle_data(demo, "elderly") is None


CASE_MATERIALS = yaml.safe_load((Path(__file__).parent / "fixtures" / "case-materials.yml").read_text("utf-8"))


def test_every_case_dependent_material_of_the_demo_is_covered_by_a_question(demo):
    """The fixture lists the demo's materials whose note states a case; each has a key an answer adds, drops or changes."""
    assert len(CASE_MATERIALS) >= 45 and len({m["item"] for m in CASE_MATERIALS}) >= 36
    for entry in CASE_MATERIALS:
        item = demo.item(entry["item"])
        material = next(m for m in item.materials if m.key == entry["key"])
        assert CASE_NOTE.search(material.note) and material.note == entry["note"], entry
        touched = {key for q in item.questions for o in q.options
                   for key in (*o.add, *o.drop, *(c.material for c in o.change))}
        assert entry["key"] in touched, entry
    found = {(i.id, m.key) for i in demo.items for m in i.materials or () if CASE_NOTE.search(m.note)}
    assert found == {(m["item"], m["key"]) for m in CASE_MATERIALS}


def test_without_its_questions_the_checker_warns_about_each_case_material(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(DEMO, root)
    for path in (root / "items").glob("*.yml"):
        doc, problems = load_bytes(path.read_bytes(), Document(str(path)))
        doc.data.pop("questions", None)
        path.write_text(dump(doc.data, "item"), "utf-8")
    county = root / "county.yml"
    doc, problems = load_bytes(county.read_bytes(), Document(str(county)))
    for situation in doc.data["situations"]:
        situation.pop("steps", None)  # their settled answers name the questions taken out
    county.write_text(dump(doc.data, "county"), "utf-8")
    result = check_catalogue(root)
    warned = [p for p in result.problems if p.code == "W-QUESTION-COVER"]
    assert result.ok and len(warned) == len(CASE_MATERIALS) == len(result.problems)
    assert {(Path(p.file).stem, p.path) for p in warned} == {
        (m["item"], f"$.materials[{index_of(m)}].note") for m in CASE_MATERIALS}


def index_of(entry: dict) -> int:
    doc = yaml.safe_load((DEMO / "items" / f"{entry['item']}.yml").read_text("utf-8"))
    return next(i for i, m in enumerate(doc["materials"]) if m.get("key") == entry["key"])


def test_a_personal_checklist_takes_few_answers(demo):
    """Among items with questions: the median checklist in at most 3 answers, none in more than 5."""
    asked = [max(len(path) for path in answer_paths(item)) for item in demo.items if item.questions]
    assert len(asked) >= 36
    assert statistics.median(asked) <= 3 and max(asked) <= 5
    assert all(len(answer_paths(item)) <= 64 for item in demo.items)


def test_the_full_list_says_each_case_beside_its_material(demo):
    said = conditions(demo.item("shenfenzheng-huanling-buling"))
    assert said == {"old-card": ["选“到期、损坏或信息有变，换新证”时要带",
                                 "选“到期、损坏或信息有变，换新证”时：交回原来的身份证，新证领到前原证还能用"]}
    assert conditions(demo.item("yuer-butie"))["birth-cert"] == ["选“在手机上申请”时：只需出示，不用交；系统能查到的不用上传；查不到的按提示拍照上传"]
    assert page_data(demo, demo.item("dibao"))["conditions"]["records"][0] == "选“是，因病申请”时要带"


def test_every_path_lists_or_leaves_out_each_material_once(demo):
    """A complete checklist: each of the item's materials is either listed (form and copies known) or left out."""
    for item in demo.items:
        for path in answer_paths(item):
            found = checklist(demo, item, path)
            assert sorted(m.name for m in found.materials + found.left_out) == sorted(m.name for m in item.materials or ())
            assert all(m.form in ("原件", "复印件", "原件和复印件") and m.copies >= 0 for m in found.materials)
            assert found.go.text and found.time and found.fee, (item.id, path)


def test_the_worked_example_in_the_editing_guide_is_the_demo_item():
    """docs/editing.md's 例一 shows canjiren-zheng-xinban's questions as the demo has them."""
    guide = (DEMO.parent / "docs" / "editing.md").read_text("utf-8")
    example = yaml.safe_load(guide.split("**例一")[1].split("```yaml\n")[1].split("```")[0])
    item = yaml.safe_load((DEMO / "items" / "canjiren-zheng-xinban.yml").read_text("utf-8"))
    assert example["questions"] == item["questions"]
    keyed = {m["key"]: m for m in item["materials"] if "key" in m}
    for material in example["materials"]:
        assert {k: v for k, v in keyed[material["key"]].items() if k != "note"} == material


def test_golden_files_hold_every_answer_path_of_every_item_and_bundle(demo):
    golden = Path(__file__).parent / "golden" / "checklists"
    for item in demo.items:
        kept = golden / "items" / f"{item.id}.json"
        assert kept.exists() == bool(item.questions), item.id
        if item.questions:
            paths = json.loads(kept.read_text("utf-8"))["paths"]
            assert sorted(paths) == sorted(path_key(p) for p in answer_paths(item))
    assert len(demo.bundles) >= 3
    for bundle in demo.bundles:
        paths = json.loads((golden / "bundles" / f"{bundle.situation.id}.json").read_text("utf-8"))["paths"]
        assert sorted(paths) == sorted(path_key(p) for p in bundle_paths(demo, bundle))
