"""The PDFs' quick faces (generator/printing/faces.py): TrueType copies of Noto Sans CJK SC that set
text exactly as the original does, and the original still there for a character they lack."""
from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
from support import require

from generator.printing import engine, faces

pytestmark = pytest.mark.pdf


def test_the_copies_hold_gb2312_and_the_signs_the_catalogue_uses():
    held = set(faces.characters())
    gb2312 = {bytes([hi, lo]).decode("gb2312", errors="ignore") for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF)}
    assert gb2312 - {""} <= held and len(gb2312 - {""}) == 6763  # every hanzi of GB 2312
    assert set("★☆□■○●①②—…·“”‘’（）《》【】、，。；：？！％＋－＝ABCxyz0123456789@#/") <= held
    assert "龘" not in held  # outside GB 2312: set from Noto Sans CJK SC itself


@pytest.fixture(scope="module")
def copies():
    require("cjk-font")
    from fontTools.ttLib import TTFont
    found = engine.find_faces()
    folder = faces.folder(found)
    return found, {weight: TTFont(folder / f"BianminSansSC-{weight}.ttf") for weight in found}


def test_a_copy_has_the_originals_widths_and_glyphs_as_truetype_outlines(copies):
    from fontTools.ttLib import TTFont
    found, made = copies
    for weight, (file, index) in found.items():
        original, copy = TTFont(file, fontNumber=index, lazy=True), made[weight]
        assert "glyf" in copy and "CFF " not in copy
        assert copy["name"].getDebugName(1) == faces.FAMILY and copy["OS/2"].usWeightClass == weight
        assert copy["name"].getDebugName(0) == original["name"].getDebugName(0)  # the copyright stays
        assert copy["name"].getDebugName(13) == original["name"].getDebugName(13)  # so does the licence
        ours, theirs = copy.getBestCmap(), original.getBestCmap()
        for ch in "办事指南一次性告知单，。（）★0Ab":
            assert ours[ord(ch)] and copy["hmtx"][ours[ord(ch)]][0] == original["hmtx"][theirs[ord(ch)]][0], ch
        assert copy["glyf"][ours[ord("办")]].numberOfContours > 0


def test_text_set_in_the_copy_lands_where_the_original_puts_it(tmp_path):
    """The same words at the same places (pdftotext's boxes), whichever face sets them; 龘 (not in
    the copy) comes from the original, and nothing is missing."""
    require("cjk-font", "pdftotext", "pdffonts")
    body = "#set page(width: 120mm, height: auto, margin: 5mm)\n" \
           "窗口办理：低保申请，承诺时限 7 个工作日。★ 看情况才要带的材料（户口簿、身份证）。\n\n*电话 0917-5212345*\n"
    boxes = {}
    for name, family in (("copy", f'("{faces.FAMILY}", "Noto Sans CJK SC")'), ("original", '"Noto Sans CJK SC"')):
        pdf = _compile(tmp_path / name, f'#set text(font: {family}, lang: "zh", region: "cn")\n' + body)
        boxes[name] = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                                 subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert boxes["copy"] == boxes["original"] and len(boxes["copy"]) >= 5
    pdf = _compile(tmp_path / "rare", f'#set text(font: ("{faces.FAMILY}", "Noto Sans CJK SC"), lang: "zh")\n龘字和办事\n')
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "BianminSansSC" in fonts and "NotoSansCJKsc" in fonts
    assert "龘字和办事" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def _compile(stem, source: str):
    import typst
    stem.with_suffix(".typ").write_text(source, encoding="utf-8")
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(engine.font_folder(engine.find_faces()))])
    pdf = stem.with_suffix(".pdf")
    pdf.write_bytes(typst.compile(str(stem.with_suffix(".typ")), font_paths=fonts))
    return pdf


def test_copies_no_build_used_for_a_month_are_deleted_when_new_ones_are_made(tmp_path):
    old, recent = tmp_path / "0123456789abcdef", tmp_path / "fedcba9876543210"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "BianminSansSC-400.ttf").write_bytes(b"copy")
    month_ago = time.time() - (faces.UNUSED_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    faces._drop_unused(tmp_path)
    assert not old.exists() and (recent / "BianminSansSC-400.ttf").exists()
