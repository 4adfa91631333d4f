"""Print layouts: each makes the data (plain JSON-able values) its Typst template in
generator/printing/templates/ reads, from the catalogue.

A new layout is a template, a module here with TEMPLATE, data(source, thing) and codes(data) (the
addresses of its QR codes), and one line in LAYOUTS. The plan (printing/__init__.py) decides which to make; the engine compiles them."""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import cover, guide, quality, volume, wall
from .common import Source, qr_svg


@dataclass(frozen=True)
class Layout:
    name: str  # as counted in the summary line
    module: ModuleType

    @property
    def template(self) -> str:
        return self.module.TEMPLATE

    def data(self, source: Source, thing, *more) -> dict:
        return self.module.data(source, thing, *more)

    def codes(self, data: dict, draw=qr_svg) -> dict[str, str]:
        """The QR codes the layout prints: address -> SVG (drawn now, not kept in the data or keys);
        draw(url) -> SVG: qr_svg, or one that keeps what it drew (jobs.Work.qr)."""
        return {url: draw(url) for url in self.module.codes(data)}


LAYOUTS = {
    "guide": Layout("办事指南", guide),
    "volume": Layout("汇编分册", volume),
    "cover": Layout("汇编封面", cover),
    "wall": Layout("上墙公示表", wall),
    "quality": Layout("目录质量（每镇一页）", quality),
}

__all__ = ["LAYOUTS", "Layout", "Source", "qr_svg"]
