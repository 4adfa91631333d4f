"""`bianmin gaps`: the work list 待补充.xlsx, what each department still has to fill in or correct."""
from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue.check import check_catalogue
from ..catalogue.gaps import work_list
from ..exitcodes import ExitCode
from ..export.gaps import workbook_bytes
from ..paths import catalogue_root, display_name
from .common import add_path_argument

DEFAULT_OUT = "待补充.xlsx"


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"写到哪个文件（默认 {DEFAULT_OUT}）")


def run(args) -> int:
    root = catalogue_root(Path(args.path))
    if not (root / "county.yml").is_file():
        sys.stderr.write(f"bianmin: 找不到 {display_name(root / 'county.yml')}：请在项目文件夹里运行，或写明目录文件夹\n")
        return ExitCode.USAGE
    result = check_catalogue(root)
    gaps = work_list(result.sources)
    out = Path(args.out)
    try:
        out.write_bytes(workbook_bytes(gaps))
    except OSError as error:
        sys.stderr.write(f"bianmin: 写不了 {out}：{error.strerror}（文件是不是正在 Excel 里打开？）\n")
        return ExitCode.USAGE
    count = sum(len(items) for items in gaps.values())
    print(f"已写出 {out}：{len(gaps)} 个部门、{count} 个事项要补充或核对")
    if result.problems:
        print(f"另有 {len(result.problems)} 处问题让文件没法读（不在表里），请先运行 bianmin check 修好", file=sys.stderr)
    return ExitCode.OK
