"""The flat tables as CSV files (UTF-8 with BOM, so Excel shows the Chinese text), described by a
Frictionless Data Package (datapackage.json: column types, primary and foreign keys)."""
from __future__ import annotations

import functools
from collections.abc import Callable

from ..catalogue.model import Catalogue
from .encoding import json_bytes, made
from .tables import Sheets, csv_bytes, datapackage, table_source, tables_of

LABEL = "CSV"
FILES = {
    "items.csv": "事项表：每个事项一行，含各层级角色、时限、收费、电话",
    "materials.csv": "申请材料表：每个事项的每份材料一行",
    "centres.csv": "服务中心表：县、镇（街道）、村（社区）每个服务点一行，含地址、电话、办公时间、可起办或办结的事项数和只能咨询的事项数",
    "windows.csv": "窗口表：每个服务点的每个窗口一行，含 A 岗、B 岗",
    "tier_offers.csv": "各层级职责表：每个事项在村、镇、县各做什么（办理角色、窗口、本级时限），每个层级只写一次",
    "exceptions.csv": "暂停办理表：某个服务点暂停办理、本层级通常可办的事项及原因",
    "centre_items.csv": "各中心可办事项总表：每个服务点一行、每个事项一列，格内是办理角色（“暂停”为暂停办理），筛选一列就能看到哪些服务点能办",
    "datapackage.json": "以上 CSV 的 Frictionless Data Package 说明：每列的类型、主键和外键",
}


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return made(parts(catalogue, site_url))


def parts(catalogue: Catalogue, site_url: str, sheets: Sheets | None = None) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """file -> (what it is written from, as text; how to write it): the open-data cache keys each file on the
    first (kept.py); a workbook keeps its sheets in `sheets`."""
    named = tables_of(catalogue)
    out: dict[str, tuple[str, Callable[[], bytes]]] = {
        f"{name}.csv": (table_source(table, sheets), functools.partial(csv_bytes, *table)) for name, table in named.items()}
    package = datapackage(catalogue, named)
    out["datapackage.json"] = (repr(package), functools.partial(json_bytes, package))
    return out
