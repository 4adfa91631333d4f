"""Printable guides: the item 办事指南 (with its 一次性告知单), centre wall charts and booklets, as PDF.

API for the other stages:
- pdf_support() -> None when PDFs can be made, else one Chinese warning naming what to install;
- write_pdfs(catalogue, out_dir, site_url, items=None, centres=None) -> the PDF files written under
  out_dir/print/ (items/<id>.pdf, centres/<id>-wall.pdf, centres/<id>-booklet.pdf);
- print_html_item(catalogue, item, site_url) -> the guide of one item as an HTML document;
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path

from ..catalogue.model import Catalogue, Item
from ..paths import DEFAULT_SITE_URL

DEBIAN_PACKAGES = "fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
PARALLEL_FROM = 20  # centres


@cache
def pdf_support() -> str | None:
    """None when WeasyPrint, Pango and the Noto Sans CJK SC faces are usable; else a warning in Chinese."""
    from .fonts import FAMILY, WEIGHTS, find_faces
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as exc:
        return f"无法生成 PDF：WeasyPrint 或 Pango 不可用（{exc}）。请安装 Debian 软件包：apt-get install {DEBIAN_PACKAGES}"
    if len(find_faces()) < len(WEIGHTS):
        return (f"无法生成 PDF：找不到中文字体“{FAMILY}”（常规和粗体）。"
                f"请安装 Debian 软件包：apt-get install {DEBIAN_PACKAGES}")
    return None


def print_html_item(catalogue: Catalogue, item: Item, site_url: str) -> str:
    from .html import item_guide_html
    return item_guide_html(catalogue, item, site_url)


def write_pdfs(catalogue: Catalogue, out_dir: Path, site_url: str, items=None, centres=None) -> list[Path]:
    """Write the chosen PDFs (all when neither items nor centres is given) into out_dir/print/.

    items and centres are lists of ids, already checked to exist. When pdf_support() gives a
    warning nothing is written and [] returned: the caller shows that warning once (the site
    builds without PDF links)."""
    from .pdf import (
        Printer,
        booklet_pdfs,
        covers_pdf_job,
        item_pdfs,
        wall_pdfs,
        wall_pdfs_job,
    )

    if pdf_support():
        return []
    site_url = site_url or DEFAULT_SITE_URL  # QR codes need an absolute address
    if items is None and centres is None:
        chosen_items, chosen_centres = list(catalogue.items), list(catalogue.centres)
    else:
        chosen_items = [catalogue.item(i) for i in items or ()]
        chosen_centres = [catalogue.centre(c) for c in centres or ()]
    if not chosen_items and not chosen_centres:
        return []
    text = _text(catalogue, site_url, chosen_items, chosen_centres)
    printer = Printer(catalogue, site_url, text)  # cuts the font first, so a second process finds it cached
    folder = Path(out_dir) / "print"
    with _second_process(len(chosen_centres)) as pool:
        # the second process makes the booklet covers first (the booklets wait for them), then the wall charts
        covers = pool and pool.submit(covers_pdf_job, catalogue, site_url, text, chosen_centres)
        walls = pool and pool.submit(wall_pdfs_job, catalogue, site_url, text, chosen_centres, folder / "centres")
        printer.lay_out_guides(_needed_items(catalogue, chosen_items, chosen_centres))  # all at once
        written = item_pdfs(printer, chosen_items, folder / "items")
        if chosen_centres:
            written += booklet_pdfs(printer, chosen_centres, folder / "centres", covers and covers.result)
            written += walls.result() if walls else wall_pdfs(printer, chosen_centres, folder / "centres")
    return written


def _second_process(centres: int):
    """Covers and wall charts go to a second process when there are many centres and more than one core."""
    if centres < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return nullcontext()
    return _stoppable(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")))


@contextmanager
def _stoppable(pool: ProcessPoolExecutor):
    """On Ctrl-C, SIGTERM or an error the second process is ended at once, not waited for."""
    try:
        yield pool
    except BaseException:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _needed_items(catalogue: Catalogue, items: list, centres: list) -> list:
    """The chosen items and every item a chosen centre's booklet holds, in catalogue order."""
    wanted = {i.id for i in items} | {i.id for c in centres for i, _ in catalogue.offers(c)}
    return [i for i in catalogue.items if i.id in wanted]


def _text(catalogue: Catalogue, site_url: str, items: list, centres: list) -> str:
    """Every character the chosen PDFs can show, to cut the font to."""
    from .html import (
        booklet_contents_html,
        booklet_covers_html,
        booklet_key,
        here_word,
        item_guides_html,
        wall_body_html,
        wall_content,
        wall_heads_html,
    )
    parts = [item_guides_html(catalogue, _needed_items(catalogue, items, centres), site_url)]
    if centres:
        parts += [wall_heads_html(catalogue, centres, site_url), booklet_covers_html(catalogue, centres, site_url)]
        for c in {booklet_key(catalogue, c): c for c in centres}.values():
            parts.append(booklet_contents_html(catalogue, c, [(i, r, 0) for i, r in catalogue.offers(c)]))
        contents = {(wall_content(catalogue, c), here_word(c)) for c in centres}
        parts += [wall_body_html(catalogue, content, here, 1, 12, 0) for content, here in contents]
    return "".join(parts)
