"""The `bianmin` command line. Each subcommand is one module here, imported only when used.

A command module provides add_arguments(parser) and run(args) -> exit code; it sets up and runs,
the work itself is done by the stages (catalogue, site, printing, export, history)."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..exitcodes import ExitCode

# command name -> (module under generator/commands/, help)
COMMANDS = {
    "init": ("init", "新建一个县的目录项目（county.yml、网站配置、CI 文件、说明）"),
    "check": ("check", "检查目录，列出全部问题"),
    "stats": ("stats", "统计中心和事项数量"),
    "export": ("export", "导出开放数据：JSON、CSV、Excel、schema.org、HSDS、CPSV-AP"),
    "build": ("build", "检查目录并生成网站（site/）"),
    "serve": ("serve", "本地预览网站，修改目录后自动刷新"),
    "new": ("new", "新建事项或服务站的空白模板"),
    "format": ("format", "把目录文件改写成网页编辑器保存的写法（内容不变），或用 --check 只检查"),
    "diff": ("diff", "比较两个 git 版本的目录，写出群众能看到的变化"),
    "print": ("print", "生成打印用 PDF：办事指南、上墙公示表、汇编"),
    "import": ("import_sheet", "从实施清单表格（.xlsx/.csv）导入事项，再导入时只更新表格里的字段"),
    "gaps": ("gaps", "写出待补充表（待补充.xlsx）：每个部门还缺哪些字段、哪些要核对"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: Chinese hint, exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"bianmin: 命令用法不对：{message}\n用 bianmin --help 查看说明。\n")
        sys.exit(ExitCode.USAGE)


def make_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """Every command is listed; only the chosen one's module is imported (start-up stays fast)."""
    parser = _Parser(prog="bianmin", description="便民：把服务目录生成网站、打印指南和开放数据。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            _module(module).add_arguments(command)
    return parser


def _module(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(next((word for word in argv if word in COMMANDS), None))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(_module(COMMANDS[args.command][0]).run(args))
    except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM during a build raises a subclass carrying TERMINATED
        return int(getattr(exc, "exit_code", ExitCode.INTERRUPTED))
    except Exception as exc:  # never a bare traceback for users; BIANMIN_DEBUG=1 shows it
        if os.environ.get("BIANMIN_DEBUG"):
            raise
        sys.stderr.write(f"bianmin: 内部错误（{type(exc).__name__}: {exc}）。这不是目录数据的问题，请把这条信息报告给维护人员。\n")
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
