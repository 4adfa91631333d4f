"""Lighthouse (mobile) on the demo site: home, an item, a village and a town page, median of 5 runs.

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs 5] [--out benchmarks/out/lighthouse]

The demo site is built without PDFs and open data (pages only) unless --site names a built site. It
is served on 127.0.0.1 as a static host serves it (text gzip-compressed, cached 10 minutes); Lighthouse 12 runs the system Chromium
(/usr/bin/chromium, or $CHROME_PATH) with its default mobile settings (Moto G Power screen,
simulated slow 4G and a 4x slower CPU). Lighthouse is installed from npm into .cache/lighthouse/
on first use (not a dependency of the project: package.json does not name it).

Printed: per page and category (performance, accessibility, best practices, SEO) the median score
and every run's; the median First Contentful Paint, Largest Contentful Paint, Total Blocking Time
and Cumulative Layout Shift, and Lighthouse's CPU index (its own speed test, benchmarkIndex: a
quiet desktop scores 1,000 or more, and the performance score falls with it); the CPU seconds Lighthouse and Chromium used and the load average, as
wall times on a shared machine are noisy. Each run's JSON report is kept under --out. Exit 1 when a
median is under 95.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = ROOT / ".cache" / "lighthouse"
VERSION = "lighthouse@12"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP ms", "largest-contentful-paint": "LCP ms",
           "total-blocking-time": "TBT ms", "cumulative-layout-shift": "CLS", "cpu index": "CPU index"}
TARGET = 95


def lighthouse_bin() -> Path:
    """The lighthouse command, installed into .cache/lighthouse/ the first time."""
    command = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        print(f"installing {VERSION} into {LIGHTHOUSE} …", flush=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund", VERSION], check=True)
    return command


def build_demo(out: Path) -> Path:
    """The demo catalogue's pages (no PDFs, no open data), as the site tests build them."""
    from generator.catalogue.build import load_catalogue
    from generator.site import build as site
    catalogue, result = load_catalogue(ROOT / "catalogue")
    if catalogue is None:
        sys.exit(f"the demo catalogue has problems: {result.problems[:3]}")
    site.build_site(catalogue, ROOT / "catalogue", ROOT / "mkdocs.yml", out, writers=())
    return out


def pages(site: Path) -> dict[str, str]:
    """home, an item, a village and a town page (the first town with villages, its first village)."""
    from generator.catalogue.build import load_catalogue
    catalogue, _ = load_catalogue(ROOT / "catalogue")
    town = next(t for t in catalogue.centres_at("town") if catalogue.children(t))
    village = catalogue.children(town)[0]
    found = {"home": "", "item": "items/dibao/", "village": f"centres/{village.id}/", "town": f"centres/{town.id}/"}
    missing = [path for path in found.values() if not (site / path / "index.html").is_file()]
    if missing:
        sys.exit(f"{site} has no page {missing[0]!r}: build the demo site first")
    return found


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".webmanifest", ".xml")


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does (GitHub Pages, nginx with gzip on): text compressed with
    gzip when the browser accepts it, kept for 10 minutes (GitHub Pages' max-age=600)."""
    cache: dict[Path, bytes] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(command: Path, url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run([str(command), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    data = json.loads(report.read_text("utf-8"))
    found = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    found.update({m: data["audits"][m]["numericValue"] for m in METRICS if m in data["audits"]})
    found["cpu index"] = data["environment"]["benchmarkIndex"]  # Lighthouse's own CPU speed test: low on a busy machine
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the demo's pages into --out)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "lighthouse")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    command = lighthouse_bin()
    site = args.site or build_demo(args.out / "site")
    load, cpu, wall = os.getloadavg()[0], children_cpu(), time.perf_counter()
    results: dict[str, list[dict]] = {}
    with serving(site) as base:
        for name, path in pages(site).items():
            for run in range(args.runs):  # page by page, so a slow minute of the machine hits one page's runs, not one run of each
                got = run_once(command, base + path, args.out / f"{name}-{run + 1}.json")
                results.setdefault(name, []).append(got)
                print(f"{name} run {run + 1}: " + " ".join(f"{c} {got[c]}" for c in CATEGORIES), flush=True)
    print(f"\nLighthouse {VERSION}, mobile, median of {args.runs} runs (every run's score in brackets)")
    print("| page | " + " | ".join(CATEGORIES) + " | " + " | ".join(METRICS.values()) + " |")
    print("|---" * (1 + len(CATEGORIES) + len(METRICS)) + "|")
    low = []
    for name, runs in results.items():
        cells = []
        for c in CATEGORIES:
            median = statistics.median(r[c] for r in runs)
            low += [f"{name} {c} {median}"] if median < TARGET else []
            cells.append(f"{median:g} ({', '.join(str(r[c]) for r in runs)})")
        cells += [f"{statistics.median(r[m] for r in runs):.{3 if m.startswith('cumulative') else 0}f}" for m in METRICS]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nLighthouse and Chromium: {children_cpu() - cpu:.0f} CPU s over {time.perf_counter() - wall:.0f} s wall; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    if low:
        print("under " + str(TARGET) + ": " + "; ".join(low))
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
