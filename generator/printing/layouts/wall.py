"""The wall chart (上墙公示表): A3 landscape, read from a metre away, one sheet where the list fits
at 14 pt. Its data for wall.typ: the centre's header, then its items grouped by window."""
from __future__ import annotations

from ...catalogue.model import Catalogue, Centre, Item, TierRole, Window
from .common import Source, centre_head, own_code

TEMPLATE = "wall.typ"
codes = own_code
OTHER_WINDOW = "其他事项"

# What each role word on the chart means, in plain words (the legend under the list).
# TODO(facts): ROLE_PLAIN in catalogue/vocab.py once the facts branch has landed.
ROLE_PLAIN = {
    "办结": "在这里办完，结果在这里领",
    "审批": "在这里审批，办完",
    "审核": "在这里审核材料，再报上级",
    "初审": "在这里先审一遍材料，再报上级",
    "受理": "在这里交材料，由这里报上级办理",
    "代办": "在这里交材料，工作人员替您送上级办理，不收费",
}


def title(centre: Centre) -> str:
    return f"{centre.name} 便民服务事项公示"


def data(source: Source, centre: Centre) -> dict:
    catalogue = source.catalogue
    content = source.remembered(("wall", centre.tier, centre.windows, centre.exceptions),
                                lambda: _content(catalogue, centre))
    return {
        **centre_head(source, centre), "title": title(centre),
        "groups": [{"window": name, "phone": window_phone(catalogue, centre, window) if window else None,
                    "rows": rows} for name, window, rows in content["groups"]],
        **{k: v for k, v in content.items() if k != "groups"},
    }


def _content(catalogue: Catalogue, centre: Centre) -> dict:
    """The items handled here grouped by the window that handles them (办结 first), the 咨询-only
    items counted, the exceptions with their reasons, the legend of the role words used."""
    groups: dict[str, tuple[Window | None, list]] = {}
    consult, where = 0, []
    for item, tr in catalogue.offers(centre):
        if tr.level == 1:
            consult += 1
            place = catalogue.county.tier_name(item.start_tier)
            if place not in where:
                where.append(place)
            continue
        window = _window(centre, tr)
        name = window.name if window else OTHER_WINDOW
        groups.setdefault(name, (window, []))[1].append((-tr.level, _row(item, tr)))
    used = {row["role"] for _, rows in groups.values() for _, row in rows}
    return {
        "groups": [(name, window, [row for _, row in sorted(rows, key=lambda r: r[0])])
                   for name, (window, rows) in groups.items()],
        "count": sum(len(rows) for _, rows in groups.values()),
        "consult": consult, "consult_where": where,
        "excepted": [{"name": item.name, "reason": reason} for item, reason in catalogue.excepted(centre)],
        "legend": [{"role": role, "means": means} for role, means in ROLE_PLAIN.items() if role in used],
    }


def _window(centre: Centre, tr: TierRole) -> Window | None:
    return (centre.window(tr.window.id) if tr.window else None) or tr.window


def window_phone(catalogue: Catalogue, centre: Centre, window: Window) -> str | None:
    """The window's own phone, only where it differs from the centre's (else None: the header has it).
    TODO(facts): catalogue/facts.py window_phone once the facts branch has landed."""
    phone = next((p.phone for p in window.posts if p.phone), "")
    return phone if phone and phone != centre.phone else None


def _row(item: Item, tr: TierRole) -> dict:
    return {"name": item.name, "role": tr.role, "limit": str(item.promised), "fee": wall_fee(item)}


def wall_fee(item: Item) -> str:
    """What is paid and to whom: 不收费, 代收电费（本站不收手续费）, or 身份证工本费，交县公安局."""
    if item.fee.free:
        return "不收费"
    names = "、".join(f.name for f in item.fee.items)
    if "代收" in item.fee.note:
        return f"代收{names}，不收手续费"
    return f"{names}，交{item.department.name}"
