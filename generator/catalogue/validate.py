"""Check each document against its JSON Schema and explain failures in Chinese."""
from __future__ import annotations

import difflib
import hashlib
import json
import marshal
import os
import re
import sys
from functools import cache
from pathlib import Path

import fastjsonschema

from ..paths import SCHEMA_DIR, cache_dir
from . import codes
from .load import Document
from .problems import Problem

KINDS = ("county", "centre", "item")
PHONE_PATTERN = "^(0[0-9]{2,3}-[0-9]{7,8}(转[0-9]{1,6})?|1[3-9][0-9]{9})$"
FIELDS_PAGE = "网站的“字段说明”页（/fields/），或 schema/ 文件夹里的 {kind}.schema.json"

_TYPE_ZH = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
            "object": "键值对（字段: 值）", "array": "列表（每项以“- ”开头）", "null": "空值"}
_TRAPS = {
    "int": (codes.YAML_NUMBER.code, "YAML 把没加引号的 {raw} 读成了数字（开头的 0 会丢掉）"),
    "float": (codes.YAML_NUMBER.code, "YAML 把没加引号的 {raw} 读成了小数"),
    "bool": (codes.YAML_BOOL.code, "YAML 把没加引号的 {raw} 读成了“是/否”"),
}


@cache
def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))


@cache
def validator(kind: str):
    """A draft 2020-12 validator over the schema with every $ref inlined, to explain failures.

    Imported on first use: a clean catalogue never needs it."""
    from jsonschema import Draft202012Validator
    return Draft202012Validator(inlined(kind))


def _inline(node, root: dict):
    if isinstance(node, list):
        return [_inline(sub, root) for sub in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    ref = node.pop("$ref", None)
    inlined = {key: _inline(value, root) for key, value in node.items() if key != "$defs"}
    if ref is None:
        return inlined
    target = _resolve(ref, root)
    return {**_inline(target, target if not ref.startswith("#") else root), **inlined}


def _resolve(ref: str, root: dict) -> dict:
    if ref.startswith("#/$defs/"):
        return root["$defs"][ref.removeprefix("#/$defs/")]
    return schema(ref.removesuffix(".schema.json"))


@cache
def inlined(kind: str) -> dict:
    return _inline(schema(kind), schema(kind))


def title_at(kind: str, path: tuple) -> str:
    """The Chinese title of the field at path in a document of this kind, or ''."""
    node: dict | None = inlined(kind)
    for part in path:
        node = _child(node, part) if node is not None else None
        if node is None:
            return ""
    return node.get("title", "") if node is not None else ""


def _child(node: dict, part) -> dict | None:
    for branch in [node] + node.get("anyOf", []):
        if isinstance(part, int) and isinstance(branch.get("items"), dict):
            return branch["items"]
        if isinstance(part, str) and part in branch.get("properties", {}):
            return branch["properties"][part]
    return None


def label(kind: str, path: tuple) -> str:
    if not path:
        return "文件"
    key = path[-1]
    if isinstance(key, int):
        return f"{label(kind, path[:-1])}第 {key + 1} 项"
    title = title_at(kind, path)
    return f"“{key}”（{title}）" if title else f"“{key}”"


@cache
def quick_check(kind: str):
    """A compiled validator (fastjsonschema) for the common, clean case; jsonschema explains failures.

    The inlined schema uses only keywords whose meaning is the same in draft-07 and 2020-12;
    tests check that both validators agree. The compiled code is cached (it takes longer to compile
    than the demo takes to check), keyed by the schema files and the versions that made it."""
    cached = _cache_dir() / f"{kind}-{_schema_key()}.marshal"
    try:
        code = marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        plain = {key: value for key, value in inlined(kind).items() if key not in ("$schema", "$id")}
        code = compile(fastjsonschema.compile_to_code(plain), f"<schema {kind}>", "exec")
        _write_quietly(cached, marshal.dumps(code))
    namespace: dict = {}
    exec(code, namespace)  # the module fastjsonschema generated from our own schema
    return namespace["validate"]


def _cache_dir() -> Path:
    return cache_dir("schemas")


@cache
def _schema_key() -> str:
    digest = hashlib.sha256(f"{fastjsonschema.VERSION} {sys.version}".encode())
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _write_quietly(path: Path, data: bytes) -> None:
    """A cache that cannot be written is only slower, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass


def check_schema(doc: Document, kind: str) -> list[Problem]:
    try:
        quick_check(kind)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    found = []
    for error in validator(kind).iter_errors(doc.data):
        found.extend(_explain(doc, kind, error))
    return found


def _explain(doc: Document, kind: str, error) -> list[Problem]:
    path = tuple(error.absolute_path)
    field = label(kind, path)
    keyword = error.validator
    if error.instance is None and keyword in ("type", "enum", "const", "anyOf"):
        return [doc.problem(path, codes.SCHEMA_EMPTY.code, f"{field}没有填写内容：请填上，或者删掉这一行")]
    if keyword == "required":
        missing = error.message.split("'")[1]
        return [doc.problem(path, codes.SCHEMA_REQUIRED.code, f"缺少必填字段 {label(kind, path + (missing,))}，请补上")]
    if keyword == "additionalProperties":
        return [_unknown_key(doc, kind, path, key, error.schema) for key in _extra_keys(error)]
    if keyword == "type":
        return [_type_problem(doc, path, field, error)]
    if keyword in ("enum", "const"):
        return [_choice_problem(doc, path, field, error)]
    if keyword == "anyOf":
        return _any_of(doc, kind, path, field, error)
    if keyword == "pattern":
        return [_pattern_problem(doc, path, field, error)]
    return [doc.problem(path, codes.SCHEMA_VALUE.code, f"{field}{_limit_text(error)}")]


def _pattern_problem(doc: Document, path: tuple, field: str, error) -> Problem:
    value = error.instance
    shown = value if len(value) <= 60 else value[:60] + "…"
    if error.validator_value == PHONE_PATTERN:
        return doc.problem(path, codes.PHONE_FORMAT.code, f"{field}“{shown}”格式不对：{_phone_hint(value)}")
    if "https?://" in error.validator_value:
        return doc.problem(path, codes.URL_SCHEME.code, f"{field}“{shown}”不是允许的链接：{_url_hint(value, error.schema)}")
    hint = error.schema.get("description", "")
    return doc.problem(path, codes.SCHEMA_PATTERN.code, f"{field}“{shown}”格式不对。{hint}")


def _phone_hint(value: str) -> str:
    usage = "固定电话写成“0917-5212345”（区号-号码，有分机写“0917-5212345转8001”），手机写 11 位数字，如“13800000000”"
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.isdigit() and len(value) in (7, 8):
        return f"缺少区号。{usage}"
    if value.isdigit() and len(value) == 11 and value.startswith("1"):
        return f"手机号的第二位应当是 3 到 9，请核对。{usage}"
    if value.startswith("1") and len(digits) == 11:
        return f"手机号中间不要加空格或横线。{usage}"
    if any(ch in value for ch in "－—（）() "):
        return f"请只用数字和半角横线“-”，不要用全角符号、括号或空格。{usage}"
    if "-" in value and len(value.split("-")[1].split("转")[0]) not in (7, 8):
        return f"区号后面的号码应当是 7 或 8 位，这里是 {len(value.split('-')[1].split('转')[0])} 位，请核对。{usage}"
    return usage


def _url_hint(value: str, schema_node: dict) -> str:
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
    allowed = "https:// 或 http:// 开头的网址" + ("，或网站里的路径（如 /forms/dibao.docx）" if "|/" in schema_node.get("pattern", "") else "")
    if scheme and scheme not in ("http", "https"):
        danger = "（这种链接会在群众的手机上运行脚本或打开未知内容）" if scheme in ("javascript", "data", "vbscript", "file") else ""
        return f"不能用“{scheme}:”开头的链接{danger}，只能写 {allowed}"
    if value != value.strip() or any(ch.isspace() for ch in value):
        return f"链接里不能有空格。{schema_node.get('description', '')}"
    return schema_node.get("description", "只能写 https:// 或 http:// 开头的网址")


def _extra_keys(error) -> list[str]:
    allowed = error.schema.get("properties", {})
    return [key for key in error.instance if key not in allowed]


def _unknown_key(doc: Document, kind: str, path: tuple, key: str, schema_node: dict) -> Problem:
    allowed = list(schema_node.get("properties", {}))
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = f"是不是想写 {label(kind, path + (close[0],))}？"
    elif len(allowed) <= 8:
        hint = f"这里可以写的字段有：{'、'.join(allowed)}"
    else:
        hint = f"请检查拼写；{label(kind, path)}里可以写哪些字段，见{FIELDS_PAGE.format(kind=kind)}"
    return doc.problem(path + (key,), codes.SCHEMA_UNKNOWN.code, f"不认识的字段“{key}”。{hint}", key=True)


def _type_problem(doc: Document, path: tuple, field: str, error) -> Problem:
    expected = error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    want = "或".join(_TYPE_ZH.get(t) or t for t in expected)
    trap = doc.plain_scalars.get(path)
    if trap and "string" in expected:
        code, text = _TRAPS.get(trap[0], (codes.SCHEMA_TYPE.code, "这里写的值类型不对"))
        return doc.problem(path, code, f"{field}应当是文字：{text.format(raw=trap[1])}，请加上引号写成 \"{trap[1]}\"")
    got = _TYPE_ZH.get(_json_type(error.instance), "其他")
    return doc.problem(path, codes.SCHEMA_TYPE.code, f"{field}应当是{want}，这里写成了{got}{_number_hint(error, expected)}")


def _number_hint(error, expected: list) -> str:
    """`value: 30天` → write 30, and the unit where the schema keeps it."""
    if not isinstance(error.instance, str) or not {"integer", "number"} & set(expected):
        return ""
    number = re.match(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(\S*)", error.instance)
    if not number:
        return "：请只写阿拉伯数字，如 30"
    digits, rest = number.groups()
    if not rest:
        return f"：去掉引号，直接写 {digits}"
    unit = "，单位写在旁边的 unit 字段里（工作日 或 自然日）" if error.absolute_path and error.absolute_path[-1] == "value" else ""
    return f"“{error.instance}”：只写数字 {digits}，去掉“{rest}”{unit}"


def _json_type(value) -> str:
    for name, kind in (("boolean", bool), ("integer", int), ("number", float), ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, kind):
            return name
    return "null" if value is None else "other"


def _choice_problem(doc: Document, path: tuple, field: str, error) -> Problem:
    choices = error.validator_value if error.validator == "enum" else [error.validator_value]
    trap = doc.plain_scalars.get(path)
    shown = trap[1] if trap else error.instance
    close = difflib.get_close_matches(str(shown), [str(c) for c in choices], n=1, cutoff=0.3)
    hint = f"是不是想写“{close[0]}”？" if close else ""
    extra = "（注意：没加引号的 true/false 会被读成“是/否”）" if trap and trap[0] == "bool" else ""
    allowed = "、".join(str(c) for c in choices)
    return doc.problem(path, codes.SCHEMA_ENUM.code, f"{field}只能填：{allowed}；这里写的是“{shown}”{extra}。{hint}")


def _any_of(doc: Document, kind: str, path: tuple, field: str, error) -> list[Problem]:
    if isinstance(error.instance, str) and path != ("fee",):  # a phone or 12345: explain the phone's own rule
        first = [sub for sub in error.context if sub.schema_path and sub.schema_path[0] == 0]
        return [p for sub in first for p in _explain(doc, kind, sub)]
    if isinstance(error.instance, dict):
        deeper = [sub for sub in error.context if sub.schema_path and sub.schema_path[0] == 1]
        return [p for sub in deeper for p in _explain(doc, kind, sub)]
    return [doc.problem(path, codes.SCHEMA_ENUM.code, f"{field}写法不对：不收费时写“不收费”，收费时写 items 收费项目列表（每项写名称、金额和依据）")]


def _limit_text(error) -> str:
    value, kind = error.validator_value, error.validator
    texts = {
        "minLength": f"太短了：至少要写 {value} 个字",
        "maxLength": f"太长了：最多 {value} 个字，这里有 {len(error.instance) if isinstance(error.instance, str) else '?'} 个字。请精简，详细内容可以放在常见问题或链接里",
        "minItems": f"至少要有 {value} 项",
        "maxItems": f"最多 {value} 项",
        "minimum": f"不能小于 {value}，这里写的是 {error.instance}",
        "maximum": f"不能大于 {value}，这里写的是 {error.instance}",
        "uniqueItems": "里面有重复的项，请删掉重复的",
        "minProperties": "不能是空的，至少要写一项",
    }
    return texts.get(kind, f"不符合要求（{kind}）")
