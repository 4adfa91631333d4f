"""What the linked-data exports (schema.org, HSDS, CPSV-AP) share: page addresses, full names,
durations and weekdays in the forms those standards use."""
from __future__ import annotations

import math
import re

from ..catalogue.model import Catalogue, Centre, Duration, Item

WEEKDAYS = "一二三四五六日"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def item_url(site_url: str, item: Item) -> str:
    return f"{_root(site_url)}items/{item.id}/"


def centre_url(site_url: str, centre: Centre) -> str:
    return f"{_root(site_url)}centres/{centre.id}/"


def _root(site_url: str) -> str:
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
