"""Every PDF of the real-scale catalogue: cold, then after changing one item's fee; time, memory, sizes.

    .venv/bin/python benchmarks/print_realscale.py [--out /tmp/print-realscale] [--realdata ../shared/realdata]

Steps: make the catalogue (benchmarks/realscale.py: 1,135 items, 631 centres) → `bianmin print` of
everything with an empty cache folder → change one item's fee → `bianmin print` again with that
cache. For each run: wall seconds, CPU seconds (all processes), peak memory of the whole process
tree, and the one-line summary of what was made anew and what was reused. Then the size of each PDF
family. The PDF share of `bianmin build` (realscale_build.py measures the whole build).
Not part of `make test`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realscale import REALDATA, make_catalogue  # noqa: E402
from realscale_build import BIANMIN, change_one_fee, measure  # noqa: E402


def report(name: str, result: dict, log: Path) -> None:
    summary = next((line for line in log.read_text("utf-8", "replace").splitlines() if "重新生成" in line), "")
    cpu_seconds = result["cpu"] * result["seconds"] / 100
    print(f"{name:24} {result['seconds']:7.1f} s, {cpu_seconds:6.0f} CPU s ({result['cpu']:.0f} %), "
          f"peak {result['tree_mb']:5.0f} MB all processes (RSS; {result['tree_pss_mb']:.0f} MB PSS), "
          f"{result['process_mb']:5.0f} MB largest\n    {summary}",
          flush=True)


def pdf_sizes(folder: Path) -> None:
    families = {"item guides (print/items)": "items/*.pdf", "tier volumes (print/volumes)": "volumes/*.pdf",
                "booklet covers (print/centres/*-booklet)": "centres/*-booklet.pdf",
                "wall charts (print/centres/*-wall)": "centres/*-wall.pdf"}
    total = 0
    for name, pattern in families.items():
        files = list(folder.glob(pattern))
        size = sum(f.stat().st_size for f in files)
        total += size
        largest = max((f.stat().st_size for f in files), default=0)
        print(f"{name:44} {size / 1e6:8.1f} MB {len(files):5} files, largest {largest / 1e3:8.0f} KB")
    print(f"{'all PDFs':44} {total / 1e6:8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/print-realscale"), help="work folder (replaced)")
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder holding guang-an-items.json")
    args = parser.parse_args()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    catalogue = make_catalogue(out / "catalogue", args.realdata)
    env = dict(os.environ, XDG_CACHE_HOME=str(out / "cache"), BIANMIN_CACHE_DIR=str(out / "cache" / "bianmin"),
               BIANMIN_PROGRESS="plain")
    command = BIANMIN + ["print", str(catalogue), "--out", str(out / "site")]
    report("cold bianmin print", measure(command, env, out / "cold.log"), out / "cold.log")
    pdf_sizes(out / "site" / "print")
    changed = change_one_fee(catalogue)
    print(f"changed the fee of {changed}", flush=True)
    report("after one fee change", measure(command, env, out / "warm.log"), out / "warm.log")


if __name__ == "__main__":
    main()
