"""`bianmin serve`: live preview; saving a catalogue file refreshes the page."""
from __future__ import annotations

from pathlib import Path

from ..exitcodes import ExitCode
from ..site import engine
from .common import load_or_report, missing_file


def add_arguments(parser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")


def run(args) -> int:
    if missing_file(args.config):
        return ExitCode.USAGE
    if load_or_report(Path("catalogue")) is None:  # serve reads the catalogue named in mkdocs.yml
        return ExitCode.PROBLEMS
    engine.serve(Path(args.config), args.dev_addr)
    return ExitCode.OK
