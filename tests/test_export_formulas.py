"""Spreadsheet formula injection: text a clerk typed that starts with = + - @ is never run by Excel or WPS.

Every free-text field of the mini catalogue is given a formula payload; every cell of every CSV file
and XLSX sheet is then read back and must show the text, neutralised, never a formula."""
from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest
import yaml
from export_support import MINI, SITE

from generator.catalogue.build import load_catalogue
from generator.export import render_exports
from generator.export.tables import FORMULA_START, TABLE_TITLES, cell_text, tables

TEXT_KEYS = {"name", "summary", "note", "description", "reason", "address", "code", "q", "a", "period",
             "sample_note", "licence", "province", "city"}
TEXT_LISTS = {"basis", "conditions", "aliases", "services"}
PAYLOADS = ['=HYPERLINK("http://e.x","点")', "+cmd|'/C calc'!A0", "-1+cmd|'/C calc'!A0", "@SUM(1)"]  # fit a 40-char alias


def _poison(node, counter: list):
    """Every free-text value of a document, prefixed with one of the payloads in turn."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                node[key] = _payload(counter) + value
            elif key in TEXT_LISTS and isinstance(value, list):
                node[key] = [_payload(counter) + v for v in value]
            else:
                _poison(value, counter)
    elif isinstance(node, list):
        for value in node:
            _poison(value, counter)


def _payload(counter: list) -> str:
    counter[0] += 1
    return PAYLOADS[counter[0] % len(PAYLOADS)]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas") / "catalogue"
    shutil.copytree(MINI, root)
    counter = [0]
    for path in root.rglob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        _poison(data, counter)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    catalogue, result = load_catalogue(root)
    assert catalogue is not None, [p.text() for p in result.problems]
    return catalogue


def test_cell_text_neutralises_every_formula_start():
    for start in FORMULA_START:
        assert cell_text(f"{start}1+1") == f"'{start}1+1"
    assert cell_text("最低生活保障") == "最低生活保障"
    assert cell_text(10) == 10 and cell_text(-10) == -10  # numbers stay numbers


def _dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def test_every_text_column_of_every_csv_is_neutralised(poisoned):
    raw = tables(poisoned)
    files = render_exports(poisoned, SITE, ["csv"])
    poisoned_columns = 0
    for name, (header, rows) in raw.items():
        written = list(csv.reader(io.StringIO(files[f"{name}.csv"][3:].decode("utf-8"))))[1:]
        assert len(written) == len(rows)
        for column, title in enumerate(header):
            for before, after in zip(rows, written):
                assert not _dangerous(after[column]), (name, title, after[column])
                if _dangerous(before[column]):
                    assert after[column] == "'" + before[column], (name, title)
            poisoned_columns += any(_dangerous(row[column]) for row in rows)
    assert poisoned_columns >= 15  # names, aliases, codes, basis, addresses, notes, reasons … all reached the tables


def test_every_text_cell_of_the_workbook_is_text_not_a_formula(poisoned):
    raw = tables(poisoned)
    workbook = openpyxl.load_workbook(io.BytesIO(render_exports(poisoned, SITE, ["xlsx"])["catalogue.xlsx"]))
    for name, (header, rows) in raw.items():
        sheet = workbook[TABLE_TITLES[name]]
        written = list(sheet.iter_rows(min_row=2))
        assert len(written) == len(rows)
        for before, cells in zip(rows, written):
            for value, cell in zip(before, cells):
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                if _dangerous(value):
                    assert cell.value == "'" + value
