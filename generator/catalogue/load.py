"""Load catalogue YAML files into plain data that remembers where every value stood.

Safe loading only. Duplicate keys, tabs, BOMs, non-UTF-8 bytes, empty files and
recursive aliases are reported as problems; nothing here raises for bad input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, json_path

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 1_000_000
MAX_NODES = 200_000
_CONSTRUCTOR = yaml.SafeLoader("")
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Document:
    """One YAML file: its data, and the position of every value and key in it."""

    file: str
    data: Any = None
    positions: dict = field(default_factory=dict)      # path tuple -> (line, col) of the value
    key_positions: dict = field(default_factory=dict)  # path tuple -> (line, col) of the key
    plain_scalars: dict = field(default_factory=dict)  # path tuple -> (tag, source text) of unquoted non-strings

    def at(self, path: tuple) -> tuple[int, int]:
        """Position of the value at path, or of its nearest ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_at(self, path: tuple) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.at(path)

    def problem(self, path: tuple, code: str, message: str, *, key: bool = False, severity="error") -> Problem:
        line, col = self.key_at(path) if key else self.at(path)
        return Problem(self.file, line, col, code, message, json_path(path), severity)


class _TooBig(Exception):
    pass


def load_file(path: Path, display: str) -> tuple[Document, list[Problem]]:
    doc = Document(display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(display, 1, 1, "E-FILE-READ", f"无法读取文件：{exc.strerror or exc}")]
    return load_bytes(raw, doc)


def load_bytes(raw: bytes, doc: Document) -> tuple[Document, list[Problem]]:
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return doc, [Problem(doc.file, 1, 1, "E-YAML-SIZE", f"文件太大（{len(raw)} 字节，上限 {MAX_BYTES} 字节），请拆分或检查是否放错了文件")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(doc.file, 1, 1, "E-YAML-BOM", "文件开头有 BOM 标记，请在编辑器里选择“UTF-8（无 BOM）”重新保存"))
        raw = raw[3:]
    text, problem = _decode(raw, doc.file)
    if problem:
        return doc, problems + [problem]
    tabs = _tab_problems(text, doc.file)
    if tabs:
        return doc, problems + tabs
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return doc, problems + [Problem(doc.file, line, 1, "E-YAML-ENCODING", "文件里有不可见的控制字符（NUL），这不是正常的文本文件")]
    node, problem = _compose(text, doc.file)
    if problem:
        return doc, problems + [problem]
    if node is None:
        return doc, problems + [Problem(doc.file, 1, 1, "E-YAML-EMPTY", "文件是空的：请填写内容，或删除这个文件")]
    try:
        doc.data = _Walker(doc, problems).value(node, ())
    except _TooBig:
        return doc, problems + [Problem(doc.file, 1, 1, "E-YAML-SIZE", f"文件内容展开后超过 {MAX_NODES} 个值（可能是别名 * 的循环或嵌套），请检查")]
    except RecursionError:
        return doc, problems + [Problem(doc.file, 1, 1, "E-YAML-SIZE", "文件嵌套层次太深，请检查缩进")]
    return doc, problems


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        hint = "文件不是 UTF-8 编码（可能是用 GBK/ANSI 保存的），请在编辑器里选择“UTF-8”重新保存"
        return "", Problem(file, line, col, "E-YAML-ENCODING", hint)


def _tab_problems(text: str, file: str) -> list[Problem]:
    found: list[Problem] = []
    if "\t" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            col = indent.index("\t") + 1
            found.append(Problem(file, number, col, "E-YAML-TAB", "行首用了 Tab 制表符缩进，YAML 只能用空格缩进，请把 Tab 换成两个空格"))
    return found


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "这里不能出现冒号“:”：可能是缩进不对，或者值里含有冒号，请把整个值用引号括起来"),
    ("could not find expected ':'", "缺少冒号“:”：每一行应当写成“字段: 值”，冒号后面要有空格"),
    ("did not find expected key", "缩进不对齐：同一层的字段要左对齐，请检查这一行和上一行的空格数"),
    ("expected <block end>", "缩进不对齐：同一层的字段要左对齐，请检查这一行和上一行的空格数"),
    ("did not find expected '-' indicator", "列表缩进不对齐：列表的每一项“- ”要左对齐"),
    ("found unexpected end of stream", "引号或括号没有配对：请检查这一行开始的引号、[ ] 或 { } 是否闭合"),
    ("found unknown escape character", "双引号里的反斜杠“\\”用法不对：改用单引号，或写成两个反斜杠"),
    ("found undefined alias", "用了未定义的别名“*”：请去掉 * 号，或把值用引号括起来"),
    ("found character that cannot start any token", "这一行以 YAML 不允许的字符开头（如 @ 或 `），请把整个值用引号括起来"),
    ("expected a single document", "一个文件只能有一个文档：请删除多余的“---”分隔行"),
    ("while parsing a flow", "方括号 [ ] 或花括号 { } 没有配对，或里面的逗号用错了（注意不要用中文逗号“，”分隔）"),
]


def _compose(text: str, file: str):
    loader = _Loader(text)
    try:
        return loader.get_single_node(), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = f"{exc.context or ''} {exc.problem or ''}"
        hint = next((zh for en, zh in _SYNTAX_HINTS if en in detail), "YAML 格式错误，请检查这一行的缩进、冒号和引号")
        return None, Problem(file, line, col, "E-YAML-SYNTAX", hint)
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        mark = getattr(exc, "position", None)
        return None, Problem(file, 1, 1, "E-YAML-SYNTAX", f"YAML 格式错误，文件里可能有不可见的特殊字符（位置 {mark}）")
    finally:
        loader.dispose()


class _Walker:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, problems: list):
        self.doc, self.problems, self.count = doc, problems, 0
        self.open: set[int] = set()

    def value(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.open:
            self.problems.append(self.doc.problem(path, "E-YAML-ALIAS", "别名“*”指向了它自己所在的内容，形成了循环，请去掉这个别名"))
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(child, path + (i,)) for i, child in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.open.discard(id(node))

    def mapping(self, node, path: tuple) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            key_path = path + (key,)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in first_seen:
                message = f"字段“{key}”重复出现（第一次在第 {first_seen[key]} 行），请删掉或合并其中一个"
                self.problems.append(Problem(self.doc.file, *where, "E-YAML-DUPKEY", message, json_path(key_path)))
                continue
            first_seen[key] = where[0]
            self.doc.key_positions[key_path] = where
            result[key] = self.value(value_node, key_path)
        return result

    def key(self, node, path: tuple) -> str:
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.problems.append(Problem(self.doc.file, *where, "E-YAML-KEY", "字段名必须是简单的文字，不能是列表或键值对", json_path(path)))
        return f"<{node.start_mark.line + 1}:{node.start_mark.column + 1}>"

    def scalar(self, node, path: tuple):
        if node.tag == _STR_TAG or node.style:
            return node.value
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            value = node.value
        if not isinstance(value, str):
            self.doc.plain_scalars[path] = (node.tag.rsplit(":", 1)[-1], node.value)
        return value
