"""Time `bianmin check` on the demo and on synthetic catalogues of growing size.

    python benchmarks/check_speed.py [--repeat 3] [--sizes 500x250,1000x500,2000x1000]

Targets (issue 2): the demo in under 0.5 s; 2,000 items × 1,000 centres in under 5 s, time growing
linearly. Each figure is the best of --repeat runs of a fresh `python -m generator check` process,
so interpreter start-up and imports are included, as a user sees them. "first" is a check with an
empty cache folder (every file parsed and schema-checked); "again" one after it with nothing changed
(each file's check kept from the run before: generator/catalogue/kept_checks.py).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import ROOT, make_catalogue  # noqa: E402


def time_check(path: Path, repeat: int) -> tuple[float, float]:
    """(first, again): the best of repeat checks with an empty cache folder, and of repeat checks after one."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, BIANMIN_CACHE_DIR=cache)
            for which in (0, 1):
                start = time.perf_counter()
                run = subprocess.run([sys.executable, "-m", "generator", "check", str(path)], cwd=ROOT,
                                     capture_output=True, text=True, env=env)
                best[which] = min(best[which], time.perf_counter() - start)
                if run.returncode != 0:
                    raise SystemExit(f"check failed on {path}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return best[0], best[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="500x250,1000x500,2000x1000")
    args = parser.parse_args()
    demo, again = time_check(ROOT / "catalogue", args.repeat)
    print(f"demo catalogue: first {demo:.2f} s, again {again:.2f} s (target < 0.5 s)")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            items, centres = (int(n) for n in size.split("x"))
            path = make_catalogue(Path(folder) / size, items, centres)
            seconds, again = time_check(path, args.repeat)
            rows.append((items, centres, seconds))
            print(f"{items} items × {centres} centres: first {seconds:.2f} s, {seconds / (items + centres) * 1000:.2f} ms "
                  f"per file; again {again:.2f} s")
    if len(rows) > 1:
        (i0, c0, t0), (i1, c1, t1) = rows[0], rows[-1]
        print(f"growth: {(i1 + c1) / (i0 + c0):.1f}× the files took {t1 / t0:.1f}× the time")


if __name__ == "__main__":
    main()
