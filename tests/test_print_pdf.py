"""Printed guides read back as a reader would: pdftotext, pdffonts, pdfinfo, and a QR scanner."""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from support import CATALOGUE, ROOT, require

from generator.catalogue.build import load_catalogue

pytestmark = pytest.mark.pdf

SITE = "https://fufeng.example.org/bianmin/"
ITEM_LIMIT_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def catalogue():
    catalogue, result = load_catalogue(CATALOGUE)
    assert catalogue is not None, [str(p) for p in result.problems][:5]
    return catalogue


@pytest.fixture(scope="module")
def village(catalogue):
    return next(c for c in catalogue.centres_at("village") if not c.exceptions)


@pytest.fixture(scope="module")
def small(catalogue, village):
    """The demo catalogue cut to a few items (a booklet lays out every guide it holds)."""
    offered = [item for item, _ in catalogue.offers(village)]
    keep = {i.id for i in offered[:4]} | {"dibao", _longest(catalogue).id}
    dibao = catalogue.item("dibao")  # and a guide that needs a second page
    long = dataclasses.replace(dibao, id="long-guide", name="长指南", materials=dibao.materials * 3)
    return dataclasses.replace(catalogue, items=tuple(i for i in catalogue.items if i.id in keep) + (long,))


def _longest(catalogue):
    return max(catalogue.items, key=lambda i: (len(i.materials) + len(i.conditions) + len(i.steps), i.id))


@pytest.fixture(scope="module")
def printed(small, village, tmp_path_factory):
    require("cjk-font", "pdftotext", "pdffonts")
    from generator.printing import write_pdfs
    out = tmp_path_factory.mktemp("site")
    write_pdfs(small, out, SITE, items=[i.id for i in small.items], centres=[village.id])
    return out / "print"


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def pages(pdf) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.MULTILINE).group(1))


def text(pdf) -> str:
    """The text in the order it is drawn: a cell's wrapped lines stay together."""
    return run("pdftotext", "-raw", str(pdf), "-")


def test_item_guide_shows_the_chinese_text(printed, small):
    item = small.item("dibao")
    shown = re.sub(r"\s+", "", text(printed / "items" / "dibao.pdf"))
    for expected in [item.name, item.consult_phone, item.complaint_phone, small.county.updated, "示例数据",
                     "一次性告知", *(m.name for m in item.materials), *(c for c in item.conditions)]:
        assert re.sub(r"\s+", "", expected) in shown, expected


def test_fonts_are_the_simplified_chinese_face_embedded_and_subset(printed, village):
    for pdf in [printed / "items" / "dibao.pdf", printed / "centres" / f"{village.id}-wall.pdf",
                printed / "centres" / f"{village.id}-booklet.pdf"]:
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
            assert "Noto-Sans-CJK-SC" in name and (emb, sub) == ("yes", "yes"), row
        weights = {"Bold" if "Bold" in row.split()[0] else "Regular" for row in rows}
        assert weights <= {"Regular", "Bold"}


def test_item_guides_fit_two_pages_and_stay_small(printed, small):
    for item_id in ["dibao", _longest(small).id]:
        pdf = printed / "items" / f"{item_id}.pdf"
        assert 1 <= pages(pdf) <= 2
        assert pdf.stat().st_size < ITEM_LIMIT_BYTES, (item_id, pdf.stat().st_size)


def test_village_wall_chart_is_one_page_with_what_the_station_does(printed, small, village):
    pdf = printed / "centres" / f"{village.id}-wall.pdf"
    assert pages(pdf) == 1
    shown = re.sub(r"\s+", "", text(pdf))
    assert village.name in shown and small.county.supervision_phone in shown
    for item, role in small.offers(village):
        assert re.sub(r"\s+", "", item.name) in shown, item.name


def test_booklet_has_cover_contents_and_every_guide(printed, small, village):
    pdf = printed / "centres" / f"{village.id}-booklet.pdf"
    first = run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    assert village.name in first and "汇编" in first
    contents = re.sub(r"\s+", "", run("pdftotext", "-raw", "-f", "2", "-l", "2", str(pdf), "-"))
    offered = small.offers(village)
    assert "目录" in contents and all(re.sub(r"\s+", "", item.name) in contents for item, _ in offered)
    guide_pages = sum(pages(printed / "items" / f"{item.id}.pdf") for item, _ in offered)
    assert pages(pdf) == 1 + 1 + guide_pages  # cover, one page of contents, the guides
    page = 3
    for item, _ in offered:  # each guide starts on the page the contents give, and the page says so
        assert f"第{page}页" in contents
        shown = re.sub(r"\s+", "", run("pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"))
        assert re.sub(r"\s+", "", item.name) in shown and f"汇编·第{page}页" in shown
        page += pages(printed / "items" / f"{item.id}.pdf")


def scan(pdf, folder) -> list[str]:
    run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(folder / pdf.stem))
    return run("zbarimg", "--quiet", "--raw", str(next(folder.glob(f"{pdf.stem}*.png")))).split()


def test_qr_codes_scan_to_the_pages_on_the_site(printed, village, tmp_path):
    require("pdftoppm", "zbarimg")
    assert scan(printed / "items" / "dibao.pdf", tmp_path) == [f"{SITE}items/dibao/"]
    for kind in ("wall", "booklet"):
        assert scan(printed / "centres" / f"{village.id}-{kind}.pdf", tmp_path) == [f"{SITE}centres/{village.id}/"]


def test_catalogue_text_is_escaped(small, tmp_path):
    require("cjk-font", "pdftotext")
    from generator.printing import print_html_item, write_pdfs
    item = dataclasses.replace(small.item("dibao"), name='低保<b>&"加粗"</b>')
    tricky = dataclasses.replace(small, items=(item,))
    html = print_html_item(tricky, item, SITE)
    assert '低保&lt;b&gt;&amp;&#34;加粗&#34;&lt;/b&gt;' in html and "<b>&" not in html
    write_pdfs(tricky, tmp_path, SITE, items=["dibao"])
    assert '低保<b>&"加粗"</b>' in text(tmp_path / "print" / "items" / "dibao.pdf")


def test_print_command_refuses_unknown_ids_in_chinese(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "print", str(CATALOGUE), "--items", "no-such-item",
                             "--centres", "nowhere", "--out", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "没有 id 为“no-such-item”的事项" in result.stderr and "没有 id 为“nowhere”的中心" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "print").exists()


def test_a_station_wall_chart_of_the_whole_demo_fits_one_page(catalogue, village, tmp_path):
    """Every item of the demo (about 70) on one A3 sheet, the largest type that fits."""
    require("cjk-font", "pdftotext")
    from generator.printing import _text
    from generator.printing.pdf import Printer, wall_pdfs
    printer = Printer(catalogue, SITE, _text(catalogue, SITE, [], [village]))
    [pdf] = wall_pdfs(printer, [village], tmp_path)
    assert pages(pdf) == 1
    shown = re.sub(r"\s+", "", text(pdf))
    assert all(re.sub(r"\s+", "", item.name) in shown for item, _ in catalogue.offers(village))


def test_every_file_says_it_is_chinese_and_what_it_is(printed, village):
    from pypdf import PdfReader
    expected = {printed / "items" / "dibao.pdf": "最低生活保障 办事指南",
                printed / "centres" / f"{village.id}-wall.pdf": f"{village.name} 便民服务事项公示",
                printed / "centres" / f"{village.id}-booklet.pdf": f"{village.name} 办事指南汇编"}
    for pdf, title in expected.items():
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "zh-CN" and reader.metadata.title == title


def test_a_long_guide_takes_two_numbered_pages(printed):
    pdf = printed / "items" / "long-guide.pdf"
    assert pages(pdf) == 2
    second = re.sub(r"\s+", "", run("pdftotext", "-f", "2", "-l", "2", str(pdf), "-"))
    assert "第2页，共2页" in second
