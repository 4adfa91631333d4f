"""The addresses of every page and PDF, in one place: the site, the prints and the open data link
to the same place for the same thing, and a new layout is one edit here.

Every address is a path inside the site, relative to its root and without a leading slash
(`items/dibao/`, `print/items/dibao.pdf`); `relative` turns it into a link from a page `depth`
folders down, `absolute` into a full address under the site's URL, `source` into the Markdown file
the site stage writes for a page."""
from __future__ import annotations

from urllib.parse import quote

ITEMS, CENTRES, PRINT = "items", "centres", "print"
FEEDBACK = "feedback/"
QUALITY = "quality/"  # 目录质量和下放情况: the page, its tables and a PDF per town


def item_page(ident: str) -> str:
    return f"{ITEMS}/{ident}/"


def centre_page(ident: str) -> str:
    return f"{CENTRES}/{ident}/"


def centres_index() -> str:
    return f"{CENTRES}/"


def tier_page(tier: str, anchor: str = "") -> str:
    """The list of what a tier does (`tiers/town/`), at an anchor (`consult`, `finish-<category>` …)."""
    return f"tiers/{tier}/" + (f"#{anchor}" if anchor else "")


def feedback_page(about: str) -> str:
    """The feedback page, told which page the resident came from (`feedback/?page=items%2Fdibao%2F`;
    the home page is `/`). Only the page's address goes into the query: nothing about the resident.
    Slashes are escaped so the theme's `url` filter keeps the query whole."""
    return f"{FEEDBACK}?page={quote(about or '/', safe='')}"


def quality_file(name: str) -> str:
    """A table of the quality report (`quality/stations.csv`, `quality/quality.xlsx`)."""
    return f"{QUALITY}{name}"


def quality_town_pdf(ident: str) -> str:
    """The one-page A4 of a town for the county's assessment."""
    return f"{QUALITY}towns/{ident}.pdf"


def item_guide_pdf(ident: str) -> str:
    return f"{PRINT}/{ITEMS}/{ident}.pdf"


def wall_chart_pdf(ident: str) -> str:
    return f"{PRINT}/{CENTRES}/{ident}-wall.pdf"


def booklet_cover_pdf(ident: str) -> str:
    return f"{PRINT}/{CENTRES}/{ident}-booklet.pdf"


def volume_pdf(tier: str) -> str:
    return f"{PRINT}/volumes/{tier}.pdf"


def relative(path: str, depth: int) -> str:
    """The link to `path` from a page `depth` folders below the site root (items/dibao/ is 2)."""
    return "../" * depth + path


def absolute(site_url: str, path: str) -> str:
    """`path` under the site's address (`https://example.org/bianmin/` + `items/dibao/`); with no
    address, the path from the site root (`/items/dibao/`)."""
    return f"{site_url.rstrip('/')}/{path}"


def index_source(folder: str) -> str:
    """The Markdown file of a folder's own page: centres/ → centres/index.md."""
    return f"{folder}index.md"


def source(page: str) -> str:
    """The Markdown file the site stage writes for a page: items/dibao/ → items/dibao.md."""
    return page.rstrip("/") + ".md"
