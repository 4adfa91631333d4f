"""How fast `bianmin import` reads a county's whole 实施清单, how much comes out complete, and whether a
second import of an edited sheet changes only what was edited.

    python benchmarks/import_speed.py [--rows 1135] [--keep DIR]
    python benchmarks/import_speed.py --national [--rows 1135] [--keep DIR]

--national: a sheet in the national element layout (tests/fixtures/import/national.py: title and notes rows,
two-row header, clerks' spellings, footer rows; a seeded mix of every variant) from the first ROWS real item
names, imported with no mapping into a new county (tests/fixtures/import/new-county/): time, rows per level
reached, silent misreads per variant against the expected readings, and a second import of the same sheet.

Builds the messy sheet of benchmarks/make_messy_sheet.py from the 1,135 real items of 广安区, imports it
into a scratch catalogue (timed, in-process, after a warm-up of the pinyin segmenter), counts the items that
pass `bianmin check` and those a person must finish, checks that every deliberately bad cell is reported at
its sheet!cell, then edits the sheet (three time limits, one fee, one material, one name) and an item file
(an editor's alias and comment), imports again and compares the files.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_messy_sheet import COL, FIRST_ROW, make  # noqa: E402

from generator.catalogue.check import check_catalogue  # noqa: E402
from generator.commands import main  # noqa: E402
from generator.importing import ids, plan_import  # noqa: E402


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


def national(folder: Path, rows: int) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "import"))
    import national as layout
    from import_support import NEW_COUNTY, Imported, row_problems, silent

    folder.mkdir(parents=True, exist_ok=True)
    sheet = folder / "实施清单.xlsx"
    expected = layout.write(sheet, layout.mixed_rows(layout.real_items(whole=True)[:rows], seed=1135), blank_every=97)
    (folder / "实施清单.expected.json").write_text(json.dumps(expected, ensure_ascii=False), "utf-8")
    root = folder / "catalogue"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(NEW_COUNTY, root)
    ids.slug("预热")
    code, report, seconds, cpu = run("import", sheet, root)
    print(f"national layout, {rows} rows, no mapping: {seconds:.1f} s wall, {cpu:.1f} s CPU; exit code {code}")
    print("   ", next(line for line in report.splitlines() if line.startswith("**合计")))
    problems = check_catalogue(root).problems
    failing = {Path(p.file).stem for p in problems}
    plan = plan_import(sheet, root)  # the written catalogue read again: which file each row went to
    items = {p.record.row: yaml.safe_load(p.path.read_text("utf-8")) for p in plan.files}
    noted: dict = {}
    for note in plan.notes:  # a second import names the same cells as the first
        for cell in re.findall(r"[A-Z]*\d+", note.cell):
            noted.setdefault(cell, []).append(note)
    result = Imported(items, yaml.safe_load((root / "county.yml").read_text("utf-8")), noted, set(), plan)
    per_variant: Counter = Counter()
    for row, row_expected in expected["rows"].items():
        for problem in silent(row_problems(result, int(row), row_expected)):
            print("   silent:", problem)
            for variant in row_expected["variant"].split("+"):
                per_variant[variant] += 1
    levels = Counter(item["level"] for item in items.values())
    expected_levels = Counter(r["level"] for r in expected["rows"].values())
    wrong_level = [r for r, e in expected["rows"].items() if items.get(int(r), {}).get("level") != e["level"]]
    print(f"item rows {len(expected['rows'])}, items {len(items)}; levels {dict(levels)} (expected {dict(expected_levels)}; "
          f"rows at another level than expected: {len(wrong_level)}); silent misreads: {sum(per_variant.values())} {dict(per_variant)}")
    print(f"rows that are not items, skipped: {sum(1 for r in expected['not_items'] if int(r) not in items)}/{len(expected['not_items'])}; "
          f"bianmin check: {len(failing)} files with problems ({len(problems)} problems)")
    code, report, seconds, cpu = run("import", sheet, root)
    print(f"second import of the same sheet: {seconds:.1f} s wall, {cpu:.1f} s CPU")
    print("   ", next(line for line in report.splitlines() if line.startswith("**合计")))
    return 0 if not per_variant and not wrong_level else 1


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1135)
    parser.add_argument("--keep", type=Path, help="keep the sheet and catalogue in this folder")
    parser.add_argument("--national", action="store_true", help="the national element layout, no mapping, into a new county")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bianmin-import-"))
    if args.national:
        return national(folder, args.rows)
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
