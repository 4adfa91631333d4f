"""The pages written to a folder before MkDocs sees them: every generated file (pages.iter_pages) and
what the site's templates and the web form take from the catalogue. The site stage (build.py) calls
write_pages; so does the MkDocs plugin under plain `mkdocs build` and `mkdocs serve`."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from ..cache import digest
from ..catalogue.model import Catalogue
from . import pages
from .extras import Extras


@dataclass(frozen=True)
class Written:
    """Generated files written to folder, and what goes beside them into the site."""
    folder: Path
    paths: tuple[str, ...]  # relative to folder, sorted
    template_facts: dict  # county facts for the theme's templates (config.extra.bianmin)
    form_choices: str  # what the web form takes from items and centres, as a digest ('' when unknown)


def write_pages(catalogue: Catalogue, extras: Extras, folder: Path, more=()) -> Written:
    """Write every generated file into folder (only those whose text changed, so `mkdocs serve --dirty`
    rebuilds only the edited pages); more: further (path, text) pairs (serve's /problems/ page)."""
    paths = write_changed(itertools.chain(pages.iter_pages(catalogue, extras), more), folder)
    return Written(folder, tuple(paths), template_facts(catalogue), form_choices(catalogue))


def template_facts(catalogue: Catalogue) -> dict:
    county = catalogue.county
    return {"sample_note": county.sample_note if county.sample_data else "", "updated": county.updated,
            "county": county.name, "supervision_phone": county.supervision_phone}


def form_choices(catalogue: Catalogue) -> str:
    """What the web form takes from items and centres (ids, names, tiers; cms.references), as a digest."""
    return digest(*(f"{i.source_file}\t{i.id}\t{i.name}" for i in catalogue.items),
                  *(f"{c.source_file}\t{c.id}\t{c.name}\t{c.tier}" for c in catalogue.centres))


def write_changed(files, folder: Path, prune: bool = True) -> list[str]:
    """Write each (path, text) only when the text differs; delete pages no longer generated (unless not
    prune). Returns the paths, sorted."""
    written: list[str] = []
    for path, text in files:
        target = folder / path
        written.append(path)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    wanted = {folder / p for p in written}
    for old in folder.rglob("*.md") if prune else ():
        if old not in wanted:
            old.unlink()
    return sorted(written)
