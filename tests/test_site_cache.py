"""Reusing what did not change, in the site stage: the pages cache (HTML of each page's Markdown)
gives byte-identical sites, damaged entries are converted again, a changed engine invalidates;
under serve, an edit reaches every page it affects, exactly as a full build would show it."""
from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support import ROOT

from generator import cache as cache_module
from generator.catalogue.build import load_catalogue
from generator.site import cms, engine
from generator.site.extras import gather
from generator.site.form import FormSettings, write_form
from generator.site.prepare import form_choices, write_pages

MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project with the mini catalogue, and a cache folder of its own."""
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", folder / "site_src")
    shutil.copytree(MINI, folder / "catalogue")
    yield folder
    load_config(str(folder / "mkdocs.yml")).plugins["bianmin"].begin("build")  # one instance per process: leave it fresh


@dataclass
class CacheUse:
    hits: int
    misses: int


def site_build(project: Path, out: Path, cache: bool = True) -> CacheUse:
    """`bianmin build`'s pages and MkDocs part (no search index, no web form: other tests cover them)."""
    catalogue, _ = load_catalogue(project / "catalogue")
    needs = gather(project / "catalogue", engine.settings(project / "mkdocs.yml").site_url)
    written = write_pages(catalogue, needs, out / "pages")
    built = engine.build(project / "mkdocs.yml", out / "site", written, cache)
    return CacheUse(*built.cache_use) if built.cache_use else CacheUse(0, 0)


def differences(a: Path, b: Path) -> list[str]:
    found, pending = [], [filecmp.dircmp(a, b)]
    while pending:
        compared = pending.pop()
        found += compared.left_only + compared.right_only + compared.diff_files + compared.funny_files
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found += mismatch + errors
        pending += compared.subdirs.values()
    return found


def pages(out: Path) -> int:
    return sum(1 for _ in (out / "site").rglob("*.html"))


def entries(project: Path) -> list[Path]:
    return [p for p in (project.parent / "cache" / "site-pages").glob("*/*") if p.is_file()]


@pytest.mark.slow
def test_a_cached_build_is_byte_identical_to_an_uncached_one(project, tmp_path):
    site_build(project, tmp_path / "plain", cache=False)
    assert not entries(project)
    cold = site_build(project, tmp_path / "cold")
    assert cold.hits == 0 and cold.misses > 20
    warm = site_build(project, tmp_path / "warm")
    assert warm.misses == 0 and warm.hits == 2 * cold.misses  # its HTML, then the whole page
    for built in ("cold", "warm"):
        assert differences(tmp_path / "plain" / "site", tmp_path / built / "site") == [], built
    assert pages(tmp_path / "warm") > 20


def test_a_damaged_entry_is_converted_again(project, tmp_path):
    site_build(project, tmp_path / "first")
    kept = entries(project)
    start = len(cache_module.MAGIC) + cache_module.DIGEST_BYTES
    converted = [p for p in kept if p.read_bytes()[start:start + 2] == b'{"']  # a page's HTML, as JSON
    finished = [p for p in kept if p.read_bytes()[start:start + 20].strip().lower().startswith(b"<!doctype html>")]
    assert len(converted) == len(finished) == len(kept) // 2
    cut, flipped = converted[0], finished[0]
    cut.write_bytes(cut.read_bytes()[:-40])
    raw = bytearray(flipped.read_bytes())
    raw[-1] ^= 1
    flipped.write_bytes(bytes(raw))
    again = site_build(project, tmp_path / "again")
    assert again.misses == 2 and again.hits == len(kept) - 2
    assert differences(tmp_path / "first" / "site", tmp_path / "again" / "site") == []
    third = site_build(project, tmp_path / "third")  # the two entries were written again, whole
    assert third.misses == 0


@pytest.mark.slow
def test_changed_markdown_settings_invalidate_and_templates_still_apply(project, tmp_path):
    site_build(project, tmp_path / "before")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - toc:\n", "  - toc:\n      permalink: true\n"),
                      encoding="utf-8")
    main = project / "site_src" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("数据更新于", "资料更新于"), encoding="utf-8")
    after = site_build(project, tmp_path / "after")
    assert after.hits == 0
    site_build(project, tmp_path / "plain", cache=False)
    assert differences(tmp_path / "plain" / "site", tmp_path / "after" / "site") == []
    page = next((tmp_path / "after" / "site" / "items").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'class="headerlink"' in page and "资料更新于" in page


@pytest.mark.slow
def test_what_the_plugin_hands_the_templates_invalidates_whole_pages(project, tmp_path):
    site_build(project, tmp_path / "before")
    county = project / "catalogue" / "county.yml"
    data = yaml.safe_load(county.read_text(encoding="utf-8"))
    data["sample_note"], data["updated"] = "换过的示例说明", "2031-02-03"
    county.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site_build(project, tmp_path / "after")
    site_build(project, tmp_path / "plain", cache=False)
    assert differences(tmp_path / "plain" / "site", tmp_path / "after" / "site") == []
    assert "换过的示例说明" in (tmp_path / "after" / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_page_with_a_warning_is_not_kept_so_the_warning_shows_every_time(project, tmp_path, caplog):
    (project / "site_src" / "about.md").write_text("# 关于\n\n[没有这一页](no-such-page.md)\n", encoding="utf-8")
    for out in ("one", "two"):
        caplog.clear()
        site_build(project, tmp_path / out)
        assert any("no-such-page.md" in r.getMessage() for r in caplog.records), out


def test_the_web_form_config_is_kept_and_made_again_when_a_name_changes(project, tmp_path, monkeypatch):
    monkeypatch.setenv(cms.LOCAL_PORT_ENV, "8081")  # the form is published under serve --cms (or with a backend)
    def admin(out: str, cache: bool = True) -> str:
        catalogue, _ = load_catalogue(project / "catalogue")
        settings = FormSettings(project, project / "catalogue", "https://gitlab.com/zwfw/bianmin", {"app_id": "x"},  # a form that can log in
                                cache)
        write_form(tmp_path / out, settings, form_choices(catalogue))
        return (tmp_path / out / "admin" / "config.yml").read_text(encoding="utf-8")

    made = []
    monkeypatch.setattr("generator.site.cms.references", lambda root, real=cms.references: made.append(root) or real(root))
    first = admin("one")
    assert admin("two") == first and len(made) == 1  # the second from the cache
    set_item(project / "catalogue" / "items" / "dibao.yml", name="改过名字的低保")
    renamed = admin("three")
    assert len(made) == 2 and "改过名字的低保" in renamed and renamed == admin("plain", cache=False)


def set_item(path: Path, **fields) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("cache", [True, pytest.param(False, marks=pytest.mark.slow)])
def test_under_serve_an_edit_reaches_every_page_it_affects(project, tmp_path, cache):
    """Two dirty builds as `bianmin serve` runs them (one plugin instance, files re-checked by their
    bytes), then the same catalogue built whole: every page is the same."""
    def serve_build():
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
        plugin = config.plugins["bianmin"]
        plugin.config.search, plugin.config.cms, plugin.config.cache = False, False, cache
        build(config, dirty=True)
        return plugin

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    serve_build()
    item = project / "catalogue" / "items" / "dibao.yml"
    set_item(item, name="改过名字的低保", summary="改过的说明")
    centre = project / "catalogue" / "centres" / "tiandu-donghe.yml"
    set_item(centre, phone="0917-5559999")
    served = serve_build()
    assert served.parsed and len(served.parsed) == 7  # county, 3 centres, 3 items: kept by their bytes
    site_build(project, tmp_path / "full", cache=False)
    serve_only = {"problems", "sitemap.xml", "sitemap.xml.gz"}  # the preview's /problems/ page, and the sitemap naming it
    assert [d for d in differences(tmp_path / "full" / "site", tmp_path / "served") if d not in serve_only] == []
    shown = {p.relative_to(tmp_path / "served").as_posix() for p in (tmp_path / "served").rglob("*.html")
             if "改过名字的低保" in p.read_text(encoding="utf-8")}
    assert {"items/dibao/index.html", "tiers/index.html", "categories/index.html"} <= shown
    assert any(p.startswith("centres/") for p in shown) and any(p.startswith("tiers/village") for p in shown)
    assert "0917-5559999" in (tmp_path / "served" / "centres" / "tiandu-donghe" / "index.html").read_text(encoding="utf-8")
