"""CSV and XLSX: BOM and headers, each thing once (tier offers, exceptions), the centre × item matrix,
filterable and wrapped sheets, fixed times, same bytes, and a Frictionless Data Package that validates."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from dataclasses import replace
from datetime import datetime

import openpyxl
import pytest
from export_support import SITE, catalogue, hands_in_or_decides

from generator.catalogue.model import TIER_ZH
from generator.export import render_exports, write_files
from generator.export.tables import (
    CENTRE_HEADER,
    EXCEPTION_HEADER,
    ITEM_HEADER,
    MATERIAL_HEADER,
    MAX_WIDTH,
    TABLE_TITLES,
    TIER_OFFER_HEADER,
    WINDOW_HEADER,
    tables,
    xlsx_bytes,
)

HEADERS = {"items": ITEM_HEADER, "materials": MATERIAL_HEADER, "centres": CENTRE_HEADER, "windows": WINDOW_HEADER,
           "tier_offers": TIER_OFFER_HEADER, "exceptions": EXCEPTION_HEADER}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def rows_of(files: dict, name: str) -> list[dict]:
    header, *rows = read_csv(files[f"{name}.csv"])
    return [dict(zip(header, row)) for row in rows]


def test_csv_files_open_with_bom_and_headers():
    files = render_exports(catalogue("demo"), SITE, ["csv"])
    assert sorted(files) == sorted([f"{name}.csv" for name in TABLE_TITLES] + ["datapackage.json"])
    for name, header in HEADERS.items():
        assert tuple(read_csv(files[f"{name}.csv"])[0]) == header


def test_every_item_centre_material_and_window_once():
    cat = catalogue("demo")
    files = render_exports(cat, SITE, ["csv"])
    assert [r["事项ID"] for r in rows_of(files, "items")] == [i.id for i in cat.items]
    assert [r["中心ID"] for r in rows_of(files, "centres")] == [c.id for c in cat.centres]
    assert len(rows_of(files, "materials")) == sum(len(i.materials) for i in cat.items)
    windows = rows_of(files, "windows")
    assert [(r["中心ID"], r["窗口名称"]) for r in windows] == [(c.id, w.name) for c in cat.centres for w in c.windows]


def test_a_tier_offer_is_stated_once_per_item_and_tier():
    cat = catalogue("mini")
    offers = rows_of(render_exports(cat, SITE, ["csv"]), "tier_offers")
    assert [(r["事项ID"], r["层级"], r["办理角色"]) for r in offers] == [
        (i.id, TIER_ZH[t.tier], t.role) for i in cat.items for t in i.tiers if t.level > 0]
    county = next(r for r in offers if r["事项ID"] == "linshi-shenfenzheng" and r["层级"] == "县")
    assert (county["本级时限"], county["本级时限单位"]) == ("2", "自然日")  # the item counts calendar days


@pytest.mark.parametrize("name", ["mini", "demo"])
def test_the_matrix_says_who_can_do_what(name):
    cat = catalogue(name)
    files = render_exports(cat, SITE, ["csv"])
    header, *rows = read_csv(files["centre_items.csv"])
    assert header[4:] == [f"{i.id} {i.name}" for i in cat.items]
    assert [row[0] for row in rows] == [c.id for c in cat.centres]
    for centre, row in zip(cat.centres, rows):
        cells = dict(zip((i.id for i in cat.items), row[4:]))
        assert {ident: role for ident, role in cells.items() if role and role != "暂停"} == \
            {item.id: role.role for item, role in cat.offers(centre)}
        assert {ident for ident, role in cells.items() if role == "暂停"} == {ident for ident, _ in centre.exceptions}


def test_an_exception_is_listed_once_with_its_reason():
    cat = catalogue("mini")
    files = render_exports(cat, SITE, ["csv"])
    village = cat.centre("tiandu-donghe")
    assert [(r["中心ID"], r["事项ID"], r["原因"]) for r in rows_of(files, "exceptions")] == [
        (village.id, "dibao", village.exceptions[0][1])]


def test_centre_counts_say_what_it_starts_or_finishes_and_what_it_only_explains():
    cat = catalogue("demo")
    centres = {r["中心ID"]: r for r in rows_of(render_exports(cat, SITE, ["csv"]), "centres")}
    for centre in cat.centres:
        offers = cat.offers(centre)
        active = [i for i, role in offers if hands_in_or_decides(i, centre.tier)]
        consult = [i for i, role in offers if role.level == 1]
        row = centres[centre.id]
        assert (int(row["可起办或办结事项数"]), int(row["只能咨询事项数"]), int(row["暂停办理事项数"])) == \
            (len(active), len(consult), len(centre.exceptions))
    villages = [centres[c.id] for c in cat.centres if c.tier == "village" and not c.exceptions]
    assert {(r["可起办或办结事项数"], r["只能咨询事项数"]) for r in villages} == {("45", "23")}  # not 68


def test_a_window_name_with_the_list_separator_stays_one_value():
    cat = catalogue("mini")
    town = cat.centre("tiandu")
    renamed = replace(town, windows=(replace(town.windows[0], name="劳动就业、社会保障窗口"), *town.windows[1:]))
    cat = replace(cat, centres=tuple(renamed if c.id == town.id else c for c in cat.centres))
    files = render_exports(cat, SITE, ["csv"])
    names = [r["窗口名称"] for r in rows_of(files, "windows") if r["中心ID"] == town.id]
    assert names == [w.name for w in renamed.windows] and names[0] == "劳动就业、社会保障窗口"
    assert "窗口" not in read_csv(files["centres.csv"])[0]  # no joined list of names to split wrongly


@pytest.mark.slow
def test_workbook_has_the_same_tables_as_filterable_sheets_with_frozen_headers():
    cat = catalogue("demo")
    files = render_exports(cat, SITE, ["csv", "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(files["catalogue.xlsx"]))
    assert book.sheetnames == list(TABLE_TITLES.values())
    for name, sheet in zip(TABLE_TITLES, book.worksheets):
        assert sheet.freeze_panes == "A2"
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert rows == read_csv(files[f"{name}.csv"])
        assert sheet["A1"].font.b
        last = openpyxl.utils.get_column_letter(len(rows[0]))
        assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(n)].width for n in range(1, len(rows[0]) + 1)]
        assert all(8 <= w <= MAX_WIDTH for w in widths), widths
    name_column = book.worksheets[0].column_dimensions["B"].width
    assert name_column >= min(MAX_WIDTH, 2 * max(len(i.name) for i in cat.items))  # a Chinese character is two columns wide


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_text_longer_than_its_column_is_wrapped_not_cut():
    cat = catalogue("demo")
    book = openpyxl.load_workbook(io.BytesIO(render_exports(cat, SITE, ["xlsx"])["catalogue.xlsx"]))
    checked = 0
    for sheet in book.worksheets:
        widths = {n: sheet.column_dimensions[openpyxl.utils.get_column_letter(n)].width for n in range(1, sheet.max_column + 1)}
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and display_width(cell.value) > widths[cell.column]:
                    assert cell.alignment.wrap_text, (sheet.title, cell.coordinate)
                    checked += 1
    assert checked > 100  # the demo's summaries, notes and legal bases are long


def test_text_that_looks_like_a_formula_is_written_as_text():
    cat = catalogue("mini")
    dibao = cat.item("dibao")
    bad = replace(dibao, name='=HYPERLINK("http://example.invalid","点击")', summary="@SUM(1+1)")
    cat = replace(cat, items=tuple(bad if i.id == "dibao" else i for i in cat.items))
    files = render_exports(cat, SITE, ["csv", "xlsx"])
    row = next(r for r in rows_of(files, "items") if r["事项ID"] == "dibao")
    assert row["事项名称"] == "'" + bad.name
    for name in TABLE_TITLES:
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in read_csv(files[f"{name}.csv"]) for cell in row), name
    sheet = openpyxl.load_workbook(io.BytesIO(files["catalogue.xlsx"]))["事项"]
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("'=")


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


# --- datapackage.json, checked with the frictionless library ----------------------------------

def validate_package(folder) -> list[str]:
    from frictionless import validate
    report = validate(str(folder / "datapackage.json"))
    return [f"{task.name}: {error.type}: {error.message}" for task in report.tasks for error in task.errors] + \
        [f"package: {error.type}: {error.message}" for error in report.errors]


@pytest.mark.slow
def test_data_package_describes_every_csv_with_keys_and_validates(tmp_path):
    cat = catalogue("mini")
    files = render_exports(cat, SITE, ["csv"])
    write_files(files, tmp_path)
    package = json.loads(files["datapackage.json"])
    assert sorted(r["path"] for r in package["resources"]) == sorted(f"{name}.csv" for name in TABLE_TITLES)
    keys = {r["name"]: r["schema"] for r in package["resources"]}
    assert keys["items"]["primaryKey"] == ["事项ID"] and keys["centres"]["primaryKey"] == ["中心ID"]
    assert {"fields": ["事项ID"], "reference": {"resource": "items", "fields": ["事项ID"]}} in keys["exceptions"]["foreignKeys"]
    assert validate_package(tmp_path) == []


@pytest.mark.slow
def test_data_package_catches_a_broken_reference_and_a_wrong_type(tmp_path):
    files = render_exports(catalogue("mini"), SITE, ["csv"])
    files["exceptions.csv"] = files["exceptions.csv"].replace(b",dibao,", b",no-such-item,")
    header, *rows = read_csv(files["materials.csv"])
    rows[0][header.index("份数")] = "两份"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    files["materials.csv"] = buffer.getvalue().encode("utf-8-sig")
    write_files(files, tmp_path)
    found = validate_package(tmp_path)
    assert any(e.startswith("exceptions: foreign-key") for e in found), found
    assert any(e.startswith("materials: type-error") for e in found), found
