"""The catalogue's words: tiers, who acts in a step, role words and their levels, time units.

Every stage names these from here, so a tier is worded the same on the site, in print, in the
exports and in the checker's messages."""
from __future__ import annotations

TIERS = ("village", "town", "county")  # bottom to top
TIER_ZH = {"village": "村（社区）", "town": "镇（街道）", "county": "县"}
TIER_LEVEL_ZH = {tier: f"{name}级" for tier, name in TIER_ZH.items()}  # 村（社区）级: in sentences
PARENT_TIER = {"town": "county", "village": "town"}
APPLICANT = "applicant"  # a step the resident does
STEP_WHO = {APPLICANT: "申请人", **TIER_ZH}
OWN_STATION = "station"  # an answer's `go`: the resident's own village station (情形)
GO_ZH = {**TIER_ZH, OWN_STATION: "自己所在的村（社区）便民服务站"}

ROLE_LEVEL = {"不办理": 0, "咨询": 1, "受理": 2, "代办": 2, "初审": 3, "审核": 3, "审批": 4, "办结": 4}
ROLE_GROUP = {0: "不办理", 1: "咨询", 2: "受理·代办", 3: "初审·审核", 4: "审批·办结"}
FINISH_ROLES = ("审批", "办结")
ACCEPT_ROLES = ("受理", "代办")

UNITS = ("工作日", "自然日")

# Each role word in plain words, for residents (legends, read-aloud, print).
ROLE_PLAIN = {
    "不办理": "这一级不办这件事",
    "咨询": "只能问，这里不收材料",
    "受理": "在这里交材料，这里正式接收",
    "代办": "在这里交材料，工作人员替您报给上级",
    "初审": "这里先看材料对不对，再报给上级",
    "审核": "这里审查材料和情况，再报给上级",
    "审批": "这里作决定，批准后就办好了",
    "办结": "在这里办好",
}
# Completeness levels (完整度), lowest first. An item declares one; without `level` it is held to the top one.
BASIC = "基本信息"
GUIDE = "办事指南"
LEVELS = (BASIC, GUIDE)


def level_of(item_or_document) -> str:
    """The level an Item, a Document or a plain item mapping declares (办事指南 when it says none)."""
    data = getattr(item_or_document, "data", item_or_document)
    if isinstance(data, dict):
        return data.get("level", GUIDE)
    return getattr(item_or_document, "level", GUIDE)
