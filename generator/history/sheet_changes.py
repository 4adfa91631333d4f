"""What `bianmin import` changes in one item file, in the words `bianmin diff` uses (⚠ marks what is worse for
residents). Works on the files' plain data, so items a person has not finished yet can be compared too."""
from __future__ import annotations

from ..catalogue.model import Duration, Fee, FeeItem
from .changes import WORSE, Change, calendar_days, fee_raised

LABELS = (("type", "事项类型"), ("department", "实施主体"), ("code", "事项编码"), ("audience", "服务对象"),
          ("basis", "设定依据"), ("conditions", "受理条件"))


def item_changes(old: dict, new: dict) -> list[Change]:
    changes = []
    if old.get("name") != new.get("name"):
        changes.append(Change(f"名称：{old.get('name')} → {new.get('name')}"))
    changes += _fee(old.get("fee"), new.get("fee"))
    changes += _limit(old, new, "promised", "承诺办结时限")
    changes += _limit(old, new, "legal", "法定时限")
    if old.get("case_type") != new.get("case_type"):
        changes.append(Change(f"办件类型：{old.get('case_type') or '未填'} → {new.get('case_type') or '未填'}", worse=old.get("case_type") == "即办件"))
    before, after = _count(old), _count(new)
    if before != after and None not in (before, after):
        more = after > before
        changes.append(Change(f"最多跑几次：{before} 次 → {after} 次" + ("（要多跑）" if more else ""), worse=more))
    changes += _materials(old.get("materials") or [], new.get("materials") or [])
    old_online, new_online = old.get("online") or {}, new.get("online") or {}
    if old_online != new_online:
        changes.append(Change(f"网上办理：{old_online.get('depth') or '无'} → {new_online.get('depth') or '无'}",
                              worse=bool(old_online) and not new_online))
    for key, label in (("consult", "咨询电话"), ("complaint", "监督投诉电话")):
        before, after = (old.get("phones") or {}).get(key), (new.get("phones") or {}).get(key)
        if before != after:
            changes.append(Change(f"{label}：{before or '未填'} → {after or '未填'}"))
    for key, label in LABELS:
        if old.get(key) != new.get(key):
            changes.append(Change(f"{label}：{_short(old.get(key))} → {_short(new.get(key))}"))
    result_old, result_new = old.get("result") or {}, new.get("result") or {}
    if result_old != result_new:
        changes.append(Change(f"办理结果：{_result(result_old)} → {_result(result_new)}"))
    return changes


def _short(value) -> str:
    if value in (None, "", []):
        return "未填"
    text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 40 else text[:38] + "……"


def _result(result: dict) -> str:
    return f"{result.get('name') or '未填'}（{'、'.join(result.get('delivery') or []) or '送达方式未填'}）"


def _duration(value) -> Duration | None:
    if isinstance(value, dict) and isinstance(value.get("value"), int) and value.get("unit"):
        return Duration(value["value"], value["unit"])
    return None


def _limit(old: dict, new: dict, key: str, label: str) -> list[Change]:
    before = _duration((old.get("time_limit") or {}).get(key))
    after = _duration((new.get("time_limit") or {}).get(key))
    if str(before) == str(after):
        return []
    if before is None or after is None:
        return [Change(f"{label}：{before or '未填'} → {after or '未填'}")]
    longer = calendar_days(after) > calendar_days(before)
    suffix = "（时间变长）" if longer and key == "promised" else ""
    return [Change(f"{label}：{before} → {after}{suffix}", worse=longer and key == "promised")]


def _fee_of(value) -> Fee | None:
    if value == "不收费":
        return Fee()
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        return Fee(tuple(FeeItem(i.get("name", ""), i.get("amount", ""), i.get("basis", ""), i.get("unit", "") or "")
                         for i in value["items"] if isinstance(i, dict)), value.get("note", ""))
    return None


def _fee(old, new) -> list[Change]:
    before, after = _fee_of(old), _fee_of(new)
    if str(before) == str(after):
        return []
    if before is None or after is None:
        return [Change(f"收费：{before or '未填'} → {after or '未填'}")]
    raised = fee_raised(before, after)
    return [Change(f"收费：{before} → {after}" + ("（收费提高）" if raised else ""), worse=raised)]


def _count(item: dict):
    visits = item.get("visits")
    return visits.get("count") if isinstance(visits, dict) else None


def _materials(old: list, new: list) -> list[Change]:
    before = {_name(m): m for m in old if isinstance(m, dict)}
    after = {_name(m): m for m in new if isinstance(m, dict)}
    changes = [Change(f"新增材料：{name}（{_text(m)}）", worse=m.get("required", "必要") == "必要")
               for name, m in after.items() if name not in before]
    changes += [Change(f"不再需要的材料：{name}") for name in before if name not in after]
    for name in before.keys() & after.keys():
        if _text(before[name]) != _text(after[name]):
            changes.append(Change(f"材料 {name}：{_text(before[name])} → {_text(after[name])}"))
    return changes


def _name(material: dict) -> str:
    return material.get("name") or material.get("ref") or "?"


def _text(m: dict) -> str:
    return f"{m.get('form') or '形式未填'} {m.get('copies') if m.get('copies') is not None else '?'} 份，{m.get('required', '必要')}"


def lines(changes: list[Change]) -> list[str]:
    return [f"- {c.line()}" for c in changes]


__all__ = ["item_changes", "lines", "WORSE"]
