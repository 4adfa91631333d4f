"""Build the real-scale catalogue (benchmarks/realscale.py) and report time, memory and output sizes.

    .venv/bin/python benchmarks/realscale_build.py [--out benchmarks/out/realscale-run]
        [--realdata ../shared/realdata] [--only build|export] [--no-warm]

Steps: make the catalogue (1,135 items, 631 centres) → cold `bianmin build` (empty cache folder) →
the same build again with nothing changed → change one item's fee → warm `bianmin build` (same cache
folder) → `bianmin export` alone. Each build's log (cold.log, unchanged.log, warm.log) ends with what
was made anew and what was reused. For each:
wall time, CPU share, peak memory of the whole process tree (the sum of every process's resident
memory, sampled every 0.2 s from /proc) and of its largest single process (getrusage maxrss). Then
the size of each output family of the cold site: pages, search index, PDFs by kind, open data by file,
other assets, the total and the file count. Takes about 10 minutes on 2 busy cores; not part of
`make test`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realscale import REALDATA, make_catalogue  # noqa: E402
from synth import ROOT  # noqa: E402

BIANMIN = [sys.executable, "-m", "generator"]
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---- running and measuring -------------------------------------------------------------------

def tree_memory(root: int) -> tuple[int, int]:
    """(resident bytes, proportional bytes) of root and all its descendants now. Resident (RSS) counts
    a page shared by several processes (the interpreter, the Typst library) once in each; proportional
    (PSS, /proc/<pid>/smaps_rollup) shares it among them: the memory the machine really needs."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    rss = pss = 0
    for pid in family:
        try:
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            pss += int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


def measure(command: list[str], env: dict, log: Path, cwd: Path = ROOT) -> dict:
    """Run a command (in cwd); its wall seconds, CPU %, peak MB of the process tree and of one process."""
    peak = [0, 0]  # resident, proportional
    start = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def poll():
            while not done.wait(0.2):
                peak[:] = map(max, peak, tree_memory(process.pid))

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        poller.join()
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({log}): {' '.join(command)}\n{log.read_text('utf-8', 'replace')[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    process_mb = usage.ru_maxrss / 1024  # the largest single process, exact
    tree_mb = max(peak[0] / 2**20, process_mb)  # sampling every 0.2 s can miss a short peak
    return {"seconds": seconds, "cpu": 100 * cpu / seconds, "tree_mb": tree_mb, "tree_pss_mb": peak[1] / 2**20,
            "process_mb": process_mb}


def change_one_fee(catalogue: Path) -> str:
    """Give the first item that charges nothing a fee; return its id."""
    import yaml
    for path in sorted((catalogue / "items").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if data["fee"] == "不收费":
            data["fee"] = {"items": [{"name": "证照工本费", "amount": 10, "unit": "元/证", "basis": "四川省证照工本费收费标准"}]}
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), "utf-8")
            return data["id"]
    raise SystemExit("no item without a fee to change")


# ---- sizes -----------------------------------------------------------------------------------

def family(relative: Path) -> str:
    parts = relative.parts
    if parts[0] == "data":
        return "open data: " + "/".join(parts[1:])
    if parts[0] == "pagefind":
        return "search index (pagefind/)"
    if relative.suffix == ".pdf":
        name = relative.name
        kind = "booklets" if "booklet" in name else "wall charts" if "wall" in name else \
            "item guides" if parts[:2] == ("print", "items") else "other PDFs"
        return f"PDF: {kind}"
    if relative.suffix == ".html":
        return "pages (.html)"
    return "other files (assets, sitemap, …)"


def sizes(site: Path, under: str = "") -> dict:
    """family -> [bytes, files, largest bytes]; under: the folder site stands for (data for open data alone)"""
    table: dict = defaultdict(lambda: [0, 0, 0])
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            row = table[family(Path(under) / path.relative_to(site))]
            row[0] += size
            row[1] += 1
            row[2] = max(row[2], size)
    return dict(table)


def print_sizes(table: dict) -> None:
    total = sum(row[0] for row in table.values())
    files = sum(row[1] for row in table.values())
    opendata = sum(row[0] for name, row in table.items() if name.startswith("open data"))
    print(f"\n{'output family':48} {'MB':>9} {'files':>6} {'largest KB':>11}")
    for name, (size, count, largest) in sorted(table.items()):
        print(f"{name:48} {size / 1e6:9.2f} {count:6} {largest / 1e3:11.1f}")
    print(f"{'open data total':48} {opendata / 1e6:9.2f}")
    print(f"{'site total':48} {total / 1e6:9.2f} {files:6}")


def print_run(name: str, result: dict) -> None:
    print(f"{name:28} {result['seconds']:7.1f} s  {result['cpu']:4.0f} % CPU  "
          f"peak {result['tree_mb']:6.0f} MB all processes (RSS; {result['tree_pss_mb']:.0f} MB PSS), "
          f"{result['process_mb']:6.0f} MB largest process", flush=True)


# ---- main ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "realscale-run",
                        help="work folder: catalogue/, site/, open-data/, cache/, logs (replaced)")
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder holding guang-an-items.json")
    parser.add_argument("--only", choices=("build", "export"), help="run only the builds or only the export")
    parser.add_argument("--no-warm", action="store_true", help="skip the rebuild after changing one fee")
    args = parser.parse_args()

    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    catalogue = make_catalogue(out / "catalogue", args.realdata)
    env = dict(os.environ, XDG_CACHE_HOME=str(out / "cache"), BIANMIN_CACHE_DIR=str(out / "cache" / "bianmin"))
    print(f"catalogue: {catalogue} (1 county, 30 town-level, 600 village centres)", flush=True)
    site = out / "site"
    build = BIANMIN + ["build", str(catalogue), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")]
    if args.only != "export":
        print_run("cold bianmin build", measure(build, env, out / "cold.log"))
        print_sizes(sizes(site))
        if not args.no_warm:
            print_run("unchanged bianmin build", measure(build, env, out / "unchanged.log"))
            changed = change_one_fee(catalogue)
            print(f"\nchanged the fee of {changed}", flush=True)
            print_run("warm bianmin build", measure(build, env, out / "warm.log"))
    if args.only != "build":
        export = BIANMIN + ["export", str(catalogue), "--out", str(out / "open-data")]
        print_run("bianmin export", measure(export, env, out / "export.log"))
        if args.only == "export":
            print_sizes(sizes(out / "open-data", under="data"))


if __name__ == "__main__":
    main()
