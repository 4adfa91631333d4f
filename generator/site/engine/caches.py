"""The page caches: what MkDocs made of a page, kept between builds, and handed back through its
internals (a page's table of contents, title, anchors; the template Material would render).

- RenderedPages: the HTML of each page's Markdown (on_page_markdown / on_page_content).
- BuiltPages: each finished page, Material's templates around that HTML (on_env / on_page_context /
  on_post_page), in full builds only.
- CompiledTemplates: under serve, Material's templates compiled once for the session.
Both page caches live in generator/cache.py's `site-pages` folder."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from jinja2 import BytecodeCache

from ...cache import Cache, digest, files_version


class RenderedPages:
    """The HTML MkDocs made from each page's Markdown, kept in the cache between builds.

    The key is the page's Markdown, where it sits (its source and its address), which files the
    site has (links to other pages are resolved against them) and the engine's version (mkdocs.yml
    as written, the MkDocs, Markdown and pymdown-extensions versions, this file). On a hit,
    on_page_markdown hands MkDocs an empty text and a render() that converts nothing (MkDocs would
    otherwise build a Markdown instance, with every extension, for it) and on_page_content puts
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
            except ValueError:  # valid hash but not our JSON: made by another version; convert again
                pass
            else:
                page.render = _rendered_later(page)  # no Markdown instance made for nothing: after() restores
                return ""
        self.pending[page.file.src_uri] = (key, markdown, _Records.attach())
        return markdown

    def after(self, html: str, page, files) -> str:
        if page.file.src_uri in self.hits:
            kept, page.markdown = self.hits.pop(page.file.src_uri)
            vars(page).pop("render", None)  # the page's own render() again, should MkDocs build it once more
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
    return digest(source, files_version(Path(__file__).parent),
                  *(version(name) for name in ("mkdocs", "markdown", "pymdown-extensions")))


def kept_parts(html: str, page) -> dict:
    links = page.links_to_anchors
    return {"html": html, "toc": [_token(link) for link in page.toc], "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: anchors for f, anchors in links.items()}}


def _rendered_later(page):
    """What MkDocs calls instead of page.render() for a kept page: restore() sets what render() would
    (its HTML, table of contents, title, anchors and links), so nothing is converted now."""
    def render(config, files) -> None:
        page.content = ""
    return render


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
