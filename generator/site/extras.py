"""What the pages take from the other stages: PDF links (print), JSON-LD (schemaorg), dates and the
change log (history). The site stage gathers it once (build.py), before the pages are written."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import printing
from ..catalogue import addresses
from ..export import schemaorg
from ..history import changelog


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
