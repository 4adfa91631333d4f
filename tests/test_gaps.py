"""bianmin gaps → a clerk fills the work list in Excel → bianmin import: the filled items reach 办事指南."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from support import FIXTURES, mini_with_basic_items

from generator.catalogue.check import check_catalogue
from generator.catalogue.gaps import columns_of, work_list
from generator.commands import main


@pytest.fixture
def root(tmp_path) -> Path:
    """The mini catalogue with its 基本信息 items, and 低保 declared 基本信息 with no fee and a catch-all condition."""
    root = mini_with_basic_items(tmp_path)
    dibao = root / "items" / "dibao.yml"
    text = dibao.read_text("utf-8").replace("id: dibao\n", "id: dibao\nlevel: 基本信息\n").replace("fee: 不收费\n", "")
    dibao.write_text(text.replace("  - 家庭财产状况符合本县规定", "  - 法律法规规定的其他条件"), "utf-8")
    assert check_catalogue(root).problems == []
    return root


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_paths_map_to_the_sheet_columns():
    assert columns_of("$.conditions[2]") == ("conditions",)
    assert columns_of("$.time_limit") == ("legal_limit", "promised_limit")
    assert columns_of("$.time_limit.promised.unit") == ("promised_limit",)
    assert columns_of("$.fee.items[0]") == ("fee_standard",)
    assert columns_of("$.steps") == ("other",)


def test_the_work_list_has_a_sheet_per_department_and_a_reason_per_field(root, tmp_path):
    out = tmp_path / "待补充.xlsx"
    assert main(["gaps", str(root), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["说明", "县人力资源和社会保障局", "县民政局"]
    dibao = rows(book["县民政局"])
    assert [r["事项标识"] for r in dibao] == ["dibao"]
    assert dibao[0]["完整度"] == "基本信息"
    assert "法律法规规定的其他条件" in dibao[0]["受理条件"]  # a doubtful value is shown to be corrected
    assert dibao[0]["是否收费"] is None  # an unknown one is left empty
    sheet = book["县民政局"]
    header = [c.value for c in sheet[1]]
    comment = sheet.cell(2, header.index("受理条件") + 1).comment.text
    assert "E-CONDITION-CATCHALL" in comment
    assert "未知" in sheet.cell(2, header.index("是否收费") + 1).comment.text
    assert "设定依据" not in header  # 低保 knows its basis: no column
    hrss = rows(book["县人力资源和社会保障局"])
    assert {r["事项标识"] for r in hrss} == {"jiuye-kunnan", "gongyi-gangwei"}
    assert "办理流程" in hrss[0]["待补充说明（导入时不读这一列）"]  # steps: no column, named in the notes


def test_a_complete_catalogue_has_an_empty_work_list():
    assert work_list(check_catalogue(FIXTURES / "mini").sources) == {}


def test_filled_in_and_imported_the_item_reaches_the_top_level(root, tmp_path):
    out = tmp_path / "待补充.xlsx"
    main(["gaps", str(root), "--out", str(out)])
    book = openpyxl.load_workbook(out)
    sheet = book["县民政局"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("受理条件") + 1).value = "持有本县户籍的城乡居民\n共同生活的家庭成员人均月收入低于本县最低生活保障标准\n家庭财产状况符合本县规定"
    sheet.cell(2, header.index("是否收费") + 1).value = "否"
    book.save(out)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        main(["import", str(out), str(root)])
    finally:
        os.chdir(cwd)
    data = yaml.safe_load((root / "items" / "dibao.yml").read_text("utf-8"))
    assert data["level"] == "办事指南" and data["fee"] == "不收费"
    assert data["conditions"][2] == "家庭财产状况符合本县规定"
    assert data["materials"][0]["name"] == "最低生活保障申请书"  # what the sheet did not hold stays
    assert yaml.safe_load((root / "items" / "jiuye-kunnan.yml").read_text("utf-8"))["level"] == "基本信息"
    assert check_catalogue(root).problems == []


def test_export_sheet_works_with_items_below_the_top_level(root, tmp_path):
    assert main(["export", str(root), "--format", "sheet", "--out", str(tmp_path / "out")]) == 0
    book = openpyxl.load_workbook(tmp_path / "out" / "实施清单.xlsx")
    names = {row[0]: row for row in book["实施清单"].iter_rows(min_row=2, values_only=True)}
    assert names["就业困难人员认定"][7] is None  # 法定办结时限 not known: an empty cell, not a guess
    shutil.rmtree(tmp_path / "out")


def test_each_doubt_lands_in_its_column_with_its_rule():
    from generator.catalogue.gaps import item_gap
    data = yaml.safe_load((FIXTURES / "mini" / "items" / "linshi-shenfenzheng.yml").read_text("utf-8"))
    del data["fee"]["items"][0]["basis"]
    data["time_limit"]["legal"]["unit"] = "工作日"
    data["visits"] = {"count": 0}
    data["conditions"].append("其他情形")
    gap = item_gap(data)
    codes = {column: {reason.split()[0] for reason in reasons} for column, reasons in gap.reasons.items()}
    assert codes == {"fee_standard": {"E-FEE-BASIS"}, "promised_limit": {"E-TIME-UNIT"}, "visits": {"E-VISITS-ZERO"},
                     "conditions": {"E-CONDITION-CATCHALL"}}
    assert gap.current["fee_standard"] == "临时居民身份证工本费：10 元/证"  # the value to correct, as the 实施清单 writes it
    assert gap.current["conditions"].endswith("其他情形")
