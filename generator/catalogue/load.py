"""Load catalogue YAML files into plain data that remembers where every value stood.

Safe loading only. Duplicate keys, tabs, BOMs, non-UTF-8 bytes, empty files and
recursive aliases are reported as problems; nothing here raises for bad input.
"""
from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import codes
from .problems import CONTROL, Problem, json_path, shown_char

try:  # libyaml is ~10x faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 1_000_000
MAX_NODES = 200_000      # values in one file after aliases are expanded; build works on whatever passes
MAX_ALIASED = 10_000     # values that aliases (*name) copy in one file: anchors are for small repeats
MAX_DEPTH = 100          # nesting of lists and mappings
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "退格", 0x0b: "垂直制表符", 0x0c: "换页符", 0x1b: "ESC，终端转义序列",
                 0x7f: "DEL", 0x202e: "从右到左书写控制符"}
_CONSTRUCTOR = yaml.SafeLoader("")
_STR_TAG = "tag:yaml.org,2002:str"
# Plain (unquoted) text that YAML 1.2 reads as null, true/false, an integer or a number: the core schema as the
# web form's yaml package (1.10) applies it; VS Code's YAML extension reads YAML 1.2 too. Other plain text is
# text, even where PyYAML's YAML 1.1 would make it a date, yes/no, a base-60 number or 1_000.
YAML12_NOT_TEXT = [re.compile(p) for p in (
    r"^(?:~|[Nn]ull|NULL)?\Z", r"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)\Z", r"^0o[0-7]+\Z", r"^[-+]?[0-9]+\Z",
    r"^0x[0-9a-fA-F]+\Z", r"(?i)^(?:[-+]?\.inf|\.nan)\Z", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+\Z",
    r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)\Z")]
_DECIMAL = re.compile(r"^[-+]?[0-9]+\Z")


def yaml12_text(plain: str) -> bool:
    """Whether YAML 1.2 (the web form, VS Code) reads this unquoted text as text."""
    return not any(pattern.search(plain) for pattern in YAML12_NOT_TEXT)


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
    raw, problem = read_limited(path, display)
    if problem:
        return doc, [problem]
    return load_bytes(raw, doc)


def read_limited(path: Path, display: str) -> tuple[bytes, Problem | None]:
    """The bytes of a regular file, at most MAX_BYTES + 1 of them; never blocks on a pipe or device."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return b"", _unreadable(path, display, exc)
    try:
        kind = not_a_file(os.fstat(handle).st_mode)
        if kind:
            return b"", Problem(display, 1, 1, codes.FILE_TYPE.code, f"这不是普通文件，而是{kind}：目录里只能放 .yml 文本文件，请移走它")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return b"", _unreadable(path, display, exc)
    finally:
        os.close(handle)
    if len(raw) > MAX_BYTES:
        return b"", Problem(display, 1, 1, codes.YAML_SIZE.code, f"文件太大（超过上限 {MAX_BYTES:,} 字节）：请拆分，或检查是否放错了文件")
    return raw, None


def not_a_file(mode: int) -> str:
    """'' for a regular file, else what it is, in words."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "一个文件夹（名字像 .yml 文件的文件夹）"
    if stat.S_ISFIFO(mode):
        return "一个命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "一个设备文件"
    return "一个特殊文件（套接字等）"


def _unreadable(path: Path, display: str, exc: OSError) -> Problem:
    if os.path.isdir(path):
        return Problem(display, 1, 1, codes.FILE_TYPE.code, f"这不是普通文件，而是{not_a_file(stat.S_IFDIR)}：请把文件夹改名，或移到目录外")
    reason = {errno.EACCES: "没有读取权限", errno.ENOENT: "文件不存在", errno.ELOOP: "符号链接循环"}.get(exc.errno or 0, "操作系统拒绝读取")
    return Problem(display, 1, 1, codes.FILE_READ.code, f"无法读取文件（{reason}）：请检查文件的权限")


def load_bytes(raw: bytes, doc: Document) -> tuple[Document, list[Problem]]:
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return doc, [Problem(doc.file, 1, 1, codes.YAML_SIZE.code, f"文件太大（{len(raw):,} 字节，上限 {MAX_BYTES:,} 字节）：请拆分，或检查是否放错了文件")]
    if _utf16(raw):
        message = "文件是 UTF-16 编码（记事本里叫“Unicode”）：请在编辑器里选择“UTF-8”重新保存"
        return doc, [Problem(doc.file, 1, 1, codes.YAML_ENCODING.code, message)]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(doc.file, 1, 1, codes.YAML_BOM.code, "文件开头有 BOM 标记，请在编辑器里选择“UTF-8（无 BOM）”重新保存"))
        raw = raw[3:]
    text, problem = _decode(raw, doc.file)
    if problem:
        return doc, problems + [problem]
    tabs = _tab_problems(text, doc.file)
    if tabs:
        return doc, problems + tabs
    controls = control_problems(text, doc.file)
    if controls:
        return doc, problems + controls
    node, problem = _compose(text, doc.file)
    if problem:
        return doc, problems + [problem]
    if node is None:
        return doc, problems + [Problem(doc.file, 1, 1, codes.YAML_EMPTY.code, "文件是空的：请填写内容，或删除这个文件")]
    try:
        doc.data = _Walker(doc, problems, "\\" in text, "*" in text).value(node, ())
    except _TooBig as exc:
        return doc, problems + [Problem(doc.file, *exc.args)]
    return doc, problems


def _utf16(raw: bytes) -> bool:
    """A byte-order mark of UTF-16, or ASCII text with a zero byte after (or before) every character."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[:200]
    return len(head) >= 8 and (head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4)


def _control_text(char: str) -> str:
    code = ord(char)
    name = CONTROL_NAMES.get(code) or ("孤立的代理字符，不是有效的文字" if 0xD800 <= code <= 0xDFFF else "控制字符")
    return f"{shown_char(char)}（{name}）"


def control_problems(text: str, file: str, limit: int = 20) -> list[Problem]:
    """Each invisible control character at its own line and column (the first `limit` of them)."""
    if not CONTROL.search(text):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        for match in CONTROL.finditer(line):
            message = f"这里有看不见的字符 {_control_text(match.group())}：请删掉它（常见于从网页或其他软件复制来的文字）"
            found.append(Problem(file, number, match.start() + 1, codes.YAML_CONTROL.code, message))
            if len(found) >= limit:
                return found
    return found


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        hint = "文件不是 UTF-8 编码（可能是用 GBK/ANSI 保存的），请在编辑器里选择“UTF-8”重新保存"
        return "", Problem(file, line, col, codes.YAML_ENCODING.code, hint)


def _tab_problems(text: str, file: str) -> list[Problem]:
    found: list[Problem] = []
    if "\t" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            col = indent.index("\t") + 1
            found.append(Problem(file, number, col, codes.YAML_TAB.code, "行首用了 Tab 制表符缩进，YAML 只能用空格缩进，请把 Tab 换成两个空格"))
    return found


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "这里不能出现冒号“:”：可能是缩进不对，或者值里含有冒号，请把整个值用引号括起来"),
    ("could not find expected ':'", "缺少冒号“:”：每一行应当写成“字段: 值”，冒号后面要有空格"),
    ("did not find expected key", "缩进不对齐：同一层的字段要左对齐，请检查这一行和上一行的空格数"),
    ("expected <block end>", "缩进不对齐：同一层的字段要左对齐，请检查这一行和上一行的空格数"),
    ("did not find expected '-' indicator", "列表缩进不对齐：列表的每一项“- ”要左对齐"),
    ("found unexpected end of stream", "引号或括号没有配对：请检查这一行开始的引号、[ ] 或 { } 是否闭合"),
    ("found unknown escape character", "双引号里的反斜杠“\\”用法不对：改用单引号，或写成两个反斜杠"),
    ("exceeded maximum nesting depth", "嵌套太深（超过 1000 层）：检查是否多写了“[”或“{”，或者缩进越来越深"),
    ("found invalid Unicode character escape code", "双引号里的“\\u”转义写出了无效的字符（如孤立的代理字符 \\ud800）：请删掉这个转义，直接写文字"),
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
        return None, full_width_problem(text, file, line) or Problem(file, line, col, codes.YAML_SYNTAX.code, hint)
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        mark = getattr(exc, "position", None)
        return None, Problem(file, 1, 1, codes.YAML_SYNTAX.code, f"YAML 格式错误，文件里可能有不可见的特殊字符（位置 {mark}）")
    finally:
        loader.dispose()


_FULL_WIDTH = [  # (a line's start, with the offending character as group 1; what it is; how to fix it)
    (re.compile(r"^[ ]*(\u3000)"), "行首用了全角空格（U+3000）缩进", "缩进只能用半角空格，请把全角空格换成两个半角空格"),
    (re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*(：)"), "字段名后面用了全角冒号“：”", "请改成半角冒号加空格“: ”（切换到英文输入法再打）"),
    (re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_-]*:(\u3000)"), "冒号后面是全角空格（U+3000），不是半角空格", "请把它换成一个半角空格"),
]


def full_width_problem(text: str, file: str, line: int) -> Problem | None:
    """A syntax error caused by a full-width colon or space on this line or the two before it, named as such."""
    lines = text.split("\n")
    for number in range(max(1, line - 2), min(line, len(lines)) + 1):
        for pattern, what, fix in _FULL_WIDTH:
            found = pattern.match(lines[number - 1])
            if found:
                return Problem(file, number, found.start(1) + 1, codes.YAML_FULLWIDTH.code, f"{what}：{fix}")
    return None


class _Walker:
    """Turns composed nodes into dicts, lists and scalars, recording positions.

    escapes: the file holds a backslash, so a double-quoted value may spell a control character.
    aliases: the file holds a '*', so a node may be reached twice; the values aliases copy are counted."""

    def __init__(self, doc: Document, problems: list, escapes: bool = False, aliases: bool = False):
        self.doc, self.problems, self.escapes, self.aliases = doc, problems, escapes, aliases
        self.count = self.copying = self.copied = 0
        self.open: set[int] = set()
        self.done: set[int] = set()
        self.alias_at = (1, 1)

    def value(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(1, 1, codes.YAML_SIZE.code, f"文件内容展开后超过 {MAX_NODES:,} 个值（可能是别名 * 的循环或嵌套），请检查")
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.aliases:
            return self.tracked(node, path)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        return self.collection(node, path)

    def tracked(self, node, path: tuple):
        """value() where aliases may copy nodes: copies are counted, and a node inside itself is a loop."""
        repeat = id(node) in self.done
        if repeat and not self.copying:
            self.alias_at = self.doc.at(path[:-1])  # a copy's own marks are those of the original
        self.copying += repeat
        try:
            self.copied += self.copying > 0
            if self.copied > MAX_ALIASED:
                message = f"别名“*”在这个文件里复制出了超过 {MAX_ALIASED:,} 个值：请直接写出内容，少用 & 和 *"
                raise _TooBig(*self.alias_at, codes.YAML_SIZE.code, message)
            if isinstance(node, yaml.ScalarNode):
                return self.scalar(node, path)
            if id(node) in self.open:
                self.problems.append(self.doc.problem(path, codes.YAML_ALIAS.code, "别名“*”指向了它自己所在的内容，形成了循环，请去掉这个别名"))
                return None
            self.open.add(id(node))
            try:
                return self.collection(node, path)
            finally:
                self.open.discard(id(node))
        finally:
            self.copying -= repeat
            self.done.add(id(node))

    def collection(self, node, path: tuple):
        if len(path) >= MAX_DEPTH:
            message = f"嵌套超过 {MAX_DEPTH} 层：检查这里是否多写了“[”或“{{”，或者缩进越来越深"
            raise _TooBig(*self.doc.positions[path], codes.YAML_DEPTH.code, message)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.mapping(node, path)

    def mapping(self, node, path: tuple) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            key_path = path + (key,)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in first_seen:
                message = f"字段“{key}”重复出现（第一次在第 {first_seen[key]} 行），请删掉或合并其中一个"
                self.problems.append(Problem(self.doc.file, *where, codes.YAML_DUPKEY.code, message, json_path(key_path)))
                continue
            first_seen[key] = where[0]
            self.doc.key_positions[key_path] = where
            result[key] = self.value(value_node, key_path)
        return result

    def key(self, node, path: tuple) -> str:
        if isinstance(node, yaml.ScalarNode):
            if "\u3000" in str(node.value):
                where = (node.start_mark.line + 1, node.start_mark.column + 1 + str(node.value).index("\u3000"))
                message = "字段名里有全角空格（U+3000），多半是用全角空格缩进了：缩进只能用半角空格"
                self.problems.append(Problem(self.doc.file, *where, codes.YAML_FULLWIDTH.code, message, json_path(path)))
            return str(node.value)
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.problems.append(Problem(self.doc.file, *where, codes.YAML_KEY.code, "字段名必须是简单的文字，不能是列表或键值对", json_path(path)))
        return f"<{node.start_mark.line + 1}:{node.start_mark.column + 1}>"

    def scalar(self, node, path: tuple):
        if node.tag == _STR_TAG or node.style:
            hidden = CONTROL.search(node.value) if self.escapes else None
            if hidden:
                char = _control_text(hidden.group())
                self.problems.append(self.doc.problem(path, codes.YAML_CONTROL.code, f"双引号里的转义写出了看不见的字符 {char}：请删掉这个反斜杠转义"))
            return node.value
        if yaml12_text(node.value):
            return node.value
        if _DECIMAL.match(node.value):  # 012 is 12 in YAML 1.2 (YAML 1.1 made it octal 10)
            value = int(node.value, 10)
            self.doc.plain_scalars[path] = ("int", node.value)
            return value
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            value = node.value
        if not isinstance(value, str):
            self.doc.plain_scalars[path] = (node.tag.rsplit(":", 1)[-1], node.value)
            if isinstance(value, float) and not math.isfinite(value):
                self.problems.append(self.doc.problem(path, codes.NUMBER_FINITE.code, f"“{node.value}”不是一个具体的数：请写实际的数字（如金额写 10）"))
        return value
