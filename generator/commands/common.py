"""What several commands share: the catalogue path argument, printing problems, loading or reporting."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..catalogue import report
from ..catalogue.build import load_catalogue


def add_path_argument(parser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="目录文件夹（默认：当前文件夹下的 catalogue/）")


def print_problems(problems, fmt: str = "text", stream=None) -> None:
    stream = stream or sys.stdout
    if fmt == "json":
        print(report.as_json(problems), file=stream)
        return
    if fmt == "github" or (os.environ.get("GITHUB_ACTIONS") == "true" and problems):
        print(report.as_github(problems), file=stream)
    if fmt != "github":
        print(report.as_text(problems), file=stream)


def load_or_report(path: Path):
    """The checked catalogue, or None after printing every problem to stderr."""
    if not path.is_dir():
        sys.stderr.write(f"bianmin: 找不到文件夹 {path}\n")
        return None
    catalogue, result = load_catalogue(path)
    if catalogue is None:
        print_problems(result.problems, stream=sys.stderr)
    return catalogue


def missing_file(name: str) -> bool:
    """True (after saying so) when the file the command needs is not there."""
    if Path(name).is_file():
        return False
    sys.stderr.write(f"bianmin: 找不到配置文件 {name}\n")
    return True
