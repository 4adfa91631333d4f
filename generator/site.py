"""`bianmin build` and `bianmin serve`: the catalogue checked, the site built elsewhere, then swapped in.

build: check the catalogue (bad data: the `bianmin check` report, exit 1, site/ untouched) → MkDocs
into a temporary folder next to site/ → extra writers (open data, PDFs) → swap the new folder in.
"""
from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from . import progress, render_extras
from .commands import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, add_path_argument, load_or_report
from .check import catalogue_root


def add_build_arguments(parser) -> None:
    add_path_argument(parser)
    parser.add_argument("--site-dir", default="site", help="网站输出文件夹（默认 site/）")
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")


def add_serve_arguments(parser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")


def run_build(args) -> int:
    config_file = Path(args.config)
    if not config_file.is_file():
        sys.stderr.write(f"bianmin: 找不到配置文件 {args.config}\n")
        return EXIT_USAGE
    root = catalogue_root(Path(args.path))
    catalogue = load_or_report(root)
    if catalogue is None:
        return EXIT_PROBLEMS
    build_site(catalogue, root, config_file, Path(args.site_dir))
    progress.summary()
    print(f"网站已生成：{args.site_dir}/（{len(catalogue.items)} 个事项，{len(catalogue.centres)} 个服务站点）")
    return EXIT_OK


def build_site(catalogue, root: Path, config_file: Path, site_dir: Path, writers=None) -> None:
    """Build into a sibling temporary folder; site_dir changes only when everything succeeded.

    writers: the extra writers to run (default: every one that exists, see render_extras.writers)."""
    from mkdocs.commands.build import build
    show_engine_warnings()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        config = engine_config(catalogue, root, config_file, work)
        with progress.stage("生成网页和搜索索引", 1) as step:
            build(config)
            step()
        progress.tally("网页", rebuilt=len(config.plugins["bianmin"].paths))
        for write in render_extras.writers() if writers is None else writers:
            write(catalogue, work / "site", config.site_url or "")
        swap(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def engine_config(catalogue, root: Path, config_file: Path, work: Path):
    """The MkDocs config with the already checked catalogue handed to the plugin."""
    from mkdocs.config import load_config
    config = load_config(str(config_file), site_dir=str(work / "site"))
    plugin = config.plugins["bianmin"]
    plugin.preloaded = catalogue
    plugin.pages_path = work / "pages"
    plugin.config.catalogue = str(root.resolve())
    return config


def swap(new: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".site-old-{new.parent.name}")
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def show_engine_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def run_serve(args) -> int:
    config_file = Path(args.config)
    if not config_file.is_file():
        sys.stderr.write(f"bianmin: 找不到配置文件 {args.config}\n")
        return EXIT_USAGE
    if load_or_report(Path("catalogue")) is None:  # serve reads the catalogue named in mkdocs.yml
        return EXIT_PROBLEMS
    from mkdocs.commands.serve import serve
    show_engine_warnings()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # Dirty rebuilds are exact here (every page whose text changes is rewritten; items are not in the
    # nav), so MkDocs' generic warning about them would only worry editors.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    serve(str(config_file), livereload=True, build_type="dirty", dev_addr=args.dev_addr)
    return EXIT_OK
