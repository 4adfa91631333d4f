"""Which column holds which field: header names matched through columns.yml plus a county's own mapping file.

A county's mapping file (bianmin import --mapping FILE) may hold:

    items:      {field: [header, ...]}     extra header names for the item sheet (added to columns.yml)
    materials:  {field: [header, ...]}     extra header names for the materials sheet
    departments: {实施主体 as written: department id in county.yml}
    categories:  {department id: category id}   the category new items of that department get
    windows:     {department id: county-tier window id}  the county window new items of that department get
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .notes import Note, fatal
from .sheet import Grid, cell_ref

BUILT_IN = Path(__file__).with_name("columns.yml")
HEADER_SEARCH_ROWS = 15
_IGNORED = re.compile(r"[\s*＊:：()（）\[\]【】]")
_UNIT_IN_HEADER = re.compile(r"[（(]\s*(?:单位[:：]?)?\s*(工作日|自然日)\s*[)）]")
_UNIT_STATED = re.compile(r"(?:时限|期限)[^。；;\n]{0,6}?单位\s*(?:为|是|[:：])?\s*[“\"]?(工作日|自然日)")


@dataclass
class Mapping:
    items: dict[str, str]          # normalised header -> field
    materials: dict[str, str]
    departments: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    windows: dict[str, str] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)  # normalised headers of columns the import does not read


@dataclass
class Header:
    row: int                       # 1-based row of the (lower) header row
    columns: dict[str, int]        # field -> 1-based column
    unknown: list[str]             # header texts that match no field
    units: dict[str, str] = field(default_factory=dict)  # field -> time unit its header states: 承诺时限（工作日）
    unit: str = ""                 # the time unit the rows above the header state: 说明：时限单位为工作日

    def cell(self, field_name: str, row: int) -> str:
        return cell_ref(row, self.columns[field_name])


def normalise(text: str) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text or ""))


def load_mapping(extra: Path | None = None) -> Mapping:
    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    own = _own_mapping(extra) if extra else {}
    mapping = Mapping(_index(data["items"], own.get("items")), _index(data["materials"], own.get("materials")))
    mapping.ignored = {normalise(name) for name in data.get("ignored") or []}
    for section in ("departments", "categories", "windows"):
        value = own.get(section) or {}
        setattr(mapping, section, {str(k): str(v) for k, v in value.items()})
    return mapping


def _own_mapping(path: Path) -> dict:
    name = Path(path).name
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise fatal(name, f"读不了列名对照文件：{exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fatal(name, f"列名对照文件不是正确的 YAML：{exc}") from None
    if data is None:
        return {}
    known = {"items", "materials", "departments", "categories", "windows"}
    if not isinstance(data, dict) or not set(data) <= known:
        extra = sorted(set(data) - known) if isinstance(data, dict) else []
        raise fatal(name, f"列名对照文件只能有 {'、'.join(sorted(known))} 这几段" + (f"，不认识：{'、'.join(map(str, extra))}" if extra else ""))
    for section, value in data.items():
        if value is not None and not isinstance(value, dict):
            raise fatal(name, f"列名对照文件的 {section} 应当是“名称: 值”的对照表")
    return data


def _index(built_in: dict, extra: dict | None) -> dict[str, str]:
    index = {}
    for source in (built_in, extra or {}):
        for field_name, names in source.items():
            for name in [field_name] + list(names if isinstance(names, list) else [names]):
                index[normalise(str(name))] = field_name
    return index


def find_header(grid: Grid, index: dict[str, str], required: str, ignored: frozenset[str] | set[str] = frozenset()) -> Header | None:
    """The row (among the first rows) whose cells name the most known fields and include `required`."""
    best: Header | None = None
    for row in range(1, min(len(grid.rows), HEADER_SEARCH_ROWS) + 1):
        header = _header_at(grid, row, index, ignored)
        if required in header.columns and (best is None or len(header.columns) > len(best.columns)):
            best = header
    if best:
        best.unit = stated_unit(grid, best.row)
    return best


def stated_unit(grid: Grid, header_row: int) -> str:
    """The time unit a title or 填报说明 row above the header states once for the whole sheet."""
    for row in range(1, header_row):
        for text in dict.fromkeys(grid.rows[row - 1]):
            found = _UNIT_STATED.search(unicodedata.normalize("NFKC", text or ""))
            if found:
                return found.group(1)
    return ""


def _header_at(grid: Grid, row: int, index: dict[str, str], ignored: frozenset[str] | set[str] = frozenset()) -> Header:
    """Read row as a header; a merged cell in the row above is a group title: 办结时限 / 法定. A unit in
    brackets (承诺时限（工作日）) is the unit of the column's bare numbers."""
    columns, unknown, units = {}, [], {}
    for col, text in enumerate(grid.rows[row - 1], start=1):
        above = grid.text(row - 1, col) if row > 1 else ""
        unit = _UNIT_IN_HEADER.search(unicodedata.normalize("NFKC", f"{above} {text}"))
        bare, above = _UNIT_IN_HEADER.sub("", text), _UNIT_IN_HEADER.sub("", above)
        names = [bare, f"{above}/{bare}"] if above and above != bare else [bare]
        field_name = next((index[n] for n in map(normalise, reversed(names)) if n in index), None)
        if field_name and field_name not in columns:
            columns[field_name] = col
            if unit:
                units[field_name] = unit.group(1)
        elif text and not field_name and normalise(bare) not in ignored:
            unknown.append(text)
    return Header(row, columns, unknown, units)


def header_notes(grid: Grid, header: Header) -> list[Note]:
    if not header.unknown:
        return []
    names = "、".join(f"“{n}”" for n in header.unknown[:12])
    return [Note(grid.name, f"{header.row}:{header.row}", f"这些列不认识，没有导入：{names}。如果其中有要导入的，请在列名对照文件里写明（见 docs/editing.md）", "notice")]
