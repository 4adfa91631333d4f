"""Draw the home-screen icons (site_src/assets/icons/icon-192.png, icon-512.png): 便 in white on the
site's indigo. Run once when the look changes; the PNGs are committed.

    .venv/bin/python scripts/make_icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).resolve().parent.parent / "site_src" / "assets" / "icons"


def icon(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), "#3f51b5")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(FONT, int(size * 0.62), index=2)  # the SC face of the collection
    except OSError:
        font = ImageFont.truetype(FONT.replace("Bold", "Regular"), int(size * 0.62), index=2)
    draw.text((size / 2, size / 2), "便", fill="white", font=font, anchor="mm")
    return image


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
        print(OUT / f"icon-{size}.png")
