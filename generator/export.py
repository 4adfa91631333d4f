"""Open data: the catalogue as JSON, CSV, XLSX, schema.org, HSDS 3.0 and CPSV-AP 3.2.0, under /data/.

Every file is made in memory first; only when all of them are ready is anything written. The same
catalogue always gives the same bytes (no clocks: the workbook and zip times come from county.updated).
`bianmin export` writes them without building the site, into a temporary folder that then replaces
the output folder in one move.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import html
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

from . import cpsv, hsds, schemaorg
from .commands import load_or_report
from .export_tables import catalogue_document, csv_bytes, datapackage, tables, xlsx_bytes
from .model import Catalogue

FORMATS = ("json", "csv", "xlsx", "schemaorg", "hsds", "cpsv")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DEFAULT_OUT = "open-data"
EXPORT_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "catalogue-export.schema.json"

# file under data/ -> (format, what it holds); the data page and docs/data.md describe the same list.
FILES = {
    "catalogue.json": ("json", "整个目录：事项（含各层级职责）、服务中心（含暂停办理的事项）、部门、分类，编号已解析成名称，默认值已补齐"),
    "catalogue.schema.json": ("json", "catalogue.json 的 JSON Schema（draft 2020-12）"),
    "items.csv": ("csv", "事项表：每个事项一行，含各层级角色、时限、收费、电话"),
    "materials.csv": ("csv", "申请材料表：每个事项的每份材料一行"),
    "centres.csv": ("csv", "服务中心表：县、镇（街道）、村（社区）每个服务点一行，含地址、电话、办公时间、可起办或办结的事项数和只能咨询的事项数"),
    "windows.csv": ("csv", "窗口表：每个服务点的每个窗口一行，含 A 岗、B 岗"),
    "tier_offers.csv": ("csv", "各层级职责表：每个事项在村、镇、县各做什么（办理角色、窗口、本级时限），每个层级只写一次"),
    "exceptions.csv": ("csv", "暂停办理表：某个服务点暂停办理、本层级通常可办的事项及原因"),
    "centre_items.csv": ("csv", "各中心可办事项总表：每个服务点一行、每个事项一列，格内是办理角色（“暂停”为暂停办理），筛选一列就能看到哪些服务点能办"),
    "datapackage.json": ("csv", "以上 CSV 的 Frictionless Data Package 说明：每列的类型、主键和外键"),
    "catalogue.xlsx": ("xlsx", "以上各表的 Excel 工作簿，每张表一个工作表，首行冻结、可筛选"),
    "schemaorg.jsonld": ("schemaorg", "schema.org JSON-LD：每个事项一个 GovernmentService，每个层级一份可办事项清单（OfferCatalog），每个中心一个 GovernmentOffice（暂停办理的事项标为 OutOfStock）"),
    "hsds/organizations.json": ("hsds", "Open Referral HSDS 3.0 organizations：主管部门和便民服务体系"),
    "hsds/services.json": ("hsds", "HSDS 3.0 services：每个事项一个；时限、办件类型、设定依据、各层级角色和窗口等放在 attributes；"
                                   "service_at_locations 列出能起办（递交材料）或办结它的每个服务点（只能咨询的、机关内部审核环节和暂停办理的不列）"),
    "hsds/locations.json": ("hsds", "HSDS 3.0 locations：每个服务中心一个，含地址、电话、分季节的办公时间、层级和暂停办理的事项"),
    "hsds/taxonomy_terms.json": ("hsds", "HSDS 3.0 taxonomy_terms：attributes 所用的 bianmin 分类词（时限、办件类型、设定依据等）的含义"),
    "cpsv-ap.jsonld": ("cpsv", "欧盟 CPSV-AP 3.2.0 JSON-LD：每个事项一个 PublicService，每个层级一个到场办理 Channel，每个中心一个 Channel（暂停办理用 availability restriction 表示）"),
}


def render_exports(catalogue: Catalogue, site_url: str, formats=FORMATS) -> dict[str, bytes]:
    """Path under data/ -> bytes, for the asked formats. Nothing is written here.

    The workbook takes most of the time at scale: on a big catalogue with a second core it is made
    in a second process (at most two processes, each building one part) while this one makes the rest."""
    wanted = set(formats)
    out: dict[str, bytes] = {}
    named_tables = tables(catalogue) if wanted & {"csv", "xlsx"} else {}
    with _side_process(catalogue if "xlsx" in wanted else None) as side:
        workbook = side.submit(xlsx_bytes, named_tables, updated_time(catalogue)) if side else None
        if "json" in wanted:
            out["catalogue.json"] = document_bytes(catalogue_document(catalogue, site_url))
            out["catalogue.schema.json"] = EXPORT_SCHEMA.read_bytes()
        if "csv" in wanted:
            out.update({f"{name}.csv": csv_bytes(*table) for name, table in named_tables.items()})
            out["datapackage.json"] = json_bytes(datapackage(catalogue, named_tables))
        if "xlsx" in wanted:
            out["catalogue.xlsx"] = workbook.result() if workbook else xlsx_bytes(named_tables, updated_time(catalogue))
        if "schemaorg" in wanted:
            out["schemaorg.jsonld"] = graph_bytes(schemaorg.catalogue_graph(catalogue, site_url))
        if "hsds" in wanted:
            out.update({f"hsds/{stem}.json": records_bytes(records) for stem, records in hsds.hsds_documents(catalogue, site_url).items()})
        if "cpsv" in wanted:
            out["cpsv-ap.jsonld"] = graph_bytes(cpsv.cpsv_document(catalogue, site_url))
    return out


SIDE_PROCESS_CELLS = 100_000  # items × centres from which a second process pays (the demo's 12,000 do not)


@contextlib.contextmanager
def _side_process(catalogue: Catalogue | None):
    """A one-worker process pool when it pays and is safe (a big catalogue, a second core, the fork
    start method and no other thread running), else None."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if (catalogue is None or len(catalogue.items) * len(catalogue.centres) < SIDE_PROCESS_CELLS or cores < 2
            or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1):
        yield None
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_bytes(document: dict) -> bytes:
    """A JSON object, one key per line, and each record of a list one compact line: small, and a
    change to one item shows as one changed line."""
    def value(v) -> str:
        return "[\n" + ",\n".join(_compact(r) for r in v) + "\n]" if isinstance(v, list) and v and isinstance(v[0], dict) else _compact(v)
    return ("{\n" + ",\n".join(f"{_compact(k)}:{value(v)}" for k, v in document.items()) + "\n}\n").encode("utf-8")


def records_bytes(records: list) -> bytes:
    """A JSON array with one compact record per line: small, and a change shows as a changed line."""
    return ("[\n" + ",\n".join(_compact(r) for r in records) + "\n]\n").encode("utf-8")


def graph_bytes(document: dict) -> bytes:
    """A JSON-LD document: its @context, then its @graph one node per line."""
    head = _compact({k: v for k, v in document.items() if k != "@graph"})[:-1]
    return (head + ',"@graph":' + records_bytes(document["@graph"]).decode("utf-8")[:-1] + "}\n").encode("utf-8")


def updated_time(catalogue: Catalogue) -> datetime:
    return datetime.strptime(catalogue.county.updated, "%Y-%m-%d")


def write_exports(catalogue: Catalogue, out_dir: Path, site_url: str, formats=FORMATS) -> list[Path]:
    """Write the open-data files into out_dir/data/; return the paths written."""
    files = render_exports(catalogue, site_url, formats)
    return write_files(files, Path(out_dir) / "data")


def write_files(files: dict[str, bytes], folder: Path) -> list[Path]:
    written = []
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# --- the /data/ page --------------------------------------------------------------------------

def data_page_markdown(catalogue: Catalogue) -> str:
    """The /data/ page: what each file holds, its standard, its licence. Links are relative to /data/."""
    county = catalogue.county
    name, note = html.escape(county.name), html.escape(county.sample_note)  # catalogue text shows as text
    licence = html.escape(county.licence) or "未声明（请向县政务服务管理部门询问）"
    lines = [
        "---", "title: 开放数据", "---", "",
        "# 开放数据", "",
        f"{name}便民服务目录的全部内容，以常用格式和国际标准格式公开，供其他部门、研究人员和媒体下载使用。"
        f"数据更新于 {county.updated}，共 {len(catalogue.items)} 个事项、{len(catalogue.centres)} 个服务中心（站）。", "",
    ]
    if county.sample_data:
        lines += [f"> **示例数据**：{note}", ""]
    lines += [f"**许可协议：{licence}**。使用时请注明来源“{name}便民服务目录”。", "",
              "| 文件 | 格式 | 内容 |", "|---|---|---|"]
    lines += [f'| <a href="{name}">{name}</a> | {FORMAT_LABELS[fmt]} | {what} |' for name, (fmt, what) in FILES.items()]
    lines += ["", "## 说明", "",
              "- CSV 文件为 UTF-8 编码并带 BOM，可以直接用 Excel 打开，中文不会乱码。",
              "- 编号（事项ID、中心ID）与网址一致：事项页面是 `/items/<事项ID>/`，中心页面是 `/centres/<中心ID>/`。",
              "- 时限单位照原样给出（工作日或自然日）。schema.org 和 CPSV-AP 的办理时长只能写成 ISO 8601 时长，"
              "没有“工作日”单位：n 个工作日换算为最多 n + 2×⌈n÷5⌉ 天（只算周末，不含法定节假日），准确时限以 catalogue.json 为准。",
              "- HSDS 没有对应字段的内容（法定和承诺时限、办件类型、到现场次数、设定依据、各层级办理角色、窗口、报送时限）"
              "放在 `attributes` 里。每条属性的 `link_type` 是下列代码之一，`taxonomy_term_id` 指向 hsds/taxonomy_terms.json 里同一代码的说明：", ""]
    lines += [f"    - `{code}`：{name}。{description}" for code, (name, description) in hsds.TERMS.items()]
    lines += ["", "- 同一版目录每次导出的文件逐字节相同，可以用校验和判断数据是否有变化。", ""]
    return "\n".join(lines)


FORMAT_LABELS = {"json": "JSON", "csv": "CSV", "xlsx": "Excel", "schemaorg": "schema.org JSON-LD",
                 "hsds": "Open Referral HSDS 3.0", "cpsv": "CPSV-AP 3.2.0 JSON-LD"}


# --- `bianmin export` -------------------------------------------------------------------------

def add_export_arguments(parser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="目录文件夹（默认：当前文件夹下的 catalogue/）")
    parser.add_argument("--format", default=",".join(FORMATS), help=f"要导出的格式，用逗号分隔（默认全部：{','.join(FORMATS)}）")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"输出文件夹（默认 {DEFAULT_OUT}/；整个文件夹会被替换）")
    parser.add_argument("--site-url", default=None, help="网站地址，用于数据里的链接（默认读 mkdocs.yml 的 site_url）")


def run_export(args) -> int:
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        sys.stderr.write(f"bianmin: 不认识的导出格式：{'、'.join(unknown) or '（空）'}。可选：{','.join(FORMATS)}\n")
        return EXIT_USAGE
    out = Path(args.out)
    refusal = unsafe_output(out)
    if refusal:
        sys.stderr.write(f"bianmin: {refusal}\n")
        return EXIT_USAGE
    catalogue = load_or_report(Path(args.path))
    if catalogue is None:
        return EXIT_PROBLEMS
    files = render_exports(catalogue, args.site_url or site_url_from_mkdocs(Path(args.path)), formats)
    replace_folder(out, files)
    print(f"已导出 {len(files)} 个文件到 {out}/（{'、'.join(FORMAT_LABELS[f] for f in FORMATS if f in formats)}）")
    return EXIT_OK


def unsafe_output(out: Path) -> str:
    """Why out must not be replaced (it holds files an export does not make), or ''."""
    if not out.exists():
        return ""
    if not out.is_dir():
        return f"{out} 已存在且不是文件夹，不能作为输出文件夹"
    ours = {name.split("/")[0] for name in FILES}
    foreign = sorted(p.name for p in out.iterdir() if p.name not in ours)
    if foreign:
        return f"输出文件夹 {out} 里有不是导出生成的文件（{'、'.join(foreign[:5])}），为免误删，请换一个空文件夹或新文件夹"
    return ""


def replace_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write every file into a fresh temporary folder beside out, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        write_files(files, temp)
        os.chmod(temp, 0o755)
        old = out.parent / f".{out.name}-old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        temp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def site_url_from_mkdocs(catalogue_path: Path) -> str:
    """site_url from mkdocs.yml in the current folder or beside the catalogue, else the local preview address."""
    for folder in (Path.cwd(), catalogue_path.resolve(), catalogue_path.resolve().parent):
        config = folder / "mkdocs.yml"
        if config.is_file():
            found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text("utf-8"), re.MULTILINE)
            if found:
                return found.group(1)
    return DEFAULT_SITE_URL

