"""待补充.xlsx, the work list `bianmin gaps` writes: one sheet per department, a row per item that is not
complete, a column per field missing or in doubt. The headers are the 实施清单 names `bianmin import`
reads (export/sheet.py), plus 事项标识, so the filled-in list imports back into the same items.

A cell holds what the file holds now when that value is in doubt (a catch-all condition, a fee without
its basis), and is empty when the value is not known; its comment and the row's last column say why."""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..catalogue.gaps import OTHER, REASONS_HEADER, Gap
from .sheet import HEADER_OF, ITEM_FIELDS
from .tables import cell_text

ID_HEADER = "事项标识"
MATERIALS_HEADER = "申请材料"  # one cell, a material a line, as `bianmin import` reads it
HEADERS = HEADER_OF | {"materials": MATERIALS_HEADER}
FIELDS = (*ITEM_FIELDS, "materials")
FIXED = (ID_HEADER, HEADER_OF["name"], HEADER_OF["code"], "完整度")
HELP = ("请在空白或标黄的格子里填写或改正，鼠标放在格子上可以看到原因；不要改“事项标识”列和表头。"
        "填好后用 bianmin import 待补充.xlsx 导入，事项的完整度会按填好的内容提高。")
TODO = PatternFill("solid", fgColor="FFF3C4")


def workbook_bytes(gaps: dict[str, list[Gap]]) -> bytes:
    """The work list as an .xlsx file; a sheet named 说明 comes first."""
    book = Workbook()
    about = book.active
    about.title = "说明"
    about.append([HELP])
    if not gaps:
        about.append(["所有事项都已完整，没有要补充的。"])
    about.column_dimensions["A"].width = 100
    for name, items in gaps.items():
        about.append([f"{name}：{len(items)} 个事项要补充"])
        _department_sheet(book.create_sheet(_sheet_title(name, book.sheetnames)), items)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _department_sheet(sheet, items: list[Gap]) -> None:
    fields = [f for f in FIELDS if any(f in gap.reasons for gap in items) and HEADERS[f] not in FIXED]
    header = [*FIXED, *(HEADERS[f] for f in fields), REASONS_HEADER]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for row, gap in enumerate(items, 2):
        sheet.append([gap.id, gap.name, gap.code, gap.level, *(cell_text(gap.current.get(f, "")) for f in fields), _summary(gap)])
        for column, f in enumerate(fields, len(FIXED) + 1):
            if f in gap.reasons:
                cell = sheet.cell(row, column)
                cell.fill, cell.comment = TODO, Comment("\n".join(gap.reasons[f]), "bianmin")
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    widths = [14, 24, 14, 10] + [40] * (len(header) - len(FIXED))  # 事项标识, 事项名称, 实施编码, 完整度, then the fields
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary(gap: Gap) -> str:
    words = HEADERS | {OTHER: "其他（请在目录文件里改）"}
    return cell_text("\n".join(f"{words[f]}：{'；'.join(reasons)}" for f, reasons in gap.reasons.items()))


def _sheet_title(name: str, taken: list[str]) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, unique."""
    title = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "部门"
    base, number = title, 2
    while title in taken:
        title = f"{base[:28]}_{number}"
        number += 1
    return title
