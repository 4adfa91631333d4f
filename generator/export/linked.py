"""What the linked-data exports (schema.org, HSDS, CPSV-AP) share: page addresses, full names,
durations and weekdays in the forms those standards use."""
from __future__ import annotations

import math
import re
from datetime import date

from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre, Duration, Item

WEEKDAYS = "一二三四五六日"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def item_url(site_url: str, item: Item) -> str:
    return site_root(site_url) + addresses.item_page(item.id)


def centre_url(site_url: str, centre: Centre) -> str:
    return site_root(site_url) + addresses.centre_page(centre.id)


def site_root(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def full_name(catalogue: Catalogue, name: str) -> str:
    """县民政局 → 扶风县民政局; 镇（街道）便民服务中心 → 扶风县镇（街道）便民服务中心."""
    county = catalogue.county.name
    return county + name[1:] if name.startswith("县") and county.endswith("县") else county + name


def iso_duration(d: Duration) -> str:
    """An ISO 8601 duration. ISO has no working-day unit: n 工作日 becomes the calendar days that
    n working days can span at most with weekends (n + 2·⌈n/5⌉); public holidays are not counted."""
    if d.unit == "工作日":
        return f"P{d.value + 2 * math.ceil(d.value / 5)}D"
    return f"P{d.value}D"


def weekdays(text: str) -> list[str]:
    """周一至周五 → Monday..Friday; 周六、周日 → Saturday, Sunday; 每天 → all seven."""
    if "每天" in text or "每日" in text:
        return list(DAY_NAMES)
    text = text.replace("周天", "周日")
    found: list[int] = []
    for start, end in re.findall(r"周([一二三四五六日])(?:\s*(?:至|到|—|-|~)\s*周([一二三四五六日]))?", text):
        first = WEEKDAYS.index(start)
        last = WEEKDAYS.index(end) if end else first
        found += [d for d in range(first, last + 1) if d not in found]
    return [DAY_NAMES[d] for d in sorted(found)]


def season_dates(period: str, updated: str) -> dict:
    """5月1日—9月30日 → validFrom/validThrough of the season's current or next run as of `updated`
    (the catalogue's date), so summer and winter hours do not overlap; {} when there is no period."""
    found = re.fullmatch(r"\s*(\d{1,2})月(\d{1,2})日\s*[—–~\-至到]+\s*(次年)?(\d{1,2})月(\d{1,2})日\s*", period)
    if not found or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated):
        return {}
    start_month, start_day, next_year, end_month, end_day = found.groups()
    try:
        for year in (int(updated[:4]) - 1, int(updated[:4])):
            start = date(year, int(start_month), int(start_day))
            end = date(year + bool(next_year), int(end_month), int(end_day))
            if end.isoformat() >= updated:
                return {"validFrom": start.isoformat(), "validThrough": end.isoformat()}
        return {"validFrom": date(year + 1, int(start_month), int(start_day)).isoformat(),
                "validThrough": date(year + 1 + bool(next_year), int(end_month), int(end_day)).isoformat()}
    except ValueError:  # 2月30日 and the like
        return {}
