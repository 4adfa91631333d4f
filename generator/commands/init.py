"""`bianmin init PATH --name 县名`: a new county's project (catalogue, mkdocs.yml, CI files, README)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..catalogue.newcounty import REPO_PLACEHOLDER, InitError, write_project
from ..exitcodes import ExitCode


def add_arguments(parser) -> None:
    parser.add_argument("path", help="新项目的文件夹（没有就新建）")
    parser.add_argument("--name", required=True, help="县名，如 扶风县")
    parser.add_argument("--area-code", required=True, help="电话区号，如 0917")
    parser.add_argument("--division-code", default="", help="行政区划代码（6 位），如 610324")
    parser.add_argument("--id", default="", help="县的标识（默认：县名的拼音，如 fufeng）")
    parser.add_argument("--bianmin-repo", default=REPO_PLACEHOLDER, help="CI 安装便民用的仓库地址（默认是占位地址，要改）")
    parser.add_argument("--bianmin-version", default="", help="CI 安装的便民版本标签（默认：当前版本，如 v0.1.0）")


def run(args) -> int:
    folder = Path(args.path)
    try:
        write_project(folder, args.name.strip(), args.area_code.strip(), args.division_code.strip(), args.id,
                      args.bianmin_repo, args.bianmin_version)
    except InitError as exc:
        sys.stderr.write(f"bianmin init: {exc}\n")
        return ExitCode.USAGE
    print(f"已在 {folder} 建好{args.name}的目录项目。下一步：\n"
          f"  cd {folder}\n  bianmin import 实施清单.xlsx   # 导入实施清单\n  bianmin build                  # 生成网站\n"
          "请先按 README.md 改好 catalogue/county.yml 里的省、市、监督投诉电话和开放时间；CI 文件里的便民仓库地址也见 README.md。")
    if args.bianmin_repo == REPO_PLACEHOLDER:
        print(f"注意：CI 文件里便民的仓库地址是占位的 {REPO_PLACEHOLDER}，请改成真实地址（或用 --bianmin-repo）。")
    return ExitCode.OK
