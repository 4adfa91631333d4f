"""The parts of printing that need no PDF tools: site_url, the missing-font warning, wall chart words."""
from __future__ import annotations

import pytest

from generator import paths, printing
from generator.commands import make_parser
from generator.commands import print as print_command
from generator.printing import fonts as print_fonts


def test_site_url_comes_from_mkdocs_yml_even_with_python_tags(tmp_path):
    assert paths.read_site_url(tmp_path) == paths.DEFAULT_SITE_URL
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 扶风县便民服务\nsite_url: 'https://fufeng.example.org/bm/'\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert paths.read_site_url(tmp_path) == "https://fufeng.example.org/bm/"


def test_missing_font_gives_one_chinese_warning_naming_the_debian_package(monkeypatch):
    monkeypatch.setattr(print_fonts, "find_faces", lambda: {})
    printing.pdf_support.cache_clear()
    try:
        warning = printing.pdf_support()
    finally:
        printing.pdf_support.cache_clear()
    assert warning and "Noto Sans CJK SC" in warning and "fonts-noto-cjk" in warning and "apt-get install" in warning


def test_without_the_font_write_pdfs_writes_nothing_and_the_command_says_what_to_install(monkeypatch, tmp_path, capsys):
    from support import CATALOGUE
    monkeypatch.setattr(print_fonts, "find_faces", lambda: {})
    printing.pdf_support.cache_clear()
    try:
        assert printing.write_pdfs(None, tmp_path, "https://x/") == []
        args = make_parser("print").parse_args(["print", str(CATALOGUE), "--out", str(tmp_path)])
        assert print_command.run(args) == 2
    finally:
        printing.pdf_support.cache_clear()
    assert "apt-get install fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "print").exists()


def test_the_face_is_found_with_or_without_fc_list(monkeypatch):
    from support import require
    require("cjk-font")
    with_fc_list = print_fonts.find_faces()
    monkeypatch.setattr(print_fonts.shutil, "which", lambda name: None)
    assert print_fonts.find_faces() == with_fc_list
    assert set(with_fc_list) == {400, 700}


@pytest.fixture(scope="module")
def demo():
    from support import CATALOGUE

    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(CATALOGUE)
    return catalogue


def test_wall_fee_says_what_is_paid_and_to_whom(demo):
    from generator.printing.html import wall_fee
    assert wall_fee(demo.item("dibao")) == "不收费"
    assert wall_fee(demo.item("dianfei-daijiao")) == "代收电费，不收手续费"  # the station only collects the bill
    fee = wall_fee(demo.item("linshi-shenfenzheng"))
    assert fee.startswith("临时居民身份证工本费") and fee.endswith("交县公安局")
    assert all(wall_fee(item) != "收费" for item in demo.items)


def test_days_at_each_tier_are_counted_in_the_items_unit(demo):
    from generator.printing.html import guide_context
    item = demo.item("juzhuzheng")
    assert item.promised.unit == "自然日"
    limits = [row["limit"] for row in guide_context(demo, item, "https://x/")["tiers"]]
    assert any("自然日内报送" in limit for limit in limits) and not any("工作日" in limit for limit in limits)


def test_wall_rows_are_grouped_by_window_with_each_phone_once(demo):
    from generator.printing.html import wall_content, window_phones
    village = next(c for c in demo.centres_at("village") if not c.exceptions)
    content = wall_content(demo, village)
    windows = [name for name, _ in content.groups]
    assert len(windows) == len(set(windows)) and [name for name, _ in window_phones(demo, village)] == windows
    listed = {row.name for _, rows in content.groups for row in rows}
    assert listed == {item.name for item, tr in demo.offers(village) if tr.level > 1}
    assert content.consult == sum(1 for _, tr in demo.offers(village) if tr.level == 1)


def test_print_html_names_qr_codes_by_address_and_they_are_drawn_only_when_laid_out(tmp_path):
    from generator.printing.html import qr_src
    from generator.printing.pdf import print_fetcher
    src = qr_src("https://fufeng.example.org/items/dibao/?a=1&b=2")
    assert src.startswith("bianmin-qr:") and "dibao" in src and "&" not in src  # nothing to escape in HTML
    answer = print_fetcher().fetch(src)
    assert answer.content_type == "image/svg+xml" and answer.read().startswith(b"<svg")
    local = tmp_path / "a.css"
    local.write_text("p {}", encoding="utf-8")
    assert print_fetcher().fetch(local.as_uri()).read() == b"p {}"  # the cut fonts are local files


@pytest.mark.parametrize("address", ["http://example.org/x.png", "https://fonts.googleapis.com/css", "ftp://h/x",
                                     "data:image/png;base64,AAAA"])
def test_print_html_never_loads_anything_from_elsewhere(address):
    from generator.printing.pdf import print_fetcher
    with pytest.raises(ValueError, match="disallowed"):
        print_fetcher().fetch(address)


def test_a_job_put_in_front_starts_before_the_jobs_waiting_since_earlier():
    """The volumes go in front once the guides are there: the county volume must not run alone at the end."""
    from concurrent.futures import Future

    from generator.printing import Queue

    started, pending = [], []

    def run(job, *args):  # a worker pool whose jobs finish when the test says so
        started.append(args[0])
        future = Future()
        pending.append((future, args[0]))
        return future

    queue = Queue(run, in_flight=2)
    queue.now(("guides", 1), None, "guides 1")
    queue.now(("guides", 1), None, "guides 2")
    for name in ("wall 1", "wall 2", "cover 1"):
        queue.later(("walls", 1), None, name)
    assert queue.count("guides") == 2 and queue.count("walls") == 3
    results = queue.results()
    pending.pop(0)[0].set_result("guides 1 done")
    assert next(results) == (("guides", 1), "guides 1 done")
    queue.next(("volume", 1), None, "volume village")
    queue.next(("volume", 1), None, "volume county")
    finished = []
    while pending:
        future, name = pending.pop(0)
        future.set_result(name)
        finished.append(next(results)[1])
    assert started == ["guides 1", "guides 2", "volume county", "volume village", "wall 1", "wall 2", "cover 1"]
    assert finished == started[1:]
    assert list(results) == []
