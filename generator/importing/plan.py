"""The whole import, worked out in memory: which file each row goes to, its new text, what changed, what is missing.

Nothing is written here; `write_plan` writes the files once every row has been read and checked.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..catalogue.levels import BASIC, GUIDE, level_of, missing_for, reached_level, required_fields
from ..catalogue.load import Document, load_file
from ..catalogue.rules import Sources, item_checks, item_references
from ..catalogue.validate import check_schema
from ..paths import catalogue_root, display_name
from . import ids, memory
from .columns import find_header, load_mapping
from .county import add_departments, updated_text
from .county import notes as department_notes
from .documents import ITEM_ORDER, department_phone, existing_level, field_title, merge, new_item
from .notes import NOTICE, PERSON, SKIPPED, Note, fatal
from .records import Record, SheetRead, read_records
from .sheet import read_book
from .yamlfile import dump, insert_ordered, load, plain

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
    level: str = ""                                # the completeness level the item reaches
    conflicts: list = field(default_factory=list)  # fields changed in both the sheet and the catalogue (kept)
    memory_file: Path | None = None                # what this import read, for the next one
    memory_text: str = ""
    draft: Any = None                              # a new item's data (ruamel map) while its level is settled
    blanks: dict = field(default_factory=dict)     # a new item's paths left for a person, and why
    notes: list = field(default_factory=list)      # what settling its level found worth saying
    unknown: list = field(default_factory=list)    # top-level fields a new item leaves out (unknown at its level)

    @property
    def changed(self) -> bool:
        return self.new or self.before != self.after

    @property
    def memory_changed(self) -> bool:
        try:
            return self.memory_file is not None and self.memory_file.read_text("utf-8") != self.memory_text
        except OSError:
            return True


@dataclass
class Plan:
    sheet: str
    files: list[Planned]
    notes: list[Note]
    untouched: list[str]    # ids of catalogue items the sheet does not list
    county_file: Path | None = None   # county.yml, when departments were added to it
    county_text: str = ""

    def complete(self) -> list[Planned]:
        return [p for p in self.files if not p.problems]

    def incomplete(self) -> list[Planned]:
        return [p for p in self.files if p.problems]


def plan_import(sheet: Path, path: Path, mapping_file: Path | None = None, same: dict[int, str] | None = None) -> Plan:
    """`same`: sheet row -> item id, where a person says which catalogue item a row is (bianmin import --same)."""
    root = catalogue_root(Path(path))
    county_doc = _county(root)
    county = county_doc.data
    mapping = load_mapping(mapping_file)
    read = _read(read_book(sheet), mapping, county, Path(sheet).name)
    added = add_departments(read.records, county, mapping)
    notes = list(read.notes) + department_notes(added, display_name(root / "county.yml"))
    county_file, county_text = None, ""
    if added.departments:
        county_file = root / "county.yml"
        county_text = updated_text(county_file.read_text("utf-8"), added)
        county_doc = Document(county_doc.file, yaml.load(county_text, Loader=_Loader))
        county = county_doc.data
    existing = _existing(root / "items")
    taken = {info["id"] for info in existing.values()} | {f.stem for f in (root / "centres").glob("*.yml")}
    files: list[Planned] = []
    matched: set[Path] = set()
    for record in read.records:
        file, note = _match(record, existing, matched, (same or {}).get(record.row, ""))
        notes += [note] if note else []
        if file:
            files.append(_merged(file, existing[file]["data"], record, county, root))
        elif not (note and note.kind == SKIPPED):
            ident = ids.unique(ids.slug(record.name), taken)
            files.append(_created(root / "items" / f"{ident}.yml", ident, record, county, mapping, read.columns, Path(sheet).name))
    sources = Sources(county_doc)
    for planned in files:
        planned.problems = _check(planned, sources)
        if planned.new:
            _settle_level(planned, sources, county)
        notes += planned.notes
        if not planned.record.catalogue_id:  # a work list is a person's edit, not the county's 清单: the record stays
            planned.memory_file = memory.file_for(root, planned.path.stem)
            planned.memory_text = memory.text(Path(sheet).name, planned.record.values)
    untouched = sorted(info["id"] for file, info in existing.items() if file not in matched)
    return Plan(Path(sheet).name, files, notes, untouched, county_file, county_text)


def _read(grids: list, mapping, county: dict, filename: str) -> SheetRead:
    """A work list from bianmin gaps (待补充.xlsx) has an item sheet per department, each with a 事项标识
    column: every one is read. Any other book: its one item sheet."""
    lists = [g for g in grids if (h := find_header(g, mapping.items, "name")) and "catalogue_id" in h.columns]
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


def _match(record: Record, existing: _Existing, matched: set, named: str) -> tuple[Path | None, Note | None]:
    """The item a row is: the one a person names (--same, or the sheet's 目录事项标识 column), else the one with
    its 实施编码, else the one with its name when neither has a code. A name alone where codes differ (or one
    is missing) is never a match: the row becomes a new item, and the report says so."""
    named = named or record.catalogue_id
    if named:
        file = next((f for f, info in existing.items() if info["id"] == named), None)
        if file is None or file in matched:
            why = "目录里没有这个事项" if file is None else "它已经对应了表格里的另一行"
            return None, Note(record.sheet, f"{record.row}:{record.row}", f"这一行指明是事项 {named}，但{why}，没有导入", SKIPPED)
        matched.add(file)
        return file, None
    for file in existing.by("code").get(_key(record.code), []) if record.code else []:
        if file not in matched:
            matched.add(file)
            return file, None
    for file in existing.by("name").get(_key(record.name), []):
        if file in matched:
            continue
        code = existing[file]["code"]
        if not code and not record.code:
            matched.add(file)
            return file, None
        why = f"编码不同（表格 {record.code}，目录 {code}）" if code and record.code else "其中一方没有实施编码"
        return None, Note(record.sheet, f"{record.row}:{record.row}",
                          f"“{record.name}”和目录里的事项 {existing[file]['id']} 同名，但{why}：作为新事项导入，没有合并。"
                          f"如果是同一个事项，删掉新文件后用 --same {record.row}={existing[file]['id']} 再导入", NOTICE)
    return None, None


def _key(text: str) -> str:
    """Names and codes compared without spaces: “80 周岁以上” and “80周岁以上” are one item."""
    return "".join(text.split())


def _merged(file: Path, data: dict, record: Record, county: dict, root: Path) -> Planned:
    """Only what the sheet changed since the last import, and only where the catalogue still holds what was read."""
    text = file.read_text(encoding="utf-8")
    ident = file.stem
    last = memory.as_read(data, record.values) if record.catalogue_id else memory.recall(root, ident)
    apply, conflicts = memory.decide(data, record.values, last, lambda doc, values: merge(doc, values, county))
    if not apply:
        return Planned(file, record, text, False, conflicts=conflicts, level=str(data.get("level") or ""))
    doc = load(text)
    before = plain(doc)
    merge(doc, apply, county)
    if plain(doc) == before:
        return Planned(file, record, text, False, conflicts=conflicts, level=str(data.get("level") or ""))
    notes: list[Note] = []
    phone = department_phone(county, before.get("department"))
    if level_of(before) == BASIC:  # what 基本信息 forbids (materials: []) is not written into a 基本信息 item
        notes += _not_at_basic(doc, record, phone, {path[0] for path in apply} - set(before))[1]
    said = existing_level(doc, before, county, by_person=bool(record.catalogue_id))
    notes += [Note(record.sheet, f"{record.row}:{record.row}", said, NOTICE)] if said else []
    if plain(doc) == before:
        return Planned(file, record, text, False, conflicts=conflicts, level=level_of(before), notes=notes)
    after = plain(doc)
    return Planned(file, record, dump(doc), False, before, after, conflicts=conflicts, level=level_of(after), notes=notes)


def _created(file: Path, ident: str, record: Record, county: dict, mapping, columns, sheet_name: str) -> Planned:
    """A new item; its text is written once its level is settled (`_settle_level`)."""
    doc, blanks = new_item(record, ident, county, mapping, columns)
    return Planned(file, record, "", True, draft=doc, blanks=blanks)


def _settle_level(planned: Planned, sources: Sources, county: dict) -> None:
    """The level a new item reaches (levels.reached_level). Below 办事指南, the fields 基本信息 does not need and
    the sheet did not give in full (or gave against a rule) are left out: unknown, never shown as fact."""
    doc, blanks = planned.draft, planned.blanks
    phone = department_phone(county, doc.get("department"))
    unknown: list[str] = []
    if blanks or planned.problems:
        optional = [key for key in doc if key not in required_fields(BASIC)]
        wrong = list(blanks)
        if not blanks:  # complete, but a rule of 办事指南 fails: leave out what it is about
            wrong = [tuple(path.removeprefix("$.").split("[")[0].split(".")) for path, _ in missing_for(plain(doc), GUIDE, phone)]
        unknown = [key for key in optional if any(path[0] == key for path in wrong)]
        for key in unknown:
            _leave_out(doc, key, {path[1] for path in wrong if path[0] == key and len(path) > 1})
        unknown = [key for key in unknown if key not in doc]
    if not reached_level(plain(doc), phone):  # what 基本信息 forbids (materials: [] is for 办事指南 only) is left out too
        wrong, said = _not_at_basic(doc, planned.record, phone, set(doc))
        planned.notes += said
        unknown += wrong
    planned.unknown = unknown
    planned.level = reached_level(plain(doc), phone) or BASIC
    insert_ordered(doc, "level", planned.level, ITEM_ORDER)
    planned.problems = _check(planned, sources)
    planned.unknown = unknown
    planned.text = dump(planned.draft)  # the form's style: what is left out or left to fill is in the report
    planned.draft = None


def _not_at_basic(doc, record: Record, phone, keys: set) -> tuple[list[str], list[Note]]:
    """Of `keys`, the fields 基本信息 forbids (materials: [] is for 办事指南 only): left out of the item, each said at
    its cell. The value read stays in catalogue/.import/."""
    wrong = [key for key in doc if key in keys and key not in required_fields(BASIC)
             and any(_top(path) == key for path, _ in missing_for(plain(doc), BASIC, phone))]
    notes = []
    for key in wrong:
        doc.pop(key, None)
        cell = next((c for path, c in record.cells.items() if path[0] == key), "")
        if cell:
            sheet, where = cell.split("!", 1)
            notes.append(Note(sheet, where, f"这个事项还只是基本信息级，{field_title(key)}先不写进目录（基本信息级不能这样写，"
                                            "表格读到的值记在 catalogue/.import/ 里）；其他字段补齐、改成办事指南时再写上", NOTICE))
    return wrong, notes


def _leave_out(doc, key: str, parts: set) -> None:
    """Leave a field out of a 基本信息 item; of its phones only the wrong ones (the number to call stays)."""
    phones = doc.get("phones")
    if key == "phones" and isinstance(phones, dict) and phones.get("consult") and parts and "consult" not in parts:
        for part in parts:
            phones.pop(part, None)
        return
    doc.pop(key, None)


def _top(path: str) -> str:
    """'$.visits.count' -> 'visits'."""
    return path.removeprefix("$.").split(".")[0].split("[")[0]


def _check(planned: Planned, sources: Sources) -> list:
    """What `bianmin check` would say about this item on its own (schema, item rules, references to county.yml)."""
    data = plain(planned.draft) if planned.draft is not None else yaml.load(planned.text, Loader=_Loader)
    doc = Document(display_name(planned.path), data)
    problems = check_schema(doc, "item")
    if not problems:
        for check in item_checks(level_of(doc)):
            problems += list(check(doc))
        problems += list(item_references(doc, sources))
    return problems


def write_plan(plan: Plan) -> list[Path]:
    """Write the changed files; each through a temporary file, so none is ever left half-written."""
    written = []
    if plan.county_file:
        written.append(_write(plan.county_file, plan.county_text))
    for planned in plan.files:
        if planned.changed:
            written.append(_write(planned.path, planned.text))
        if planned.memory_file and planned.memory_changed:
            written.append(_write(planned.memory_file, planned.memory_text))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.replace(temp, path)
    return path


def skipped_rows(plan: Plan) -> list[Note]:
    return [n for n in plan.notes if n.kind == SKIPPED]


def person_notes(plan: Plan) -> list[Note]:
    return [n for n in plan.notes if n.kind == PERSON]
