"""Long-cacheable assets: bianmin.css and bianmin.js are published under names carrying a hash of
their content (assets/bianmin.3f2a9c1e07.css), so a host can let browsers keep them for a year and
a change still reaches everyone at once. Files the pages never ask for (Material's search worker and
lunr language packs, source maps) are left out of the built site."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

HASHED = ("assets/bianmin.css", "assets/bianmin.js", "assets/bianmin-questions.css", "assets/bianmin-questions.js")
NEVER_REQUESTED = ("assets/javascripts/lunr", "assets/javascripts/workers")


def hashed_name(path: str, text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{digest}{dot}{ext}"


def hashed_copies(docs_dir: Path) -> dict[str, tuple[str, str]]:
    """{original path: (hashed path, text)} for the assets that exist."""
    found = {}
    for path in HASHED:
        source = docs_dir / path
        if source.is_file():
            text = source.read_text("utf-8")
            found[path] = (hashed_name(path, text), text)
    return found


def renamed(entries, names: dict[str, tuple[str, str]]) -> list:
    """extra_css / extra_javascript with the hashed names (entries are strings or MkDocs script values)."""
    out = []
    for entry in entries:
        path = str(getattr(entry, "path", entry))
        out.append(names[path][0] if path in names else entry)
    return out


def drop_unused(site_dir: Path) -> None:
    for folder in NEVER_REQUESTED:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for source_map in (site_dir / "assets").rglob("*.map"):
        source_map.unlink()
