"""The work list (待补充): per department, every item below 办事指南 or with doubtful fields, and per field
what is missing or wrong, found by holding each item to the 办事指南 level (levels.missing_for).

Fields are named by the 实施清单 column that carries them (the national element names `bianmin import`
reads), so the list a clerk fills in Excel goes back through the import; what has no column (steps,
per-tier roles) is listed under OTHER, to be fixed in the item's file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .levels import GUIDE, UNKNOWN, missing_for
from .rules import Sources
from .validate import label
from .vocab import level_of

OTHER = "other"
# the work list's last column: it marks a book as written by `bianmin gaps` from the catalogue itself, so on
# import a cell that differs from the catalogue is the clerk's fix (export/gaps.py writes it, importing reads it)
REASONS_HEADER = "待补充说明（导入时不读这一列）"
# json path (prefix) -> the sheet columns (columns.yml field names) that carry it; the longest prefix wins
PATH_COLUMNS = {
    "$.type": ("type",), "$.audience": ("audience",), "$.basis": ("basis",), "$.conditions": ("conditions",),
    "$.materials": ("materials",), "$.time_limit": ("legal_limit", "promised_limit"),
    "$.time_limit.legal": ("legal_limit",), "$.time_limit.promised": ("promised_limit",), "$.case_type": ("case_type",),
    "$.visits": ("visits",), "$.visits.reason": ("visits_reason",), "$.fee": ("charged", "fee_standard"),
    "$.fee.items": ("fee_standard",), "$.result": ("result_name", "delivery"), "$.result.name": ("result_name",),
    "$.result.delivery": ("delivery",), "$.phones": ("consult_phone", "complaint_phone"),
    "$.phones.consult": ("consult_phone",), "$.phones.complaint": ("complaint_phone",), "$.online": ("online_url",),
}


@dataclass
class Gap:
    """One item on the work list: per column, its current text (a doubtful value) and the reasons."""

    id: str
    name: str
    code: str
    level: str
    reasons: dict[str, list[str]] = field(default_factory=dict)  # column field (or OTHER) -> reasons
    current: dict[str, str] = field(default_factory=dict)        # column field -> the value the file holds now


def work_list(sources: Sources) -> dict[str, list[Gap]]:
    """Department name -> its items that are not complete, in file order; departments as county.yml lists them."""
    assert sources.county is not None
    departments = {d["id"]: d for d in sources.county.data["departments"]}
    found: dict[str, list[Gap]] = {d["name"]: [] for d in departments.values()}
    for doc in sources.items:
        department = departments.get(doc.data["department"], {})
        gap = item_gap(doc, department.get("phone"))
        if gap.reasons:
            found.setdefault(department.get("name", doc.data["department"]), []).append(gap)
    return {name: gaps for name, gaps in found.items() if gaps}


def item_gap(document, department_phone: str | None = None) -> Gap:
    data = getattr(document, "data", document)
    gap = Gap(data["id"], data["name"], data.get("code", ""), level_of(data))
    for path, reason in missing_for(document, GUIDE, department_phone):
        for column in columns_of(path):
            gap.reasons.setdefault(column, []).append(_reason(reason, path, column))
            if reason != UNKNOWN and column in CURRENT:
                gap.current[column] = CURRENT[column](data)
    return gap


def columns_of(path: str) -> tuple[str, ...]:
    """The sheet columns that carry a json path ($.conditions[2] → conditions), or (OTHER,)."""
    best = max((p for p in PATH_COLUMNS if path == p or path.startswith((p + ".", p + "["))), key=len, default=None)
    return PATH_COLUMNS[best] if best else (OTHER,)


def _reason(reason: str, path: str, column: str) -> str:
    """The reason, naming the field when no column does (OTHER)."""
    return f"{label('item', _parts(path))}：{reason}" if column == OTHER else reason


def _parts(path: str) -> tuple:
    """$.tiers.town.window → ('tiers', 'town', 'window'); $.steps[1] → ('steps', 1)."""
    return tuple(int(index) if index else key for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path))


def _duration(limit: dict | None) -> str:
    if not limit:
        return ""
    return "即办" if limit["value"] == 0 else f"{limit['value']}个{limit['unit']}"


def _fee_standard(data: dict) -> str:
    """The fee as the 收费依据及标准 column writes it (“名称：金额 单位”, “依据：…”), as export --format sheet does."""
    fee = data.get("fee")
    if not isinstance(fee, dict):
        return ""
    lines = []
    for item in fee["items"]:
        lines.append(f"{item['name']}：{item.get('amount', '')} {item.get('unit') or '元'}")
        if item.get("basis"):
            lines.append(f"依据：{item['basis']}")
    return "\n".join(lines)


# column field -> the file's value as the clerk sees it in that column (only for fields that are there but doubtful)
CURRENT = {
    "conditions": lambda d: "\n".join(d.get("conditions", ())),
    "basis": lambda d: "\n".join(d.get("basis", ())),
    "legal_limit": lambda d: _duration(d.get("time_limit", {}).get("legal")),
    "promised_limit": lambda d: _duration(d.get("time_limit", {}).get("promised")),
    "visits": lambda d: str(d.get("visits", {}).get("count", "")),
    "visits_reason": lambda d: d.get("visits", {}).get("reason", ""),
    "charged": lambda d: "" if "fee" not in d else "否" if d["fee"] == "不收费" else "是",
    "fee_standard": _fee_standard,
    "online_url": lambda d: d.get("online", {}).get("url", ""),
}
