"""The parts of printing that need no PDF tools: site_url, the missing-font warning, the layouts' data."""
from __future__ import annotations

import pytest

from generator import paths, printing
from generator.commands import make_parser
from generator.commands import print as print_command
from generator.printing import engine as print_engine
from generator.printing import jobs
from generator.printing.layouts import LAYOUTS, Source


def test_site_url_comes_from_mkdocs_yml_even_with_python_tags(tmp_path):
    assert paths.read_site_url(tmp_path) == paths.DEFAULT_SITE_URL
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 扶风县便民服务\nsite_url: 'https://fufeng.example.org/bm/'\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert paths.read_site_url(tmp_path) == "https://fufeng.example.org/bm/"


def test_missing_font_gives_one_chinese_warning_naming_the_debian_package(monkeypatch):
    monkeypatch.setattr(print_engine, "find_faces", lambda: {})
    printing.pdf_support.cache_clear()
    try:
        warning = printing.pdf_support()
    finally:
        printing.pdf_support.cache_clear()
    assert warning and "Noto Sans CJK SC" in warning and "fonts-noto-cjk" in warning and "apt-get install" in warning


def test_without_the_font_write_pdfs_writes_nothing_and_the_command_says_what_to_install(monkeypatch, tmp_path, capsys):
    from support import CATALOGUE
    monkeypatch.setattr(print_engine, "find_faces", lambda: {})
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
    with_fc_list = print_engine.find_faces()
    monkeypatch.setattr(print_engine.shutil, "which", lambda name: None)
    assert print_engine.find_faces() == with_fc_list
    assert set(with_fc_list) == {400, 700}


@pytest.fixture(scope="module")
def demo():
    from support import CATALOGUE

    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(CATALOGUE)
    return catalogue


def test_wall_fee_says_what_is_paid_and_to_whom(demo):
    from generator.printing.layouts.wall import wall_fee
    assert wall_fee(demo.item("dibao")) == "不收费"
    assert wall_fee(demo.item("dianfei-daijiao")) == "代收电费，不收手续费"  # the station only collects the bill
    fee = wall_fee(demo.item("linshi-shenfenzheng"))
    assert fee.startswith("临时居民身份证工本费") and fee.endswith("交县公安局")
    assert all(wall_fee(item) != "收费" for item in demo.items)


def test_days_at_each_tier_are_counted_in_the_items_unit(demo):
    from generator.printing.layouts import LAYOUTS, Source
    item = demo.item("juzhuzheng")
    assert item.promised.unit == "自然日"
    limits = [row["limit"] for row in LAYOUTS["guide"].data(Source(demo, "https://x/"), item)["tiers"]]
    assert any("自然日内报送" in limit for limit in limits) and not any("工作日" in limit for limit in limits)


def test_wall_rows_are_grouped_by_window_and_a_phone_shown_only_where_it_differs(demo):
    from generator.printing.layouts import LAYOUTS, Source
    source = Source(demo, "https://x/")
    village = next(c for c in demo.centres_at("village") if not c.exceptions)
    data = LAYOUTS["wall"].data(source, village)
    windows = [group["window"] for group in data["groups"]]
    assert len(windows) == len(set(windows))
    listed = {row["name"] for group in data["groups"] for row in group["rows"]}
    assert listed == {item.name for item, tr in demo.offers(village) if tr.level > 1}
    assert sum(c["count"] for c in data["consult"]) == sum(1 for _, tr in demo.offers(village) if tr.level == 1)
    assert all(c["where"].startswith("要到") for c in data["consult"])  # where each is done (facts.advice)
    assert all(group["phone"] is None for group in data["groups"])  # the demo's village windows share the station's phone
    town = demo.centres_at("town")[0]
    phones = [group["phone"] for group in LAYOUTS["wall"].data(source, town)["groups"]]
    assert any(phones) and town.phone not in phones


def test_the_wall_chart_legend_explains_each_role_word_it_uses(demo):
    from generator.printing.layouts import LAYOUTS, Source
    county = demo.centres_at("county")[0]
    data = LAYOUTS["wall"].data(Source(demo, "https://x/"), county)
    used = {row["role"] for group in data["groups"] for row in group["rows"]}
    assert {entry["role"] for entry in data["legend"]} == used and all(entry["means"] for entry in data["legend"])


def test_layout_data_names_qr_codes_by_address_and_they_are_drawn_when_compiled(demo):
    from generator.printing.layouts import LAYOUTS, Source
    source = Source(demo, "https://fufeng.example.org/")
    data = LAYOUTS["guide"].data(source, demo.item("dibao"))
    codes = LAYOUTS["guide"].codes(data)
    assert data["qr"] == "https://fufeng.example.org/items/dibao/" and list(codes) == [data["qr"]]
    assert codes[data["qr"]].startswith("<svg")
    volume = LAYOUTS["volume"].data(source, "village")  # its pages are the guides' PDFs, with their codes
    assert LAYOUTS["volume"].codes(volume) == {} and all(set(g) == {"id", "name"} for g in volume["guides"])


def test_templates_load_nothing_but_each_other():
    """No Typst package (Typst Universe cannot be reached offline or on an intranet), no file read by name
    but the templates themselves and the guides' PDFs a volume places (guides/<id>.pdf, put beside the
    templates by the engine): the data comes in as JSON, QR codes as bytes."""
    import re
    templates = sorted(print_engine.TEMPLATES.glob("*.typ"))
    assert templates
    for template in templates:
        source = template.read_text(encoding="utf-8")
        for target in re.findall(r'#?import\s+"([^"]+)"', source):
            assert (print_engine.TEMPLATES / target).is_file(), (template.name, target)
        assert not re.search(r'(read|image|json|csv|yaml)\("(?!guides/")', source), template.name


def test_the_queue_keeps_the_workers_fed_in_order_and_no_more():
    """The first jobs added start at once; the ones added while in_flight are running wait, and start
    in their order as each running job finishes, never more than in_flight at a time."""
    from concurrent.futures import Future

    from generator.printing import Queue

    started, pending = [], []

    def run(job, *args):  # a worker pool whose jobs finish when the test says so
        started.append(args[0])
        future = Future()
        pending.append((future, args[0]))
        return future

    queue = Queue(run, in_flight=2)
    queue.add(("guides", 1), None, "guides 1")
    queue.add(("guides", 1), None, "guides 2")
    for name in ("wall 1", "wall 2", "cover 1"):
        queue.add(("walls", 1), None, name)
    results = queue.results()
    assert started == ["guides 1", "guides 2"]
    pending.pop(0)[0].set_result("guides 1 done")
    assert next(results) == (("guides", 1), "guides 1 done")
    finished = []
    while pending:
        assert len(pending) <= 2
        future, name = pending.pop(0)
        future.set_result(name)
        finished.append(next(results)[1])
    assert started == ["guides 1", "guides 2", "wall 1", "wall 2", "cover 1"]
    assert finished == started[1:]
    assert list(results) == []


@pytest.fixture(scope="module")
def with_basic(tmp_path_factory):
    """The mini catalogue plus two 基本信息 items (time limit, fee, materials, steps, trips unknown)."""
    from support import mini_with_basic_items

    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(mini_with_basic_items(tmp_path_factory.mktemp("basic")))
    return catalogue


def test_an_item_below_the_guide_level_gets_no_printed_guide_nor_a_place_in_the_volume(with_basic):
    from generator.printing.layouts.guide import printable
    from generator.printing.layouts.volume import guided_offers
    basic = with_basic.item("jiuye-kunnan")
    assert basic.level == "基本信息" and basic.promised is None and basic.fee is None
    assert basic not in printable(with_basic.items) and len(printable(with_basic.items)) == len(with_basic.items) - 2
    assert basic in [item for item, _ in with_basic.tier_offers("town")]
    assert basic not in [item for item, _ in guided_offers(with_basic, "town")]
    volume = LAYOUTS["volume"].data(Source(with_basic, "https://x/"), "town")
    assert "jiuye-kunnan" not in [row["id"] for c in volume["contents"] for row in c["rows"]]
    assert "jiuye-kunnan" not in [g["id"] for g in volume["guides"]]


def test_a_wall_chart_reads_an_unknown_time_limit_or_fee_as_ask_by_phone(with_basic):
    town = with_basic.centre("tiandu")
    data = LAYOUTS["wall"].data(Source(with_basic, "https://x/"), town)
    rows = {row["name"]: row for g in data["groups"] for row in g["rows"]}
    assert rows["就业困难人员认定"]["limit"] == "电话咨询" and rows["就业困难人员认定"]["fee"] == "电话咨询"
    complete = {item.name for item in with_basic.items if item.complete}
    assert all(row["limit"] != "电话咨询" and row["fee"] != "电话咨询" for name, row in rows.items() if name in complete)
    assert "None" not in jobs.as_json(data)


def test_a_cover_says_how_many_of_its_items_have_no_guide_yet(with_basic):
    town = with_basic.centre("tiandu")
    data = LAYOUTS["cover"].data(Source(with_basic, "https://x/"), town)
    offered = [item for item, _ in with_basic.offers(town)]
    assert data["count"] == len(offered) and data["unguided"] == sum(1 for i in offered if i.level == "基本信息") > 0


def test_print_items_says_in_chinese_why_a_basic_item_gets_no_guide(tmp_path, capsys):
    from support import mini_with_basic_items
    if printing.pdf_support():
        pytest.skip(printing.pdf_support())
    folder = mini_with_basic_items(tmp_path)
    args = make_parser("print").parse_args(["print", str(folder), "--items", "jiuye-kunnan", "--out", str(tmp_path)])
    assert print_command.run(args) == 0
    out = capsys.readouterr()  # the catalogue's warnings (an item below 办事指南) go to stderr too
    assert "就业困难人员认定" in out.err and "完整度是基本信息" in out.err and "level 改成 办事指南" in out.err
    assert "已生成 0 个 PDF" in out.out and not (tmp_path / "print" / "items").exists()


def test_a_wall_charts_consult_lines_worked_out_once_per_town_match_each_centres_own(demo):
    """The consult lines come from facts.advice (worked out once for the stations that share the
    centres above them): each chart says what it says for that very centre, exceptions included."""
    from generator.catalogue import facts
    from generator.printing.layouts import LAYOUTS, Source
    source = Source(demo, "https://x/")
    for centre in demo.centres:
        own = [{"count": len(a.items), "where": a.text(demo)} for a in facts.advice(demo, centre)]
        assert LAYOUTS["wall"].data(source, centre)["consult"] == own, centre.id
