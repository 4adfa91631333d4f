"""Where things are: the catalogue folder, file names as users see them, the cache, the site's address,
and the one way an output folder is replaced (built beside it, then swapped in)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # what `mkdocs serve` shows, when mkdocs.yml names no site_url
# schema/ and site_src/ stand at the top of the repository; generator/bundled/ links to them, and a wheel
# carries them there (pyproject.toml's package data): the same path in a checkout and installed
BUNDLED = Path(__file__).resolve().parent / "bundled"
SCHEMA_DIR = BUNDLED / "schema"
SITE_SRC = BUNDLED / "site_src"
SITE_SRC_VARIABLE = "BIANMIN_SITE_SRC"  # a county project's mkdocs.yml reads docs_dir and custom_dir from it (!ENV)


def use_bundled_site_sources() -> None:
    """Let a county project's mkdocs.yml find the hand-written pages, theme overrides, CSS and JS that
    come with Bianmin (`docs_dir: !ENV [BIANMIN_SITE_SRC, site_src]`); the repository's own mkdocs.yml
    names site_src/ directly. A value already set wins (a county's own copy)."""
    os.environ.setdefault(SITE_SRC_VARIABLE, str(SITE_SRC))
    os.environ.setdefault("BIANMIN_OVERRIDES", str(SITE_SRC / "overrides"))


def catalogue_root(path: Path) -> Path:
    """Accept the catalogue folder itself or a project folder that holds catalogue/."""
    if (path / "catalogue").is_dir() and not (path / "county.yml").exists():
        return path / "catalogue"
    return path


def display_name(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.as_posix()


def cache_root() -> Path:
    """The one cache folder all stages share: BIANMIN_CACHE_DIR when set, else bianmin under the
    user's cache folder (platformdirs: $XDG_CACHE_HOME/bianmin or ~/.cache/bianmin on Linux)."""
    folder = os.environ.get("BIANMIN_CACHE_DIR")
    if folder:
        return Path(folder).absolute()
    from platformdirs import user_cache_path
    return user_cache_path("bianmin", appauthor=False)


def cache_dir(part: str) -> Path:
    """A folder under the shared cache root."""
    return cache_root() / part


def read_site_url(*folders: Path) -> str:
    """site_url from mkdocs.yml in the first of folders that names one, else DEFAULT_SITE_URL.

    Read as text: mkdocs.yml may hold !!python/name tags that a safe YAML loader refuses."""
    for folder in folders:
        config = folder / "mkdocs.yml"
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
        match = re.search(r"^site_url:\s*['\"]?([^'\"#\s]+)", text, re.MULTILINE)
        if match:
            return match.group(1)
    return DEFAULT_SITE_URL


def swap_in(new: Path, target: Path, wait: bool = True) -> None:
    """Replace target by the complete folder new (a sibling), with the old one gone only afterwards;
    not wait: the old one is removed by a process of its own (remove_later), the caller goes on."""
    old = target.with_name(f"{OLD_PREFIX.format(name=target.name)}{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if wait or not old.exists():
        shutil.rmtree(old, ignore_errors=True)
    else:
        remove_later(old)


OLD_PREFIX = ".{name}-old-"  # then the id of the process that removes it (a build that was killed: remove it)
# the remover takes the folder under its own id first, so a build starting meanwhile sees it is being removed
REMOVER = """import os, shutil, sys
old, prefix = sys.argv[1:]
mine = os.path.join(os.path.dirname(old), prefix + str(os.getpid()))
try:
    os.rename(old, mine)
except OSError:
    mine = old
if hasattr(os, "nice"):
    os.nice(10)
shutil.rmtree(mine, ignore_errors=True)
"""


def remove_later(folder: Path) -> None:
    """Remove folder (a previous site of thousands of files: seconds) from a process of its own that
    goes on after this one has ended; here and now when no process can be started."""
    prefix = folder.name[:folder.name.rindex("-") + 1]
    try:
        subprocess.Popen([sys.executable, "-c", REMOVER, str(folder), prefix], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
