"""WeasyPrint (the print stage up to issue 21) against Typst (now), in the same run, on the same catalogue.

    .venv/bin/python benchmarks/print_engines.py [--engines weasyprint,typst] [--build] [--realdata DIR]
                                                 [--old-commit f239fb9] [--out /tmp/print-engines]

For each engine: `bianmin print` of everything with an empty cache (wall seconds, CPU seconds of all
processes, peak memory of the process tree), then the same after changing one item's fee (the PDF
part of a one-fee rebuild), the item guides' sizes; with --build also a cold `bianmin build` of the
whole site. The WeasyPrint side runs the generator of --old-commit (the last commit with WeasyPrint),
taken out of git into the work folder; it needs `pip install weasyprint==70.0 pypdf==7.1.0
fonttools[woff]==4.68.0` in the same environment (no longer in requirements.txt). Typst runs this
checkout. The demo is taken as of each side's commit (they differ only in the pause dates the old
schema did not know). --realdata: the real-scale catalogue (benchmarks/realscale.py) instead of the demo.
Not part of `make test`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realscale import make_catalogue  # noqa: E402
from realscale_build import BIANMIN, ROOT, change_one_fee, measure  # noqa: E402

OLD_COMMIT = "f239fb9"  # site: build_into returns nothing — the last commit printing with WeasyPrint


def tree_of(engine: str, out: Path, commit: str) -> Path:
    """The source tree that prints with engine: this checkout, or the old commit taken out of git."""
    if engine == "typst":
        return ROOT
    folder = out / "weasyprint-tree"
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run(name: str, command: list[str], env: dict, log: Path, cwd: Path) -> dict:
    result = measure(command, env, log, cwd=cwd)
    cpu = result["cpu"] * result["seconds"] / 100
    summary = next((line for line in log.read_text("utf-8", "replace").splitlines() if "重新生成" in line), "")
    print(f"  {name:28} {result['seconds']:7.1f} s wall, {cpu:6.1f} CPU s, peak {result['tree_mb']:5.0f} MB all processes"
          + (f"\n      {summary.strip()}" if summary else ""), flush=True)
    return {"seconds": result["seconds"], "cpu": cpu, "mb": result["tree_mb"]}


def sizes(folder: Path) -> None:
    guides = sorted(p.stat().st_size for p in (folder / "items").glob("*.pdf"))
    dibao = folder / "items" / "dibao.pdf"
    volumes = {p.stem: p.stat().st_size for p in (folder / "volumes").glob("*.pdf")}
    walls = [p.stat().st_size for p in (folder / "centres").glob("*-wall.pdf")]
    print(f"  item guides: {len(guides)}, median {guides[len(guides) // 2] / 1024:.0f} KB, largest {guides[-1] / 1024:.0f} KB"
          + (f", dibao {dibao.stat().st_size / 1024:.0f} KB" if dibao.exists() else "")
          + f"; wall charts median {sorted(walls)[len(walls) // 2] / 1024:.0f} KB; volumes "
          + ", ".join(f"{tier} {size / 1e6:.1f} MB" for tier, size in sorted(volumes.items())), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="weasyprint,typst")
    parser.add_argument("--build", action="store_true", help="also a cold `bianmin build` of the whole site")
    parser.add_argument("--realdata", type=Path, help="folder holding guang-an-items.json: the real-scale catalogue")
    parser.add_argument("--old-commit", default=OLD_COMMIT)
    parser.add_argument("--out", type=Path, default=Path("/tmp/print-engines"), help="work folder (replaced)")
    args = parser.parse_args()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    source = make_catalogue(out / "realscale", args.realdata) if args.realdata else ROOT / "catalogue"
    print(f"catalogue: {source}", flush=True)
    for engine in args.engines.split(","):
        work = out / engine
        work.mkdir()
        tree = tree_of(engine, work, args.old_commit)
        catalogue = work / "catalogue"
        # the demo as of the old commit (its schema knows no pause dates); the real-scale one is the same for both
        shutil.copytree(tree / "catalogue" if engine == "weasyprint" and not args.realdata else source, catalogue)
        env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), BIANMIN_CACHE_DIR=str(work / "cache" / "bianmin"),
                   BIANMIN_PROGRESS="plain", PYTHONPATH=str(tree))
        print(f"{engine}:", flush=True)
        command = BIANMIN + ["print", str(catalogue), "--out", str(work / "site")]
        run("cold bianmin print", command, env, work / "cold.log", tree)
        sizes(work / "site" / "print")
        edited = change_one_fee(catalogue)
        run(f"one fee changed ({edited})", command, env, work / "fee.log", tree)
        if args.build:
            shutil.rmtree(work / "cache")
            run("cold bianmin build", BIANMIN + ["build", str(catalogue), "--site-dir", str(work / "built")],
                env, work / "build.log", tree)


if __name__ == "__main__":
    main()
