"""The /quality/ files kept between builds: the workbook is taken from the cache while its rows are
the same and written again (only the sheets whose rows changed) when a figure it shows changes; the
town pages survive the PDF process dropping what it did not use (it ends before this process asks)."""
from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest
from site_support import load
from support import require

from generator.cache import Cache
from generator.catalogue.quality import report
from generator.export import quality as quality_tables
from generator.export import tables
from generator.site import quality_page


@pytest.fixture
def sheets_written(monkeypatch) -> list[str]:
    """The title of every sheet openpyxl writes."""
    written: list[str] = []
    real = tables._write_sheet

    def write(sheet, header, rows, *pieces):
        written.append(sheet.title)
        return real(sheet, header, rows, *pieces)
    monkeypatch.setattr(tables, "_write_sheet", write)
    return written


def test_the_workbook_is_reused_while_its_rows_are_the_same_and_written_again_when_a_review_changes(tmp_path, sheets_written):
    cache = Cache("quality", tmp_path)
    first = quality_tables.files(report(load()), cache)
    assert sorted(sheets_written) == sorted(quality_tables.TITLES.values())
    sheets_written.clear()
    again = quality_tables.files(report(load()), cache)  # the same catalogue loaded anew
    assert again == first and sheets_written == []

    demo = load()
    item = next(i for i in demo.items if i.reviewed)
    changed = replace(demo, items=tuple(replace(i, reviewed="2020-01-01") if i.id == item.id else i for i in demo.items))
    rewritten = quality_tables.files(report(changed), cache)
    assert sorted(sheets_written) == sorted([quality_tables.TITLES["departments"], quality_tables.TITLES["items"]])
    assert rewritten["quality.xlsx"] != first["quality.xlsx"]
    sheets_written.clear()
    assert rewritten["quality.xlsx"] == quality_tables.files(report(changed))["quality.xlsx"]  # as written without a cache
    assert len(sheets_written) == len(quality_tables.TITLES)


def test_a_changed_phone_writes_again_only_its_row_after_a_build_that_changed_nothing(tmp_path, monkeypatch):
    """The unchanged build reuses the whole workbook and the prune after it drops what it did not use:
    the sheets and rows kept on their own must survive it."""
    from generator.export.kept import KeptPieces
    cache = Cache("quality", tmp_path)
    quality_tables.files(report(load()), cache)
    for entry in (tmp_path / "quality").glob("*/*"):
        os.utime(entry, (entry.stat().st_mtime - 3600,) * 2)  # made an hour ago
    started = time.time()
    quality_tables.files(report(load()), cache)  # nothing changed
    cache.prune(started - 1)
    demo = load()
    centre = demo.centres[0]
    changed = replace(demo, centres=tuple(replace(c, phone="0917-5550000") if c is centre else c for c in demo.centres))
    pieces: list[str] = []
    put = KeptPieces.put
    monkeypatch.setattr(KeptPieces, "put", lambda self, source, piece: pieces.append(piece) or put(self, source, piece))
    rewritten = quality_tables.files(report(changed), cache)
    rows = [piece for piece in pieces if piece.startswith("<row ")]
    assert len(rows) == 1 and "0917-5550000" in rows[0]  # of the stations sheet, only the centre's row
    assert rewritten["quality.xlsx"] == quality_tables.files(report(changed))["quality.xlsx"]


@pytest.mark.pdf
def test_town_pages_are_reused_after_the_pdf_process_drops_what_it_did_not_use(tmp_path, monkeypatch):
    require("cjk-font")
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    demo = load()
    first = quality_page.files(demo, "https://bianmin.example.org/")
    assert any(name.endswith(".pdf") for name in first)
    Cache("print").prune(time.time() + 1)  # the PDF process, done before this one asks for the town pages

    from generator.printing.jobs import Work

    def compile_again(*args, **kwargs):
        raise AssertionError("a town page made again")
    monkeypatch.setattr(Work, "compile", compile_again)
    assert quality_page.files(load(), "https://bianmin.example.org/") == first
