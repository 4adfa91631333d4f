"""The one adapter between the site stage and MkDocs (nothing else in the generator imports MkDocs):

- here: running MkDocs (build, serve) and reading mkdocs.yml (settings);
- plugin.py: `plugins: [bianmin]` in mkdocs.yml, which hands MkDocs the generated files;
- caches.py: the page caches that reach into MkDocs' pages and Material's templates;
- search.py: the search index (Pagefind) over the built site.

The site stage (site/build.py) writes the pages first and hands them over with build(); plain
`mkdocs build` and `mkdocs serve` let the plugin write them itself (prepare.write_pages, the same
function)."""
from __future__ import annotations

import logging
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ...paths import use_bundled_site_sources
from ..prepare import Written
from .plugin import BianminPlugin

__all__ = ["BianminPlugin", "Settings", "Built", "settings", "configured_site_url", "build", "serve"]


@dataclass(frozen=True)
class Settings:
    """What the site stage reads from mkdocs.yml besides what MkDocs itself uses."""
    site_url: str = ""
    repo_url: str | None = None
    search: bool = True
    cms: bool = True
    cms_backend: dict = field(default_factory=dict)
    cache: bool = True


@dataclass(frozen=True)
class Built:
    """What MkDocs' run reports back: the top folders of the pages the search indexes ('' for a page
    at the root), and the pages cache's hits and misses (None with caching off)."""
    indexed: frozenset[str]
    cache_use: tuple[int, int] | None


def settings(config_file: Path) -> Settings:
    from mkdocs.config import load_config
    use_bundled_site_sources()
    config = load_config(str(config_file))
    options = config.plugins["bianmin"].config
    return Settings(config.site_url or "", config.repo_url, options.search, options.cms, options.cms_backend,
                    options.cache)


def configured_site_url(config_file: Path) -> str:
    """The site's address as mkdocs.yml gives it ("" when none)."""
    return settings(config_file).site_url


def build(config_file: Path, site_dir: Path, written: Written, cache: bool = True) -> Built:
    """MkDocs over the written pages and site_src/, into site_dir (its pages counted as it goes)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    use_bundled_site_sources()
    show_engine_warnings()
    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin = cast(BianminPlugin, config.plugins["bianmin"])  # MkDocs types every plugin as BasePlugin
    plugin.config.cache = cache
    plugin.begin("build", written)
    try:
        mkdocs_build(config)
        rendered = plugin.rendered
        return Built(frozenset(plugin.indexed), (rendered.cache.hits, rendered.cache.misses) if rendered else None)
    finally:
        plugin.begin("build")  # MkDocs keeps this instance for the process: a later plain build starts clean


def show_engine_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def serve(config_file: Path, dev_addr: str) -> None:
    """MkDocs' live preview; its temporary site folder (and anything else made in the temporary folder
    meanwhile) goes inside one folder of ours that is removed however serve ends: MkDocs removes its own
    only when its first build was started."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    use_bundled_site_sources()
    with tempfile.TemporaryDirectory(prefix="bianmin-serve-") as work, _temporary_folder(work):
        show_engine_warnings()
        logging.getLogger("mkdocs").setLevel(logging.INFO)
        # Dirty rebuilds are exact here (every page whose text changes is rewritten; items are not in the
        # nav), so MkDocs' generic warning about them would only worry editors.
        logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr)


@contextmanager
def _temporary_folder(folder: str):
    before, tempfile.tempdir = tempfile.tempdir, folder
    try:
        yield
    finally:
        tempfile.tempdir = before
