"""The editors' documentation cannot drift: every schema field and every rule code is documented."""
from __future__ import annotations

import json
import re

from support import ROOT

from generator.catalogue.codes import RULES, STAGE_TITLES
from generator.site.field_reference import field_reference_markdown

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


def schema_properties(node, found=None) -> set[tuple[str, str]]:
    """(property name, title) for every property anywhere in a schema."""
    found = set() if found is None else found
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.add((name, sub.get("title", "") if isinstance(sub, dict) else ""))
        for sub in node.values():
            schema_properties(sub, found)
    elif isinstance(node, list):
        for sub in node:
            schema_properties(sub, found)
    return found


def test_field_reference_names_every_property_of_every_schema():
    page = field_reference_markdown()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert SCHEMAS
    for file in SCHEMAS:
        if file.name == "catalogue-export.schema.json":
            continue  # the open-data export, not a file editors write
        for name, title in schema_properties(json.loads(file.read_text("utf-8"))):
            matching = [row for row in rows if re.match(rf"\| `([^`]*[.\]])?{re.escape(name)}` \|", row)]
            assert matching, f"{file.name}: field {name} is missing from 字段说明"
            if title:
                assert any(f"| {title} |" in row for row in matching), f"{file.name}: {name} without its title {title}"


def test_field_reference_shows_choices_and_requirement():
    page = field_reference_markdown()
    assert "| `name` | 事项名称 | 必填 |" in page
    # required of a complete item only (level 办事指南, or no level); a 基本信息 item may leave it out
    assert "| `case_type` | 办件类型 | 办事指南必填 | 只能填：即办件、承诺件、上报件 |" in page
    assert "| `aliases` | 日常用语 / 别名 | 可选 |" in page
    assert "| `tiers.village.forward_within_days` | 转报时限（工作日） | 可选 | 整数（0–30） |" in page
    assert "| `hours[].times` |" in page  # a field that lives in another schema file (hours.schema.json)


def test_rules_page_shows_the_registry():
    """docs/rules.md has one row per registered code, with the registry's meaning and fix."""
    documented = (ROOT / "docs" / "rules.md").read_text("utf-8")
    rows = re.finditer(r"^\| `?([EW]-[A-Z-]+)`? \|(.*)\|(.*)\|\s*$", documented, re.M)  # | code | meaning | how to fix |
    entries = {m[1]: (m[2].strip(), m[3].strip()) for m in rows}
    assert len(RULES) > 40
    assert entries == {rule.code: (rule.meaning, rule.fix) for rule in RULES.values()}
    for rule in RULES.values():  # each code stands in the section of its stage
        section = documented.split(f"## {STAGE_TITLES[rule.stage]}")[1].split("\n## ")[0]
        assert f"| {rule.code} |" in section
