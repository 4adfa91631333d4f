"""The checks of unchanged files, kept between runs of the commands (`bianmin check`, `build`, `print`…).

Parsing a file with its positions and checking it against its schema is most of a check: about 3 s
for a real county's 1,767 files. check_catalogue can reuse the result for a file whose bytes, kind and
shown name are the same (`kept`, as `bianmin serve` keeps it in memory); here that dict is kept in
the cache between runs, one entry per catalogue folder, named by the folder and the code that checks
(this package, the schemas and the libraries that read and check: a change checks every file again). The rules across
files (check_rules) always run. The entry is a pickle the project itself wrote into the user's own
cache folder (checked against its SHA-256 like every entry); it holds only the files of the last run."""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

from ..cache import Cache, digest, files_version
from ..paths import SCHEMA_DIR, catalogue_root
from .check import CheckResult, check_catalogue

HERE = Path(__file__).parent


def check_kept(path: Path, cache: Cache | None = None) -> CheckResult:
    """check_catalogue(path), taking what the last run found for each file that did not change."""
    cache = cache or Cache("checks")
    key = digest(_version(), str(catalogue_root(Path(path)).resolve()))
    kept = _Used(_read(cache, key))
    result = check_catalogue(path, kept)
    if kept.changed or len(kept.used) != len(kept):
        try:
            cache.put(key, pickle.dumps({name: kept[name] for name in kept.used}, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a cache folder that cannot be written makes the next check slower, never fail
            pass
    return result


def _version() -> str:
    """The checking code, the schemas, the YAML and schema libraries and Python: a change checks every file again."""
    import fastjsonschema
    import yaml
    return digest(files_version(HERE, SCHEMA_DIR), yaml.__version__, fastjsonschema.VERSION, sys.version)


def _read(cache: Cache, key: str) -> dict:
    stored = cache.get(key)
    if stored is None:
        return {}
    try:
        found = pickle.loads(stored)
    except Exception:  # written by another Python or an older class: check every file again
        return {}
    return found if isinstance(found, dict) else {}


class _Used(dict):
    """The kept results, noting which files this check asked for and whether any was checked anew."""

    def __init__(self, found: dict):
        super().__init__(found)
        self.used: set = set()
        self.changed = False

    def __getitem__(self, name):
        self.used.add(name)
        return super().__getitem__(name)

    def __setitem__(self, name, value):
        self.changed = True
        super().__setitem__(name, value)
