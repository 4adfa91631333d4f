"""CPU seconds of each kind of PDF, laid out one after another in one process with one compiler.

    .venv/bin/python benchmarks/print_phases.py [--catalogue FOLDER | --realdata ../shared/realdata]

Where `bianmin print` spends its CPU, without the workers around it: load the catalogue, work out
every layout's data and key, then with an empty cache folder every guide, the wall charts of each
tier, the covers and the three volumes, each family timed on its own (process CPU time), with this
process's memory after each (the volumes are made here too, so the last figure is the largest).
Without --catalogue it makes the real-scale one (benchmarks/realscale.py: 1,135 items, 631 centres).
Not part of `make test`.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realscale import REALDATA, make_catalogue  # noqa: E402
from synth import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT))


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) // 1024


def timed(label: str, job):
    start = time.process_time()
    result = job()
    print(f"{label:<28} {time.process_time() - start:7.1f} CPU s   {rss_mb():5d} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, help="a catalogue folder (default: make the real-scale one)")
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder holding guang-an-items.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bianmin-phases-") as work:
        folder = args.catalogue or make_catalogue(Path(work) / "catalogue", args.realdata)
        os.environ["BIANMIN_CACHE_DIR"] = str(Path(work) / "cache")
        run(folder, Path(work))


def run(folder: Path, work: Path) -> None:
    from generator.catalogue.build import load_catalogue
    from generator.printing import engine, jobs
    from generator.printing.layouts.guide import printable
    from generator.printing.layouts.volume import guided_offers

    catalogue, _ = timed("load the catalogue", lambda: load_catalogue(folder))
    assert catalogue is not None
    made = jobs.Work(catalogue, "https://example.org/", engine.find_faces(), work / "cache")
    guides = timed("guides' data and keys", lambda: [(i.id, *made.keyed("guide", i)) for i in printable(catalogue.items)])
    walls = timed("wall charts' data and keys", lambda: [(c.id, *made.keyed("wall", c)) for c in catalogue.centres])
    covers = timed("covers' data and keys", lambda: [(c.id, *made.keyed("cover", c)) for c in catalogue.centres])
    timed("the compiler (faces read)", lambda: made.compile("cover", covers[0][2]))
    done = timed(f"{len(guides)} guides", lambda: jobs.guides_job(guides, work=made))
    for tier in ("village", "town", "county"):
        here = {c.id for c in catalogue.centres if c.tier == tier}
        chosen = [w for w in walls if w[0] in here]
        timed(f"{len(chosen)} wall charts ({tier})", lambda: jobs.centres_job("wall", chosen, work / "out", work=made))
    timed(f"{len(covers)} covers", lambda: jobs.centres_job("cover", covers, work / "out", work=made))
    pages = {ident: (key, count) for ident, key, count in done}
    for tier in ("village", "town", "county"):
        placed = {item.id: pages[item.id] for item, _ in guided_offers(catalogue, tier)}
        data = jobs.volume_data(made, tier, placed)
        timed(f"volume {tier} ({len(placed)} guides)",
              lambda: jobs.volume_job(data, f"volume-{tier}", {i: k for i, (k, _) in placed.items()},
                                      work / "out" / f"{tier}.pdf", made.faces, work / "cache"))


if __name__ == "__main__":
    main()
