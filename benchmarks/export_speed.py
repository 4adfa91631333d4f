"""Export time and file sizes: the demo catalogue and a synthetic one (2,000 items by default).

    python benchmarks/export_speed.py [--items 2000] [--centres 183] [--repeat 3]

Prints, for each catalogue, the time to load it and to render each format (best of --repeat), and
the size of every file written under data/. Nothing is timed in the tests; this is where the
figures come from.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synth import make_catalogue  # noqa: E402

from generator.catalogue.build import load_catalogue  # noqa: E402
from generator.export import FILES, FORMATS, render_exports, write_files  # noqa: E402

SITE = "https://bianmin.example.org/"


def best_of(repeat: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(label: str, path: Path, repeat: int) -> None:
    seconds, (catalogue, result) = best_of(1, lambda: load_catalogue(path))
    if catalogue is None:
        sys.exit(f"{label}: catalogue has problems:\n" + "\n".join(p.text() for p in result.problems[:20]))
    offers = sum(len(catalogue.offers(c)) for c in catalogue.centres)
    print(f"\n== {label}: {len(catalogue.items)} items, {len(catalogue.centres)} centres, {offers} centre×item offers")
    print(f"load and check          {seconds:8.2f} s")
    for fmt in FORMATS:
        seconds, _ = best_of(repeat, lambda: render_exports(catalogue, SITE, [fmt]))
        print(f"render {fmt:<16} {seconds:8.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        seconds, files = best_of(1, lambda: render_exports(catalogue, SITE))
        start = time.perf_counter()
        write_files(files, Path(folder))
        written = time.perf_counter() - start
        print(f"all formats, rendered   {seconds:8.2f} s, written in {written:.2f} s")
        total = 0
        for name in FILES:
            size = (Path(folder) / name).stat().st_size
            total += size
            print(f"  {name:<32} {size / 1024:12,.1f} KiB")
        print(f"  {'total':<32} {total / 1024:12,.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--centres", type=int, default=183, help="centres in the synthetic catalogue (the demo has 183)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure("demo", ROOT / "catalogue", args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        synthetic = make_catalogue(Path(folder) / "catalogue", args.items, args.centres)
        measure(f"synthetic {args.items} items", synthetic, 1)


if __name__ == "__main__":
    main()
