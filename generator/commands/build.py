"""`bianmin build` (= `make site`): check the catalogue, then build the site with PDFs and open data.

Bad data: the `bianmin check` report, exit 1, and the site folder is left as it was."""
from __future__ import annotations

import errno
import gc
import sys
from pathlib import Path

from .. import progress
from ..exitcodes import ExitCode
from ..paths import catalogue_root
from ..site import quality_page
from ..site.build import build_site
from .common import add_path_argument, load_or_report, missing_file, stop_on_sigterm


def add_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--site-dir", default="site", help="网站输出文件夹（默认 site/）")
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")


def run(args) -> int:
    if missing_file(args.config):
        return ExitCode.USAGE
    root = catalogue_root(Path(args.path))
    catalogue = load_or_report(root)
    if catalogue is None:
        return ExitCode.PROBLEMS
    unchanged = f"网站没有改动（{args.site_dir}/ 还是原来的样子），临时文件已删除"
    try:
        with stop_on_sigterm():
            office = quality_page.write_office(catalogue, Path(args.site_dir))  # when /quality/ is not published
            build_site(catalogue, root, Path(args.config), Path(args.site_dir))
        progress.summary()
    except KeyboardInterrupt:
        sys.stderr.write(f"bianmin: 已停止生成，{unchanged}。\n")
        gc.freeze()  # the process ends now: skip collecting the PDF stage's objects at exit (seconds)
        raise
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        sys.stderr.write(f"bianmin: 磁盘已满（写入 {exc.filename or '文件'} 时没有空间了）：{unchanged}。"
                         "请清理磁盘空间后重新运行 bianmin build。\n")
        return ExitCode.DISK_FULL
    print(f"网站已生成：{args.site_dir}/（{len(catalogue.items)} 个事项，{len(catalogue.centres)} 个服务站点）")
    if office:
        print(f"目录质量报告不公开（county.yml quality_public: false），表格和每镇一页的 PDF 在 {quality_page.office_folder(Path(args.site_dir))}/")
    return ExitCode.OK
