"""What the import found: each note names the sheet and cell, says what is wrong in Chinese, and how bad it is."""
from __future__ import annotations

from dataclasses import dataclass

FATAL = "fatal"      # the sheet cannot be imported at all; nothing is written
SKIPPED = "skipped"  # this row was not imported
PERSON = "person"    # the row was imported; this field is left for a person to fill
NOTICE = "notice"    # imported as read; worth a look


@dataclass(frozen=True)
class Note:
    sheet: str
    cell: str
    message: str
    kind: str = PERSON

    def text(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


class ImportError_(Exception):
    """The whole import stops; nothing has been written."""

    def __init__(self, notes: list[Note]):
        super().__init__("; ".join(n.text() for n in notes))
        self.notes = notes


def fatal(sheet: str, message: str, cell: str = "") -> ImportError_:
    return ImportError_([Note(sheet, cell, message, FATAL)])


def grouped(notes: list[Note], least: int = 3) -> list[str]:
    """The notes as lines; a message that repeats in one column for `least` rows or more is one line with the rows."""
    import re

    groups: dict[tuple, list[Note]] = {}
    for note in notes:
        column = re.sub(r"\d+", "", note.cell.split(":")[0]) if note.cell else ""
        groups.setdefault((note.sheet, column, note.message), []).append(note)
    lines = []
    for (sheet, column, message), same in groups.items():
        if len(same) < least:
            lines += [n.text() for n in same]
            continue
        rows = [re.sub(r"\D", "", n.cell.split(":")[0]) for n in same]
        where = f"{sheet}!{column} 列" if column else sheet
        lines.append(f"{where}第 {'、'.join(rows)} 行（{len(same)} 处）: {message}")
    return lines
