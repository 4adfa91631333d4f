"""CSV and XLSX: BOM and headers, one row per item and centre, frozen header rows, fixed times, same bytes."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import openpyxl
import pytest
from export_support import SITE, catalogue

from generator.export import render_exports
from generator.export.tables import (
    AVAILABILITY_HEADER,
    CENTRE_HEADER,
    ITEM_HEADER,
    MATERIAL_HEADER,
    TABLE_TITLES,
    tables,
    xlsx_bytes,
)

HEADERS = {"items": ITEM_HEADER, "materials": MATERIAL_HEADER, "centres": CENTRE_HEADER, "availability": AVAILABILITY_HEADER}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_csv_files_open_with_bom_and_headers():
    files = render_exports(catalogue("demo"), SITE, ["csv"])
    assert sorted(files) == ["availability.csv", "centres.csv", "items.csv", "materials.csv"]
    for name, header in HEADERS.items():
        rows = read_csv(files[f"{name}.csv"])
        assert tuple(rows[0]) == header
        assert "事项ID" in rows[0] or "中心ID" in rows[0]


def test_every_item_and_centre_once_and_every_offer_in_availability():
    cat = catalogue("demo")
    files = render_exports(cat, SITE, ["csv"])
    items = read_csv(files["items.csv"])[1:]
    centres = read_csv(files["centres.csv"])[1:]
    assert [r[0] for r in items] == [i.id for i in cat.items]
    assert [r[0] for r in centres] == [c.id for c in cat.centres]
    availability = read_csv(files["availability.csv"])[1:]
    expected = [(c.id, item.id, role.role) for c in cat.centres for item, role in cat.offers(c)]
    assert [(r[0], r[3], r[5]) for r in availability] == expected
    materials = read_csv(files["materials.csv"])[1:]
    assert len(materials) == sum(len(i.materials) for i in cat.items)


def test_excepted_item_is_not_available_at_that_centre():
    cat = catalogue("mini")
    centre = next(c for c in cat.centres if c.exceptions)
    availability = read_csv(render_exports(cat, SITE, ["csv"])["availability.csv"])[1:]
    offered_here = {r[3] for r in availability if r[0] == centre.id}
    assert offered_here
    assert not offered_here & {ident for ident, _ in centre.exceptions}


@pytest.mark.slow
def test_workbook_has_the_same_tables_as_sheets_with_frozen_headers():
    cat = catalogue("demo")
    files = render_exports(cat, SITE, ["csv", "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(files["catalogue.xlsx"]))
    assert book.sheetnames == [TABLE_TITLES[name] for name in HEADERS]
    for name, sheet in zip(HEADERS, book.worksheets):
        assert sheet.freeze_panes == "A2"
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert rows == read_csv(files[f"{name}.csv"])
        assert sheet["A1"].font.b
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(n)].width for n in range(1, len(rows[0]) + 1)]
        assert all(8 <= w <= 60 for w in widths), widths
    name_column = book.worksheets[0].column_dimensions["B"].width
    assert name_column >= min(60, 2 * max(len(i.name) for i in cat.items))  # a Chinese character is two columns wide


def test_workbook_times_come_from_the_catalogue_not_the_clock():
    cat = catalogue("mini")
    data = render_exports(cat, SITE, ["xlsx"])["catalogue.xlsx"]
    updated = datetime.strptime(cat.county.updated, "%Y-%m-%d")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.created == updated and book.properties.modified == updated
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps == {(updated.year, updated.month, updated.day, 0, 0, 0)}


def test_workbook_bytes_depend_on_the_date_only_through_the_catalogue():
    named = tables(catalogue("mini"))
    assert xlsx_bytes(named, datetime(2026, 1, 2)) == xlsx_bytes(named, datetime(2026, 1, 2))
    assert xlsx_bytes(named, datetime(2026, 1, 2)) != xlsx_bytes(named, datetime(2026, 1, 3))
