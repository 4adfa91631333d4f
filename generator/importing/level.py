"""The completeness level (完整度) an imported item reaches: 办事指南 when it passes every check, else 基本信息.

An item at 基本信息 leaves out what the sheet did not give for the fields that level may lack (unknown, never
shown as fact: no empty materials list, no guessed time limit); fields 基本信息 needs stay as blanks to fill.
TODO(levels): when generator/catalogue/levels.py lands, ask `reached_level(document)` and `missing_for`
instead of LEVEL_OPTIONAL and the check below, and always write `level` (the schema does not know it yet).
"""
from __future__ import annotations

from functools import cache

from ..catalogue.validate import schema

GUIDE, BASIC = "办事指南", "基本信息"
# what a 基本信息 item may lack (COMMON.md: materials, time_limit, fee, steps, basis, conditions; and what follows
# from them or is optional: case_type from the time limit, visits, special procedures, online)
OPTIONAL_LABELS = {"materials": "申请材料", "time_limit": "办结时限", "fee": "收费", "steps": "办理流程", "basis": "设定依据",
                   "conditions": "受理条件", "case_type": "办件类型", "visits": "到现场次数", "special_procedures": "特别程序",
                   "online": "网上办理", "type": "事项类型", "audience": "服务对象", "result": "办理结果"}
LEVEL_OPTIONAL = tuple(OPTIONAL_LABELS)


def reached_level(blanks: dict, problems: list) -> str:
    """办事指南 when nothing is left to fill and `bianmin check` has nothing to say, else 基本信息."""
    return GUIDE if not blanks and not problems else BASIC


def unknown_fields(blanks: dict) -> list[str]:
    """The top-level fields a 基本信息 item leaves out because the sheet did not give them in full."""
    return sorted({path[0] for path in blanks if path[0] in LEVEL_OPTIONAL}, key=LEVEL_OPTIONAL.index)


@cache
def schema_knows_level() -> bool:
    return "level" in schema("item").get("properties", {})
