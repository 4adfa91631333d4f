"""The one adapter between the catalogue and MkDocs: `plugins: [bianmin]` in mkdocs.yml.

- on_config: load and check the catalogue (a bad catalogue stops the build with the `bianmin check`
  report; under serve it keeps the last good pages and lists the problems at /problems/, see
  problems_page.py, so the preview always starts), render every page to Markdown and write it to a folder (only files whose text changed,
  so `mkdocs serve --dirty` rebuilds only the edited page), hand county facts to the templates
  (config.extra.bianmin).
- on_files: add the generated files to the site's files.
- on_page_markdown / on_page_content: a page whose Markdown, location, site files and engine
  (mkdocs.yml, Markdown libraries, this file) are unchanged since an earlier build takes its HTML
  from the cache (generator/cache.py, `pages`) instead of converting it again: see RenderedPages.
- on_nav / on_env / on_page_context / on_post_page: in a full build, a page whose HTML, front
  matter, neighbours, navigation and theme are unchanged takes its finished page from the cache
  instead of going through Material's templates: see BuiltPages. Under serve, on_env compiles
  Material's templates once for the session instead.
- on_post_build: the web form (/admin/), then Pagefind (the search engine the pages use) over the
  folders of the indexed pages; under `mkdocs serve` in the background at low priority, so the
  edited page shows without waiting for the index.
Nothing else in the generator imports MkDocs: build_into() and serve() below are how the site stage and
the commands run it.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import cast

from jinja2 import BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File

from .. import progress
from ..cache import Cache, digest
from ..catalogue import addresses
from ..catalogue.build import load_catalogue
from ..catalogue.report import as_text
from ..paths import use_bundled_site_sources
from . import assets, problems_page
from . import extras as render_extras
from . import pages as render

log = get_plugin_logger(__name__)


class BianminConfig(Config):
    catalogue = c.Type(str, default="catalogue")
    pages_dir = c.Type(str, default=".cache/bianmin/pages")
    search = c.Type(bool, default=True)
    cms = c.Type(bool, default=True)             # the web form at /admin/ (Decap CMS, see generator/site/cms.py)
    cms_backend = c.Type(dict, default={})       # extra Decap backend settings, e.g. app_id for GitLab
    cache = c.Type(bool, default=True)           # reuse converted and finished pages that did not change


class BianminPlugin(BasePlugin[BianminConfig]):
    # `bianmin build` sets these before building, so the catalogue is not loaded twice.
    preloaded = None
    pages_path: Path | None = None
    serving = False
    paths: list[str] = []
    extra: dict = {}
    hashed: dict = {}
    rendered: RenderedPages | None = None
    built: BuiltPages | None = None
    nav = None
    indexed: set[str] = set()  # top folders of the pages Pagefind indexes ('' for a page at the root)
    cms_inputs = ""
    cms_choices = ""
    show_progress = False  # `bianmin build`: pages n of m, then the search index (generator/progress.py)
    _progress: ExitStack | None = None
    _step = None

    def on_startup(self, *, command, dirty):
        # Defining on_startup also keeps this instance for the whole `mkdocs serve` session.
        self.serving = command == "serve"
        self.parsed: dict = {}  # under serve: each catalogue file parsed and checked, by its bytes
        self.indexer = BackgroundIndex()
        self.compiled = CompiledTemplates()

    def on_config(self, config):
        root = Path(config.config_file_path or ".").parent
        catalogue_root = root / self.config.catalogue
        self.pages_path = folder = self.pages_path or root / self.config.pages_dir
        self.hashed = assets.hashed_copies(Path(config.docs_dir))
        config.extra_css = assets.renamed(config.extra_css, self.hashed)
        config.extra_javascript = assets.renamed(config.extra_javascript, self.hashed)
        config.extra["bianmin"] = self.extra
        if not self.serving:
            catalogue = self.preloaded or load_or_fail(catalogue_root)
            served: list[tuple[str, str]] = []
        else:
            catalogue, result = load_catalogue(catalogue_root, self.parsed)
            served = [(problems_page.PAGE, problems_page.markdown(result.problems))]
            if catalogue is None:
                self.show_problems(result.problems, served, folder, config)
                return config
        county = catalogue.county
        self.extra = {"sample_note": county.sample_note if county.sample_data else "", "updated": county.updated,
                      "county": county.name, "supervision_phone": county.supervision_phone}
        config.extra["bianmin"] = self.extra
        self.cms_choices = cms_choices(catalogue)
        extras = render_extras.gather(catalogue_root, config.site_url or "")
        pages = itertools.chain(render.iter_pages(catalogue, extras), self.hashed.values(), served)
        self.paths = write_changed(pages, self.pages_path)
        self.rendered = RenderedPages(config) if self.config.cache else None
        if not self.serving:  # under serve a dirty build sees only the changed pages: keep the folders
            self.indexed = set()
        return config

    def show_problems(self, problems, served: list[tuple[str, str]], folder: Path, config) -> None:
        """Under serve, a catalogue with problems: the last good pages stay (before the first good build a
        placeholder home page stands in), the problems page is rewritten, and the report is printed."""
        print(as_text(problems), file=sys.stderr)
        address = f"{config.site_url or '/'}{problems_page.ADDRESS}"
        log.error(f"目录数据有问题（见上面的列表，或预览里的 {address}），预览仍显示上次正确的内容。改好后保存即可刷新。")
        if self.paths:
            write_changed(served, folder, prune=False)
        else:
            placeholder = [("index.md", problems_page.placeholder())]
            self.paths = write_changed(itertools.chain(placeholder, self.hashed.values(), served), folder)
        self.cms_choices = ""

    def on_files(self, files, config):
        for original in self.hashed:  # published under its hashed name only
            if (file := files.get_file_from_path(original)) is not None:
                files.remove(file)
        for path in self.paths:
            files.append(File(path, src_dir=str(self.pages_path), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))
        if self.show_progress:
            self._progress = ExitStack()
            self._step = self._progress.enter_context(progress.stage("生成网页", len(files.documentation_pages())))
        return files

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
        self._progress = self._step = None

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
        if self._step is not None:
            self._step()
        return self.built.after(output, page) if self.built else output

    def on_page_markdown(self, markdown, page, config, files):
        return self.rendered.before(markdown, page, files) if self.rendered else markdown

    def on_page_content(self, html, page, config, files):
        if page.meta.get("bm_index"):  # in Pagefind's index (main.html marks it data-pagefind-body)
            self.indexed.add(page.file.dest_uri.split("/")[0] if "/" in page.file.dest_uri else "")
        return self.rendered.after(html, page, files) if self.rendered else html

    def on_shutdown(self):
        self.indexer.stop()

    def on_build_error(self, error):
        self._end_progress()
        if self.rendered:
            self.rendered.abandon()

    def on_post_build(self, config):
        self._end_progress()
        assets.drop_unused(Path(config.site_dir))
        if self.config.cms:
            self.cms_inputs = write_cms(config, self.config, self.cms_inputs, self.cms_choices)
        if self.rendered and not self.serving:
            self.rendered.prune()  # after every entry this build uses was read or written
        if not self.config.search:
            return
        if self.serving:  # the preview shows the page at once; its search index follows a moment later
            self.indexer.request(Path(config.site_dir), set(self.indexed))
        else:
            with progress.stage("搜索索引", 1) if self.show_progress else nullcontext(lambda: None) as step:
                index_site(Path(config.site_dir), folders=self.indexed)
                step()


class RenderedPages:
    """The HTML MkDocs made from each page's Markdown, kept in the cache between builds.

    The key is the page's Markdown, where it sits (its source and its address), which files the
    site has (links to other pages are resolved against them) and the engine's version (mkdocs.yml
    as written, the MkDocs, Markdown and pymdown-extensions versions, this file). On a hit,
    on_page_markdown hands MkDocs an empty text (nothing to convert) and on_page_content puts
    back the kept HTML, table of contents, title and anchors, so the page is byte-identical to
    a converted one. A page whose conversion logged anything (a broken link…) is never kept, so
    its warning shows on every build. A missing or damaged entry is converted again (Cache checks
    every entry's hash)."""

    def __init__(self, config, cache: Cache | None = None):
        self.cache = cache or Cache("site-pages")
        self.version = engine_version(config)
        self.started = time.time()
        self.files_key = ("", None)  # (digest of the site's files, the Files object it was made from)
        self.pending: dict[str, tuple[str, str, _Records]] = {}  # src_uri -> (key, markdown, log records)
        self.hits: dict[str, tuple[dict, str]] = {}  # src_uri -> (kept parts, markdown)

    def before(self, markdown: str, page, files) -> str:
        key = digest(self.version, self.site_files(files), page.file.src_uri, page.file.url, markdown)
        kept = self.cache.get(key)
        if kept is not None:
            try:
                self.hits[page.file.src_uri] = (json.loads(kept), markdown)
                return ""
            except ValueError:  # valid hash but not our JSON: made by another version; convert again
                pass
        self.pending[page.file.src_uri] = (key, markdown, _Records.attach())
        return markdown

    def after(self, html: str, page, files) -> str:
        if page.file.src_uri in self.hits:
            kept, page.markdown = self.hits.pop(page.file.src_uri)
            return restore(page, kept, files)
        key, markdown, records = self.pending.pop(page.file.src_uri)
        records.detach()
        if not records.seen:
            self.cache.put(key, json.dumps(kept_parts(html, page), ensure_ascii=False).encode("utf-8"))
        return html

    def site_files(self, files) -> str:
        if self.files_key[1] is not files:
            self.files_key = (digest(*sorted(f"{f.src_uri}\t{f.url}" for f in files)), files)
        return self.files_key[0]

    def abandon(self) -> None:
        """A page failed: stop listening for the pages left half converted."""
        for _, _, records in self.pending.values():
            records.detach()
        self.pending.clear()

    def prune(self) -> None:
        """After a full build: drop the entries it did not use."""
        self.cache.prune(self.started - 1)


class BuiltPages:
    """The finished HTML of each page (Material's templates around the converted Markdown), kept in
    the cache between full builds, so an unchanged page is not put through the templates again.

    The key holds everything the templates read: the engine version (as for RenderedPages), the
    theme (Material's version, the overrides folder), what the plugin sets at run time (extra,
    extra_css, extra_javascript, site_url), the plugins, the navigation (titles and addresses), and
    the page (address, title, front matter, HTML, table of contents, previous and next page,
    ancestors). A page with an entry gets a template that renders nothing (in on_env, before MkDocs
    picks the template); on_page_context reads the entry, or renders the page's own template after
    all when the entry turns out damaged; on_post_page returns the kept HTML. Only the page being
    built is held in memory. Not under serve: its dirty rebuilds build only the changed pages."""

    KEPT = "bianmin-kept.html"

    def __init__(self, rendered: RenderedPages, env, config, files, nav):
        from importlib.metadata import version

        from jinja2 import ChoiceLoader, DictLoader

        from ..cache import files_version
        self.cache, self.env = rendered.cache, env
        env.loader = ChoiceLoader([DictLoader({self.KEPT: ""}), env.loader])
        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        runtime = [config.extra, [str(x) for x in config.extra_css], [str(x) for x in config.extra_javascript],
                   config.site_url or "", sorted(config.plugins), _nav(nav.items if nav else [])]
        site = digest(rendered.version, version("mkdocs-material"), files_version(custom) if custom else "",
                      json.dumps(runtime, sort_keys=True, default=str))
        self.keys: dict[str, str] = {}  # src_uri -> key, until its output is kept
        self.chosen: dict[str, str | None] = {}  # src_uri -> its own template, for pages given KEPT
        self.output: dict[str, str] = {}  # the page being built: its kept or rendered HTML
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            self.keys[file.src_uri] = key = digest(site, _page(page))
            if self.cache.exists(key):
                self.chosen[file.src_uri] = page.meta.get("template")
                page.meta["template"] = self.KEPT

    def context(self, context, page) -> None:
        uri = page.file.src_uri
        if uri not in self.chosen:
            return
        own = self.chosen.pop(uri)
        if own is None:
            del page.meta["template"]
        else:
            page.meta["template"] = own
        kept = self.cache.get(self.keys[uri])
        if kept is not None:
            self.output[uri] = kept.decode("utf-8")
            del self.keys[uri]
        else:  # damaged since on_env: render the page's own template after all (and keep it)
            self.output[uri] = self.env.get_template(own or "main.html").render(context)

    def after(self, output: str, page) -> str:
        uri = page.file.src_uri
        output = self.output.pop(uri, output)
        if uri in self.keys:
            self.cache.put(self.keys.pop(uri), output.encode("utf-8"))
        return output


def _nav(items) -> list:
    return [[type(i).__name__, i.title, getattr(i, "url", None), _nav(i.children or [])] for i in items]


def _page(page) -> str:
    def near(other):
        return None if other is None else [other.title, other.url]
    return json.dumps([page.file.src_uri, page.url, page.canonical_url, page.edit_url, page.title, page.meta,
                       page.content, [_token(link) for link in page.toc or ()], page.is_homepage,
                       near(page.previous_page), near(page.next_page), [a.title for a in page.ancestors],
                       str(page.file.inclusion)], sort_keys=True, default=str)


def engine_version(config) -> str:
    from importlib.metadata import version
    source = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return digest(source, Path(__file__).read_bytes(),
                  *(version(name) for name in ("mkdocs", "markdown", "pymdown-extensions")))


def kept_parts(html: str, page) -> dict:
    links = page.links_to_anchors
    return {"html": html, "toc": [_token(link) for link in page.toc], "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: anchors for f, anchors in links.items()}}


def restore(page, kept: dict, files) -> str:
    from mkdocs.structure.toc import get_toc
    page.toc = get_toc(kept["toc"])
    page._title_from_render = kept["title"]
    page.present_anchor_ids = set(kept["anchors"])
    if kept["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in kept["links"].items()}
    return kept["html"]


def _token(link) -> dict:
    return {"level": link.level, "id": link.id, "name": link.title, "children": [_token(c) for c in link.children]}


class _Records(logging.Handler):
    """Counts what MkDocs and Markdown log while one page converts."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = 0

    @classmethod
    def attach(cls) -> _Records:
        records = cls()
        for name in ("mkdocs", "MARKDOWN"):
            logging.getLogger(name).addHandler(records)
        return records

    def emit(self, record) -> None:
        self.seen += 1

    def detach(self) -> None:
        for name in ("mkdocs", "MARKDOWN"):
            logging.getLogger(name).removeHandler(self)


def cms_choices(catalogue) -> str:
    """What the web form takes from items and centres (ids, names, tiers; cms.references), as a digest."""
    return digest(*(f"{i.source_file}\t{i.id}\t{i.name}" for i in catalogue.items),
                  *(f"{c.source_file}\t{c.id}\t{c.name}\t{c.tier}" for c in catalogue.centres))


def write_cms(config, options, written: str = "", choices: str = "") -> str:
    """Write site/admin/ unless it is there already from the same inputs: county.yml, the schemas,
    cms.py, the ids and names of items and centres (choices: cms_choices, '' when unknown), the
    settings. written: the digest of the inputs it was written from (under serve most saves change
    none of them). The form's config.yml is kept in the pages cache under that digest (reading
    every item for it takes 2 s at real scale). Returns the digest of the inputs now."""
    from ..cache import files_version
    from ..paths import SCHEMA_DIR
    from .cms import BUNDLE, LOCAL_PORT_ENV, write_admin
    root = Path(config.config_file_path or ".").parent
    port = os.environ.get(LOCAL_PORT_ENV)
    catalogue = root / options.catalogue
    inputs = digest(files_version(catalogue / "county.yml", SCHEMA_DIR, *(Path(__file__).with_name(f) for f in ("cms.py", "cms_form.js"))), choices,
                    config.repo_url or "", json.dumps(options.cms_backend, sort_keys=True), port or "",
                    str((root / BUNDLE).is_file())) if choices else ""
    admin = Path(config.site_dir) / "admin" / "config.yml"
    if inputs and inputs == written and admin.is_file():
        return inputs
    cache = Cache("site-pages")
    kept = cache.get(digest("admin/config.yml", inputs)) if inputs and options.cache else None
    missing = write_admin(Path(config.site_dir), catalogue, config.repo_url, options.cms_backend,
                          root / BUNDLE, int(port) if port else None, kept.decode("utf-8") if kept else None)
    if inputs and options.cache and kept is None and admin.is_file():  # no form wanted: nothing written to keep
        cache.put(digest("admin/config.yml", inputs), admin.read_bytes())
    if missing:
        log.warning(missing)
    return inputs


def load_or_fail(catalogue_root: Path):
    catalogue, result = load_catalogue(catalogue_root)
    if catalogue is None:
        print(as_text(result.problems), file=sys.stderr)
        raise PluginError("目录数据有问题（见上面的列表），网站没有生成。")
    return catalogue


def write_changed(pages, folder: Path, prune: bool = True) -> list[str]:
    """Write each (path, text) only when the text differs; delete pages no longer generated (unless not
    prune). Returns the paths, sorted."""
    written: list[str] = []
    for path, text in pages:
        target = folder / path
        written.append(path)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    wanted = {folder / p for p in written}
    for old in folder.rglob("*.md") if prune else ():
        if old not in wanted:
            old.unlink()
    return sorted(written)


class CompiledTemplates(BytecodeCache):
    """Compiled Jinja templates kept in memory for a serve session; Jinja checks each against its
    source's checksum, so an edited template is compiled again."""

    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


class BackgroundIndex:
    """Pagefind under serve: after a build, in the background and at low priority (so the next
    save's preview does not wait for the CPU), one run at a time; builds finished during a run
    are indexed by one more run after it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted: Path | None = None
        self.folders: set[str] = set()
        self.running = False
        self.stopped = False
        self.process: subprocess.Popen | None = None

    def request(self, site_dir: Path, folders: set[str]) -> None:
        with self.lock:
            self.wanted, self.folders = site_dir, folders
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            with self.lock:
                site_dir, folders, self.wanted = self.wanted, self.folders, None
                if site_dir is None or self.stopped:
                    self.running = False
                    return
            index_site(site_dir, strict=False, nice=True, folders=folders, started=self._started)

    def _started(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.process = process
        if self.stopped:
            process.kill()

    def stop(self) -> None:
        """Serve is ending: end a run under way and start none."""
        with self.lock:
            self.stopped = True
            process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def index_site(site_dir: Path, strict: bool = True, nice: bool = False, folders: set[str] | None = None,
               started=None) -> None:
    """Build the Pagefind index into site/pagefind/ (bundled binary from the pagefind PyPI package).

    nice: at the lowest CPU priority (under serve, behind the preview). folders: the top folders of
    the pages marked data-pagefind-body; Pagefind leaves every other page out once one is marked, so
    it need not read them (the same index, a fifth less time at real scale). started: called with the
    running process (serve ends it when it stops)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "zh-cn", "--quiet"]
    if folders and "" not in folders:
        command += ["--glob", f"{{{','.join(sorted(folders))}}}/**/*.html"]
    if nice and shutil.which("nice"):
        command = ["nice", "-n", "19", *command]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        if started is not None:
            started(process)
        out, err = process.communicate()
    if process.returncode < 0:  # ended by serve stopping
        return
    if process.returncode != 0:
        message = f"搜索索引生成失败（pagefind）：{err.strip() or out.strip()}"
        if strict:
            raise PluginError(message)
        log.warning(message)


# --- running MkDocs -----------------------------------------------------------------------------

def build_into(catalogue, root: Path, config_file: Path, out: Path) -> None:
    """Build the site into out with the already checked catalogue (its address: configured_site_url)."""
    from mkdocs.commands.build import build
    show_engine_warnings()
    build(engine_config(catalogue, root, config_file, out.parent))


def configured_site_url(config_file: Path) -> str:
    """The site's address as mkdocs.yml gives it ("" when none)."""
    from mkdocs.config import load_config
    use_bundled_site_sources()
    return load_config(str(config_file)).site_url or ""


def engine_config(catalogue, root: Path, config_file: Path, work: Path):
    """The MkDocs config with the already checked catalogue handed to the plugin."""
    from mkdocs.config import load_config
    use_bundled_site_sources()
    config = load_config(str(config_file), site_dir=str(work / "site"))
    plugin = cast(BianminPlugin, config.plugins["bianmin"])  # MkDocs types every plugin as BasePlugin
    plugin.serving = False  # MkDocs keeps one instance per process: an earlier `serve` set this
    plugin.show_progress = True
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
    """MkDocs' live preview; its temporary site folder (and anything else made in the temporary folder
    meanwhile) goes inside one folder of ours that is removed however serve ends: MkDocs removes its own
    only when its first build was started."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    use_bundled_site_sources()
    with tempfile.TemporaryDirectory(prefix="bianmin-serve-") as work, _temporary_folder(work):
        _serve(mkdocs_serve, config_file, dev_addr)


@contextmanager
def _temporary_folder(folder: str):
    before, tempfile.tempdir = tempfile.tempdir, folder
    try:
        yield
    finally:
        tempfile.tempdir = before


def _serve(mkdocs_serve, config_file: Path, dev_addr: str) -> None:
    show_engine_warnings()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # Dirty rebuilds are exact here (every page whose text changes is rewritten; items are not in the
    # nav), so MkDocs' generic warning about them would only worry editors.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr)
