"""Make a realistic, messy 实施清单 workbook from the real item list of 广安区 (1,135 rows).

    python benchmarks/make_messy_sheet.py OUT_DIR [--rows N] [--seed 1]

Writes OUT_DIR/实施清单.xlsx, OUT_DIR/catalogue/ (a county.yml whose departments are the list's 34
departments, and the county centre) and OUT_DIR/mapping.yml (which category and county window each
department's new items get). Names, codes, departments and item types are real; the other columns are
made up in the forms such sheets really use, with the usual mess:

- a title row and a notes row above the header, a two-row header with 办结时限 merged over 法定/承诺;
- full-width digits (２０个工作日), 即办 / 当场办结 / 1个工作日, 办件类型 sometimes left empty;
- materials on a second sheet for most items, in one cell for the rest (split by line breaks or 、);
- phones as (0826)2345678, a few without area code; fees as 工本费10元/证;
- some cells nobody can read (二十天左右, 按规定收取), a formula, a hidden row, a merged department
  cell, a duplicate 实施编码 and a row without a name. `BAD_CELLS` lists what the import must report.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata" / "guang-an-items.json"
SLICE = ROOT / "tests" / "fixtures" / "import" / "guang-an-slice.json"
TYPE_WORDS = {1: ["行政许可", "行政许可类", "1"], 5: ["行政给付"], 7: ["行政确认", "7"], 8: ["行政奖励"],
              9: ["行政裁决"], 10: ["其他行政权力", "其他类"], 20: ["公共服务", "20"]}
HEADER = ["序号", "事项名称", "实施编码", "事项类型", "实施主体", "设定依据", "服务对象", "受理条件",
          "法定", "承诺", "办件类型", "到办事现场次数", "必须现场办理原因说明", "是否收费", "收费依据及标准",
          "办理地点", "咨询电话", "监督投诉电话", "办理结果", "结果送达方式", "网上办理地址", "网办深度", "申请材料"]
COL = {name: index + 1 for index, name in enumerate(HEADER)}
FIRST_ROW = 5  # title, notes, two header rows
BASES = ["《中华人民共和国行政许可法》第十二条", "《四川省政务服务管理办法》第十条", "《社会救助暂行办法》第十一条",
         "《中华人民共和国道路运输条例》第二十四条", "《建设工程质量管理条例》第十三条"]
AUDIENCES = ["自然人", "个人", "法人", "企业", "自然人、法人", "个人,企业", "法人、其他组织", "自然人，法人，其他组织"]
LIMITS = [("20个工作日", "10个工作日"), ("２０个工作日", "５个工作日"), ("30日", "15日"), ("即办", "即办"),
          ("5个工作日", "当场办结"), ("10个工作日", "1个工作日"), ("15个工作日内", "3个工作日"), ("60日", "20日")]
MATERIALS = [("居民身份证", "原件", "1", "必要", "政府部门核发"), ("申请表", "原件", "1", "必要", "申请人自备"),
             ("营业执照", "复印件", "1", "必要", "政府部门核发"), ("授权委托书", "原件", "1", "容缺", "申请人自备"),
             ("户口簿", "原件和复印件", "１", "是", "政府部门核发"), ("相关证明材料", "复印件", "2", "否", "其他")]
RESULTS = ["准予许可决定书", "办理结果通知书", "证明文件", "备案回执", "待遇发放"]


def real_items(rows: int) -> list[dict]:
    source = REALDATA if REALDATA.exists() else SLICE
    items = json.loads(source.read_text("utf-8"))
    return items[:rows]


def department_ids(items: list[dict]) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from generator.importing.ids import slug, unique

    taken: set[str] = set()
    return {name: unique(slug(name), taken) for name in sorted({i["department"] for i in items})}


def make(out: Path, rows: int = 1135, seed: int = 1) -> dict:
    """Write the workbook, a scratch catalogue and a mapping file into out; return what was made and BAD_CELLS."""
    rng = random.Random(seed)
    items = real_items(rows)
    out.mkdir(parents=True, exist_ok=True)
    departments = department_ids(items)
    _catalogue(out / "catalogue", departments)
    (out / "mapping.yml").write_text(yaml.safe_dump(_mapping(departments), allow_unicode=True, sort_keys=False), "utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "实施清单"
    materials = book.create_sheet("申请材料")
    materials.append(["事项编码", "事项名称", "材料名称", "材料形式", "份数", "是否必要", "来源渠道"])
    _head(sheet)
    bad: dict[str, str] = {}
    for index, item in enumerate(items):
        row = FIRST_ROW + index
        for col, value in enumerate(_row(index, item, rng), start=1):
            sheet.cell(row, col, value)
        _materials(sheet, materials, row, item, rng)
    _mess(sheet, items, bad)
    path = out / "实施清单.xlsx"
    book.save(path)
    return {"sheet": path, "catalogue": out / "catalogue", "mapping": out / "mapping.yml", "bad": bad, "rows": len(items)}


def _head(sheet) -> None:
    width = len(HEADER)
    sheet.cell(1, 1, "广安区政务服务事项实施清单（2026 年版）")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, "填报说明：本表由各部门填报，时限单位为工作日，电话请带区号。")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for name, col in COL.items():
        if name in ("法定", "承诺"):
            sheet.cell(4, col, name)
        else:
            sheet.cell(3, col, name)
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    sheet.cell(3, COL["法定"], "办结时限")
    sheet.merge_cells(start_row=3, start_column=COL["法定"], end_row=3, end_column=COL["承诺"])


def _row(index: int, item: dict, rng: random.Random) -> list:
    legal, promised = rng.choice(LIMITS)
    instant = promised in ("即办", "当场办结")
    visits = rng.choice(["0", "0", "1", "1次", "１", "一次"])
    charged = rng.random() < 0.1
    phone = "0826-22" + f"{index:05d}"
    consult = rng.choice([phone, phone, f"（0826）22{index:05d}", f"0826－22{index:05d}"])
    case = "" if rng.random() < 0.15 else ("即办件" if instant else "承诺件")
    basis = rng.sample(BASES, rng.choice([1, 2]))
    return [
        index + 1, item["name"], item["code"], rng.choice(TYPE_WORDS[item["type_code"]]), item["department"],
        "\n".join(f"{n + 1}、{b}" for n, b in enumerate(basis)) if len(basis) > 1 else basis[0],
        rng.choice(AUDIENCES), f"申请人符合{basis[0]}规定的条件；材料齐全、符合法定形式",
        legal, promised, case, visits, "" if visits.startswith("0") else "需本人到场核验身份并签字",
        "是" if charged else rng.choice(["否", "不收费"]),
        "工本费10元/证\n依据《四川省行政事业性收费标准》" if charged else "",
        "广安区政务服务中心", consult, "0826-2212345", rng.choice(RESULTS), rng.choice(["窗口领取", "窗口领取、邮寄", "电子证照"]),
        "https://www.sczwfw.gov.cn", "互联网办理", "",
    ]


def _materials(sheet, materials, row: int, item: dict, rng: random.Random) -> None:
    chosen = rng.sample(MATERIALS, rng.choice([1, 2, 3]))
    if rng.random() < 0.7:
        for name, form, copies, required, source in chosen:
            materials.append([item["code"], item["name"], name, form, copies, required, source])
        return
    if rng.random() < 0.5:
        text = "\n".join(f"{n + 1}. {m[0]}{m[1]}{m[2]}份" for n, m in enumerate(chosen))
    else:
        text = "、".join(m[0] for m in chosen)  # no form and copies: left for a person
    sheet.cell(row, COL["申请材料"], text)


def _mess(sheet, items: list[dict], bad: dict) -> None:
    """The cells a person must look at; bad maps 'sheet!cell' to what the import must say about it."""
    last = FIRST_ROW + len(items) - 1

    def cell(name: str, row: int) -> str:
        return f"{get_column_letter(COL[name])}{row}"

    def put(name: str, row: int, value, expect: str) -> None:
        if row <= last:
            sheet.cell(row, COL[name]).value = value  # cell(r, c, None) would leave the old value
            bad[f"实施清单!{cell(name, row)}"] = expect

    put("承诺", FIRST_ROW + 32, "二十天左右", "读不出天数")
    put("法定", FIRST_ROW + 40, "按规定", "读不出天数")
    put("到办事现场次数", FIRST_ROW + 51, "多次", "读不出次数")
    put("收费依据及标准", FIRST_ROW + 60, "按规定收取", "读不出收费项目")
    sheet.cell(FIRST_ROW + 60, COL["是否收费"], "是") if FIRST_ROW + 60 <= last else None
    put("咨询电话", FIRST_ROW + 70, "2345678", "没有区号")
    put("到办事现场次数", FIRST_ROW + 80, "=1+0", "公式")
    if FIRST_ROW + 90 <= last:
        sheet.row_dimensions[FIRST_ROW + 90].hidden = True
        bad[f"实施清单!{FIRST_ROW + 90}:{FIRST_ROW + 90}"] = "隐藏"
    if FIRST_ROW + 101 <= last:  # the same department over two rows, merged
        col = COL["实施主体"]
        sheet.cell(FIRST_ROW + 101, col, sheet.cell(FIRST_ROW + 100, col).value)
        sheet.merge_cells(start_row=FIRST_ROW + 100, start_column=col, end_row=FIRST_ROW + 101, end_column=col)
        bad[f"实施清单!{cell('实施主体', FIRST_ROW + 100)}:{cell('实施主体', FIRST_ROW + 101)}"] = "合并单元格"
    if FIRST_ROW + 111 <= last:  # two rows with one 实施编码
        sheet.cell(FIRST_ROW + 111, COL["实施编码"], sheet.cell(FIRST_ROW + 110, COL["实施编码"]).value)
        bad[f"实施清单!{cell('实施编码', FIRST_ROW + 110)}"] = "重复"
        bad[f"实施清单!{cell('实施编码', FIRST_ROW + 111)}"] = "重复"
    put("事项名称", FIRST_ROW + 120, None, "没有事项名称")


def _catalogue(folder: Path, departments: dict[str, str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "items").mkdir(parents=True)
    (folder / "centres").mkdir()
    county = yaml.safe_load((ROOT / "catalogue" / "county.yml").read_text("utf-8"))
    for situation in county.get("situations", ()):
        situation.pop("steps", None)  # the demo's life events (一件事) name demo items
    county.update({"id": "guangan", "name": "广安区", "province": "四川省", "city": "广安市", "area_code": "0826",
                   "supervision_phone": "0826-2212345"})
    county.pop("postal_code", None), county.pop("division_code", None)
    county["departments"] = [{"id": ident, "name": name, "phone": f"0826-23{n:05d}"} for n, (name, ident) in enumerate(sorted(departments.items()))]
    text = "# yaml-language-server: $schema=../schema/county.schema.json\n" + yaml.safe_dump(county, allow_unicode=True, sort_keys=False)
    (folder / "county.yml").write_text(text, "utf-8")
    shutil.copy(ROOT / "catalogue" / "centres" / "fufeng.yml", folder / "centres" / "guangan.yml")
    centre = (folder / "centres" / "guangan.yml").read_text("utf-8").replace("id: fufeng", "id: guangan")
    (folder / "centres" / "guangan.yml").write_text(centre, "utf-8")


def _mapping(departments: dict[str, str]) -> dict:
    categories = ["social-insurance", "employment", "medical-insurance", "social-assistance", "land-housing", "agriculture", "identity", "education"]
    return {"categories": {ident: categories[n % len(categories)] for n, ident in enumerate(departments.values())},
            "windows": {ident: "general" for ident in departments.values()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1135)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = make(args.out, args.rows, args.seed)
    print(f"{made['sheet']}：{made['rows']} 行；目录 {made['catalogue']}；对照文件 {made['mapping']}；故意弄坏的格 {len(made['bad'])} 处")


if __name__ == "__main__":
    main()
