"""Reading an item file to merge into (ruamel.yaml), and writing it in the form's style (catalogue/yamlstyle.py).

A file written here is what the web form would write: a file in that style read and written back without
a change is the same bytes (tested); comments are not kept (the form drops them too).
"""
from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..catalogue import yamlstyle

QUOTED = ("phones", "code")  # written in quotes, as the catalogue asks for phone numbers and codes


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold long Chinese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


YAML_RT = _yaml()


def load(text: str):
    return YAML_RT.load(text)


def dump(doc, kind: str = "item") -> str:
    return yamlstyle.dump(plain(doc), kind)


def plain(node):
    """The same data as ordinary dicts, lists and scalars (for comparing)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def quoted(value):
    """Strings in double quotes (phone numbers, codes), also inside a map."""
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        return {k: quoted(v) for k, v in value.items()}
    return value


def styled(value, like=None):
    """A plain value as a ruamel node; lists and maps take the flow/block style of the node they replace."""
    if isinstance(value, dict):
        node = CommentedMap((k, styled(v)) for k, v in value.items())
    elif isinstance(value, list):
        node = CommentedSeq(styled(v) for v in value)
    else:
        return value
    if like is not None and hasattr(like, "fa") and like.fa.flow_style():
        node.fa.set_flow_style()
    elif isinstance(value, dict) and all(v is not None and not isinstance(v, (dict, list)) and not _flow_unsafe(v) for v in value.values()) and len(value) <= 4:
        node.fa.set_flow_style()  # small maps in one line, as the catalogue writes them: {value: 20, unit: 工作日}
    elif isinstance(value, list) and all(isinstance(v, str) and len(v) <= 6 for v in value) and len(value) <= 6:
        node.fa.set_flow_style()  # short word lists: [自然人, 法人]
    return node


def _flow_unsafe(value) -> bool:
    """A text that YAML cannot hold unquoted inside { }: a web address with ?, a comma, a bracket."""
    return isinstance(value, str) and any(c in value for c in ",?[]{}#") or isinstance(value, str) and ": " in value


def insert_ordered(node: dict, key: str, value, order: list[str]) -> None:
    """Add key where the schema's order puts it among the keys already there."""
    if key in node or not hasattr(node, "insert"):
        node[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = len(node)
    for index, existing in enumerate(node):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    node.insert(position, key, value)
