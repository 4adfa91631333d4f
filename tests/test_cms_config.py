"""The /admin/ form's config is made from schema/*.json and county.yml: a schema change changes the form."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from generator.catalogue.validate import PHONE_PATTERN
from generator.site.cms import cms_config, config_text, write_admin

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
    assert field(items, "type")["options"][0] == "行政许可"
    assert field(items, "id")["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert field(items, "aliases")["required"] is False
    assert field(items, "phones", "consult")["pattern"][0] == PHONE_PATTERN  # landline (转 extension) or mobile
    assert field(items, "audience")["multiple"] is True
    assert all(f["name"] != "fee" for f in items)  # 不收费 or a list of items: edited in YAML, kept as is


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
    assert "新类型" in field(after, "type")["options"] and "新类型" not in field(before, "type")["options"]
    assert field(after, "summary")["required"] is True and field(before, "summary")["required"] is False


def test_backend_from_repo_url_github_or_gitlab_with_pull_requests():
    assert cms_config(MINI, repo_url="https://github.com/fufeng/bianmin")["backend"] == {"name": "github", "repo": "fufeng/bianmin", "branch": "main"}
    gitlab = cms_config(MINI, repo_url="https://git.fufeng.gov.cn/zwfw/bianmin.git", extra_backend={"name": "gitlab", "app_id": "x"})["backend"]
    assert cms_config(MINI, repo_url="https://gitlab.com/zwfw/bianmin")["backend"]["name"] == "gitlab"
    assert gitlab["repo"] == "zwfw/bianmin" and gitlab["api_root"] == "https://git.fufeng.gov.cn/api/v4"
    assert cms_config(MINI)["publish_mode"] == "editorial_workflow" and cms_config(MINI)["locale"] == "zh_Hans"


def test_admin_page_without_the_bundle_says_how_to_get_it(tmp_path):
    message = write_admin(tmp_path, MINI, bundle=tmp_path / "missing.js")
    assert "make site" in message
    assert "make site" in (tmp_path / "admin" / "index.html").read_text("utf-8")
    assert yaml.safe_load((tmp_path / "admin" / "config.yml").read_text("utf-8"))["collections"]
    assert config_text(cms_config(MINI)).startswith("# 由 bianmin 根据 schema")
