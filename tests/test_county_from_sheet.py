"""A county office from nothing, as it would do it: Bianmin's wheel installed into a fresh venv outside the
repository → `bianmin init` (then the county's supervision phone in county.yml, as the new project's README asks
first) → `bianmin import` of its 实施清单 in the national layout, no mapping → `bianmin check` → `bianmin build`;
then the clerks fill `bianmin gaps`' work list in Excel and it is imported back.

The sheet is the 130 real items of tests/fixtures/import/guang-an-slice.json, each column group taking a clerk's
variant in a third of the rows (tests/fixtures/import/national.py knows every cell's reading and which rows are
complete). benchmarks/county_from_sheet.py runs the same path on all 1,135 items, timed."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from county_support import install_wheel, judge, layout, new_county, read_import

NOTICE = "办事指南正在完善中"
# what a clerk writes into each column of the work list the county's sheet left blank or in doubt
CLERK = {"申请材料": "1.申请表原件1份\n2.居民身份证复印件1份", "是否收费": "否", "收费依据及标准": ""}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def fill_work_list(path: Path) -> list[str]:
    """Fill every department's sheet as a clerk would (openpyxl, as Excel saves it); the ids of the rows filled."""
    book = openpyxl.load_workbook(path)
    filled = []
    for sheet in book.worksheets[1:]:  # 说明 first
        header = [c.value for c in sheet[1]]
        for row in range(2, sheet.max_row + 1):
            for column, name in enumerate(header, 1):
                cell = sheet.cell(row, column)
                if cell.comment is not None:  # a field missing or in doubt: its reason in the comment
                    assert name in CLERK, f"the work list asks for {name}, which this clerk does not know"
                    cell.value = CLERK[name]
            filled.append(sheet.cell(row, 1).value)
    book.save(path)
    return filled


@pytest.mark.slow
def test_a_county_from_nothing_publishes_its_sheet_and_fills_the_gaps(tmp_path):
    bianmin = install_wheel(tmp_path)
    county = new_county(bianmin, tmp_path, "guang-an")
    sheet = county / "实施清单.xlsx"
    expected = layout.write(sheet, layout.mixed_rows(layout.real_items(), seed=19, share=0.35), blank_every=40)

    report = bianmin.run("import", sheet.name, cwd=county).done.stdout
    judged = judge(expected, read_import(report, county / "catalogue"))
    assert judged.items == judged.rows == 130
    assert judged.misreads == [], judged.misreads
    assert judged.complete_not_guide == [] and judged.wrong_level == []  # every complete row reaches 办事指南
    assert 0 < judged.levels["基本信息"] < judged.levels["办事指南"]
    assert judged.not_items == 6 and judged.not_items_imported == [] and judged.not_items_unnamed == []
    departments = {cell["text"] for row in expected["rows"].values() for letter, cell in row["cells"].items() if letter == "H"}
    assert sum(line.count("新增部门") for line in report.splitlines()) == len(departments)

    before = snapshot(county / "catalogue")
    again = bianmin.run("import", sheet.name, cwd=county).done.stdout
    assert snapshot(county / "catalogue") == before and "新增 0，修改 0" in again

    bianmin.run("check", cwd=county)
    built = bianmin.run("build", cwd=county).done.stdout
    assert "（130 个事项" in built
    items = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (county / "catalogue" / "items").glob("*.yml")}
    for ident, data in items.items():
        page = (county / "site" / "items" / ident / "index.html").read_text("utf-8")
        assert data["name"] in page and (NOTICE in page) == (data["level"] == "基本信息"), ident

    bianmin.run("gaps", "--out", "待补充.xlsx", cwd=county)
    filled = fill_work_list(county / "待补充.xlsx")
    basic = {ident for ident, data in items.items() if data["level"] == "基本信息"}
    assert set(filled) == basic
    report = bianmin.run("import", "待补充.xlsx", cwd=county).done.stdout
    assert f"修改 {len(basic)}" in report and "冲突 0 处" in report
    for ident in basic:
        data = yaml.safe_load((county / "catalogue" / "items" / f"{ident}.yml").read_text("utf-8"))
        assert data["level"] == "办事指南" and [m["name"] for m in data["materials"]] != [], ident
    bianmin.run("check", cwd=county)
