"""The open-data part of a rebuild at real scale, with and without the cache (generator/export/kept.py).

    .venv/bin/python benchmarks/opendata_rebuild.py [--out benchmarks/out/opendata-run] [--realdata ../shared/realdata]
        [--catalogue FOLDER]

Makes the real-scale catalogue (benchmarks/realscale.py), then runs, each in a fresh process as
`bianmin build` runs it (its own worker process, the catalogue already loaded), what the build's
open-data stage does:
  - uncached: every file made (what every build did before the cache, and `bianmin export` does);
  - kept, cold: an empty cache folder;
  - kept, unchanged: the same catalogue again;
  - kept, one fee: after giving one item a fee (realscale_build.change_one_fee).
For each: wall and CPU seconds of the open-data work alone (loading the catalogue is not counted),
peak memory of the process, and how many files were made anew and reused. Takes a few minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realscale import REALDATA, make_catalogue  # noqa: E402
from realscale_build import change_one_fee  # noqa: E402
from synth import ROOT  # noqa: E402

SITE = "https://bianmin.example.org/"
# run in the child: load, then time the open-data work only
CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator import progress
from generator.catalogue.build import load_catalogue
from generator.export import write_exports
from generator.export.kept import WHAT, write_kept
catalogue, _ = load_catalogue(Path(sys.argv[1]))
progress.reset()
start, cpu = time.perf_counter(), time.process_time()
if sys.argv[4] == "uncached":
    written = write_exports(catalogue, Path(sys.argv[2]), sys.argv[5])
    made, reused = len(written), 0
else:
    write_kept(catalogue, Path(sys.argv[2]), sys.argv[5], Path(sys.argv[3]))
    made, reused = progress.tallies()[WHAT]
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "made": made, "reused": reused,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(catalogue: Path, out: Path, cache: Path, mode: str) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(catalogue), str(out), str(cache), mode, SITE], cwd=ROOT,
                          env=dict(os.environ, BIANMIN_PROGRESS="off"), capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, result: dict) -> None:
    print(f"{label:24} {result['seconds']:6.1f} s wall {result['cpu']:6.1f} s CPU  peak {result['peak_mb']:5.0f} MB  "
          f"made {result['made']:2}, reused {result['reused']:2}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "opendata-run", help="work folder (replaced)")
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder holding guang-an-items.json")
    parser.add_argument("--catalogue", type=Path, help="a real-scale catalogue made before, copied instead of making one")
    args = parser.parse_args()
    work = args.out.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if args.catalogue:
        catalogue = Path(shutil.copytree(args.catalogue, work / "catalogue"))
    else:
        catalogue = make_catalogue(work / "catalogue", args.realdata)
    cache = work / "cache"
    show("uncached (before)", run(catalogue, work / "site", cache, "uncached"))
    show("kept, cold", run(catalogue, work / "site", cache, "kept"))
    show("kept, unchanged", run(catalogue, work / "site", cache, "kept"))
    print(f"changed the fee of {change_one_fee(catalogue)}", flush=True)
    show("uncached, one fee", run(catalogue, work / "site", cache, "uncached"))
    show("kept, one fee", run(catalogue, work / "site", cache, "kept"))


if __name__ == "__main__":
    main()
