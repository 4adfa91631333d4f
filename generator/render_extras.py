"""What the site takes from other stages' modules, and the one place that copes with their absence.

The print (generator.printing), open-data (generator.export), structured-data (generator.schemaorg)
and history (generator.history) stages are written in parallel with the site. Until they land, the
site builds without them: `optional()` returns None for a module that does not exist yet, and only
for that module (an import error inside an existing module still fails loudly). When every module
has landed, replace `optional(name)` by plain imports and delete it.
"""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


def optional(name: str):
    """The module `name`, or None when that very module is not there."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


@dataclass(frozen=True)
class Extras:
    pdf_links: bool = False
    item_jsonld: Callable | None = None
    centre_jsonld: Callable | None = None
    updated: dict = field(default_factory=dict)  # source file -> 'YYYY-MM-DD'
    site_url: str = ""

    def page_url(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path if self.site_url else "/" + path


def gather(catalogue_root: Path, site_url: str = "", warn=sys.stderr.write) -> Extras:
    printing, schemaorg, history = (optional(f"generator.{m}") for m in ("printing", "schemaorg", "history"))
    pdf_warning = printing.pdf_support() if printing else "打印模块尚未安装"
    if printing and pdf_warning:
        warn(f"bianmin: 提示：{pdf_warning}（网站照常生成，只是不带 PDF 链接）\n")
    return Extras(
        pdf_links=pdf_warning is None,
        item_jsonld=schemaorg.item_jsonld if schemaorg else None,
        centre_jsonld=schemaorg.centre_jsonld if schemaorg else None,
        updated=dict(history.last_changed(catalogue_root)) if history else {},
        site_url=site_url)


def writers() -> list[Callable]:
    """Writers of extra files into the built site: writer(catalogue, out_dir, site_url)."""
    found = [(optional("generator.export"), "write_exports"), (optional("generator.printing"), "write_pdfs")]
    return [getattr(module, name) for module, name in found if module is not None]
