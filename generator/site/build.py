"""The site stage from outside: the checked catalogue built into a temporary folder next to the site
folder (MkDocs through site.engine, then the extra writers: open data, PDFs), swapped in only when
everything succeeded."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import progress
from ..paths import swap_in
from . import engine
from . import extras as render_extras


def build_site(catalogue, root: Path, config_file: Path, site_dir: Path, writers=None) -> None:
    """Build into a sibling temporary folder; site_dir changes only when everything succeeded.

    writers: the extra writers to run (default: every one that exists, see extras.writers)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        with progress.stage("生成网页和搜索索引", 1) as step:
            site_url = engine.build_into(catalogue, root, config_file, work / "site")
            step()
        for write in render_extras.writers() if writers is None else writers:
            write(catalogue, work / "site", site_url)
        swap_in(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
