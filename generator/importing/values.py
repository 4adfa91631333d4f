"""Reading the text of one cell as a catalogue value. Each parser returns (value, None) or (None, why not).

Full-width digits and letters are read as ordinary ones. Nothing is guessed: a text that is not one of the
usual forms gives a reason, and the field is left for a person.
"""
from __future__ import annotations

import re
import unicodedata

INSTANT = re.compile(r"^(即办|即办件|当场办结|当场办理|立即办结|立即办理|即时办结|即时办理|当场|当天办结|0)$")
DURATION = re.compile(r"^(\d+)\s*(个)?\s*(工作日|自然日|日|天)(内|以内)?$")
CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
SPLIT_LIST = re.compile(r"[\n\r；;]+")
SPLIT_MATERIALS = re.compile(r"[\n\r；;、]+")
NUMBERING = re.compile(r"^\s*(\d+|[一二三四五六七八九十]+)\s*[、.．,，)）]\s*|^\s*[(（]\s*\d+\s*[)）]\s*")
TYPES = ("行政许可", "行政确认", "行政给付", "行政奖励", "行政裁决", "其他行政权力", "公共服务")
TYPE_CODES = {"1": "行政许可", "5": "行政给付", "7": "行政确认", "8": "行政奖励", "9": "行政裁决", "10": "其他行政权力", "20": "公共服务"}
NOT_SERVICES = ("行政处罚", "行政强制", "行政征收", "行政检查")
AUDIENCE = {"自然人": "自然人", "个人": "自然人", "公民": "自然人", "居民": "自然人", "群众": "自然人",
            "法人": "法人", "企业": "法人", "企业法人": "法人", "事业单位法人": "法人", "机关法人": "法人",
            "其他组织": "其他组织", "社会组织": "其他组织", "非法人组织": "其他组织", "事业单位": "其他组织", "个体工商户": "其他组织"}
CASE_TYPES = {"即办件": "即办件", "即办": "即办件", "承诺件": "承诺件", "承诺": "承诺件", "上报件": "上报件", "上报": "上报件"}
DELIVERY = {"窗口领取": "窗口领取", "窗口": "窗口领取", "现场领取": "窗口领取", "自取": "窗口领取", "邮寄": "邮寄", "快递": "邮寄",
            "ems": "邮寄", "电子证照": "电子证照", "网上": "电子证照", "网络送达": "电子证照", "一卡通": "一卡通发放",
            "一卡通发放": "一卡通发放", "村站转交": "村站转交", "当场告知": "当场告知", "当场": "当场告知", "短信": "短信通知", "短信通知": "短信通知"}
ONLINE_DEPTHS = ("互联网咨询", "互联网收件", "互联网预审", "互联网受理", "互联网办理", "互联网办理结果信息反馈", "全程网办")
FORMS = {"原件": "原件", "复印件": "复印件", "原件和复印件": "原件和复印件", "原件及复印件": "原件和复印件", "原件、复印件": "原件和复印件",
         "原件,复印件": "原件和复印件", "原件复印件": "原件和复印件", "电子件": "原件", "扫描件": "复印件"}
REQUIRED = {"必要": "必要", "是": "必要", "必须": "必要", "必需": "必要", "必要材料": "必要", "否": "非必要", "非必要": "非必要",
            "非必须": "非必要", "容缺": "容缺后补", "容缺后补": "容缺后补", "可容缺": "容缺后补"}
SOURCES = {"申请人自备": "申请人自备", "申请人": "申请人自备", "自备": "申请人自备", "申请人提供": "申请人自备",
           "政府部门核发": "政府部门核发", "政府部门": "政府部门核发", "部门核发": "政府部门核发", "其他": "其他",
           "中介机构或法定机构产生": "其他", "中介机构": "其他", "其他部门": "政府部门核发"}
FREE = re.compile(r"^(否|不收费|免费|无|0|0元|无收费|不收取费用|不收取任何费用)$")
FEE_ITEM = re.compile(r"^(?P<name>[^\d]{2,}?)[:：]?\s*(?P<amount>\d+(\.\d+)?)\s*(?P<unit>元(/[^\s,，；;]+)?|元每\S+)$")
PHONE = re.compile(r"^\(?(0\d{2,3})\)?[-—－\s]?(\d{7,8})(转\d{1,6})?$")  # the schema's landline, extension 转8001
MOBILE = re.compile(r"^1[3-9]\d{9}$")


FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B) if chr(code - 0xFEE0).isalnum()} | {0x3000: 0x20}


def plain(text: str) -> str:
    """Text as written, with full-width digits and letters as ordinary ones (（）、，stay); surrounding space dropped."""
    return (text or "").translate(FULL_WIDTH).strip()


def loose(text: str) -> str:
    """For reading numbers, units and phones: all full-width forms as ordinary ones (NFKC)."""
    return unicodedata.normalize("NFKC", text or "").strip()


def duration(text: str) -> tuple[dict | None, str | None]:
    """'20个工作日', '即办', '当场办结', '３０日' -> {value, unit}; None and a reason otherwise."""
    value = re.sub(r"\s+", "", loose(text))
    if not value:
        return None, "没有填写"
    if INSTANT.match(value):
        return {"value": 0, "unit": "工作日"}, None
    value = _chinese_number(value)
    match = DURATION.match(value)
    if not match:
        return None, "读不出天数"
    unit = "工作日" if match.group(3) == "工作日" else "自然日"
    days = int(match.group(1))
    if days > 400:
        return None, f"{days} 天超过了目录允许的 400 天"
    return {"value": days, "unit": unit}, None


def _chinese_number(text: str) -> str:
    """'十五个工作日' -> '15个工作日'; only whole small numbers (一 … 九十九) are read."""
    match = re.match(r"^([一二两三四五六七八九十]{1,3})(个)?(工作日|自然日|日|天)", text)
    if not match:
        return text
    word, number = match.group(1), 0
    if "十" in word:
        tens, _, ones = word.partition("十")
        number = CHINESE_NUMBERS.get(tens, 1) * 10 + CHINESE_NUMBERS.get(ones, 0)
    elif len(word) == 1:
        number = CHINESE_NUMBERS[word]
    else:
        return text
    return str(number) + text[len(word):]


def visits(text: str) -> tuple[int | None, str | None]:
    value = loose(text).rstrip("次")
    value = str(CHINESE_NUMBERS.get(value, value)) if value != "零" else "0"
    if not value:
        return None, "没有填写"
    if value.isdigit() and int(value) <= 5:
        return int(value), None
    return None, "读不出次数（应当是 0 到 5 的整数）"


def item_type(text: str) -> tuple[str | None, str | None]:
    value = plain(text).replace("类", "")
    if value in TYPES:
        return value, None
    if value in TYPE_CODES:
        return TYPE_CODES[value], None
    if value.startswith("其他"):
        return "其他行政权力", None
    if value in NOT_SERVICES:
        return None, f"{value}不是群众办理的服务事项，目录里没有这一类型；如果确实要列出，请人工确定类型"
    return None, f"不是目录认识的事项类型（{'、'.join(TYPES)}）"


def audience(text: str) -> tuple[list | None, str | None]:
    words = [w for w in re.split(r"[、,，/；;\s]+", plain(text)) if w]
    if not words:
        return None, "没有填写"
    found = []
    for word in words:
        kind = AUDIENCE.get(word)
        if not kind:
            return None, f"不认识“{word}”（可以写 自然人、法人、其他组织）"
        if kind not in found:
            found.append(kind)
    return found, None


def case_type(text: str) -> tuple[str | None, str | None]:
    value = plain(text)
    if value in CASE_TYPES:
        return CASE_TYPES[value], None
    return None, "不是 即办件、承诺件 或 上报件"


def text_list(text: str, splitter=SPLIT_LIST) -> list[str]:
    """One cell with several entries (lines, ；) as a list; leading numbers like 1、 or （2） dropped."""
    entries = []
    for part in splitter.split(plain(text)):
        part = NUMBERING.sub("", part).strip(" 。.")
        if part:
            entries.append(part)
    return entries


def phone(text: str) -> tuple[str | None, str | None]:
    value = loose(text)
    first = re.split(r"[、,，；;/\s]{1,}(?=\(?0\d)", value)[0].strip()
    if MOBILE.match(first.replace(" ", "").replace("-", "")):
        return first.replace(" ", "").replace("-", ""), None
    match = PHONE.match(first.replace(" ", ""))
    if not match:
        if re.fullmatch(r"\d{7,8}", first):
            return None, "没有区号：请写成“区号-号码”，如 0826-2222222"
        return None, "读不出电话号码（要写成“区号-号码”，如 0826-2222222，分机写“转8001”；或 11 位手机号）"
    return f"{match.group(1)}-{match.group(2)}{match.group(3) or ''}", None


def split_cell(text: str) -> list[str]:
    """One entry per line; a cell without line breaks is split at ；. Leading numbers like 1、 or （2） dropped."""
    text = plain(text)
    return text_list(text, re.compile(r"[\n\r]+") if "\n" in text else re.compile(r"[；;]+"))


def fee(charged: str, standard: str) -> tuple[object | None, str | None]:
    """'否'/'不收费' -> '不收费'; '工本费10元/证' or '电费：按供应单位标准 元/千瓦时', each followed by
    an optional '依据：…' line -> {items: [...]}; anything else a reason."""
    charged, lines = loose(charged), split_cell(standard)
    if FREE.match(charged) or (not charged and len(lines) == 1 and FREE.match(loose(lines[0]))):
        return "不收费", None
    if not charged and not lines:
        return None, "没有填写是否收费"
    items, bases = [], []
    for line in lines:
        item = _fee_item(line)
        if item:
            items.append(item)
        elif len(line) >= 4:
            basis = re.sub(r"^(收费)?依据[:：]?", "", line).strip()
            bases.append(basis)
            if items and "basis" not in items[-1]:
                items[-1]["basis"] = basis
    if not items:
        return None, "收费，但读不出收费项目和金额（要写成“工本费10元/证”这样）"
    for item in items:
        if "basis" not in item and len(bases) == 1:
            item["basis"] = bases[0]
    return {"items": items}, None


FEE_NAMED = re.compile(r"^(?P<name>[^：:]{2,40}?)[：:]\s*(?P<amount>.+?)(\s+(?P<unit>元\S*))?$")


def _fee_item(line: str) -> dict | None:
    compact = FEE_ITEM.match(loose(line))
    if compact:
        amount = float(compact.group("amount"))
        return {"name": compact.group("name").strip(" ，,、"), "amount": int(amount) if amount.is_integer() else amount,
                "unit": compact.group("unit").replace("每", "/")}
    named = FEE_NAMED.match(line)
    if not named or named.group("name").startswith(("依据", "收费依据")):
        return None
    amount_text = loose(named.group("amount"))
    if re.fullmatch(r"\d+(\.\d+)?", amount_text):
        number = float(amount_text)
        value: float | int | str = int(number) if number.is_integer() else number
    elif not named.group("unit"):
        return None  # “名称：说明” without 元: not a fee line
    else:
        value = named.group("amount").strip()
    item = {"name": named.group("name").strip(), "amount": value}
    if named.group("unit"):
        item["unit"] = named.group("unit")
    return item


def delivery(text: str) -> tuple[list | None, str | None]:
    words = [w for w in re.split(r"[、,，/；;\s]+", plain(text).lower()) if w]
    if not words:
        return None, "没有填写"
    found = []
    for word in words:
        kind = DELIVERY.get(word)
        if not kind:
            return None, f"不认识送达方式“{word}”（可以写 {'、'.join(sorted(set(DELIVERY.values())))}）"
        if kind not in found:
            found.append(kind)
    return found, None


def online_depth(text: str) -> tuple[str | None, str | None]:
    value = plain(text)
    if value in ONLINE_DEPTHS:
        return value, None
    return None, f"不是目录认识的网办深度（{'、'.join(ONLINE_DEPTHS)}）"


def choice(text: str, table: dict, what: str) -> tuple[str | None, str | None]:
    value = loose(text).replace(" ", "")
    if value in table:
        return table[value], None
    return None, f"不认识{what}“{value}”（可以写 {'、'.join(sorted(set(table.values())))}）"


def copies(text: str) -> tuple[int | None, str | None]:
    value = loose(text).rstrip("份")
    value = str(CHINESE_NUMBERS.get(value, value))
    if value.isdigit() and int(value) <= 20:
        return int(value), None
    return None, "读不出份数（应当是 0 到 20 的整数）"


def material_cells(text: str) -> list[str]:
    """Materials in one cell: one per line; a cell without line breaks is split at 、 and ；."""
    text = plain(text)
    splitter = re.compile(r"[\n\r]+") if "\n" in text else SPLIT_MATERIALS
    return [t for t in text_list(text, splitter) if t not in ("无", "不需要材料", "无需材料")]


def material_text(text: str) -> dict:
    """'身份证原件1份' -> {name: 身份证, form: 原件, copies: 1}; what cannot be read stays in the name."""
    value = plain(text)
    found: dict = {}
    match = re.search(r"(原件和复印件|原件及复印件|原件、复印件|复印件|原件)?\s*[（(]?\s*(\d+)\s*份\s*[）)]?$", value)
    if match and match.group(0):
        found["copies"] = int(match.group(2))
        if match.group(1):
            found["form"] = FORMS[match.group(1)]
        value = value[: match.start()].strip(" ，,：:")
    form = re.search(r"[（(]?(原件和复印件|原件及复印件|原件、复印件|复印件|原件)[）)]?$", value)
    if form:
        found["form"] = FORMS[form.group(1)]
        value = value[: form.start()].strip(" ，,：:")
    found["name"] = value
    return found
