"""The one way catalogue files are written: byte for byte what the web form (Decap CMS) writes.

Decap CMS 3.x saves an entry with the `yaml` npm package 1.10 (decap-cms-core src/formats/yaml.ts):
`createNode(data)` with the default options, top-level keys sorted in the order of the collection's
fields, then `Document.toString()`. The form's fields are made from the schema in property order
(generator/site/cms.py), and below the top level the form keeps the order it read, so the canonical
order is the schema's at every level. Everything is in block style; strings are plain unless YAML 1.2
would read them as something else (then in double quotes, or single quotes when they hold `"`);
multi-line strings are block scalars; lines are folded at spaces past 80 characters; comments are
not kept. This module is a port of that stringifier (yaml 1.10.3 dist/resolveSeq-*.js) for the
values a catalogue holds (mappings, lists, strings, numbers, booleans, null), so that a file written
here and then saved unchanged by the form stays the same bytes (tests/test_yamlstyle.py compares
the two on every catalogue file).

Lengths are counted the way JavaScript counts them (UTF-16 code units).
"""
from __future__ import annotations

import datetime
import json
import math
import re
from array import array
from dataclasses import dataclass, replace
from decimal import Decimal

from .load import yaml12_text
from .validate import inlined

LINE_WIDTH = 80
MIN_CONTENT_WIDTH = 20
MIN_MULTILINE_DOUBLE = 40
INDENT_STEP = "  "

_JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]\Z|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]\Z")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DOCUMENT_MARKER = re.compile(r"^(?:%|---|\.\.\.)", re.M)
_MORE_INDENTED = re.compile("(?:^|\n)([\t ][^\n\r\u2028\u2029]*)(?:([\n\t ]*)\n(?![\n\t ]))?")


@dataclass(frozen=True)
class _Ctx:
    indent: str = ""
    implicit_key: bool = False
    indent_at_start: int | None = None


def dump(document: dict, kind: str) -> str:
    """The file text for one item, centre or county document, in the form's style."""
    ordered = order(document, inlined(kind))
    return _from_units(_mapping(_units(ordered), _Ctx()) + "\n")


def order(value, schema: dict | None):
    """value with every mapping's keys in the schema's property order (unknown keys after, as they were)."""
    if isinstance(value, dict):
        node = _branch(schema, "properties")
        known = list(node.get("properties", {}))
        keys = sorted(value, key=lambda k: known.index(k) if k in known else len(known))
        return {key: order(value[key], _property(node, key)) for key in keys}
    if isinstance(value, list):
        items = _branch(schema, "items").get("items")
        return [order(v, items if isinstance(items, dict) else None) for v in value]
    return value


def _branch(schema: dict | None, wanted: str) -> dict:
    schema = schema or {}
    for branch in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        if wanted in branch or (wanted == "properties" and "additionalProperties" in branch):
            return branch
    return schema


def _property(node: dict, key: str) -> dict | None:
    if key in node.get("properties", {}):
        return node["properties"][key]
    for pattern, sub in node.get("patternProperties", {}).items():
        if re.search(pattern, key):
            return sub
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


# --- text as JavaScript sees it ---------------------------------------------------------------

def _units(value):
    """Strings as UTF-16 code units (an astral character becomes two), as JavaScript measures them."""
    if isinstance(value, str):
        if value.isascii() or all(ord(c) < 0x10000 for c in value):
            return value
        return "".join(map(chr, array("H", value.encode("utf-16-le"))))
    if isinstance(value, dict):
        return {_units(str(k)): _units(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_units(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _from_units(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")  # a fold inside a pair: U+FFFD, as the browser writes it


def _at(text: str, i: int) -> str:
    """text[i] as JavaScript reads it: '' past either end."""
    return text[i] if 0 <= i < len(text) else ""


# --- collections ----------------------------------------------------------------------------

def _node(value, ctx: _Ctx) -> str:
    if isinstance(value, dict):
        return _mapping(value, ctx)
    if isinstance(value, list):
        return _sequence(value, ctx)
    return _scalar(value, ctx)


def _mapping(mapping: dict, ctx: _Ctx) -> str:
    if not mapping:
        return "{}"
    all_null = all(v is None for v in mapping.values())
    item_ctx = replace(ctx, indent=ctx.indent)
    lines = [_pair(key, value, item_ctx, all_null) for key, value in mapping.items()]
    return f"\n{ctx.indent}".join(lines)


def _sequence(items: list, ctx: _Ctx) -> str:
    if not items:
        return "[]"
    item_ctx = replace(ctx, indent=ctx.indent + INDENT_STEP)
    return f"\n{ctx.indent}".join(f"- {_node(item, item_ctx)}" for item in items)


def _pair(key: str, value, ctx: _Ctx, all_null: bool) -> str:
    pair_ctx = _Ctx(indent=ctx.indent + INDENT_STEP, implicit_key=True)
    text = _scalar(key, pair_ctx)
    if all_null:
        return f"? {text}"
    text += ":"
    if not isinstance(value, (dict, list)):
        pair_ctx = replace(pair_ctx, implicit_key=False, indent_at_start=len(text) + 1)
        shown = _scalar(value, pair_ctx)
        return text + ("" if shown.startswith("\n") else " ") + shown
    shown = _node(value, replace(pair_ctx, implicit_key=False))
    flow = shown[0] in "[{"
    return text + (f"\n{pair_ctx.indent}" if not flow or "\n" in shown else " ") + shown


# --- scalars --------------------------------------------------------------------------------

def _scalar(value, ctx: _Ctx) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    return _string(str(value), ctx)


def _number(value: int | float) -> str:
    """JSON.stringify of a JavaScript number."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    if 1e-6 <= abs(value) < 1e21:
        return format(Decimal(repr(value)), "f")
    mantissa, _, exponent = repr(value).partition("e")
    return f"{mantissa}e{'+' if int(exponent) > 0 else '-'}{abs(int(exponent))}"


def _string(value: str, ctx: _Ctx) -> str:
    if _CONTROL.search(value):
        return _double_quoted(value, ctx)
    return _plain(value, ctx)


def _plain(value: str, ctx: _Ctx) -> str:
    if ctx.implicit_key and re.search(r"[\n\[\]{},]", value):
        return _double_quoted(value, ctx)
    if not value or _NOT_PLAIN.search(value):
        if ctx.implicit_key or "\n" not in value:
            return _single_quoted(value, ctx) if '"' in value and "'" not in value else _double_quoted(value, ctx)
        return _block(value, ctx)
    if not ctx.implicit_key and "\n" in value:
        return _block(value, ctx)
    text = re.sub(r"\n+", lambda m: f"{m.group()}\n{ctx.indent}", value)
    if not yaml12_text(text):
        return _double_quoted(value, ctx)
    return text if ctx.implicit_key else _fold(text, ctx.indent, "flow", ctx.indent_at_start)


def _scalar_indent(value: str, ctx: _Ctx) -> str:
    return ctx.indent or ("  " if _DOCUMENT_MARKER.search(value) else "")


def _double_quoted(value: str, ctx: _Ctx) -> str:
    js = json.dumps(value, ensure_ascii=False)
    indent = _scalar_indent(value, ctx)
    out, start, i = "", 0, 0
    while i < len(js):
        ch = js[i]
        if ch == " " and _at(js, i + 1) == "\\" and _at(js, i + 2) == "n":
            out += js[start:i] + "\\ "  # a space before a newline is escaped, or folding would eat it
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = _at(js, i + 1)
            if following == "u":
                out += js[start:i] + _short_escape(js[i + 2:i + 6])
                i += 5
                start = i + 1
            elif following == "n":
                if ctx.implicit_key or _at(js, i + 2) == '"' or len(js) < MIN_MULTILINE_DOUBLE:
                    i += 1
                else:
                    out += js[start:i] + "\n\n"
                    while _at(js, i + 2) == "\\" and _at(js, i + 3) == "n" and _at(js, i + 4) != '"':
                        out += "\n"
                        i += 2
                    out += indent + ("\\" if _at(js, i + 2) == " " else "")
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    out = out + js[start:] if start else js
    return out if ctx.implicit_key else _fold(out, indent, "quoted", ctx.indent_at_start)


def _short_escape(code: str) -> str:
    named = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e", "0085": "\\N", "00a0": "\\_",
             "2028": "\\L", "2029": "\\P"}
    return named.get(code) or (f"\\x{code[2:]}" if code.startswith("00") else f"\\u{code}")


def _single_quoted(value: str, ctx: _Ctx) -> str:
    if ctx.implicit_key and "\n" in value or not ctx.implicit_key and re.search(r"[ \t]\n|\n[ \t]", value):
        return _double_quoted(value, ctx)
    indent = _scalar_indent(value, ctx)
    text = "'" + re.sub(r"\n+", lambda m: f"{m.group()}\n{indent}", value.replace("'", "''")) + "'"
    return text if ctx.implicit_key else _fold(text, indent, "flow", ctx.indent_at_start)


def _block(value: str, ctx: _Ctx) -> str:
    if re.search(r"\n[\t ]+\Z", value) or re.fullmatch(f"[{_JS_SPACE}]*", value):
        return _double_quoted(value, ctx)
    indent = _scalar_indent(value, ctx)
    size = "2" if indent else "1"
    literal = not _over_width(value, len(indent))
    header = "|" if literal else ">"
    ends = {"start": "", "end": ""}

    def trailing(match: re.Match) -> str:
        nonlocal header
        ws = match.group()
        newline = ws.find("\n")
        if newline == -1:
            header += "-"
        elif value == ws or newline != len(ws) - 1:
            header += "+"
        ends["end"] = re.sub(r"\n\Z", "", ws)
        return ""

    def leading(match: re.Match) -> str:
        nonlocal header
        ws = match.group()
        if " " in ws:
            header += size
        spaces = re.search(r" +\Z", ws)
        ends["start"] = ws[:-len(spaces.group())] if spaces else ws
        return spaces.group() if spaces else ""

    body = re.sub(r"[\n\t ]*\Z", trailing, value, count=1)
    body = re.sub(r"\A[\n ]*", leading, body, count=1)
    start, end = ends["start"], ends["end"]
    if end:
        end = re.sub(r"\n+(?!\n|\Z)", lambda m: m.group() + indent, end)
    if start:
        start = re.sub(r"\n+", lambda m: m.group() + indent, start)
    if not body:
        return f"{header}{size}\n{indent}{end}"
    if literal:
        body = re.sub(r"\n+", lambda m: m.group() + indent, body)
        return f"{header}\n{indent}{start}{body}{end}"
    body = re.sub(r"\n+", lambda m: "\n" + m.group(), body)
    body = _MORE_INDENTED.sub(lambda m: m.group(1) + (m.group(2) or ""), body)  # more-indented lines stay
    body = re.sub(r"\n+", lambda m: m.group() + indent, body)
    return f"{header}\n{indent}{_fold(start + body + end, indent, 'block', None)}"


def _over_width(text: str, indent_length: int) -> bool:
    limit = LINE_WIDTH - indent_length
    if len(text) <= limit:
        return False
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if i - start > limit:
                return True
            start = i + 1
            if len(text) - start <= limit:
                return False
    return True


def _more_indented(text: str, i: int) -> int:
    """The index of the last newline of the more-indented lines starting after i."""
    ch = _at(text, i + 1)
    while ch in (" ", "\t"):
        while True:
            i += 1
            ch = _at(text, i)
            if not ch or ch == "\n":
                break
        ch = _at(text, i + 1)
    return i


def _fold(text: str, indent: str, mode: str, indent_at_start: int | None) -> str:
    """Lines of at most LINE_WIDTH, broken at single spaces (yaml's foldFlowLines)."""
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - len(indent))
    if len(text) <= end_step:
        return text
    folds: list[int] = []
    escaped: set[int] = set()
    end = LINE_WIDTH - len(indent)
    if indent_at_start:
        if indent_at_start > LINE_WIDTH - max(2, MIN_CONTENT_WIDTH):
            folds.append(0)
        else:
            end = LINE_WIDTH - indent_at_start
    split: int | None = None
    prev = ""
    i = esc_start = esc_end = -1
    if mode == "block":
        i = _more_indented(text, i)
        if i != -1:
            end = i + end_step
    while True:
        i += 1
        ch = _at(text, i)
        if not ch:
            break
        if mode == "quoted" and ch == "\\":
            esc_start = i
            i += {"x": 3, "u": 5, "U": 9}.get(_at(text, i + 1), 1)
            esc_end = i
        if ch == "\n":
            if mode == "block":
                i = _more_indented(text, i)
            end = i + end_step
            split = None
        else:
            following = _at(text, i + 1)
            if ch == " " and prev and prev not in " \n\t" and following and following not in " \n\t":
                split = i
            if i >= end:
                if split:
                    folds.append(split)
                    end = split + end_step
                    split = None
                elif mode == "quoted":
                    while prev in (" ", "\t"):
                        prev, ch = ch, _at(text, i + 1)
                        i += 1
                    j = i - 2 if i > esc_end + 1 else esc_start - 1
                    if j in escaped:
                        return text
                    folds.append(j)
                    escaped.add(j)
                    end = j + end_step
                    split = None
                # else: a line with no space to break at stays longer than LINE_WIDTH
        prev = ch
    if not folds:
        return text
    out = text[:folds[0]]
    for n, fold in enumerate(folds):
        stop = folds[n + 1] if n + 1 < len(folds) and folds[n + 1] else len(text)
        if fold == 0:
            out = f"\n{indent}{text[0:stop]}"
        else:
            if mode == "quoted" and fold in escaped:
                out += f"{text[fold]}\\"
            out += f"\n{indent}{text[fold + 1:stop]}"
    return out
