"""The item 办事指南 with its 一次性告知单 (A4, one page where it fits): its data for guide.typ."""
from __future__ import annotations

from typing import TypeVar

from ...catalogue import checklists, facts, longtext, when_needed
from ...catalogue.model import Item, TierRole, safe_url
from ...catalogue.vocab import STEP_WHO
from .common import Source, county_lines, feedback_line, item_url, own_code

TEMPLATE = "guide.typ"
codes = own_code
T = TypeVar("T")
UPWARD = {"village": "镇（街道）", "town": "县"}
LATER = {"容缺后补": "可先办后补", "非必要": "有则提供"}


def known(value: T | None) -> T:
    """A field of a printable item: at 办事指南 nothing is unknown (a guide never prints a guess)."""
    assert value is not None, "a field unknown below 办事指南 reached a printed guide"
    return value


def title(item: Item) -> str:
    return f"{item.name} 办事指南"


def printable(items) -> list[Item]:
    """The items that get a printed guide: only complete ones (办事指南). A guide with unknown
    materials or time limit would print a guess, or an empty 一次性告知单, as fact."""
    return [item for item in items if item.complete]


def data(source: Source, item: Item) -> dict:
    """Everything the guide prints, as plain JSON-able values (made once: volumes print it too).
    Only for a printable item: every field is known."""
    assert item.complete, f"{item.id} is below 办事指南: no printed guide"
    return source.remembered(("guide", item.id), lambda: _data(source, item))


def _data(source: Source, item: Item) -> dict:
    catalogue = source.catalogue
    county = county_lines(catalogue)
    url = item_url(source, item)
    asked = checklists.page_data(catalogue, item)  # 情形: a case-dependent material is marked with its condition
    return {
        "id": item.id, "title": title(item), "county": county, "url": url, "qr": url, "tight": False,
        "name": item.name, "aliases": list(item.aliases), "summary": longtext.blocks(item.summary),
        "facts": _facts(item), "where_note": facts.start_finish_text(catalogue, item),
        "tiers": [_tier_row(source, item, tr) for tr in item.tiers],
        "materials": [_material_row(m, when_needed.material_condition(asked, m)) for m in known(item.materials)],
        "asked": asked is not None,
        "conditions": list(known(item.conditions)),
        "steps": [_step_row(s, item) for s in known(item.steps)],
        "terms": _terms(item),
        "phones": _phones(item, county["hotline"]),
        "basis": _basis_line(item), "feedback": feedback_line(source),
        "footer": f"{county['name']}便民服务办事指南 · 目录日期 {county['updated']}" + (" · 示例数据" if county["sample"] else ""),
    }


def _facts(item: Item) -> list[list[str]]:
    fee = "不收费" if known(item.fee).free else "、".join(f"{f.amount}{f.unit}" for f in known(item.fee).items)
    return [["承诺时限", str(item.promised)], ["收费", fee],
            ["到现场", facts.trips(item).text], ["办件类型", known(item.case_type)], ["事项类型", known(item.type)]]


def _tier_row(source: Source, item: Item, tr: TierRole) -> dict:
    place = source.catalogue.county.tier_name(tr.tier)
    if tr.level == 0:
        return {"place": place, "does": "不办理", "window": "—", "limit": "—", "off": True, "start": False, "finish": False}
    does = tr.role + ("（办结）" if tr.level == 4 and tr.role != "办结" else "")
    return {"place": place, "does": f"{does}：{tr.note}" if tr.note else does,
            "window": tr.window.name if tr.window else "—", "limit": _tier_limit(tr, item), "off": False,
            "start": tr.tier == facts.start_tier(item), "finish": tr.tier == facts.finish_tier(item)}


def _tier_limit(tr: TierRole, item: Item) -> str:
    if tr.forward_within_days is not None and tr.tier in UPWARD:  # counted in the item's unit, as its steps are
        return f"{tr.forward_within_days} 个{known(item.promised).unit}内报送{UPWARD[tr.tier]}"
    if tr.days is not None:
        return "即办" if tr.days == 0 else f"{tr.days} 个{known(item.promised).unit}"
    return "—"


def _material_row(m, when: str = "") -> dict:
    copies = f"{m.copies} 份" if m.copies else "—"
    form = m.form if m.medium == "纸质" else f"{m.form}（{m.medium}）"
    return {"name": m.name, "note": m.note, "form": form, "copies": copies,
            "source": m.source, "later": LATER.get(m.required, ""), "when": when}


def _step_row(step, item: Item) -> dict:
    days = "" if step.days == 0 else f"{step.days} 个{known(item.promised).unit}"
    if step.days == 0 and step.tier != "applicant" and step.action in ("受理", "办结", "审批"):
        days = "当场"
    return {"who": STEP_WHO.get(step.tier, step.tier) + step.action, "days": days, "text": step.description}


def _terms(item: Item) -> list[list[str]]:
    terms = [["办结时限", f"法定 {item.legal}，承诺 {item.promised}" + (f"。{item.time_note}" if item.time_note else "")]]
    for p in item.special_procedures:
        note = p.note if "不计入" in p.note else "，".join(filter(None, ["不计入办结时限", p.note]))
        terms.append([p.name, f"{p.days} 个{p.unit}。{note}"])
    visits = "不用到现场（网上办理或邮寄）" if item.visits == 0 else f"最多 {item.visits} 次" + (f"：{item.visits_reason}" if item.visits_reason else "")
    terms.append(["到现场次数", visits])
    if item.online_url and safe_url(item.online_url):
        terms.append(["网上办理", f"{item.online_depth} {item.online_url}".strip()])
    terms.append(["收费", _fee_text(item)])
    terms.append(["办理结果", f"{item.result_name}（{'、'.join(item.delivery)}）" if item.delivery else known(item.result_name)])
    return terms


def _fee_text(item: Item) -> str:
    fee = known(item.fee)
    if fee.free:
        return "不收费"
    parts = [f"{f.name} {f.amount}{f.unit}（依据：{f.basis}{'；' + f.reduction if f.reduction else ''}）" for f in fee.items]
    return "；".join(parts) + (f"。{fee.note}" if fee.note else "")


def _phones(item: Item, hotline: str) -> list[dict]:
    phones: list[dict] = [{"label": "咨询", "number": item.consult_phone, "complaint": False},
              {"label": "监督投诉", "number": item.complaint_phone, "complaint": True}]
    if hotline:
        phones.append({"label": "便民热线", "number": hotline, "complaint": False})
    return phones


def _basis_line(item: Item) -> str:
    code = f" · 事项编码：{item.code}" if item.code else ""
    return f"实施部门：{item.department.name}{code} · 设定依据：{'；'.join(known(item.basis))}"
