"""Open data: the catalogue as JSON, CSV, XLSX, schema.org, HSDS 3.0 and CPSV-AP 3.2.0, under /data/.

One module per format, listed once in FORMAT_MODULES. A format module has LABEL (its name on the
/data/ page), FILES (file under data/ -> what it holds) and files(catalogue, site_url) -> {file: bytes}.
Every file is made in memory first; only when all of them are ready is anything written. The same
catalogue always gives the same bytes (no clocks: the workbook and zip times come from county.updated).
"""
from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

from ..catalogue import addresses
from ..catalogue.model import Catalogue
from ..paths import swap_in
from . import catalogue_json, cpsv, csv_tables, hsds, schemaorg, sheet, xlsx_workbook

# format name -> module; the order is the order of the /data/ page and of docs/data.md
FORMAT_MODULES = {"json": catalogue_json, "csv": csv_tables, "xlsx": xlsx_workbook,
                  "schemaorg": schemaorg, "hsds": hsds, "cpsv": cpsv, "sheet": sheet}
FORMATS = tuple(FORMAT_MODULES)
FORMAT_LABELS = {name: module.LABEL for name, module in FORMAT_MODULES.items()}
# file under data/ -> (format, what it holds)
FILES = {file: (name, what) for name, module in FORMAT_MODULES.items() for file, what in module.FILES.items()}


def render_exports(catalogue: Catalogue, site_url: str, formats=FORMATS) -> dict[str, bytes]:
    """Path under data/ -> bytes, for the asked formats. Nothing is written here.

    One process: making the workbook in a forked second process was measured slower at real scale
    on two shared cores (the child copies the pages it touches and rebuilds the tables): see docs/data.md."""
    out: dict[str, bytes] = {}
    for name in FORMATS:
        if name in formats:
            out.update(FORMAT_MODULES[name].files(catalogue, site_url))
    return out


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
              f"- 编号（事项ID、中心ID）与网址一致：事项页面是 `/{addresses.item_page('<事项ID>')}`，"
              f"中心页面是 `/{addresses.centre_page('<中心ID>')}`。",
              "- 每件事只写一次：一个服务点能办的事项，就是它所在层级能办的事项（tier_offers.csv，或 catalogue.json 里事项的 tiers），"
              "减去它暂停办理的（exceptions.csv，或 catalogue.json 里中心的 exceptions）。centre_items.csv 把这个结果展开成"
              "“服务点 × 事项”总表，在 Excel 里筛选某个事项那一列，就能看到哪些服务点能办。",
              "- 时限单位照原样给出（工作日或自然日）。schema.org 和 CPSV-AP 的办理时长只能写成 ISO 8601 时长，"
              "没有“工作日”单位：n 个工作日换算为最多 n + 2×⌈n÷5⌉ 天（只算周末，不含法定节假日），准确时限以 catalogue.json 为准。",
              "- HSDS 没有对应字段的内容（法定和承诺时限、办件类型、到现场次数、设定依据、各层级办理角色、窗口、报送时限）"
              "放在 `attributes` 里。每条属性的 `link_type` 是下列代码之一，`taxonomy_term_id` 指向 hsds/taxonomy_terms.json 里同一代码的说明：", ""]
    lines += [f"    - `{code}`：{name}。{description}" for code, (name, description) in hsds.TERMS.items()]
    lines += ["", "- 同一版目录每次导出的文件逐字节相同，可以用校验和判断数据是否有变化。", ""]
    return "\n".join(lines)


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
        swap_in(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
