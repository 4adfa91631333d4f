"""The quality report (catalogue/quality.py) as tables: a CSV file each and one workbook, for the
county office. The /quality/ page shows the same rows (site/quality_page.py renders these tables);
every cell passes tables.cell_text, so text a clerk typed never runs as a formula. Not open data:
these are the county's own review of its stations and departments (county.yml quality_public)."""
from __future__ import annotations

import json
from datetime import datetime

from ..cache import Cache, digest
from ..catalogue import facts
from ..catalogue.quality import LIMITS, REVIEW, Report, Station, limit_kind, review_kind
from ..catalogue.quality import shown as number
from ..catalogue.vocab import LEVELS, TIER_ZH
from . import kept
from .tables import csv_bytes, xlsx_bytes
from .xlsx_workbook import updated_time, workbook_source

WORKBOOK = "quality.xlsx"
TITLES = {"towns": "各镇（街道）", "stations": "各站点", "advice": "只能咨询的事项", "paused": "暂停办理",
          "departments": "各部门", "items": "各事项"}


def tables(report: Report) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """Table name -> (header, rows), in the order of TITLES."""
    return {"towns": towns(report), "stations": stations(report), "advice": advice(report),
            "paused": paused(report), "departments": departments(report), "items": items(report)}


def towns(report: Report):
    header = ("镇（街道）", "中心标识", "村（社区）站点数", "镇中心可递交材料的事项", "镇中心可办结的事项",
              "村站可递交材料的事项（中位数）", "村站可办结的事项（中位数）",
              "全县村站可递交（中位数）", "全县村站可办结（中位数）", "A/B岗和电话齐全的站点", "站点总数", "暂停办理的事项")
    rows = [(t.centre.name, t.centre.id, len(t.villages), t.own.starts, t.own.finishes,
             number(t.village_starts), number(t.village_finishes), number(report.village_starts),
             number(report.village_finishes), t.complete_stations, len(t.stations), sum(len(s.paused) for s in t.stations))
            for t in report.towns]
    return header, rows


STATION_HEADER = ("站点", "站点标识", "层级", "所属镇（街道）", "电话", "办公时间", "窗口数", "A/B岗已写", "A/B岗应写",
                  "岗位电话已写", "缺少", "可递交材料的事项", "可办结的事项", "只能咨询的事项", "暂停办理的事项")


def station_row(report: Report, station: Station) -> tuple:
    centre = station.centre
    parent = report.catalogue.parent(centre)
    town = centre.name if centre.tier == "town" else parent.name if parent and centre.tier == "village" else ""
    return (centre.name, centre.id, TIER_ZH[centre.tier], town, centre.phone, station.hours,
            len(station.windows), station.posts, 2 * len(station.windows), station.post_phones,
            "；".join(station.gaps), station.starts, station.finishes, station.advised, len(station.paused))


def stations(report: Report):
    return STATION_HEADER, [station_row(report, s) for s in report.stations]


def advice(report: Report):
    """A row per item and group of stations that advise on it alike (a town's village stations: named
    by their town, no id; stations.csv lists them)."""
    header = ("站点", "站点数", "站点标识", "事项", "事项标识", "到哪里办（最近的先写）")
    rows = [(stations_label(report, found), len(found), found[0].centre.id if len(found) == 1 else "", item.name, item.id,
             group.text(report.catalogue))
            for found, advice in report.advice_groups for group in advice for item in group.items]
    return header, rows


def stations_label(report: Report, found) -> str:
    """A station's name, or 法门镇便民服务中心下属 24 个村（社区）便民服务站."""
    if len(found) == 1:
        return found[0].centre.name
    parent = report.catalogue.parent(found[0].centre)
    return f"{parent.name if parent else ''}下属 {len(found)} 个{report.catalogue.county.tier_name(found[0].centre.tier)}"


def paused(report: Report):
    header = ("站点", "站点标识", "事项", "事项标识", "原因", "暂停日期", "预计恢复日期", "期间到哪里办")
    rows = [(s.centre.name, s.centre.id, p.item.name, p.item.id, p.pause.reason, p.pause.since, p.pause.until,
             "或".join(place.name(report.catalogue) for place in p.go) or facts.go_text(report.catalogue, ()))
            for s in report.stations for p in s.paused]
    return header, rows


def departments(report: Report):
    header = ("部门", "事项数", *LEVELS, "最近复核日期", *REVIEW.values(), *LIMITS.values())
    rows = [(d.department.name, len(d.items), *d.levels.values(), d.last_reviewed,
             *(len(d.reviewed(kind)) for kind in REVIEW), *(len(d.limits(kind)) for kind in LIMITS))
            for d in report.departments]
    return header, rows


def items(report: Report):
    header = ("事项", "事项标识", "部门", "完整度", "复核日期", "复核情况", "法定时限", "承诺时限", "时限比较")
    rows = [(i.name, i.id, d.department.name, i.level, i.reviewed, REVIEW[review_kind(i, report.since)],
             str(i.legal) if i.legal else "", str(i.promised) if i.promised else "", LIMITS[limit_kind(i)])
            for d in report.departments for i in d.items]
    return header, rows


def files(report: Report, cache: Cache | None = None) -> dict[str, bytes]:
    """File name -> bytes: a CSV per table (UTF-8 with BOM) and the workbook, a sheet per table."""
    named = tables(report)
    out = {f"{name}.csv": csv_bytes(*table) for name, table in named.items()}
    out[WORKBOOK] = workbook(named, updated_time(report.catalogue), cache)
    return out


def workbook(named: dict, when: datetime, cache: Cache | None = None) -> bytes:
    """The workbook of the tables; with a cache, kept as the open data keeps its workbooks (kept.py):
    taken from the cache while its rows and the code are the same, else written again with only the
    sheets whose rows changed (a fee edit: the items sheet at most)."""
    if cache is None:
        return xlsx_bytes(named, when, TITLES)
    version = kept.code_version()
    sheets = kept.KeptSheets(cache, version)  # each table's repr made once, for this key and its sheet's
    key = digest(version, WORKBOOK, workbook_source(named, when, sheets))
    found, used = cache.get(key), cache.get(key + "-kept")
    if found is not None and used is not None:
        for entry in json.loads(used):
            cache.keep(entry)  # its sheets and rows: the next change writes only what it changes
        return found
    data = cache.put(key, xlsx_bytes(named, when, TITLES, sheets))
    cache.put(key + "-kept", json.dumps(sheets.save()).encode("utf-8"))
    return data
