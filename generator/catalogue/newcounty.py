"""`bianmin init`: a new county's own project, which installs a pinned Bianmin instead of forking it.

It writes catalogue/county.yml (what `bianmin check` needs, with the county's name and codes, in the web
form's style, yamlstyle.dump; what only the county knows is listed in the README as 待核对), empty centres/
and items/, and from the files in county_template/ mkdocs.yml, the CI files, the 群众反映 issue templates and a short README. Nothing is
overwritten."""
from __future__ import annotations

import datetime
import re
from importlib import metadata
from pathlib import Path

from .yamlstyle import dump

TEMPLATE = Path(__file__).with_name("county_template")
REPO_PLACEHOLDER = "https://git.example.invalid/bianmin.git"  # the county writes Bianmin's repository here
# template file -> where it goes in the new project (dot files are kept without the dot in the package)
COUNTY_FILE = "catalogue/county.yml"
REPORT = "群众反映"  # the issue template a resident's report is logged with (docs/editing.md §10)
FILES = {"mkdocs.yml": "mkdocs.yml", "README.md": "README.md",
         "gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml",
         "github/workflows/pr.yml": ".github/workflows/pr.yml", "github/workflows/publish.yml": ".github/workflows/publish.yml",
         # the 群众反映 issue templates, the same as this repository's own (tests/test_init.py keeps them equal)
         f"github/ISSUE_TEMPLATE/{REPORT}.yml": f".github/ISSUE_TEMPLATE/{REPORT}.yml",
         f"gitlab/issue_templates/{REPORT}.md": f".gitlab/issue_templates/{REPORT}.md"}
FOLDERS = ("catalogue/centres", "catalogue/items")
AREA_CODE = re.compile(r"^0[0-9]{2,3}$")
DIVISION_CODE = re.compile(r"^[0-9]{6}$")


class InitError(Exception):
    """A Chinese message for the person; nothing has been written."""


def write_project(folder: Path, name: str, area_code: str, division_code: str = "", county_id: str = "",
                  repo: str = REPO_PLACEHOLDER, version: str = "") -> list[Path]:
    """Write the new project into folder (created; it may exist but must not hold any of these files)."""
    _check(folder, name, area_code, division_code)
    values = {"NAME": name, "REPO": repo, "VERSION": version or f"v{bianmin_version()}"}
    county = county_document(name, county_id or county_slug(name), area_code, division_code)
    (folder / COUNTY_FILE).parent.mkdir(parents=True, exist_ok=True)
    (folder / COUNTY_FILE).write_text(dump(county, "county"), "utf-8", newline="\n")
    written = [folder / COUNTY_FILE]
    for source, target in FILES.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_filled((TEMPLATE / source).read_text("utf-8"), values), "utf-8", newline="\n")
        written.append(path)
    for sub in FOLDERS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / sub / ".gitkeep").touch()
    return written


def _check(folder: Path, name: str, area_code: str, division_code: str) -> None:
    if not 2 <= len(name.strip()) <= 60:
        raise InitError(f"县名“{name}”不对：写 2 到 60 个字，如 扶风县")
    if not AREA_CODE.match(area_code):
        raise InitError(f"电话区号“{area_code}”不对：0 开头的 3 或 4 位数字，如 0917")
    if division_code and not DIVISION_CODE.match(division_code):
        raise InitError(f"行政区划代码“{division_code}”不对：6 位数字，如 610324")
    taken = [target for target in (COUNTY_FILE, *FILES.values(), *FOLDERS) if (folder / target).exists()]
    if taken:
        raise InitError(f"{folder} 里已经有 {'、'.join(taken)}：不会覆盖。请换一个空文件夹")


STANDARD_HOURS = [{"days": "周一至周五", "times": ["08:30-12:00", "14:30-17:30"]}]  # 待核对: the county's own
# materials asked for everywhere, with where they come from: `bianmin import` takes a material's source from here
# by its name, since a 实施清单 seldom says it (E-MATERIAL-SOURCE asks for it at 办事指南)
COMMON_MATERIALS = [
    {"id": "id-card", "name": "居民身份证", "source": "政府部门核发"}, {"id": "id-card-short", "name": "身份证", "source": "政府部门核发"},
    {"id": "hukou", "name": "户口簿", "source": "政府部门核发"}, {"id": "business-licence", "name": "营业执照", "source": "政府部门核发"},
    {"id": "application-form", "name": "申请表", "source": "申请人自备"}, {"id": "application-letter", "name": "申请书", "source": "申请人自备"},
    {"id": "power-of-attorney", "name": "委托书", "source": "申请人自备"},
]


def county_document(name: str, ident: str, area_code: str, division_code: str) -> dict:
    """county.yml of a county with nothing in it yet: departments and categories come with the import;
    12345 (the national 政务服务便民热线) answers complaints until the county names its own number."""
    tiers = {tier: {"name": title, "windows": [{"id": "general", "name": window}], "hours": STANDARD_HOURS}
             for tier, title, window in (("county", "县政务服务中心", "综合受理窗口"), ("town", "镇（街道）便民服务中心", "综合受理窗口"),
                                         ("village", "村（社区）便民服务站", "综合代办窗口"))}
    county = {"id": ident, "name": name, "province": "", "city": "", "area_code": area_code,
              "division_code": division_code, "updated": datetime.date.today().isoformat(), "sample_data": False,
              "supervision_phone": "12345", "hotline": "12345", "departments": [], "categories": [],
              "materials": COMMON_MATERIALS, "tiers": tiers}
    return {key: value for key, value in county.items() if value != "" or key in ("province", "city")}


def _filled(text: str, values: dict) -> str:
    return re.sub(r"@@([A-Z]+)@@", lambda match: values[match.group(1)], text)


def county_slug(name: str) -> str:
    """扶风县 → fufeng: the name in pinyin without the 县/区/市/旗 at its end."""
    from pypinyin import lazy_pinyin
    bare = re.sub(r"(自治县|县|区|市|旗)$", "", name.strip()) or name
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(bare)]
    return "".join(words) or "county"


def bianmin_version() -> str:
    try:
        return metadata.version("bianmin")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"
