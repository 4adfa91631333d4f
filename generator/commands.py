"""`bianmin check` and `bianmin stats`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import report, stats
from .catalogue import load_catalogue
from .check import check_catalogue

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_path_argument(parser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="目录文件夹（默认：当前文件夹下的 catalogue/）")


def add_check_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")


def run_check(args) -> int:
    path = Path(args.path)
    if not path.is_dir():
        sys.stderr.write(f"bianmin: 找不到文件夹 {args.path}\n")
        return EXIT_USAGE
    result = check_catalogue(path)
    print_problems(result.problems, args.format)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def print_problems(problems, fmt: str = "text", stream=None) -> None:
    stream = stream or sys.stdout
    if fmt == "json":
        print(report.as_json(problems), file=stream)
        return
    if fmt == "github" or (os.environ.get("GITHUB_ACTIONS") == "true" and problems):
        print(report.as_github(problems), file=stream)
    if fmt != "github":
        print(report.as_text(problems), file=stream)


def add_stats_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def run_stats(args) -> int:
    catalogue = load_or_report(Path(args.path))
    if catalogue is None:
        return EXIT_PROBLEMS
    figures = stats.catalogue_stats(catalogue)
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.format == "json" else stats.as_text(figures))
    return EXIT_OK


def load_or_report(path: Path):
    """The checked catalogue, or None after printing every problem to stderr."""
    if not path.is_dir():
        sys.stderr.write(f"bianmin: 找不到文件夹 {path}\n")
        return None
    catalogue, result = load_catalogue(path)
    if catalogue is None:
        print_problems(result.problems, stream=sys.stderr)
    return catalogue
