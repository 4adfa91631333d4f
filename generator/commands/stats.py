"""`bianmin stats`: centres per tier, items per category, what each tier can do."""
from __future__ import annotations

import json
from pathlib import Path

from ..catalogue import stats
from ..exitcodes import ExitCode
from .common import add_path_argument, load_or_report


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")


def run(args) -> int:
    catalogue = load_or_report(Path(args.path))
    if catalogue is None:
        return ExitCode.PROBLEMS
    figures = stats.catalogue_stats(catalogue)
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.format == "json" else stats.as_text(figures))
    return ExitCode.OK
