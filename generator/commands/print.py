"""`bianmin print [PATH] [--items ID...] [--centres ID...] [--out DIR]`: reprint chosen PDFs."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import progress
from ..catalogue.model import Catalogue
from ..exitcodes import ExitCode
from ..paths import catalogue_root, read_site_url
from ..printing import pdf_support, write_pdfs
from .common import add_path_argument, load_or_report


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--items", nargs="+", metavar="ID", help="只生成这些事项的办事指南（事项 id）")
    parser.add_argument("--centres", nargs="+", metavar="ID", help="只生成这些中心的上墙公示表、汇编封面和所在层级的共用汇编（中心 id）")
    parser.add_argument("--out", default="site", help="输出文件夹（默认 site/，文件写在 print/ 下面）")


def run(args) -> int:
    catalogue = load_or_report(Path(args.path))
    if catalogue is None:
        return ExitCode.PROBLEMS
    unknown = _unknown_ids(catalogue, args.items or (), args.centres or ())
    if unknown:
        sys.stderr.write("".join(f"bianmin: {line}\n" for line in unknown))
        return ExitCode.USAGE
    warning = pdf_support()
    if warning:
        sys.stderr.write(f"bianmin: {warning}\n")
        return ExitCode.USAGE
    for ident in args.items or ():
        item = catalogue.item(ident)
        if not item.complete:
            print(f"bianmin: “{item.name}”（{ident}）的完整度是{item.level}，还没有打印版办事指南：补齐后把 level 改成 办事指南", file=sys.stderr)
    site_url = read_site_url(catalogue_root(Path(args.path)).parent.resolve())
    started = time.perf_counter()
    written = write_pdfs(catalogue, Path(args.out), site_url, args.items, args.centres)
    progress.summary()
    print(f"已生成 {len(written)} 个 PDF 文件，放在 {Path(args.out) / 'print'}（用时 {time.perf_counter() - started:.1f} 秒，二维码指向 {site_url}）")
    return ExitCode.OK


def _unknown_ids(catalogue: Catalogue, items, centres) -> list[str]:
    known_items = {i.id for i in catalogue.items}
    known_centres = {c.id for c in catalogue.centres}
    return ([f"没有 id 为“{i}”的事项（catalogue/items/ 里没有 {i}.yml）" for i in items if i not in known_items]
            + [f"没有 id 为“{c}”的中心（catalogue/centres/ 里没有 {c}.yml）" for c in centres if c not in known_centres])
