"""A county office from nothing, as it would do it: Bianmin's wheel installed into a fresh venv outside the
repository → `bianmin init` (then the county's supervision phone in county.yml, as the new project's README asks
first) → `bianmin check` and `bianmin build` with no items → `bianmin import` of its 实施清单 in the national layout, no mapping → `bianmin check` → `bianmin build`;
then the clerks fill `bianmin gaps`' work list in Excel and it is imported back.

The sheet is the 130 real items of tests/fixtures/import/guang-an-slice.json, each column group taking a clerk's
variant in a third of the rows (tests/fixtures/import/national.py knows every cell's reading and which rows are
complete). benchmarks/county_from_sheet.py runs the same path on all 1,135 items, timed."""
from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest
import yaml
from county_support import install_wheel, judge, layout, new_county, read_import

from generator.catalogue.check import check_catalogue
from generator.commands import main

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
    bianmin.run("check", cwd=county)  # with no items: the installed copy's schemas, templates and site sources travel
    assert "（0 个事项" in bianmin.run("build", cwd=county).done.stdout
    site = county / "site"
    assert (site / "index.html").is_file() and (site / "about" / "index.html").is_file()
    assert (site / "data" / "catalogue.schema.json").is_file()
    assert (site / "quality" / "index.html").is_file() and (site / "quality" / "stations.csv").is_file()
    assert (county / ".github" / "ISSUE_TEMPLATE" / "群众反映.yml").is_file()
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


def test_in_a_new_county_complete_rows_reach_the_guide_and_a_hotline_waits_for_the_countys_own_number(tmp_path):
    """Straight after `bianmin init` (county.yml still says 12345): a complaint cell saying 12345 cannot be an item's
    number, so that row stays 基本信息 with its consult phone, and the report says to write the county's own; the
    other complete rows reach 办事指南 (their materials' sources from init's common materials). Once the number is
    written, a re-import says the item can be raised, and leaves raising it to a person."""
    assert main(["init", str(tmp_path / "xian"), "--name", "广安区", "--area-code", "0826"]) == 0
    root = tmp_path / "xian" / "catalogue"
    rows = [layout.clean(item, n + 1) for n, item in enumerate(layout.real_items()[:3])]
    rows[1].update(layout._complaint(layout.COMPLAINT[1]))  # 12345
    sheet = tmp_path / "清单.xlsx"
    expected = layout.write(sheet, [layout.Row("clean", cells) for cells in rows])
    hotline_row = sorted(map(int, expected["rows"]))[1]

    out = run_import(sheet, root)
    levels = {row: data["level"] for row, data in read_import(out, root).items.items()}
    assert list(levels.values()) == ["办事指南", "基本信息", "办事指南"]
    item = root / "items" / f"{ident_of(out, hotline_row)}.yml"
    hotline = yaml.safe_load(item.read_text("utf-8"))
    assert hotline["phones"] == {"consult": "0826-2212350"}
    assert f"实施清单!Y{hotline_row}: 监督投诉电话写的是热线 12345，county.yml 的 supervision_phone 也还没有写本县带区号的号码" in out
    assert check_catalogue(root).problems == []

    county = root / "county.yml"
    county.write_text(county.read_text("utf-8").replace('supervision_phone: "12345"', 'supervision_phone: "0826-2345600"'), "utf-8")
    out = run_import(sheet, root)
    hotline = yaml.safe_load(item.read_text("utf-8"))
    assert hotline["phones"]["complaint"] == "0826-2345600" and hotline["level"] == "基本信息"
    assert f"实施清单!{hotline_row}:{hotline_row}: 内容已经够办事指南了：核对后请把 level 改成 办事指南" in out
    assert check_catalogue(root).problems == []


def run_import(sheet: Path, root: Path) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["import", str(sheet), str(root)]) == 0
    return out.getvalue()


def ident_of(report: str, row: int) -> str:
    """The new item a row became, as the report names it."""
    found = re.search(rf"（`([a-z0-9-]+)`）：实施清单 第 {row} 行", report)
    assert found, report
    return found[1]
