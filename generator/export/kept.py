"""Open data kept in the cache between builds, so a rebuild does again only the work that would change.

Keyed, as the pages and PDFs are, on what each thing is made from:
- the whole export: the catalogue as data (its repr: every field of every item, centre and the county),
  the site's address and the code (this package, the catalogue package, the schemas, openpyxl and
  zlib). Its entry lists the key of each file, and the sheets and pieces below, which it marks used
  (so the prune after a build with nothing changed keeps them); when all files are there, nothing is made.
- each file of a table format (CSV, XLSX, 实施清单): the table rows it is written from (format
  modules with `parts()`), and each sheet of a workbook on its own rows (KeptSheets); a sheet written
  again takes each unchanged row's XML from the cache (KeptSheets.rows). Working the rows out is
  cheap next to writing a workbook, so a one-fee edit writes one row of each item sheet and takes the
  other sheets (the 631 × 1,135 matrix…) and files from the cache.
- each item's record in the JSON formats (HSDS services with their service_at_locations,
  catalogue.json, schema.org, CPSV-AP): a line keyed on the item, the county, the centres and the
  site's address (KeptPieces, one cache entry per format); the rest of those files is made again
  whenever the catalogue changed (cheap), and the file is joined from the lines.
"""
from __future__ import annotations

import json
import time
import zlib
from importlib.metadata import version as package_version
from inspect import signature
from pathlib import Path

from .. import progress
from ..cache import Cache, digest, files_version
from ..catalogue.model import Catalogue
from ..paths import SCHEMA_DIR
from . import FORMAT_MODULES, FORMATS, write_files

CODE = [Path(__file__).parent, Path(__file__).parent.parent / "catalogue", SCHEMA_DIR]
WHAT = "开放数据文件"


def code_version() -> str:
    return digest(files_version(*CODE), package_version("openpyxl"), zlib.ZLIB_RUNTIME_VERSION)


def render_kept(catalogue: Catalogue, site_url: str, cache: Cache) -> tuple[dict[str, bytes], int]:
    """(path under data/ -> bytes, how many files were made anew), reusing what the cache holds."""
    version = code_version()
    whole = digest(version, "export", site_url, repr(catalogue))
    files = _listed(cache, whole)
    if files is not None:
        return files, 0
    files, keys, made = {}, {}, 0
    sheets, pieces = KeptSheets(cache, version), []
    for name in FORMATS:
        module = FORMAT_MODULES[name]
        if hasattr(module, "parts"):
            for path, (source, make) in module.parts(catalogue, site_url, sheets).items():
                keys[path] = digest(version, path, source)
                data = cache.get(keys[path])
                if data is None:
                    data, made = cache.put(keys[path], make()), made + 1
                files[path] = data
        else:
            if "pieces" in signature(module.files).parameters:  # its files are joined from pieces kept on their own
                pieces.append(KeptPieces(cache, version, name))
                made_files = module.files(catalogue, site_url, pieces=pieces[-1])
            else:
                made_files = module.files(catalogue, site_url)
            for path, data in made_files.items():
                keys[path] = digest(version, path, data)
                if cache.exists(keys[path]):
                    cache.keep(keys[path])  # read back (and checked) when a later build reuses it
                else:
                    cache.put(keys[path], data)
                files[path] = data
                made += 1
    kept = sheets.save() + [p.save() for p in pieces]
    cache.put(whole, json.dumps({"files": keys, "kept": kept}, ensure_ascii=False).encode("utf-8"))
    return files, made


class KeptSheets:
    """A workbook's sheets kept on their own (tables.xlsx_bytes), each keyed on its rows and the code:
    after a fee edit only the sheet that shows fees is written again, and of it only the row that
    shows the fee (rows)."""

    def __init__(self, cache: Cache, version: str):
        self.cache, self.version = cache, version
        self.used: list[str] = []  # the keys of the sheets this build took or made
        self.kept_rows: dict[str, KeptPieces] = {}  # sheet name -> its rows' XML, for the sheets written again
        self.sources: dict[int, tuple[tuple, str]] = {}  # id(table) -> (the table, its source), for this build

    def rows(self, sheet: str) -> KeptPieces:
        """Where the rows of the sheet of this name are kept (tables.ROWS_KEPT_COLUMNS says which sheets
        keep them); read only when the sheet is written again."""
        if sheet not in self.kept_rows:
            self.kept_rows[sheet] = KeptPieces(self.cache, self.version, f"rows of sheet {sheet}")
        return self.kept_rows[sheet]

    def source(self, table: tuple) -> str:
        """repr(table), once per build: the CSV file, the workbook and the sheet are keyed on it."""
        if id(table) not in self.sources:
            self.sources[id(table)] = (table, repr(table))  # the table is held, so its id stays its own
        return self.sources[id(table)][1]

    def get(self, source: str) -> bytes | None:
        key = digest(self.version, "sheet", source)
        found = self.cache.get(key)
        if found is not None:
            self.used.append(key)
        return found

    def put(self, source: str, data: bytes) -> bytes:
        key = digest(self.version, "sheet", source)
        self.used.append(key)
        return self.cache.put(key, data)

    def save(self) -> list[str]:
        """Store the rows kept of the sheets written again; the keys of every entry this build used
        (a later build that reuses the whole workbook marks them used, so a prune keeps them)."""
        return self.used + [rows.save() for rows in self.kept_rows.values()]


class KeptPieces:
    """The pieces of a format's files (encoding.Pieces: a service's line of services.json, a sheet's
    row…), all in one entry of the cache, each named by the digest of what it is made from; read only
    when a piece is asked for. The entry holds the pieces this build used, so it does not grow from
    one build to the next."""

    def __init__(self, cache: Cache, version: str, name: str):
        self.cache, self.key = cache, digest(version, "pieces", name)
        self.before: dict[str, str] | None = None  # the entry, once read
        self.now: dict[str, str | None] = {}  # the pieces asked for (None: missing) or made by this build
        self.asked: tuple[str, str] = ("", "")

    def get(self, source: str) -> str | None:
        if self.before is None:
            stored = self.cache.get(self.key)
            self.before = json.loads(stored) if stored else {}
        key = digest(source)
        self.asked = (source, key)  # put() after a miss names the piece without hashing its source again
        found = self.now[key] = self.before.get(key)
        return found

    def put(self, source: str, piece: str) -> str:
        self.now[self.asked[1] if source is self.asked[0] else digest(source)] = piece
        return piece

    def save(self) -> str:
        """Store the pieces used when they changed, else mark the entry used; the entry's key."""
        used = {key: piece for key, piece in self.now.items() if piece is not None}
        if used and used != self.before:
            self.cache.put(self.key, json.dumps(used, ensure_ascii=False).encode("utf-8"))
        else:
            self.cache.keep(self.key)
        return self.key


def _listed(cache: Cache, whole: str) -> dict[str, bytes] | None:
    """Every file the whole-export entry names, or None when the entry or any file is missing. The
    sheets and pieces it names are marked used, so a later build that changes one item finds them."""
    listing = cache.get(whole)
    if listing is None:
        return None
    named = json.loads(listing)
    files = {}
    for path, key in named["files"].items():
        data = cache.get(key)
        if data is None:
            return None
        files[path] = data
    for key in named["kept"]:
        cache.keep(key)
    return files


def write_kept(catalogue: Catalogue, out_dir: Path, site_url: str, cache_root: Path | None = None) -> list[Path]:
    """The open data into out_dir/data/ (a new site folder), from the cache where it can; tallies what
    was made and reused, and drops the entries this build did not use."""
    cache = Cache("open-data", cache_root)
    started = time.time()
    files, made = render_kept(catalogue, site_url, cache)
    written = write_files(files, Path(out_dir) / "data")
    cache.prune(started - 1)
    progress.tally(WHAT, rebuilt=made, reused=len(files) - made)
    return written
