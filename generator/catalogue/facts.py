"""What the site, the prints, the open data and the search tell residents, worked out once.

For an item at a tier: what happens there (`here`), where it starts and ends, where to go next,
nearest first (`where_next`), how many trips in person and why (`trips`), whom to call. At one
centre (`at_centre`): the same, with the centre's own pause and the real centres to go to. For a
centre: what it finishes, takes in, checks and only advises on, and where each of those is done
(`advice`), what is paused, why, since and until when (`paused`). Every stage formats these and
never works them out again; the fact audit (tests/test_fact_audit.py) reads them back from every
output.

A value the catalogue does not give (an item at the 基本信息 level may have no steps, no trips, no
time limit, no fee; a tier may only advise everywhere) is None or an empty tuple here, and the
sentence says it is not known: never a guess."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from .cases import Path, answered
from .model import Catalogue, Centre, Item, Pause, TierRole, Window
from .vocab import OWN_STATION, ROLE_LEVEL, ROLE_PLAIN, TIERS

TAKES_IN, CHECKS, FINISHES = 2, 3, 4  # role levels (vocab.ROLE_LEVEL)


# --- an item, whatever the centre ----------------------------------------------------------------

def start_tier(item: Item) -> str | None:
    """The lowest tier where a resident hands in the papers; None when no tier takes it in."""
    return next((t.tier for t in item.tiers if t.level >= TAKES_IN), None)


def finish_tier(item: Item) -> str | None:
    """The tier that decides it (审批, 办结); None when the catalogue does not say."""
    return next((t.tier for t in item.tiers if t.level == FINISHES), None)


def entry_tiers(item: Item) -> tuple[str, ...]:
    """Every tier where a resident can hand in the papers (受理, 代办) or have it decided (审批,
    办结), and a tier that checks it (初审, 审核) with no formal acceptance (受理) below it: there
    the check is where the case is taken in (a village only helps, 代办, and residents may apply at
    the town directly). A check above a 受理 is a step inside the offices, not a place to go."""
    return _entry_tiers(tuple(role.role for role in item.tiers))


@lru_cache(maxsize=64)
def _entry_tiers(roles: tuple[str, ...]) -> tuple[str, ...]:
    """entry_tiers from the roles alone, village first (a county has a handful of role patterns); the
    checker asks it of the YAML's roles (rules_questions.py)."""
    found, accepted = [], False
    for tier, role in zip(TIERS, roles):
        level = ROLE_LEVEL[role]
        if level in (TAKES_IN, FINISHES) or (level == CHECKS and not accepted):
            found.append(tier)
        accepted = accepted or role == "受理"
    return tuple(found)


entry_tiers_of_roles = _entry_tiers


def takes_in(item: Item, tier: str) -> bool:
    return tier in entry_tiers(item)


def nearest(tier: str, tiers) -> tuple[str, ...]:
    """tiers other than `tier`, nearest first; of two as near, the lower one (a town resident's own
    village station is nearer than the county)."""
    here = TIERS.index(tier)
    return tuple(sorted((t for t in tiers if t != tier), key=lambda t: (abs(TIERS.index(t) - here), TIERS.index(t))))


def where_else(item: Item, tier: str) -> tuple[str, ...]:
    """The other tiers that take the item in, nearest first (where to go when it is paused here)."""
    return nearest(tier, entry_tiers(item))


def where_next(item: Item, tier: str) -> tuple[str, ...]:
    """Where a resident at this tier goes for the item, nearest first; () when it is done here."""
    return () if takes_in(item, tier) else where_else(item, tier)


@dataclass(frozen=True)
class Here:
    """An item at a tier, as a resident meets it there."""
    tier: str
    role: TierRole
    takes_in: bool
    finishes: bool
    start: str | None
    finish: str | None
    next: tuple[str, ...]  # tiers, nearest first
    text: str  # what happens here, in plain words, one sentence


def here(catalogue: Catalogue, item: Item, tier: str) -> Here:
    role = item.role_at(tier)
    start, finish, entry = start_tier(item), finish_tier(item), takes_in(item, tier)
    go = () if entry else where_else(item, tier)
    return Here(tier, role, entry, role.level == FINISHES, start, finish, go,
                _here_text(catalogue, role, entry, finish, go))


def _here_text(catalogue: Catalogue, role: TierRole, entry: bool, finish: str | None, go) -> str:
    head = _head(catalogue, role, entry, finish)
    return f"{head}。" if entry else f"{head}：{go_text(catalogue, go)}。"


def _head(catalogue: Catalogue, role: TierRole, entry: bool, finish: str | None) -> str:
    """What the tier does, before where to go (when it does not take the item in)."""
    if role.level == FINISHES:
        return f"在这里就能办好（{role.role}）"
    if entry:
        return f"在这里递交材料（{role.role}），{f'由{catalogue.county.tier_name(finish)}办结' if finish else '在哪一级办结还没有写明'}"
    if role.level == CHECKS:
        return f"这里只在办理中审核（{role.role}），不收材料"
    return "在这里只能咨询，不能办" if role.level else "这里不办这件事"


def go_text(catalogue: Catalogue, tiers) -> str:
    """要到镇（街道）便民服务中心或县政务服务中心办; 在哪里办还没有写明… when no tier takes it in."""
    if not tiers:
        return "在哪里办还没有写明，请先打电话咨询"
    return "要到" + "或".join(catalogue.county.tier_name(t) for t in tiers) + "办"


def start_finish_text(catalogue: Catalogue, item: Item) -> str:
    """One sentence a resident reads first: where they can start it, where it ends."""
    start, finish = start_tier(item), finish_tier(item)
    if start is None:  # only where to ask is known (a 基本信息 item), or not even that
        asked = next((t.tier for t in item.tiers if t.level >= 1), None)
        return f"可以先到{catalogue.county.tier_name(asked)}咨询，去办理前请先打电话问清楚。" if asked else "在哪里办还没有写明，请先打电话咨询。"
    where = f"在{catalogue.county.tier_name(start)}就能开始办" if start == "village" else f"要到{catalogue.county.tier_name(start)}办"
    if finish is None:
        return f"{where}。"
    if start == finish:
        return f"{where}，并且在那里办结。"
    return f"{where}，最后由{catalogue.county.tier_name(finish)}办结。"


def start_finish_order(item: Item) -> tuple[int, int]:
    """Sort key: nearest start first, then nearest finish; not known last."""
    start, finish = start_tier(item), finish_tier(item)
    return (TIERS.index(start) if start else len(TIERS), TIERS.index(finish) if finish else len(TIERS))


@dataclass(frozen=True)
class Trips:
    count: int | None  # None: not known
    reason: str
    postal: bool
    online: bool

    @property
    def text(self) -> str:
        """一次都不用跑 only where the catalogue says 0; 最多跑 2 次; or that it is not known."""
        if self.count is None:
            return "要跑几次还没有写明"
        return "一次都不用跑" if self.count == 0 else f"最多跑 {self.count} 次"


def trips(item: Item) -> Trips:
    """How many times the resident must go in person, and why (visits and its reason)."""
    return Trips(getattr(item, "visits", None), item.visits_reason, item.postal, bool(item.online_url))


def time_limit_text(item: Item, path: Path = ()) -> str | None:
    """承诺 15 个工作日 / 承诺即办, on an answer path (cases.py) when given; None when not known."""
    promised = getattr(answered(item, path).item if path else item, "promised", None)
    return None if promised is None else f"承诺{promised}"


def fee_text(item: Item, path: Path = ()) -> str | None:
    """不收费, or what is charged, on an answer path when given; None when not known."""
    fee = getattr(answered(item, path).item if path else item, "fee", None)
    return None if fee is None else str(fee)


@dataclass(frozen=True)
class Go:
    """Where a resident goes for an item on an answer path: the tier (None when not known), whether it is
    their own station, and the sentence."""
    tier: str | None
    own_station: bool
    text: str


def where_to_go(catalogue: Catalogue, item: Item, path: Path = ()) -> Go:
    """As the tiers say (start_finish_text), unless an answer on the path sends the resident elsewhere:
    a tier, or their own station (go: station)."""
    go = answered(item, path).go if path else ""
    if go == OWN_STATION:
        return Go("village", True, "到您自己所在的村（社区）便民服务站办。")
    if go:
        return Go(go, False, f"{go_text(catalogue, (go,))}。")
    return Go(start_tier(item), False, start_finish_text(catalogue, item))


def role_label(item: Item, tier: str) -> str:
    """The short label of what a tier does with the item, in tables and cards: ✔ 在这里办结（审批）,
    ✔ 可以递交材料（代办）, ○ 办理中审核（审核）, ⓘ 只能咨询, ✘ 不办理. ✔ means a resident can
    hand in the papers there (ROLE_LEGEND says so)."""
    role, key = item.role_at(tier), section(item, tier)
    text = ROLE_LABEL[key]
    return f"{text}（{role.role}）" if key in ("finish", "start", "check") and role.role not in text else text


ROLE_LABEL = {"finish": "✔ 在这里办结", "start": "✔ 可以递交材料", "check": "○ 办理中审核，不收材料",
              "consult": "ⓘ 只能咨询", None: "✘ 不办理"}
ROLE_LEGEND = ("✔ 可以递交材料或办结；○ 只在办理中审核，不收材料；ⓘ 只能咨询；✘ 不办理。括号里是该级的具体职责："
               + "；".join(f"{word}：{plain}" for word, plain in ROLE_PLAIN.items() if word != "不办理") + "。")


# --- an item at one centre -----------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """Where to go: one named centre, or every centre of a tier (centre None: 各村（社区）便民服务站)."""
    tier: str
    centre: Centre | None = None

    def name(self, catalogue: Catalogue) -> str:
        return self.centre.name if self.centre else "各" + catalogue.county.tier_name(self.tier)

    @property
    def phone(self) -> str:
        return self.centre.phone if self.centre else ""


def place(catalogue: Catalogue, centre: Centre, tier: str, item: Item | None = None) -> Place | None:
    """The centre a resident of `centre` goes to at `tier`: the village's own town centre, the
    county centre; every station of a lower tier. None when that centre has paused the item."""
    if tier != centre.tier and TIERS.index(tier) < TIERS.index(centre.tier):
        return Place(tier)
    found = centre if tier == centre.tier else catalogue.parent(centre)
    while found is not None and found.tier != tier:
        found = catalogue.parent(found)
    if found is None:
        found = next(iter(catalogue.centres_at(tier)), None) if tier == "county" else None
    if found is None:
        return Place(tier)
    if item is not None and item.id in found.excepted_ids:
        return None
    return Place(tier, found)


def places(catalogue: Catalogue, centre: Centre, tiers, item: Item) -> tuple[Place, ...]:
    return tuple(p for p in (place(catalogue, centre, t, item) for t in tiers) if p is not None)


def paused_places(catalogue: Catalogue, centre: Centre, item: Item) -> tuple[Place, ...]:
    """Where to go while this centre has paused the item: the other tiers that take it in, nearest
    first (which other station of the same tier may help, only the pause's reason can say)."""
    return places(catalogue, centre, where_else(item, centre.tier), item)


def pause_at(centre: Centre, item: Item) -> Pause | None:
    return next((p for p in centre.pauses if p.item == item.id), None)


def pause_text(pause: Pause) -> str:
    """暂停办理（2026-11-01 起，预计 2027-01-31 恢复）：站点装修中…"""
    when = "，".join(filter(None, [f"{pause.since} 起" if pause.since else "",
                                   f"预计 {pause.until} 恢复" if pause.until else ""]))
    return f"暂停办理{f'（{when}）' if when else ''}：{pause.reason}"


@dataclass(frozen=True)
class AtCentre:
    """An item at one centre: what the tier does, whether this centre has paused it, where to go."""
    here: Here
    centre: Centre
    pause: Pause | None
    go: tuple[Place, ...]  # nearest first; () when it is done here
    text: str


def at_centre(catalogue: Catalogue, item: Item, centre: Centre) -> AtCentre:
    tier_fact = here(catalogue, item, centre.tier)
    pause = pause_at(centre, item)
    if pause:
        go = paused_places(catalogue, centre, item)
        text = f"{pause_text(pause)}。" + (f"{_go_places(catalogue, go)}。" if go else "")
    elif tier_fact.takes_in:
        go, text = (), tier_fact.text
    else:
        go = places(catalogue, centre, tier_fact.next, item)
        text = f"{_head(catalogue, tier_fact.role, False, tier_fact.finish)}：{_go_places(catalogue, go)}。"
    return AtCentre(tier_fact, centre, pause, go, text)


def _go_places(catalogue: Catalogue, go: tuple[Place, ...]) -> str:
    if not go:
        return "在哪里办还没有写明，请先打电话咨询"
    return "要到" + "或".join(p.name(catalogue) + (f"（电话 {p.phone}）" if p.phone else "") for p in go) + "办"


def window_phone(catalogue: Catalogue, centre: Centre, window: Window | None) -> str | None:
    """The phone of the centre's window (its first post with a phone), only where it differs from
    the centre's own phone; else None (call the centre)."""
    if window is None:
        return None
    own = centre.window(window.id) or window
    phone = next((p.phone for p in own.posts if p.phone), "")
    return phone if phone and phone != centre.phone else None


def report_phone(catalogue: Catalogue, centre: Centre | None = None) -> str:
    """Whom a resident calls to say that what is printed is wrong (这页不对？提意见): the centre's phone
    for what a centre prints (its wall chart); else the county centre's, the office that keeps the
    catalogue; else the county's supervision phone."""
    keeper = centre or next(iter(catalogue.centres_at("county")), None)
    return keeper.phone if keeper and keeper.phone else catalogue.county.supervision_phone


def phone_at(catalogue: Catalogue, item: Item, centre: Centre) -> str:
    """The number to call about this item at this centre: its window's, else the centre's."""
    return window_phone(catalogue, centre, item.role_at(centre.tier).window) or centre.phone


# --- a centre --------------------------------------------------------------------------------------

SECTIONS = (("finish", "在这里就能办结"), ("start", "在这里递交材料，由上级办结"),
            ("check", "在这里审核，材料先交到下面的服务站点"), ("consult", "在这里只能咨询"))


def section(item: Item, tier: str) -> str | None:
    """Which of SECTIONS the item falls in at this tier; None when the tier does not handle it."""
    role = item.role_at(tier)
    if role.level == FINISHES:
        return "finish"
    if takes_in(item, tier):
        return "start"
    return "check" if role.level == CHECKS else "consult" if role.level else None


PAUSED_HEAD = "以下服务站点暂不办理本事项："
TIER_COUNT_HEADS = ("可咨询", "可递交材料", "可办结")  # catalogue_stats: consult, start (takes_in), finish


def advice_intro(count: int) -> str:
    return f"另有 {count} 项事情，在这里可以咨询，但不能办。点开看要到哪里办："


def counts_intro(total: int) -> str:
    """What the delegation table's two counts mean (centre_does: finish + start, and finish)."""
    return (f"全县 {total} 项便民服务事项中，每个服务站点能递交材料（受理、代办，或没有村站受理时的镇审核）"
            "和能办结的事项数。数字越大，群众越少跑路。")


@dataclass(frozen=True)
class Advice:
    """Items a centre only advises on (or checks) that are done at the same places."""
    places: tuple[Place, ...]  # nearest first; () when the catalogue does not say
    items: tuple[Item, ...]

    def text(self, catalogue: Catalogue) -> str:
        return _go_places(catalogue, self.places)


def advice(catalogue: Catalogue, centre: Centre) -> tuple[Advice, ...]:
    """What the centre only advises on, grouped by where those items are done, nearest first
    (a town centre: the village stations before the county).

    Worked out once per catalogue for the centres of a tier under the same centre (a town's 20
    village stations): where to go depends only on the centres above, so a centre's own exceptions
    (paused items) only leave items out of that shared answer."""
    shared = once(catalogue, ("advice", centre.tier, centre.parent_id),
                   lambda: advice_of(catalogue, centre, catalogue.tier_offers(centre.tier)))
    if not centre.excepted_ids:
        return shared
    return tuple(Advice(a.places, kept) for a in shared
                 for kept in [tuple(i for i in a.items if i.id not in centre.excepted_ids)] if kept)


def advice_of(catalogue: Catalogue, centre: Centre, offered) -> tuple[Advice, ...]:
    """advice() of the items offered, (item, role) pairs, worked out for this centre alone."""
    groups: dict[tuple, tuple[tuple[Place, ...], list[Item]]] = {}
    for item, _ in offered:
        if section(item, centre.tier) == "consult":
            found = places(catalogue, centre, where_next(item, centre.tier), item)
            key = tuple((p.tier, p.centre.id if p.centre else "") for p in found)  # not the centres' deep hashes
            groups.setdefault(key, (found, []))[1].append(item)
    order = sorted(groups, key=lambda key: ([TIERS.index(tier) for tier, _ in key] or [len(TIERS)]))
    return tuple(Advice(groups[key][0], tuple(groups[key][1])) for key in order)


@dataclass(frozen=True)
class Paused:
    item: Item
    pause: Pause
    go: tuple[Place, ...]

    @property
    def text(self) -> str:
        return pause_text(self.pause)


def paused(catalogue: Catalogue, centre: Centre) -> tuple[Paused, ...]:
    return tuple(Paused(item, pause, paused_places(catalogue, centre, item))
                 for pause in centre.pauses for item in [catalogue.item(pause.item)])


def centre_does(catalogue: Catalogue, centre: Centre) -> dict[str, tuple[tuple[Item, TierRole], ...]]:
    """The centre's items by SECTIONS key (paused ones left out), in catalogue order; worked out once
    per tier and set of paused items (a county's 600 village stations share a handful)."""
    return once(catalogue, ("does", centre.tier, centre.excepted_ids), lambda: _does(catalogue, centre))


def _does(catalogue: Catalogue, centre: Centre) -> dict[str, tuple[tuple[Item, TierRole], ...]]:
    found: dict[str, list] = {key: [] for key, _ in SECTIONS}
    for item, role in catalogue.offers(centre):
        key = section(item, centre.tier)
        if key:
            found[key].append((item, role))
    return {key: tuple(v) for key, v in found.items()}


# --- worked out once per catalogue ---------------------------------------------------------------

_WORKED: WeakKeyDictionary[Catalogue, dict] = WeakKeyDictionary()


def once(catalogue: Catalogue, key: tuple, make):
    """make(), worked out once per catalogue and key: a catalogue is never changed (an edit loads a
    new one), and the pages, the tables, the open data and the prints of one build ask the same. What make returns
    must not hold the catalogue itself, or it would be kept as long as the program runs."""
    found = _WORKED.setdefault(catalogue, {})
    if key not in found:
        found[key] = make()
    return found[key]
