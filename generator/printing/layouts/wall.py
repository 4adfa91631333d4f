"""The wall chart (上墙公示表): A3 landscape, read from a metre away, one sheet where the list fits
at 14 pt. Its data for wall.typ: the centre's header, then its items grouped by window."""
from __future__ import annotations

from ...catalogue import facts
from ...catalogue.model import Catalogue, Centre, Item, TierRole, Window
from ...catalogue.vocab import ROLE_PLAIN
from .common import Source, centre_head, feedback_line, own_code, paused_lines

TEMPLATE = "wall.typ"
codes = own_code
OTHER_WINDOW = "其他事项"


def title(centre: Centre) -> str:
    return f"{centre.name} 便民服务事项公示"


def data(source: Source, centre: Centre) -> dict:
    catalogue = source.catalogue
    content = source.remembered(("wall", centre.tier, centre.windows, centre.exceptions),
                                lambda: _content(catalogue, centre))
    return {
        **centre_head(source, centre), "title": title(centre),
        "groups": [{"window": name, "phone": facts.window_phone(catalogue, centre, window), "rows": rows}
                   for name, window, rows in content["groups"]],
        "paused": paused_lines(catalogue, centre), "feedback": feedback_line(source, centre),
        "consult": [{"count": len(a.items), "where": a.text(catalogue)} for a in facts.advice(catalogue, centre)],
        **{k: v for k, v in content.items() if k != "groups"},
    }


def _content(catalogue: Catalogue, centre: Centre) -> dict:
    """The items handled here grouped by the window that handles them (办结 first, the 咨询-only
    ones left to the consult lines), the legend of the role words used: the same for every centre
    of the tier with the same windows and pauses."""
    groups: dict[str, tuple[Window | None, list]] = {}
    for item, tr in catalogue.offers(centre):
        if facts.section(item, centre.tier) == "consult":
            continue
        window = _window(centre, tr)
        name = window.name if window else OTHER_WINDOW
        groups.setdefault(name, (window, []))[1].append((-tr.level, _row(item, tr)))
    used = {row["role"] for _, rows in groups.values() for _, row in rows}
    return {
        "groups": [(name, window, [row for _, row in sorted(rows, key=lambda r: r[0])])
                   for name, (window, rows) in groups.items()],
        "count": sum(len(rows) for _, rows in groups.values()),
        "legend": [{"role": role, "means": means} for role, means in ROLE_PLAIN.items() if role in used],
    }


def _window(centre: Centre, tr: TierRole) -> Window | None:
    return (centre.window(tr.window.id) if tr.window else None) or tr.window


ASK_FIRST = "电话咨询"  # for what an item below 办事指南 does not know yet (fits the time-limit column)


def _row(item: Item, tr: TierRole) -> dict:
    limit = str(item.promised) if facts.time_limit_text(item) else ASK_FIRST
    return {"name": item.name, "role": tr.role, "limit": limit, "fee": wall_fee(item), "asked": bool(item.questions)}


def wall_fee(item: Item) -> str:
    """What is paid and to whom: 不收费, 代收电费（本站不收手续费）, or 身份证工本费，交县公安局;
    电话咨询 when not known."""
    fee = item.fee
    if fee is None:  # facts.fee_text(item) is None: not known
        return ASK_FIRST
    if fee.free:
        return "不收费"
    names = "、".join(f.name for f in fee.items)
    if "代收" in fee.note:
        return f"代收{names}，不收手续费"
    return f"{names}，交{item.department.name}"
