"""The whole import, worked out in memory: which file each row goes to, its new text, what changed, what is missing.

Nothing is written here; `write_plan` writes the files once every row has been read and checked.
"""
from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..catalogue.load import Document, load_file
from ..catalogue.rules import Sources, item_checks, item_references
from ..catalogue.validate import check_schema
from ..catalogue.vocab import level_of
from ..paths import catalogue_root, display_name
from . import ids
from .columns import find_header, load_mapping
from .documents import SCHEMA_LINE, merge, new_item, set_level
from .notes import PERSON, SKIPPED, Note, fatal
from .records import Record, SheetRead, read_records
from .sheet import read_book
from .yamlfile import dump, load, plain

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


@dataclass
class Planned:
    path: Path
    record: Record
    text: str
    new: bool
    before: dict | None = None                     # the file's data before the import (None: a new file)
    after: dict | None = None                      # and after
    problems: list = field(default_factory=list)   # what `bianmin check` would still say about this item

    @property
    def changed(self) -> bool:
        return self.new or self.before != self.after


@dataclass
class Plan:
    sheet: str
    files: list[Planned]
    notes: list[Note]
    untouched: list[str]    # ids of catalogue items the sheet does not list
    unchanged_text: int = 0

    def complete(self) -> list[Planned]:
        return [p for p in self.files if not p.problems]

    def incomplete(self) -> list[Planned]:
        return [p for p in self.files if p.problems]


def plan_import(sheet: Path, path: Path, mapping_file: Path | None = None) -> Plan:
    root = catalogue_root(Path(path))
    county_doc = _county(root)
    county = county_doc.data
    mapping = load_mapping(mapping_file)
    read = _read(read_book(sheet), mapping, county, Path(sheet).name)
    existing = _existing(root / "items")
    taken = {info["id"] for info in existing.values()} | {f.stem for f in (root / "centres").glob("*.yml")}
    files: list[Planned] = []
    matched: set[Path] = set()
    for record in read.records:
        file = _match(record, existing, matched)
        if file:
            files.append(_merged(file, existing[file]["data"], record, county))
        else:
            ident = ids.unique(ids.slug(record.name), taken)
            files.append(_created(root / "items" / f"{ident}.yml", ident, record, county, mapping, read.columns, Path(sheet).name))
    sources = Sources(county_doc)
    for planned in files:
        planned.problems = _check(planned, sources)
    untouched = sorted(info["id"] for file, info in existing.items() if file not in matched)
    return Plan(Path(sheet).name, files, read.notes, untouched)


def _read(grids: list, mapping, county: dict, filename: str) -> SheetRead:
    """A work list from bianmin gaps (待补充.xlsx) has an item sheet per department, each with a 事项标识
    column: every one is read. Any other book: its one item sheet."""
    lists = [g for g in grids if (h := find_header(g, mapping.items, "name")) and "id" in h.columns]
    if len(lists) < 2:
        return read_records(grids, mapping, county, filename)
    reads = [read_records([grid], mapping, county, filename) for grid in lists]
    return SheetRead([r for one in reads for r in one.records], [n for one in reads for n in one.notes],
                     set().union(*(one.columns for one in reads)), set())


def _county(root: Path) -> Document:
    file = root / "county.yml"
    if not file.is_file():
        raise fatal(display_name(file), "找不到目录的 county.yml：请在项目文件夹里运行，或在命令最后写明目录文件夹")
    doc, _ = load_file(file, display_name(file))
    if not isinstance(doc.data, dict):
        raise fatal(display_name(file), "county.yml 读不出来，请先运行 bianmin check 修好它")
    return doc


class _Existing(dict):
    """file -> {id, name, code, data}, with look-ups by code and by name."""

    def by(self, key: str) -> dict[str, list[Path]]:
        if not hasattr(self, "_index"):
            self._index: dict[str, dict[str, list[Path]]] = {}
        if key not in self._index:
            index: dict[str, list[Path]] = {}
            for file, info in self.items():
                index.setdefault(_key(info[key]), []).append(file)
            self._index[key] = index
        return self._index[key]


def _existing(folder: Path) -> _Existing:
    """Every item file's id, name and code (read quickly; files that do not load are only kept out of the way)."""
    found = _Existing()
    for file in sorted(folder.glob("*.yml")):
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None
        data = data if isinstance(data, dict) else {}
        found[file] = {"id": str(data.get("id") or file.stem), "name": str(data.get("name") or ""),
                       "code": str(data.get("code") or ""), "data": data}
    return found


def _match(record: Record, existing: _Existing, matched: set) -> Path | None:
    """事项标识 (a work list's rows) first, then 实施编码, then the name; one file per row."""
    for key, value in (("id", record.ident), ("code", record.code), ("name", record.name)):
        for file in existing.by(key).get(_key(value), []) if value else []:
            if file not in matched:
                matched.add(file)
                return file
    return None


def _key(text: str) -> str:
    """Names and codes compared without spaces: “80 周岁以上” and “80周岁以上” are one item."""
    return "".join(text.split())


def _merged(file: Path, data: dict, record: Record, county: dict) -> Planned:
    text = file.read_text(encoding="utf-8")
    trial = copy.deepcopy(data)
    merge(trial, record, county)  # on plain data first: most rows of a re-import change nothing
    if plain(trial) == plain(data):
        return Planned(file, record, text, False)
    doc = load(text)
    before = plain(doc)
    merge(doc, record, county)
    set_level(doc, county)
    after = plain(doc)
    if after == before:
        return Planned(file, record, text, False)
    return Planned(file, record, dump(doc), False, before, after)


def _created(file: Path, ident: str, record: Record, county: dict, mapping, columns, sheet_name: str) -> Planned:
    doc, blanks = new_item(record, ident, county, mapping, columns)
    set_level(doc, county, always=True)
    head = [SCHEMA_LINE, f"# 由 bianmin import 从《{sheet_name}》{record.sheet} 第 {record.row} 行导入。"]
    if blanks:
        head.append(f"# 有 {len(blanks)} 处标着“待填”，要人工填写；填好后运行 .venv/bin/bianmin check 检查。")
    return Planned(file, record, "\n".join(head) + "\n" + dump(doc), True)


def _check(planned: Planned, sources: Sources) -> list:
    """What `bianmin check` would say about this item on its own (schema, the rules of its level, references to county.yml)."""
    doc = Document(display_name(planned.path), yaml.load(planned.text, Loader=_Loader))
    problems = check_schema(doc, "item")
    if not problems:
        for check in item_checks(level_of(doc)):
            problems += list(check(doc))
        problems += list(item_references(doc, sources))
    return problems


def write_plan(plan: Plan) -> list[Path]:
    """Write the changed files; each through a temporary file, so none is ever left half-written."""
    written = []
    for planned in plan.files:
        if not planned.changed:
            continue
        planned.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=planned.path.parent, prefix=".import-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(planned.text)
        os.replace(temp, planned.path)
        written.append(planned.path)
    return written


def skipped_rows(plan: Plan) -> list[Note]:
    return [n for n in plan.notes if n.kind == SKIPPED]


def person_notes(plan: Plan) -> list[Note]:
    return [n for n in plan.notes if n.kind == PERSON]
