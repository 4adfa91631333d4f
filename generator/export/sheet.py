"""The catalogue back in the 实施清单 layout `bianmin import` reads: sheet 实施清单 (one row per item) and
sheet 申请材料 (one row per material). Headers are the first names columns.yml gives each field, values are
written in the forms the import reads (20个工作日, 即办, 不收费, 工本费10元/证), so import → export → import
changes nothing (tested).
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from ..catalogue.model import Catalogue, Duration, Fee, Item, Material
from .encoding import made
from .tables import Sheets, xlsx_bytes
from .xlsx_workbook import updated_time, workbook_source

SHEET_FILE = "实施清单.xlsx"
LABEL = "实施清单表格"
FILES = {SHEET_FILE: "政务服务事项实施清单的格式（“实施清单”“申请材料”两个工作表），可以报给上级平台，也可以用 bianmin import 再导入"}
TITLES = {"items": "实施清单", "materials": "申请材料"}
ITEM_HEADER = ("事项名称", "实施编码", "事项类型", "实施主体", "设定依据", "服务对象", "受理条件", "法定办结时限",
               "承诺办结时限", "办件类型", "到办事现场次数", "必须现场办理原因说明", "是否收费", "收费依据及标准",
               "咨询电话", "监督投诉电话", "办理结果", "结果送达方式", "网上办理地址", "网办深度")
# the columns.yml field each ITEM_HEADER column is read into by `bianmin import`
ITEM_FIELDS = ("name", "code", "type", "department", "basis", "audience", "conditions", "legal_limit", "promised_limit",
               "case_type", "visits", "visits_reason", "charged", "fee_standard", "consult_phone", "complaint_phone",
               "result_name", "delivery", "online_url", "online_depth")
HEADER_OF = dict(zip(ITEM_FIELDS, ITEM_HEADER, strict=True))
MATERIAL_HEADER = ("实施编码", "事项名称", "材料名称", "材料形式", "份数", "是否必要", "来源渠道", "材料载体", "备注")


def sheet_tables(catalogue: Catalogue) -> dict:
    return {"items": (ITEM_HEADER, [_item_row(i) for i in catalogue.items]),
            "materials": (MATERIAL_HEADER, [_material_row(i, m) for i in catalogue.items for m in i.materials or ()])}


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return made(parts(catalogue, site_url))


def parts(catalogue: Catalogue, site_url: str, sheets: Sheets | None = None) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """As csv_tables.parts: the workbook is written from its two tables and the catalogue's date."""
    named, when = sheet_tables(catalogue), updated_time(catalogue)
    return {SHEET_FILE: (workbook_source(named, when, sheets), functools.partial(xlsx_bytes, named, when, TITLES, sheets))}


def duration_text(limit: Duration | None) -> str:
    if limit is None:
        return ""
    return "即办" if limit.instant else f"{limit.value}个{limit.unit}"


def fee_cells(fee: Fee | None) -> tuple[str, str]:
    """(是否收费, 收费依据及标准): 否 and empty, or 是 and per fee item a line “名称：金额 单位” and a line “依据：…”;
    both empty while the fee is not known."""
    if fee is None:
        return "", ""
    if fee.free:
        return "否", ""
    lines = []
    for f in fee.items:
        lines.append(f"{f.name}：{f.amount} {f.unit or '元'}")
        if f.basis:
            lines.append(f"依据：{f.basis}")
    return "是", "\n".join(lines)


def _item_row(item: Item) -> tuple:
    """A field not known yet (基本信息) is an empty cell, which the import reads back as unknown."""
    charged, standard = fee_cells(item.fee)
    return (item.name, item.code, item.type or "", item.department.name, "\n".join(item.basis or ()), "、".join(item.audience or ()),
            "\n".join(item.conditions or ()), duration_text(item.legal), duration_text(item.promised), item.case_type or "",
            "" if item.visits is None else item.visits, item.visits_reason, charged, standard, item.consult_phone,
            item.complaint_phone or "", item.result_name or "", "、".join(item.delivery or ()), item.online_url, item.online_depth)


def _material_row(item: Item, m: Material) -> tuple:
    return (item.code, item.name, m.name, m.form, m.copies, m.required, m.source, m.medium, m.note)
