"""The PDF engine: Typst (the `typst` wheel carries the compiler). The only module that imports it.

Templates are the .typ files in templates/; each reads its data as JSON from sys.inputs, so
nothing from the catalogue is ever turned into markup. The face is Debian's Noto Sans CJK SC
(fonts-noto-cjk), found and named explicitly; Typst subsets it into each PDF. One compiler per
process: the faces are read once, and Typst keeps what it laid out for the next compile."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Final, Literal

from ..cache import digest

TEMPLATES = Path(__file__).parent / "templates"
FAMILY = "Noto Sans CJK SC"
WEIGHTS = {400: 80, 700: 200}  # CSS weight -> fontconfig weight (regular, bold); two weights only
FONT_FOLDER = Path("/usr/share/fonts")
DEBIAN_PACKAGES = "fonts-noto-cjk"
Standard = Literal["ua-1"]
PDF_STANDARD: Final[Standard] = "ua-1"  # accessible PDF, checked by Typst as it writes


def missing() -> str | None:
    """None when Typst and both faces are there; else what is missing, in Chinese, with the fix."""
    try:
        import typst  # noqa: F401
    except ImportError as exc:
        return f"无法生成 PDF：排版程序 Typst 不可用（{exc}）。请在项目目录运行 make（安装 requirements.txt 里的 typst）"
    if len(find_faces()) < len(WEIGHTS):
        return (f"无法生成 PDF：找不到中文字体“{FAMILY}”（常规和粗体）。"
                f"请安装 Debian 软件包：apt-get install {DEBIAN_PACKAGES}")
    return None


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
    """The same, found without fontconfig's fc-list: Typst reads the fonts under folder."""
    import typst
    faces: dict[int, tuple[str, int]] = {}
    for font in typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)]).fonts():
        if font.family == FAMILY and font.weight in WEIGHTS and font.path:
            faces.setdefault(font.weight, (font.path, font.index))
    return faces


def font_folder(faces: dict[int, tuple[str, int]]) -> Path:
    """The folder Typst reads fonts from: quick TrueType copies of the faces and the faces themselves
    (faces.py); reading all of /usr/share/fonts would load faces never used."""
    from . import faces as quick
    return quick.folder(faces)


def version(faces: dict[int, tuple[str, int]]) -> str:
    """Changes when Typst, the face files or their quick copies change (part of every cache key)."""
    from importlib.metadata import version as installed

    from . import faces as quick
    return digest(installed("typst"), quick.version(faces))


class Engine:
    """One Typst compiler, kept for the life of the process."""

    def __init__(self, fonts: Path):
        import typst
        faces = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(fonts)])
        self.compiler = typst.Compiler(root=str(TEMPLATES), font_paths=faces, ignore_system_fonts=True)

    def pdf(self, template: str, files: Iterable[tuple[str, bytes]] | None = None, standard: Standard | None = PDF_STANDARD,
            **inputs) -> tuple[bytes, int]:
        """(the PDF, its number of pages) of template with inputs (each handed over as JSON).

        PDF/UA-1 (tagged, with the document's language and title, alternative text on every image:
        Typst refuses to write the file otherwise), the same bytes for the same inputs (no creation date).
        files: more files the template reads by name ((name, bytes): the guides a volume places, as
        PDF pages); put beside the templates in a folder of their own. Typst's PDF/UA-1 export refuses
        PDF pages placed as images: such a document is made with standard None (tagged, not PDF/UA-1)."""
        if files is None:
            return self._compile(TEMPLATES, template, standard, inputs)
        with tempfile.TemporaryDirectory(prefix="bianmin-typst-") as folder:
            root = Path(folder)
            for source in TEMPLATES.glob("*.typ"):
                (root / source.name).write_bytes(source.read_bytes())
            for name, data in files:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            return self._compile(root, template, standard, inputs)

    def _compile(self, root: Path, template: str, standard: Standard | None, inputs: dict) -> tuple[bytes, int]:
        import typst
        sys_inputs = {name: json.dumps(value, ensure_ascii=False, sort_keys=True) for name, value in inputs.items()}
        try:
            data, warnings = self.compiler.compile_with_warnings(input=str(root / template), format="pdf", root=str(root),
                                                                 sys_inputs=sys_inputs, pdf_standards=standard)
            pages = int(self.compiler.query("<pages>", field="value", one=True, root=str(root)))
        except typst.TypstError as exc:
            raise RuntimeError(f"{template}: {exc.diagnostic or exc.message}") from exc
        if warnings:  # e.g. a character the face lacks: fail loudly rather than print a blank box
            raise RuntimeError(f"{template}: " + "; ".join(w.message for w in warnings))
        assert isinstance(data, bytes)
        return data, pages


@cache
def engine(fonts: Path) -> Engine:
    """This process's engine."""
    return Engine(fonts)
