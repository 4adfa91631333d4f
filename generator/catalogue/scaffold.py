"""Write a commented skeleton for a new item or village station.

Blanks are left empty after the colon: until they are filled, `bianmin check`
points at each of them (E-SCHEMA-EMPTY) with its line number.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import catalogue_root, display_name
from .load import load_file

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """A Chinese message for the editor; nothing has been written."""


def write_skeleton(path: Path, kind: str, ident: str, town: str | None = None) -> Path:
    """Write catalogue/<items|centres>/<ident>.yml; refuse bad ids and existing files."""
    root = catalogue_root(path)
    county = _county(root)
    _check_id(ident, root)
    if kind == "item":
        file, text = root / "items" / f"{ident}.yml", item_skeleton(ident, county)
    else:
        file, text = root / "centres" / f"{ident}.yml", centre_skeleton(ident, _town(root, town), county)
    if not file.parent.is_dir():
        raise ScaffoldError(f"找不到文件夹 {display_name(file.parent)}")
    try:
        with open(file, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_name(file)} 已经存在，不会覆盖。请换一个标识，或直接编辑这个文件。") from None
    return file


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
    complaint = county.get("supervision_phone", "0917-5212345")
    return f"""# yaml-language-server: $schema=../../schema/item.schema.json
# 新事项 {ident}。请在每个空着的冒号后面填上内容；“#”后面是说明，可以保留。
# 以“# ”开头的可选字段，需要时去掉“# ”再填写。填好后运行 .venv/bin/bianmin check 检查。
# 每个字段的含义见网站的“字段说明”页（docs/editing.md 也有说明）。
id: {ident}
name:             # 事项名称（官方名称），如 最低生活保障
# aliases: []     # 群众常说的叫法，如 [低保, 吃低保]
# search_words: [] # 群众说法，只用于搜索，如 [日子过不下去, 家里困难]
category:         # 所属分类：{_choices(county.get("categories", []))}
# situations: []  # 生活场景：{_choices(county.get("situations", []))}
department:       # 主管部门：{_choices(county.get("departments", []))}
type:             # 事项类型：行政许可、行政确认、行政给付、行政奖励、行政裁决、其他行政权力、公共服务
audience: [自然人]  # 服务对象：自然人、法人、其他组织
summary:          # 一句话说明这个事项是做什么的，用群众听得懂的话
basis:
  -               # 设定依据，写明文件和条款，如《社会救助暂行办法》第九条
conditions:
  -               # 受理条件，一条写一行；不要写“其他条件”之类的兜底条款
materials:        # 申请材料；通用材料用 ref 引用：{_choices(county.get("materials", []))}
  - ref: id-card
    form: 原件和复印件   # 原件、复印件 或 原件和复印件
    copies: 1
  - name:               # 材料名称
    form: 原件
    copies: 1
    source: 申请人自备  # 申请人自备、政府部门核发 或 其他
tiers:            # 各层级职责：不办理、咨询、受理、代办、初审、审核、审批、办结；某一级不办理就整段删掉
  village:
    role: 代办
    window:       # 村级窗口：{_windows(county, "village")}
    forward_within_days: 3   # 代办后几个工作日内报送镇里
  town:
    role: 受理
    window:       # 镇级窗口：{_windows(county, "town")}
    forward_within_days: 2   # 受理后几个工作日内报送县里
  county:
    role: 审批
    window:       # 县级窗口：{_windows(county, "county")}
    days:         # 县里用几个工作日
steps:            # 办理流程：每一步在哪一级（applicant 是申请人自己）、做什么、用几天
  - tier: applicant
    action: 申请
    days: 0
    description:  # 申请人做什么，如 到户籍所在村便民服务站提出申请
  - tier: village
    action: 代办
    days: 3
  - tier: town
    action: 受理
    days: 2
  - tier: county
    action: 审批
    days:         # 与上面县里的天数相同；各步天数加起来不能超过承诺时限
time_limit:
  legal:
    value:        # 法定办结时限（天数）
    unit: 工作日  # 工作日 或 自然日
  promised:
    value:        # 承诺办结时限，不能超过法定时限；0 表示即办
    unit: 工作日
case_type: 上报件  # 即办件（承诺时限为 0）、承诺件 或 上报件
visits:
  count: 1        # 群众最多跑几次；0 次时要写 online 网上办理或 postal: true
  reason:         # 为什么要到场，如 需本人到场签字确认
fee: 不收费       # 收费时改写为 items 列表，每项写 name、amount、unit、basis
result:
  name:           # 办完得到什么，如 残疾人证、待遇发放
  delivery: [窗口领取]  # 窗口领取、邮寄、电子证照、一卡通发放、村站转交、当场告知、短信通知
phones:
  consult:        # 咨询电话，加引号并带区号，如 "0917-5211203"
  complaint: "{complaint}"  # 监督投诉电话，不能与咨询电话相同
"""


def centre_skeleton(ident: str, town: dict, county: dict) -> str:
    village = county["tiers"].get("village", {})
    return f"""# yaml-language-server: $schema=../../schema/centre.schema.json
# 新服务站 {ident}，属于 {town.get("name", town["id"])}。请在每个空着的冒号后面填上内容。
# 以“# ”开头的可选字段，需要时去掉“# ”再填写。填好后运行 .venv/bin/bianmin check 检查。
id: {ident}
name:             # 服务站名称，如 天度镇东河村便民服务站
tier: village
kind: 村          # 村 或 社区
parent: {town["id"]}
address:          # 地址，如 天度镇东河村村委会一楼
phone:            # 服务站电话，加引号并带区号，如 "0917-5380104"
# coordinates: {{lat: 34.37, lon: 107.89}}   # 经纬度（可选）
# 不写 hours 和 windows 时，用{village.get("name", "村级")}的标准开放时间和标准窗口：
#   窗口：{_windows(county, "village")}
# windows:
#   - {{id: civil-affairs, posts: {{a: {{role: 民政专干, phone: "0917-5380104"}}, b: {{role: 村网格员}}}}}}
# exceptions:     # 本站暂时不能办的事项和原因
#   - {{item: dibao, reason: 站点装修，期间请到镇便民服务中心办理}}
"""
