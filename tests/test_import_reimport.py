"""Re-importing a 实施清单 never undoes a person's fix: what the last import read is kept in catalogue/.import/,
a field the sheet did not change keeps the catalogue's value, a field changed on both sides is a conflict."""
from __future__ import annotations

import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from import_support import FIXTURES, NEW_COUNTY, expectations
from openpyxl import load_workbook

from generator.catalogue.check import check_catalogue
from generator.commands import main
from generator.history.sheet_changes import item_changes
from generator.importing import plan_import, write_plan

SHEET = "national-two-row-header.xlsx"


def run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(map(str, argv)))
    return code, out.getvalue()


@pytest.fixture
def imported(tmp_path) -> tuple[Path, Path]:
    """A new county with the public national sheet imported once: (catalogue folder, sheet copy)."""
    root = tmp_path / "catalogue"
    shutil.copytree(NEW_COUNTY, root)
    sheet = tmp_path / "清单.xlsx"
    shutil.copy(FIXTURES / SHEET, sheet)
    code, out = run("import", sheet, root)
    assert code == 0, out
    return root, sheet


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


def file_of_row(root: Path, sheet: Path, row: int) -> Path:
    plan = plan_import(sheet, root)
    return next(p.path for p in plan.files if p.record.row == row)


def edit_cells(sheet: Path, cells: dict[str, str]) -> None:
    book = load_workbook(sheet)
    for ref, text in cells.items():
        book["实施清单"][ref] = text
    book.save(sheet)


def edit_item(file: Path, change) -> None:
    data = yaml.safe_load(file.read_text("utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def complete_rows() -> list[int]:
    rows = expectations(SHEET)["rows"]
    return [int(r) for r, e in rows.items() if e["level"] == "办事指南" and e["variant"] != "phone-several"]


def test_reimporting_an_unchanged_sheet_changes_nothing(imported):
    root, sheet = imported
    before = snapshot(root)
    assert any(name.startswith(".import/") for name in before) and "county.yml" in before
    code, out = run("import", sheet, root)
    assert snapshot(root) == before
    assert "新增 0，修改 0，没有变化 55" in out and "冲突 0 处" in out and "新增部门" not in out


def test_twenty_fields_fixed_by_hand_survive_a_reimport_of_the_same_sheet(imported):
    root, sheet = imported
    rows = complete_rows()[:20]
    fixes = {}
    for number, row in enumerate(rows):
        file = file_of_row(root, sheet, row)
        kind = number % 4
        if kind == 0:
            value = f"0826-22{number:05d}"
            edit_item(file, lambda d, value=value: d["phones"].__setitem__("consult", value))
        elif kind == 1:
            value = "证照（人工改过）"
            edit_item(file, lambda d, value=value: d["result"].__setitem__("name", value))
        elif kind == 2:
            value = ["申请人为本区户籍居民", "人工补充的条件：年满十八周岁"]
            edit_item(file, lambda d, value=value: d.__setitem__("conditions", value))
        else:
            value = {"value": 3, "unit": "工作日"}
            edit_item(file, lambda d, value=value: d["time_limit"].__setitem__("promised", value))
        fixes[file] = (kind, value)
    code, out = run("import", sheet, root)
    kept = 0
    for file, (kind, value) in fixes.items():
        data = yaml.safe_load(file.read_text("utf-8"))
        now = [data["phones"]["consult"], data["result"]["name"], data["conditions"], data["time_limit"]["promised"]][kind]
        kept += now == value
    assert kept == 20 == len(fixes), out
    assert "冲突 0 处" in out


def test_a_field_changed_in_the_sheet_and_the_catalogue_is_a_conflict_that_keeps_the_catalogue(imported):
    root, sheet = imported
    row = complete_rows()[0]
    file = file_of_row(root, sheet, row)
    edit_item(file, lambda d: d["phones"].__setitem__("consult", "0826-2999999"))
    edit_cells(sheet, {f"X{row}": "0826-2888888", f"Z{row}": "准予登记通知书"})  # the consult phone and the result
    code, out = run("import", sheet, root)
    data = yaml.safe_load(file.read_text("utf-8"))
    assert data["phones"]["consult"] == "0826-2999999"        # the catalogue's value stays
    assert data["result"]["name"] == "准予登记通知书"         # changed in the sheet only: taken
    assert "咨询电话：目录 0826-2999999；表格 0826-2888888（上次导入时表格是 0826-2212350）" in out
    assert "冲突 1 处" in out


def test_five_changed_cells_give_exactly_five_changes(imported):
    root, sheet = imported
    rows = complete_rows()
    files = [file_of_row(root, sheet, row) for row in rows[:5]]
    before = [yaml.safe_load(f.read_text("utf-8")) for f in files]
    edit_cells(sheet, {f"J{rows[0]}": "12", f"J{rows[1]}": "10", f"Z{rows[2]}": "登记证明",
                       f"X{rows[3]}": "0826-2777777", f"R{rows[4]}": "2"})
    code, out = run("import", sheet, root)
    after = [yaml.safe_load(f.read_text("utf-8")) for f in files]
    changes = [c.line() for old, new in zip(before, after) for c in item_changes(old, new)]
    assert len(changes) == 5, changes
    assert "修改 5" in out and "冲突 0 处" in out


def test_without_a_record_every_differing_field_is_a_conflict(imported):
    root, sheet = imported
    row = complete_rows()[0]
    file = file_of_row(root, sheet, row)
    shutil.rmtree(root / ".import")  # as for items imported before the import kept what it read
    edit_item(file, lambda d: d["result"].__setitem__("name", "人工改过的结果"))
    code, out = run("import", sheet, root)
    assert yaml.safe_load(file.read_text("utf-8"))["result"]["name"] == "人工改过的结果"
    assert "办理结果：目录 人工改过的结果；表格 准予许可决定书（没有上次导入的记录）" in out and "冲突 1 处" in out


def test_a_name_only_match_is_a_new_item_unless_the_person_names_it(imported, tmp_path):
    root, sheet = imported
    row = complete_rows()[0]
    file = file_of_row(root, sheet, row)
    code = "511X99999999-511602000000-000-000000000000000000-1-00"
    edit_cells(sheet, {f"G{row}": code})  # another code, the same name
    plan = plan_import(sheet, root)
    planned = next(p for p in plan.files if p.record.row == row)
    assert planned.new and planned.path != file
    assert any(f"和目录里的事项 {file.stem} 同名，但编码不同" in n.message and f"--same {row}={file.stem}" in n.message for n in plan.notes)
    plan = plan_import(sheet, root, same={row: file.stem})
    planned = next(p for p in plan.files if p.record.row == row)
    assert planned.path == file and not planned.new and not planned.conflicts
    assert planned.after["code"] == code  # the catalogue still held the code the last import read: the new one is taken


def test_messages_that_repeat_for_many_rows_are_one_line_with_the_rows(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(NEW_COUNTY, root)
    sheet = tmp_path / "清单.xlsx"
    shutil.copy(FIXTURES / SHEET, sheet)
    rows = complete_rows()[:6]
    edit_cells(sheet, {f"AB{r}": "" for r in rows})  # six more blank materials cells
    blank = sorted(rows + [int(r) for r, e in expectations(SHEET)["rows"].items() if e["cells"]["AB"]["text"] == ""])
    code, out = run("import", sheet, root, "--dry-run")
    lines = [line for line in out.splitlines() if "申请材料没有填写" in line]
    assert len(lines) == 1 and f"实施清单!AB 列第 {'、'.join(map(str, blank))} 行（{len(blank)} 处）" in lines[0]
    added = [line for line in out.splitlines() if "新增部门" in line]
    assert len(added) == len({d for d in (e["cells"]["H"]["text"] for e in expectations(SHEET)["rows"].values())})
    assert not (root / ".import").exists()  # --dry-run writes nothing


def test_a_second_import_adds_no_department_twice(imported):
    root, sheet = imported
    county = yaml.safe_load((root / "county.yml").read_text("utf-8"))
    ids = [d["id"] for d in county["departments"]]
    assert len(ids) == len(set(ids))
    write_plan(plan_import(sheet, root))
    assert [d["id"] for d in yaml.safe_load((root / "county.yml").read_text("utf-8"))["departments"]] == ids


def row_of(variant: str) -> int:
    return next(int(r) for r, e in expectations(SHEET)["rows"].items() if e["variant"] == variant)


def problems_of(root: Path, file: Path) -> list[str]:
    return [p.code for p in check_catalogue(root).problems if Path(p.file).name == file.name]


def test_a_reimport_never_raises_a_level_and_says_when_the_item_can_be_raised(imported):
    root, sheet = imported
    row = row_of("materials-blank")
    file = file_of_row(root, sheet, row)
    assert yaml.safe_load(file.read_text("utf-8"))["level"] == "基本信息"
    edit_cells(sheet, {f"AB{row}": "1.申请表原件1份；2.居民身份证复印件1份"})  # the new 清单 lists its materials
    code, out = run("import", sheet, root)
    data = yaml.safe_load(file.read_text("utf-8"))
    assert [m["name"] for m in data["materials"]] == ["申请表", "居民身份证"]
    assert data["level"] == "基本信息"  # raising is a person's act
    assert f"实施清单!{row}:{row}: 内容已经够办事指南了：核对后请把 level 改成 办事指南" in out
    assert problems_of(root, file) == []
    file.write_text(file.read_text("utf-8").replace("level: 基本信息", "level: 办事指南"), "utf-8")  # the person raises it
    assert problems_of(root, file) == []


def test_a_reimport_never_lowers_a_level_and_the_check_says_why(imported):
    root, sheet = imported
    row = complete_rows()[0]
    file = file_of_row(root, sheet, row)
    edit_cells(sheet, {f"K{row}": "1.申请人为本区户籍居民；2.法律法规规定的其他条件"})  # a catch-all condition
    code, out = run("import", sheet, root)
    data = yaml.safe_load(file.read_text("utf-8"))
    assert data["conditions"][1] == "法律法规规定的其他条件" and data["level"] == "办事指南"
    assert f"实施清单!{row}:{row}: 标的是办事指南，表格改过以后不够了（受理条件）" in out
    assert problems_of(root, file) == ["E-CONDITION-CATCHALL"]


def test_what_the_basic_level_forbids_is_not_merged_into_a_basic_item(imported):
    root, sheet = imported
    row = row_of("materials-blank")
    file = file_of_row(root, sheet, row)
    edit_cells(sheet, {f"AB{row}": "无"})  # none needed: materials: [], which only 办事指南 may say
    code, out = run("import", sheet, root)
    data = yaml.safe_load(file.read_text("utf-8"))
    assert "materials" not in data and data["level"] == "基本信息"
    assert f"实施清单!AB{row}: 这个事项还只是基本信息级，申请材料先不写进目录" in out
    assert problems_of(root, file) == []
