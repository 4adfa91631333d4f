"""Clerk-written long text (catalogue/longtext.py): plain text stays as written; paragraphs, lists and
safe links reach the item page and the printed guide alike; hostile input stays text."""
from __future__ import annotations

import dataclasses
import subprocess

import pytest
from lxml import html as lxml_html
from support import FIXTURES, require

from generator.catalogue.build import load_catalogue
from generator.catalogue.longtext import blocks
from generator.printing.layouts import LAYOUTS, Source
from generator.site import item_page

# as a clerk types it into the form: blank lines between paragraphs, "-" and "1." lists, a link
FORMATTED = "先到村里问清楚。\n\n要带：\n\n- 身份证\n- 户口本\n\n1. 填表\n2. 交表\n\n详见[县医保局网站](https://ybj.example.gov.cn/guide)。"
HOSTILE = ("[点我领补贴](javascript:alert(1)) <script>alert('x')</script> <img src=x onerror=alert(1)> "
           "![二维码](https://evil.example/track.png) [下载](data:text/html;base64,PHNjcmlwdD4=) <a href=\"https://evil.example\">链接</a>")


@pytest.fixture(scope="module")
def catalogue():
    loaded, result = load_catalogue(FIXTURES / "mini")
    assert loaded is not None, result.problems
    return loaded


def with_text(catalogue, summary: str, answer: str):
    item = catalogue.item("dibao")
    return dataclasses.replace(item, summary=summary, faq=(("怎么办？", answer),))


def page_parts(catalogue, item) -> str:
    return item_page.head(catalogue, item) + item_page.faq(item)


def test_plain_text_stays_as_written(catalogue):
    text = "家庭人均收入低于当地低保标准的，可以申请。\n收入按上一年算。"
    assert blocks(text) == [{"p": [{"text": text}]}]
    html = page_parts(catalogue, with_text(catalogue, text, "可以，带上身份证 & 户口本。"))
    assert '<p class="bm-summary">家庭人均收入低于当地低保标准的，可以申请。\n收入按上一年算。</p>' in html
    assert "<dd>答：可以，带上身份证 &amp; 户口本。</dd>" in html


def test_paragraphs_lists_and_links_on_the_page(catalogue):
    assert blocks(FORMATTED) == [
        {"p": [{"text": "先到村里问清楚。"}]}, {"p": [{"text": "要带："}]},
        {"ul": [[{"p": [{"text": "身份证"}]}], [{"p": [{"text": "户口本"}]}]]},
        {"ol": [[{"p": [{"text": "填表"}]}], [{"p": [{"text": "交表"}]}]]},
        {"p": [{"text": "详见"}, {"text": "县医保局网站", "link": "https://ybj.example.gov.cn/guide"}, {"text": "。"}]}]
    tree = lxml_html.fragment_fromstring(page_parts(catalogue, with_text(catalogue, FORMATTED, FORMATTED)), create_parent="div")
    for place in (tree.xpath('//div[@class="bm-summary"]')[0], tree.xpath("//dd")[0]):
        assert [li.text_content() for li in place.xpath("./ul/li")] == ["身份证", "户口本"]
        assert [li.text_content() for li in place.xpath("./ol/li")] == ["填表", "交表"]
        assert [(a.get("href"), a.text) for a in place.xpath(".//a")] == [("https://ybj.example.gov.cn/guide", "县医保局网站")]
        assert len(place.xpath("./p")) == 3
    assert tree.xpath("//dd/p")[0].text_content() == "答：先到村里问清楚。"


def test_hostile_text_is_shown_never_run(catalogue):
    html = page_parts(catalogue, with_text(catalogue, "说明：" + HOSTILE, HOSTILE))
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    assert not tree.xpath("//script | //img | //iframe | //*[@onerror] | //*[@src]")
    assert not tree.xpath("//a[not(starts-with(@href, 'https://') or starts-with(@href, '/') or starts-with(@href, '.'))]")
    assert not tree.xpath("//a[contains(@href, 'evil')]")  # an image or raw <a> is text, not a link or a fetch
    shown = tree.xpath('string(//*[@class="bm-summary"])')
    assert "<script>alert('x')</script>" in shown and "![二维码](https://evil.example/track.png)" in shown
    assert "[点我领补贴](javascript:alert(1))" in shown


def test_a_link_the_allowlist_refuses_keeps_only_its_text():
    # markdown-it accepts these as links; safe_url (the item links' allowlist) does not
    assert blocks("[写信](mailto:a@evil.example) 和 [别的主机](//evil.example/x)") == [
        {"p": [{"text": "写信 和 别的主机"}]}]


def test_the_guide_gets_the_same_blocks(catalogue):
    item = with_text(catalogue, FORMATTED, "")
    data = LAYOUTS["guide"].data(Source(catalogue, "https://bianmin.example.org/"), item)
    assert data["summary"] == blocks(FORMATTED)


@pytest.mark.pdf
def test_the_printed_guide_lays_the_blocks_out(catalogue, tmp_path):
    require("cjk-font", "pdftotext")
    from generator.printing import engine
    item = with_text(catalogue, FORMATTED + "\n\n" + HOSTILE, "")
    layout = LAYOUTS["guide"]
    data = layout.data(Source(catalogue, "https://bianmin.example.org/"), item)
    pdf, _ = engine.engine(engine.font_folder(engine.find_faces())).pdf(layout.template, data=data, qr=layout.codes(data))
    (tmp_path / "guide.pdf").write_bytes(pdf)
    lines = [line.strip() for line in subprocess.run(["pdftotext", "-layout", str(tmp_path / "guide.pdf"), "-"],
                                                     capture_output=True, text=True, check=True).stdout.splitlines()]
    assert any(line.startswith("• 身份证") for line in lines) and any(line.startswith("2. 交表") for line in lines)
    assert any("县医保局网站（https://ybj.example.gov.cn/guide）" in line for line in lines)
    assert any("<script>alert('x')</script>" in line for line in lines)
