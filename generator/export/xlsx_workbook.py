"""The flat tables as one Excel workbook, a sheet per table."""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from ..catalogue.model import Catalogue
from .encoding import made
from .tables import Sheets, table_source, tables_of, xlsx_bytes

LABEL = "Excel"
FILES = {"catalogue.xlsx": "以上各表的 Excel 工作簿，每张表一个工作表，首行冻结、可筛选，长文字自动换行"}


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return made(parts(catalogue, site_url))


def parts(catalogue: Catalogue, site_url: str, sheets: Sheets | None = None) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """As csv_tables.parts: the workbook is written from the tables and the catalogue's date."""
    named, when = tables_of(catalogue), updated_time(catalogue)
    return {"catalogue.xlsx": (workbook_source(named, when, sheets), functools.partial(xlsx_bytes, named, when, sheets=sheets))}


def workbook_source(named: dict, when: datetime, sheets: Sheets | None) -> str:
    """What a workbook is written from, as text: its date and each table's source (no source holds a
    line break: a repr writes it as \\n)."""
    return "\n".join([repr(when), *(f"{name}={table_source(table, sheets)}" for name, table in named.items())])


def updated_time(catalogue: Catalogue) -> datetime:
    return datetime.strptime(catalogue.county.updated, "%Y-%m-%d")
