"""`bianmin new item|centre ID`: a skeleton to fill in, and what each blank takes."""
from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue.scaffold import ScaffoldError, write_skeleton
from ..exitcodes import ExitCode
from ..paths import display_name


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=("item", "centre"), help="item（事项）或 centre（村/社区便民服务站）")
    parser.add_argument("id", help="新文件的标识：小写拼音或英文，用连字符连接，如 gaoling-jintie")
    parser.add_argument("--town", help="新服务站所属镇（街道）中心的标识，如 tiandu（centre 必填）")
    parser.add_argument("--path", default=".", help="目录文件夹（默认：当前文件夹下的 catalogue/）")


def run(args) -> int:
    try:
        file, hints = write_skeleton(Path(args.path), args.kind, args.id, args.town)
    except ScaffoldError as exc:
        sys.stderr.write(f"bianmin new: {exc}\n")
        return ExitCode.USAGE
    print(f"已创建 {display_name(file)}。请把写着 null 的字段填好（把 null 换成内容），再运行 .venv/bin/bianmin check 检查：")
    for hint in hints:
        print(f"  {hint}")
    print("写好后运行 .venv/bin/bianmin format，文件的写法就和网页编辑器保存的一样。")
    return ExitCode.OK
