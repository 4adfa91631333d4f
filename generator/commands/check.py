"""`bianmin check`: every problem of the catalogue at once."""
from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue.kept_checks import check_kept
from ..exitcodes import ExitCode
from .common import add_path_argument, print_problems


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")


def run(args) -> int:
    path = Path(args.path)
    if not path.is_dir():
        sys.stderr.write(f"bianmin: 找不到文件夹 {args.path}\n")
        return ExitCode.USAGE
    result = check_kept(path)
    print_problems(result.problems, args.format)
    return ExitCode.OK if result.ok else ExitCode.PROBLEMS
