"""`bianmin format [PATH] [--check]`: every catalogue file in the style the web form saves in."""
from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue.restyle import catalogue_files, restyle, write
from ..exitcodes import ExitCode
from ..paths import display_name
from .common import add_path_argument

FIX = "运行 .venv/bin/bianmin format 改写（只改写法，不改内容）"


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--check", action="store_true", help="只检查，不改写：列出写法与网页编辑器不同的文件")


def run(args) -> int:
    path = Path(args.path)
    if not path.is_dir():
        sys.stderr.write(f"bianmin: 找不到文件夹 {args.path}\n")
        return ExitCode.USAGE
    files = [restyle(file, kind) for file, kind in catalogue_files(path)]
    if not files:
        sys.stderr.write(f"bianmin: {args.path} 里没有目录文件（county.yml、centres/、items/）\n")
        return ExitCode.USAGE
    for failed in (f for f in files if f.text is None):
        print(f"{display_name(failed.file)}: {failed.why}")
    changed = [f for f in files if f.changed]
    if args.check:
        for file in changed:
            print(f"{display_name(file.file)}: 写法与网页编辑器保存的不同（{_what(file)}）")
        if changed:
            print(f"{len(changed)} 个文件的写法要改。{FIX}。")
    else:
        for file in changed:
            write(file)
            print(f"已改写 {display_name(file.file)}{_dropped(file)}")
    if not changed and len(files) > sum(f.text is None for f in files):
        print(f"{len(files) - sum(f.text is None for f in files)} 个文件的写法都与网页编辑器保存的一致。")
    failed_any = any(f.text is None for f in files)
    return ExitCode.PROBLEMS if failed_any or (args.check and changed) else ExitCode.OK


def _what(file) -> str:
    return f"有 {file.comments} 行注释，网页编辑器保存时会去掉" if file.comments else "字段顺序、缩进或引号"


def _dropped(file) -> str:
    return f"（去掉了 {file.comments} 行注释：网页编辑器保存时也会去掉，要保留的内容请写进字段）" if file.comments else ""
