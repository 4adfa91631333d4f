"""The editors' documentation cannot drift: every schema field and every rule code is documented."""
from __future__ import annotations

import json
import re

from conftest import ROOT
from generator.fieldref import field_reference_markdown

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))
RULE_SOURCES = ("generator/load.py", "generator/validate.py", "generator/rules.py", "generator/check.py")
CODE = re.compile(r"\b[EW]-[A-Z]+(?:-[A-Z]+)*\b")


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
    assert "| `case_type` | 办件类型 | 必填 | 只能填：即办件、承诺件、上报件 |" in page
    assert "| `aliases` | 日常用语 / 别名 | 可选 |" in page
    assert "| `tiers.village.forward_within_days` | 转报时限（工作日） | 可选 | 整数（0–30） |" in page
    assert "| `hours[].times` |" in page  # a field that lives in another schema file (hours.schema.json)


def rule_codes() -> set[str]:
    codes = set()
    for source in RULE_SOURCES:
        codes |= set(CODE.findall((ROOT / source).read_text("utf-8")))
    return codes


def test_rules_page_documents_every_code_the_checker_can_emit():
    documented = (ROOT / "docs" / "rules.md").read_text("utf-8")
    codes = rule_codes()
    assert len(codes) > 40
    rows = re.finditer(r"^\| `?([EW]-[A-Z-]+)`? \|(.*)\|(.*)\|\s*$", documented, re.M)  # | code | meaning | how to fix |
    entries = {m[1]: (m[2].strip(), m[3].strip()) for m in rows}
    missing = sorted(codes - entries.keys())
    assert not missing, f"docs/rules.md does not document: {missing}"
    assert all(meaning and fix for meaning, fix in entries.values()), "every rule needs its meaning and how to fix it"
    stale = sorted(entries.keys() - codes)
    assert not stale, f"docs/rules.md documents codes the checker no longer emits: {stale}"
