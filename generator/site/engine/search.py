"""The search index: Pagefind (the search engine the pages use, a bundled binary from the pagefind
PyPI package) over the built site. The site stage runs it after MkDocs (site/build.py); plain
`mkdocs build` from the plugin; `mkdocs serve` in the background at low priority (BackgroundIndex),
so the edited page shows without waiting for the index."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path


class SearchIndexFailed(RuntimeError):
    """Pagefind ended with an error (its message in Chinese)."""


class BackgroundIndex:
    """Pagefind under serve: after a build, in the background and at low priority (so the next
    save's preview does not wait for the CPU), one run at a time; builds finished during a run
    are indexed by one more run after it."""

    def __init__(self, warn) -> None:
        self.warn = warn
        self.lock = threading.Lock()
        self.wanted: Path | None = None
        self.folders: set[str] = set()
        self.running = False
        self.stopped = False
        self.process: subprocess.Popen | None = None

    def request(self, site_dir: Path, folders: set[str]) -> None:
        with self.lock:
            self.wanted, self.folders = site_dir, folders
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            with self.lock:
                site_dir, folders, self.wanted = self.wanted, self.folders, None
                if site_dir is None or self.stopped:
                    self.running = False
                    return
            index_site(site_dir, folders, nice=True, started=self._started, warn=self.warn)

    def _started(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.process = process
        if self.stopped:
            process.kill()

    def stop(self) -> None:
        """Serve is ending: end a run under way and start none."""
        with self.lock:
            self.stopped = True
            process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def index_site(site_dir: Path, folders: set[str] | None = None, nice: bool = False, started=None,
               warn=None) -> None:
    """Build the Pagefind index into site/pagefind/ (bundled binary from the pagefind PyPI package).

    nice: at the lowest CPU priority (under serve, behind the preview). folders: the top folders of
    the pages marked data-pagefind-body; Pagefind leaves every other page out once one is marked, so
    it need not read them (the same index, a fifth less time at real scale). started: called with the
    running process (serve ends it when it stops). warn: called with the message when Pagefind fails
(under serve); without it the failure raises SearchIndexFailed."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "zh-cn", "--quiet"]
    if folders and "" not in folders:
        command += ["--glob", f"{{{','.join(sorted(folders))}}}/**/*.html"]
    if nice and shutil.which("nice"):
        command = ["nice", "-n", "19", *command]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        if started is not None:
            started(process)
        out, err = process.communicate()
    if process.returncode < 0:  # ended by serve stopping
        return
    if process.returncode != 0:
        message = f"搜索索引生成失败（pagefind）：{err.strip() or out.strip()}"
        if warn is None:
            raise SearchIndexFailed(message)
        warn(message)
