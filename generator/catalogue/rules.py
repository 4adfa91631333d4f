"""Cross-field and cross-reference rules. Each check is small and yields problems with a stable code.

Rules run on documents that passed their schema, so shapes can be trusted here.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from . import addresses, codes
from .load import Document
from .vocab import ACCEPT_ROLES, BASIC, FINISH_ROLES, GUIDE, PARENT_TIER, ROLE_LEVEL, TIER_LEVEL_ZH, TIERS, level_of

CATCHALL = re.compile(r"其他(条件|情形|情况)|规定的其他|等其他")


@dataclass
class Sources:
    """Schema-valid documents of one catalogue, and the ids they define."""

    county: Document | None
    centres: list[Document] = field(default_factory=list)
    items: list[Document] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)  # ids of files that exist but failed their schema

    def ids(self, section: str) -> set[str]:
        return {entry["id"] for entry in self.county.data.get(section, [])} if self.county else set()

    def tier_windows(self, tier: str) -> set[str]:
        if not self.county:
            return set()
        return {w["id"] for w in self.county.data["tiers"][tier]["windows"]}


def check_rules(sources: Sources) -> list:
    found = []
    for id_check in ID_CHECKS:
        found.extend(id_check(sources))
    for doc in sources.items:
        for item_check in item_checks(level_of(doc)):
            found.extend(item_check(doc))
        if sources.county:
            found.extend(item_references(doc, sources))
    context = CentreContext.of(sources)
    for doc in sources.centres:
        for centre_check in CENTRE_CHECKS:
            found.extend(centre_check(doc, context))
    found.extend(county_centre(sources))
    return found


# ---- ids -------------------------------------------------------------------

def unique_ids(sources: Sources):
    seen: dict[str, str] = {}
    for doc in sources.centres + sources.items:
        ident = doc.data["id"]
        if ident in seen:
            yield doc.problem(("id",), codes.ID_DUPLICATE.code, f"标识“{ident}”已经在 {seen[ident]} 用过了，标识不能重复")
        seen.setdefault(ident, doc.file)
    if sources.county:
        yield from _unique_in_county(sources.county)


def _unique_in_county(county: Document):
    for section in ("departments", "categories", "situations", "materials"):
        yield from _unique_entries(county, (section,), county.data.get(section, []))
    for tier in TIERS:
        windows = county.data["tiers"][tier]["windows"]
        yield from _unique_entries(county, ("tiers", tier, "windows"), windows)


def _unique_entries(doc: Document, path: tuple, entries: list):
    seen = set()
    for index, entry in enumerate(entries):
        if entry["id"] in seen:
            yield doc.problem(path + (index, "id"), codes.ID_DUPLICATE.code, f"标识“{entry['id']}”在这个列表里重复了")
        seen.add(entry["id"])


def id_matches_filename(sources: Sources):
    for doc in sources.centres + sources.items:
        stem = doc.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != doc.data["id"]:
            yield doc.problem(("id",), codes.ID_FILENAME.code, f"标识“{doc.data['id']}”与文件名“{stem}”不一致：请把文件改名为 {doc.data['id']}.yml，或改正标识")


# Ids that would overwrite a list page: /centres/index.md is the list of centres, and so on for
# items, categories, situations and towns.
RESERVED_IDS = ("index",)
RESERVED_IN = {"centres": "中心", "items": "事项", "categories": "分类", "situations": "生活场景"}


def reserved_ids(sources: Sources):
    for doc in sources.centres + sources.items:
        if doc.data["id"] in RESERVED_IDS:
            yield doc.problem(("id",), codes.ID_RESERVED.code, _reserved_text(doc.data["id"], "中心" if doc in sources.centres else "事项"))
    if sources.county:
        for section in ("categories", "situations"):
            for index, entry in enumerate(sources.county.data.get(section, [])):
                if entry["id"] in RESERVED_IDS:
                    yield sources.county.problem(
                        (section, index, "id"), codes.ID_RESERVED.code, _reserved_text(entry["id"], RESERVED_IN[section]))


def _reserved_text(ident: str, what: str) -> str:
    reserved = "、".join(f"“{r}”" for r in RESERVED_IDS)
    return f"标识“{ident}”不能用：{reserved}是保留的标识，网站的列表页（如 /{addresses.centres_index()} 中心列表）用了它，{what}会把列表页覆盖掉。请换一个标识，如“{ident}-1”"


ID_CHECKS = (unique_ids, id_matches_filename, reserved_ids)


# ---- one item --------------------------------------------------------------

def time_limits(doc: Document):
    limit = doc.data["time_limit"]
    legal, promised = limit["legal"], limit["promised"]
    if legal["unit"] != promised["unit"]:
        yield doc.problem(("time_limit", "promised", "unit"), codes.TIME_UNIT.code, f"承诺时限的单位“{promised['unit']}”与法定时限的单位“{legal['unit']}”不同，请统一")
    elif promised["value"] > legal["value"]:
        yield doc.problem(("time_limit", "promised"), codes.TIME_PROMISE.code,
                          f"承诺时限 {promised['value']} 个{promised['unit']}超过法定时限 {legal['value']} 个{legal['unit']}")


def instant_case(doc: Document):
    instant = doc.data["case_type"] == "即办件"
    zero = doc.data["time_limit"]["promised"]["value"] == 0
    if instant and not zero:
        yield doc.problem(("case_type",), codes.TIME_INSTANT.code, "办件类型是即办件，承诺时限应当是 0（当场办结）")
    if zero and not instant:
        yield doc.problem(("time_limit", "promised", "value"), codes.TIME_INSTANT.code, f"承诺时限是 0（即办），办件类型应当是即办件，不是{doc.data['case_type']}")


def step_days(doc: Document):
    total = sum(step["days"] for step in doc.data["steps"])
    promised = doc.data["time_limit"]["promised"]
    if total > promised["value"]:
        yield doc.problem(("steps",), codes.TIME_STEPS.code, f"各步骤用时合计 {total} 天，超过承诺时限 {promised['value']} 个{promised['unit']}（公示等不计时的环节请写到 special_procedures）")


def visits(doc: Document):
    count = doc.data["visits"]["count"]
    if count > 0 and not doc.data["visits"].get("reason"):
        yield doc.problem(("visits",), codes.VISITS_REASON.code, f"到现场 {count} 次，必须写明原因（reason），如“需本人到场签字”")
    if count == 0 and "online" not in doc.data and not doc.data["visits"].get("postal"):
        yield doc.problem(("visits", "count"), codes.VISITS_ZERO.code, "到现场 0 次，须写网上办理（online）或可邮寄申请（postal: true）")
    online = doc.data.get("online")
    if online and online["depth"] == "全程网办" and count > 0:
        yield doc.problem(("visits", "count"), codes.ONLINE_VISITS.code, f"全程网办的事项到现场次数应当是 0，这里写的是 {count}")


def tier_roles(doc: Document):
    tiers = doc.data["tiers"]
    finishing = [t for t in TIERS if tiers.get(t, {}).get("role") in FINISH_ROLES]
    if len(finishing) != 1:
        where = "、".join(TIER_LEVEL_ZH[t] for t in finishing) or "没有任何一级"
        yield doc.problem(("tiers",), codes.TIER_FINISH.code, f"每个事项必须恰好在一级审批或办结，现在是：{where}")
        return
    yield from _above_finish(doc, finishing[0])
    top = TIERS.index(finishing[0])
    for tier in TIERS[:top]:
        role = tiers.get(tier, {})
        if role.get("role") in ACCEPT_ROLES and "forward_within_days" not in role:
            yield doc.problem(("tiers", tier), codes.TIER_FORWARD.code, f"{TIER_LEVEL_ZH[tier]}{role['role']}后几个工作日内报送上一级？请写 forward_within_days")


def _above_finish(doc: Document, finishing: str):
    tiers = doc.data["tiers"]
    for tier in TIERS[TIERS.index(finishing) + 1:]:
        role = tiers.get(tier, {}).get("role", "不办理")
        if role not in ("咨询", "不办理"):
            yield doc.problem(("tiers", tier, "role"), codes.TIER_ORDER.code, f"事项在{TIER_LEVEL_ZH[finishing]}已经办结，上一级的{TIER_LEVEL_ZH[tier]}只能是咨询或不办理，不能是{role}")


def tier_roles_known(doc: Document):
    """基本信息: the finishing tier may be unknown, but never two, and nothing above it handles the item."""
    tiers = doc.data["tiers"]
    finishing = [t for t in TIERS if tiers.get(t, {}).get("role") in FINISH_ROLES]
    if len(finishing) > 1:
        where = "、".join(TIER_LEVEL_ZH[t] for t in finishing)
        yield doc.problem(("tiers",), codes.TIER_FINISH.code, f"一个事项只能在一级审批或办结，现在是：{where}")
    elif finishing:
        yield from _above_finish(doc, finishing[0])


def where_to_ask(doc: Document):
    if not any(ROLE_LEVEL[role["role"]] > 0 for role in doc.data["tiers"].values()):
        yield doc.problem(("tiers",), codes.LEVEL_ASK.code, f"{BASIC}级的事项至少要有一级能咨询：请在 tiers 里写明群众去哪一级问（role: 咨询 或更高）")


def unknown_not_none(doc: Document):
    if doc.data.get("materials") == []:
        yield doc.problem(("materials",), codes.LEVEL_NONE.code,
                          f"“materials: []”表示确定不需要任何材料，这只能在{GUIDE}级写：还不知道要哪些材料，请删掉这一行；确实不需要材料，请把 level 改成 {GUIDE} 并补齐其他字段")


def tier_windows_named(doc: Document):
    for tier, role in doc.data["tiers"].items():
        if role["role"] != "不办理" and "window" not in role:
            yield doc.problem(("tiers", tier), codes.TIER_WINDOW.code, f"{TIER_LEVEL_ZH[tier]}要{role['role']}，必须写明在哪个窗口（window）")


def step_tiers(doc: Document):
    tiers = doc.data["tiers"]
    for index, step in enumerate(doc.data["steps"]):
        tier = step["tier"]
        if tier != "applicant" and tiers.get(tier, {}).get("role", "不办理") == "不办理":
            yield doc.problem(("steps", index, "tier"), codes.STEP_TIER.code, f"第 {index + 1} 步在{TIER_LEVEL_ZH[tier]}，但 tiers 里这一级不办理这个事项")


def conditions(doc: Document):
    for index, text in enumerate(doc.data["conditions"]):
        if CATCHALL.search(text):
            yield doc.problem(("conditions", index), codes.CONDITION_CATCHALL.code, f"受理条件不能写兜底条款（“{text}”），请把条件逐条写明")


def materials(doc: Document):
    for index, material in enumerate(doc.data["materials"]):
        if "name" in material and "source" not in material:
            yield doc.problem(("materials", index), codes.MATERIAL_SOURCE.code, f"材料“{material['name']}”没有写来源（source）：申请人自备、政府部门核发 或 其他")


def materials_named(doc: Document):
    for index, material in enumerate(doc.data.get("materials", ())):
        if "name" not in material and "ref" not in material:
            yield doc.problem(("materials", index), codes.MATERIAL_NAME.code, "这项材料既没有名称（name）也没有引用通用材料（ref），请写其中一个")


def fee_amounts(doc: Document):
    fee = doc.data.get("fee", "不收费")
    for index, item in enumerate(() if fee == "不收费" else fee["items"]):
        if item.get("amount") in (None, ""):
            yield doc.problem(("fee", "items", index), codes.FEE_AMOUNT.code, f"收费项目“{item['name']}”没有写金额（amount）")


def fee_bases(doc: Document):
    fee = doc.data["fee"]
    for index, item in enumerate(() if fee == "不收费" else fee["items"]):
        if not item.get("basis"):
            yield doc.problem(("fee", "items", index), codes.FEE_BASIS.code, f"收费项目“{item['name']}”没有写收费依据（basis）")


def phones_differ(doc: Document):
    numbers = doc.data.get("phones", {})
    if "complaint" in numbers and numbers["consult"] == numbers["complaint"]:
        yield doc.problem(("phones", "complaint"), codes.PHONE_SAME.code, "监督投诉电话不能与咨询电话相同")


# 办事指南 (and an item that declares no level): every rule. 基本信息: the rules on the fields that level
# requires, and those without which a value it does carry could not be shown (a material with no
# name, a fee with no amount); the others wait until a person raises the item's level.
ITEM_CHECKS = (time_limits, instant_case, step_days, visits, fee_amounts, fee_bases, phones_differ, tier_roles,
               tier_windows_named, step_tiers, conditions, materials_named, materials)
BASIC_CHECKS = (phones_differ, tier_roles_known, where_to_ask, unknown_not_none, materials_named, fee_amounts)


def item_checks(level: str) -> tuple:
    return BASIC_CHECKS if level == BASIC else ITEM_CHECKS


def item_references(doc: Document, sources: Sources):
    data = doc.data
    refs: list[tuple[tuple, str, str, str, str]] = [(("department",), data["department"], "departments", codes.REF_DEPARTMENT.code, "部门"),
            (("category",), data["category"], "categories", codes.REF_CATEGORY.code, "分类")]
    refs += [(("situations", i), s, "situations", codes.REF_SITUATION.code, "生活场景") for i, s in enumerate(data.get("situations", []))]
    refs += [(("materials", i, "ref"), m["ref"], "materials", codes.REF_MATERIAL.code, "通用材料")
             for i, m in enumerate(data.get("materials", ())) if "ref" in m]
    for path, ident, section, code, noun in refs:
        known = sources.ids(section)
        if ident not in known:
            yield doc.problem(path, code, f"{noun}“{ident}”在 county.yml 的 {section} 里没有定义{_suggest(ident, known)}")
    for tier, role in data["tiers"].items():
        window = role.get("window")
        if window and window not in sources.tier_windows(tier):
            known = sources.tier_windows(tier)
            yield doc.problem(("tiers", tier, "window"), codes.REF_WINDOW.code, f"{TIER_LEVEL_ZH[tier]}没有“{window}”窗口（county.yml 的 tiers.{tier}.windows）{_suggest(window, known)}")
    yield from _phone_to_call(doc, sources)


def _phone_to_call(doc: Document, sources: Sources):
    """An item without its own phones (基本信息 only) is answered on its department's phone."""
    if "phones" in doc.data or sources.county is None:
        return
    phone = {d["id"]: d.get("phone") for d in sources.county.data["departments"]}.get(doc.data["department"])
    if doc.data["department"] in sources.ids("departments") and not phone:
        yield doc.problem(("department",), codes.LEVEL_PHONE.code,
                          f"这个事项没有写电话（phones），它的部门“{doc.data['department']}”在 county.yml 里也没有电话：请写 phones.consult，或给部门写上 phone")


def _suggest(ident: str, known: set) -> str:
    close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.75)
    return f"，是不是想写“{close[0]}”？" if close else ""


# ---- centres ---------------------------------------------------------------

@dataclass
class CentreContext:
    """What a centre check may look at besides the centre's own file."""

    sources: Sources
    centres: dict  # id -> Document
    items: dict  # id -> data
    needs: dict  # tier -> window id -> [(item id, item name)] that use that window at that tier

    @classmethod
    def of(cls, sources: Sources) -> CentreContext:
        items = {doc.data["id"]: doc.data for doc in sources.items}
        return cls(sources, {doc.data["id"]: doc for doc in sources.centres}, items, window_needs(items))



def centre_parent(doc: Document, context: CentreContext):
    tier, parent, centres = doc.data["tier"], doc.data.get("parent"), context.centres
    if tier == "county":
        if parent:
            yield doc.problem(("parent",), codes.CENTRE_PARENT.code, "县政务服务中心没有上级中心，请删掉 parent")
        return
    if not parent:
        yield doc.problem(("tier",), codes.CENTRE_PARENT.code, f"{TIER_LEVEL_ZH[tier]}中心必须写上级中心（parent）")
    elif parent in context.sources.declared:
        return  # the parent's own file has problems, reported there
    elif parent not in centres:
        yield doc.problem(("parent",), codes.REF_CENTRE.code, f"上级中心“{parent}”不存在（catalogue/centres/ 里没有 {parent}.yml）{_suggest(parent, set(centres))}")
    elif centres[parent].data["tier"] != PARENT_TIER[tier]:
        yield doc.problem(("parent",), codes.CENTRE_PARENT.code, f"{TIER_LEVEL_ZH[tier]}中心的上级应当是{TIER_LEVEL_ZH[PARENT_TIER[tier]]}中心，“{parent}”是{TIER_LEVEL_ZH[centres[parent].data['tier']]}")


def centre_exceptions(doc: Document, context: CentreContext):
    items = context.items
    for index, exception in enumerate(doc.data.get("exceptions", [])):
        ident, path = exception["item"], ("exceptions", index, "item")
        if ident in context.sources.declared:
            continue  # the item's own file has problems, reported there
        if ident not in items:
            yield doc.problem(path, codes.REF_ITEM.code, f"事项“{ident}”不存在（catalogue/items/ 里没有 {ident}.yml）{_suggest(ident, set(items))}")
        elif items[ident]["tiers"].get(doc.data["tier"], {}).get("role", "不办理") == "不办理":
            yield doc.problem(path, codes.EXCEPTION_TIER.code, f"{TIER_LEVEL_ZH[doc.data['tier']]}本来就不办理“{items[ident]['name']}”，不需要写例外")
        since, until = exception.get("since"), exception.get("until")
        if since and until and until < since:
            yield doc.problem(("exceptions", index, "until"), codes.PAUSE_DATES.code,
                              f"预计恢复日期 {until} 早于暂停日期 {since}：请改正其中一个日期")


def centre_windows(doc: Document, context: CentreContext):
    tier, own, needs = doc.data["tier"], doc.data.get("windows"), context.needs
    if not own or not context.sources.county:  # standard windows: items' windows were already checked against them
        return
    standard = context.sources.tier_windows(tier)
    for index, window in enumerate(own):
        if window["id"] not in standard:
            yield doc.problem(("windows", index, "id"), codes.REF_WINDOW.code, f"窗口“{window['id']}”不是{TIER_LEVEL_ZH[tier]}的标准窗口（county.yml 的 tiers.{tier}.windows）")
    excepted = {e["item"] for e in doc.data.get("exceptions", [])}
    present = {w["id"] for w in own}
    for window in sorted(set(needs.get(tier, {})) & standard - present):
        names = [name for ident, name in needs[tier][window] if ident not in excepted]
        if names:
            yield doc.problem(("windows",), codes.CENTRE_WINDOW.code, f"本中心没有“{window}”窗口，但{'、'.join(names)}要在这个窗口办理：请加上窗口，或在 exceptions 里写明原因")


CENTRE_CHECKS = (centre_parent, centre_exceptions, centre_windows)


def window_needs(items: dict) -> dict:
    needs: dict = {}
    for ident, item in sorted(items.items()):
        for tier, role in item["tiers"].items():
            if role["role"] != "不办理" and role.get("window"):
                needs.setdefault(tier, {}).setdefault(role["window"], []).append((ident, item["name"]))
    return needs


def county_centre(sources: Sources):
    county_centres = [doc for doc in sources.centres if doc.data["tier"] == "county"]
    if len(county_centres) > 1:
        files = "、".join(doc.file for doc in county_centres)
        for doc in county_centres:
            yield doc.problem(("tier",), codes.CENTRE_COUNTY.code, f"只能有一个县政务服务中心，现在有 {len(county_centres)} 个：{files}")
