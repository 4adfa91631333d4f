"""The /admin/ form's config is made from schema/*.json and county.yml: a schema change changes the form, every
schema field has a form field, the form's rules refuse what the schema refuses, the words are a form's words,
a new item starts as `bianmin new item` writes it, and /admin/ is published only where it can log in."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.catalogue.scaffold import item_skeleton
from generator.catalogue.validate import PHONE_PATTERN, inlined
from generator.site.cms import backend, cms_config, config_text, write_admin

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def field(fields: list, *path):
    for name in path:
        found = next(f for f in fields if f["name"] == name)
        fields = found.get("fields") or ([found["field"]] if "field" in found else [])
    return found


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_labels_hints_required_patterns_and_ranges_come_from_the_schema():
    items = collection(cms_config(MINI), "items")["fields"]
    promised = field(items, "time_limit", "promised")
    assert promised["label"] == "承诺办结时限" and promised["required"] is True
    value = field(items, "time_limit", "promised", "value")
    assert (value["widget"], value["value_type"], value["min"], value["max"]) == ("number", "int", 0, 400)
    assert field(items, "type")["options"][0] == {"label": "行政许可", "value": "行政许可"}
    assert field(items, "id")["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert field(items, "aliases")["required"] is False
    assert field(items, "phones", "consult")["pattern"][0].endswith(f"(?:{PHONE_PATTERN})")  # landline (转 extension) or mobile
    assert field(items, "audience")["multiple"] is True
    assert field(items, "basis")["min"] == 1 and field(items, "basis")["max"] == 30


def test_references_are_choices_of_the_ids_that_exist():
    config = cms_config(MINI)
    items = collection(config, "items")["fields"]
    county = yaml.safe_load((MINI / "county.yml").read_text("utf-8"))
    assert [o["value"] for o in field(items, "department")["options"]] == [d["id"] for d in county["departments"]]
    windows = [o["value"] for o in field(items, "tiers", "village", "window")["options"]]
    assert windows == [w["id"] for w in county["tiers"]["village"]["windows"]]
    assert [o["value"] for o in field(items, "materials", "ref")["options"]] == [m["id"] for m in county["materials"]]
    centres = collection(config, "centres")["fields"]
    assert {o["value"] for o in field(centres, "exceptions", "item")["options"]} == {f.stem for f in (MINI / "items").glob("*.yml")}
    every_window = {w["id"] for t in county["tiers"].values() for w in t["windows"]}
    assert {o["value"] for o in field(centres, "windows", "id")["options"]} == every_window
    hours = field(centres, "hours")
    assert hours["widget"] == "list" and field(hours["fields"], "times")["field"]["pattern"][0].startswith("^[0-2]")


def test_a_schema_change_changes_the_form_with_no_second_edit(tmp_path):
    schemas = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schemas)
    item = json.loads((schemas / "item.schema.json").read_text("utf-8"))
    item["properties"]["time_limit"]["properties"]["promised"]["title"] = "承诺时限（新叫法）"
    item["$defs"]["duration"]["properties"]["value"]["maximum"] = 200
    item["properties"]["type"]["enum"].append("新类型")
    item["required"].append("summary")
    (schemas / "item.schema.json").write_text(json.dumps(item, ensure_ascii=False), "utf-8")
    before = collection(cms_config(MINI), "items")["fields"]
    after = collection(cms_config(MINI, schema_dir=schemas), "items")["fields"]
    assert field(before, "time_limit", "promised")["label"] == "承诺办结时限"
    assert field(after, "time_limit", "promised")["label"] == "承诺时限（新叫法）"
    assert field(after, "time_limit", "promised", "value")["max"] == 200
    assert {"label": "新类型", "value": "新类型"} in field(after, "type")["options"]
    assert "新类型" not in [o["value"] for o in field(before, "type")["options"]]
    assert field(after, "summary")["required"] is True and field(before, "summary")["required"] is False


def test_backend_only_where_the_form_can_log_in():
    gitlab = backend("https://git.fufeng.gov.cn/zwfw/bianmin.git", {"name": "gitlab", "app_id": "x"})
    assert gitlab is not None and gitlab["repo"] == "zwfw/bianmin" and gitlab["auth_type"] == "pkce"
    assert gitlab["api_root"] == "https://git.fufeng.gov.cn/api/v4"
    assert backend("https://gitlab.com/zwfw/bianmin", {"app_id": "x"})["name"] == "gitlab"
    github = backend("https://github.com/fufeng/bianmin", {"base_url": "https://oauth.fufeng.gov.cn"})
    assert github == {"name": "github", "repo": "fufeng/bianmin", "branch": "main", "base_url": "https://oauth.fufeng.gov.cn"}
    assert backend("https://github.com/fufeng/bianmin") is None  # GitHub's login needs the county's OAuth proxy
    assert backend("https://gitlab.com/zwfw/bianmin", {"auth_type": "pkce"}) is None  # no app_id
    assert backend(None, {"name": "gitlab", "app_id": "x"}) is None  # no repository to save into
    config = cms_config(MINI, repo_url="https://gitlab.com/zwfw/bianmin", extra_backend={"app_id": "x"})
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "zh_Hans"


def test_no_admin_page_unless_the_backend_is_configured_or_local(tmp_path):
    bundle = tmp_path / "decap-cms.js"
    bundle.write_text("/* decap */", "utf-8")
    assert write_admin(tmp_path / "plain", MINI, "https://github.com/fufeng/bianmin", bundle=bundle) is None
    assert not (tmp_path / "plain" / "admin").exists()
    write_admin(tmp_path / "local", MINI, bundle=bundle, local_port=8081)
    page = (tmp_path / "local" / "admin" / "index.html").read_text("utf-8")
    assert 'src="bianmin-form.js"' in page and 'name="bianmin-problems"' in page
    write_admin(tmp_path / "gitlab", MINI, "https://gitlab.com/zwfw/bianmin", {"app_id": "x"}, bundle=bundle)
    assert (tmp_path / "gitlab" / "admin" / "bianmin-form.js").is_file()
    assert "bianmin-problems" not in (tmp_path / "gitlab" / "admin" / "index.html").read_text("utf-8")


def test_admin_page_without_the_bundle_says_how_to_get_it(tmp_path):
    message = write_admin(tmp_path, MINI, bundle=tmp_path / "missing.js", local_port=8081)
    assert "make site" in message
    assert "make site" in (tmp_path / "admin" / "index.html").read_text("utf-8")
    assert yaml.safe_load((tmp_path / "admin" / "config.yml").read_text("utf-8"))["collections"]
    assert config_text(cms_config(MINI)).startswith("# 由 bianmin 根据 schema")


def schema_paths(node: dict, path: tuple = ()) -> set[tuple]:
    """Every property of a schema (refs inlined), as paths; '*' for the items of a list."""
    found: set[tuple] = set()
    for branch in node.get("anyOf", []) + node.get("oneOf", []):
        found |= schema_paths(branch, path)
    if node.get("type") == "array":
        found |= schema_paths(node["items"], path + ("*",))
    for key, sub in node.get("properties", {}).items():
        found |= {path + (key,)} | schema_paths(sub, path + (key,))
    return found


def form_paths(fields: list[dict], path: tuple = ()) -> set[tuple]:
    found: set[tuple] = set()
    for f in fields:
        here = path + (f["name"],)
        found |= {here} | form_paths(f.get("fields", []), here + ("*",) if f.get("widget") == "list" else here)
    return found


@pytest.mark.parametrize("kind, collection_name", [("item", "items"), ("centre", "centres"), ("county", "county")])
def test_every_schema_field_has_a_form_field(kind, collection_name):
    found = collection(cms_config(MINI), collection_name)
    fields = found["fields"] if "fields" in found else found["files"][0]["fields"]
    missing = schema_paths(inlined(kind)) - form_paths(fields)
    assert not missing, f"schema fields the form cannot edit: {sorted(missing)}"


def test_fee_is_either_the_word_or_fee_items():
    fee = field(collection(cms_config(MINI), "items")["fields"], "fee")
    assert (fee["widget"], fee["word"], fee["required"]) == ("either", "不收费", True)
    items = field(fee["fields"], "items")
    assert items["required"] is True and items["min"] == 1
    assert [f["name"] for f in items["fields"]] == ["name", "amount", "unit", "basis", "reduction"]
    assert field(items["fields"], "amount")["widget"] == "number-or-text"  # 15, or 按供应单位标准


def leaves(fields: list[dict], path: tuple = ()):
    for f in fields:
        here = path + (f["name"],)
        yield here, f
        yield from leaves(f.get("fields", []) + ([f["field"]] if "field" in f else []), here)


def test_hints_and_options_speak_of_fields_in_chinese():
    config = cms_config(MINI)
    for found in config["collections"]:
        fields = found.get("fields") or found["files"][0]["fields"]
        for path, f in leaves(fields):
            words = f"{f.get('hint', '')} {f.get('pattern', ['', ''])[1]} {f['label']}"
            assert not re.search(r'\.yml|\btrue\b|\bfalse\b|\[\]|"|引号|\bref\b|\bname\b|(?<!/)items\b', words), (path, words)
            assert re.search(r"[\u4e00-\u9fff]", f["label"]), (path, f["label"])  # no English key as a label
            for option in f.get("options", []):
                assert re.search(r"[\u4e00-\u9fff]", option["label"]), (path, option)
    items = collection(config, "items")["fields"]
    assert field(items, "steps", "tier")["options"][0] == {"label": "村（社区）", "value": "village"}
    assert {"label": "县民政局", "value": "county-civil-affairs"} in field(items, "department")["options"]
    centres = collection(config, "centres")["fields"]
    assert {"label": "镇（街道）", "value": "town"} in field(centres, "tier")["options"]


SAMPLES = ["", "a", "ab", "0917-5212345", "0917-5212345转8001", "13800000000", "0917 5212345", "5212345", "dibao",
           "Dibao", "tiandu-donghe", "tiandu--x", "08:30-12:00", "8:30-12:00", "https://zwfw.example.org/x", "www.x.cn",
           "/forms/a.docx", "2026-11-20", "0917", "722200", "12345", "社会救助暂行办法", "x" * 61, "长" * 301, "多" * 2001]


def test_the_form_refuses_a_text_the_schema_refuses():
    """Each text field's pattern (as Decap applies it: to a filled-in value) against the schema's own rule."""
    for kind, name in (("item", "items"), ("centre", "centres"), ("county", "county")):
        found = collection(cms_config(MINI), name)
        fields = found.get("fields") or found["files"][0]["fields"]
        schema = inlined(kind)
        for path, f in leaves(fields):
            node = schema_node(schema, path)
            if node is None or f.get("widget") not in ("string", "text"):  # a text, or one of several kinds of text
                continue
            rule = Draft202012Validator(node)
            for sample in SAMPLES[1:]:
                form_accepts = "pattern" not in f or re.search(f["pattern"][0], sample) is not None
                assert form_accepts == rule.is_valid(sample), (kind, path, sample, f.get("pattern"))


def schema_node(schema: dict, path: tuple):
    node = schema
    for key in path:
        if key == "value":  # the one field of a list of texts
            node = node.get("items", {})
            continue
        while node.get("type") == "array":
            node = node["items"]
        branches = [b for b in node.get("anyOf", []) if "properties" in b]
        node = (branches[0] if branches else node).get("properties", {}).get(key)
        if node is None:
            return None
    return node


def test_a_new_item_starts_as_bianmin_new_item_writes_it():
    county = yaml.safe_load((MINI / "county.yml").read_text("utf-8"))
    skeleton = yaml.safe_load(item_skeleton("new", county))
    items = collection(cms_config(MINI), "items")["fields"]
    assert field(items, "fee")["default"] == skeleton["fee"] == "不收费"
    assert field(items, "audience")["default"] == skeleton["audience"]
    assert field(items, "case_type")["default"] == skeleton["case_type"]
    assert field(items, "time_limit", "promised", "unit")["default"] == skeleton["time_limit"]["promised"]["unit"]
    assert field(items, "tiers", "village", "role")["default"] == skeleton["tiers"]["village"]["role"]
    assert field(items, "phones", "complaint")["default"] == skeleton["phones"]["complaint"]
    steps = field(items, "steps")["default"]
    assert [(s["tier"], s["action"]) for s in steps] == [(s["tier"], s["action"]) for s in skeleton["steps"]]
    assert field(items, "materials")["default"][0] == {"ref": "id-card", "form": "原件和复印件", "copies": 1}
    assert "default" not in field(items, "name") and "default" not in field(items, "id")  # blanks stay blank


def test_the_form_is_made_while_the_catalogue_has_problems(tmp_path):
    """`bianmin serve --cms` keeps the form open on a catalogue with problems, so it can mend them."""
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    county = (root / "county.yml").read_text("utf-8")
    (root / "county.yml").write_text(re.sub(r"(?m)^tiers:", "tiers: 3\nold_tiers:", county), "utf-8")
    (root / "items" / "dibao.yml").write_text("name: [最低生活保障\n", "utf-8")  # not YAML
    (root / "centres" / "tiandu.yml").write_text("- a list, not a centre\n", "utf-8")
    items = collection(cms_config(root), "items")["fields"]
    # a new item still starts from bianmin new's skeleton, which no longer reads county.yml for it
    assert field(items, "fee")["widget"] == "either" and field(items, "fee")["default"] == "不收费"
    assert field(items, "tiers", "village", "window")["options"] == []


def test_every_group_of_fields_has_a_field():
    """Decap refuses the whole config (and the form never opens) when an object or list has no fields."""
    for found in cms_config(MINI)["collections"]:
        for path, f in leaves(found.get("fields") or found["files"][0]["fields"]):
            if "fields" in f:
                assert f["fields"], (found["name"], path)
