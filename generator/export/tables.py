"""The catalogue as plain data: one normalised document (catalogue.json) and flat tables (CSV, XLSX).

Everything here is a pure function of the Catalogue: ids resolved to names, defaults applied. Each
thing is said once: what a tier does for an item is on the item (its tiers), what a centre cannot
do is on the centre (its exceptions); a centre offers its tier's items minus its exceptions. The one
flat "which centres can do what" view is the centre × item matrix (centre_items.csv).
"""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..catalogue import addresses, checklists, facts
from ..catalogue.model import (
    TIER_ZH,
    TIERS,
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
from .encoding import Pieces, item_records

FORMAT_NAME = "bianmin-catalogue"
FORMAT_VERSION = 3


# --- catalogue.json ---------------------------------------------------------------------------

def catalogue_document(catalogue: Catalogue, site_url: str = "", pieces: Pieces | None = None) -> dict:
    """catalogue.json's document; pieces: see encoding.item_records."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "site_url": site_url,
        "county": _county(catalogue, site_url),
        "departments": [{"id": d.id, "name": d.name, "phone": d.phone, "address": d.address} for d in catalogue.departments],
        "categories": [_named(c) for c in catalogue.categories],
        "situations": [_named(s) for s in catalogue.situations],
        "items": item_records(catalogue, site_url, functools.partial(item_record, catalogue), pieces),
        "centres": [centre_record(catalogue, centre) for centre in catalogue.centres],
        "checklists": checklists_record(catalogue),
    }


def checklists_record(catalogue: Catalogue) -> dict:
    """情形引导 and 一件事 (Bianmin's extension, docs/data.md): each item's questions with every answer path's
    checklist, each life event's steps and merged lists, as the pages ship them (checklists.py)."""
    items = {i.id: checklists.page_data(catalogue, i) for i in catalogue.items if i.questions}
    bundles = {s.id: checklists.bundle_data(catalogue, s) for s in catalogue.situations if catalogue.bundle(s.id)}
    return {"items": items, "bundles": bundles}


def _county(catalogue: Catalogue, site_url: str) -> dict:
    c = catalogue.county
    return {
        "id": c.id, "name": c.name, "province": c.province, "city": c.city, "area_code": c.area_code,
        "postal_code": c.postal_code, "division_code": c.division_code, "updated": c.updated,
        "supervision_phone": c.supervision_phone, "hotline": c.hotline, "feedback": feedback_record(catalogue, site_url),
        "licence": c.licence,
        "sample_data": c.sample_data, "sample_note": c.sample_note,
        "tiers": [{"tier": tier, "name": name, "label": TIER_ZH[tier]} for tier, name in c.tier_names],
    }


def feedback_record(catalogue: Catalogue, site_url: str) -> dict:
    """Where residents report a wrong page (the /feedback/ page's channels): the page itself, the phones
    (supervision, 12345) and the county's SMS number, web form and email ("" where county.yml sets none)."""
    c = catalogue.county
    return {"page": addresses.absolute(site_url, addresses.FEEDBACK), "supervision_phone": c.supervision_phone,
            "hotline": c.hotline, "sms": c.feedback.sms, "web_form": c.feedback.web_form, "email": c.feedback.email}


def _named(n) -> dict:
    return {"id": n.id, "name": n.name, "description": n.description}


def item_record(catalogue: Catalogue, item: Item) -> dict:
    """A field the item does not know yet (基本信息) is null: never an empty list, which would say "none"."""
    return {
        "id": item.id, "level": item.level, "name": item.name, "aliases": list(item.aliases), "code": item.code,
        "summary": item.summary, "type": item.type, "audience": known_list(item.audience),
        "category": {"id": item.category.id, "name": item.category.name},
        "department": {"id": item.department.id, "name": item.department.name, "phone": item.department.phone},
        "situations": [{"id": s.id, "name": s.name} for s in item.situations],
        "basis": known_list(item.basis), "conditions": known_list(item.conditions),
        "materials": known_list(item.materials, material_record),
        "tiers": [tier_record(catalogue, item, t) for t in item.tiers],
        "start_tier": facts.start_tier(item), "finishing_tier": facts.finish_tier(item),
        "steps": known_list(item.steps, lambda s: {"tier": s.tier, "action": s.action, "days": s.days, "description": s.description}),
        "special_procedures": [{"name": p.name, "days": p.days, "unit": p.unit, "note": p.note} for p in item.special_procedures],
        "time_limit": None if item.legal is None or item.promised is None else
        {"legal": duration_record(item.legal), "promised": duration_record(item.promised), "note": item.time_note},
        "case_type": item.case_type,
        "visits": None if item.visits is None else {"count": item.visits, "reason": item.visits_reason, "postal": item.postal},
        "online": {"url": item.online_url, "depth": item.online_depth},
        "fee": None if item.fee is None else fee_record(item.fee),
        "result": None if item.result_name is None else {"name": item.result_name, "delivery": known_list(item.delivery) or []},
        "phones": {"consult": item.consult_phone, "complaint": item.complaint_phone},
        "faq": [{"q": q, "a": a} for q, a in item.faq],
        "forms": [{"name": name, "url": url} for name, url in item.forms],
    }


def known_list(values, record=lambda value: value) -> list | None:
    """[record(v) …], or None when the values are not known."""
    return None if values is None else [record(value) for value in values]


def material_record(m: Material) -> dict:
    return {"name": m.name, "ref": m.ref, "form": m.form, "copies": m.copies, "source": m.source, "medium": m.medium,
            "required": m.required, "note": m.note, "blank_form": m.blank_form, "sample_form": m.sample_form}


def tier_record(catalogue: Catalogue, item: Item, t: TierRole) -> dict:
    return {"tier": t.tier, "tier_name": catalogue.county.tier_name(t.tier), "role": t.role, "level": t.level,
            "group": t.group, "window": window_record(t.window), "days": t.days, "days_unit": tier_days_unit(item),
            "forward_within_days": t.forward_within_days, "note": t.note}


def tier_days_unit(item: Item) -> str | None:
    """A tier's own days count like the item's time limit (工作日 or 自然日); forwarding is always in 工作日.
    None while the item's time limit is not known."""
    return item.promised.unit if item.promised else None


def window_record(w: Window | None) -> dict | None:
    return {"id": w.id, "name": w.name} if w else None


def duration_record(d: Duration) -> dict:
    return {"value": d.value, "unit": d.unit, "instant": d.instant, "text": str(d)}


def fee_record(fee: Fee) -> dict:
    return {"free": fee.free, "text": str(fee), "note": fee.note,
            "items": [{"name": f.name, "amount": f.amount, "unit": f.unit, "basis": f.basis or None, "reduction": f.reduction}
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
    }


def offered_window(centre: Centre, role: TierRole) -> Window | None:
    """The centre's own window for a role (its local name), else the tier's standard window."""
    if role.window is None:
        return None
    return centre.window(role.window.id) or role.window


# --- flat tables (CSV and XLSX) ---------------------------------------------------------------

def tables(catalogue: Catalogue) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """name -> (header, rows). The same tables go to CSV files and XLSX sheets."""
    offered = tier_offers(catalogue)
    counts = tier_counts(offered)
    return {
        "items": (ITEM_HEADER, [_item_row(catalogue, i) for i in catalogue.items]),
        "materials": (MATERIAL_HEADER, [_material_row(i, n, m) for i in catalogue.items for n, m in enumerate(i.materials or (), 1)]),
        "centres": (CENTRE_HEADER, [_centre_row(c, counts) for c in catalogue.centres]),
        "windows": (WINDOW_HEADER, [_window_row(c, w) for c in catalogue.centres for w in c.windows]),
        "tier_offers": (TIER_OFFER_HEADER, [_tier_offer_row(catalogue, i, t) for i in catalogue.items for t in i.tiers if t.level > 0]),
        "exceptions": (EXCEPTION_HEADER, [(c.id, c.name, i.id, i.name, reason) for c in catalogue.centres for i, reason in catalogue.excepted(c)]),
        "centre_items": centre_item_matrix(catalogue, offered),
    }


def tables_of(catalogue: Catalogue) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """tables(catalogue), made once for the CSV files and the workbook of the same export."""
    return facts.once(catalogue, ("tables",), lambda: tables(catalogue))


TABLE_TITLES = {"items": "事项", "materials": "申请材料", "centres": "服务中心", "windows": "窗口", "tier_offers": "各层级职责",
                "exceptions": "暂停办理", "centre_items": "各中心可办事项"}

ITEM_HEADER = (
    "事项ID", "事项名称", "别名", "事项编码", "事项类型", "服务对象", "分类", "实施部门", "村（社区）", "镇（街道）", "县",
    "起办层级", "办结层级", "法定时限", "法定时限单位", "承诺时限", "承诺时限单位", "办件类型", "到现场次数",
    "收费", "设定依据", "办理结果", "咨询电话", "监督投诉电话", "网上办理", "完整度",
)


def _item_row(catalogue: Catalogue, i: Item) -> tuple:
    """An empty cell is a value not known yet (only in rows whose 完整度 is 基本信息)."""
    return (
        i.id, i.name, "、".join(i.aliases), i.code, i.type or "", "、".join(i.audience or ()), i.category.name,
        i.department.name, *(t.role for t in i.tiers), TIER_ZH.get(facts.start_tier(i) or "", ""), TIER_ZH.get(facts.finish_tier(i) or "", ""),
        *_duration_cells(i.legal), *_duration_cells(i.promised), i.case_type or "", "" if i.visits is None else i.visits,
        "" if i.fee is None else str(i.fee), "；".join(i.basis or ()), i.result_name or "", i.consult_phone,
        i.complaint_phone or "", i.online_url, i.level,
    )


def _duration_cells(d: Duration | None) -> tuple:
    return ("", "") if d is None else (d.value, d.unit)


MATERIAL_HEADER = ("事项ID", "事项名称", "序号", "材料名称", "材料形式", "份数", "载体", "必要性", "来源", "备注", "通用材料ID")


def _material_row(i: Item, number: int, m: Material) -> tuple:
    return (i.id, i.name, number, m.name, m.form, m.copies, m.medium, m.required, m.source, m.note, m.ref)


def tier_offers(catalogue: Catalogue) -> dict[str, tuple[tuple[Item, TierRole], ...]]:
    """tier -> every (item, role) that tier handles (role above 不办理): a centre offers these minus its exceptions."""
    return {tier: catalogue.tier_offers(tier) for tier in TIERS}


def starts_or_finishes(item: Item, tier: str) -> bool:
    """A resident can hand in the papers at this tier or have it decided there (facts.takes_in)."""
    return facts.takes_in(item, tier)


CENTRE_HEADER = ("中心ID", "中心名称", "层级", "类型", "上级中心ID", "地址", "电话", "办公时间", "纬度", "经度",
                 "可起办或办结事项数", "只能咨询事项数", "暂停办理事项数")


def tier_counts(offered: dict) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """tier -> (ids of the items a resident can hand in or have decided there, ids of those it only
    explains): worked out once per tier, not once per centre (631 centres × 1,135 items at real scale)."""
    return {tier: (frozenset(item.id for item, _ in pairs if starts_or_finishes(item, tier)),
                   frozenset(item.id for item, _ in pairs if facts.section(item, tier) == "consult"))
            for tier, pairs in offered.items()}


def _centre_row(c: Centre, counts: dict) -> tuple:
    lat, lon = c.coordinates or ("", "")
    active, consult = counts[c.tier]
    return (c.id, c.name, TIER_ZH[c.tier], c.kind, c.parent_id, c.address, c.phone, "；".join(str(h) for h in c.hours),
            lat, lon, len(active - c.excepted_ids), len(consult - c.excepted_ids), len(c.exceptions))


WINDOW_HEADER = ("中心ID", "窗口ID", "窗口名称", "A岗", "A岗电话", "B岗", "B岗电话")


def _window_row(c: Centre, w: Window) -> tuple:
    posts = {p.label: p for p in w.posts}
    cells = [(posts[label].role, posts[label].phone) if label in posts else ("", "") for label in ("A岗", "B岗")]
    return (c.id, w.id, w.name, *cells[0], *cells[1])


TIER_OFFER_HEADER = ("事项ID", "事项名称", "层级", "办理角色", "角色分组", "窗口ID", "窗口名称", "本级时限", "本级时限单位",
                     "报送时限（工作日）", "说明")


def _tier_offer_row(catalogue: Catalogue, i: Item, t: TierRole) -> tuple:
    return (i.id, i.name, TIER_ZH[t.tier], t.role, t.group, t.window.id if t.window else "", t.window.name if t.window else "",
            "" if t.days is None else t.days, "" if t.days is None else tier_days_unit(i),
            "" if t.forward_within_days is None else t.forward_within_days, t.note)


EXCEPTION_HEADER = ("中心ID", "中心名称", "事项ID", "事项名称", "原因")
MATRIX_HEAD = ("中心ID", "中心名称", "层级", "上级中心ID")
SUSPENDED = "暂停"


def centre_item_matrix(catalogue: Catalogue, offered: dict) -> tuple[tuple[str, ...], list[tuple]]:
    """One row per centre, one column per item ("<事项ID> <事项名称>"): the centre's role for that item,
    暂停 where it is excepted, empty where it does not handle it. Filter a column to see who can do it."""
    header = MATRIX_HEAD + tuple(f"{i.id} {i.name}" for i in catalogue.items)
    column = {i.id: n for n, i in enumerate(catalogue.items)}
    standard = {}
    for tier, pairs in offered.items():
        roles = [""] * len(catalogue.items)
        for item, role in pairs:
            roles[column[item.id]] = role.role
        standard[tier] = roles
    rows = []
    for c in catalogue.centres:
        roles = standard[c.tier]
        if c.exceptions:
            roles = list(roles)
            for ident, _ in c.exceptions:
                roles[column[ident]] = SUSPENDED
        rows.append((c.id, c.name, TIER_ZH[c.tier], c.parent_id, *roles))
    return header, rows


# --- datapackage.json: the CSVs described as a Frictionless Data Package --------------------------

INTEGER_COLUMNS = {"序号", "份数", "法定时限", "承诺时限", "到现场次数", "可起办或办结事项数", "只能咨询事项数", "暂停办理事项数",
                   "本级时限", "报送时限（工作日）"}
NUMBER_COLUMNS = {"纬度", "经度"}
TABLE_KEYS = {  # table -> (primary key, [(fields, referenced table, referenced fields)])
    "items": (["事项ID"], []),
    "materials": (["事项ID", "序号"], [(["事项ID"], "items", ["事项ID"])]),
    "centres": (["中心ID"], [(["上级中心ID"], "centres", ["中心ID"])]),
    "windows": (["中心ID", "窗口ID"], [(["中心ID"], "centres", ["中心ID"])]),
    "tier_offers": (["事项ID", "层级"], [(["事项ID"], "items", ["事项ID"])]),
    "exceptions": (["中心ID", "事项ID"], [(["中心ID"], "centres", ["中心ID"]), (["事项ID"], "items", ["事项ID"])]),
    "centre_items": (["中心ID"], [(["中心ID"], "centres", ["中心ID"])]),
}
TABLE_DESCRIPTIONS = {
    "items": "事项表：每个事项一行，含各层级角色、时限、收费、电话；完整度为“基本信息”的事项，空白格表示还不知道",
    "materials": "申请材料表：每个事项的每份材料一行",
    "centres": "服务中心表：每个服务点一行，含地址、电话、办公时间和可办事项数",
    "windows": "窗口表：每个服务点的每个窗口一行，含 A 岗、B 岗",
    "tier_offers": "各层级职责表：每个事项在每个层级的办理角色、窗口、时限，一行一个事项 × 层级；一个服务点可办的事项就是它所在层级的这些事项，减去暂停办理的",
    "exceptions": "暂停办理表：本层级通常可办、但这个服务点暂停办理的事项及原因",
    "centre_items": "各中心可办事项总表：每个服务点一行、每个事项一列，格内是该点的办理角色，“暂停”表示暂停办理，空白表示不办理",
}


def datapackage(catalogue: Catalogue, named_tables: dict) -> dict:
    """datapackage.json for the CSV files (Frictionless Data Package v1, tabular resources)."""
    county = catalogue.county
    return {
        "profile": "tabular-data-package",
        "name": f"bianmin-{county.id}",
        "title": f"{county.name}便民服务目录",
        "description": county.sample_note if county.sample_data else f"{county.province}{county.city}{county.name}便民服务事项和服务点",
        "version": county.updated,
        "licenses": [{"name": county.licence, "title": county.licence}] if county.licence else [],
        "resources": [_resource(name, header) for name, (header, _) in named_tables.items()],
    }


def _resource(name: str, header: tuple) -> dict:
    primary, foreign = TABLE_KEYS[name]
    schema = {"fields": [_field(column, column in primary) for column in header], "missingValues": [""], "primaryKey": primary}
    if foreign:
        schema["foreignKeys"] = [{"fields": fields, "reference": {"resource": "" if table == name else table, "fields": target}}
                                 for fields, table, target in foreign]
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": TABLE_TITLES[name],
            "description": TABLE_DESCRIPTIONS[name], "schema": schema}


def _field(column: str, key: bool) -> dict:
    kind = "integer" if column in INTEGER_COLUMNS else "number" if column in NUMBER_COLUMNS else "string"
    field: dict[str, Any] = {"name": column, "type": kind}
    if key:
        field["constraints"] = {"required": True}
    return field


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


def table_source(table: tuple[tuple, list[tuple]], sheets: Sheets | None) -> str:
    """What a table's CSV file or sheet is written from, as text: its repr, worked out once per build
    when sheets are kept (the CSV file, the workbook and its sheet are keyed on it)."""
    return sheets.source(table) if sheets else repr(table)


class Sheets(Protocol):
    """Where xlsx_bytes keeps each sheet's XML between builds, named by what it is written from, and
    each row's XML in `rows` (kept.py)."""

    def rows(self, sheet: str) -> Pieces: ...

    def source(self, table: tuple[tuple, list[tuple]]) -> str: ...

    def get(self, source: str) -> bytes | None: ...

    def put(self, source: str, data: bytes) -> bytes: ...


# the sheets whose rows are kept on their own, by their number of columns: a row of a few cells costs
# about as much to key and keep as to write again (the materials, windows… sheets: keeping them made a
# cold build 10 % slower), and every row of the centre × item matrix (1,139 columns) changes with one
# item's roles. The item sheets (20 and 26 columns) keep theirs: a fee edit writes one row of each.
ROWS_KEPT_COLUMNS = range(15, 101)


def xlsx_bytes(named_tables: dict[str, tuple[tuple, list[tuple]]], when: datetime, titles: dict | None = None,
               sheets: Sheets | None = None) -> bytes:
    """One sheet per table: header row frozen, bold and filterable; columns wide enough to read, at
    most MAX_WIDTH, and any longer text wrapped within its column.

    The workbook's created/modified times and every zip entry's time are `when`, so the same
    catalogue always gives the same bytes. With `sheets`, a sheet whose rows are unchanged is taken
    from there instead of written again: a sheet's XML depends only on its rows (openpyxl writes
    every string inline) and on the two cell styles, registered first in a fixed order. A sheet
    written again takes from there each row whose number, cells and column widths are unchanged
    (a fee edit writes one row of the item sheet)."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "bianmin"
    workbook.properties.created = workbook.properties.modified = when
    kept: dict[str, bytes] = {}  # the sheet's path in the workbook -> its kept XML
    made: dict[str, str] = {}  # the sheet's path -> what it is written from, to keep it
    rows_kept: dict[str, dict[int, str]] = {}  # the sheet's path -> row number -> the row's kept XML
    rows_made: dict[str, dict[int, str]] = {}  # the sheet's path -> row number -> what it is written from
    pieces: dict[str, Pieces | None] = {}  # the sheet's path -> where its rows are kept
    for number, (name, (header, rows)) in enumerate(named_tables.items(), 1):
        sheet = workbook.create_sheet((titles or TABLE_TITLES)[name])
        path = f"xl/worksheets/sheet{number}.xml"  # where ExcelWriter puts the sheet (it numbers them in order)
        if number == 1:
            _register_styles(sheet)
        source = sheets.source((header, rows)) if sheets else ""
        found = sheets.get(source) if sheets else None
        pieces[path] = sheets.rows(sheet.title) if sheets and len(header) in ROWS_KEPT_COLUMNS else None
        if found is None:
            rows_kept[path], rows_made[path] = _write_sheet(sheet, header, rows, pieces[path])
            made[path] = source
        else:
            sheet.auto_filter.ref = _filter_range(header, rows)  # the workbook names each sheet's filter range
            kept[path] = found
    out = io.BytesIO()
    with _FixedTimeZip(out, when, kept, rows_kept) as archive:
        ExcelWriter(workbook, archive).write_data()  # save_workbook() would stamp "now" as modified
    if sheets:
        for path, source in made.items():
            sheets.put(source, archive.written[path])
            kept_rows = pieces[path]
            if kept_rows:
                written = _row_xml(archive.written[path])
                for row, row_source in rows_made[path].items():
                    kept_rows.put(row_source, written[row])
    return out.getvalue()


HEADING = (Font(bold=True), Alignment(wrap_text=True, vertical="top"))
WRAP = Alignment(wrap_text=True, vertical="top")


def _register_styles(sheet) -> None:
    """The heading style, then the wrapped one: their numbers in the workbook are then the same
    whatever the sheets hold (a kept sheet refers to them by number)."""
    for font, alignment in (HEADING, (None, WRAP)):
        _ = _styled_cell(sheet, "", font, alignment).style_id


MAX_WIDTH = 60  # columns; a Chinese character takes two
HEADER_WIDTH = 20  # a longer header is wrapped rather than widening its column


def _write_sheet(sheet, header: tuple, rows: list[tuple], pieces: Pieces | None = None) -> tuple[dict[int, str], dict[int, str]]:
    """With pieces: a row found there is written empty, to be replaced by its kept XML (_FixedTimeZip).
    Returns (row number -> kept XML, row number -> what each row written is written from)."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = _filter_range(header, rows)
    widths = _column_widths(header, rows)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_styled_cell(sheet, text, *HEADING) for text in header])
    kept, made = {}, {}
    for number, row in enumerate(rows, 2):
        source = repr((number, widths, row)) if pieces else ""
        found = pieces.get(source) if pieces else None
        if found is not None:
            kept[number] = found
            sheet.append(())
            continue
        if pieces:
            made[number] = source
        sheet.append([None if value == "" else _styled_cell(sheet, value, None, WRAP) if _too_wide(value, width)
                      else cell_text(value) for value, width in zip(row, widths)])  # empty cells are left out
    return kept, made


EMPTY_ROW = re.compile(rb'<row r="(\d+)"></row>')


def _row_xml(sheet_xml: bytes) -> dict[int, str]:
    """Row number -> the row's XML, in a sheet openpyxl wrote: every row, an empty one too, ends with
    </row>, and no text or attribute in a sheet holds "<" (it is escaped)."""
    text = sheet_xml.decode("utf-8")
    body = text[text.index("<sheetData>") + len("<sheetData>"):text.index("</sheetData>")]
    return {int(row[len('<row r="'):row.index('"', len('<row r="'))]): row + "</row>" for row in body.split("</row>")[:-1]}


def _filter_range(header: tuple, rows: list) -> str:
    return f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def _styled_cell(sheet, value, font: Font | None, alignment: Alignment) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=cell_text(value))
    if font:
        cell.font = font
    cell.alignment = alignment
    return cell


def _too_wide(value, width: float) -> bool:
    return isinstance(value, str) and 2 * len(value) > width - 2 and _display_width(value) > width - 2


def _column_widths(header: tuple, rows: list[tuple], sample: int = 2000) -> list[float]:
    widths = [min(_display_width(h), HEADER_WIDTH) for h in header]
    for row in rows[:sample]:
        widths = [max(w, _display_width(v)) for w, v in zip(widths, row)]
    return [min(max(w + 2, 8), MAX_WIDTH) for w in widths]


def _display_width(value) -> int:
    return _text_width(str(value))


@functools.lru_cache(maxsize=65536)  # the matrix repeats a handful of role words 700,000 times
def _text_width(text: str) -> int:
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


class _FixedTimeZip(ZipFile):
    """A zip archive whose every entry carries the same time and permissions, whatever the clock says.
    kept: entries written with the data given instead of what openpyxl made; rows: sheet path -> row
    number -> XML put in place of that empty row; `written` holds each sheet's data as stored."""

    def __init__(self, file, when: datetime, kept: dict[str, bytes] | None = None, rows: dict[str, dict[int, str]] | None = None):
        super().__init__(file, "w", ZIP_DEFLATED)
        self.stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
        self.kept, self.rows = kept or {}, rows or {}
        self.written: dict[str, bytes] = {}

    def writestr(self, name, data, *args, **kwargs):
        if not isinstance(name, ZipInfo):
            name = ZipInfo(name, date_time=self.stamp)
            name.compress_type = ZIP_DEFLATED
            name.external_attr = 0o644 << 16
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # openpyxl writes each sheet from a temporary file
        name = arcname or str(filename)
        data = self.kept.get(name)
        if data is None:
            data = Path(filename).read_bytes()
            rows = self.rows.get(name)
            if rows:
                data = EMPTY_ROW.sub(lambda found: rows[int(found[1])].encode("utf-8") if int(found[1]) in rows else found[0], data)
            self.written[name] = data
        self.writestr(name, data)
