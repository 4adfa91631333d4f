"""The flat tables as CSV files (UTF-8 with BOM, so Excel shows the Chinese text)."""
from __future__ import annotations

from ..catalogue.model import Catalogue
from .tables import csv_bytes, tables_of

LABEL = "CSV"
FILES = {
    "items.csv": "事项表：每个事项一行，含各层级角色、时限、收费、电话",
    "materials.csv": "申请材料表：每个事项的每份材料一行",
    "centres.csv": "服务中心表：县、镇（街道）、村（社区）每个服务点一行，含地址、电话、办公时间",
    "availability.csv": "可办事项表：中心 × 事项 × 办理角色 × 窗口，每个中心能办的每个事项一行",
}


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return {f"{name}.csv": csv_bytes(*table) for name, table in tables_of(catalogue).items()}
