"""The 字段说明 page: every field of the catalogue files, generated from schema/ so it never drifts."""
from __future__ import annotations

from ..catalogue.validate import inlined

FILES = (("county", "county.yml"), ("centre", "centres/<标识>.yml"), ("item", "items/<标识>.yml"))
_TYPE_ZH = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
            "object": "键值对", "array": "列表"}


def field_reference_markdown() -> str:
    lines = ["# 字段说明", "",
             "目录文件里每个字段的含义和写法。本页由 schema/ 里的 JSON Schema 自动生成，与检查程序用的是同一份规则。",
             "“必填”指所在的那一层必须写；可选字段不需要时整行删掉即可。"
             "“办事指南必填”指完整度（level）为办事指南的事项（不写 level 的也是）必须写，基本信息级的事项还不知道时可以先不写。", ""]
    for kind, file in FILES:
        lines += _file_section(kind, file)
    return "\n".join(lines) + "\n"


def _file_section(kind: str, file: str) -> list[str]:
    root = inlined(kind)  # every $ref already replaced by what it names (the referring node's keys win)
    lines = [f"## {root['title']}：`catalogue/{file}`", "", root.get("description", ""), "",
             "| 字段 | 名称 | 必填 | 怎么写 | 说明 |", "|---|---|---|---|---|"]
    then = root.get("then", {})  # what only a complete item must have (item.schema.json's if/then)
    guide = set(then.get("required", ())) | {f"{name}.{sub}" for name, node in then.get("properties", {}).items()
                                              for sub in node.get("required", ())}
    for path, node, required in fields(root, kind):
        need = "办事指南必填" if path in guide else "必填" if required else "可选"
        lines.append(f"| `{path}` | {_cell(node.get('title', ''))} | {need} | "
                     f"{_cell(_how(node, kind))} | {_cell(_description(node, kind))} |")
    return lines + [""]


def fields(root: dict, kind: str, node: dict | None = None, prefix: str = ""):
    """(dotted path, schema node, required) for every property, depth first, in file order."""
    node = root if node is None else node
    required = set(node.get("required", ()))
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, sub, name in required
        yield from _children(root, kind, sub, path)


def _children(root: dict, kind: str, node: dict, path: str):
    if "properties" in node:
        yield from fields(root, kind, node, path + ".")
    items = node.get("items", {})
    if "properties" in items:
        yield from fields(root, kind, items, path + "[].")
    for option in node.get("anyOf", ()):
        if "properties" in option:
            yield from fields(root, kind, option, path + ".")


def _description(node: dict, kind: str) -> str:
    """The field's own description; for a list of plain values, what each value should look like."""
    items = node.get("items", {})
    each = items.get("description", "") if "properties" not in items else ""
    return node.get("description", "") or (f"每一项：{each}" if each else "")


def _how(node: dict, kind: str) -> str:
    if "enum" in node:
        return "只能填：" + "、".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        return " 或 ".join(_how(option, kind) for option in node["anyOf"])
    if "const" in node:
        return f"“{node['const']}”"
    kinds = node.get("type", "")
    text = "或".join(_TYPE_ZH.get(t) or t for t in (kinds if isinstance(kinds, list) else [kinds]) if t)
    if node.get("type") == "array" and "enum" in node.get("items", {}):
        text += "，每项只能是：" + "、".join(node["items"]["enum"])
    return text + _limits(node)


def _limits(node: dict) -> str:
    parts = []
    if "minimum" in node or "maximum" in node:
        parts.append(f"{node.get('minimum', '')}–{node.get('maximum', '')}")
    if node.get("minLength"):
        parts.append(f"至少 {node['minLength']} 个字")
    if node.get("maxLength"):
        parts.append(f"最多 {node['maxLength']} 个字")
    if node.get("minItems"):
        parts.append(f"至少 {node['minItems']} 项")
    if "pattern" in node:
        parts.append(f"格式 `{node['pattern']}`")
    return f"（{'，'.join(parts)}）" if parts else ""


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
