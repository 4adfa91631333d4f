"""Time every PDF of the demo (`bianmin print`) and report file sizes and page counts.

    python benchmarks/print_speed.py [CATALOGUE] [--cold] [--twice]

Targets (issue 4): all PDFs of the demo in under 2 minutes on 2 cores; an item guide under 150 KB;
a village wall chart on one page. The time is that of a fresh `python -m generator print` process
(start-up, catalogue check and imports included), and its CPU seconds (all its processes). Everything
made is cached under ~/.cache/bianmin (fonts/, print/); --cold starts from an empty private cache, so
the figure includes cutting the font and laying out every PDF; --twice runs again with that cache
(nothing changed: everything is reused).
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
    parser.add_argument("--cold", action="store_true", help="start from an empty cache (font cut and every PDF)")
    parser.add_argument("--twice", action="store_true", help="then run again with the same cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, **({"XDG_CACHE_HOME": cache, "BIANMIN_CACHE_DIR": f"{cache}/bianmin"} if args.cold else {}))
        for run_number in range(2 if args.twice else 1):
            elapsed, cpu, summary = print_all(args.catalogue, out, env)
            print(f"run {run_number + 1}: {summary}")
            report(Path(out) / "print", elapsed, cpu, args.cold and run_number == 0, stations(Path(args.catalogue)))


def print_all(catalogue: str, out: str, env: dict) -> tuple[float, float, str]:
    """`bianmin print` of everything: wall seconds, CPU seconds of all its processes, its summary line."""
    before = os.times()
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "generator", "print", catalogue, "--out", out],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = os.times()
    if run.returncode != 0:
        raise SystemExit(f"bianmin print failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    summary = next((line for line in run.stderr.splitlines() if "重新生成" in line), "")
    return elapsed, (after.children_user - before.children_user) + (after.children_system - before.children_system), summary


def stations(path: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(path)
    return {c.id for c in catalogue.centres_at("village")}


def report(folder: Path, elapsed: float, cpu: float, cold: bool, station_ids: set[str]) -> None:
    items = sorted((folder / "items").glob("*.pdf"), key=lambda p: p.stat().st_size)
    walls = sorted((folder / "centres").glob("*-wall.pdf"))
    booklets = sorted((folder / "centres").glob("*-booklet.pdf"), key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in folder.rglob("*.pdf"))
    print(f"all PDFs of the demo: {len(items)} guides, {len(walls)} wall charts, {len(booklets)} booklets "
          f"in {elapsed:.1f} s, {cpu:.0f} CPU s ({'empty cache' if cold else 'cache as found'}; target < 120 s on 2 cores)")
    print(f"item guides: largest {items[-1].stem} {kb(items[-1])} (target < 150 KB), smallest {kb(items[0])}, "
          f"pages {max(pages(p) for p in items)} at most (target <= 2)")
    village = [w for w in walls if w.stem.removesuffix("-wall") in station_ids]
    over = [w.stem for w in village if pages(w) != 1]
    largest = max(walls, key=lambda p: p.stat().st_size)
    print(f"wall charts: largest {largest.stem} {kb(largest)}; of {len(village)} village/community stations "
          f"on more than one page: {over or 'none'}")
    print(f"booklet covers: largest {booklets[-1].stem} {kb(booklets[-1])} ({pages(booklets[-1])} pages), "
          f"smallest {booklets[0].stem} {kb(booklets[0])}")
    for volume in sorted((folder / "volumes").glob("*.pdf")):
        print(f"volume {volume.stem}: {kb(volume)}, {pages(volume)} pages")
    walls_mb = sum(p.stat().st_size for p in walls) / 1024 / 1024
    print(f"total: {total / 1024 / 1024:.1f} MB in {len(list(folder.rglob('*.pdf')))} files (wall charts {walls_mb:.1f} MB)")


if __name__ == "__main__":
    main()
