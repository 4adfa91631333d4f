"""The one adapter between the catalogue and MkDocs: `plugins: [bianmin]` in mkdocs.yml.

- on_config: load and check the catalogue (a bad catalogue stops the build with the `bianmin check`
  report), render every page to Markdown and write it to a folder (only files whose text changed,
  so `mkdocs serve --dirty` rebuilds only the edited page), hand county facts to the templates
  (config.extra.bianmin).
- on_files: add the generated files to the site's files.
- on_post_build: index the built site with Pagefind (the search engine the pages use); under
  `mkdocs serve` in the background, so the edited page shows without waiting for the index.
Nothing else in the generator imports MkDocs: build_into() and serve() below are how the site stage and
the commands run it.
"""
from __future__ import annotations

import itertools
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File

from ..catalogue.build import load_catalogue
from ..catalogue.report import as_text
from . import assets
from . import extras as render_extras
from . import pages as render

log = get_plugin_logger(__name__)


class BianminConfig(Config):
    catalogue = c.Type(str, default="catalogue")
    pages_dir = c.Type(str, default=".cache/bianmin/pages")
    search = c.Type(bool, default=True)
    cms = c.Type(bool, default=True)             # the web form at /admin/ (Decap CMS, see generator/site/cms.py)
    cms_backend = c.Type(dict, default={})       # extra Decap backend settings, e.g. app_id for GitLab


class BianminPlugin(BasePlugin[BianminConfig]):
    # `bianmin build` sets these before building, so the catalogue is not loaded twice.
    preloaded = None
    pages_path: Path | None = None
    serving = False
    paths: list[str] = []
    extra: dict = {}
    hashed: dict = {}

    def on_startup(self, *, command, dirty):
        # Defining on_startup also keeps this instance for the whole `mkdocs serve` session.
        self.serving = command == "serve"

    def on_config(self, config):
        root = Path(config.config_file_path or ".").parent
        catalogue_root = root / self.config.catalogue
        self.pages_path = self.pages_path or root / self.config.pages_dir
        try:
            catalogue = self.preloaded or load_or_fail(catalogue_root)
        except PluginError:
            if not (self.serving and self.paths):
                raise
            log.error("目录数据有问题（见上面的列表），预览仍显示上次正确的内容。改好后保存即可刷新。")
            config.extra["bianmin"] = self.extra
            return config
        county = catalogue.county
        self.extra = {"sample_note": county.sample_note if county.sample_data else "", "updated": county.updated,
                      "county": county.name, "supervision_phone": county.supervision_phone}
        config.extra["bianmin"] = self.extra
        extras = render_extras.gather(catalogue_root, config.site_url or "")
        self.hashed = assets.hashed_copies(Path(config.docs_dir))
        config.extra_css = assets.renamed(config.extra_css, self.hashed)
        config.extra_javascript = assets.renamed(config.extra_javascript, self.hashed)
        pages = itertools.chain(render.iter_pages(catalogue, extras), self.hashed.values())
        self.paths = write_changed(pages, self.pages_path)
        return config

    def on_files(self, files, config):
        for original in self.hashed:  # published under its hashed name only
            if (file := files.get_file_from_path(original)) is not None:
                files.remove(file)
        for path in self.paths:
            files.append(File(path, src_dir=str(self.pages_path), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))
        return files

    def on_post_build(self, config):
        assets.drop_unused(Path(config.site_dir))
        if self.config.cms:
            write_cms(config, self.config)
        if not self.config.search:
            return
        if self.serving:  # the preview shows the page at once; its search index follows a moment later
            threading.Thread(target=index_site, args=(Path(config.site_dir), False), daemon=True).start()
        else:
            index_site(Path(config.site_dir))


def write_cms(config, options) -> None:
    import os

    from .cms import BUNDLE, LOCAL_PORT_ENV, write_admin
    root = Path(config.config_file_path or ".").parent
    port = os.environ.get(LOCAL_PORT_ENV)
    missing = write_admin(Path(config.site_dir), root / options.catalogue, config.repo_url, options.cms_backend,
                          root / BUNDLE, int(port) if port else None)
    if missing:
        log.warning(missing)


def load_or_fail(catalogue_root: Path):
    catalogue, result = load_catalogue(catalogue_root)
    if catalogue is None:
        print(as_text(result.problems), file=sys.stderr)
        raise PluginError("目录数据有问题（见上面的列表），网站没有生成。")
    return catalogue


def write_changed(pages, folder: Path) -> list[str]:
    """Write each (path, text) only when the text differs; delete pages no longer generated.
    Returns the paths, sorted."""
    written: list[str] = []
    for path, text in pages:
        target = folder / path
        written.append(path)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    wanted = {folder / p for p in written}
    for old in folder.rglob("*.md"):
        if old not in wanted:
            old.unlink()
    return sorted(written)


def index_site(site_dir: Path, strict: bool = True) -> None:
    """Build the Pagefind index into site/pagefind/ (bundled binary from the pagefind PyPI package)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "zh-cn", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        message = f"搜索索引生成失败（pagefind）：{done.stderr.strip() or done.stdout.strip()}"
        if strict:
            raise PluginError(message)
        log.warning(message)


# --- running MkDocs -----------------------------------------------------------------------------

def build_into(catalogue, root: Path, config_file: Path, out: Path) -> str:
    """Build the site into out with the already checked catalogue; returns the site's URL."""
    from mkdocs.commands.build import build
    show_engine_warnings()
    config = engine_config(catalogue, root, config_file, out.parent)
    build(config)
    return config.site_url or ""


def configured_site_url(config_file: Path) -> str:
    """The site's address as mkdocs.yml gives it ("" when none)."""
    from mkdocs.config import load_config
    return load_config(str(config_file)).site_url or ""


def engine_config(catalogue, root: Path, config_file: Path, work: Path):
    """The MkDocs config with the already checked catalogue handed to the plugin."""
    from mkdocs.config import load_config
    config = load_config(str(config_file), site_dir=str(work / "site"))
    plugin = cast(BianminPlugin, config.plugins["bianmin"])  # MkDocs types every plugin as BasePlugin
    plugin.preloaded = catalogue
    plugin.pages_path = work / "pages"
    plugin.config.catalogue = str(root.resolve())
    return config


def show_engine_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def serve(config_file: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve
    show_engine_warnings()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # Dirty rebuilds are exact here (every page whose text changes is rewritten; items are not in the
    # nav), so MkDocs' generic warning about them would only worry editors.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr)
