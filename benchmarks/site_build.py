"""Site build speed and size: the demo, a synthetic 2,000-item catalogue, and plain mkdocs-material
building the very same pages from ordinary Markdown files.

    .venv/bin/python benchmarks/site_build.py [--items 2000] [--centres 183] [--skip-synthetic]
    .venv/bin/python benchmarks/site_build.py --realscale [--realdata ../shared/realdata] [--rounds 1]
    .venv/bin/python benchmarks/site_build.py --demo-rounds 5

--demo-rounds N: the demo's site stage (pages, MkDocs, Pagefind; no open data, no PDFs) N times cold
(empty cache folder) then warm (same cache, nothing changed), each in its own process: the median
wall and CPU seconds (the process and its children) of each. Figures in docs/site.md.

--realscale: the stage "生成网页和搜索索引" alone on the real-scale catalogue (benchmarks/realscale.py,
1,135 items, 631 centres): cold (empty cache folder), then warm after changing one item's fee (same
cache folder). For each: wall and CPU seconds of the stage (CPU of the build process and of Pagefind,
so a busy machine shows as wall > CPU), of Pagefind alone, of loading and checking before it, the
pages cache's hits and misses, and the load average before and after.

Each build runs in its own process; the figures are wall time and peak memory (max RSS of the
process and its children, so Pagefind is included). Sizes: the largest item page, the Pagefind
index (raw and gzip), Material's search_index.json for comparison.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BIANMIN_BUILD = """
import sys
from pathlib import Path
from generator.site import build as site
from generator.catalogue.build import load_catalogue
catalogue, _ = load_catalogue(Path(sys.argv[1]))
site.build_site(catalogue, Path(sys.argv[1]), Path(sys.argv[3]), Path(sys.argv[2]), writers=())
"""

STAGE = """
import json, os, resource, sys, time
from pathlib import Path
from generator.catalogue.build import load_catalogue
from generator.site import build as site, engine

def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

found = {"load": os.getloadavg()[0]}
def timed(name, function):
    def run(*args, **kwargs):
        wall, used = time.perf_counter(), cpu()
        try:
            return function(*args, **kwargs)
        finally:
            found[name] = [round(time.perf_counter() - wall, 2), round(cpu() - used, 2)]
    return run
site.index_site = timed("pagefind", site.index_site)
engine_build = engine.build
def counted(*args, **kwargs):
    built = engine_build(*args, **kwargs)
    found["pages cache"] = dict(zip(("hits", "misses"), built.cache_use)) if built.cache_use else None
    return built
engine.build = counted
catalogue, _ = timed("load and check", load_catalogue)(Path(sys.argv[1]))
timed("stage", site.build_site)(catalogue, Path(sys.argv[1]), Path(sys.argv[3]), Path(sys.argv[2]), writers=())
found["load after"] = os.getloadavg()[0]
print(json.dumps(found))
"""

PLAIN_CONFIG = """site_name: 扶风县便民服务指南
docs_dir: docs
theme: {name: material, language: zh, font: false}
plugins: [search]
markdown_extensions:
  - attr_list
  - tables
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
"""


def cpu_run(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def demo_rounds(rounds: int) -> None:
    import statistics
    found: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="bianmin-site-demo-") as tmp:
        env = dict(os.environ, BIANMIN_CACHE_DIR=str(Path(tmp) / "cache"), BIANMIN_PROGRESS="off")
        command = [sys.executable, "-c", BIANMIN_BUILD, str(ROOT / "catalogue"), str(Path(tmp) / "site"), str(ROOT / "mkdocs.yml")]
        for _ in range(rounds):
            shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
            for kind in ("cold", "warm"):
                found[kind].append(cpu_run(command, env))
            print(f"cold {found['cold'][-1]}, warm {found['warm'][-1]}, load {os.getloadavg()[0]:.1f}", flush=True)
    for kind, runs in found.items():
        print(f"demo {kind}: median wall {statistics.median(w for w, _ in runs):.2f} s, "
              f"median CPU {statistics.median(c for _, c in runs):.2f} s over {rounds} runs")


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of a command and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def bianmin_build(catalogue: Path, out: Path) -> tuple[float, int]:
    return run([sys.executable, "-c", BIANMIN_BUILD, str(catalogue), str(out), str(ROOT / "mkdocs.yml")])


def plain_project(catalogue: Path, into: Path) -> Path:
    """The pages our renderer makes, as ordinary Markdown files, with a plain mkdocs-material config
    (same nav, not_in_nav, theme, Markdown extensions; Material's own search instead of Pagefind)."""
    import yaml

    from generator.catalogue.build import load_catalogue
    from generator.site import pages as render
    from generator.site.extras import Extras
    loaded, _ = load_catalogue(catalogue)
    docs = into / "docs"
    for path, text in render.pages(loaded, Extras()).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    for page in (ROOT / "site_src").glob("*.md"):
        (docs / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    ours = yaml.safe_load("\n".join(line for line in text.splitlines() if "!!python" not in line))
    extra = yaml.safe_dump({"nav": ours["nav"], "not_in_nav": ours["not_in_nav"]}, allow_unicode=True)
    (into / "mkdocs.yml").write_text(PLAIN_CONFIG + extra, encoding="utf-8")
    return into


def plain_build(project: Path, search: bool = True) -> tuple[float, int]:
    """Plain mkdocs-material; search=False drops Material's search plugin (`plugins: []`)."""
    config = project / "mkdocs.yml"
    plugins = "plugins: [{search: {lang: zh}}]" if search else "plugins: []"
    text = re.sub(r"plugins: \[.*\]", plugins, config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    return run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")], cwd=project)


def sizes(site: Path) -> dict:
    items = sorted((site / "items").glob("*/index.html"), key=lambda p: p.stat().st_size)
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file() and "-ui" not in p.name and "highlight" not in p.name]
    raw = sum(p.stat().st_size for p in index)
    zipped = sum(len(gzip.compress(p.read_bytes(), 6)) for p in index)
    lunr = site / "search" / "search_index.json"
    return {"pages": sum(1 for _ in site.rglob("index.html")),
            "largest item page KB": round(items[-1].stat().st_size / 1024, 1) if items else 0,
            "largest item": items[-1].parent.name if items else "",
            "pagefind files KB raw / gzip": (round(raw / 1024), round(zipped / 1024)),
            "material search_index.json KB raw / gzip": (round(lunr.stat().st_size / 1024),
                                                        round(len(gzip.compress(lunr.read_bytes(), 6)) / 1024))
            if lunr.exists() else None}


def report(name: str, timing: tuple[float, int], site: Path) -> None:
    print(f"{name}: {timing[0]:.1f} s, peak {timing[1]} MB, {sizes(site)}")


def compare(name: str, ours: tuple[float, int], project: Path) -> None:
    for search in (True, False):
        plain = plain_build(project, search)
        label = "with Material search (lang zh, jieba)" if search else "without search"
        report(f"{name}, plain mkdocs-material on the same Markdown, {label}", plain, project / "site")
        print(f"{name} ratio bianmin / plain {label}: {ours[0] / plain[0]:.2f}")


def stage_run(catalogue: Path, out: Path, cache: Path) -> dict:
    """One `bianmin build` without open data and PDFs, in its own process; the figures it prints."""
    env = dict(os.environ, BIANMIN_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", STAGE, str(catalogue), str(out), str(ROOT / "mkdocs.yml")],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def realscale(realdata: Path, rounds: int) -> None:
    from realscale import make_catalogue
    from realscale_build import change_one_fee
    with tempfile.TemporaryDirectory(prefix="bianmin-site-realscale-") as tmp:
        tmp = Path(tmp)
        catalogue = make_catalogue(tmp / "catalogue", realdata)
        for round_ in range(rounds):
            shutil.rmtree(tmp / "cache", ignore_errors=True)
            print(f"cold (empty cache): {stage_run(catalogue, tmp / 'site', tmp / 'cache')}", flush=True)
            print(f"changed the fee of {change_one_fee(catalogue)}", flush=True)
            print(f"warm (same cache): {stage_run(catalogue, tmp / 'site', tmp / 'cache')}", flush=True)
            if round_ + 1 < rounds:
                make_catalogue(tmp / "catalogue", realdata)
    print("figures: [wall s, CPU s]; CPU counts the build process and Pagefind; load = 1-minute load average")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--centres", type=int, default=183)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--realscale", action="store_true", help="the pages stage on the real-scale catalogue, cold and warm")
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument("--rounds", type=int, default=1, help="with --realscale: how many cold + warm pairs")
    parser.add_argument("--demo-rounds", type=int, default=0, help="the demo's site stage cold and warm, this many times")
    args = parser.parse_args()
    if args.demo_rounds:
        demo_rounds(args.demo_rounds)
        return
    if args.realscale:
        realscale(args.realdata, args.rounds)
        return
    with tempfile.TemporaryDirectory(prefix="bianmin-site-bench-") as tmp:
        tmp = Path(tmp)
        demo = bianmin_build(ROOT / "catalogue", tmp / "demo")
        report("demo, bianmin build (no open data / PDFs)", demo, tmp / "demo")
        compare("demo", demo, plain_project(ROOT / "catalogue", tmp / "demo-plain"))
        if args.skip_synthetic:
            return
        from synth import make_catalogue
        synthetic = make_catalogue(tmp / "synthetic", args.items, args.centres)
        ours = bianmin_build(synthetic, tmp / "synth-site")
        report(f"synthetic {args.items} items / {args.centres} centres, bianmin build", ours, tmp / "synth-site")
        compare("synthetic", ours, plain_project(synthetic, tmp / "synth-plain"))


if __name__ == "__main__":
    main()
