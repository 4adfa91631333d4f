"""/quality/ (目录质量和下放情况): the county office's view of its towns, stations and departments,
from catalogue/quality.py. Its tables are the rows of export/quality.py (the CSV and XLSX files
beside it), shown with fewer columns; the per-town A4 is printing/layouts/quality.py.

Public unless county.yml says `quality_public: false`: then the page is left out of the site and
`bianmin build` writes the files into office/quality/ beside the site folder (write_office)."""
from __future__ import annotations

import time
from pathlib import Path

from ..cache import Cache
from ..catalogue import addresses
from ..catalogue.model import Catalogue
from ..catalogue.quality import LIMITS, REVIEW, Report, Station, Town, advice_head, intro_text, report, summary_rows
from ..export import quality as tables
from ..export import replace_folder, write_files
from .html import block, esc, front_matter, h1, item_url, link, ul

TITLE = "目录质量和下放情况"
DEPTH = 1  # quality/ is one folder down
ITEMS_LISTED_AT_MOST = 100  # items named in one list of the departments' part; more: the items table has them
LISTED_AT_MOST = 40  # items named in one group of what stations only advise on; more: the advice table has them
TOWN_COLUMNS = ("镇（街道）", "村（社区）站点数", "镇中心可递交材料的事项", "镇中心可办结的事项",
                "村站可递交材料的事项（中位数）", "村站可办结的事项（中位数）", "A/B岗和电话齐全的站点", "站点总数", "暂停办理的事项")
STATION_COLUMNS = ("站点", "A/B岗已写", "A/B岗应写", "岗位电话已写", "缺少", "办公时间", "可递交材料的事项", "可办结的事项",
                   "只能咨询的事项", "暂停办理的事项")


def published(catalogue: Catalogue) -> bool:
    return catalogue.county.quality_public


def quality_page(catalogue: Catalogue, pdf_links: bool = False) -> str:
    found = report(catalogue)
    parts = [front_matter(TITLE, updated=catalogue.county.updated), h1(TITLE), intro(found, pdf_links),
             "## 全县\n\n", county_summary(found), "## 各镇（街道）\n\n",
             table("towns", tables.towns(found), TOWN_COLUMNS, key=1)]
    parts += [town_details(found, town) for town in found.towns]
    if found.county:
        parts += [f"## {esc(found.county.centre.name)}\n\n", station_block(found, (found.county,))]
    parts += ["## 各部门\n\n", table("departments", tables.departments(found), None, key=0), departments_lists(found)]
    return "".join(parts)


def intro(found: Report, pdf_links: bool) -> str:
    files = [link(addresses.relative(addresses.quality_file(f"{name}.csv"), DEPTH), f"{title}（CSV）")
             for name, title in tables.TITLES.items()]
    files.append(link(addresses.relative(addresses.quality_file(tables.WORKBOOK), DEPTH), "全部表格（Excel）"))
    text = f"<p>{esc(intro_text(found))}</p><p>下载：{'、'.join(files)}。</p>"
    if pdf_links:
        towns = [link(addresses.relative(addresses.quality_town_pdf(t.centre.id), DEPTH), t.centre.name) for t in found.towns]
        text += f"<p>每镇一页（A4，考核用）：{'、'.join(towns)}。</p>"
    return block(text, "bm-quality-intro")


def county_summary(found: Report) -> str:
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in summary_rows(found))
    return block(f'<dl class="bm-facts" data-bm-summary>{items}</dl>', "bm-quality-summary")


def table(name: str, data: tuple[tuple, list], columns, key: int) -> str:
    """The export's table (header, rows) with only `columns` (all when None); each row names its key (data-bm-row)."""
    header, rows = data
    shown = [i for i, h in enumerate(header) if columns is None or h in columns]
    head = "".join(f"<th>{esc(header[i])}</th>" for i in shown)
    body = "".join(f'<tr data-bm-row="{esc(row[key])}">' + "".join(f"<td>{esc(_cell(row[i]))}</td>" for i in shown) + "</tr>"
                   for row in rows)
    return block(f'<table data-bm-table="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
                 "bm-table-wrap", ' tabindex="0"')


def _cell(value) -> str:
    return "" if value == "" else str(value)


def town_details(found: Report, town: Town) -> str:
    gaps = sum(bool(s.gaps) for s in town.stations)
    paused = sum(len(s.paused) for s in town.stations)
    summary = (f"{town.centre.name}：{len(town.stations)} 个站点，{gaps} 个缺岗位或电话"
               + (f"，暂停 {paused} 项" if paused else ""))
    return (f'<details id="{esc(town.centre.id)}"><summary>{esc(summary)}</summary>\n\n'
            + station_block(found, town.stations) + "</details>\n\n")


def station_block(found: Report, stations: tuple[Station, ...]) -> str:
    rows = [tables.station_row(found, s) for s in stations]
    parts = [table("stations", (tables.STATION_HEADER, rows), STATION_COLUMNS, key=1)]
    ids = {s.centre.id for s in stations}
    for group, advice in found.advice_groups:
        if group[0].centre.id in ids:
            entries = [f"{len(a.items)} 项{esc(a.text(found.catalogue))}" + _names(a.items) for a in advice]
            head = advice_head(tables.stations_label(found, group), sum(len(a.items) for a in advice))
            parts.append(block(f"<p>{esc(head)}</p>" + ul(entries), "bm-quality-advice"))
    paused = [f"{esc(s.centre.name)}：{link(item_url(p.item, DEPTH), p.item.name)}，{esc(p.text)}" for s in stations for p in s.paused]
    if paused:
        parts.append(block("<p>暂停办理：</p>" + ul(paused), "bm-quality-paused"))
    return "".join(parts)


def _names(items) -> str:
    """The items' links, or, past LISTED_AT_MOST, where to find them (a county of 600 stations and 1,000 items)."""
    if len(items) > LISTED_AT_MOST:
        return f"（名单见 {tables.TITLES['advice']} 表）"
    return "：" + "、".join(link(item_url(i, DEPTH), i.name) for i in items)


def departments_lists(found: Report) -> str:
    """The items to review and those whose promised limit is no shorter than the legal one, folded;
    past ITEMS_LISTED_AT_MOST only the count (items.csv lists them)."""
    out = ""
    for kind in ("stale", "never"):
        chosen = found.reviewed(kind)
        entries = [f"{link(item_url(i, DEPTH), i.name)}（{esc(i.department.name)}"
                   + (f"，{esc(i.reviewed)} 复核" if i.reviewed else "") + "）" for i in chosen[:ITEMS_LISTED_AT_MOST]]
        out += _folded(f'data-bm-review="{kind}"', REVIEW[kind], len(chosen), entries)
    same = found.limits("same")
    entries = [f"{link(item_url(i, DEPTH), i.name)}：法定 {esc(i.legal)}，承诺 {esc(i.promised)}" for i in same[:ITEMS_LISTED_AT_MOST]]
    out += _folded("data-bm-limits", LIMITS["same"], len(same), entries)
    return block(out, "bm-quality-lists") if out else ""


def _folded(attr: str, title: str, count: int, entries: list[str]) -> str:
    if not count:
        return ""
    more = f"<p>只列出前 {len(entries)} 项，全部见{esc(tables.TITLES['items'])}表。</p>" if count > len(entries) else ""
    return f"<details {attr}><summary>{esc(title)}：{count} 项</summary>{ul(entries)}{more}</details>"


# --- the files: beside the page, or for the office only -------------------------------------------

OFFICE = Path("office") / "quality"  # beside the site folder, when the page is not published


CACHE = "quality"  # the cache's part for the workbook, its sheets and the town pages (not the PDFs' own:
# the PDF process drops what it did not use while this process may not have asked for these yet)


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """Path under the site (or the office folder) -> bytes: the tables, and a page per town when PDFs
    can be made. The workbook and the town pages come from the cache while what they show is the
    same; what this build did not use is dropped from it."""
    cache, started = Cache(CACHE), time.time()
    found = report(catalogue)
    out = {addresses.quality_file(name): data for name, data in tables.files(found, cache).items()}
    out.update({addresses.quality_town_pdf(ident): data for ident, data in town_pdfs(catalogue, site_url, cache).items()})
    cache.prune(started - 1)
    return out


def town_pdfs(catalogue: Catalogue, site_url: str, cache: Cache | None = None) -> dict[str, bytes]:
    """Town centre id -> its one-page A4 (printing/layouts/quality.py on the print engine); {} when
    PDFs cannot be made (the build has said why once already). Cached like every PDF (in `cache`
    when given, keyed as every PDF: the layout's data and the print code)."""
    from ..printing import engine, pdf_support
    from ..printing.jobs import Work, as_json
    if pdf_support():
        return {}
    work = Work(catalogue, site_url, engine.find_faces())
    kept = cache or work.cache
    out = {}
    for town in catalogue.centres_at("town"):
        data = work.data("quality", town)
        key = work.key("quality", as_json(data))
        out[town.id] = kept.get(key) or kept.put(key, work.compile("quality", data)[0])
    return out


def write(catalogue: Catalogue, out_dir: Path, site_url: str) -> list[Path]:
    """The writer the site build runs after the pages: the files beside /quality/ when it is published."""
    if not published(catalogue):
        return []
    return write_files(files(catalogue, site_url), Path(out_dir))


def office_folder(site_dir: Path) -> Path:
    return Path(site_dir).resolve().parent / OFFICE


def write_office(catalogue: Catalogue, site_dir: Path) -> list[Path]:
    """When /quality/ is not published: its tables and town pages into office/quality/ beside the site
    folder (replaced as a whole; nothing of it is in the site)."""
    if published(catalogue):
        return []
    folder = office_folder(site_dir)
    found = {name.removeprefix(addresses.QUALITY): data for name, data in files(catalogue, "").items()}  # no QR codes
    replace_folder(folder, found)
    return sorted(folder.rglob("*.*"))
