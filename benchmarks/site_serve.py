"""Edit-to-preview under `mkdocs serve`: change one item's YAML, time until its page serves the change.

    .venv/bin/python benchmarks/site_serve.py [--dirty] [--rounds 3] [--catalogue catalogue | --realscale]
        [--pause 1.5]

Runs on a copy of the project in a temporary folder (the real catalogue is never touched). The
time is from the file write to the first HTTP answer that holds the new text (the browser's live
reload adds one page load on top). Also printed per edit: the CPU seconds the server process used
meanwhile (its own, and its finished children's: Pagefind), and the 1-minute load average, so a
figure taken on a busy machine shows as such. --realscale: the real-scale catalogue
(benchmarks/realscale.py, 1,135 items, 631 centres). --pause: seconds between edits (Pagefind
indexes in the background after each build).
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {text!r} at {url}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process and of its children that have finished (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def copy_project(catalogue: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", into / "site_src")
    shutil.copytree(catalogue, into / "catalogue")
    return into


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--catalogue", default=str(ROOT / "catalogue"))
    parser.add_argument("--realscale", action="store_true", help="the real-scale catalogue instead of --catalogue")
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument("--pause", type=float, default=1.5, help="seconds between edits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bianmin-serve-") as tmp:
        catalogue = Path(args.catalogue)
        if args.realscale:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from realscale import make_catalogue
            catalogue = make_catalogue(Path(tmp) / "made", args.realdata)
        project = copy_project(catalogue, Path(tmp) / "project")
        port = free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
        if args.dirty:
            command.append("--dirty")
        server = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            item = sorted((project / "catalogue" / "items").glob("*.yml"))[0]
            url = f"http://127.0.0.1:{port}/items/{item.stem}/"
            first = wait_for(url, "<h1", limit=300)
            print(f"first build served after {first:.1f} s")
            time.sleep(args.pause)
            times, cpus = [], []
            for round_ in range(args.rounds):
                marker = f"预览测试标记{round_}{time.time_ns()}"
                text = item.read_text(encoding="utf-8")
                used = cpu_seconds(server.pid)
                item.write_text(edit(text, marker), encoding="utf-8")
                times.append(wait_for(url, marker))
                cpus.append(cpu_seconds(server.pid) - used)
                print(f"edit {round_ + 1}: {times[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU, load {os.getloadavg()[0]:.2f}",
                      flush=True)
                time.sleep(args.pause)
            print(f"edit-to-preview ({'dirty' if args.dirty else 'full'} rebuild): "
                  f"median {statistics.median(times):.2f} s wall, {statistics.median(cpus):.2f} s CPU, "
                  f"all {[round(t, 2) for t in times]}")
        finally:
            server.terminate()
            server.wait(timeout=30)


def edit(text: str, marker: str) -> str:
    """Put the marker into the item's summary (add one when there is none)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("summary:"):
            lines[number] = f"summary: {marker}"
            return "\n".join(lines) + "\n"
    return text.replace("\ncategory:", f"\nsummary: {marker}\ncategory:", 1)


if __name__ == "__main__":
    main()
