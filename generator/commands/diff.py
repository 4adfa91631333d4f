"""`bianmin diff BASE [HEAD]`: what residents would see change between two versions."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..history.git import GitError
from ..history.report import change_report


def add_arguments(parser) -> None:
    parser.add_argument("base", help="旧版本：分支、标签或提交号，如 origin/main")
    parser.add_argument("head", nargs="?", default="",
                        help="新版本（不写时用当前文件夹里的目录，包括还没提交的修改；CI 里写 HEAD）")
    parser.add_argument("--path", default=".", help="目录文件夹（默认：当前文件夹下的 catalogue/）")


def run(args) -> int:
    try:
        text, ok = change_report(Path(args.path), args.base, args.head)
    except GitError as exc:
        sys.stderr.write(f"bianmin diff: {exc}\n")
        return ExitCode.USAGE
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(text + "\n")
    return ExitCode.OK if ok else ExitCode.PROBLEMS
