"""How fast `bianmin import` reads a county's whole 实施清单, how much comes out complete, and whether a
second import of an edited sheet changes only what was edited.

    python benchmarks/import_speed.py [--rows 1135] [--keep DIR]

Builds the messy sheet of benchmarks/make_messy_sheet.py from the 1,135 real items of 广安区, imports it
into a scratch catalogue (timed, in-process, after a warm-up of the pinyin segmenter), counts the items that
pass `bianmin check` and those a person must finish, checks that every deliberately bad cell is reported at
its sheet!cell, then edits the sheet (three time limits, one fee, one material, one name) and an item file
(an editor's alias and comment), imports again and compares the files.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_messy_sheet import COL, FIRST_ROW, make  # noqa: E402

from generator.catalogue.check import check_catalogue  # noqa: E402
from generator.commands import main  # noqa: E402
from generator.importing import ids  # noqa: E402


def run(*argv) -> tuple[int, str, float, float]:
    """Exit code, report, wall-clock seconds, CPU seconds (the machine may be shared: CPU time is steadier)."""
    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with redirect_stdout(out):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), time.perf_counter() - start, time.process_time() - cpu


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.glob("*.yml"))}


def edit_sheet(sheet: Path) -> dict[int, str]:
    """Change a few cells; return row -> what was changed."""
    book = load_workbook(sheet)
    items = book["实施清单"]
    edits = {}
    for row in (FIRST_ROW + 3, FIRST_ROW + 300, FIRST_ROW + 900):
        items.cell(row, COL["承诺"], "1个工作日")
        items.cell(row, COL["法定"], "20个工作日")
        items.cell(row, COL["办件类型"], "承诺件")
        edits[row] = "承诺时限"
    fee_row = FIRST_ROW + 500
    items.cell(fee_row, COL["是否收费"], "是")
    items.cell(fee_row, COL["收费依据及标准"], "工本费20元/证\n依据《四川省行政事业性收费标准》")
    edits[fee_row] = "收费"
    name_row = FIRST_ROW + 700
    items.cell(name_row, COL["事项名称"], items.cell(name_row, COL["事项名称"]).value + "（新）")
    edits[name_row] = "名称"
    materials = book["申请材料"]
    first = materials.cell(2, 1).value
    materials.append([first, materials.cell(2, 2).value, "新增的证明", "原件", 1, "必要", "其他"])
    edits[-1] = f"材料 {first}"
    book.save(sheet)
    return edits


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1135)
    parser.add_argument("--keep", type=Path, help="keep the sheet and catalogue in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bianmin-import-"))
    made = make(folder, args.rows)
    ids.slug("预热")  # load the word list once, as any longer session would have
    code, report, seconds, cpu = run("import", made["sheet"], made["catalogue"], "--mapping", made["mapping"])
    items = made["catalogue"] / "items"
    files = len(list(items.glob("*.yml")))
    problems = check_catalogue(made["catalogue"]).problems
    incomplete = {Path(p.file).stem for p in problems}
    missing = [cell for cell, word in made["bad"].items()
               if not any(line.startswith(f"- {cell}: ") and word in line for line in report.splitlines())]
    print(f"rows in sheet: {made['rows']}; items written: {files}; import time: {seconds:.1f} s wall, {cpu:.1f} s CPU "
          f"({cpu / made['rows'] * 1000:.1f} ms CPU/row); exit code {code}")
    print(f"complete (pass bianmin check): {files - len(incomplete)}; need a person: {len(incomplete)} "
          f"({len(problems)} fields); rows not imported: {made['rows'] - files}")
    print(f"deliberately bad cells reported at their sheet!cell: {len(made['bad']) - len(missing)}/{len(made['bad'])}"
          + (f"; MISSING: {missing}" if missing else ""))
    before = snapshot(items)
    edited_item = sorted(items.glob("*.yml"))[10]
    text = edited_item.read_text("utf-8").replace("\nname: ", "\naliases: [老百姓的叫法]  # 编辑加的\nname: ", 1)
    edited_item.write_text(text, "utf-8")
    before[edited_item.name] = text.encode("utf-8")
    edits = edit_sheet(made["sheet"])
    code, report, seconds, cpu = run("import", made["sheet"], made["catalogue"], "--mapping", made["mapping"])
    after = snapshot(items)
    changed = sorted(name for name in after if before.get(name) != after[name])
    added = sorted(set(after) - set(before))
    kept = "# 编辑加的" in edited_item.read_text("utf-8")
    print(f"second import (edited sheet): {seconds:.1f} s wall, {cpu:.1f} s CPU; files changed: {len(changed)} "
          f"(edits made: {len(edits)}); editor's alias and comment kept: {kept}; new files: {added}")
    for line in report.splitlines():
        if line.startswith("### ") or line.startswith("- ") and ("→" in line or "新增材料" in line):
            print("   ", line)
    ok = not missing and len(changed) == len(edits) and kept and not added
    print("OK" if ok else "NOT OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main_())
