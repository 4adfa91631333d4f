"""Completeness levels (完整度): what each level requires of an item, and how far one item's data reaches.

An item declares its level (`level`, 办事指南 when absent); `bianmin check` holds it to that level
(the schema's if/then, and rules.item_checks). Here one item is measured on its own, without the
rest of the catalogue: which level its data reaches (the import writes that), and what is missing
or doubtful for a level (`bianmin gaps` lists it for the clerks). Raising a declared level is a
person's act; nothing here changes a file."""
from __future__ import annotations

from functools import cache

from . import codes
from .load import Document
from .problems import has_errors
from .rules import item_checks
from .validate import check_schema, schema
from .vocab import BASIC, GUIDE, LEVELS, level_of  # noqa: F401  (the levels' words are named from here)

__all__ = ["BASIC", "GUIDE", "LEVELS", "level_of", "reached_level", "missing_for", "required_fields", "UNKNOWN"]

UNKNOWN = "未知：还没有填写"


@cache
def required_fields(level: str) -> tuple[str, ...]:
    """The top-level item fields a level requires, in the schema's order."""
    item = schema("item")
    fields = list(item["required"])
    if level != BASIC:
        fields += item["then"]["required"]
    return tuple(fields)


def missing_for(document, level: str, department_phone: str | None = None) -> list[tuple[str, str]]:
    """(json path, reason) for every field the item lacks or gets wrong at this level: absent fields
    as UNKNOWN, then the schema's and the level's rules' messages. Cross-file references are
    bianmin check's; a 基本信息 item without phones counts as missing one unless its department's
    phone is given."""
    doc = _as_level(document, level)
    found = [(f"$.{name}", UNKNOWN) for name in required_fields(level) if name not in doc.data]
    if level != BASIC and "phones" in doc.data and "complaint" not in doc.data["phones"]:
        found.append(("$.phones.complaint", UNKNOWN))
    if level == BASIC and "phones" not in doc.data and not department_phone:
        found.append(("$.phones.consult", f"{UNKNOWN}（部门也没有电话）"))
    problems = [p for p in check_schema(doc, "item") if not _is_top_required(p)]
    if not has_errors(problems):  # shapes are right: the rules may read what is there
        problems += [p for check in item_checks(level) for p in _present(check, doc)]
    return found + [(p.path, f"{p.code} {p.message}") for p in problems]


def _present(check, doc: Document) -> list:
    """What a rule finds; a rule about a field the item does not have (listed as UNKNOWN) finds nothing."""
    try:
        return list(check(doc))
    except KeyError:
        return []


def reached_level(document, department_phone: str | None = None) -> str:
    """The highest level whose requirements the item's data meets, or '' when it meets none."""
    return next((level for level in reversed(LEVELS) if not missing_for(document, level, department_phone)), "")


def _as_level(document, level: str) -> Document:
    if isinstance(document, Document):
        return Document(document.file, dict(document.data, level=level), document.positions,
                        document.key_positions, document.plain_scalars)
    return Document("", dict(document, level=level))


def _is_top_required(problem) -> bool:
    """A required field missing at the top, or phones.complaint: already listed by name."""
    return problem.code == codes.SCHEMA_REQUIRED.code and (problem.path == "$" or problem.path == "$.phones" and "complaint" in problem.message)

