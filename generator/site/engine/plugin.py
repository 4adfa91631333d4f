"""`plugins: [bianmin]` in mkdocs.yml: hands MkDocs the generated files (File.generated) and the county
facts the theme's templates show (config.extra.bianmin).

- begin: a run's fresh state. The site stage (engine.build) hands it the pages it wrote; plain
  `mkdocs build` and `mkdocs serve` (on_startup) hand it none, and on_config writes them itself with
  the same function (prepare.write_pages) after loading and checking the catalogue: a bad catalogue
  stops the build with the `bianmin check` report; under serve it keeps the last good pages and lists
  the problems at /problems/ (problems_page.py), so the preview always starts.
- on_files: the generated files, and bianmin.css/js under hashed names (assets.py), join the site's.
- on_page_markdown … on_post_page: the page caches (caches.py) give back what did not change.
- on_post_build: drops files no page asks for; without the site stage, the web form (form.py) and the
  search index (search.py; under serve in the background).
All state is the instance's: MkDocs keeps one instance per process, so begin() starts each run afresh.
"""
from __future__ import annotations

import itertools
import sys
from contextlib import ExitStack
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File

from ... import progress
from ...catalogue import addresses
from ...catalogue.build import load_catalogue
from ...catalogue.report import as_text
from .. import assets, problems_page
from .. import extras as render_extras
from ..form import FormSettings, write_form
from ..prepare import Written, write_changed, write_pages
from .caches import BuiltPages, CompiledTemplates, RenderedPages
from .search import BackgroundIndex, SearchIndexFailed, index_site

log = get_plugin_logger(__name__)


class BianminConfig(Config):
    catalogue = c.Type(str, default="catalogue")
    pages_dir = c.Type(str, default=".cache/bianmin/pages")
    search = c.Type(bool, default=True)
    cms = c.Type(bool, default=True)             # the web form at /admin/ (Decap CMS, see generator/site/cms.py)
    cms_backend = c.Type(dict, default={})       # extra Decap backend settings, e.g. app_id for GitLab
    cache = c.Type(bool, default=True)           # reuse converted and finished pages that did not change


class BianminPlugin(BasePlugin[BianminConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.begin("build")

    def begin(self, command: str, handed: Written | None = None) -> None:
        """A run's fresh state; handed: the pages the site stage wrote (it then indexes and writes the form)."""
        self.serving = command == "serve"
        self.handed = handed
        self.written: Written | None = handed  # the pages this build shows
        self.hashed: dict = {}
        self.parsed: dict = {}  # under serve: each catalogue file parsed and checked, by its bytes
        self.rendered: RenderedPages | None = None
        self.built: BuiltPages | None = None
        self.nav = None
        self.indexed: set[str] = set()  # top folders of the pages Pagefind indexes ('' for a page at the root)
        self.form_inputs = ""
        self.indexer = BackgroundIndex(log.warning) if self.serving else None
        self.compiled = CompiledTemplates() if self.serving else None
        self.progress: ExitStack | None = None
        self.step = None

    def on_startup(self, *, command, dirty):
        # Defining on_startup also keeps this instance for the whole `mkdocs serve` session.
        self.begin(command)

    def on_config(self, config):
        self.hashed = assets.hashed_copies(Path(config.docs_dir))
        config.extra_css = assets.renamed(config.extra_css, self.hashed)
        config.extra_javascript = assets.renamed(config.extra_javascript, self.hashed)
        if self.handed is None:
            self.written = self.write_here(config)
        config.extra["bianmin"] = self.written.template_facts if self.written else {}
        self.rendered = RenderedPages(config) if self.config.cache else None
        if not self.serving:  # under serve a dirty build sees only the changed pages: keep the folders
            self.indexed = set()
        return config

    def write_here(self, config) -> Written | None:
        """Under plain `mkdocs build` / `mkdocs serve`: load the catalogue and write its pages."""
        root = Path(config.config_file_path or ".").parent
        catalogue_root, folder = root / self.config.catalogue, root / self.config.pages_dir
        if not self.serving:
            catalogue, more = load_or_fail(catalogue_root), []
        else:
            catalogue, result = load_catalogue(catalogue_root, self.parsed)
            more = [(problems_page.PAGE, problems_page.markdown(result.problems))]
            if catalogue is None:
                return self.show_problems(result.problems, more, folder, config)
        return write_pages(catalogue, render_extras.gather(catalogue_root, config.site_url or ""), folder, more)

    def show_problems(self, problems, more: list[tuple[str, str]], folder: Path, config) -> Written:
        """Under serve, a catalogue with problems: the last good pages stay (before the first good build a
        placeholder home page stands in), the problems page is rewritten, and the report is printed."""
        print(as_text(problems), file=sys.stderr)
        address = f"{config.site_url or '/'}{problems_page.ADDRESS}"
        log.error(f"目录数据有问题（见上面的列表，或预览里的 {address}），预览仍显示上次正确的内容。改好后保存即可刷新。")
        if self.written is not None:
            write_changed(more, folder, prune=False)
            return Written(folder, self.written.paths, self.written.template_facts, "")
        placeholder = [("index.md", problems_page.placeholder())]
        return Written(folder, tuple(write_changed(itertools.chain(placeholder, more), folder)), {}, "")

    def on_files(self, files, config):
        for original in self.hashed:  # published under its hashed name only
            if (file := files.get_file_from_path(original)) is not None:
                files.remove(file)
        for path, text in self.hashed.values():
            files.append(File.generated(config, path, content=text))
        if self.written is not None:
            for path in self.written.paths:
                files.append(File.generated(config, path, abs_src_path=str(self.written.folder / path)))
        if self.handed is not None:  # the site stage's build: pages n of m
            self.progress = ExitStack()
            self.step = self.progress.enter_context(progress.stage("生成网页", len(files.documentation_pages())))
        return files

    def end_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
        self.progress = self.step = None

    def on_env(self, env, config, files):
        env.filters["bm_feedback"] = addresses.feedback_page
        if self.serving:  # each rebuild makes a new Jinja environment: compile Material's templates once
            env.bytecode_cache = self.compiled
        self.built = BuiltPages(self.rendered, env, config, files, self.nav) if self.rendered and not self.serving else None
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_page_context(self, context, page, config, nav):
        if self.built:
            self.built.context(context, page)
        return context

    def on_post_page(self, output, page, config):
        if self.step is not None:
            self.step()
        return self.built.after(output, page) if self.built else output

    def on_page_markdown(self, markdown, page, config, files):
        return self.rendered.before(markdown, page, files) if self.rendered else markdown

    def on_page_content(self, html, page, config, files):
        if page.meta.get("bm_index"):  # in Pagefind's index (main.html marks it data-pagefind-body)
            self.indexed.add(page.file.dest_uri.split("/")[0] if "/" in page.file.dest_uri else "")
        return self.rendered.after(html, page, files) if self.rendered else html

    def on_shutdown(self):
        if self.indexer is not None:
            self.indexer.stop()

    def on_build_error(self, error):
        self.end_progress()
        if self.rendered:
            self.rendered.abandon()

    def on_post_build(self, config):
        self.end_progress()
        site_dir = Path(config.site_dir)
        assets.drop_unused(site_dir)
        if self.rendered and not self.serving:
            self.rendered.prune()  # after every entry this build uses was read or written
        if self.handed is not None:
            return  # the site stage indexes the site and writes the form itself
        if self.config.cms:
            self.write_form(config, site_dir)
        if not self.config.search:
            return
        if self.indexer is not None:  # the preview shows the page at once; its search index follows a moment later
            self.indexer.request(site_dir, set(self.indexed))
        else:
            try:
                index_site(site_dir, self.indexed)
            except SearchIndexFailed as failed:
                raise PluginError(str(failed)) from None

    def write_form(self, config, site_dir: Path) -> None:
        root = Path(config.config_file_path or ".").parent
        settings = FormSettings(root, root / self.config.catalogue, config.repo_url, self.config.cms_backend,
                                self.config.cache)
        choices = self.written.form_choices if self.written else ""
        self.form_inputs, missing = write_form(site_dir, settings, choices, self.form_inputs)
        if missing:
            log.warning(missing)


def load_or_fail(catalogue_root: Path):
    catalogue, result = load_catalogue(catalogue_root)
    if catalogue is None:
        print(as_text(result.problems), file=sys.stderr)
        raise PluginError("目录数据有问题（见上面的列表），网站没有生成。")
    return catalogue
