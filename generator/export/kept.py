"""Open data kept in the cache between builds, so a rebuild writes again only what would change.

Two keys, as the pages and PDFs are keyed on what they are made from:
- the whole export: the catalogue as data (its repr: every field of every item, centre and the county),
  the site's address and the code (this package, the catalogue package, the schemas, openpyxl and
  zlib). Its entry lists the key of each file; when all are there, nothing is made.
- each file of a table format (CSV, XLSX, 实施清单): the table rows it is written from (format
  modules with `parts()`), and each sheet of a workbook on its own rows (KeptSheets). Working the
  rows out is cheap next to writing a workbook, so a one-fee edit writes again the tables and
  sheets that show the fee and takes the others (the 631 × 1,135 matrix…) from the cache. The JSON formats are made again whenever the catalogue changed (cheap); their
  files are kept under their content so the whole-export entry can name them.
"""
from __future__ import annotations

import json
import time
import zlib
from importlib.metadata import version as package_version
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
    for name in FORMATS:
        module = FORMAT_MODULES[name]
        if hasattr(module, "parts"):
            for path, (source, make) in module.parts(catalogue, site_url, KeptSheets(cache, version)).items():
                keys[path] = digest(version, path, source)
                data = cache.get(keys[path])
                if data is None:
                    data, made = cache.put(keys[path], make()), made + 1
                files[path] = data
        else:
            for path, data in module.files(catalogue, site_url).items():
                keys[path] = digest(version, path, data)
                if cache.exists(keys[path]):
                    cache.keep(keys[path])  # read back (and checked) when a later build reuses it
                else:
                    cache.put(keys[path], data)
                files[path] = data
                made += 1
    cache.put(whole, json.dumps(keys, ensure_ascii=False).encode("utf-8"))
    return files, made


class KeptSheets:
    """A workbook's sheets kept on their own (tables.xlsx_bytes), each keyed on its rows and the code:
    after a fee edit only the sheet that shows fees is written again."""

    def __init__(self, cache: Cache, version: str):
        self.cache, self.version = cache, version

    def get(self, source: str) -> bytes | None:
        return self.cache.get(digest(self.version, "sheet", source))

    def put(self, source: str, data: bytes) -> bytes:
        return self.cache.put(digest(self.version, "sheet", source), data)


def _listed(cache: Cache, whole: str) -> dict[str, bytes] | None:
    """Every file the whole-export entry names, or None when the entry or any file is missing."""
    listing = cache.get(whole)
    if listing is None:
        return None
    files = {}
    for path, key in json.loads(listing).items():
        data = cache.get(key)
        if data is None:
            return None
        files[path] = data
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
