"""What the site takes from the other stages: PDF links (print), JSON-LD (schemaorg), dates and the
change log (history), and the writers that add open data and PDFs to a built site."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import printing, progress, workers
from ..catalogue import addresses
from ..export import kept, schemaorg
from ..history import changelog
from . import quality_page


@dataclass(frozen=True)
class Extras:
    pdf_links: bool = False
    item_jsonld: Callable | None = None
    centre_jsonld: Callable | None = None
    updated: dict = field(default_factory=dict)  # source file -> 'YYYY-MM-DD'
    site_url: str = ""
    changelog: str = ""  # Markdown of the 变更记录 page

    def page_url(self, path: str) -> str:
        return addresses.absolute(self.site_url, path)


def gather(catalogue_root: Path, site_url: str = "", warn=sys.stderr.write) -> Extras:
    pdf_warning = printing.pdf_support()
    if pdf_warning:
        warn(f"bianmin: 提示：{pdf_warning}（网站照常生成，只是不带 PDF 链接）\n")
    return Extras(
        pdf_links=pdf_warning is None,
        item_jsonld=schemaorg.item_jsonld,
        centre_jsonld=schemaorg.centre_jsonld,
        updated=dict(changelog.last_changed(catalogue_root)),
        site_url=site_url,
        changelog=changelog.changelog_markdown(catalogue_root))


def writers() -> list[Callable]:
    """Writers of extra files into the built site, run after the pages: writer(catalogue, out_dir, site_url)."""
    return [quality_page.write]


def background_writers() -> list[Callable]:
    """Writers whose work is done in worker processes, run while the pages are made:
    writer(catalogue, out_dir, site_url, stop=threading.Event) — they end early when stop is set."""
    return [open_data, pdfs]


def pdfs(catalogue, out_dir: Path, site_url: str, stop=None) -> list[Path]:
    """The PDFs, from a process of their own (which lays them out in two more)."""
    return workers.in_a_process(printing.write_pdfs, catalogue, out_dir, site_url, stop=stop)


def open_data(catalogue, out_dir: Path, site_url: str, stop=None) -> list[Path]:
    """The open data, from a process of its own; files whose content would not change come from the cache."""
    with progress.stage("开放数据", 1) as step:
        written = workers.in_a_process(kept.write_kept, catalogue, out_dir, site_url, stop=stop)
        step()
    return written
