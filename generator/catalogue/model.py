"""The catalogue as typed, immutable objects. Built only from data that passed every check."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .vocab import GUIDE, ROLE_GROUP, ROLE_LEVEL, TIER_ZH, TIERS  # noqa: F401  (re-exported for the stages)


def safe_url(url: str) -> bool:
    """An http(s) address or a path inside the site: the only links a page or a print may carry.

    The checker refuses anything else (E-URL-SCHEME); this is the second line of defence, so a
    `javascript:` or `data:` link never becomes live even if a check was skipped."""
    text = str(url)
    if text != text.strip() or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in text):
        return False
    lowered = text.lower()
    if lowered.startswith(("https://", "http://")):
        return len(lowered.split("//", 1)[1]) > 0
    if text.startswith("//"):
        return False  # another host, whatever the page's scheme
    head = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


@dataclass(frozen=True)
class Duration:
    value: int
    unit: str

    @property
    def instant(self) -> bool:
        return self.value == 0

    def __str__(self) -> str:
        return "即办" if self.instant else f"{self.value} 个{self.unit}"


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Post:
    label: str  # A岗 / B岗
    role: str
    phone: str = ""


@dataclass(frozen=True)
class Window:
    id: str
    name: str
    posts: tuple[Post, ...] = ()


@dataclass(frozen=True)
class Hours:
    season: str
    days: str
    times: tuple[str, ...]
    period: str = ""

    def __str__(self) -> str:
        head = "" if self.season == "全年" else f"{self.season}（{self.period}）" if self.period else self.season
        return f"{head} {self.days} {'、'.join(self.times)}".strip()


@dataclass(frozen=True)
class TierRole:
    tier: str
    role: str = "不办理"
    window: Window | None = None
    days: int | None = None
    forward_within_days: int | None = None
    note: str = ""

    @property
    def level(self) -> int:
        return ROLE_LEVEL[self.role]

    @property
    def group(self) -> str:
        return ROLE_GROUP[self.level]


@dataclass(frozen=True)
class Material:
    name: str
    form: str
    copies: int
    source: str
    medium: str = "纸质"
    required: str = "必要"
    note: str = ""
    ref: str = ""
    blank_form: str = ""
    sample_form: str = ""
    key: str = ""  # named by the answers of the item's questions (情形); "" when none needs it


@dataclass(frozen=True)
class MaterialChange:
    """How one answer changes a material (by its key); None / "" = unchanged."""
    material: str
    form: str = ""
    copies: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Option:
    """One answer to a question (情形), and what choosing it does to the checklist."""
    key: str
    label: str
    add: tuple[str, ...] = ()  # material keys listed only after this answer
    drop: tuple[str, ...] = ()  # material keys this answer makes unneeded
    change: tuple[MaterialChange, ...] = ()
    go: str = ""  # village, town, county, or station (the resident's own); "" = as the tiers say
    promised: Duration | None = None
    fee: Fee | None = None
    note: str = ""


@dataclass(frozen=True)
class Question:
    """A question a resident answers to get their own checklist (情形引导); not a life event (situations).
    when: (question key, option key) of an earlier answer it is asked after; None = always asked."""
    key: str
    ask: str
    options: tuple[Option, ...]
    when: tuple[str, str] | None = None
    help: str = ""

    def option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)


@dataclass(frozen=True)
class Step:
    tier: str
    action: str
    days: int
    description: str = ""


@dataclass(frozen=True)
class SpecialProcedure:
    name: str
    days: int
    unit: str = "自然日"
    note: str = ""


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount: float | int | str
    basis: str = ""  # a 基本信息 item may carry a fee whose basis is not known yet
    unit: str = ""
    reduction: str = ""


@dataclass(frozen=True)
class Fee:
    items: tuple[FeeItem, ...] = ()
    note: str = ""

    @property
    def free(self) -> bool:
        return not self.items

    def __str__(self) -> str:
        if self.free:
            return "不收费"
        return "；".join(f"{i.name} {i.amount}{' ' + i.unit if i.unit else ''}" for i in self.items)


@dataclass(frozen=True)
class Item:
    """One service item. A field that is None is not known yet (allowed only below 办事指南: see
    levels.py); never show it as a fact. An empty tuple is a known "none" (materials () = none needed)."""

    id: str
    name: str
    category: Named
    department: Department
    tiers: tuple[TierRole, ...]  # village, town, county, in that order
    consult_phone: str  # the item's own, or its department's (基本信息 items may have none of their own)
    level: str = GUIDE
    type: str | None = None
    audience: tuple[str, ...] | None = None
    basis: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None
    materials: tuple[Material, ...] | None = None
    steps: tuple[Step, ...] | None = None
    legal: Duration | None = None
    promised: Duration | None = None
    case_type: str | None = None
    visits: int | None = None
    fee: Fee | None = None
    result_name: str | None = None
    delivery: tuple[str, ...] | None = None
    complaint_phone: str | None = None
    aliases: tuple[str, ...] = ()
    search_words: tuple[str, ...] = ()  # residents' phrases: search only, not shown
    code: str = ""
    situations: tuple[Named, ...] = ()
    summary: str = ""
    special_procedures: tuple[SpecialProcedure, ...] = ()
    time_note: str = ""
    visits_reason: str = ""
    postal: bool = False
    online_url: str = ""
    online_depth: str = ""
    faq: tuple[tuple[str, str], ...] = ()
    forms: tuple[tuple[str, str], ...] = ()
    questions: tuple[Question, ...] = ()  # 情形: see checklists.py
    reviewed: str = ""  # YYYY-MM-DD a person last checked the whole item; "" = never
    source_file: str = ""

    @property
    def complete(self) -> bool:
        """At the top level (办事指南): every field is known and every rule holds."""
        return self.level == GUIDE

    def role_at(self, tier: str) -> TierRole:
        return self.tiers[TIERS.index(tier)]

    @property
    def finishing_tier(self) -> str | None:
        """The tier that approves or finishes the item; None when not known yet (基本信息 only)."""
        return next((t.tier for t in self.tiers if t.level == 4), None)

    @property
    def start_tier(self) -> str:
        """The lowest tier where a resident can hand in the papers (for a 基本信息 item that says only
        where to ask: the lowest tier to ask at)."""
        return next((t.tier for t in self.tiers if t.level >= 2), None) or self.ask_tiers[0]

    @property
    def ask_tiers(self) -> tuple[str, ...]:
        """Every tier that handles the item at all (咨询 or above), bottom to top."""
        return tuple(t.tier for t in self.tiers if t.level >= 1)


@dataclass(frozen=True)
class Pause:
    """An item a centre's tier handles but this centre does not, for now: why, since and until when
    (dates as written, YYYY-MM-DD, or "" when the catalogue does not say)."""
    item: str
    reason: str
    since: str = ""
    until: str = ""


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    tier: str
    kind: str
    address: str
    phone: str
    hours: tuple[Hours, ...]
    windows: tuple[Window, ...]
    parent_id: str = ""
    coordinates: tuple[float, float] | None = None
    services: tuple[str, ...] = ()
    pauses: tuple[Pause, ...] = ()
    source_file: str = ""

    @cached_property
    def exceptions(self) -> tuple[tuple[str, str], ...]:
        """(item id, reason) of each paused item."""
        return tuple((p.item, p.reason) for p in self.pauses)

    def window(self, ident: str) -> Window | None:
        return next((w for w in self.windows if w.id == ident), None)

    @cached_property
    def excepted_ids(self) -> frozenset[str]:
        return frozenset(ident for ident, _ in self.exceptions)

    def offers(self, item: Item) -> bool:
        """This centre handles the item: its tier does (role above 不办理) and it is not excepted."""
        return item.role_at(self.tier).level > 0 and item.id not in self.excepted_ids


@dataclass(frozen=True)
class Feedback:
    """The county's channels for residents' reports besides the phones (county.yml `feedback`); "" = none."""
    sms: str = ""
    web_form: str = ""
    email: str = ""


@dataclass(frozen=True)
class County:
    id: str
    name: str
    province: str
    city: str
    area_code: str
    updated: str
    supervision_phone: str
    tier_names: tuple[tuple[str, str], ...]
    postal_code: str = ""
    division_code: str = ""
    sample_data: bool = False
    sample_note: str = ""
    licence: str = ""
    hotline: str = ""
    feedback: Feedback = Feedback()
    quality_public: bool = True  # /quality/ on the published site (False: the office's files only)
    synonyms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (residents' words, catalogue words)

    def tier_name(self, tier: str) -> str:
        return dict(self.tier_names)[tier]


@dataclass(frozen=True)
class BundleStep:
    """One item of a life event done as one (一件事): the answers the event settles for it, and what
    its result brings to a later step (brings: (later item id, that item's material key))."""
    item: str
    answers: tuple[tuple[str, str], ...] = ()
    brings: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Bundle:
    """A life situation done as one event, its items in order (county.yml situations[].steps)."""
    situation: Named
    steps: tuple[BundleStep, ...]


@dataclass(frozen=True, eq=False)
class Catalogue:
    county: County
    departments: tuple[Department, ...]
    categories: tuple[Named, ...]
    situations: tuple[Named, ...]
    centres: tuple[Centre, ...]
    items: tuple[Item, ...]
    bundles: tuple[Bundle, ...] = ()

    def bundle(self, situation: str) -> Bundle | None:
        return next((b for b in self.bundles if b.situation.id == situation), None)

    @cached_property
    def _centres(self) -> dict[str, Centre]:
        return {c.id: c for c in self.centres}

    @cached_property
    def _items(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _children(self) -> dict[str, tuple[Centre, ...]]:
        children: dict[str, list[Centre]] = {}
        for centre in self.centres:
            children.setdefault(centre.parent_id, []).append(centre)
        return {k: tuple(v) for k, v in children.items()}

    def centre(self, ident: str) -> Centre:
        return self._centres[ident]

    def item(self, ident: str) -> Item:
        return self._items[ident]

    def parent(self, centre: Centre) -> Centre | None:
        return self._centres.get(centre.parent_id)

    def children(self, centre: Centre) -> tuple[Centre, ...]:
        return self._children.get(centre.id, ())

    def centres_at(self, tier: str) -> tuple[Centre, ...]:
        return tuple(c for c in self.centres if c.tier == tier)

    def items_in(self, category: Named) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.category.id == category.id)

    @cached_property
    def _tier_offers(self) -> dict[str, tuple[tuple[Item, TierRole], ...]]:
        roles: dict[str, list] = {tier: [] for tier in TIERS}
        for item in self.items:
            for tier, offered in roles.items():
                role = item.role_at(tier)
                if role.level > 0:
                    offered.append((item, role))
        return {tier: tuple(offered) for tier, offered in roles.items()}

    def tier_offers(self, tier: str) -> tuple[tuple[Item, TierRole], ...]:
        """Every item the tier handles (role above 不办理), in catalogue order, worked out once:
        a centre offers these minus its exceptions."""
        return self._tier_offers[tier]

    def offers(self, centre: Centre) -> tuple[tuple[Item, TierRole], ...]:
        """Every item this centre handles (role above 不办理), minus its exceptions."""
        offered = self.tier_offers(centre.tier)
        if not centre.excepted_ids:
            return offered
        return tuple((item, role) for item, role in offered if item.id not in centre.excepted_ids)

    def excepted(self, centre: Centre) -> tuple[tuple[Item, str], ...]:
        return tuple((self.item(ident), reason) for ident, reason in centre.exceptions)
