"""Make a synthetic catalogue of any size, seeded from a real county's item list.

    python benchmarks/synth.py OUT_DIR --items 2000 --centres 1000 [--seed 1]

Item names, departments and codes come from ../shared/realdata/guang-an-items.json (1,135 real
items of 广安区), cycled with a number when more are asked for. The county file is the demo's.
Every generated catalogue passes `bianmin check`.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata" / "guang-an-items.json"
TYPES = {1: "行政许可", 5: "行政给付", 7: "行政确认", 8: "行政奖励", 9: "行政裁决", 10: "其他行政权力", 20: "公共服务"}
FLOWS = [  # (village, town, county) roles; exactly one finishes
    ("代办", "审核", "审批"), ("咨询", "受理", "办结"), ("办结", "咨询", "咨询"),
    ("受理", "办结", "咨询"), (None, "受理", "审批"), ("代办", "初审", "审批"),
]


def real_items(path: Path = REALDATA) -> list[dict]:
    """The real county's items (name, department, code, type_code); made-up ones if the file is missing."""
    if path.exists():
        return json.loads(path.read_text("utf-8"))
    return [{"name": f"示例事项{i}", "department": "县民政局", "code": f"X{i:06d}", "type_code": 20} for i in range(500)]


def make_catalogue(out: Path, items: int, centres: int, seed: int = 1) -> Path:
    """Write a catalogue folder with `items` items and `centres` centres; return its path."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "items").mkdir(parents=True)
    (out / "centres").mkdir()
    county = yaml.safe_load((ROOT / "catalogue" / "county.yml").read_text("utf-8"))
    for situation in county.get("situations", ()):
        situation.pop("steps", None)  # the demo's life events (一件事) name demo items
    write_yaml(out / "county.yml", county)
    for ident, data in _centres(centres, rng):
        write_yaml(out / "centres" / f"{ident}.yml", data)
    source = real_items()
    for number in range(items):
        real = source[number % len(source)]
        suffix = "" if number < len(source) else f"（{number // len(source) + 1}）"
        write_yaml(out / "items" / f"item-{number:05d}.yml", _item(number, real, suffix, county, rng))
    return out


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")


def _centres(count: int, rng: random.Random):
    towns = max(1, count // 21)
    yield "county", {"id": "county", "name": "县政务服务中心", "tier": "county", "kind": "县",
                     "address": "县城示例路 1 号（示例地址）", "phone": "0917-5210000"}
    for t in range(towns):
        yield f"town-{t:03d}", {"id": f"town-{t:03d}", "name": f"第{t + 1}镇便民服务中心", "tier": "town", "kind": "镇",
                                "parent": "county", "address": f"第{t + 1}镇政府院内（示例地址）", "phone": f"0917-53{t:05d}"}
    for v in range(count - towns - 1):
        town = v % towns
        yield f"village-{v:05d}", {"id": f"village-{v:05d}", "name": f"第{town + 1}镇{v + 1}村便民服务站", "tier": "village",
                                   "kind": rng.choice(["村", "村", "村", "社区"]), "parent": f"town-{town:03d}",
                                   "address": f"第{town + 1}镇{v + 1}村村委会（示例地址）", "phone": f"0917-6{v:06d}"}


def _item(number: int, real: dict, suffix: str, county: dict, rng: random.Random) -> dict:
    flow = FLOWS[number % len(FLOWS)]
    windows = {t: county["tiers"][t]["windows"][number % len(county["tiers"][t]["windows"])]["id"] for t in ("village", "town", "county")}
    tiers, steps = {}, [{"tier": "applicant", "action": "申请", "days": 0, "description": "提出申请"}]
    instant = number % 5 == 0
    for tier, role in zip(("village", "town", "county"), flow):
        if role is None:
            continue
        tiers[tier] = {"role": role, "window": windows[tier]}
        if role in ("受理", "代办") and flow.index(role) < finish_index(flow):
            tiers[tier]["forward_within_days"] = 0 if instant else 2
        if role != "咨询":
            steps.append({"tier": tier, "action": role, "days": 0 if instant else rng.randint(1, 5)})
    promised = 0 if instant else sum(s["days"] for s in steps) + rng.randint(0, 5)
    departments = county["departments"]
    return {
        "id": f"item-{number:05d}", "name": real["name"][:70] + suffix, "aliases": [real["name"][:6]],
        "code": real.get("code", ""), "category": county["categories"][number % len(county["categories"])]["id"],
        "department": departments[number % len(departments)]["id"], "type": TYPES.get(real.get("type_code"), "公共服务"),
        "audience": ["自然人"], "summary": f"{real['name']}（合成数据，来源部门：{real.get('department', '')}）",
        "basis": ["《示例条例》第十条"], "conditions": ["本县户籍居民", "符合本事项规定的申请条件"],
        "materials": [{"ref": "id-card", "form": "原件和复印件", "copies": 1},
                      {"name": f"{real['name'][:20]}申请表", "form": "原件", "copies": 1, "source": "申请人自备"}],
        "tiers": tiers, "steps": steps,
        "time_limit": {"legal": {"value": promised + 5, "unit": "工作日"}, "promised": {"value": promised, "unit": "工作日"}},
        "case_type": "即办件" if instant else "承诺件",
        "visits": {"count": 1, "reason": "需本人到场核验身份"}, "fee": "不收费",
        "result": {"name": "办理结果", "delivery": ["窗口领取"]},
        "phones": {"consult": "0917-5211203", "complaint": "0917-5212345"},
    }


def finish_index(flow) -> int:
    return next(i for i, role in enumerate(flow) if role in ("审批", "办结"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_catalogue(args.out, args.items, args.centres, args.seed)
    print(f"wrote {args.items} items and {args.centres} centres to {args.out}")


if __name__ == "__main__":
    main()
