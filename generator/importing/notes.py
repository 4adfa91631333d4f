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
