"""What the last import read for each item, so a re-import never undoes a person's fix.

Kept under the catalogue (committed with it, so every clone has it): catalogue/.import/<item id>.json, one
small file per item, the values the sheet gave, keys sorted. On re-import, field by field:

- the catalogue already says what the sheet says: nothing to do;
- the sheet says what it said last time: the catalogue's value stays (a person may have fixed it since);
- the sheet changed and the catalogue still holds what the import read last time: the sheet's new value;
- the sheet changed and so did the catalogue: a conflict, reported with both values; the catalogue's stays;
- no record of the last import (an item imported before this, or a field the sheet did not give then): a value
  the catalogue lacks is taken from the sheet, a differing one is a conflict.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from .yamlfile import plain

FOLDER = ".import"


@dataclass(frozen=True)
class Conflict:
    path: tuple
    catalogue: object     # the value the catalogue keeps
    sheet: object         # what the sheet says now
    last: object = None   # what the sheet said at the last import (None: no record)


def file_for(root: Path, ident: str) -> Path:
    return root / FOLDER / f"{ident}.json"


def key(path: tuple) -> str:
    return ".".join(map(str, path))


def recall(root: Path, ident: str) -> dict | None:
    """path key -> value the last import read, or None when there is no record (or it does not read)."""
    try:
        data = json.loads(file_for(root, ident).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("read") if isinstance(data, dict) and isinstance(data.get("read"), dict) else None


def text(sheet: str, values: dict) -> str:
    """The record of what this import read, small and stable (sorted keys, one value per line)."""
    read = {key(path): value for path, value in values.items()}
    return json.dumps({"sheet": sheet, "read": read}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def as_read(data: dict, values: dict) -> dict:
    """A record saying the last import read what the catalogue now holds: for a work list (bianmin gaps) made from
    the catalogue, whose every filled cell is a person's own fix. A field the catalogue does not hold yet has
    no record: what the person filled in is taken."""
    now = plain(data)
    return {key(path): _at(now, path) for path in values if _at(now, path) is not None}


def decide(data: dict, values: dict, last: dict | None, merge) -> tuple[dict, list[Conflict]]:
    """Which of the sheet's values to write into the item `data`, and the conflicts. `merge(doc, values)`
    writes values into a copy, so each field is compared the way it would be written."""
    apply, conflicts = {}, []
    now = plain(data)
    for path, value in values.items():
        if _with(data, {path: value}, merge) == now:
            continue  # the catalogue already says this
        before = (last or {}).get(key(path), _NONE)
        if before is not _NONE and before == value:
            continue  # the sheet has not changed this since the last import: the catalogue's value stays
        if before is not _NONE and _with(data, {path: before}, merge) == now:
            apply[path] = value  # the catalogue still holds what the last import read
        elif before is _NONE and _at(now, path) is None:
            apply[path] = value  # nothing in the catalogue to undo
        else:
            conflicts.append(Conflict(path, _at(now, path), value, None if before is _NONE else before))
    return apply, conflicts


_NONE = object()


def _with(data: dict, values: dict, merge) -> dict:
    trial = copy.deepcopy(data)
    merge(trial, values)
    return plain(trial)


def _at(data, path: tuple):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data
