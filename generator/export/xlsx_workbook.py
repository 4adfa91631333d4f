"""The flat tables as one Excel workbook, a sheet per table."""
from __future__ import annotations

from datetime import datetime

from ..catalogue.model import Catalogue
from .tables import tables_of, xlsx_bytes

LABEL = "Excel"
FILES = {"catalogue.xlsx": "以上四张表的 Excel 工作簿，每张表一个工作表，首行冻结"}


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return {"catalogue.xlsx": xlsx_bytes(tables_of(catalogue), updated_time(catalogue))}


def updated_time(catalogue: Catalogue) -> datetime:
    return datetime.strptime(catalogue.county.updated, "%Y-%m-%d")
