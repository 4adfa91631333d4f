"""The faces the PDFs are set in, made quick to set.

Debian's Noto Sans CJK SC stores its glyphs as CFF outlines, and Typst pays for every distinct CFF
glyph in every document (about 25 µs each: two thirds of a guide's compile). So from each installed
face (regular, bold) a TrueType copy is made once per machine: the characters of GB 2312 (all 6,763
hanzi and its symbols), Latin and the punctuation and symbols a guide uses, the same glyphs turned into
quadratic outlines (at most 1/1000 em off: invisible), the same widths, kerning and layout features.
Its family is "Bianmin Sans SC"; the templates name it first and Noto Sans CJK SC second, so a
character outside it (a rare name) is still set from the original face.

The copies are kept in the fonts folder (BIANMIN_FONT_DIR, else bianmin/fonts in the user's data
folder), not in the build cache: emptying the cache does not make them again. Making both takes
about 26 s on two cores; `make` does it when it installs (python -m generator.printing)."""
from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..cache import digest, files_version

FAMILY = "Bianmin Sans SC"
FROM = "Noto Sans CJK SC"
# Ranges kept besides GB 2312: Latin, punctuation, letter-like and number forms, arrows, enclosed
# numbers, box drawing and shapes (★ □), CJK symbols, full- and half-width forms.
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2460, 0x24FF),
          (0x2500, 0x27BF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
# The layout features kept: Typst sets horizontal text with these (no vertical ones).
FEATURES = ["ccmp", "locl", "kern", "liga", "clig", "calt", "rlig", "mark", "mkmk", "halt", "palt"]


def characters() -> str:
    """Every character the copies hold."""
    chosen = {chr(code) for low, high in RANGES for code in range(low, high + 1)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chosen.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(sorted(chosen))


def store() -> Path:
    folder = os.environ.get("BIANMIN_FONT_DIR")
    if folder:
        return Path(folder).absolute()
    from platformdirs import user_data_path
    return user_data_path("bianmin", appauthor=False) / "fonts"


def folder(faces: dict[int, tuple[str, int]]) -> Path:
    """A folder holding the quick copies of faces (CSS weight -> (file, index in the collection))
    and links to the original files, made on first use; Typst is given only this folder."""
    here = store() / digest(version(faces))[:16]
    copies = {weight: here / f"BianminSansSC-{weight}.ttf" for weight in faces}
    missing = {weight: source for weight, source in faces.items() if not copies[weight].is_file()}
    if missing:
        sys.stderr.write("bianmin: 第一次在这台机器上生成 PDF：正在做字体副本（约半分钟，只做这一次）\n")
        here.mkdir(parents=True, exist_ok=True)
        _drop_unused(here.parent)
        with ProcessPoolExecutor(min(len(missing), 2)) as pool:
            for _ in pool.map(make_copy, missing.values(), (copies[w] for w in missing)):
                pass
    for file in sorted({file for file, _ in faces.values()}):
        link = here / Path(file).name
        if not link.exists():
            try:
                link.symlink_to(file)
            except FileExistsError:  # another process made it meanwhile
                pass
    os.utime(here)  # used now: _drop_unused keeps it
    return here


UNUSED_DAYS = 30  # copies no build used for this long (made by an older version of this module) are deleted


def _drop_unused(store: Path) -> None:
    """Delete the folders of copies no build has used for UNUSED_DAYS (another checkout on this machine
    may still use a folder of another version: one used lately stays)."""
    import shutil
    import time
    for old in store.iterdir():
        if old.is_dir() and old.stat().st_mtime < time.time() - UNUSED_DAYS * 86400:
            shutil.rmtree(old, ignore_errors=True)


def version(faces: dict[int, tuple[str, int]]) -> str:
    """Changes when a face file, this module or fontTools changes."""
    from importlib.metadata import version as installed
    stats = [f"{weight}|{file}|{index}|{os.stat(file).st_size}|{os.stat(file).st_mtime_ns}"
             for weight, (file, index) in sorted(faces.items())]
    return digest(files_version(Path(__file__)), installed("fonttools"), *stats)


def make_copy(source: tuple[str, int], target: Path) -> Path:
    """The TrueType copy of one face, written to a temporary name and renamed into place."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    file, index = source
    font = TTFont(file, fontNumber=index, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False) as part:
        font.save(part)
    os.chmod(part.name, 0o644)
    os.replace(part.name, target)
    return target


def _to_truetype(font) -> None:
    """Replace the CFF outlines by quadratic TrueType ones (fontTools' cu2qu)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxTwilightPoints",
                  "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones, maxp.numGlyphs = 1, len(order)
    font["maxp"] = maxp
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font) -> None:
    """Family "Bianmin Sans SC"; the licence and the original's copyright stay in the name table."""
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, text in ((1, FAMILY), (2, style), (3, f"{FAMILY} {style}; from {FROM}"), (4, f"{FAMILY} {style}"),
                          (6, f"BianminSansSC-{style}")):
        names.setName(text, name_id, 3, 1, 0x409)
