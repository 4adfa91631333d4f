"""The catalogue as plain data: one normalised document (catalogue.json) and flat tables (CSV, XLSX).

Everything here is a pure function of the Catalogue: ids resolved to names, defaults applied, and
each centre carrying the items it actually offers (its tier's items minus its exceptions).
"""
from __future__ import annotations

import csv
import io
import unicodedata
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..catalogue.model import (
    TIER_ZH,
    Catalogue,
    Centre,
    Duration,
    Fee,
    Hours,
    Item,
    Material,
    TierRole,
    Window,
)

FORMAT_NAME = "bianmin-catalogue"
FORMAT_VERSION = 1


# --- catalogue.json ---------------------------------------------------------------------------

def catalogue_document(catalogue: Catalogue, site_url: str = "") -> dict:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "site_url": site_url,
        "county": _county(catalogue),
        "departments": [{"id": d.id, "name": d.name, "phone": d.phone, "address": d.address} for d in catalogue.departments],
        "categories": [_named(c) for c in catalogue.categories],
        "situations": [_named(s) for s in catalogue.situations],
        "items": [item_record(catalogue, item) for item in catalogue.items],
        "centres": [centre_record(catalogue, centre) for centre in catalogue.centres],
    }


def _county(catalogue: Catalogue) -> dict:
    c = catalogue.county
    return {
        "id": c.id, "name": c.name, "province": c.province, "city": c.city, "area_code": c.area_code,
        "postal_code": c.postal_code, "division_code": c.division_code, "updated": c.updated,
        "supervision_phone": c.supervision_phone, "hotline": c.hotline, "licence": c.licence,
        "sample_data": c.sample_data, "sample_note": c.sample_note,
        "tiers": [{"tier": tier, "name": name, "label": TIER_ZH[tier]} for tier, name in c.tier_names],
    }


def _named(n) -> dict:
    return {"id": n.id, "name": n.name, "description": n.description}


def item_record(catalogue: Catalogue, item: Item) -> dict:
    return {
        "id": item.id, "name": item.name, "aliases": list(item.aliases), "code": item.code,
        "summary": item.summary, "type": item.type, "audience": list(item.audience),
        "category": {"id": item.category.id, "name": item.category.name},
        "department": {"id": item.department.id, "name": item.department.name, "phone": item.department.phone},
        "situations": [{"id": s.id, "name": s.name} for s in item.situations],
        "basis": list(item.basis), "conditions": list(item.conditions),
        "materials": [material_record(m) for m in item.materials],
        "tiers": [tier_record(catalogue, t) for t in item.tiers],
        "start_tier": item.start_tier, "finishing_tier": item.finishing_tier,
        "steps": [{"tier": s.tier, "action": s.action, "days": s.days, "description": s.description} for s in item.steps],
        "special_procedures": [{"name": p.name, "days": p.days, "unit": p.unit, "note": p.note} for p in item.special_procedures],
        "time_limit": {"legal": duration_record(item.legal), "promised": duration_record(item.promised), "note": item.time_note},
        "case_type": item.case_type,
        "visits": {"count": item.visits, "reason": item.visits_reason, "postal": item.postal},
        "online": {"url": item.online_url, "depth": item.online_depth},
        "fee": fee_record(item.fee),
        "result": {"name": item.result_name, "delivery": list(item.delivery)},
        "phones": {"consult": item.consult_phone, "complaint": item.complaint_phone},
        "faq": [{"q": q, "a": a} for q, a in item.faq],
        "forms": [{"name": name, "url": url} for name, url in item.forms],
    }


def material_record(m: Material) -> dict:
    return {"name": m.name, "ref": m.ref, "form": m.form, "copies": m.copies, "source": m.source, "medium": m.medium,
            "required": m.required, "note": m.note, "blank_form": m.blank_form, "sample_form": m.sample_form}


def tier_record(catalogue: Catalogue, t: TierRole) -> dict:
    return {"tier": t.tier, "tier_name": catalogue.county.tier_name(t.tier), "role": t.role, "level": t.level,
            "group": t.group, "window": window_record(t.window), "days": t.days,
            "forward_within_days": t.forward_within_days, "note": t.note}


def window_record(w: Window | None) -> dict | None:
    return {"id": w.id, "name": w.name} if w else None


def duration_record(d: Duration) -> dict:
    return {"value": d.value, "unit": d.unit, "instant": d.instant, "text": str(d)}


def fee_record(fee: Fee) -> dict:
    return {"free": fee.free, "text": str(fee), "note": fee.note,
            "items": [{"name": f.name, "amount": f.amount, "unit": f.unit, "basis": f.basis, "reduction": f.reduction}
                      for f in fee.items]}


def hours_record(h: Hours) -> dict:
    return {"season": h.season, "period": h.period, "days": h.days, "times": list(h.times), "text": str(h)}


def centre_record(catalogue: Catalogue, centre: Centre) -> dict:
    parent = catalogue.parent(centre)
    return {
        "id": centre.id, "name": centre.name, "tier": centre.tier, "tier_label": TIER_ZH[centre.tier],
        "kind": centre.kind, "address": centre.address, "phone": centre.phone,
        "parent": {"id": parent.id, "name": parent.name} if parent else None,
        "coordinates": {"lat": centre.coordinates[0], "lon": centre.coordinates[1]} if centre.coordinates else None,
        "hours": [hours_record(h) for h in centre.hours],
        "windows": [{"id": w.id, "name": w.name, "posts": [{"label": p.label, "role": p.role, "phone": p.phone} for p in w.posts]}
                    for w in centre.windows],
        "services": list(centre.services),
        "exceptions": [{"item": item.id, "name": item.name, "reason": reason} for item, reason in catalogue.excepted(centre)],
        "offers": [{"item": item.id, "role": role.role, "window": _window_id(offered_window(centre, role))}
                   for item, role in catalogue.offers(centre)],
    }


def _window_id(w: Window | None) -> str | None:
    return w.id if w else None


def offered_window(centre: Centre, role: TierRole) -> Window | None:
    """The centre's own window for a role (its local name), else the tier's standard window."""
    if role.window is None:
        return None
    return centre.window(role.window.id) or role.window


# --- flat tables (CSV and XLSX) ---------------------------------------------------------------

def tables(catalogue: Catalogue) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """name -> (header, rows). The same tables go to CSV files and XLSX sheets."""
    return {
        "items": (ITEM_HEADER, [_item_row(catalogue, i) for i in catalogue.items]),
        "materials": (MATERIAL_HEADER, [_material_row(i, n, m) for i in catalogue.items for n, m in enumerate(i.materials, 1)]),
        "centres": (CENTRE_HEADER, [_centre_row(catalogue, c) for c in catalogue.centres]),
        "availability": (AVAILABILITY_HEADER, [row for c in catalogue.centres for row in _availability_rows(catalogue, c)]),
    }


def tables_of(catalogue: Catalogue) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """tables(catalogue), made once for the CSV files and the workbook of the same export."""
    if _last[0] is not catalogue:
        _last[:] = [catalogue, tables(catalogue)]
    return _last[1]


_last: list = [None, None]
TABLE_TITLES = {"items": "事项", "materials": "申请材料", "centres": "服务中心", "availability": "各中心可办事项"}

ITEM_HEADER = (
    "事项ID", "事项名称", "别名", "事项编码", "事项类型", "服务对象", "分类", "实施部门", "村（社区）", "镇（街道）", "县",
    "起办层级", "办结层级", "法定时限", "法定时限单位", "承诺时限", "承诺时限单位", "办件类型", "到现场次数",
    "收费", "设定依据", "办理结果", "咨询电话", "监督投诉电话", "网上办理",
)


def _item_row(catalogue: Catalogue, i: Item) -> tuple:
    return (
        i.id, i.name, "、".join(i.aliases), i.code, i.type, "、".join(i.audience), i.category.name, i.department.name,
        *(t.role for t in i.tiers), TIER_ZH[i.start_tier], TIER_ZH[i.finishing_tier],
        i.legal.value, i.legal.unit, i.promised.value, i.promised.unit, i.case_type, i.visits,
        str(i.fee), "；".join(i.basis), i.result_name, i.consult_phone, i.complaint_phone, i.online_url,
    )


MATERIAL_HEADER = ("事项ID", "事项名称", "序号", "材料名称", "材料形式", "份数", "载体", "必要性", "来源", "备注", "通用材料ID")


def _material_row(i: Item, number: int, m: Material) -> tuple:
    return (i.id, i.name, number, m.name, m.form, m.copies, m.medium, m.required, m.source, m.note, m.ref)


CENTRE_HEADER = ("中心ID", "中心名称", "层级", "类型", "上级中心ID", "地址", "电话", "办公时间", "窗口", "纬度", "经度", "可办事项数", "暂停办理事项")


def _centre_row(catalogue: Catalogue, c: Centre) -> tuple:
    lat, lon = c.coordinates or ("", "")
    return (
        c.id, c.name, TIER_ZH[c.tier], c.kind, c.parent_id, c.address, c.phone, "；".join(str(h) for h in c.hours),
        "、".join(w.name for w in c.windows), lat, lon, len(catalogue.offers(c)),
        "；".join(f"{item.name}：{reason}" for item, reason in catalogue.excepted(c)),
    )


AVAILABILITY_HEADER = ("中心ID", "中心名称", "层级", "事项ID", "事项名称", "办理角色", "角色分组", "窗口ID", "窗口名称", "本级时限（工作日）", "报送时限（工作日）")


def _availability_rows(catalogue: Catalogue, c: Centre):
    for item, role in catalogue.offers(c):
        window = offered_window(c, role)
        yield (c.id, c.name, TIER_ZH[c.tier], item.id, item.name, role.role, role.group,
               window.id if window else "", window.name if window else "",
               "" if role.days is None else role.days, "" if role.forward_within_days is None else role.forward_within_days)


# --- file bytes -------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def cell_text(value):
    """Every cell of every CSV and XLSX table passes through here. Text that Excel or WPS would run
    as a formula (=HYPERLINK(…), a DDE command) starts with one of FORMULA_START; it gets a leading
    apostrophe, the OWASP rule for CSV injection, so it is shown as text and never run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe_row(row) -> list:
    return [cell_text(value) for value in row]


def csv_bytes(header: tuple, rows: list[tuple]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_safe_row(header))
    writer.writerows(map(_safe_row, rows))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(named_tables: dict[str, tuple[tuple, list[tuple]]], when: datetime, titles: dict | None = None) -> bytes:
    """One sheet per table, header row frozen and bold, columns wide enough to read.

    The workbook's created/modified times and every zip entry's time are `when`, so the same
    catalogue always gives the same bytes."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "bianmin"
    workbook.properties.created = workbook.properties.modified = when
    for name, (header, rows) in named_tables.items():
        _write_sheet(workbook.create_sheet((titles or TABLE_TITLES)[name]), header, rows)
    out = io.BytesIO()
    with _FixedTimeZip(out, when) as archive:
        ExcelWriter(workbook, archive).write_data()  # save_workbook() would stamp "now" as modified
    return out.getvalue()


def _write_sheet(sheet, header: tuple, rows: list[tuple]) -> None:
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_column_widths(header, rows), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, cell_text(text), bold) for text in header])
    for row in rows:
        sheet.append(_safe_row(row))


def _header_cell(sheet, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell


def _column_widths(header: tuple, rows: list[tuple], sample: int = 2000) -> list[float]:
    widths = [_display_width(h) for h in header]
    for row in rows[:sample]:
        widths = [max(w, _display_width(v)) for w, v in zip(widths, row)]
    return [min(max(w + 2, 8), 60) for w in widths]


def _display_width(value) -> int:
    text = str(value)
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


class _FixedTimeZip(ZipFile):
    """A zip archive whose every entry carries the same time and permissions, whatever the clock says."""

    def __init__(self, file, when: datetime):
        super().__init__(file, "w", ZIP_DEFLATED)
        self.stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)

    def writestr(self, name, data, *args, **kwargs):
        if not isinstance(name, ZipInfo):
            name = ZipInfo(name, date_time=self.stamp)
            name.compress_type = ZIP_DEFLATED
            name.external_attr = 0o644 << 16
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # openpyxl writes each sheet from a temporary file
        self.writestr(arcname or str(filename), Path(filename).read_bytes())
