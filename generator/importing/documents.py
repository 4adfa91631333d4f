"""The item a sheet row describes, as file data: a new file's full skeleton, or a merge into an existing file.

Only fields read from the sheet change in an existing file. What an editor wrote (aliases, per-tier roles,
FAQ, notes, comments, key order) stays. A value the sheet could not give never overwrites one in the file.
"""
from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..catalogue.levels import BASIC, LEVELS, level_of, missing_for, reached_level
from ..catalogue.validate import schema
from .columns import Mapping
from .records import Record
from .yamlfile import QUOTED, insert_ordered, plain, quoted, styled

ITEM_ORDER = ["id", "level", "name", "aliases", "code", "category", "situations", "department", "type", "audience", "summary",
              "basis", "conditions", "materials", "tiers", "steps", "special_procedures", "time_limit", "case_type",
              "visits", "online", "fee", "result", "phones", "faq", "forms"]
SUB_ORDER = {"time_limit": ["legal", "promised", "note"], "visits": ["count", "reason", "postal"],
             "result": ["name", "delivery"], "phones": ["consult", "complaint", "others"]}
MATERIAL_DEFAULTS = {"required": "必要", "medium": "纸质", "note": ""}
MATERIAL_ORDER = ["ref", "name", "form", "medium", "copies", "required", "source", "note", "blank_form", "sample_form"]
MISSING_COLUMN = {
    ("type",): "事项类型", ("audience",): "服务对象", ("basis",): "设定依据", ("conditions",): "受理条件",
    ("time_limit", "legal"): "法定办结时限", ("time_limit", "promised"): "承诺办结时限", ("visits", "count"): "到办事现场次数",
    ("fee",): "是否收费", ("result", "name"): "办理结果", ("result", "delivery"): "结果送达方式", ("department",): "实施主体",
    ("materials",): "申请材料", ("case_type",): "办件类型（承诺时限填好后：0 天写 即办件，其他写 承诺件 或 上报件）",
}


def default_steps(promised: dict | None) -> list[dict]:
    """Import's first guess at the steps: the applicant applies, the county finishes within the promised time."""
    days = promised["value"] if promised else None
    return [{"tier": "applicant", "action": "申请", "days": 0},
            {"tier": "county", "action": "办结", "days": days}]


def materials(values: dict, county: dict) -> tuple[list[dict], dict]:
    """The sheet's materials with a source from county.yml's common materials where the name matches; blanks listed."""
    common = {m.get("name"): m for m in county.get("materials") or [] if isinstance(m, dict)}
    found, blanks = [], {}
    for index, material in enumerate(values.get(("materials",), [])):
        material = {k: val for k, val in material.items() if not (k in MATERIAL_DEFAULTS and val == MATERIAL_DEFAULTS[k])}
        if "source" not in material and material["name"] in common and common[material["name"]].get("source"):
            material["source"] = common[material["name"]]["source"]
        for key, what in (("form", "材料形式（原件、复印件 或 原件和复印件）"), ("copies", "份数"), ("source", "来源（申请人自备、政府部门核发 或 其他）"),
                          ("required", "是否必要（必要、非必要 或 容缺后补）"), ("medium", "载体（纸质、电子 或 纸质或电子）")):
            if key in ("form", "copies") and key not in material or key in material and material[key] is None:
                material[key] = None
                blanks[("materials", index, key)] = f"材料“{material['name']}”的{what}表格里没有"
        found.append({k: material[k] for k in MATERIAL_ORDER if k in material})
    return found, blanks


def new_item(record: Record, ident: str, county: dict, mapping: Mapping, columns: set[str]) -> tuple[CommentedMap, dict]:
    """A new item file's data (None where a person must fill in) and path -> why each blank is blank."""
    values, blanks = dict(record.values), dict(record.blanks)
    department = values.get(("department",))
    values[("id",)] = ident
    values[("category",)] = mapping.categories.get(department or "")
    values[("tiers",)] = {"county": {"role": "办结", "window": mapping.windows.get(department or "")}}
    values[("steps",)] = default_steps(values.get(("time_limit", "promised")))
    if ("materials",) in values:  # a blank materials cell is unknown: no list at all, never an empty one
        item_materials, material_blanks = materials(values, county)
        values[("materials",)] = item_materials
        blanks.update(material_blanks)
    if ("phones", "complaint") not in blanks:  # no such column: the county's supervision phone
        values.setdefault(("phones", "complaint"), county.get("supervision_phone"))
    if ("phones", "consult") not in blanks:    # no such column: the department's phone in county.yml
        values.setdefault(("phones", "consult"), department_phone(county, department))
    if values[("category",)] is None:
        blanks[("category",)] = "表格里没有分类：从 county.yml 的 categories 里选一个"
    if values[("tiers",)]["county"]["window"] is None:
        blanks[("tiers", "county", "window")] = "县政务服务中心哪个窗口办理？从 county.yml 的 tiers.county.windows 里选一个"
    if values[("steps",)][1]["days"] is None:
        blanks[("steps", 1, "days")] = "县里用几天：和承诺办结时限相同"
    visits = values.get(("visits", "count"))
    if visits and ("visits", "reason") not in values:
        blanks[("visits", "reason")] = "要到现场，请写明原因，如“需本人到场签字”"
    for path, column in MISSING_COLUMN.items():
        if path not in values and path not in blanks:
            blanks[path] = f"表格里没有“{column}”"
    if values.get(("phones", "consult")) is None and ("phones", "consult") not in blanks:
        blanks[("phones", "consult")] = "表格里没有咨询电话，county.yml 里这个部门也没有电话"
    if values.get(("phones", "complaint")) is None and ("phones", "complaint") not in blanks:
        blanks[("phones", "complaint")] = "表格里没有监督投诉电话，county.yml 里也没有 supervision_phone"
    doc = CommentedMap()
    for path in sorted(set(values) | set(blanks), key=_rank):
        if len(path) <= 2 and path[0] in ITEM_ORDER:
            _put(doc, path, values.get(path))
    for path, why in blanks.items():
        _comment(doc, path, f"待填：{why}")
    return doc, blanks


def existing_level(doc: CommentedMap, before: dict, county: dict, by_person: bool) -> str:
    """An existing item's level after a merge: the import never lowers it, and raises it only when a person
    filled the sheet (a work list from bianmin gaps): raising is a person's act. What the report should say
    about it, or ''."""
    data = plain(doc)
    phone = department_phone(county, data.get("department"))
    declared, reached = level_of(data), reached_level(data, phone)
    if _rank_of(reached) > _rank_of(declared):
        if by_person:
            insert_ordered(doc, "level", reached, ITEM_ORDER)
            return ""
        return f"内容已经够{reached}了：核对后请把 level 改成 {reached}（提高完整度是人的决定，导入不替你改）"
    if _rank_of(reached) < _rank_of(declared) <= _rank_of(reached_level(before, phone)):
        lacking = "、".join(dict.fromkeys(field_title(path) for path, _ in missing_for(data, declared, phone)))
        return (f"标的是{declared}，表格改过以后不够了（{lacking}）：请改好，或者由人把 level 改成 {reached or BASIC}；"
                "改好以前 bianmin check 不通过（导入不替你降级）")
    return ""


def _rank_of(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def field_title(path: str) -> str:
    """'$.visits.count' or 'visits' -> the schema's title of visits (到办事现场次数)."""
    key = path.removeprefix("$.").split(".")[0].split("[")[0]
    return schema("item")["properties"].get(key, {}).get("title", key)


def department_phone(county: dict, department: str | None):
    entry = next((d for d in county.get("departments") or [] if d.get("id") == department), None)
    return entry.get("phone") if entry else None


def _rank(path: tuple) -> tuple:
    top = ITEM_ORDER.index(path[0]) if path[0] in ITEM_ORDER else len(ITEM_ORDER)
    sub = SUB_ORDER.get(path[0], [])
    return (top, sub.index(path[1]) if len(path) > 1 and path[1] in sub else 99)


def _put(doc: CommentedMap, path: tuple, value) -> None:
    node = doc
    for key in path[:-1]:
        if key not in node:
            insert_ordered(node, key, CommentedMap(), ITEM_ORDER)
        node = node[key]
    value = quoted(value) if path[0] in QUOTED else value
    insert_ordered(node, path[-1], styled(value), SUB_ORDER.get(path[0], ITEM_ORDER) if len(path) > 1 else ITEM_ORDER)


def _comment(doc: CommentedMap, path: tuple, text: str) -> None:
    node = doc
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, CommentedMap) and path[-1] in node and not (isinstance(node, CommentedMap) and node.fa.flow_style()):
        node.yaml_add_eol_comment(text, path[-1])


# ---- merging into an existing file --------------------------------------------------------

def merge(doc: dict, values: dict, county: dict) -> None:
    """Write values read from the sheet (path -> value) into an existing item, in place."""
    old_promised = plain(doc.get("time_limit", {}).get("promised")) if isinstance(doc.get("time_limit"), dict) else None
    for path, value in sorted(values.items(), key=lambda kv: _rank(kv[0])):
        if path == ("materials",):
            merge_materials(doc, materials(values, county)[0], county)
        elif path == ("fee",):
            merge_fee(doc, value)
        else:
            _set(doc, path, value)
    new_promised = plain(doc.get("time_limit", {}).get("promised")) if isinstance(doc.get("time_limit"), dict) else None
    steps = doc.get("steps")
    if new_promised and old_promised != new_promised and steps is not None and plain(steps) == default_steps(old_promised):
        steps[1]["days"] = new_promised["value"]  # the steps are still import's guess: keep them in step with the limit


def _set(doc: dict, path: tuple, value) -> None:
    node = doc
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            insert_ordered(node, key, CommentedMap(), ITEM_ORDER if node is doc else [])
        node = node[key]
    value = quoted(value) if path[0] in QUOTED else value
    _assign(node, path[-1], value, SUB_ORDER.get(path[0], ITEM_ORDER) if len(path) > 1 else ITEM_ORDER)


def _assign(node: dict, key: str, value, order: list[str]) -> None:
    old = node.get(key)
    if plain(old) == value:
        return
    if isinstance(old, dict) and isinstance(value, dict):
        for sub, sub_value in value.items():
            _assign(old, sub, sub_value, list(value))
        return
    if value is None:
        return
    insert_ordered(node, key, styled(value, like=old), order)


def merge_materials(doc: dict, new: list[dict], county: dict) -> None:
    old = doc.get("materials")
    names = {m.get("id"): m.get("name") for m in county.get("materials") or [] if isinstance(m, dict)}
    by_name: dict = {}
    for entry in old or []:
        if isinstance(entry, dict):
            by_name.setdefault(entry.get("name") or names.get(entry.get("ref")), entry)
    common = {m.get("id"): m for m in county.get("materials") or [] if isinstance(m, dict)}
    merged = CommentedSeq()
    for material in new:
        entry = by_name.get(material["name"])
        if entry is None:
            merged.append(styled({k: v for k, v in material.items() if v is not None}))
            continue
        implied = dict(MATERIAL_DEFAULTS, **{k: v for k, v in common.get(entry.get("ref"), {}).items() if k != "id"})
        for key, value in material.items():
            if value is None or plain(entry.get(key)) == value:
                continue
            if key not in entry and implied.get(key) == value:
                continue  # a default, or what the common material referred to by ref already says
            insert_ordered(entry, key, value, MATERIAL_ORDER)
        merged.append(entry)
    if plain(merged) != plain(old):
        if old is not None and hasattr(old, "fa") and old.fa.flow_style():
            merged.fa.set_flow_style()
        insert_ordered(doc, "materials", merged, ITEM_ORDER)


def merge_fee(doc: dict, value) -> None:
    """Fee items matched by name keep what the sheet does not hold (reduction); the fee's note stays."""
    old = doc.get("fee")
    if value == "不收费" or not isinstance(old, dict) or not isinstance(old.get("items"), list):
        _assign(doc, "fee", value, ITEM_ORDER)
        return
    by_name = {entry.get("name"): entry for entry in old["items"] if isinstance(entry, dict)}
    items = CommentedSeq()
    for item in value["items"]:
        entry = by_name.get(item["name"])
        if entry is None:
            items.append(styled(item))
            continue
        for key, sub in item.items():
            if plain(entry.get(key)) != sub:
                insert_ordered(entry, key, sub, ["name", "amount", "unit", "basis", "reduction"])
        items.append(entry)
    if plain(items) != plain(old["items"]):
        old["items"] = items
