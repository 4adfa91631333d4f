"""What every print layout shares: the source it reads (catalogue, site address, worked-out parts
kept for reuse), the addresses its QR codes point to, the county's lines and the sample-data mark."""
from __future__ import annotations

import io
from functools import lru_cache

import segno

from ...catalogue import addresses, facts
from ...catalogue.model import Catalogue, Centre, Item


class Source:
    """The catalogue and the site address a layout is made from, with the parts several layouts
    share worked out once (the print stage's own memory: the catalogue stays plain data)."""

    def __init__(self, catalogue: Catalogue, site_url: str):
        self.catalogue, self.site_url = catalogue, site_url
        self._memo: dict = {}

    def remembered(self, key, make):
        """make(), worked out once per key."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def address(self, path: str) -> str:
        """A path inside the site (catalogue/addresses.py) as a full address: QR codes need one."""
        return addresses.absolute(self.site_url, path)


def item_url(source: Source, item: Item) -> str:
    return source.address(addresses.item_page(item.id))


def centre_url(source: Source, centre: Centre) -> str:
    return source.address(addresses.centre_page(centre.id))


def volume_url(source: Source, tier: str) -> str:
    return source.address(addresses.volume_pdf(tier))


def feedback_line(source: Source, centre: Centre | None = None) -> dict:
    """The line a guide or wall chart prints for a resident who finds it wrong: whom to call and
    the short address of the site's feedback page (no second QR code)."""
    return {"phone": facts.report_phone(source.catalogue, centre), "url": source.address(addresses.FEEDBACK)}


@lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """The vector QR code (SVG) of url; error correction M or better, so a worn print still scans.
    Drawn only when a layout is compiled: the data (and the cache keys made from it) name the address.
    Kept for a while: a centre's wall chart and cover print the same one."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=1, border=2, xmldecl=False)
    return buffer.getvalue().decode("ascii")


def county_lines(catalogue: Catalogue) -> dict:
    """The county's name and phones as every layout prints them, and the sample-data note ("" when real)."""
    county = catalogue.county
    return {"name": county.name, "province": county.province, "city": county.city, "updated": county.updated,
            "supervision_phone": county.supervision_phone, "hotline": county.hotline,
            "sample": sample_text(catalogue)}


def sample_text(catalogue: Catalogue) -> str:
    county = catalogue.county
    if not county.sample_data:
        return ""
    return county.sample_note or "本材料内容为示例数据，不是官方公布信息。"


def here_word(tier: str) -> str:
    return "本站" if tier == "village" else "本中心"


def centre_head(source: Source, centre: Centre) -> dict:
    """What a centre's wall chart and cover both print at the top: the county, the centre, where to
    ask above it, its address on the site (and QR code)."""
    catalogue = source.catalogue
    parent = catalogue.parent(centre)
    url = centre_url(source, centre)
    return {
        "county": county_lines(catalogue), "here": here_word(centre.tier),
        "centre": {"name": centre.name, "address": centre.address, "phone": centre.phone,
                   "hours": [str(h) for h in centre.hours], "windows": [w.name for w in centre.windows]},
        "parent": {"name": parent.name, "phone": parent.phone} if parent else None,
        "url": url, "qr": url,
    }


def paused_lines(catalogue: Catalogue, centre: Centre) -> list[dict]:
    """What the centre has paused: the item, and the pause in words (reason, since, until, where to go meanwhile)."""
    return [{"name": p.item.name, "text": facts.at_centre(catalogue, p.item, centre).text}
            for p in facts.paused(catalogue, centre)]


def own_code(data: dict) -> list[str]:
    """The one QR code a layout prints: its own address."""
    return [data["qr"]]
