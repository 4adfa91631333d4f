"""Departments the sheet names that county.yml does not have yet (a new county): added to county.yml, each
with a category of its own name and a window of its own name at the county centre, unless the county's
mapping file says which category and window its items go to."""
from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap

from . import ids
from .columns import Mapping
from .notes import NOTICE, Note
from .records import Record
from .yamlfile import dump, load


@dataclass
class Added:
    departments: dict[str, str] = field(default_factory=dict)   # name as written -> new id
    rows: dict[str, list[Record]] = field(default_factory=dict)  # name -> the rows naming it
    categories: set[str] = field(default_factory=set)            # ids of the categories added (same as the department's)
    windows: set[str] = field(default_factory=set)


def add_departments(records: list[Record], county: dict, mapping: Mapping) -> Added:
    """Give every department county.yml lacks an id; point the rows at it; note which category and window to add."""
    added = Added()
    taken = {d.get("id") for d in county.get("departments") or []}
    categories = {c.get("id") for c in county.get("categories") or []}
    windows = {w.get("id") for w in ((county.get("tiers") or {}).get("county") or {}).get("windows") or []}
    for record in records:
        name = record.new_department
        if not name:
            continue
        if name not in added.departments:
            added.departments[name] = ident = ids.unique(ids.slug(name), taken)
            if ident not in mapping.categories:
                mapping.categories[ident] = ident
                if ident not in categories:
                    added.categories.add(ident)
            if ident not in mapping.windows:
                mapping.windows[ident] = ident
                if ident not in windows:
                    added.windows.add(ident)
        record.department_id = added.departments[name]
        record.values[("department",)] = record.department_id
        added.rows.setdefault(name, []).append(record)
    return added


def notes(added: Added, county_name: str) -> list[Note]:
    """One line per department added, with the rows that name it."""
    found = []
    for name, ident in added.departments.items():
        rows = added.rows[name]
        where = "、".join(str(r.row) for r in rows[:20]) + ("等" if len(rows) > 20 else "")
        also = [what for what, ok in (("同名的分类", ident in added.categories), ("县级中心的同名窗口", ident in added.windows)) if ok]
        found.append(Note(rows[0].sheet, "", f"新增部门“{name}”（{ident}）" + (f"，以及{'和'.join(also)}" if also else "")
                          + f"：第 {where} 行（{len(rows)} 个事项）。请在 {county_name} 里补上部门电话，需要时改分类和窗口", NOTICE))
    return found


def updated_text(text: str, added: Added) -> str:
    """county.yml with the new departments, categories and county windows appended."""
    doc = load(text)
    names = {ident: name for name, ident in added.departments.items()}
    for ident, name in names.items():
        doc.setdefault("departments", []).append(_flow({"id": ident, "name": name}))
        if ident in added.categories:
            doc.setdefault("categories", []).append(_flow({"id": ident, "name": name}))
        if ident in added.windows:
            doc["tiers"]["county"].setdefault("windows", []).append(_flow({"id": ident, "name": f"{name}窗口"}))
    return dump(doc, "county")


def _flow(value: dict) -> CommentedMap:
    node = CommentedMap(value)
    node.fa.set_flow_style()
    return node
