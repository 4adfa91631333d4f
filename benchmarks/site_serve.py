"""Edit-to-preview under `mkdocs serve`: change one item's YAML, time until its page serves the change.

    .venv/bin/python benchmarks/site_serve.py [--dirty] [--rounds 3] [--catalogue catalogue]

Runs on a copy of the project in a temporary folder (the real catalogue is never touched). The
time is from the file write to the first HTTP answer that holds the new text (the browser's live
reload adds one page load on top).
"""
from __future__ import annotations

import argparse
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


def copy_project(catalogue: Path, into: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", into / "site_src")
    shutil.copytree(catalogue, into / "catalogue")
    return into


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--catalogue", default=str(ROOT / "catalogue"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bianmin-serve-") as tmp:
        project = copy_project(Path(args.catalogue), Path(tmp))
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
            times = []
            for round_ in range(args.rounds):
                marker = f"预览测试标记{round_}{time.time_ns()}"
                text = item.read_text(encoding="utf-8")
                item.write_text(edit(text, marker), encoding="utf-8")
                times.append(wait_for(url, marker))
                time.sleep(1.5)
            print(f"edit-to-preview ({'dirty' if args.dirty else 'full'} rebuild): "
                  f"median {statistics.median(times):.2f} s, all {[round(t, 2) for t in times]}")
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
