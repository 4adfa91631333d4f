"""The new site is swapped in at once and the previous one removed by a process of its own (a real
county's site is 8,000 files: seconds the clerk no longer waits); a build starting meanwhile leaves
that folder to it, and removes one whose remover is gone."""
from __future__ import annotations

import os
import time
from pathlib import Path

from generator import paths
from generator.site import build as site_build


def folder(path: Path, files: int, text: str) -> Path:
    for number in range(files):
        (path / f"{number // 100}").mkdir(parents=True, exist_ok=True)
        (path / f"{number // 100}" / f"{number}.html").write_text(text, "utf-8")
    (path / "index.html").write_text(text, "utf-8")
    return path


def test_the_previous_site_is_removed_by_a_process_of_its_own(tmp_path, monkeypatch):
    site = folder(tmp_path / "site", 2000, "old")
    new = folder(tmp_path / ".site-new-1-x", 10, "new")
    removed_here: list = []
    monkeypatch.setattr(paths.shutil, "rmtree", lambda path, **_: removed_here.append(path))
    paths.swap_in(new, site, wait=False)
    assert (site / "index.html").read_text("utf-8") == "new" and not new.exists()
    assert removed_here == []
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_leaves_a_previous_site_being_removed_alone_and_removes_one_left_behind(tmp_path):
    being_removed = (tmp_path / f".site-old-{os.getppid()}")  # its remover still running
    left = tmp_path / ".site-old-999999999"  # its remover was killed
    for path in (being_removed, left):
        folder(path, 3, "old")
    site_build.remove_stale(tmp_path / "site")
    assert being_removed.is_dir() and not left.exists()
