"""The site stage from outside: the checked catalogue built into a temporary folder next to the site
folder (MkDocs through site.engine, then the extra writers: open data, PDFs), swapped in only when
everything succeeded."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .. import progress
from ..paths import swap_in
from . import engine
from . import extras as render_extras

WORK_PREFIX = ".site-new-"  # then the building process's id: .site-new-<pid>-<random>


def build_site(catalogue, root: Path, config_file: Path, site_dir: Path, writers=None) -> None:
    """Build into a sibling temporary folder; site_dir changes only when everything succeeded.

    writers: the extra writers to run (default: every one that exists, see extras.writers)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    try:
        with progress.stage("生成网页和搜索索引", 1) as step:
            site_url = engine.build_into(catalogue, root, config_file, work / "site")
            step()
        for write in render_extras.writers() if writers is None else writers:
            write(catalogue, work / "site", site_url)
        swap_in(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def remove_stale(site_dir: Path) -> None:
    """Folders left by a build that was killed outright (SIGKILL, a power cut): their process is gone.

    Ctrl-C and SIGTERM never leave one (the `finally` above runs); a build still running is left alone."""
    old = f".{site_dir.name}-old-"  # paths.swap_in's name for the previous site while swapping
    for stale in site_dir.parent.iterdir():
        if stale.name.startswith(WORK_PREFIX):
            pid = stale.name.removeprefix(WORK_PREFIX).split("-")[0]
        elif stale.name.startswith(old):
            pid = stale.name.removeprefix(old)
        else:
            continue
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not building yet: a folder of its id is from an earlier build in it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
