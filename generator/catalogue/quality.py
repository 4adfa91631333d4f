"""目录质量和下放情况 (/quality/): the figures the county office reviews its towns and departments by.

Per station: its windows' A岗/B岗 posts and their phones (posts, never people), hours, what it takes
in and finishes (facts.centre_does, the count its page shows), what it only advises on and where
each of those is done (facts.advice), what it has paused, why and since when (facts.paused). Per
town: its village stations against the county's median. Per department: items at each completeness
level (levels.py), when they were last reviewed (`reviewed`, stale 12 months before the data date,
never the wall clock: the same catalogue gives the same report), promised against legal time limits.

Every figure is one of the facts' answers counted here; the page, the tables and the per-town A4
only format this Report (site/quality_page.py, export/quality.py, printing/layouts/quality.py)."""
from __future__ import annotations

import datetime
import functools
import statistics
from dataclasses import dataclass
from functools import cached_property

from . import facts
from .levels import LEVELS
from .model import Catalogue, Centre, Department, Duration, Item, Window
from .stats import catalogue_stats

STALE_MONTHS = 12
POSTS = ("A岗", "B岗")


# --- a station -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WindowPosts:
    """One window's posts: the role written for A岗 and B岗 ("" = not written) and whether each has a phone."""
    window: Window
    roles: tuple[str, str]
    phones: tuple[bool, bool]

    @property
    def gaps(self) -> tuple[str, ...]:
        """缺 B岗, A岗缺电话 …: what the office still has to fill in for this window."""
        found = []
        for label, role, phone in zip(POSTS, self.roles, self.phones):
            if not role:
                found.append(f"缺{label}")
            elif not phone:
                found.append(f"{label}缺电话")
        return tuple(found)


def window_posts(window: Window) -> WindowPosts:
    posts = {p.label: p for p in window.posts}
    found = [posts.get(label) for label in POSTS]
    roles = tuple(p.role if p else "" for p in found)
    phones = tuple(bool(p and p.phone) for p in found)
    return WindowPosts(window, (roles[0], roles[1]), (phones[0], phones[1]))


@dataclass(frozen=True)
class Station:
    centre: Centre
    windows: tuple[WindowPosts, ...]
    starts: int  # items handed in or finished here (facts.centre_does finish + start: the page's 这里能办什么)
    finishes: int  # of those, decided here (facts.centre_does finish)
    advice: tuple[facts.Advice, ...]  # only advised on here, grouped by where each is done, nearest first
    paused: tuple[facts.Paused, ...]

    @property
    def posts(self) -> int:
        """A岗 and B岗 posts written, of 2 per window."""
        return sum(bool(role) for w in self.windows for role in w.roles)

    @property
    def post_phones(self) -> int:
        return sum(phone for w in self.windows for phone in w.phones)

    @property
    def gaps(self) -> tuple[str, ...]:
        """民政窗口：缺A岗、缺B岗 …, one entry per window with something missing."""
        return tuple(f"{w.window.name}：{'、'.join(w.gaps)}" for w in self.windows if w.gaps)

    @property
    def advised(self) -> int:
        return sum(len(a.items) for a in self.advice)

    @property
    def hours(self) -> str:
        return "；".join(str(h) for h in self.centre.hours)


@dataclass(frozen=True)
class Town:
    centre: Centre
    stations: tuple[Station, ...]  # the town centre first, then its village stations

    @property
    def own(self) -> Station:
        return self.stations[0]

    @property
    def villages(self) -> tuple[Station, ...]:
        return self.stations[1:]

    @property
    def village_starts(self) -> float | None:
        return median(s.starts for s in self.villages)

    @property
    def village_finishes(self) -> float | None:
        return median(s.finishes for s in self.villages)

    @property
    def complete_stations(self) -> int:
        """Stations (the town centre and its villages) with every window's A岗, B岗 and their phones."""
        return sum(not s.gaps for s in self.stations)


def advice_key(advice: tuple[facts.Advice, ...]) -> tuple:
    """What a list of advice says, without the centres' deep objects: places and item ids."""
    return tuple((tuple((p.tier, p.centre.id if p.centre else "") for p in a.places), tuple(i.id for i in a.items))
                 for a in advice)


def median(values) -> float | None:
    found = list(values)
    return statistics.median(found) if found else None


def shown(value) -> int | float | str:
    """A median as every output writes it: 12, 12.5; "" when there is nothing to take it of."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(float(value), 1)


def shown_text(value) -> str:
    """The same in a sentence: 12, 12.5, 无."""
    return str(shown(value)) if value is not None else "无"


# --- a department --------------------------------------------------------------------------------

LIMITS = {"shorter": "承诺时限短于法定时限", "same": "承诺时限不短于法定时限", "instant": "法定即办",
          "units": "单位不同，未比较", "unknown": "时限还没有写"}


def limit_kind(item: Item) -> str:
    """How the promised time limit stands against the legal one (a key of LIMITS)."""
    legal, promised = item.legal, item.promised
    if legal is None or promised is None:
        return "unknown"
    if legal.instant:
        return "instant"
    if not promised.instant and promised.unit != legal.unit:
        return "units"
    return "shorter" if _days(promised) < _days(legal) else "same"


def _days(duration: Duration) -> int:
    return 0 if duration.instant else duration.value


def stale_before(updated: str) -> str:
    """The date a review must be on or after to count as current: STALE_MONTHS before the data date."""
    day = datetime.date.fromisoformat(str(updated))
    months = day.year * 12 + day.month - 1 - STALE_MONTHS
    year, month = divmod(months, 12)
    for last in (day.day, 30, 29, 28):  # 2027-02-29 does not exist: the month's last day
        try:
            return datetime.date(year, month + 1, last).isoformat()
        except ValueError:
            continue
    raise AssertionError(updated)


REVIEW = {"current": "12 个月内复核过", "stale": "超过 12 个月没有复核", "never": "还没有复核过"}


def review_kind(item: Item, since: str) -> str:
    """current, stale or never (a key of REVIEW); since = stale_before(the data date)."""
    if not item.reviewed:
        return "never"
    return "current" if item.reviewed >= since else "stale"


@dataclass(frozen=True)
class DepartmentFigures:
    department: Department
    items: tuple[Item, ...]
    since: str  # stale_before the data date

    @cached_property
    def levels(self) -> dict[str, int]:
        return {level: sum(i.level == level for i in self.items) for level in LEVELS}

    @property
    def last_reviewed(self) -> str:
        return max((i.reviewed for i in self.items), default="")

    def reviewed(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if review_kind(i, self.since) == kind)

    def limits(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if limit_kind(i) == kind)


# --- the whole report ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    catalogue: Catalogue
    county: Station | None  # the county centre
    towns: tuple[Town, ...]
    departments: tuple[DepartmentFigures, ...]
    since: str

    @property
    def updated(self) -> str:
        return self.catalogue.county.updated

    @property
    def stations(self) -> tuple[Station, ...]:
        return ((self.county,) if self.county else ()) + tuple(s for t in self.towns for s in t.stations)

    @property
    def village_starts(self) -> float | None:
        """The county's median over every village station."""
        return median(s.starts for t in self.towns for s in t.villages)

    @property
    def village_finishes(self) -> float | None:
        return median(s.finishes for t in self.towns for s in t.villages)

    @property
    def town_starts(self) -> float | None:
        return median(t.own.starts for t in self.towns)

    @property
    def town_finishes(self) -> float | None:
        return median(t.own.finishes for t in self.towns)

    @cached_property
    def advice_groups(self) -> tuple[tuple[tuple[Station, ...], tuple[facts.Advice, ...]], ...]:
        """Stations of one town (or the county centre) that advise on the same items with the same
        places to go, together: a town's village stations usually share one list."""
        groups: dict[tuple, list[Station]] = {}
        for station in self.stations:
            if station.advice:
                groups.setdefault((station.centre.parent_id, advice_key(station.advice)), []).append(station)
        return tuple((tuple(found), found[0].advice) for found in groups.values())

    def reviewed(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for d in self.departments for i in d.reviewed(kind))

    def limits(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for d in self.departments for i in d.limits(kind))


def report(catalogue: Catalogue) -> Report:
    make = functools.partial(_station, catalogue)
    county = next(iter(catalogue.centres_at("county")), None)
    towns = tuple(Town(c, (make(c), *(make(v) for v in catalogue.children(c) if v.tier == "village")))
                  for c in catalogue.centres_at("town"))
    since = stale_before(catalogue.county.updated)
    departments = tuple(DepartmentFigures(d, items, since) for d in catalogue.departments
                        for items in [tuple(i for i in catalogue.items if i.department.id == d.id)] if items)
    return Report(catalogue, make(county) if county else None, towns, departments, since)


def _station(catalogue: Catalogue, centre: Centre) -> Station:
    """A station's figures (facts.centre_does and facts.advice are worked out once for the stations
    that share them: 600 village stations, a handful)."""
    does = facts.centre_does(catalogue, centre)
    return Station(centre, tuple(window_posts(w) for w in centre.windows),
                   len(does["finish"]) + len(does["start"]), len(does["finish"]),
                   facts.advice(catalogue, centre), facts.paused(catalogue, centre))


# --- what the outputs say about these figures ------------------------------------------------------

def intro_text(found: Report) -> str:
    return (f"本页由便民服务目录自动生成（数据日期 {found.updated}），供县政务服务管理部门检查各镇（街道）、"
            "各便民服务站点和各部门：窗口的 A岗、B岗和电话写齐没有，村里能办多少事，哪些事只能咨询、群众要跑到哪里办，"
            f"哪些事暂停办理，各部门的办事指南写到哪一级、多久没有复核。复核日期早于 {found.since}"
            "（数据日期前 12 个月）的事项算作需要复核。只写岗位，不写个人信息。")


def summary_rows(found: Report) -> list[tuple[str, str]]:
    """The county's figures in words: (label, value). Levels as `bianmin stats` counts them."""
    villages = [s for t in found.towns for s in t.villages]
    levels = catalogue_stats(found.catalogue)["levels"]
    return [
        ("服务站点", f"{len(found.stations)} 个（县中心 {int(found.county is not None)} 个，镇中心 {len(found.towns)} 个，"
                 f"村（社区）站 {len(villages)} 个）"),
        ("A/B岗和电话都写齐的站点", f"{sum(not s.gaps for s in found.stations)} 个"),
        ("村站可递交材料的事项（中位数）", f"{shown_text(found.village_starts)} 项，其中可办结 {shown_text(found.village_finishes)} 项"),
        ("镇中心可递交材料的事项（中位数）", f"{shown_text(found.town_starts)} 项，其中可办结 {shown_text(found.town_finishes)} 项"),
        ("暂停办理", f"{sum(len(s.paused) for s in found.stations)} 项次"),
        ("事项完整度", "，".join(f"{level} {n} 项" for level, n in levels.items())),
        ("复核", "，".join(f"{words} {len(found.reviewed(kind))} 项" for kind, words in REVIEW.items())),
    ]


def advice_head(label: str, count: int) -> str:
    return f"{label}只能咨询、群众要到别处办的事项（{count} 项）："
