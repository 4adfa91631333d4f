"""The Simplified Chinese face for printed guides: find it, cut it down to the characters used.

Noto Sans CJK holds 65,535 glyphs. WeasyPrint keeps glyph ids when it subsets a font, so every
PDF would carry an index sized for all of them (about 90 KB per weight). Cutting the face once to
the characters of the pages being printed gives small glyph ids, small PDFs and fast subsetting.
The cut files are cached by content, so a rebuild with unchanged text does no font work.

The cut is kept stable between builds: it holds every character of the catalogue and the print
templates, not only those of the pages printed this time, so editing an item seldom changes it.
Cached PDFs are keyed by the cut font: only a character new to the catalogue re-renders them all.
(Adding the 3,755 common characters of GB 2312 would make that rarer, but every PDF carries an
index as long as the cut face, +27 KB each.)
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import paths, workers

FAMILY = "Noto Sans CJK SC"
ALIAS = "Noto Sans CJK SC Print"  # the cut faces; the installed face stays the fallback
WEIGHTS = {400: 80, 700: 200}  # CSS weight -> fontconfig weight (regular, bold); two weights only
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "　、。，．：；？！（）《》“”‘’…—·￥％＋－／☐✓→"
KEEP_CACHED = 6
FONT_FOLDER = Path("/usr/share/fonts")


def find_faces() -> dict[int, tuple[str, int]]:
    """CSS weight -> (font file, face index in the collection) for the Noto Sans CJK SC faces installed."""
    if not shutil.which("fc-list"):
        return _faces_in(FONT_FOLDER)
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{weight}\n", f":family={FAMILY}"],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    by_fc_weight = {}
    for line in out.splitlines():
        file, index, weight = line.rsplit("|", 2)
        by_fc_weight[int(float(weight))] = (file, int(index))
    return {css: by_fc_weight[fc] for css, fc in WEIGHTS.items() if fc in by_fc_weight}


def _faces_in(folder: Path) -> dict[int, tuple[str, int]]:
    """The same, found without fontconfig's fc-list: Debian's fonts-noto-cjk file names."""
    from fontTools.ttLib import TTCollection

    faces = {}
    for weight, style in ((400, "Regular"), (700, "Bold")):
        for file in sorted(folder.rglob(f"NotoSansCJK-{style}.ttc")):
            names = [font["name"].getDebugName(1) for font in TTCollection(str(file), lazy=True).fonts]
            if FAMILY in names:
                faces[weight] = (str(file), names.index(FAMILY))
    return faces


def cache_dir() -> Path:
    return paths.cache_dir("fonts")


def stable_text(texts) -> str:
    """The characters to cut the face to: every character of texts (the catalogue and the templates)."""
    return "".join(sorted(set().union(*map(set, texts))))


def compact_faces(text: str, faces: dict[int, tuple[str, int]], cache: Path | None = None,
                  parallel: bool = False) -> dict[int, Path]:
    """CSS weight -> a font file holding only the characters of text (cached by content).

    parallel: cut the weights not yet cached in processes of their own (both cores)."""
    cache = cache or cache_dir()
    chars = "".join(sorted(set(text) | set(ALWAYS)))
    todo = {weight: (file, index) for weight, (file, index) in faces.items() if not _target(file, index, chars, cache).exists()}
    if parallel and len(todo) > 1 and (os.cpu_count() or 1) > 1:
        with workers.stoppable(workers.pool(len(todo))) as pool:  # a stopped build does not wait for it
            list(pool.map(_compact, *zip(*[(file, index, chars, cache) for file, index in todo.values()])))
    return {weight: _compact(file, index, chars, cache) for weight, (file, index) in faces.items()}


def _target(file: str, index: int, chars: str, cache: Path) -> Path:
    stat = os.stat(file)
    key = hashlib.sha256(f"{file}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{chars}".encode()).hexdigest()[:20]
    return cache / f"{Path(file).stem}-{index}-{key}.otf"


def _compact(file: str, index: int, chars: str, cache: Path) -> Path:
    target = _target(file, index, chars, cache)
    if target.exists():
        os.utime(target)
        return target
    cache.mkdir(parents=True, exist_ok=True)
    font = _subset(file, index, chars)
    with tempfile.NamedTemporaryFile(dir=cache, suffix=".part", delete=False) as part:
        font.save(part)
    os.replace(part.name, target)
    _prune(cache)
    return target


def _subset(file: str, index: int, chars: str):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(file, fontNumber=index, lazy=True, recalcTimestamp=False)  # same text, same bytes
    options = subset.Options(hinting=False, layout_features=[], name_IDs=["*"], name_languages=["*"],
                             notdef_outline=True, glyph_names=False)
    options.drop_tables += ["GSUB", "GPOS", "vhea", "vmtx", "VORG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    return font


def _prune(cache: Path) -> None:
    files = sorted(cache.glob("*.otf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_CACHED:]:
        old.unlink(missing_ok=True)


def font_face_css(compact: dict[int, Path]) -> str:
    """@font-face rules that give the cut files the family name the print CSS asks for."""
    return "".join(f'@font-face {{ font-family: "{ALIAS}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}\n'
                   for weight, path in sorted(compact.items()))
