"""What a resident would notice between two loaded catalogues: item by item and centre by centre
(matched by id, and across files git sees as renamed); changes worse for residents carry ⚠."""
from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.model import Catalogue, Centre, Duration, Fee, Item
from ..catalogue.vocab import GUIDE, TIER_ZH, TIERS

WORSE = "⚠ "
MAX_NAMES_SHOWN = 8


@dataclass(frozen=True)
class Change:
    text: str
    worse: bool = False

    def line(self) -> str:
        return f"{WORSE if self.worse else ''}{self.text}"


# ---- comparing two catalogues ---------------------------------------------------

def compare(old: Catalogue, new: Catalogue, renamed: dict[str, str] | None = None) -> list[str]:
    """Markdown lines for everything a resident would notice, or a line saying nothing changed."""
    renamed = renamed or {}
    sections = _item_sections(old, new, renamed) + _centre_sections(old, new, renamed) + _county_section(old, new)
    changes = [c for _, cs in sections for c in cs]
    if not changes:
        return ["两个版本之间，群众能看到的内容没有变化。", ""]
    worse = sum(c.worse for c in changes)
    lines = [f"**共 {len(changes)} 处变化" + (f"，其中 {worse} 处对群众不利（标 {WORSE.strip()}）" if worse else "") + "。**", ""]
    for title, cs in sections:
        if cs:
            lines += [title, ""] + [f"- {c.line()}" for c in cs] + [""]
    return lines


def _matched(old_ids, new_ids, renamed: dict[str, str]):
    """(removed, added, [(old id, new id)]) with renamed ids paired up."""
    pairs = [(i, i) for i in old_ids if i in new_ids]
    pairs += [(o, n) for o, n in renamed.items() if o in old_ids and n in new_ids and o not in new_ids]
    paired_old, paired_new = {o for o, _ in pairs}, {n for _, n in pairs}
    return ([i for i in old_ids if i not in paired_old], [i for i in new_ids if i not in paired_new], pairs)


def _item_sections(old: Catalogue, new: Catalogue, renamed: dict) -> list:
    removed, added, pairs = _matched([i.id for i in old.items], [i.id for i in new.items], renamed)
    sections = [("## 新增的事项", [Change(_item_summary(new.item(i))) for i in added]),
                ("## 取消的事项", [Change(f"{_label(old.item(i))}：群众将不能再办理这个事项", worse=True) for i in removed])]
    for old_id, new_id in pairs:
        changes = item_changes(old.item(old_id), new.item(new_id))
        if changes:
            heading = "" if len(sections) > 2 else "## 事项的变化\n\n"
            sections.append((f"{heading}### {_label(new.item(new_id))}", changes))
    return sections


def _label(thing) -> str:
    return f"{thing.name}（`{thing.id}`）"


def _item_summary(item: Item) -> str:
    start = item.role_at(item.start_tier)
    known = [f"承诺时限 {item.promised}" if item.promised else "", str(item.fee) if item.fee else "",
             f"最多跑 {item.visits} 次" if item.visits is not None else ""]
    return "；".join([f"{_label(item)}：{item.department.name}", f"最近可以在{TIER_ZH[item.start_tier]}{start.role}"]
                    + [part for part in known if part] + ([] if item.complete else [f"完整度：{item.level}"]))


def item_changes(old: Item, new: Item) -> list[Change]:
    changes = []
    if old.id != new.id:
        changes.append(Change(f"标识（网址）：{old.id} → {new.id}"))
    if old.name != new.name:
        changes.append(Change(f"名称：{old.name} → {new.name}"))
    if old.level != new.level:
        changes.append(Change(f"完整度：{old.level} → {new.level}", worse=new.level != GUIDE))
    changes += commitment_changes(old, new)
    if old.legal != new.legal:
        changes.append(Change(f"法定时限：{shown(old.legal)} → {shown(new.legal)}"))
    if old.case_type != new.case_type:
        changes.append(Change(f"办件类型：{shown(old.case_type)} → {shown(new.case_type)}", worse=old.case_type == "即办件"))
    changes += _material_changes(old, new) + _window_changes(old, new)
    if (old.online_depth, old.online_url) != (new.online_depth, new.online_url):
        changes.append(Change(f"网上办理：{old.online_depth or '无'} → {new.online_depth or '无'}",
                              worse=bool(old.online_depth) and not new.online_depth))
    for label, before, after in (("咨询电话", old.consult_phone, new.consult_phone),
                                 ("监督投诉电话", old.complaint_phone, new.complaint_phone)):
        if before != after:
            changes.append(Change(f"{label}：{shown(before)} → {shown(after)}"))
    return changes


def shown(value) -> str:
    """A value as the change report words it; None is a value not known yet (基本信息)."""
    return "未知" if value is None else str(value)


def commitment_changes(old, new) -> list[Change]:
    """Fee, promised time limit, visits and tier roles: what the change log lists too.

    old and new need .fee (Fee), .promised (Duration), .visits (int) and .tiers (TierRoles, village first);
    any of the first three may be None (not known yet): then no change is called worse.
    """
    changes = []
    if shown(old.fee) != shown(new.fee):
        raised = old.fee is not None and new.fee is not None and fee_raised(old.fee, new.fee)
        changes.append(Change(f"收费：{shown(old.fee)} → {shown(new.fee)}" + ("（收费提高）" if raised else ""), worse=raised))
    if shown(old.promised) != shown(new.promised):
        longer = None not in (old.promised, new.promised) and calendar_days(new.promised) > calendar_days(old.promised)
        changes.append(Change(f"承诺办结时限：{shown(old.promised)} → {shown(new.promised)}" + ("（时间变长）" if longer else ""),
                              worse=longer))
    if old.visits != new.visits:
        more = None not in (old.visits, new.visits) and new.visits > old.visits
        changes.append(Change(f"最多跑几次：{shown(old.visits)} 次 → {shown(new.visits)} 次" + ("（要多跑）" if more else ""),
                              worse=more))
    return changes + tier_changes(old.tiers, new.tiers)


def fee_raised(old: Fee, new: Fee) -> bool:
    if new.free:
        return False
    if old.free:
        return True
    before = {f.name: f.amount for f in old.items}
    raised = [f for f in new.items if f.name not in before or _amount(f.amount) > _amount(before[f.name])]
    return bool(raised)


def _amount(value) -> float:
    """A fee as a number; text such as “按年度标准” counts as unknown (0) so it never looks raised by itself."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def calendar_days(limit: Duration) -> float:
    return limit.value * 7 / 5 if limit.unit == "工作日" else limit.value


def tier_changes(old_tiers, new_tiers) -> list[Change]:
    changes = []
    for before, after in zip(old_tiers, new_tiers):
        if before.role != after.role:
            changes.append(Change(f"{TIER_ZH[before.tier]}：{before.role} → {after.role}"))
    old_start, new_start = _lowest(old_tiers, 2), _lowest(new_tiers, 2)
    moved_up = bool(old_start and new_start and TIERS.index(new_start) > TIERS.index(old_start))
    if moved_up:
        changes.append(Change(f"{TIER_ZH[old_start]}不能再受理，要到{TIER_ZH[new_start]}去办（要跑更远）", worse=True))
    old_end, new_end = _lowest(old_tiers, 4), _lowest(new_tiers, 4)
    if old_end and new_end and TIERS.index(new_end) > TIERS.index(old_end):
        changes.append(Change(f"办结的地方从{TIER_ZH[old_end]}变成了{TIER_ZH[new_end]}（离群众更远）", worse=True))
    if old_tiers[0].level >= 1 and new_tiers[0].level == 0 and not moved_up:
        changes.append(Change("村（社区）便民服务站不再提供这个事项的服务", worse=True))
    return changes


def _lowest(tiers, level: int) -> str:
    """The lowest tier whose role reaches level, or ''."""
    return next((t.tier for t in tiers if t.level >= level), "")


def _material_changes(old: Item, new: Item) -> list[Change]:
    if old.materials is None or new.materials is None:
        if old.materials == new.materials:
            return []
        count = {None: "未知"} | {m: f"{len(m)} 项" for m in (old.materials, new.materials) if m is not None}
        return [Change(f"申请材料：{count[old.materials]} → {count[new.materials]}")]
    before, after = {m.name: m for m in old.materials}, {m.name: m for m in new.materials}
    changes = [Change(f"新增材料：{m.name}（{_material_text(m)}）", worse=m.required == "必要")
               for name, m in after.items() if name not in before]
    changes += [Change(f"不再需要的材料：{m.name}") for name, m in before.items() if name not in after]
    for name in before.keys() & after.keys():
        if _material_text(before[name]) != _material_text(after[name]):
            changes.append(Change(f"材料 {name}：{_material_text(before[name])} → {_material_text(after[name])}"))
    return changes


def _material_text(m) -> str:
    return f"{m.form} {m.copies} 份，{m.required}"


def _window_changes(old: Item, new: Item) -> list[Change]:
    changes = []
    for before, after in zip(old.tiers, new.tiers):
        names = (before.window.name if before.window else "", after.window.name if after.window else "")
        if after.level and before.level and names[0] != names[1]:
            changes.append(Change(f"{TIER_ZH[after.tier]}办理窗口：{names[0] or '未写'} → {names[1] or '未写'}"))
    return changes


# ---- centres ----------------------------------------------------------------

def _centre_sections(old: Catalogue, new: Catalogue, renamed: dict) -> list:
    removed, added, pairs = _matched([c.id for c in old.centres], [c.id for c in new.centres], renamed)
    grouped: dict[Change, list[str]] = {}
    for old_id, new_id in pairs:
        for change in centre_changes(old, old.centre(old_id), new, new.centre(new_id)):
            grouped.setdefault(change, []).append(new.centre(new_id).name)
    return [("## 新增的服务中心（站）", [Change(f"{_label(c)}：{c.address}，电话 {c.phone}") for c in map(new.centre, added)]),
            ("## 撤销的服务中心（站）", [Change(f"{_label(c)}：这里将不再提供服务", worse=True) for c in map(old.centre, removed)]),
            ("## 服务中心（站）的变化", [Change(f"{_names(names)}：{c.text}", c.worse) for c, names in grouped.items()])]


def _names(names: list[str]) -> str:
    if len(names) <= MAX_NAMES_SHOWN:
        return "、".join(names)
    return f"{'、'.join(names[:MAX_NAMES_SHOWN])}等 {len(names)} 个中心"


def centre_changes(old_cat: Catalogue, old: Centre, new_cat: Catalogue, new: Centre) -> list[Change]:
    changes = [Change(f"标识（网址）：{old.id} → {new.id}")] if old.id != new.id else []
    for label, before, after in (("名称", old.name, new.name), ("地址", old.address, new.address),
                                 ("电话", old.phone, new.phone), ("开放时间", _hours(old), _hours(new))):
        if before != after:
            changes.append(Change(f"{label}：{before} → {after}"))
    old_windows = {w.name for w in old.windows}
    new_windows = {w.name for w in new.windows}
    changes += [Change(f"新开窗口：{w}") for w in sorted(new_windows - old_windows)]
    changes += [Change(f"撤掉窗口：{w}", worse=True) for w in sorted(old_windows - new_windows)]
    old_except, new_except = dict(old.exceptions), dict(new.exceptions)
    for ident, reason in new_except.items():
        if ident not in old_except:
            changes.append(Change(f"暂停办理“{_item_name(new_cat, ident)}”（{reason}）", worse=True))
    for ident in old_except.keys() - new_except.keys():
        changes.append(Change(f"恢复办理“{_item_name(old_cat, ident)}”"))
    return changes


def _hours(centre: Centre) -> str:
    return "；".join(str(h) for h in centre.hours)


def _item_name(catalogue: Catalogue, ident: str) -> str:
    return next((i.name for i in catalogue.items if i.id == ident), ident)


def _county_section(old: Catalogue, new: Catalogue) -> list:
    changes = []
    for label, before, after in (("全县监督投诉电话", old.county.supervision_phone, new.county.supervision_phone),
                                 ("政务服务热线", old.county.hotline, new.county.hotline)):
        if before != after:
            changes.append(Change(f"{label}：{before or '无'} → {after or '无'}"))
    return [("## 全县", changes)]
