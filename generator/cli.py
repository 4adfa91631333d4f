"""The `bianmin` command line. Each subcommand lives in its stage's module and is imported only when used."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# name -> (module, help). The module provides add_<name>_arguments(parser) and run_<name>(args) -> exit code.
COMMANDS = {
    "check": ("generator.commands", "检查目录，列出全部问题"),
    "stats": ("generator.commands", "统计中心和事项数量"),
    "export": ("generator.export", "导出开放数据：JSON、CSV、Excel、schema.org、HSDS、CPSV-AP"),
    "build": ("generator.site", "检查目录并生成网站（site/）"),
    "serve": ("generator.site", "本地预览网站，修改目录后自动刷新"),
    "new": ("generator.scaffold", "新建事项或服务站的空白模板"),
    "diff": ("generator.diff", "比较两个 git 版本的目录，写出群众能看到的变化"),
    "print": ("generator.printing", "生成打印用 PDF：办事指南、上墙公示表、汇编"),
    "import": ("generator.importing.command", "从实施清单表格（.xlsx/.csv）导入事项，再导入时只更新表格里的字段"),
}

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: Chinese hint, exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"bianmin: 命令用法不对：{message}\n用 bianmin --help 查看说明。\n")
        sys.exit(EXIT_USAGE)


def make_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """Every command is listed; only the chosen one's module is imported (start-up stays fast)."""
    parser = _Parser(prog="bianmin", description="便民：把服务目录生成网站、打印指南和开放数据。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            getattr(importlib.import_module(module), f"add_{name}_arguments")(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(next((word for word in argv if word in COMMANDS), None))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return getattr(module, f"run_{args.command}")(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a bare traceback for users; BIANMIN_DEBUG=1 shows it
        if os.environ.get("BIANMIN_DEBUG"):
            raise
        sys.stderr.write(f"bianmin: 内部错误（{type(exc).__name__}: {exc}）。这不是目录数据的问题，请把这条信息报告给维护人员。\n")
        return 3


if __name__ == "__main__":
    sys.exit(main())
