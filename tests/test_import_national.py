"""The national element layout as provincial systems export it (tests/fixtures/import/national.py): every
variant of a cell is read as its expected reading, or named — never a silent misread."""
from __future__ import annotations

import pytest
from import_support import FIXTURES, Imported, expectations, import_into_new_county, row_problems

PUBLIC = ["national-two-row-header.xlsx", "national-unit-in-header.xlsx", "national-materials-sheet.xlsx"]
_cache: dict[str, Imported] = {}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    def get(sheet: str) -> Imported:
        if sheet not in _cache:
            _cache[sheet] = import_into_new_county(FIXTURES / sheet, tmp_path_factory.mktemp(sheet.split(".")[0]))
        return _cache[sheet]
    return get


def _variants() -> list[tuple[str, str]]:
    found = []
    for sheet in PUBLIC:
        for row in expectations(sheet)["rows"].values():
            if (sheet, row["variant"]) not in found:
                found.append((sheet, row["variant"]))
    return found


@pytest.mark.parametrize("sheet, variant", _variants(), ids=[f"{v}" for _, v in _variants()])
def test_each_variant_is_read_as_expected(imported, sheet, variant):
    result = imported(sheet)
    rows = {int(r): e for r, e in expectations(sheet)["rows"].items() if e["variant"] == variant}
    problems = [p for row, expected in rows.items() for p in row_problems(result, row, expected)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sheet", PUBLIC)
def test_rows_that_are_not_items_are_skipped_with_a_message(imported, sheet):
    result = imported(sheet)
    for row, kind in expectations(sheet)["not_items"].items():
        assert int(row) not in result.items, (kind, row)
        assert int(row) in result.rows_noted, f"{kind} row {row} skipped without a message"
    names = {item["name"] for item in result.items.values()}
    assert not any(n.startswith(("填表人", "小计", "合计")) for n in names)


def test_departments_of_a_new_county_are_added_once_each_with_a_category_of_their_own_name(imported):
    result = imported("national-two-row-header.xlsx")
    named = {e["cells"]["H"]["text"] for e in expectations("national-two-row-header.xlsx")["rows"].values()}
    departments = {d["name"]: d["id"] for d in result.county["departments"]}
    categories = {c["name"]: c["id"] for c in result.county["categories"]}
    assert named <= set(departments) and named <= set(categories)
    added = [n for n in result.plan.notes if "新增部门" in n.message]
    assert sorted(n.message.split("“")[1].split("”")[0] for n in added) == sorted(named)
