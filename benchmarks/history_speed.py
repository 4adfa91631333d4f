"""Time the git-backed editors' tools on a repository with a long history.

    python benchmarks/history_speed.py [--commits 300] [--repeat 3]

Copies the demo catalogue into a temporary git repository, makes --commits commits that each change one
item's commitments (fee, time limit or visits) or a centre's phone, then times, best of --repeat:
  - history.last_changed (one `git log` for every file's date; called on every site build),
  - history.changelog_markdown(limit=100) (the 变更记录 page; called on every site build),
  - `bianmin diff HEAD~50 HEAD` in a fresh process (the change report on a pull request).
"""
from __future__ import annotations

import argparse
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
from generator.history import changelog as history  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True)


def make_repo(repo: Path, commits: int) -> None:
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(ROOT / "catalogue", repo / "catalogue")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "demo")
    items = sorted((repo / "catalogue" / "items").glob("*.yml"))
    centres = sorted((repo / "catalogue" / "centres").glob("*.yml"))
    for number in range(commits):
        if number % 3 == 2:
            file = centres[number % len(centres)]
            text = re.sub(r'^phone: "0917-(\d+)"', lambda m: f'phone: "0917-{(int(m[1]) + 1) % 10**7:07d}"',
                          file.read_text("utf-8"), count=1, flags=re.M)
        else:
            file = items[number % len(items)]
            text = re.sub(r"(visits: \{count: )(\d)", lambda m: m[1] + str((int(m[2]) + 1) % 3), file.read_text("utf-8"), count=1)
        file.write_text(text, "utf-8")
        git(repo, "commit", "-q", "-am", f"change {number}")


def best_of(repeat: int, function) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        repo = Path(temp) / "repo"
        start = time.perf_counter()
        make_repo(repo, args.commits)
        print(f"made a repository with {args.commits + 1} commits in {time.perf_counter() - start:.1f} s")
        os.chdir(repo)
        files = len(history.last_changed(Path("catalogue")))
        print(f"last_changed ({files} files): {best_of(args.repeat, lambda: history.last_changed(Path('catalogue'))):.3f} s")
        entries = len(history.changelog(Path("catalogue"), limit=100))
        page = best_of(args.repeat, lambda: history.changelog_markdown(Path("catalogue"), limit=100))
        print(f"changelog_markdown(limit=100) ({entries} entries): {page:.3f} s")
        diff = best_of(args.repeat, lambda: subprocess.run(
            [sys.executable, "-m", "generator", "diff", "HEAD~50", "HEAD"], env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, check=False))
        print(f"bianmin diff HEAD~50 HEAD (fresh process, loads both versions): {diff:.2f} s")


if __name__ == "__main__":
    main()
