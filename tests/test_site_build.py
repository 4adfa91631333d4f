"""The built site: every page there with the right content, escaped, small, identical twice, and a
failed build that leaves the previous site alone."""
from __future__ import annotations

import filecmp
import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from site_support import build, load, small_catalogue
from support import ROOT

from generator import commands as cli
from generator.catalogue import facts
from generator.catalogue.model import TIERS
from generator.catalogue.stats import catalogue_stats
from generator.site.prepare import write_changed

pytestmark = pytest.mark.slow  # MkDocs builds of the demo and of small catalogues


@pytest.fixture(scope="session")
def demo(demo_site) -> Path:
    return demo_site


@pytest.fixture(scope="session")
def catalogue():
    return load()


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_every_item_has_a_full_guide(demo, catalogue):
    for item in catalogue.items:
        text = text_of(page(demo, f"items/{item.id}"))
        assert item.name in text
        for heading in ("到哪里办", "要带什么材料", "办理流程", "多长时间办好", "要跑几次", "收费", "咨询和投诉电话"):
            assert heading in text, (item.id, heading)
        for material in item.materials:
            assert material.name in text, (item.id, material.name)
        for tier in TIERS:
            assert catalogue.county.tier_name(tier) in text
        assert item.consult_phone in text and item.complaint_phone in text
        assert str(item.promised) in text and item.case_type in text
        assert "不收费" in text if item.fee.free else all(f.name in text for f in item.fee.items)


def test_item_page_says_where_to_start_and_which_window(demo, catalogue):
    item = next(i for i in catalogue.items if i.start_tier == "village")
    markup = page(demo, f"items/{item.id}")
    start_card = re.search(r'<li class="bm-tier [^"]*bm-tier--start"[^>]*>(.*?)</li>', markup).group(1)
    assert "从这里开始办" in start_card and catalogue.county.tier_name("village") in start_card
    assert item.role_at("village").window.name in start_card
    assert "在村（社区）便民服务站就能开始办" in text_of(markup)


def test_item_page_lists_centres_that_do_not_offer_it(demo, catalogue):
    centre = next(c for c in catalogue.centres if c.exceptions)
    item_id, reason = centre.exceptions[0]
    text = text_of(page(demo, f"items/{item_id}"))
    assert centre.name in text and reason in text


def test_centre_pages_show_windows_offers_exceptions_and_villages(demo, catalogue):
    for centre in catalogue.centres:
        text = text_of(re.sub(r"<script.*?</script>", "", page(demo, f"centres/{centre.id}"), flags=re.S))
        assert centre.address in text and centre.phone in text
        for window in centre.windows:
            assert window.name in text
            for post in window.posts:
                assert post.role in text
        offered = catalogue.offers(centre)
        for item, role in offered:  # what it handles by category, what it only advises on under where that is done
            assert item.name in text, (centre.id, item.name)
        asked = sum(r.level == 1 for _, r in offered)
        assert not asked or f"在这里只能咨询（{asked} 项）" in text
        for advice in facts.advice(catalogue, centre):
            assert f"{len(advice.items)} 项：{advice.text(catalogue)}" in text
        for item, reason in catalogue.excepted(centre):
            assert reason in text
        for child in catalogue.children(centre):
            assert child.name in text


def test_centre_page_groups_items_by_role_and_category_folded(demo, catalogue):
    town = catalogue.centres_at("town")[0]
    markup = page(demo, f"centres/{town.id}")
    finished = [i for i, r in catalogue.offers(town) if r.level == 4]
    assert f"在这里就能办结（{len(finished)} 项）" in markup
    category = finished[0].category
    count = sum(i.category.id == category.id for i in finished)
    assert f"<details><summary>{category.name}（{count} 项）</summary>" in markup
    village = catalogue.children(town)[0]
    assert f"要到{town.name}（电话 {town.phone}）" in text_of(page(demo, f"centres/{village.id}"))
    assert 'id="consult"' in page(demo, "tiers/village")


def test_no_table_of_dashes_for_windows_without_staff(demo, catalogue):
    bare = next(c for c in catalogue.centres if not any(w.posts for w in c.windows))
    markup = page(demo, f"centres/{bare.id}")
    assert "窗口和工作人员" not in markup and "<td>—</td>" not in markup and "办事窗口" in markup
    staffed = next(c for c in catalogue.centres if any(w.posts for w in c.windows))
    assert "A岗（主办）" in page(demo, f"centres/{staffed.id}")


def test_suspension_notice_stands_before_the_offers(demo, catalogue):
    centre = next(c for c in catalogue.centres if c.exceptions)
    markup = page(demo, f"centres/{centre.id}")
    assert markup.index("暂不办理的事项") < markup.index("这里能办什么")


def test_home_has_search_situations_categories_tiers_and_figures(demo, catalogue):
    markup = page(demo, "")
    text = text_of(markup)
    article = markup[markup.index("<article"):]
    assert article.index('class="bm-search bm-search--big"') < article.index("在哪里能办")
    for named in (*catalogue.situations, *catalogue.categories):
        assert named.name in text
    for words in ("在村里能办什么", "在镇里能办什么", "要到县里办什么"):
        assert words in text
    stats = catalogue_stats(catalogue)
    assert f"服务事项 {stats['items']} 项" in text
    village = stats["tiers"]["village"]
    assert f"<td>{village['consult']}</td><td>{village['start']}</td><td>{village['finish']}</td>" in markup


def test_list_pages_exist(demo, catalogue):
    paths = ["tiers", "delegation", "categories", "centres", "search", "help", "help-access", "about"]
    paths += [f"tiers/{t}" for t in TIERS] + [f"categories/{c.id}" for c in catalogue.categories]
    paths += [f"situations/{s.id}" for s in catalogue.situations] + [f"towns/{t.id}" for t in catalogue.centres_at("town")]
    for path in paths:
        assert (demo / path / "index.html").is_file(), path


def test_tier_page_compares_every_item_and_town_pages_list_villages(demo, catalogue):
    text = text_of(page(demo, "tiers"))
    for item in catalogue.items:
        assert item.name in text
    town = catalogue.centres_at("town")[-1]
    town_text = text_of(page(demo, f"towns/{town.id}"))
    for village in catalogue.children(town):
        assert village.name in town_text and village.address in town_text


def test_every_page_says_it_shows_sample_data_and_its_date(demo, catalogue):
    note = catalogue.county.sample_note
    for path in demo.rglob("*.html"):
        if path.parent.name == "admin":
            continue  # the editors' form (Decap CMS), not a page for residents
        markup = path.read_text(encoding="utf-8")
        assert html.escape(note, quote=False) in markup or note in markup, path
        if path.name == "index.html":
            assert "数据更新于 " in markup, path


QUESTIONS_DATA = re.compile(r"<script[^>]*data-bm-q-data[^>]*>.*?</script>", re.S)


def test_pages_are_small_and_fetch_nothing_from_elsewhere(demo):
    items = [p.read_text("utf-8") for p in (demo / "items").glob("*/index.html")]
    questions = [m.group(0) for page in items for m in QUESTIONS_DATA.finditer(page)]
    assert questions and max(len(q.encode()) for q in questions) <= 12 * 1024  # 情形引导: every path's checklist
    assert max(len(QUESTIONS_DATA.sub("", page).encode()) for page in items) <= 40 * 1024  # the page itself
    for path in demo.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            markup = path.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', markup), path
            assert not re.search(r'<link[^>]+rel="(stylesheet|preload|modulepreload|icon)"[^>]+href="(https?:)?//', markup), path
            assert not re.search(r'url\((["\']?)(https?:)?//', markup), path
            if path.suffix == ".html":  # Material's bundle names both; the browser test proves it never calls them
                assert "fonts.googleapis" not in markup and "unpkg.com" not in markup, path


def test_nav_is_small_and_headings_have_chinese_ids(demo, catalogue):
    markup = page(demo, f"items/{catalogue.items[0].id}")
    assert markup.count('class="md-nav__link') < 40
    assert 'id="到哪里办"' in markup and 'id="要带什么材料"' in markup


def test_search_index_covers_items_and_centres(demo, catalogue):
    entry = (demo / "pagefind" / "pagefind-entry.json").read_text()
    assert f'"page_count":{len(catalogue.items) + len(catalogue.centres)}' in entry
    assert not (demo / "search" / "search_index.json").exists()


HOSTILE = '<script>alert("x")</script> **粗体** </title>'


def inject(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_catalogue_text_is_escaped(tmp_path):
    root = small_catalogue(tmp_path)
    item_file = sorted((root / "items").glob("*.yml"))[0]
    inject(item_file, lambda d: d.update(name="事项" + HOSTILE, summary=HOSTILE, aliases=["<b>粗</b>"]))
    centre_file = sorted((root / "centres").glob("*.yml"))[0]
    inject(centre_file, lambda d: d.update(address=HOSTILE))
    site = build(root, tmp_path / "site")
    for path in (f"items/{item_file.stem}", f"centres/{centre_file.stem}"):
        markup = page(site, path)
        assert '<script>alert("x")' not in markup and "<strong>粗体" not in markup and "**粗体**" in markup
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup
    title = re.search(r"<title>(.*?)</title>", page(site, f"items/{item_file.stem}"), re.S).group(1)
    assert "&lt;/title&gt;" in title


def test_json_ld_in_a_page_holds_no_markup_characters(tmp_path):
    """`<!--<script>` in a summary once made Chromium swallow the rest of the page (footer, theme scripts)."""
    root = small_catalogue(tmp_path)
    item_file = sorted((root / "items").glob("*.yml"))[0]
    summary = "<!--<script>" + HOSTILE + " & 更多"
    inject(item_file, lambda d: d.update(summary=summary))
    markup = page(build(root, tmp_path / "site"), f"items/{item_file.stem}")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S).group(1)
    assert not set("<>&") & set(block)
    assert json.loads(block)["description"] == summary  # the same text, only spelled \u003c …
    after = markup[markup.index(block) + len(block):]
    assert after.count("<script") >= 2 and "</footer>" in after  # the theme's scripts and the footer are still elements


def test_two_builds_are_identical_and_mkdocs_build_works_from_the_root(demo, tmp_path):
    other = tmp_path / "mkdocs-site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(other)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    compared = filecmp.dircmp(demo, other)
    assert different_files(compared) == []


def different_files(compared: filecmp.dircmp) -> list[str]:
    _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
    found = mismatch + errors + compared.left_only + compared.right_only
    for sub in compared.subdirs.values():
        found += different_files(sub)
    return found


def test_a_bad_catalogue_stops_the_build_and_leaves_the_site(tmp_path, capsys):
    root = small_catalogue(tmp_path)
    inject(sorted((root / "items").glob("*.yml"))[0], lambda d: d["time_limit"]["promised"].update(value=999))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    assert cli.main(["check", str(root)]) == 1
    report = capsys.readouterr().out
    assert cli.main(["build", str(root), "--site-dir", str(site)]) == 1
    assert capsys.readouterr().err.strip() == report.strip()
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not list(tmp_path.glob(".site-*"))


def test_a_good_build_replaces_the_site_whole(tmp_path):
    root = small_catalogue(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    build(root, site)
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()
    assert not (site / "problems").exists()  # the problems page is only for `bianmin serve`
    assert not list(tmp_path.glob(".site-new-*"))
    deadline = time.monotonic() + 30  # the previous site is removed by a process of its own (paths.remove_later)
    while list(tmp_path.glob(".site-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob(".site-*"))


def test_generated_pages_are_rewritten_only_when_they_change(tmp_path):
    write_changed([("items/a.md", "一"), ("items/b.md", "二")], tmp_path)
    before = (tmp_path / "items/a.md").stat().st_mtime_ns
    os.utime(tmp_path / "items/a.md", ns=(before - 10**9, before - 10**9))
    assert write_changed([("items/c.md", "三"), ("items/a.md", "一")], tmp_path) == ["items/a.md", "items/c.md"]
    assert (tmp_path / "items/a.md").stat().st_mtime_ns == before - 10**9
    assert not (tmp_path / "items/b.md").exists() and (tmp_path / "items/c.md").read_text(encoding="utf-8") == "三"


def test_pdf_links_only_when_pdfs_can_be_made(catalogue):
    from generator.site import pages as render
    from generator.site.extras import Extras
    item, centre = catalogue.items[0], catalogue.centres[0]
    with_pdf = render.pages(catalogue, Extras(pdf_links=True))
    without = render.pages(catalogue, Extras(pdf_links=False))
    assert f"print/items/{item.id}.pdf" in with_pdf[f"items/{item.id}.md"]
    assert f"print/centres/{centre.id}-wall.pdf" in with_pdf[f"centres/{centre.id}.md"]
    assert f"print/centres/{centre.id}-booklet.pdf" in with_pdf[f"centres/{centre.id}.md"]
    assert f"print/volumes/{centre.tier}.pdf" in with_pdf[f"centres/{centre.id}.md"]
    assert not any(".pdf" in text for text in without.values())


def test_json_ld_is_embedded_in_item_and_centre_pages(demo, catalogue):
    item, centre = catalogue.items[0], catalogue.centres[0]
    assert '<script type="application/ld+json">' in page(demo, f"items/{item.id}")
    assert '<script type="application/ld+json">' in page(demo, f"centres/{centre.id}")


def test_reference_pages_data_fields_and_changes(demo, catalogue):
    data = page(demo, "data")
    assert "catalogue.json" in data and "catalogue.xlsx" in data and catalogue.county.licence in data
    assert "字段说明" in page(demo, "fields") and "forward_within_days" in page(demo, "fields")


def test_extra_writers_run_before_the_swap_and_a_failing_one_keeps_the_site(tmp_path):
    from generator.site import build as site_module
    root = small_catalogue(tmp_path)
    catalogue = load(root)
    site = tmp_path / "site"
    calls = []

    def write_data(cat, out_dir, site_url):
        calls.append((cat, out_dir.name, site_url))
        (out_dir / "data").mkdir(exist_ok=True)
        (out_dir / "data" / "catalogue.json").write_text("{}", encoding="utf-8")

    def broken(cat, out_dir, site_url):
        raise RuntimeError("writer failed")

    site_module.build_site(catalogue, root, ROOT / "mkdocs.yml", site, writers=[write_data])
    site_url = yaml.safe_load("\n".join(l for l in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
                                         if "!!python" not in l))["site_url"]
    assert calls == [(catalogue, "site", site_url)]
    assert (site / "data" / "catalogue.json").is_file()
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    with pytest.raises(RuntimeError):
        site_module.build_site(catalogue, root, ROOT / "mkdocs.yml", site, writers=[broken])
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == before
    assert not list(tmp_path.glob(".site-*"))


@pytest.mark.slow
def test_centre_and_tier_pages_stay_small_at_real_scale(tmp_path):
    """1,135 items (a real county's count): every centre page's own text under 36 KB, so the page with
    the theme's frame (about 14 KB) stays under 50 KB; the tier pages they link to list names only,
    under each sentence saying where to start (430 KB for the county before). Embedded JSON-LD is measured apart
    (benchmarks/site_build.py); it comes from the export stage."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_catalogue

    from generator.site import centre_page as render_centre
    from generator.site import list_pages
    from generator.site.extras import Extras
    catalogue = load(make_catalogue(tmp_path / "big", items=1135, centres=300))
    shared: dict = {}
    sizes = {c.id: len(render_centre.centre_page(catalogue, c, Extras(), shared).encode()) for c in catalogue.centres}
    assert max(sizes.values()) < 36_000, max(sizes.items(), key=lambda kv: kv[1])
    for tier, title, _ in list_pages.TIER_ENTRIES:  # the lists the largest centre pages link to
        text = list_pages.tier_page(catalogue, tier, title, "2026-01-01")
        assert len(text.encode()) < 200_000, tier
        assert text.count("不用自己跑县里") <= 3 * len(catalogue.categories)  # said once per list, not per item
    largest = max(catalogue.categories, key=lambda c: len(catalogue.items_in(c)))
    text = list_pages.item_list_page(largest, catalogue.items_in(largest), catalogue, "2026-01-01")
    assert len(catalogue.items_in(largest)) > list_pages.FOLD_FROM and "<details>" in text
    assert text.count("不用自己跑县里") <= 2  # once per group: started in the village or the town, ended at the county


def test_own_styles_and_script_have_content_hashes_and_unused_files_are_left_out(demo):
    markup = page(demo, "")
    names = re.findall(r'assets/bianmin\.([0-9a-f]{10})\.(css|js)', markup)
    assert {ext for _, ext in names} == {"css", "js"}
    for digest, ext in names:
        text = (demo / "assets" / f"bianmin.{digest}.{ext}").read_text("utf-8")
        assert (ROOT / "site_src" / "assets" / f"bianmin.{ext}").read_text("utf-8") == text
    assert not (demo / "assets" / "bianmin.css").exists() and not (demo / "assets" / "bianmin.js").exists()
    assert not (demo / "assets" / "javascripts" / "lunr").exists()
    assert not (demo / "assets" / "javascripts" / "workers").exists()
    assert list(demo.rglob("*.map")) == []


def test_404_page_is_in_chinese_with_a_way_home_and_search(demo):
    markup = (demo / "404.html").read_text("utf-8")
    assert "找不到这个页面" in markup and "404 - Not found" not in markup
    assert 'data-bm-search' in markup and "回到首页" in markup
    assert "Made with" not in markup and "Made with" not in page(demo, "")
