"""Make a real-scale catalogue from a real county's item list: 1,135 items, 631 centres.

    python benchmarks/realscale.py OUT_DIR [--realdata ../shared/realdata] [--seed 1]

Items keep the real names, codes, departments (区… renamed 县…) and item types of
guang-an-items.json; materials, steps, time limits (some in 自然日), fees, per-tier roles, FAQs are
made up but plausible for the department and type. Centres: 1 county centre, 30 town-level centres
(镇 and 街道), 20 villages and communities under each (600), with their own windows and posts, hours,
coordinates for some, and per-centre exceptions for about 5 % of centres. The output is the same for
the same seed, and passes `bianmin check`. The county file starts from the demo's.
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml
from synth import ROOT, TYPES, finish_index, real_items, write_yaml

REALDATA = ROOT.parent / "shared" / "realdata"
TIERS = ("village", "town", "county")
ACCEPT = ("受理", "代办")

# Department keyword -> (category, county window, town window, village window)
DEPARTMENTS = [
    ("人社", "employment", "social-insurance", "labour-social-security", "labour-security"),
    ("医疗保障", "medical-insurance", "medical-insurance", "labour-social-security", "medical-insurance"),
    ("民政", "social-assistance", "civil-affairs", "civil-affairs", "civil-affairs"),
    ("残联", "disability", "disability", "civil-affairs", "civil-affairs"),
    ("退役军人", "veterans", "veterans", "veterans", "party-affairs"),
    ("卫健", "family-health", "health", "health", "family-planning"),
    ("司法", "legal", "justice", "justice", "general"),
    ("农业农村", "agriculture", "agriculture", "agriculture", "general"),
    ("林业", "agriculture", "agriculture", "agriculture", "general"),
    ("水务", "agriculture", "agriculture", "agriculture", "general"),
    ("自然资源", "land-housing", "natural-resources", "land", "general"),
    ("住建", "land-housing", "natural-resources", "land", "general"),
    ("公安", "identity", "public-security", "police", "general"),
    ("教科体", "education", "general", "general", "general"),
    ("税务", "tax", "general", "general", "general"),
    ("交通", "transport", "general", "general", "general"),
]
OTHER = ("business", "general", "general", "general")
NEW_CATEGORIES = [
    {"id": "business", "name": "企业和许可", "description": "企业开办、经营许可、备案和其他行政权力事项。"},
    {"id": "transport", "name": "交通运输", "description": "道路运输、车辆、驾驶培训和公路事项。"},
    {"id": "tax", "name": "税费", "description": "纳税申报、发票、社保费和税务证明。"},
]
# Who does what, (village, town, county); exactly one finishes. Chosen by kind of item.
PEOPLE_FLOWS = [("代办", "审核", "审批"), ("受理", "办结", "咨询"), ("办结", "咨询", "咨询"),
                ("代办", "受理", "办结"), ("咨询", "受理", "审批"), ("咨询", "办结", "咨询"), ("代办", "初审", "审批")]
POLICE_FLOWS = [("咨询", "受理", "审批"), ("咨询", "办结", "咨询"), ("咨询", "咨询", "办结")]
LICENCE_FLOWS = [(None, "咨询", "审批"), ("咨询", "咨询", "审批"), (None, None, "审批"), ("咨询", "受理", "审批")]
POWER_FLOWS = [(None, None, "办结"), (None, "咨询", "办结")]
SERVICE_FLOWS = [("咨询", "咨询", "办结"), ("咨询", "受理", "办结"), (None, "代办", "办结"), ("咨询", "办结", "咨询")]
PEOPLE = ("人社", "医疗保障", "民政", "残联", "退役军人", "卫健", "司法", "农业农村")

TOWNS = ["浓洄", "北辰", "广福", "万盛", "中桥", "枣山", "官盛", "协兴", "浓溪", "悦来", "兴平", "井河", "花桥", "龙台",
         "恒升", "石笋", "白市", "大安", "观阁", "彭家", "郑山", "大龙", "崇望", "东岳", "穿石", "龙安", "肖溪", "前锋",
         "代市", "观塘"]
STREETS = {"浓洄", "北辰", "广福", "万盛", "中桥", "枣山"}
FIRST = "张王李刘陈杨黄赵周吴石龙白凤花新双柏松牌马金青红桂高罗唐蒋谢何"
SECOND = ["家", "桥", "湾", "坝", "山", "河", "林", "岭", "坪", "沟", "塘", "庙", "井", "院", "田", "垭", "湖", "园"]
COMMUNITY = ["东街", "西街", "南门", "北门", "新城", "滨江", "花园", "文星", "学府", "建设", "解放", "人民", "和平", "幸福"]

GENERIC_MATERIALS = ["id-card", "hukou", "bank-card", "photo", "marriage-cert", "village-proof"]
BUSINESS_MATERIALS = [("营业执照", "政府部门核发"), ("法定代表人身份证明", "申请人自备"), ("经营场所使用证明", "其他"),
                      ("授权委托书", "申请人自备"), ("安全管理制度文本", "申请人自备"), ("专业技术人员资格证书", "政府部门核发")]
REASONS = ["站点装修中，{month} 前请到{town}便民服务中心办理", "{role}岗位调整，{month} 前请到{town}便民服务中心办理",
           "办理系统未开通到本站，{month} 前请到{town}便民服务中心办理", "专干外出培训，{month} 前请到{town}便民服务中心办理"]


def make_catalogue(out: Path, realdata: Path = REALDATA, seed: int = 1) -> Path:
    """Write the catalogue folder; return its path."""
    if out.exists():
        shutil.rmtree(out)
    (out / "items").mkdir(parents=True)
    (out / "centres").mkdir()
    path = realdata / "guang-an-items.json"
    if not path.is_file():
        raise SystemExit(f"realscale: {path} not found (give the folder with --realdata)")
    source = real_items(path)
    county = county_file(source)
    write_yaml(out / "county.yml", county)
    departments = {d["name"]: d["id"] for d in county["departments"]}
    items = [make_item(number, real, departments, random.Random(f"{seed}-item-{number}")) for number, real in enumerate(source)]
    for item in items:
        write_yaml(out / "items" / f"{item['id']}.yml", item)
    for centre in make_centres(items, county["tiers"]["town"]["windows"], random.Random(f"{seed}-centres")):
        write_yaml(out / "centres" / f"{centre['id']}.yml", centre)
    return out


# ---- county ----------------------------------------------------------------

def county_name(department: str) -> str:
    """区人社局 -> 县人社局, 广安区税务局 -> 县税务局: the demo county is a 县."""
    return "县" + department.split("区", 1)[1] if "区" in department[:4] else department


def department_ids(source: list[dict]) -> dict:
    names = sorted({county_name(real["department"]) for real in source})
    return {name: f"dept-{number + 1:02d}" for number, name in enumerate(names)}


def county_file(source: list[dict]) -> dict:
    county = yaml.safe_load((ROOT / "catalogue" / "county.yml").read_text("utf-8"))
    for situation in county.get("situations", ()):
        situation.pop("steps", None)  # the demo's life events (一件事) name demo items
    kept = [d for d in county["departments"] if d["id"] in ("town-government", "village-station")]
    county["departments"] = [{"id": ident, "name": name, "phone": department_phone(ident)}
                             for name, ident in department_ids(source).items()] + kept
    county["categories"] += NEW_CATEGORIES
    return county


def department_phone(ident: str) -> str:
    return f"0917-52{int(ident.split('-')[1]) + 20:05d}"


def placement(department: str) -> tuple:
    """(category, county window, town window, village window) of a department."""
    return next((row[1:] for row in DEPARTMENTS if row[0] in department), OTHER)


# ---- items -----------------------------------------------------------------

def flows_for(department: str, type_code: int) -> list:
    if any(word in department for word in PEOPLE) and type_code in (5, 7, 20):
        return PEOPLE_FLOWS
    if "公安" in department:
        return POLICE_FLOWS
    if type_code == 1:
        return LICENCE_FLOWS
    if type_code in (8, 9, 10):
        return POWER_FLOWS
    return SERVICE_FLOWS


def make_item(number: int, real: dict, departments: dict, rng: random.Random) -> dict:
    """One item; departments maps a department's name to its id (dept-NN)."""
    department = county_name(real["department"])
    category, *windows = placement(department)
    flow = rng.choice(flows_for(department, real.get("type_code", 20)))
    instant = any(word in real["name"] for word in ("查询", "打印", "咨询")) or rng.random() < 0.08
    calendar = "公安" in department or "司法" in department or rng.random() < 0.04
    unit = "自然日" if calendar else "工作日"
    tiers, steps = tier_roles(flow, dict(zip(TIERS, reversed(windows))), instant, rng)
    steps = [{"tier": "applicant", "action": "申请", "days": 0, "description": "提交申请和材料"}] + steps
    promised = 0 if instant else sum(step["days"] for step in steps) + rng.randint(0, 5)
    business = real.get("type_code") in (1, 10) and "人社" not in department
    item = {
        "id": f"gaq-{number + 1:04d}", "name": real["name"][:150], "aliases": aliases(real["name"]),
        "code": real.get("code", "")[:60] or f"GA{number:06d}", "category": category,
        "department": departments[department], "type": TYPES.get(real.get("type_code"), "公共服务"),
        "audience": ["法人", "其他组织"] if business else ["自然人"],
        "summary": f"{real['name']}。由{department}负责，材料齐全的按下面的流程和时限办理。",
        "basis": [rng.choice(["《中华人民共和国行政许可法》第二十九条", "《四川省政务服务条例》第十八条",
                              "《社会救助暂行办法》第十一条", "《中华人民共和国社会保险法》第八条"])],
        "conditions": conditions(real["name"], business),
        "materials": materials(real["name"], business, rng),
        "tiers": tiers, "steps": steps,
        "time_limit": {"legal": {"value": promised + rng.choice((0, 5, 10)), "unit": unit},
                       "promised": {"value": promised, "unit": unit}},
        "case_type": "即办件" if instant else ("上报件" if forwards(tiers) else "承诺件"),
        "visits": {"count": 1, "reason": "需本人到场核验身份、递交原件"},
        "fee": fee(rng),
        "result": {"name": result_name(real["name"]), "delivery": ["当场告知"] if instant else ["窗口领取", "短信通知"]},
        "phones": {"consult": department_phone(departments[department]), "complaint": "0917-5212345"},
    }
    if calendar and not instant:
        item["time_limit"]["note"] = "按自然日计算，节假日不顺延。"
    if rng.random() < 0.3:
        item["online"] = {"url": "https://www.sczwfw.gov.cn/", "depth": rng.choice(["互联网预审", "互联网受理", "全程网办"])}
        if item["online"]["depth"] == "全程网办":
            item["visits"] = {"count": 0}
    if rng.random() < 0.1 and not instant:
        item["special_procedures"] = [{"name": "公示", "days": 7, "unit": "自然日", "note": "在村（社区）公示栏和政府网站公示"}]
    if rng.random() < 0.25:
        item["faq"] = [{"q": "可以请别人代办吗？", "a": "可以。代办人带上本人和申请人的身份证原件，以及申请人签字的委托书。"}]
    return item


def tier_roles(flow: tuple, windows: dict, instant: bool, rng: random.Random) -> tuple[dict, list]:
    """The item's tiers block and its steps below the applicant's."""
    tiers, steps = {}, []
    top = finish_index(flow)
    for index, (tier, role) in enumerate(zip(TIERS, flow)):
        if role is None:
            continue
        tiers[tier] = {"role": role, "window": windows[tier]}
        if role == "咨询":
            continue
        days = 0 if instant else rng.randint(1, 6)
        if index < top and role in ACCEPT:
            tiers[tier]["forward_within_days"] = 0 if instant else rng.choice((1, 2, 3))
        if index == top:
            tiers[tier]["days"] = days
        steps.append({"tier": tier, "action": role, "days": days})
    return tiers, steps


def forwards(tiers: dict) -> bool:
    return any("forward_within_days" in role for role in tiers.values())


def aliases(name: str) -> list[str]:
    short = name.split("（")[0][:12]
    return [short] if short != name else [name[:6]]


def conditions(name: str, business: bool) -> list[str]:
    if business:
        return ["申请人是依法设立的企业或其他组织", f"符合{name[:30]}的法定条件和标准"]
    return ["申请人是本县户籍居民或在本县居住", f"符合{name[:30]}的申请条件"]


def materials(name: str, business: bool, rng: random.Random) -> list[dict]:
    listed = [{"ref": "id-card", "form": "原件和复印件", "copies": 1}]
    if business:
        for material, source in rng.sample(BUSINESS_MATERIALS, rng.randint(1, 4)):
            listed.append({"name": material, "form": rng.choice(["原件", "复印件", "原件和复印件"]), "copies": 1, "source": source})
    else:
        for ref in rng.sample(GENERIC_MATERIALS[1:], rng.randint(0, 3)):
            listed.append({"ref": ref, "form": rng.choice(["原件", "原件和复印件"]), "copies": 1})
    form = {"name": f"{name[:30]}申请表", "form": "原件", "copies": rng.choice((1, 2)), "source": "申请人自备"}
    if rng.random() < 0.2:
        form["required"] = "容缺后补"
        form["note"] = "可以先受理，5 个工作日内补交"
    return listed + [form]


def fee(rng: random.Random):
    if rng.random() >= 0.06:
        return "不收费"
    amount = rng.choice((5, 10, 20, 40, 80))
    return {"items": [{"name": "证照工本费", "amount": amount, "unit": "元/证",
                       "basis": "四川省发展和改革委员会、财政厅关于证照工本费标准的通知",
                       "reduction": "低保对象、特困人员免收"}]}


def result_name(name: str) -> str:
    for word, result in (("许可", "许可决定书"), ("备案", "备案回执"), ("登记", "登记证明"), ("认定", "认定结果"),
                         ("补贴", "补贴发放"), ("查询", "查询结果"), ("证", "证件")):
        if word in name:
            return result
    return "办理结果通知"


# ---- centres ---------------------------------------------------------------

def make_centres(items: list[dict], town_windows_standard: list[dict], rng: random.Random):
    yield {"id": "county", "name": "县政务服务中心", "tier": "county", "kind": "县",
           "address": "县城政务服务大厦一楼（示例地址）", "phone": "0917-5210000",
           "coordinates": {"lat": 30.4560, "lon": 106.6330}}
    offered = {tier: [item for item in items if item["tiers"].get(tier, {}).get("role", "咨询") != "咨询"] for tier in TIERS}
    for t, town in enumerate(TOWNS):
        street = town in STREETS
        town_id = f"town-{t + 1:02d}"
        name = f"{town}{'街道' if street else '镇'}"
        centre = {"id": town_id, "name": f"{name}便民服务中心", "tier": "town", "kind": "街道" if street else "镇",
                  "parent": "county", "address": f"{name}人民政府一楼（示例地址）", "phone": f"0917-53{t + 1:02d}000",
                  "coordinates": {"lat": round(30.3 + rng.random() * 0.4, 4), "lon": round(106.4 + rng.random() * 0.5, 4)}}
        centre["windows"] = town_windows(town_windows_standard, t)
        exceptions(centre, offered["town"], name, rng, share=0.07)
        yield centre
        for village in villages(t, town_id, name, street, rng):
            exceptions(village, offered["village"], name, rng, share=0.05)
            yield village


def town_windows(standard: list[dict], t: int) -> list[dict]:
    """Every standard window with its A and B posts; a few towns merge two names into one (with 、)."""
    windows = []
    for w, window in enumerate(standard):
        phone = f"0917-53{t + 1:02d}{w + 1:03d}"
        windows.append({"id": window["id"], "posts": {"a": {"role": f"{window['name'][:-2]}专干", "phone": phone},
                                                        "b": {"role": "便民服务专员"}}})
    if t % 10 == 0:
        windows[0]["name"] = "劳动就业、社会保障窗口"
    return windows


def villages(t: int, town_id: str, town: str, street: bool, rng: random.Random):
    names: list[str] = []
    while len(names) < 20:
        community = street and rng.random() < 0.8 or rng.random() < 0.1
        name = f"{rng.choice(COMMUNITY)}社区" if community else f"{rng.choice(FIRST)}{rng.choice(SECOND)}村"
        if name not in names:
            names.append(name)
    for v, name in enumerate(names):
        centre = {"id": f"{town_id}-{v + 1:02d}", "name": f"{town}{name}便民服务站", "tier": "village",
                  "kind": "社区" if name.endswith("社区") else "村", "parent": town_id,
                  "address": f"{town}{name}党群服务中心（示例地址）", "phone": f"0917-53{t + 1:02d}{v + 101:03d}"}
        if rng.random() < 0.5:
            centre["coordinates"] = {"lat": round(30.3 + rng.random() * 0.4, 4), "lon": round(106.4 + rng.random() * 0.5, 4)}
        if rng.random() < 0.1:
            centre["hours"] = [{"season": "全年", "days": "周一至周五", "times": ["09:00-12:00", "14:00-17:00"]}]
        if rng.random() < 0.2:
            centre["services"] = ["代缴话费", "快递代收"]
        yield centre


def exceptions(centre: dict, offered: list[dict], town: str, rng: random.Random, share: float) -> None:
    """About `share` of centres cannot do one to three of the items their tier starts or finishes."""
    if rng.random() >= share:
        return
    centre["exceptions"] = [
        {"item": item["id"], "reason": rng.choice(REASONS).format(month=f"2027 年 {rng.randint(1, 12)} 月", town=town, role="专干")}
        for item in rng.sample(offered, rng.randint(1, 3))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder holding guang-an-items.json")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_catalogue(args.out, args.realdata, args.seed)
    items = len(list((args.out / "items").glob("*.yml")))
    centres = len(list((args.out / "centres").glob("*.yml")))
    print(f"wrote {items} items and {centres} centres to {args.out}")


if __name__ == "__main__":
    main()
