"""Print pages as HTML: the 办事指南 with its 一次性告知单, the wall chart and the booklet front.

Everything from the catalogue passes through Jinja2 with autoescaping on; the templates and CSS are
in generator/printing/templates/. The pages are made for WeasyPrint (A4 / A3, two font weights).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import segno
from jinja2 import Environment, FileSystemLoader

from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre, Item, TierRole, safe_url
from ..catalogue.vocab import STEP_WHO, TIER_ZH

TEMPLATES = Path(__file__).parent / "templates"
UPWARD = {"village": "镇（街道）", "town": "县"}
LATER = {"容缺后补": "可先办后补", "非必要": "有则提供"}
ROLE_HERE = {1: "咨询", 2: "受理·代办", 3: "审核", 4: "办结"}

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def item_url(site_url: str, item: Item) -> str:
    return addresses.absolute(site_url, addresses.item_page(item.id))


def centre_url(site_url: str, centre: Centre) -> str:
    return addresses.absolute(site_url, addresses.centre_page(centre.id))


QR_SCHEME = "bianmin-qr:"


def qr_src(url: str) -> str:
    """The image address of url's QR code in print HTML. The code itself is drawn only when the page
    is laid out (qr_svg, through the printer's URL fetcher), so print HTML stays small and cheap to
    make: it is also what the cache keys are computed from."""
    return QR_SCHEME + quote(url, safe="")


def qr_svg(src: str) -> bytes:
    """The vector QR code (SVG) of a qr_src address; error correction M or better, so a worn print
    still scans."""
    url = unquote(src.removeprefix(QR_SCHEME))
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=1, border=2, xmldecl=False)
    return buffer.getvalue()


# --- the item guide ---------------------------------------------------------------------------

def guide_context(catalogue: Catalogue, item: Item, site_url: str) -> dict:
    """Only for a complete item (printable): every field is known."""
    assert item.materials is not None and item.steps is not None, f"{item.id} is below 办事指南: no printed guide"
    county = catalogue.county
    url = item_url(site_url, item)
    return {
        "county": county, "item": item, "url": url, "qr": qr_src(url),
        "sample": sample_text(catalogue),
        "facts": _facts(item), "where_note": _where_note(item),
        "tiers": [_tier_row(catalogue, item, tr) for tr in item.tiers],
        "materials": [_material_row(m) for m in item.materials],
        "steps": [_step_row(s, item) for s in item.steps],
        "terms": _terms(item),
        "footer": f"{county.name}便民服务办事指南 · 目录日期 {county.updated}" + (" · 示例数据" if county.sample_data else ""),
    }


def sample_text(catalogue: Catalogue) -> str:
    county = catalogue.county
    if not county.sample_data:
        return ""
    return county.sample_note or "本材料内容为示例数据，不是官方公布信息。"


def _facts(item: Item) -> list[tuple[str, str | None]]:
    assert item.fee is not None
    visits = "不用跑" if item.visits == 0 else f"最多跑 {item.visits} 次"
    fee = "不收费" if item.fee.free else "、".join(f"{f.amount}{f.unit}" for f in item.fee.items)
    return [("承诺时限", str(item.promised)), ("收费", fee),
            ("到现场", visits), ("办件类型", item.case_type), ("事项类型", item.type)]


def _where_note(item: Item) -> str:
    start = TIER_ZH[item.start_tier]
    if item.start_tier == item.finishing_tier:
        return f"在{start}就能办完"
    return f"在{start}交材料就行，不用自己往上跑"


def _tier_row(catalogue: Catalogue, item: Item, tr: TierRole) -> dict:
    place = catalogue.county.tier_name(tr.tier)
    if tr.level == 0:
        return {"place": place, "does": "不办理", "window": "—", "limit": "—", "off": True}
    does = tr.role + ("（办结）" if tr.level == 4 and tr.role != "办结" else "")
    return {"place": place, "does": f"{does}：{tr.note}" if tr.note else does,
            "window": tr.window.name if tr.window else "—", "limit": _tier_limit(tr, item),
            "start": tr.tier == item.start_tier, "finish": tr.tier == item.finishing_tier}


def _tier_limit(tr: TierRole, item: Item) -> str:
    assert item.promised is not None
    if tr.forward_within_days is not None and tr.tier in UPWARD:  # counted in the item's unit, as its steps are
        return f"{tr.forward_within_days} 个{item.promised.unit}内报送{UPWARD[tr.tier]}"
    if tr.days is not None:
        return "即办" if tr.days == 0 else f"{tr.days} 个{item.promised.unit}"
    return "—"


def _material_row(m) -> dict:
    copies = f"{m.copies} 份" if m.copies else "—"
    form = m.form if m.medium == "纸质" else f"{m.form}（{m.medium}）"
    return {"name": m.name, "note": m.note, "form": form, "copies": copies,
            "source": m.source, "later": LATER.get(m.required, "")}


def _step_row(step, item: Item) -> dict:
    assert item.promised is not None
    days = "" if step.days == 0 else f"{step.days} 个{item.promised.unit}"
    if step.days == 0 and step.tier != "applicant" and step.action in ("受理", "办结", "审批"):
        days = "当场"
    return {"who": STEP_WHO.get(step.tier, step.tier), "action": step.action, "days": days, "text": step.description}


def _terms(item: Item) -> list[tuple[str, str | None]]:
    terms: list[tuple[str, str | None]] = [("办结时限", f"法定 {item.legal}，承诺 {item.promised}" + (f"。{item.time_note}" if item.time_note else ""))]
    for p in item.special_procedures:
        note = p.note if "不计入" in p.note else "，".join(filter(None, ["不计入办结时限", p.note]))
        terms.append((p.name, f"{p.days} 个{p.unit}。{note}"))
    visits = "不用到现场（网上办理或邮寄）" if item.visits == 0 else f"最多 {item.visits} 次" + (f"：{item.visits_reason}" if item.visits_reason else "")
    terms.append(("到现场次数", visits))
    if item.online_url and safe_url(item.online_url):
        terms.append(("网上办理", f"{item.online_depth} {item.online_url}".strip()))
    terms.append(("收费", _fee_text(item)))
    terms.append(("办理结果", f"{item.result_name}（{'、'.join(item.delivery)}）" if item.delivery else item.result_name))
    return terms


def _fee_text(item: Item) -> str:
    assert item.fee is not None
    if item.fee.free:
        return "不收费"
    parts = [f"{f.name} {f.amount}{f.unit}（依据：{f.basis}{'；' + f.reduction if f.reduction else ''}）" for f in item.fee.items]
    return "；".join(parts) + (f"。{item.fee.note}" if item.fee.note else "")


def item_guide_html(catalogue: Catalogue, item: Item, site_url: str, tight: bool = False) -> str:
    """The one-page (at most two-page) A4 guide of one item, as a full HTML document.

    tight: the spacing pressed a little, tried when the guide runs onto a second page by a few lines."""
    return _env.get_template("item.html").render(guides=[guide_context(catalogue, item, site_url)], counted=not tight,
                                                 tight=tight, title=f"{item.name} 办事指南")


def item_guides_html(catalogue: Catalogue, items: list[Item], site_url: str) -> str:
    """Many guides in one document, each from a new page, opening with the anchor item-<id>.

    Without page numbers: the page counter runs through the whole document."""
    return _env.get_template("item.html").render(guides=[guide_context(catalogue, i, site_url) for i in items],
                                                 counted=False, title="办事指南")


# --- the wall chart ---------------------------------------------------------------------------
# A3 landscape, read from a metre away: body 14 pt, nothing under 12 pt. The rows are grouped by
# window; each window's phone is printed once, in the centre's header. Items the centre only
# explains (咨询) are counted on the chart and listed in the booklet and behind the QR code.

@dataclass(frozen=True)
class WallRow:
    name: str
    role: str
    limit: str
    fee: str


@dataclass(frozen=True)
class WallContent:
    """What a wall chart lists below its header; centres with equal content share one layout."""
    here: str
    groups: tuple[tuple[str, tuple[WallRow, ...]], ...]  # (window name, rows), rows 办结 first
    consult: int  # items only explained here
    consult_where: tuple[str, ...]  # where those are done
    excepted: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        return sum(len(rows) for _, rows in self.groups)


def wall_content(catalogue: Catalogue, centre: Centre) -> WallContent:
    """The centre's items grouped by the window that handles them; 咨询-only items only counted.
    Centres of a tier with the same windows and exceptions share it (made once)."""
    return catalogue.remembered(("wall_content", centre.tier, centre.windows, centre.exceptions),
                                lambda: _wall_content(catalogue, centre))


def _wall_content(catalogue: Catalogue, centre: Centre) -> WallContent:
    here = here_word(centre)
    groups: dict[str, list[tuple[int, WallRow]]] = {}
    consult, where = 0, []
    for item, tr in catalogue.offers(centre):
        if tr.level == 1:
            consult += 1
            place = catalogue.county.tier_name(item.start_tier)
            if place not in where:
                where.append(place)
            continue
        groups.setdefault(_window_name(centre, tr), []).append((-tr.level, _wall_row(centre, item, tr)))
    return WallContent(here, tuple((name, tuple(row for _, row in sorted(rows, key=lambda r: r[0])))
                                   for name, rows in groups.items()),
                       consult, tuple(where), tuple((item.name, reason) for item, reason in catalogue.excepted(centre)))


def _window(centre: Centre, tr: TierRole):
    return (centre.window(tr.window.id) if tr.window else None) or tr.window


def _window_name(centre: Centre, tr: TierRole) -> str:
    window = _window(centre, tr)
    return window.name if window else "其他事项"


def window_phones(catalogue: Catalogue, centre: Centre) -> list[tuple[str, str]]:
    """(window name, phone) for each window that handles an item on the centre's chart, in chart order."""
    phones: dict[str, str] = {}
    for _, tr in catalogue.offers(centre):
        if tr.level > 1:
            window = _window(centre, tr)
            name = window.name if window else "其他事项"
            if name not in phones:
                phone = next((p.phone for p in window.posts if p.phone), "") if window else ""
                phones[name] = phone or centre.phone
    return list(phones.items())


ASK_FIRST = "电话咨询"  # on a wall chart, for what an item below 办事指南 does not know yet (fits the time-limit column)


def _wall_row(centre: Centre, item: Item, tr: TierRole) -> WallRow:
    return WallRow(item.name, tr.role, str(item.promised) if item.promised else ASK_FIRST, wall_fee(item))


def wall_fee(item: Item) -> str:
    """What is paid and to whom: 不收费, 代收电费（本站不收手续费）, or 身份证工本费，交县公安局."""
    if item.fee is None:
        return ASK_FIRST
    if item.fee.free:
        return "不收费"
    names = "、".join(f.name for f in item.fee.items)
    if "代收" in item.fee.note:
        return f"代收{names}，不收手续费"
    return f"{names}，交{item.department.name}"


def here_word(centre: Centre) -> str:
    return "本站" if centre.tier == "village" else "本中心"


def wall_head_html(catalogue: Catalogue, centres: list[Centre], site_url: str) -> str:
    """The headers of the wall charts, one A3 page per centre, to be laid over the shared bodies.

    Page i ends with the anchor head-end-i, which tells how much room the header takes."""
    heads = [{"centre": c, "parent": catalogue.parent(c), "here": here_word(c), "url": centre_url(site_url, c),
              "qr": qr_src(centre_url(site_url, c)), "phones": window_phones(catalogue, c)} for c in centres]
    return _env.get_template("wall_heads.html").render(county=catalogue.county, heads=heads, sample=sample_text(catalogue))


def wall_body_html(catalogue: Catalogue, content: WallContent, head_mm: int) -> str:
    """The wall chart below its header (left blank, head_mm high on the first sheet), shared by equal centres."""
    return _env.get_template("wall.html").render(county=catalogue.county, content=content, here=content.here,
                                                 head_mm=head_mm, sample=sample_text(catalogue))


# --- the booklet: a cover per centre in front of a volume of guides shared by its tier ---------

def volume_title(catalogue: Catalogue, tier: str) -> str:
    return f"{catalogue.county.tier_name(tier)}办事指南汇编"


def tier_offers(catalogue: Catalogue, tier: str) -> tuple[tuple[Item, TierRole], ...]:
    """Everything a centre of this tier handles when it has no exceptions and whose guide is complete:
    the volume's guides (an item below 办事指南 has no printed guide; see printable)."""
    return catalogue.remembered(("printable offers", tier),
                                lambda: tuple((item, role) for item, role in catalogue.tier_offers(tier) if item.complete))


def printable(items) -> list[Item]:
    """The items that get a printed guide: only complete ones (办事指南). A guide with unknown
    materials or time limit would print a guess, or an empty 一次性告知单, as fact."""
    return [item for item in items if item.complete]


def volume_contents_html(catalogue: Catalogue, tier: str, entries: list[tuple[Item, TierRole, int]]) -> str:
    """The first pages of a tier's volume: what it is, and its contents (entries: item, role, first page)."""
    by_category: dict[str, list] = {}
    for item, tr, page in entries:
        by_category.setdefault(item.category.name, []).append(
            {"name": item.name, "role": ROLE_HERE[tr.level], "page": page})
    return _env.get_template("contents.html").render(
        county=catalogue.county, title=volume_title(catalogue, tier), place=catalogue.county.tier_name(tier),
        here="本站" if tier == "village" else "本中心", contents=by_category, sample=sample_text(catalogue))


def booklet_covers_html(catalogue: Catalogue, centres: list[Centre], site_url: str, volume_url, pages: dict) -> str:
    """The booklet covers, one A4 page per centre: the centre, its exceptions, where its guides are.

    volume_url(tier) -> the address of the tier's volume; pages: item id -> its first page there."""
    covers = [{"centre": c, "parent": catalogue.parent(c), "here": here_word(c), "count": len(catalogue.offers(c)),
               "url": centre_url(site_url, c), "qr": qr_src(centre_url(site_url, c)),
               "volume": volume_title(catalogue, c.tier), "volume_url": volume_url(c.tier),
               "excepted": [(item.name, reason, pages.get(item.id)) for item, reason in catalogue.excepted(c)]}
              for c in centres]
    return _env.get_template("booklet.html").render(county=catalogue.county, covers=covers, sample=sample_text(catalogue))


def page_numbers_html(first: int, last: int, title: str) -> str:
    """A4 pages that hold only a page number at the top right, to be laid over a volume's pages."""
    return _env.get_template("page_numbers.html").render(numbers=range(first, last + 1), title=title)
