"""`bianmin import SHEET [--mapping FILE] [--dry-run] [PATH]`: read the sheet, report, then write (or not)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..history.sheet_changes import item_changes
from ..importing.notes import NOTICE, PERSON, SKIPPED, ImportError_
from ..importing.plan import Plan, plan_import, write_plan
from ..paths import display_name

KIND_TITLE = {SKIPPED: "没有导入的行", PERSON: "留给人工填写的地方", NOTICE: "请核对"}


def add_arguments(parser) -> None:
    parser.add_argument("sheet", help="实施清单：Excel 工作簿（.xlsx）或 CSV 文件（.csv，UTF-8 或 GB18030）")
    parser.add_argument("path", nargs="?", default=None, help="目录文件夹（默认：当前文件夹下的 catalogue/）；写在表格文件名后面")
    parser.add_argument("--path", dest="path_option", metavar="PATH", help="同上，目录文件夹（和其他命令一样的写法）")
    parser.add_argument("--mapping", help="本县的列名对照文件（YAML），表头叫法与常见写法不同时用；格式见 docs/editing.md")
    parser.add_argument("--dry-run", action="store_true", help="只显示会有哪些变化，不写任何文件")


def run(args) -> int:
    try:
        path = Path(args.path_option or args.path or ".")
        plan = plan_import(Path(args.sheet), path, Path(args.mapping) if args.mapping else None)
    except ImportError_ as exc:
        for note in exc.notes:
            sys.stderr.write(f"bianmin import: {note.text()}\n")
        sys.stderr.write("bianmin import: 没有写任何文件。\n")
        return ExitCode.USAGE
    print(report(plan, args.dry_run))
    if not args.dry_run:
        write_plan(plan)
    return ExitCode.PROBLEMS if any(n.kind == SKIPPED for n in plan.notes) else ExitCode.OK


def report(plan: Plan, dry_run: bool) -> str:
    created = [p for p in plan.files if p.new]
    changed = [p for p in plan.files if not p.new and p.changed]
    lines = [f"# 从《{plan.sheet}》导入" + ("（试运行：没有写任何文件）" if dry_run else ""), ""]
    if created:
        lines += [f"## 新增的事项（{len(created)} 个）", ""]
        lines += [f"- {p.record.name}（`{p.path.stem}`）：{p.record.where()}" for p in created] + [""]
    if changed:
        lines += ["## 事项的变化", ""]
        for planned in changed:
            lines += [f"### {planned.record.name}（`{planned.path.stem}`）", ""]
            lines += [f"- {c.line()}" for c in item_changes(planned.before or {}, planned.after or {})] + [""]
    for kind in (SKIPPED, PERSON, NOTICE):
        notes = [n for n in plan.notes if n.kind == kind]
        if notes:
            lines += [f"## {KIND_TITLE[kind]}（{len(notes)} 处）", ""] + [f"- {n.text()}" for n in notes] + [""]
    incomplete = plan.incomplete()
    if incomplete:
        lines += [f"## 还通不过检查的事项（{len(incomplete)} 个）", "",
                  "这些文件已经写好，但有字段要人工补上（文件里标着“待填”），补好后运行 `.venv/bin/bianmin check`：", ""]
        for planned in incomplete:
            fields = "、".join(sorted({p.path for p in planned.problems}))
            lines.append(f"- `{display_name(planned.path)}`（{planned.record.where()}）：{len(planned.problems)} 处，{fields}")
        lines.append("")
    if plan.untouched:
        lines += [f"目录里另有 {len(plan.untouched)} 个事项表格里没有，没有改动它们（导入不会删除事项）。", ""]
    same = len(plan.files) - len(created) - len(changed)
    skipped = len({n.cell for n in plan.notes if n.kind == SKIPPED})
    lines.append(f"**合计：表格 {len(plan.files)} 个事项；新增 {len(created)}，修改 {len(changed)}，没有变化 {same}；"
                 f"完整（能通过检查）{len(plan.complete())} 个，需要人工补充 {len(incomplete)} 个；没有导入的 {skipped} 处。**")
    return "\n".join(lines)
