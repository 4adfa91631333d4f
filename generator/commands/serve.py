"""`bianmin serve`: live preview; saving a catalogue file refreshes the page."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..site import engine
from .common import load_or_report, missing_file


def add_arguments(parser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    parser.add_argument("--cms", action="store_true",
                        help="同时启动网页编辑器的本地后端（decap-server，端口 8081）：在 /admin/ 直接改当前文件夹里的目录，不需要账号")


def run(args) -> int:
    if missing_file(args.config):
        return ExitCode.USAGE
    if load_or_report(Path("catalogue")) is None:  # serve reads the catalogue named in mkdocs.yml
        return ExitCode.PROBLEMS
    backend = None
    if getattr(args, "cms", False):
        from ..site.cms import LOCAL_PORT, LOCAL_PORT_ENV, start_local_backend
        backend, problem = start_local_backend(Path("."))
        if backend is None:
            sys.stderr.write(f"bianmin: {problem}\n")
            return ExitCode.USAGE
        os.environ[LOCAL_PORT_ENV] = str(LOCAL_PORT)
        print(f"网页编辑器：http://{args.dev_addr}/admin/ （点“登录”即可，改动直接写进 catalogue/，不开合并请求）")
    try:
        engine.serve(Path(args.config), args.dev_addr)
    finally:
        if backend is not None:
            backend.terminate()
            backend.wait(timeout=10)
    return ExitCode.OK
