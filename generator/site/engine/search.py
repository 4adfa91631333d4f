"""The search index: Pagefind (the search engine the pages use, a bundled binary from the pagefind
PyPI package) over the built site. The site stage runs it after MkDocs (site/build.py); plain
`mkdocs build` from the plugin; `mkdocs serve` in the background at low priority (BackgroundIndex),
so the edited page shows without waiting for the index."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from ...cache import Cache, digest


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
               warn=None, kept: bool = False) -> None:
    """Build the Pagefind index into site/pagefind/ (bundled binary from the pagefind PyPI package).

    nice: at the lowest CPU priority (under serve, behind the preview). folders: the top folders of
    the pages marked data-pagefind-body; Pagefind leaves every other page out once one is marked, so
    it need not read them (the same index, a fifth less time at real scale). started: called with the
    running process (serve ends it when it stops). warn: called with the message when Pagefind fails
    (under serve); without it the failure raises SearchIndexFailed. kept: take the index from the
    cache when every page is as an earlier build left it (KeptIndex), else keep the new one there."""
    options = ["--force-language", "zh-cn", "--quiet"]
    if folders and "" not in folders:
        options += ["--glob", f"{{{','.join(sorted(folders))}}}/**/*.html"]
    cache = KeptIndex(site_dir, options) if kept else None
    if cache and cache.restore():
        return
    _pagefind([sys.executable, "-m", "pagefind", "--site", str(site_dir), *options], nice, started, warn)
    if cache:
        cache.keep()


def _pagefind(command: list[str], nice: bool, started, warn) -> None:
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


class KeptIndex:
    """The index of a whole build kept in the cache (part `search-index`), keyed on every HTML file of
    the site (path and bytes: a superset of what Pagefind reads), the options, Pagefind's version and
    any Pagefind settings it would find (PAGEFIND_* variables, a pagefind.yml in the folder it runs
    in). Pagefind makes the same bytes from the same pages (tests/test_site_build.py), so a build
    that changed no page (nothing in the catalogue, or only what no page shows) takes the index as
    it is; any changed page runs Pagefind over the whole site (it has no partial update). The
    entries of earlier builds are dropped."""

    FOLDER = "pagefind"

    def __init__(self, site_dir: Path, options: list[str]):
        self.site_dir, self.started = site_dir, time.time()
        self.cache = Cache("search-index")
        self.key = digest(pagefind_version(), *options, *_settings(), *_pages(site_dir))

    def restore(self) -> bool:
        packed = self.cache.get(self.key)
        if packed is None:
            return False
        with zipfile.ZipFile(io.BytesIO(packed)) as archive:
            archive.extractall(self.site_dir / self.FOLDER)
        self.cache.prune(self.started - 1)
        return True

    def keep(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # its files are compressed already
            for path in sorted((self.site_dir / self.FOLDER).rglob("*")):
                if path.is_file():
                    archive.writestr(path.relative_to(self.site_dir / self.FOLDER).as_posix(), path.read_bytes())
        self.cache.put(self.key, out.getvalue())
        self.cache.prune(self.started - 1)


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    found = []
    for name in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return ", ".join(found)


def _settings() -> list[str]:
    """What else Pagefind reads its settings from: PAGEFIND_* variables and a pagefind.* file here."""
    found = [f"{name}={value}" for name, value in sorted(os.environ.items()) if name.startswith("PAGEFIND_")]
    for path in sorted(Path.cwd().glob("pagefind.*")):
        if path.is_file():
            found += [path.name, path.read_text("utf-8", errors="replace")]
    return found


def _pages(site_dir: Path) -> list[str]:
    """Each HTML file's path and the SHA-256 of its bytes."""
    parts = []
    for path in sorted(site_dir.rglob("*.html")):
        parts += [path.relative_to(site_dir).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]
    return parts
