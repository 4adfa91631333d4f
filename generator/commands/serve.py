"""`bianmin serve`: live preview; saving a catalogue file refreshes the page.

It always starts: with problems in the catalogue it shows the last good pages (or a page saying there are
none yet) and the problems at /problems/ (generator/site/problems_page.py). With --cms the web form's local
backend runs beside it (generator/site/local_backend.py) and ends with it, as does MkDocs' temporary folder:
on Ctrl-C, SIGTERM or an error."""
from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..site import engine, local_backend
from ..site.cms import LOCAL_PORT, LOCAL_PORT_ENV
from .common import missing_file, stop_on_sigterm


def add_arguments(parser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    parser.add_argument("--cms", action="store_true",
                        help=f"同时启动网页编辑器的本地后端（decap-server，只在本机 {local_backend.HOST} 上）："
                             "在 /admin/ 直接改当前文件夹里的目录，不需要账号")
    parser.add_argument("--cms-port", type=int, default=LOCAL_PORT, help=f"本地后端的端口（默认 {LOCAL_PORT}）")


def run(args) -> int:
    if missing_file(args.config):
        return ExitCode.USAGE
    with stop_on_sigterm():
        backend = local_backend.start(Path("."), args.cms_port) if args.cms else None
        if isinstance(backend, str):
            sys.stderr.write(f"bianmin: {backend}\n")
            return ExitCode.USAGE
        if backend is not None:
            os.environ[LOCAL_PORT_ENV] = str(args.cms_port)
            print(f"网页编辑器：http://{args.dev_addr}/admin/ （点“登录”即可，改动直接写进 catalogue/，不开合并请求）")
        try:
            engine.serve(Path(args.config), args.dev_addr)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            sys.stderr.write(f"bianmin: 预览地址 {args.dev_addr} 已被别的程序占用：关掉它，或用 --dev-addr 换一个端口\n")
            return ExitCode.USAGE
        finally:
            if backend is not None:
                local_backend.stop(backend)
    return ExitCode.OK
