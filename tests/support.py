"""Shared test helpers, imported plainly (`from support import ...`): where the project is, and the
system tools that some tests need."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "catalogue"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

LEVELS_ITEMS = FIXTURES / "levels" / "items"  # 基本信息 items to lay over the mini catalogue


def mini_with_basic_items(folder: Path) -> Path:
    """The mini catalogue plus the 基本信息 items of tests/fixtures/levels/, copied into folder/catalogue."""
    root = folder / "catalogue"
    shutil.copytree(FIXTURES / "mini", root)
    for item in LEVELS_ITEMS.glob("*.yml"):
        shutil.copy(item, root / "items" / item.name)
    return root


SYSTEM_NEEDS = {
    "chromium": ("chromium", lambda: shutil.which("chromium")),
    "pdftotext": ("poppler-utils", lambda: shutil.which("pdftotext")),
    "pdffonts": ("poppler-utils", lambda: shutil.which("pdffonts")),
    "pdfinfo": ("poppler-utils", lambda: shutil.which("pdfinfo")),
    "pdftoppm": ("poppler-utils", lambda: shutil.which("pdftoppm")),
    "zbarimg": ("zbar-tools", lambda: shutil.which("zbarimg")),
    "cjk-font": ("fonts-noto-cjk", lambda: "Noto Sans CJK" in _fc_list()),
}


def _fc_list() -> str:
    try:
        return subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def require(*names: str) -> None:
    """Skip (or, in CI, fail) when a system package the test needs is missing."""
    missing = sorted({SYSTEM_NEEDS[n][0] for n in names if not SYSTEM_NEEDS[n][1]()})
    if missing:
        message = f"needs the Debian packages: {' '.join(missing)} (apt-get install {' '.join(missing)}; `make test` does it as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
