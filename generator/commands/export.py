"""`bianmin export`: the open-data files without building the site."""
from __future__ import annotations

import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..export import (
    FORMAT_LABELS,
    FORMATS,
    render_exports,
    replace_folder,
    unsafe_output,
)
from ..paths import read_site_url
from .common import add_path_argument, load_or_report

DEFAULT_OUT = "open-data"


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--format", default=",".join(FORMATS), help=f"要导出的格式，用逗号分隔（默认全部：{','.join(FORMATS)}）")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"输出文件夹（默认 {DEFAULT_OUT}/；整个文件夹会被替换）")
    parser.add_argument("--site-url", default=None, help="网站地址，用于数据里的链接（默认读 mkdocs.yml 的 site_url）")


def run(args) -> int:
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        sys.stderr.write(f"bianmin: 不认识的导出格式：{'、'.join(unknown) or '（空）'}。可选：{','.join(FORMATS)}\n")
        return ExitCode.USAGE
    out = Path(args.out)
    refusal = unsafe_output(out)
    if refusal:
        sys.stderr.write(f"bianmin: {refusal}\n")
        return ExitCode.USAGE
    catalogue = load_or_report(Path(args.path))
    if catalogue is None:
        return ExitCode.PROBLEMS
    path = Path(args.path).resolve()
    files = render_exports(catalogue, args.site_url or read_site_url(Path.cwd(), path, path.parent), formats)
    replace_folder(out, files)
    print(f"已导出 {len(files)} 个文件到 {out}/（{'、'.join(FORMAT_LABELS[f] for f in FORMATS if f in formats)}）")
    return ExitCode.OK
