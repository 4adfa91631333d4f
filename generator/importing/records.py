"""From the rows of an 实施清单 to item records: the fields the sheet gives, and the ones it could not give.

A record holds `values` (path -> value read from the sheet) and `blanks` (path -> why it is left for a
person). Paths are tuples into an item file, e.g. ("time_limit", "promised").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import values as v
from .columns import Header, Mapping, find_header, header_notes
from .notes import NOTICE, PERSON, SKIPPED, Note, fatal
from .sheet import Grid, cell_ref

# column field -> (item path, what it is called in messages)
LABELS = {
    "name": "事项名称", "code": "实施编码", "type": "事项类型", "department": "实施主体", "basis": "设定依据",
    "audience": "服务对象", "conditions": "受理条件", "legal_limit": "法定办结时限", "promised_limit": "承诺办结时限",
    "case_type": "办件类型", "visits": "到办事现场次数", "visits_reason": "到现场原因", "charged": "是否收费",
    "fee_standard": "收费依据及标准", "consult_phone": "咨询电话", "complaint_phone": "监督投诉电话",
    "result_name": "办理结果", "delivery": "结果送达方式", "online_url": "网上办理地址", "online_depth": "网办深度",
    "materials": "申请材料", "fee_basis": "收费依据",
}
# item path -> what it is called in messages
FIELD_LABELS = {("name",): "事项名称", ("code",): "实施编码", ("type",): "事项类型", ("department",): "实施主体", ("basis",): "设定依据",
                ("audience",): "服务对象", ("conditions",): "受理条件", ("time_limit", "legal"): "法定办结时限",
                ("time_limit", "promised"): "承诺办结时限", ("time_limit", "note"): "时限说明", ("case_type",): "办件类型",
                ("visits", "count"): "到办事现场次数", ("visits", "reason"): "到现场原因", ("visits", "postal"): "可邮寄申请",
                ("fee",): "收费", ("phones", "consult"): "咨询电话", ("phones", "complaint"): "监督投诉电话",
                ("phones", "others"): "其他咨询电话", ("result", "name"): "办理结果", ("result", "delivery"): "结果送达方式",
                ("online",): "网上办理", ("materials",): "申请材料"}
FOOTER = re.compile(r"^(填表人|填报人|制表人|审核人|负责人|联系人|填报日期|填表日期|制表日期|填报单位)[:：\s]")
SUBTOTAL = re.compile(r"^(小计|合计|总计|共计)[:：\s]|^(本部门)?共\s*\d+\s*项")


@dataclass
class Record:
    sheet: str
    row: int
    name: str
    code: str = ""
    base_code: str = ""
    values: dict = field(default_factory=dict)   # path -> value read from the sheet
    blanks: dict = field(default_factory=dict)   # path -> why a person must fill it
    department_id: str = ""
    new_department: str = ""                     # 实施主体 as written, when county.yml has no such department
    cells: dict = field(default_factory=dict)    # path -> "sheet!cell" the value came from, for messages
    catalogue_id: str = ""                       # the item this row is, when the sheet names it
    see_elsewhere: str = ""                      # the materials cell points elsewhere: “详见申请材料表”

    def where(self) -> str:
        return f"{self.sheet} 第 {self.row} 行"


@dataclass
class SheetRead:
    records: list[Record]
    notes: list[Note]
    columns: set[str]            # item fields this sheet has a column for
    material_columns: set[str]   # material fields (second sheet), empty when materials are in one cell


def read_records(grids: list[Grid], mapping: Mapping, county: dict, filename: str) -> SheetRead:
    grid, header = _item_sheet(grids, mapping, filename)
    notes = list(grid.notes) + header_notes(grid, header) + _merged_notes(grid, header)
    notes += [Note(grid.name, f"{r}:{r}", "这一行在 Excel 里是隐藏的，没有导入；要导入请先取消隐藏", SKIPPED)
              for r in sorted(grid.hidden_rows) if header.row < r <= len(grid.rows) and any(grid.rows[r - 1])]
    records = []
    last = max((r for r in range(header.row + 1, len(grid.rows) + 1) if any(grid.rows[r - 1])), default=header.row)
    for row in range(header.row + 1, last + 1):
        if row in grid.hidden_rows:
            continue
        not_item = _not_an_item(grid, header, row)
        if not_item:
            notes.append(Note(grid.name, f"{row}:{row}", not_item, NOTICE))
            continue
        record, found = _record(grid, header, row, county, mapping)
        notes += found
        if record:
            records.append(record)
    notes += _duplicates(grid, header, records)
    records = [r for r in records if not any(n.kind == SKIPPED and n.sheet == r.sheet and _row_of(n.cell) == r.row for n in notes)]
    material_columns: set[str] = set()
    material_sheet = _material_sheet(grids, grid, mapping)
    if material_sheet:
        material_columns, found = _attach_materials(material_sheet[0], material_sheet[1], records)
        notes += found
    for record in records:
        if record.see_elsewhere and ("materials",) not in record.values:
            where = record.cells[("materials",)].split("!")[1]
            why = f"申请材料写的是“{record.see_elsewhere}”，但{'材料表里没有这个事项的材料' if material_sheet else '表格里没有材料表'}：目录里记为“未知”"
            record.blanks[("materials",)] = why
            notes.append(Note(grid.name, where, why + "，留给人工填写", PERSON))
    if not records:
        raise fatal(grid.name, f"第 {header.row} 行是表头，但下面没有可以导入的事项")
    return SheetRead(records, notes, set(header.columns), material_columns)


def _not_an_item(grid: Grid, header: Header, row: int) -> str:
    """Why a row is not an item: blank, a footer (填表人 / 审核人 / 填报日期), a subtotal, or one text over the whole row."""
    cells = [c for c in grid.rows[row - 1] if c.strip()]
    if not cells:
        return "空行，跳过"
    first = v.loose(cells[0])
    if FOOTER.match(first):
        return f"这是表尾（“{cells[0][:30]}”），不是事项，没有导入"
    if SUBTOTAL.match(first):
        return f"这是小计或合计行（“{cells[0][:30]}”），不是事项，没有导入"
    merged = any(r == row and r2 == row and c2 - c1 >= 2 for r, c1, r2, c2 in grid.merged)
    if merged and len(set(cells)) == 1:
        return f"整行合并的一句话（“{cells[0][:30]}”），是标题或说明，不是事项，没有导入"
    return ""


def _row_of(cell: str) -> int:
    match = re.search(r"(\d+)", cell)
    return int(match.group(1)) if match else 0


def _item_sheet(grids: list[Grid], mapping: Mapping, filename: str) -> tuple[Grid, Header]:
    if not grids or all(not any(any(row) for row in g.rows) for g in grids):
        raise fatal(filename, "表格是空的：没有任何内容")
    found = [(grid, header) for grid in grids if (header := find_header(grid, mapping.items, "name", mapping.ignored))]
    if found:  # the sheet that names the most item columns (a materials sheet also has 事项名称)
        return max(found, key=lambda pair: len(pair[1].columns))
    names = "、".join(g.name for g in grids)
    raise fatal(grids[0].name, f"找不到“事项名称”列（看了 {names} 的前 15 行）：请确认表头有“事项名称”，"
                               "或在列名对照文件里写明事项名称在哪一列（见 docs/editing.md）")


def _merged_notes(grid: Grid, header: Header) -> list[Note]:
    notes = []
    for min_row, min_col, max_row, max_col in grid.merged:
        if max_row <= header.row:
            continue  # merged header cells are read as group titles
        where = f"{cell_ref(min_row, min_col)}:{cell_ref(max_row, max_col)}"
        notes.append(Note(grid.name, where, f"这是合并单元格，已把“{grid.text(min_row, min_col)[:20]}”用于其中每一行；请核对，最好取消合并后每行填上", NOTICE))
    return notes


def _record(grid: Grid, header: Header, row: int, county: dict, mapping: Mapping) -> tuple[Record | None, list[Note]]:
    cols = header.columns

    def text(name: str) -> str:
        return grid.text(row, cols[name]) if name in cols else ""

    def cell(name: str) -> str:
        return cell_ref(row, cols[name])

    name = " ".join(v.plain(text("name")).split())
    if not name:
        return None, [Note(grid.name, cell("name"), "这一行有内容但没有事项名称，没有导入", SKIPPED)]
    record = Record(grid.name, row, name, v.plain(text("code")), v.plain(text("base_code")))
    notes: list[Note] = []
    read = _Reader(record, notes, grid.name, cell, text)
    record.values[("name",)] = name
    if len(name) > 80:
        notes.append(Note(grid.name, cell("name"), f"事项名称有 {len(name)} 个字，目录规定最多 80 个字：导入后请改短", PERSON))
    if record.code:
        record.values[("code",)] = record.code
        dirt = v.code_dirt(record.code)
        if dirt:
            notes.append(Note(grid.name, cell("code"), dirt, NOTICE))
    read.field("type", ("type",), v.item_type)
    read.field("audience", ("audience",), v.audience)
    read.field("basis", ("basis",), _nonempty_list)
    read.field("conditions", ("conditions",), _nonempty_list)
    _limits(read, header)
    read.field("case_type", ("case_type",), v.case_type)
    read.field("visits", ("visits", "count"), v.visits)
    read.field("result_name", ("result", "name"), _short_text)
    read.field("delivery", ("result", "delivery"), v.delivery)
    _phones(read, county, cols)
    if "visits_reason" in cols and text("visits_reason").strip():
        record.values[("visits", "reason")] = v.plain(text("visits_reason"))
    if re.search(r"快递|邮寄", text("handling")) and record.values.get(("visits", "count")) == 0:
        record.values[("visits", "postal")] = True
    if text("catalogue_id").strip():
        record.catalogue_id = v.plain(text("catalogue_id"))
    _department(read, county, mapping)
    _fee(read, cols)
    _online(read, cols)
    _case_type_from_limit(record, cols)
    if ("case_type",) in record.values and "case_type" in cols:
        notes[:] = [n for n in notes if not (n.cell == cell("case_type") and n.kind == PERSON)]
    if "materials" in cols:
        _materials(read)
    if record.catalogue_id:  # a work list (bianmin gaps): a cell left empty asks nothing and changes nothing
        empty = {cell(name) for name in cols if not text(name).strip()}
        notes[:] = [n for n in notes if not (n.kind == PERSON and n.cell in empty)]
    return record, notes


def _limits(read: _Reader, header: Header) -> None:
    """Both time limits, each in the unit its header or the sheet states; notes in brackets kept in time_limit.note."""
    notes: list[str] = []
    for column, key, label in (("legal_limit", "legal", "法定"), ("promised_limit", "promised", "承诺")):
        unit = header.units.get(column) or header.unit
        found: list = []

        def parse(text: str, unit=unit, found=found):
            reading = v.limit(text, unit)
            found.append(reading)
            return reading.value, reading.why

        read.field(column, ("time_limit", key), parse)
        if found and found[0].notice:
            read.notes.append(Note(read.sheet, read.cell(column), found[0].notice, NOTICE))
        if found and found[0].note:
            notes.append(f"{label}时限{found[0].note}" if len(notes) or key == "legal" else found[0].note)
        if f"{key}_note" in header.columns and read.text(f"{key}_note").strip() and not v.NOT_APPLICABLE.match(read.text(f"{key}_note").strip()):
            notes.append(v.plain(read.text(f"{key}_note")))
    if notes:
        read.record.values[("time_limit", "note")] = "；".join(dict.fromkeys(notes))


def _phones(read: _Reader, county: dict, cols: dict) -> None:
    """Every consultation number kept (the first is the one to call, the others in phones.others); the
    national hotline 12345 as the complaint number: the county's own supervision phone, said so."""
    found: list = []

    def consult(text: str):
        numbers, why = v.phones(text)
        found.extend(numbers or [])
        return (numbers[0] if numbers else None), why

    read.field("consult_phone", ("phones", "consult"), consult)
    if len(found) > 1:
        read.record.values[("phones", "others")] = found[1:]
    if "complaint_phone" not in cols:
        return
    raw = v.loose(read.text("complaint_phone"))
    own = county.get("supervision_phone") or ""
    if raw in v.HOTLINES and v.phone(own)[1] is None:
        read.record.values[("phones", "complaint")] = own
        read.record.cells[("phones", "complaint")] = f"{read.sheet}!{read.cell('complaint_phone')}"
        read.notes.append(Note(read.sheet, read.cell("complaint_phone"), f"监督投诉电话写的是热线 {raw}，用了 county.yml 的监督投诉电话 {own}", NOTICE))
        return
    if raw in v.HOTLINES:  # a new county's county.yml still says 12345 (bianmin init): no number an item can hold
        message = (f"监督投诉电话写的是热线 {raw}，county.yml 的 supervision_phone 也还没有写本县带区号的号码"
                   "：请先在 county.yml 写好，再导入一次")
        read.record.cells[("phones", "complaint")] = f"{read.sheet}!{read.cell('complaint_phone')}"
        read.record.blanks[("phones", "complaint")] = message
        read.notes.append(Note(read.sheet, read.cell("complaint_phone"), message, PERSON))
        return
    read.field("complaint_phone", ("phones", "complaint"), v.phone)


def _materials(read: _Reader) -> None:
    """Materials in one cell. A blank cell is unknown (never “none needed”); “无” is none needed; “详见申请材料表”
    is read from the materials sheet, or stays unknown and is named."""
    text = v.plain(read.text("materials"))
    read.record.cells[("materials",)] = f"{read.sheet}!{read.cell('materials')}"
    if not text or v.NOT_APPLICABLE.match(text):
        read.record.blanks[("materials",)] = "申请材料没有填写（目录里记为“未知”，不是“不需要材料”）"
        read.notes.append(Note(read.sheet, read.cell("materials"), "申请材料没有填写：目录里记为“未知”，不是“不需要材料”，留给人工填写", PERSON))
        return
    if v.SEE_ELSEWHERE.match(text):
        read.record.see_elsewhere = text
        return
    read.record.values[("materials",)] = [v.material_text(t) for t in v.material_cells(text)]


class _Reader:
    def __init__(self, record, notes, sheet, cell, text):
        self.record, self.notes, self.sheet, self.cell, self.text = record, notes, sheet, cell, text
        self.columns = set()

    def field(self, column: str, path: tuple, parse) -> None:
        try:
            cell = self.cell(column)
        except KeyError:
            return  # no such column: the field is not read from this sheet
        raw = self.text(column)
        self.record.cells[path] = f"{self.sheet}!{cell}"
        value, why = parse(raw)
        if why is None:
            self.record.values[path] = value
            return
        shown = raw.strip().replace("\n", " ")
        message = f"{LABELS[column]}“{shown[:30]}”{why}" if shown else f"{LABELS[column]}没有填写"
        self.record.blanks[path] = message
        self.notes.append(Note(self.sheet, cell, message + "，留给人工填写", PERSON))


def _nonempty_list(text: str):
    entries = [e for e in v.split_cell(text) if len(e) >= 4]
    return (entries, None) if entries else (None, "太短或没有内容")


def _short_text(text: str):
    value = v.plain(text)
    return (value, None) if len(value) >= 2 else (None, "没有填写")


def _department(read: _Reader, county: dict, mapping: Mapping) -> None:
    def parse(text: str):
        name = " ".join(v.plain(text).split())
        if not name:
            return None, "没有填写"
        ident = department_id(name, county, mapping)
        if not ident:
            read.record.new_department = name  # the plan adds it to county.yml (reported once)
        return ident or None, None

    read.field("department", ("department",), parse)
    read.record.department_id = read.record.values.get(("department",)) or ""


def department_id(name: str, county: dict, mapping: Mapping) -> str:
    if name in mapping.departments:
        return mapping.departments[name]
    departments = county.get("departments") or []
    for entry in departments:
        if entry.get("name") == name or entry.get("id") == name:
            return entry["id"]
    bare = re.sub(r"^(区|县|市|旗)", "", name)  # 区民政局 and 县民政局 are the same office
    matches = [e["id"] for e in departments if re.sub(r"^(区|县|市|旗)", "", e.get("name", "")) == bare]
    return matches[0] if len(matches) == 1 else ""


def _fee(read: _Reader, cols: dict) -> None:
    if "charged" not in cols and "fee_standard" not in cols:
        return
    column = "fee_standard" if "fee_standard" in cols and read.text("fee_standard").strip() else "charged"
    column = column if column in cols else "fee_standard"
    value, why = v.fee(read.text("charged"), read.text("fee_standard"), read.text("fee_basis") if "fee_basis" in cols else "")
    if why is None:
        read.record.values[("fee",)] = value
    else:
        read.record.blanks[("fee",)] = why
        read.notes.append(Note(read.sheet, read.cell(column), f"收费：{why}，留给人工填写", PERSON))


def _online(read: _Reader, cols: dict) -> None:
    url = v.plain(read.text("online_url")) if "online_url" in cols else ""
    if not url:
        return
    if not re.match(r"^https?://", url):
        read.notes.append(Note(read.sheet, read.cell("online_url"), f"网上办理地址“{url[:40]}”不是 http:// 或 https:// 开头的网址，没有导入", NOTICE))
        return
    depth, why = v.online_depth(read.text("online_depth")) if "online_depth" in cols else (None, "表格里没有网办深度")
    if why:
        read.record.blanks[("online",)] = f"网办深度：{why}"
        cell = read.cell("online_depth") if "online_depth" in cols else read.cell("online_url")
        read.notes.append(Note(read.sheet, cell, f"网办深度{why}，留给人工填写", PERSON))
        return
    read.record.values[("online",)] = {"url": url, "depth": depth}


def _case_type_from_limit(record: Record, cols: dict) -> None:
    """No 办件类型 column, or the cell is empty: 即办件 when the promised limit is 0, otherwise 承诺件 (the checker's own rule)."""
    promised = record.values.get(("time_limit", "promised"))
    if ("case_type",) in record.values or promised is None:
        return
    if "case_type" not in cols or record.blanks.get(("case_type",), "").endswith("没有填写"):
        record.values[("case_type",)] = "即办件" if promised["value"] == 0 else "承诺件"
        record.blanks.pop(("case_type",), None)


def _duplicates(grid: Grid, header: Header, records: list[Record]) -> list[Note]:
    notes: list[Note] = []
    seen: dict[str, list[Record]] = {}
    for record in records:
        if record.code:
            seen.setdefault(record.code, []).append(record)
    for code, same in seen.items():
        if len(same) > 1:
            rows = "、".join(str(r.row) for r in same)
            for record in same:
                notes.append(Note(grid.name, header.cell("code", record.row),
                                  f"实施编码 {code} 在第 {rows} 行重复，分不清是哪个事项，这几行都没有导入：请改正编码", SKIPPED))
    return notes


# ---- materials on a second sheet -------------------------------------------------

def _material_sheet(grids: list[Grid], item_grid: Grid, mapping: Mapping) -> tuple[Grid, Header] | None:
    for grid in grids:
        if grid is item_grid:
            continue
        header = find_header(grid, mapping.materials, "name", mapping.ignored)
        if header and ("item_code" in header.columns or "item_name" in header.columns):
            return grid, header
    return None


def _attach_materials(grid: Grid, header: Header, records: list[Record]) -> tuple[set, list[Note]]:
    by_key: dict[str, Record] = {}
    for record in records:
        for key in (record.code, record.base_code, record.name):
            if key:
                by_key.setdefault(key, record)
    listed: dict[int, list] = {}
    notes = header_notes(grid, header)
    cols = header.columns
    for row in range(header.row + 1, len(grid.rows) + 1):
        if row in grid.hidden_rows or not any(grid.rows[row - 1]):
            continue
        key_col = next((c for c in ("item_code", "item_name") if c in cols and grid.text(row, cols[c]).strip()), None)
        key = v.plain(grid.text(row, cols[key_col])) if key_col else ""
        found_record = by_key.get(key) or by_key.get(re.sub(r"\s+", "", key))
        if not found_record:
            notes.append(Note(grid.name, cell_ref(row, cols.get(key_col or "item_name", cols.get("item_code", 1))),
                              f"这份材料对应的事项“{key}”在事项表里没有（或没有导入），没有导入", SKIPPED))
            continue
        material, found = _material_row(grid, header, row, found_record)
        notes += found
        if material:
            own = listed.setdefault(id(found_record), [])
            found_record.cells[("materials", len(own))] = f"{grid.name}!{cell_ref(row, cols['name'])}"
            own.append(material)
    for record in records:  # an item the materials sheet does not list keeps what its own cell says, or stays unknown
        if id(record) in listed:
            record.values[("materials",)] = listed[id(record)]
            record.blanks.pop(("materials",), None)
    return set(cols), notes


MATERIAL_FIELDS = (("required", v.REQUIRED, "是否必要"), ("source", v.SOURCES, "来源渠道"))


def _material_row(grid: Grid, header: Header, row: int, record: Record) -> tuple[dict | None, list[Note]]:
    cols = header.columns
    name = v.plain(grid.text(row, cols["name"]))
    if not name:
        return None, [Note(grid.name, cell_ref(row, cols["name"]), "材料名称是空的，这一行没有导入", SKIPPED)]
    material: dict = {"name": name}
    notes = []
    for key, table, label in MATERIAL_FIELDS:
        if key in cols and grid.text(row, cols[key]).strip():
            chosen, why = v.choice(grid.text(row, cols[key]), table, label)
            if why:
                notes.append(Note(grid.name, cell_ref(row, cols[key]), f"{why}，留给人工填写", PERSON))
                material[key] = None  # never the default in its place: a person says which
            else:
                material[key] = chosen
    for key in ("form", "medium"):  # 材料类型 / 材料形式: each word where it belongs (电子版 is a medium)
        if key in cols and grid.text(row, cols[key]).strip():
            words, why = v.material_words(grid.text(row, cols[key]))
            if words is None:
                notes.append(Note(grid.name, cell_ref(row, cols[key]), f"{why}，留给人工填写", PERSON))
                material.setdefault(key, None)
            else:
                material.update({k: w for k, w in words.items() if material.get(k) is None})
    if "copies" in cols:
        count, why = v.copies(grid.text(row, cols["copies"]))
        if why:
            notes.append(Note(grid.name, cell_ref(row, cols["copies"]), f"份数“{grid.text(row, cols['copies'])}”{why}，留给人工填写", PERSON))
        else:
            material["copies"] = count
    if "note" in cols and grid.text(row, cols["note"]).strip():
        material["note"] = v.plain(grid.text(row, cols["note"]))
    return material, notes


