"""`bianmin import SHEET [--mapping FILE] [--dry-run] [PATH]`: read the sheet, report, then write (or not)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..exitcodes import ExitCode
from ..history.sheet_changes import item_changes
from ..importing.notes import FATAL, NOTICE, PERSON, SKIPPED, ImportError_, Note, grouped
from ..importing.plan import Plan, plan_import, write_plan
from ..paths import display_name

KIND_TITLE = {SKIPPED: "没有导入的行", PERSON: "留给人工填写的地方", NOTICE: "请核对"}


def add_arguments(parser) -> None:
    parser.add_argument("sheet", help="实施清单：Excel 工作簿（.xlsx）或 CSV 文件（.csv，UTF-8 或 GB18030）")
    parser.add_argument("path", nargs="?", default=None, help="目录文件夹（默认：当前文件夹下的 catalogue/）；写在表格文件名后面")
    parser.add_argument("--path", dest="path_option", metavar="PATH", help="同上，目录文件夹（和其他命令一样的写法）")
    parser.add_argument("--mapping", help="本县的列名对照文件（YAML），表头叫法与常见写法不同时用；格式见 docs/editing.md")
    parser.add_argument("--dry-run", action="store_true", help="只显示会有哪些变化，不写任何文件")
    parser.add_argument("--same", action="append", default=[], metavar="行号=事项标识",
                        help="表格第几行就是目录里的哪个事项（只有名称相同、编码不同或缺编码时需要），如 --same 12=dibao；可以写多次")


def run(args) -> int:
    try:
        path = Path(args.path_option or args.path or ".")
        same = _same(args.same)
        plan = plan_import(Path(args.sheet), path, Path(args.mapping) if args.mapping else None, same)
    except ImportError_ as exc:
        for note in exc.notes:
            sys.stderr.write(f"bianmin import: {note.text()}\n")
        sys.stderr.write("bianmin import: 没有写任何文件。\n")
        return ExitCode.USAGE
    print(report(plan, args.dry_run))
    if not args.dry_run:
        write_plan(plan)
    return ExitCode.PROBLEMS if any(n.kind == SKIPPED for n in plan.notes) else ExitCode.OK


def _same(pairs: list[str]) -> dict[int, str]:
    found = {}
    for pair in pairs:
        row, _, ident = pair.partition("=")
        if not row.strip().isdigit() or not ident.strip():
            raise ImportError_([Note("--same", "", f"“{pair}”要写成 行号=事项标识，如 --same 12=dibao", FATAL)])
        found[int(row)] = ident.strip()
    return found


def report(plan: Plan, dry_run: bool) -> str:
    created = [p for p in plan.files if p.new]
    changed = [p for p in plan.files if not p.new and p.changed]
    lines = [f"# 从《{plan.sheet}》导入" + ("（试运行：没有写任何文件）" if dry_run else ""), ""]
    if created:
        lines += [f"## 新增的事项（{len(created)} 个）", ""]
        lines += [f"- {p.record.name}（`{p.path.stem}`）：{p.record.where()}{_unknown(p)}" for p in created] + [""]
    if changed:
        lines += ["## 事项的变化", ""]
        for planned in changed:
            lines += [f"### {planned.record.name}（`{planned.path.stem}`）", ""]
            lines += [f"- {c.line()}" for c in item_changes(planned.before or {}, planned.after or {})] + [""]
    conflicts = [p for p in plan.files if p.conflicts]
    if conflicts:
        lines += [f"## 表格和目录都改过的地方：保留了目录的值（{sum(len(p.conflicts) for p in conflicts)} 处）", "",
                  "表格这次的值和上次导入时不同，目录里的值也被人改过。要用表格的值，请手工改目录文件。", ""]
        for planned in conflicts:
            for conflict in planned.conflicts:
                lines.append(f"- {planned.record.name}（`{planned.path.stem}`，{planned.record.where()}）{_label(conflict.path)}："
                             f"目录 {_shown(conflict.catalogue)}；表格 {_shown(conflict.sheet)}"
                             + (f"（上次导入时表格是 {_shown(conflict.last)}）" if conflict.last is not None else "（没有上次导入的记录）"))
        lines.append("")
    for kind in (SKIPPED, PERSON, NOTICE):
        notes = [n for n in plan.notes if n.kind == kind]
        if notes:
            lines += [f"## {KIND_TITLE[kind]}（{len(notes)} 处）", ""] + [f"- {line}" for line in grouped(notes)] + [""]
    incomplete = plan.incomplete()
    if incomplete:
        lines += [f"## 还通不过检查的事项（{len(incomplete)} 个）", "",
                  "这些文件已经写好，但有字段要人工补上（文件里写着 null），补好后运行 `.venv/bin/bianmin check`：", ""]
        for planned in incomplete:
            fields = "、".join(sorted({p.path for p in planned.problems}))
            lines.append(f"- `{display_name(planned.path)}`（{planned.record.where()}）：{len(planned.problems)} 处，{fields}")
        lines.append("")
    if plan.untouched:
        lines += [f"目录里另有 {len(plan.untouched)} 个事项表格里没有，没有改动它们（导入不会删除事项）。", ""]
    same = len(plan.files) - len(created) - len(changed)
    skipped = len({n.cell for n in plan.notes if n.kind == SKIPPED})
    levels = {level: sum(1 for p in created if p.level == level) for level in ("办事指南", "基本信息")}
    lines.append(f"**合计：表格 {len(plan.files)} 个事项；新增 {len(created)}，修改 {len(changed)}，没有变化 {same}；"
                 f"完整（能通过检查）{len(plan.complete())} 个，需要人工补充 {len(incomplete)} 个；没有导入的 {skipped} 处；"
                 f"冲突 {sum(len(p.conflicts) for p in plan.files)} 处。新增的事项：办事指南 {levels['办事指南']} 个，基本信息 {levels['基本信息']} 个。**")
    return "\n".join(lines)


def _unknown(planned) -> str:
    from ..catalogue.validate import schema

    if not planned.unknown:
        return ""
    left = "、".join(schema("item")["properties"][k].get("title", k) for k in planned.unknown)
    return f"；表格没有给全、先不写的（未知，不当作事实显示）：{left}，补上后可以把 level 改成 办事指南"


def _label(path: tuple) -> str:
    from ..importing.records import FIELD_LABELS

    return FIELD_LABELS.get(path, ".".join(map(str, path)))


def _shown(value) -> str:
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        return f"{value['value']} 个{value['unit']}"
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return "未填" if value is None else str(value)
