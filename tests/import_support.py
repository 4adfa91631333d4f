"""Importing a sheet of tests/fixtures/import/national.py into a new county and comparing every cell with its
expected reading. A misread is a cell read otherwise than expected, or a cell that should have been named
(left for a person, worth a look) and was not, without the import saying a word about that cell."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.importing import plan_import, write_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
NEW_COUNTY = FIXTURES / "new-county"


@dataclass
class Imported:
    items: dict[int, dict]          # sheet row -> item file data
    county: dict
    noted: dict[str, list]          # "A12" -> notes on that cell (the item sheet)
    rows_noted: set[int]            # rows some note names (a cell or the whole row)
    plan: object


def expectations(sheet: str) -> dict:
    return json.loads((FIXTURES / sheet).with_suffix(".expected.json").read_text("utf-8"))


def import_into_new_county(sheet: Path, folder: Path, *options) -> Imported:
    root = folder / "catalogue"
    if not root.exists():
        shutil.copytree(NEW_COUNTY, root)
    plan = plan_import(sheet, root, *options)
    write_plan(plan)
    items = {p.record.row: dict(yaml.safe_load(p.path.read_text("utf-8")), level=p.level)
             for p in plan.files if p.record.sheet == "实施清单"}
    noted: dict[str, list] = {}
    rows: set[int] = set()
    for note in plan.notes:
        if note.sheet != "实施清单":
            continue
        for cell in re.findall(r"[A-Z]*\d+", note.cell):
            noted.setdefault(cell, []).append(note)
            rows.add(int(re.sub(r"^[A-Z]*", "", cell)))
    county = yaml.safe_load((root / "county.yml").read_text("utf-8"))
    return Imported(items, county, noted, rows, plan)


_MISSING = object()


def value_at(item: dict, county: dict, path: str):
    if path in ("department.name", "category.name"):
        kind = "departments" if path.startswith("department") else "categories"
        entry = next((e for e in county.get(kind) or [] if e.get("id") == item.get(path.split(".")[0])), None)
        return entry.get("name") if entry else _MISSING
    node = item
    for key in path.rstrip("~").split("."):
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


MATERIAL_DEFAULTS = {"required": "必要", "medium": "纸质"}  # what the schema means when a material leaves them out


def same(path: str, actual, expected) -> bool:
    if not path.endswith("~"):
        return actual == expected
    if isinstance(expected, str):
        return isinstance(actual, str) and expected in actual
    return (isinstance(actual, list) and len(actual) == len(expected)
            and all(isinstance(a, dict) and all(a.get(k, MATERIAL_DEFAULTS.get(k)) == v for k, v in e.items())
                    for a, e in zip(actual, expected)))


def row_problems(result: Imported, row: int, expected: dict) -> list[str]:
    """Every way this row was read otherwise than expected; each marked silent when the import said nothing."""
    item = result.items.get(row)
    if item is None:
        return [f"row {row} ({expected['variant']}) was not imported"]
    found = []
    for letter, cell in expected["cells"].items():
        where = f"{letter}{row}"
        named = where in result.noted
        for path, value in cell.get("expect", {}).items():
            actual = value_at(item, result.county, path)
            if not same(path, actual, value):
                found.append(f"{where} {path}: read {actual!r}, expected {value!r}" + ("" if named else " (silent)"))
        for path in cell.get("absent", []):
            if value_at(item, result.county, path) is not _MISSING:
                found.append(f"{where} {path}: read {value_at(item, result.county, path)!r}, expected unknown (absent)" + ("" if named else " (silent)"))
        if cell.get("flag") and not named:
            found.append(f"{where}: “{cell['text']}” should be named ({cell['flag']}), the import said nothing (silent)")
    if item.get("level", expected["level"]) != expected["level"]:
        found.append(f"row {row}: level {item.get('level')!r}, expected {expected['level']!r}")
    return found


def silent(problems: list[str]) -> list[str]:
    return [p for p in problems if p.endswith("(silent)") or "was not imported" in p]
