"""The editors' documentation cannot drift: every schema field and every rule code is documented."""
from __future__ import annotations

import json
import re
import sys

from support import ROOT

from generator.catalogue.codes import RULES
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


def test_rules_page_tables_are_the_registry():
    """docs/rules.md's tables are made from codes.RULES (scripts/rules_doc.py, `make rules-doc`): the
    committed page is exactly what the script makes, so a new or changed rule shows there."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import rules_doc
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert rules_doc.page(committed) == committed, "run make rules-doc"
    rows = re.findall(r"^\| ([EW]-[A-Z0-9-]+) \|", committed, re.M)
    assert rows == list(RULES) and len(rows) > 40  # each once, in the registry's order


def test_rules_page_script_replaces_a_stale_table():
    sys.path.insert(0, str(ROOT / "scripts"))
    import rules_doc
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    stale = committed.replace("| E-ID-DUPLICATE |", "| E-ID-TWICE |")
    assert stale != committed and rules_doc.page(stale) == committed


