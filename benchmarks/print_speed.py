"""Time every PDF of the demo (`bianmin print`) and report file sizes and page counts.

    python benchmarks/print_speed.py [CATALOGUE] [--cold]

Targets (issue 4): all PDFs of the demo in under 2 minutes on 2 cores; an item guide under 150 KB;
a village wall chart on one page. The time is that of a fresh `python -m generator print` process
(start-up, catalogue check and imports included). The font cut is cached in ~/.cache/bianmin/fonts;
--cold empties a private cache first, so the figure includes cutting the font.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def kb(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("catalogue", nargs="?", default=str(ROOT / "catalogue"))
    parser.add_argument("--cold", action="store_true", help="cut the font again (empty font cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, **({"XDG_CACHE_HOME": cache} if args.cold else {}))
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "generator", "print", args.catalogue, "--out", out],
                             cwd=ROOT, capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"bianmin print failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        report(Path(out) / "print", elapsed, args.cold, stations(Path(args.catalogue)))


def stations(path: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(path)
    return {c.id for c in catalogue.centres_at("village")}


def report(folder: Path, elapsed: float, cold: bool, station_ids: set[str]) -> None:
    items = sorted((folder / "items").glob("*.pdf"), key=lambda p: p.stat().st_size)
    walls = sorted((folder / "centres").glob("*-wall.pdf"))
    booklets = sorted((folder / "centres").glob("*-booklet.pdf"), key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in folder.rglob("*.pdf"))
    print(f"all PDFs of the demo: {len(items)} guides, {len(walls)} wall charts, {len(booklets)} booklets "
          f"in {elapsed:.1f} s ({'cold font cache' if cold else 'font cache warm'}; target < 120 s on 2 cores)")
    print(f"item guides: largest {items[-1].stem} {kb(items[-1])} (target < 150 KB), smallest {kb(items[0])}, "
          f"pages {max(pages(p) for p in items)} at most (target <= 2)")
    village = [w for w in walls if w.stem.removesuffix("-wall") in station_ids]
    over = [w.stem for w in village if pages(w) != 1]
    largest = max(walls, key=lambda p: p.stat().st_size)
    print(f"wall charts: largest {largest.stem} {kb(largest)}; of {len(village)} village/community stations "
          f"on more than one page: {over or 'none'}")
    print(f"booklets: largest {booklets[-1].stem} {kb(booklets[-1])} ({pages(booklets[-1])} pages), "
          f"smallest {booklets[0].stem} {kb(booklets[0])}")
    print(f"total: {total / 1024 / 1024:.1f} MB in {len(items) + len(walls) + len(booklets)} files")


if __name__ == "__main__":
    main()
