"""The renderer's own guard: a link whose address is not http(s) or a path in the site is shown as text.

The checker refuses such addresses (E-URL-SCHEME); these tests give the renderer a catalogue that
skipped the check, as a second line of defence must expect."""
from __future__ import annotations

import dataclasses
import json

import pytest
from export_support import catalogue

from generator.catalogue.model import safe_url
from generator.printing.layouts import LAYOUTS, Source
from generator.site import item_page as render_item
from generator.site.html import link

HOSTILE = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "java\tscript:alert(1)"]
FINE = ["https://zwfw.shaanxi.gov.cn/x?a=1", "http://www.12348.gov.cn", "/forms/dibao.pdf", "forms/dibao.pdf", "../../centres/"]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_address_is_never_a_link(url):
    assert not safe_url(url)
    assert link(url, "空白表") == "空白表"


@pytest.mark.parametrize("url", FINE)
def test_web_addresses_and_site_paths_are_links(url):
    assert safe_url(url)
    assert link(url, "空白表").startswith("<a href=")


def _hostile_item():
    cat = catalogue("mini")
    item = next(i for i in cat.items if i.materials)
    materials = tuple(dataclasses.replace(m, blank_form=HOSTILE[0], sample_form=HOSTILE[2]) for m in item.materials)
    return cat, dataclasses.replace(item, materials=materials, online_url=HOSTILE[1], online_depth="全程网办",
                                    forms=tuple(("申请表", url) for url in HOSTILE))


def test_item_page_parts_carry_no_live_script_link():
    _, item = _hostile_item()
    markup = render_item.materials(item) + render_item.visits(item)
    assert "href" not in markup.replace('href="https', "")  # no link at all from these fields
    assert "申请表" in markup and "空白表" in markup  # the words stay, as text


def test_printed_guide_leaves_out_a_hostile_online_address():
    cat, item = _hostile_item()
    data = json.dumps(LAYOUTS["guide"].data(Source(cat, "https://bianmin.example.org/"), item), ensure_ascii=False)
    assert "JaVaScRiPt" not in data and "javascript:" not in data.lower()


def test_a_detail_page_can_never_overwrite_a_list_page():
    """index is refused by the checker (E-ID-RESERVED); a catalogue that skipped the check stops the build."""
    from generator.site import pages
    from generator.site.extras import Extras
    cat = catalogue("mini")
    hostile = dataclasses.replace(cat, centres=cat.centres + (dataclasses.replace(cat.centres[-1], id="index"),))
    with pytest.raises(ValueError, match="centres/index.md"):
        dict(pages.iter_pages(hostile, Extras()))
