"""The site stage from outside: the checked catalogue built into a temporary folder next to the site
folder, swapped in only when everything succeeded. The pages (MkDocs through site.engine) are built
in this process while the open data and the PDFs are written by processes of their own
(extras.background_writers), so both cores are busy from the start."""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from ..paths import swap_in
from . import engine
from . import extras as render_extras

WORK_PREFIX = ".site-new-"  # then the building process's id: .site-new-<pid>-<random>


def build_site(catalogue, root: Path, config_file: Path, site_dir: Path, writers=None) -> None:
    """Build into a sibling temporary folder; site_dir changes only when everything succeeded.

    The PDFs (extras.background_writers: their work is done in worker processes) are made while the
    pages and the open data are: both cores stay busy. writers: the extra writers to run in this
    process after the pages (default: extras.writers, and then the background ones too; a given list
    replaces both)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    try:
        site_url = engine.configured_site_url(config_file)
        background = render_extras.background_writers() if writers is None else []
        with Alongside(background, catalogue, work / "later", site_url) as alongside:
            engine.build_into(catalogue, root, config_file, work / "site")  # says its own progress
            for write in render_extras.writers() if writers is None else writers:
                write(catalogue, work / "site", site_url)
            alongside.wait()
        merge_into(work / "later", work / "site")
        swap_in(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Alongside:
    """Writers run in threads while this process goes on; any error or a stop (Ctrl-C, SIGTERM) in
    this process stops them (each polls `stop`) before the error goes on, so no thread is left
    writing into a folder that is being removed."""

    def __init__(self, writers, catalogue, out_dir: Path, site_url: str):
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        out_dir.mkdir(parents=True, exist_ok=True)
        self.threads = [threading.Thread(target=self._run, args=(w, catalogue, out_dir, site_url), daemon=True)
                        for w in writers]

    def _run(self, write, catalogue, out_dir: Path, site_url: str) -> None:
        try:
            write(catalogue, out_dir, site_url, stop=self.stop)
        except BaseException as exc:  # handed to the main thread by wait()
            self.errors.append(exc)
            self.stop.set()

    def __enter__(self):
        try:
            for thread in self.threads:
                thread.start()
        except BaseException as error:  # Ctrl-C between two starts: stop those already running
            self.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def wait(self) -> None:
        """Until every writer is done; its first error is raised here."""
        for thread in self.threads:
            while thread.is_alive():
                thread.join(0.2)  # short waits: Ctrl-C and SIGTERM reach this thread at once
        if self.errors:
            raise self.errors[0]

    def __exit__(self, kind, error, trace):
        if error is not None:
            self.stop.set()
            for thread in self.threads:
                thread.join()
        return False


def merge_into(source: Path, target: Path) -> None:
    """Move every file under source to the same place under target (whole folders when target has none)."""
    if not source.is_dir():
        return
    for entry in source.iterdir():
        there = target / entry.name
        if entry.is_dir() and there.is_dir():
            merge_into(entry, there)
        else:
            os.replace(entry, there)


def remove_stale(site_dir: Path) -> None:
    """Folders left by a build that was killed outright (SIGKILL, a power cut): their process is gone.

    Ctrl-C and SIGTERM never leave one (the `finally` above runs); a build still running is left alone."""
    old = f".{site_dir.name}-old-"  # paths.swap_in's name for the previous site while swapping
    for stale in site_dir.parent.iterdir():
        if stale.name.startswith(WORK_PREFIX):
            pid = stale.name.removeprefix(WORK_PREFIX).split("-")[0]
        elif stale.name.startswith(old):
            pid = stale.name.removeprefix(old)
        else:
            continue
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not building yet: a folder of its id is from an earlier build in it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
