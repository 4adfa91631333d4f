"""Catalogue files in the form's style (yamlstyle.dump): which are not, and rewriting them.

A file is rewritten only when it loads without errors and its rewritten text loads back to the very
same data; anything else is reported and the file is left as it is. Comments are not kept (the web form
drops them too), so nothing a person or a later step needs may live in a comment.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..paths import catalogue_root, display_name
from .check import SECTIONS
from .load import Document, load_bytes, load_file
from .problems import has_errors
from .yamlstyle import dump

_COMMENT_LINE = re.compile(r"^[ \t]*#", re.M)


@dataclass(frozen=True)
class Restyled:
    file: Path
    text: str | None      # the file in the form's style; None when it could not be worked out (see why)
    changed: bool = False
    comments: int = 0     # whole-line comments the rewrite drops
    why: str = ""


def catalogue_files(path: Path) -> list[tuple[Path, str]]:
    """(file, kind) of county.yml and every centre and item file under a catalogue or project folder."""
    root = catalogue_root(Path(path))
    found = [(root / "county.yml", "county")] if (root / "county.yml").is_file() else []
    for folder, kind in SECTIONS:
        found += [(file, kind) for file in sorted((root / folder).glob("*.yml")) if file.is_file()]
    return found


def restyle(file: Path, kind: str) -> Restyled:
    doc, problems = load_file(file, display_name(file))
    if has_errors(problems) or not isinstance(doc.data, dict):
        return Restyled(file, None, why="读不出来，没有改写：请先运行 bianmin check 修好它")
    text = dump(doc.data, kind)
    again, problems = load_bytes(text.encode("utf-8"), Document(doc.file))
    if has_errors(problems) or again.data != doc.data:
        return Restyled(file, None, why="改写后内容会变，没有改写：这是 bianmin 的问题，请报告给维护人员")
    original = file.read_bytes().decode("utf-8", "replace")
    return Restyled(file, text, text != original, len(_COMMENT_LINE.findall(original)))


def write(restyled: Restyled) -> None:
    """Replace the file at once (a temporary file renamed over it): never half written."""
    assert restyled.text is not None
    folder = restyled.file.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{restyled.file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(restyled.text)
        os.chmod(temporary, restyled.file.stat().st_mode & 0o777)
        os.replace(temporary, restyled.file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
