"""这页不对？提意见: every page of the built mini site (and, slow, of the demo) links /feedback/ with its
own address and nothing else; /feedback/ lists the county's channels with prefilled texts (page, data date) and
references no outside host but the county's own web form; in Chromium at 360 px it fills in the
page the resident came from, with axe finding nothing serious."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from site_support import build, load, local_tab, serving
from support import FIXTURES, ROOT

MINI = FIXTURES / "mini"
HOST = "http://site.test/"


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    return build(MINI, tmp_path_factory.mktemp("feedback") / "site")


@pytest.fixture(scope="module")
def county():
    return load(MINI).county


class Links(HTMLParser):
    """Every href and src of a page, and the href of each link whose text is the feedback prompt."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.feedback: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.refs += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "a":
            self._open = found.get("href")

    def handle_data(self, data):
        if self._open is not None and data.strip() == "这页不对？提意见":
            self.feedback.append(self._open)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text("utf-8"))
    return links


def page_address(site: Path, path: Path) -> str:
    """items/dibao/index.html → items/dibao/; index.html → "" (the home page); 404.html stays."""
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "admin" not in p.relative_to(site).parts)


def test_every_page_links_feedback_with_its_own_address_and_nothing_else(mini_site):
    assert_every_page_links_feedback(mini_site)


@pytest.mark.slow
def test_every_page_of_the_demo_links_feedback(demo_site):
    """The same crawl over the whole demo (183 centres, 68 items, the lists, /quality/)."""
    pages = assert_every_page_links_feedback(demo_site)
    assert len(pages) > 300 and demo_site / "quality" / "index.html" in pages


def assert_every_page_links_feedback(site: Path) -> list[Path]:
    pages = html_pages(site)
    assert len(pages) > 10 and any("items" in p.parts for p in pages) and any("centres" in p.parts for p in pages)
    for path in pages:
        address = page_address(site, path)
        links = parsed(path).feedback
        assert len(links) == 1, (address, links)
        target = urlsplit(urljoin(HOST + address, links[0]))
        assert target.path == "/feedback/", (address, links[0])
        assert parse_qs(target.query) == {"page": [address or "/"]}, (address, links[0])
    return pages


def test_feedback_page_lists_the_channels_with_the_data_date(mini_site, county):
    page = (mini_site / "feedback" / "index.html").read_text("utf-8")
    assert "这页不对？提意见" in page
    assert f'href="tel:{county.supervision_phone.replace("-", "")}"' in page
    assert f'href="tel:{county.hotline}"' in page
    for department in load(MINI).departments:
        if department.phone:
            assert f'href="tel:{department.phone.replace("-", "")}"' in page, department.name
    sms = re.search(r'href="sms:(\d+)\?body=([^"]+)"', page)
    assert sms and sms.group(1) == county.feedback.sms
    body = unquote(sms.group(2))
    assert county.updated in body and "请写明是哪一页" in body
    mail = re.search(r'href="mailto:([^?"]+)\?subject=([^&"]+)&amp;body=([^"]+)"', page)
    assert mail and mail.group(1) == county.feedback.email
    assert unquote(mail.group(3)) == body
    assert f'href="{county.feedback.web_form}"' in page
    assert "不收集" in page  # the privacy note


def test_no_page_references_an_outside_host_but_the_countys_web_form(mini_site, county):
    feedback = parsed(mini_site / "feedback" / "index.html").refs
    own = urlsplit(re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(1)).netloc
    outside = {urlsplit(r).netloc for r in feedback} - {"", own}
    assert outside == {urlsplit(county.feedback.web_form).netloc}
    for path in html_pages(mini_site):
        page = path.read_text("utf-8")
        assert not re.search(r'\ssrc="(https?:)?//', page), path  # no script, image or frame from elsewhere


def test_without_feedback_channels_only_the_phones_are_offered(tmp_path):
    import shutil

    from generator.site import feedback_page
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    county = root / "county.yml"
    county.write_text(re.sub(r"feedback:\n(  .*\n)+", "", county.read_text("utf-8")), "utf-8")
    page = feedback_page.feedback_page(load(root))
    assert "tel:" in page and "sms:" not in page and "mailto:" not in page and "写下来" not in page


@pytest.mark.browser
def test_feedback_page_fills_in_the_centre_at_360px(mini_site, browser, county):
    from test_site_browser import serious_violations
    centre = next(c for c in load(MINI).centres if c.phone and c.tier == "village")
    with serving(mini_site) as base:
        with local_tab(browser, base, viewport={"width": 360, "height": 740}) as tab:
            tab.goto(f"{base}centres/{centre.id}/")
            tab.click("text=这页不对？提意见")
            tab.wait_for_selector("[data-bm-centre]:not([hidden])", timeout=10_000)
            body = unquote(tab.get_attribute("[data-bm-sms]", "href").split("?body=", 1)[1])
            assert f"{base}centres/{centre.id}/" in body and centre.name in body and county.updated in body
            assert tab.inner_text("[data-bm-centre-tel]") == centre.phone
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360
            assert serious_violations(tab) == []


@pytest.mark.browser
def test_quality_page_reads_at_360px_with_no_outside_request(mini_site, browser):
    """/quality/, wide tables and all, stays within a phone's width (each table scrolls in its own
    focusable box) with axe finding nothing serious."""
    from test_site_browser import serious_violations
    with serving(mini_site) as base:
        with local_tab(browser, base, viewport={"width": 360, "height": 740}) as tab:
            tab.goto(f"{base}quality/")
            assert tab.locator("table[data-bm-table=stations]").count() >= 1
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360
            assert serious_violations(tab) == []
