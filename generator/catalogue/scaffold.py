"""Write the skeleton of a new item or village station, in the form's style (yamlstyle.dump).

Blanks are written `null`: until they are filled, `bianmin check` points at each of them
(E-SCHEMA-EMPTY) with its line number. What each blank takes (this county's categories,
departments, windows) is said on the terminal, not in comments, which the web form would drop.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import catalogue_root, display_name
from .load import load_file
from .yamlstyle import dump

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """A Chinese message for the editor; nothing has been written."""


def write_skeleton(path: Path, kind: str, ident: str, town: str | None = None) -> tuple[Path, list[str]]:
    """Write catalogue/<items|centres>/<ident>.yml; refuse bad ids and existing files. Returns the file and
    what its blanks take."""
    root = catalogue_root(path)
    county = _county(root)
    _check_id(ident, root)
    if kind == "item":
        file, text, hints = root / "items" / f"{ident}.yml", item_skeleton(ident, county), item_hints(county)
    else:
        parent = _town(root, town)
        file, text, hints = root / "centres" / f"{ident}.yml", centre_skeleton(ident, parent), centre_hints(parent, county)
    if not file.parent.is_dir():
        raise ScaffoldError(f"找不到文件夹 {display_name(file.parent)}")
    try:
        with open(file, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_name(file)} 已经存在，不会覆盖。请换一个标识，或直接编辑这个文件。") from None
    return file, hints


def _county(root: Path) -> dict:
    file = root / "county.yml"
    if not file.is_file():
        raise ScaffoldError(f"找不到 {display_name(file)}：请在项目文件夹里运行，或用 --path 指明目录文件夹")
    doc, _ = load_file(file, display_name(file))
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("tiers"), dict):
        raise ScaffoldError(f"{display_name(file)} 读不出来，请先运行 bianmin check 修好它")
    return doc.data


def _check_id(ident: str, root: Path) -> None:
    if not SLUG.match(ident):
        raise ScaffoldError(f"标识“{ident}”不合格：只能用小写字母、数字和连字符（-），不能有空格或汉字，如 gaoling-jintie")
    for folder in ("items", "centres"):
        if (root / folder / f"{ident}.yml").exists():
            raise ScaffoldError(f"标识“{ident}”已经被 {display_name(root / folder / f'{ident}.yml')} 用了，不会覆盖。请换一个标识。")


def _town(root: Path, town: str | None) -> dict:
    if not town:
        raise ScaffoldError("新建服务站要写所属的镇（街道）中心：bianmin new centre <标识> --town <镇中心标识>")
    file = root / "centres" / f"{town}.yml"
    doc, _ = load_file(file, display_name(file)) if file.is_file() else (None, [])
    if doc is None or not isinstance(doc.data, dict) or doc.data.get("tier") != "town":
        towns = sorted(f.stem for f in (root / "centres").glob("*.yml") if _is_town(f))
        raise ScaffoldError(f"“{town}”不是镇（街道）便民服务中心。可以写：{'、'.join(towns) or '（目录里还没有镇中心）'}")
    return doc.data


def _is_town(file: Path) -> bool:
    doc, _ = load_file(file, file.name)
    return isinstance(doc.data, dict) and doc.data.get("tier") == "town"


def _choices(entries, limit: int = 40) -> str:
    listed = [f"{e['id']}（{e['name']}）" for e in entries if isinstance(e, dict) and "id" in e and "name" in e]
    return "、".join(listed[:limit]) + ("……" if len(listed) > limit else "")


def _windows(county: dict, tier: str) -> str:
    return _choices(county["tiers"].get(tier, {}).get("windows", []))


def item_skeleton(ident: str, county: dict) -> str:
    return dump(item_data(ident, county), "item")


def item_data(ident: str, county: dict) -> dict:
    """A new item: what most items share, and None (written null) wherever the clerk must fill in."""
    return {
        "id": ident, "name": None, "category": None, "department": None, "type": None, "audience": ["自然人"],
        "summary": None, "basis": [None], "conditions": [None],
        "materials": [{"ref": "id-card", "form": "原件和复印件", "copies": 1},
                      {"name": None, "form": "原件", "copies": 1, "source": "申请人自备"}],
        "tiers": {"village": {"role": "代办", "window": None, "forward_within_days": 3},
                  "town": {"role": "受理", "window": None, "forward_within_days": 2},
                  "county": {"role": "审批", "window": None, "days": None}},
        "steps": [{"tier": "applicant", "action": "申请", "days": 0, "description": None},
                  {"tier": "village", "action": "代办", "days": 3}, {"tier": "town", "action": "受理", "days": 2},
                  {"tier": "county", "action": "审批", "days": None}],
        "time_limit": {"legal": {"value": None, "unit": "工作日"}, "promised": {"value": None, "unit": "工作日"}},
        "case_type": "上报件", "visits": {"count": 1, "reason": None}, "fee": "不收费",
        "result": {"name": None, "delivery": ["窗口领取"]},
        "phones": {"consult": None, "complaint": county.get("supervision_phone", "0917-5212345")},
    }


def item_hints(county: dict) -> list[str]:
    """What the blanks of a new item take, from this county's county.yml (said on the terminal: files keep no comments)."""
    return [f"category 所属分类：{_choices(county.get('categories', []))}",
            f"department 主管部门：{_choices(county.get('departments', []))}",
            "type 事项类型：行政许可、行政确认、行政给付、行政奖励、行政裁决、其他行政权力、公共服务",
            *(f"tiers.{tier}.window 窗口：{_windows(county, tier)}" for tier in ("village", "town", "county")),
            "time_limit 办结时限：承诺时限不能超过法定时限，各步天数加起来不能超过承诺时限；某一级不办理就删掉 tiers 里它那一段",
            f"materials 通用材料用 ref 引用：{_choices(county.get('materials', []))}"]


def centre_skeleton(ident: str, town: dict) -> str:
    return dump({"id": ident, "name": None, "tier": "village", "kind": "村", "parent": town["id"], "address": None,
                 "phone": None}, "centre")


def centre_hints(town: dict, county: dict) -> list[str]:
    village = county["tiers"].get("village", {})
    return [f"属于 {town.get('name', town['id'])}；kind 写 村 或 社区",
            f"不写 hours 和 windows 时，用{village.get('name', '村级')}的标准开放时间和标准窗口：{_windows(county, 'village')}",
            "本站暂时不能办的事项写在 exceptions（item 和 reason）"]
