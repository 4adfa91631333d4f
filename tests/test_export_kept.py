"""Open data kept in the cache (generator/export/kept.py): a rebuild with nothing changed makes no
file again; a one-fee edit makes again only what the fee changes, and every file is byte for byte
what a cold export gives."""
from __future__ import annotations

import os
import shutil

from export_support import MINI, SITE

from generator import progress
from generator.cache import Cache
from generator.catalogue.build import load_catalogue
from generator.export import hsds, render_exports, tables
from generator.export.kept import WHAT, KeptPieces, render_kept, write_kept

# the files that show an item's fee: everything said about the item itself
FEE_FILES = {"catalogue.json", "items.csv", "catalogue.xlsx", "schemaorg.jsonld", "hsds/services.json",
             "cpsv-ap.jsonld", "实施清单.xlsx"}
# files made from tables that do not show fees: taken from the cache after a fee edit
TABLES_WITHOUT_FEES = {"materials.csv", "centres.csv", "windows.csv", "tier_offers.csv", "exceptions.csv",
                       "centre_items.csv", "datapackage.json"}


def load(folder):
    catalogue, result = load_catalogue(folder)
    assert catalogue is not None, "\n".join(p.text() for p in result.problems)
    return catalogue


def test_a_rebuild_with_nothing_changed_makes_no_file_again(tmp_path):
    progress.reset()
    first = write_kept(load(MINI), tmp_path / "a", SITE, tmp_path / "cache")
    again = write_kept(load(MINI), tmp_path / "b", SITE, tmp_path / "cache")
    files = {p.relative_to(tmp_path / "a") for p in first}
    assert {p.relative_to(tmp_path / "b") for p in again} == files
    made, reused = progress.tallies()[WHAT]
    assert (made, reused) == (len(files), len(files))  # the first build made every file, the second none
    cold = render_exports(load(MINI), SITE)
    assert {f"data/{name}" for name in cold} == {str(p) for p in files}
    for name, data in cold.items():
        assert (tmp_path / "b" / "data" / name).read_bytes() == data, name


def test_a_fee_edit_changes_exactly_the_files_that_show_it(tmp_path, monkeypatch):
    folder = tmp_path / "catalogue"
    shutil.copytree(MINI, folder)
    cache = Cache("open-data", tmp_path / "cache")
    before, made = render_kept(load(folder), SITE, cache)
    assert made == len(before)
    item = folder / "items" / "linshi-shenfenzheng.yml"
    text = item.read_text("utf-8")
    assert "      amount: 10\n" in text
    item.write_text(text.replace("      amount: 10\n", "      amount: 15\n"), "utf-8")  # as a clerk edits it
    written = []
    write_sheet = tables._write_sheet
    monkeypatch.setattr(tables, "_write_sheet", lambda sheet, *rest: written.append(sheet.title) or write_sheet(sheet, *rest))
    after, made = render_kept(load(folder), SITE, cache)
    assert written == ["事项", "实施清单"]  # of both workbooks, only the sheet that shows fees is written again
    assert {name for name in after if after[name] != before[name]} == FEE_FILES
    assert after == render_exports(load(folder), SITE)  # the same bytes as a cold export
    assert made == len(after) - len(TABLES_WITHOUT_FEES)  # the tables without fees came from the cache


def test_a_damaged_entry_is_made_again(tmp_path):
    cache = Cache("open-data", tmp_path / "cache")
    files, _ = render_kept(load(MINI), SITE, cache)
    for entry in (tmp_path / "cache" / "open-data").glob("*/*"):
        entry.write_bytes(entry.read_bytes()[:-1])  # every entry cut short
    again, made = render_kept(load(MINI), SITE, cache)
    assert again == files and made == len(files)


def test_after_a_rebuild_with_nothing_changed_a_fee_edit_still_finds_the_kept_pieces(tmp_path, monkeypatch):
    """The unchanged rebuild reuses whole files and prunes what it did not use: the sheets and services
    kept on their own must survive it, so the next build makes again only the edited item's."""
    folder = tmp_path / "catalogue"
    shutil.copytree(MINI, folder)
    write_kept(load(folder), tmp_path / "a", SITE, tmp_path / "cache")
    for entry in (tmp_path / "cache" / "open-data").glob("*/*"):
        os.utime(entry, (entry.stat().st_mtime - 3600,) * 2)  # made an hour ago: prune drops what the next build does not use
    write_kept(load(folder), tmp_path / "b", SITE, tmp_path / "cache")  # nothing changed
    item = folder / "items" / "linshi-shenfenzheng.yml"
    item.write_text(item.read_text("utf-8").replace("      amount: 10\n", "      amount: 15\n"), "utf-8")
    sheets, services = [], []
    write_sheet, make_service = tables._write_sheet, hsds.service
    monkeypatch.setattr(tables, "_write_sheet", lambda sheet, *rest: sheets.append(sheet.title) or write_sheet(sheet, *rest))
    monkeypatch.setattr(hsds, "service", lambda catalogue, item, *rest: services.append(item.id) or make_service(catalogue, item, *rest))
    pieces = []
    put = KeptPieces.put
    monkeypatch.setattr(KeptPieces, "put", lambda self, source, piece: pieces.append(piece) or put(self, source, piece))
    written = write_kept(load(folder), tmp_path / "c", SITE, tmp_path / "cache")
    assert sheets == ["事项", "实施清单"]
    assert services == ["linshi-shenfenzheng"]  # the other services' lines (and their service_at_locations) were kept
    rows = [piece for piece in pieces if piece.startswith("<row ")]
    name = "".join(f"&#{ord(c)};" for c in "临时居民身份证申领")  # openpyxl writes characters past ASCII as references
    assert len(rows) == 2 and all(name in row for row in rows)  # of each item sheet, only the edited item's row
    records = [piece for piece in pieces if piece not in rows]  # its record in HSDS, catalogue.json, schema.org, CPSV-AP
    assert len(records) == 4 and all("临时居民身份证申领" in record for record in records)
    fresh = render_exports(load(folder), SITE)
    assert {str(p.relative_to(tmp_path / "c" / "data")): p.read_bytes() for p in written} == fresh


def test_a_wide_sheet_keeps_no_rows_and_is_still_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "ROWS_KEPT_UP_TO", 5)  # the mini catalogue's sheets are narrow: most now count as wide
    files, _ = render_kept(load(MINI), SITE, Cache("open-data", tmp_path / "cache"))
    assert files == render_exports(load(MINI), SITE)
