"""What several commands share: the catalogue path argument, printing problems, loading or reporting."""
from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from ..catalogue import report
from ..catalogue.build import load_catalogue
from ..exitcodes import ExitCode


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
    catalogue, result = load_catalogue(path, remembered=True)
    if catalogue is None:
        print_problems(result.problems, stream=sys.stderr)
    return catalogue


def missing_file(name: str) -> bool:
    """True (after saying so) when the file the command needs is not there."""
    if Path(name).is_file():
        return False
    sys.stderr.write(f"bianmin: 找不到配置文件 {name}\n")
    return True


class Stopped(KeyboardInterrupt):
    """SIGTERM raised as an exception, so every `finally` runs and the temporary folder goes."""

    exit_code = ExitCode.TERMINATED


@contextmanager
def stop_on_sigterm():
    """Meanwhile SIGTERM (kill, a CI timeout) stops the command as Ctrl-C does: cleanly."""
    def stop(signum, frame):
        raise Stopped(signum)
    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
