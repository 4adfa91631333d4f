"""Reading the text of one cell as a catalogue value. Each parser returns (value, None) or (None, why not).

Full-width digits and letters are read as ordinary ones. Nothing is guessed: a text that is not one of the
usual forms gives a reason, and the field is left for a person.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

INSTANT = re.compile(r"^(即办|即办件|当场办结|当场办理|立即办结|立即办理|即时办结|即时办理|当场|当天办结|0)$")
DURATION = re.compile(r"^(\d+)\s*(个)?\s*(工作日|自然日|日|天)(内|以内)?$")
CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
SPLIT_LIST = re.compile(r"[\n\r；;]+")
SPLIT_MATERIALS = re.compile(r"[\n\r；;、]+")
NUMBERING = re.compile(r"^\s*(\d+|[一二三四五六七八九十]+)\s*[、.．,，)）]\s*|^\s*[(（]\s*\d+\s*[)）]\s*")
TYPES = ("行政许可", "行政确认", "行政给付", "行政奖励", "行政裁决", "其他行政权力", "公共服务")
# the national 事项类型 codes (01 行政许可 … 20 公共服务); 02, 03, 04, 06 are not services residents apply for
TYPE_CODES = {"1": "行政许可", "5": "行政给付", "7": "行政确认", "8": "行政奖励", "9": "行政裁决", "10": "其他行政权力", "20": "公共服务"}
NOT_SERVICE_CODES = {"2": "行政处罚", "3": "行政强制", "4": "行政征收", "6": "行政检查"}
NOT_SERVICES = ("行政处罚", "行政强制", "行政征收", "行政检查")
# the national 服务对象 names and codes (1 自然人, 2 企业法人, 3 事业单位法人, 4 社会组织法人, 5 非法人企业,
# 6 行政机关, 9 其他组织), and the words clerks use; the catalogue keeps three: 自然人, 法人, 其他组织
AUDIENCE = {"自然人": "自然人", "个人": "自然人", "公民": "自然人", "居民": "自然人", "群众": "自然人",
            "法人": "法人", "企业": "法人", "企业法人": "法人", "事业单位法人": "法人", "机关法人": "法人", "社会组织法人": "法人",
            "社会团体法人": "法人", "行政机关": "法人",
            "其他组织": "其他组织", "社会组织": "其他组织", "非法人组织": "其他组织", "非法人企业": "其他组织", "事业单位": "其他组织",
            "个体工商户": "其他组织",
            "1": "自然人", "2": "法人", "3": "法人", "4": "法人", "5": "其他组织", "6": "法人", "9": "其他组织"}
CASE_TYPES = {"即办件": "即办件", "即办": "即办件", "承诺件": "承诺件", "承诺": "承诺件", "上报件": "上报件", "上报": "上报件"}
DELIVERY = {"窗口领取": "窗口领取", "窗口": "窗口领取", "现场领取": "窗口领取", "自取": "窗口领取", "邮寄": "邮寄", "快递": "邮寄",
            "ems": "邮寄", "电子证照": "电子证照", "网上": "电子证照", "网络送达": "电子证照", "一卡通": "一卡通发放",
            "一卡通发放": "一卡通发放", "村站转交": "村站转交", "当场告知": "当场告知", "当场": "当场告知", "短信": "短信通知", "短信通知": "短信通知"}
ONLINE_DEPTHS = ("互联网咨询", "互联网收件", "互联网预审", "互联网受理", "互联网办理", "互联网办理结果信息反馈", "全程网办")
FORMS = {"原件": "原件", "复印件": "复印件", "原件和复印件": "原件和复印件", "原件及复印件": "原件和复印件", "原件、复印件": "原件和复印件",
         "原件,复印件": "原件和复印件", "原件复印件": "原件和复印件", "扫描件": "复印件"}
REQUIRED = {"必要": "必要", "是": "必要", "必须": "必要", "必需": "必要", "必要材料": "必要", "必填": "必要",
            "否": "非必要", "非必要": "非必要", "非必须": "非必要", "非必需": "非必要", "不必需": "非必要", "不必要": "非必要",
            "可选": "非必要", "选填": "非必要", "容缺": "容缺后补", "容缺后补": "容缺后补", "可容缺": "容缺后补", "容缺受理": "容缺后补"}
# 材料形式 / 材料类型 / 载体: words about paper or electronic go to `medium`, words about originals and copies to `form`
MEDIUMS = {"电子件": "电子", "纸质": "纸质", "纸质版": "纸质", "纸件": "纸质", "电子": "电子", "电子版": "电子", "电子材料": "电子", "电子证照": "电子",
           "纸质或电子": "纸质或电子", "纸质、电子": "纸质或电子", "纸质和电子": "纸质或电子", "纸质及电子": "纸质或电子",
           "纸质/电子": "纸质或电子", "纸质,电子": "纸质或电子"}
SOURCES = {"申请人自备": "申请人自备", "申请人": "申请人自备", "自备": "申请人自备", "申请人提供": "申请人自备",
           "政府部门核发": "政府部门核发", "政府部门": "政府部门核发", "部门核发": "政府部门核发", "其他": "其他",
           "中介机构或法定机构产生": "其他", "中介机构": "其他", "其他部门": "政府部门核发"}
FREE = re.compile(r"^(否|不收费|免费|无|0|0元|无收费|不收取费用|不收取任何费用|免收|免收费)$")
NOT_APPLICABLE = re.compile(r"^[/／\\—\-–]+$")  # "/" or "—" in a cell: nothing stated (read as blank)
FEE_PER = re.compile(r"^(?P<name>[^\d每]{2,20}?)?[:：]?\s*每(?P<per>[^\d\s]{1,4}?)\s*(?P<amount>\d+(\.\d+)?)\s*元$")
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


def duration(text: str, unit: str = "") -> tuple[dict | None, str | None]:
    """'20个工作日', '即办', '当场办结', '３０日' -> {value, unit}; None and a reason otherwise. See `limit`."""
    found = limit(text, unit)
    return found.value, found.why


@dataclass
class Limit:
    value: dict | None
    why: str | None = None       # why it could not be read (the field is left for a person)
    note: str = ""               # what the cell said in brackets after the limit: “（不含听证、专家评审时间）”
    notice: str = ""             # read, but worth a look: a 日 or 天 read in the unit the sheet states


NOTE_AFTER = re.compile(r"^(?P<limit>[^（(]+?)\s*[（(](?P<note>[^）)]{2,})[）)]$")


def limit(text: str, unit: str = "") -> Limit:
    """A time limit as clerks write it. `unit` is what the header or the sheet's notes row states (工作日 or
    自然日): bare numbers are read in it, and so are 日 and 天 (with a notice); an explicit 工作日 or 自然日
    wins. Without a stated unit a bare number is not read. A note in brackets after the limit is kept."""
    value = re.sub(r"\s+", "", loose(text))
    if not value or NOT_APPLICABLE.match(value):
        return Limit(None, "没有填写")
    note = ""
    match = NOTE_AFTER.match(value)
    if match and not re.fullmatch(r"\d+|工作日|自然日|日|天", match.group("note")):
        value, note = match.group("limit"), match.group("note")
    if INSTANT.match(value):
        return Limit({"value": 0, "unit": unit or "工作日"}, note=note)
    value = _chinese_number(value)
    if re.fullmatch(r"\d+", value):
        if not unit:
            return Limit(None, "只有数字，没有单位（工作日还是自然日？请写成“20个工作日”，或在表头写明“（工作日）”）")
        return _days(int(value), unit, note)
    match = DURATION.match(value)
    if not match:
        return Limit(None, "读不出天数")
    word = match.group(3)
    if word in ("工作日", "自然日"):
        return _days(int(match.group(1)), word, note)
    if unit:
        found = _days(int(match.group(1)), unit, note)
        found.notice = f"按表格写明的时限单位，“{text.strip()}”读作 {match.group(1)} 个{unit}"
        return found
    return _days(int(match.group(1)), "自然日", note)


def _days(days: int, unit: str, note: str) -> Limit:
    if days > 400:
        return Limit(None, f"{days} 天超过了目录允许的 400 天")
    return Limit({"value": days, "unit": unit}, note=note)


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


NO_VISIT = re.compile(r"^(一次都不用跑|一次也不用跑|零跑动|零跑腿|不用跑|无需跑|网上办|网上办理|全程网办|不见面审批|跑零次|0跑腿)$")
AT_MOST = re.compile(r"^(最多跑|最多|至多|跑)([0-9一二两三四五])次?$")


def visits(text: str) -> tuple[int | None, str | None]:
    value = loose(text).replace(" ", "")
    if NO_VISIT.match(value):
        return 0, None
    most = AT_MOST.match(value)
    value = most.group(2) if most else value.rstrip("次")
    value = str(CHINESE_NUMBERS.get(value, value)) if value != "零" else "0"
    if not value:
        return None, "没有填写"
    if value.isdigit() and int(value) <= 5:
        return int(value), None
    return None, "读不出次数（应当是 0 到 5 的整数，或“最多跑一次”“一次都不用跑”）"


def item_type(text: str) -> tuple[str | None, str | None]:
    value = plain(text).replace("类", "").replace(" ", "")
    value = value[:-2] if value.endswith("事项") and len(value) > 4 else value
    if value in TYPES:
        return value, None
    code = value.lstrip("0") if value.isdigit() else value
    if code in TYPE_CODES:
        return TYPE_CODES[code], None
    if code in NOT_SERVICE_CODES:
        value = NOT_SERVICE_CODES[code]
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


PHONE_SPLIT = re.compile(r"\s*[、,，；;/]\s*|\s{2,}|\s+(?=\(?0\d|1[3-9]\d{9})")
HOTLINES = ("12345", "12315", "12319", "12333", "12348", "12355", "12366", "12369")


def phones(text: str) -> tuple[list[str] | None, str | None]:
    """Every number of a cell (“0826-2212350、0826-2212351”), each as the catalogue writes it."""
    parts = [p for p in PHONE_SPLIT.split(loose(text)) if p.strip()]
    if not parts:
        return None, "没有填写"
    found = []
    for part in parts:
        number, why = phone(part)
        if number is None:
            return None, why if len(parts) == 1 else f"“{part}”{why}"
        found.append(number)
    return found, None


def phone(text: str) -> tuple[str | None, str | None]:
    value = loose(text)
    first = re.split(r"[、,，；;/\s]{1,}(?=\(?0\d)", value)[0].strip()
    if MOBILE.match(first.replace(" ", "").replace("-", "")):
        return first.replace(" ", "").replace("-", ""), None
    match = PHONE.match(first.replace(" ", ""))
    if not match:
        if first in HOTLINES:
            return None, "是政务服务热线，不是本县的号码（目录要写“区号-号码”，如 0826-2222222）"
        if re.fullmatch(r"\d{7,8}", first):
            return None, "没有区号：请写成“区号-号码”，如 0826-2222222"
        return None, "读不出电话号码（要写成“区号-号码”，如 0826-2222222，分机写“转8001”；或 11 位手机号）"
    return f"{match.group(1)}-{match.group(2)}{match.group(3) or ''}", None


def split_cell(text: str) -> list[str]:
    """One entry per line; a cell without line breaks is split at ；. Leading numbers like 1、 or （2） dropped."""
    text = plain(text)
    return text_list(text, re.compile(r"[\n\r]+") if "\n" in text else re.compile(r"[；;]+"))


def fee(charged: str, standard: str, basis: str = "") -> tuple[object | None, str | None]:
    """'否'/'不收费' -> '不收费'; '工本费10元/证', '每证5元' or '电费：按供应单位标准 元/千瓦时', each followed by
    an optional '依据：…' line -> {items: [...]}; the 收费依据 column (`basis`) is the basis of every item that
    has none of its own; anything else a reason. '/' in a cell states nothing."""
    charged, standard, basis = (("" if NOT_APPLICABLE.match(loose(t)) else t) for t in (charged, standard, basis))
    charged, lines = loose(charged), split_cell(standard)
    free_standard = not lines or (len(lines) == 1 and FREE.match(loose(lines[0])))
    if FREE.match(charged) and not free_standard:
        return None, f"是否收费写的是“{charged}”，收费标准却写了“{lines[0]}”，请人工确认"
    if FREE.match(charged) or (not charged and lines and free_standard):
        return "不收费", None
    if not charged and not lines:
        return None, "没有填写是否收费"
    if free_standard:
        return None, f"是否收费写的是“{charged}”，收费标准却是“{lines[0] if lines else '空白'}”，请人工确认"
    items, bases = [], []
    for line in lines:
        item = _fee_item(line)
        if item:
            items.append(item)
        elif len(line) >= 4:
            found = re.sub(r"^(收费)?依据[:：]?", "", line).strip()
            bases.append(found)
            if items and "basis" not in items[-1]:
                items[-1]["basis"] = found
    if not items:
        return None, "收费，但读不出收费项目和金额（要写成“工本费10元/证”这样）"
    basis = " ".join(plain(basis).split())
    if basis and not FREE.match(basis):
        bases = [basis]
    for item in items:
        if "basis" not in item and len(bases) == 1:
            item["basis"] = bases[0]
    return {"items": items}, None


FEE_NAMED = re.compile(r"^(?P<name>[^：:]{2,40}?)[：:]\s*(?P<amount>.+?)(\s+(?P<unit>元\S*))?$")


def _fee_item(line: str) -> dict | None:
    per = FEE_PER.match(loose(line))
    if per:  # “每证5元”: 5 元 for each 证; the item has no name of its own, so it is called by its column's name
        amount = float(per.group("amount"))
        return {"name": (per.group("name") or "收费标准").strip(" ，,、"), "amount": int(amount) if amount.is_integer() else amount,
                "unit": f"元/{per.group('per')}"}
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


SEE_ELSEWHERE = re.compile(r"^(详见|见|参见|具体见|详情见).{0,20}$")
NAMED_LIST = re.compile(r"^\s*(\d+|[一二三四五六七八九十]+)\s*[、.．,，)）]|^\s*[(（]\s*\d+\s*[)）]")
BOTH_FORMS = re.compile(r"原件[、,，]复印件")


def material_cells(text: str) -> list[str]:
    """Materials in one cell: one per line, or per ；. An entry that is not numbered is split at 、 too
    (“身份证、户口簿”), but never “原件、复印件”."""
    text = plain(text)
    entries = []
    for part in re.split(r"[\n\r；;]+", text):
        if NAMED_LIST.match(part) or "\n" in text:
            entries.append(part)
        else:
            entries += re.split(r"、", BOTH_FORMS.sub("原件和复印件", part))
    return [t for t in text_list("\n".join(entries), re.compile(r"\n")) if t not in ("无", "不需要材料", "无需材料", "无需提交材料")]


MATERIAL_REQUIRED = re.compile(r"\s*[（(]\s*(非必需|非必要|非必须|不必需|可选|选填|容缺|容缺后补|可容缺|必需|必要|必须)\s*[)）]\s*$")


def material_text(text: str) -> dict:
    """'身份证原件1份' -> {name: 身份证, form: 原件, copies: 1}; '…原件及复印件各1份', '…（非必需）' too;
    what cannot be read stays in the name."""
    value = plain(text)
    found: dict = {}
    required = MATERIAL_REQUIRED.search(value)
    if required:
        found["required"] = REQUIRED[required.group(1)]
        value = value[: required.start()]
    match = re.search(r"(原件和复印件|原件及复印件|原件、复印件|复印件|原件)?\s*[（(]?\s*各?\s*(\d+)\s*份\s*[）)]?$", value)
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
    return {k: found[k] for k in ("name", "form", "copies", "required") if k in found}


def material_words(text: str) -> tuple[dict | None, str | None]:
    """A 材料形式 / 材料类型 / 载体 cell: 电子版 -> {medium: 电子}, 原件 -> {form: 原件}, 纸质原件 -> both."""
    value = loose(text).replace(" ", "")
    if value in MEDIUMS:
        return {"medium": MEDIUMS[value]}, None
    if value in FORMS:
        return {"form": FORMS[value]}, None
    for medium in sorted(MEDIUMS, key=len, reverse=True):
        rest = value[len(medium):].strip("，,、")
        if value.startswith(medium) and rest in FORMS:
            return {"medium": MEDIUMS[medium], "form": FORMS[rest]}, None
    return None, f"不认识材料形式“{value}”（可以写 原件、复印件、原件和复印件，纸质、电子、纸质和电子）"


def code_dirt(code: str) -> str:
    """What looks wrong in an 实施编码 (基本编码-区划码-…-实施主体统一社会信用代码-…), said but never changed:
    a credit-code segment that is not 18 characters, or a code that does not start with the national 基本编码."""
    parts = plain(code).split("-")
    for index, part in enumerate(parts[:-1]):
        if re.fullmatch(r"\d{12}", part) and index + 2 < len(parts) and re.fullmatch(r"\d{3}", parts[index + 1]):
            credit = parts[index + 2]
            if len(credit) != 18:
                return f"实施编码里实施主体的统一社会信用代码“{credit}”有 {len(credit)} 位（应当是 18 位），照原样导入，请核对"
            break
    if parts and re.fullmatch(r"[A-Za-z]{1,2}", parts[0]):
        return f"实施编码以字母“{parts[0]}”开头，不是国家基本编码的格式，照原样导入，请核对"
    return ""
