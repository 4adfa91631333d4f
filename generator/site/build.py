"""The site stage, top to bottom: the checked catalogue built into a temporary folder next to the site
folder, swapped in only when everything succeeded. While the open data and the PDFs are written by
processes of their own (both cores busy from the start), this process gathers what the pages take
from the other stages, writes the pages, runs MkDocs on them (engine/), builds the search index and
writes the web form; then it waits for the others and swaps the site in."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from .. import printing, progress, workers
from ..export import kept
from ..paths import OLD_PREFIX, swap_in
from . import engine, extras, quality_page
from .engine.search import index_site
from .form import FormSettings, write_form
from .prepare import write_pages

WORK_PREFIX = ".site-new-"  # then the building process's id: .site-new-<pid>-<random>


def build_site(catalogue, root: Path, config_file: Path, site_dir: Path, writers=None) -> None:
    """Build into a sibling temporary folder; site_dir changes only when everything succeeded.

    writers: what runs in this process after the pages, as writer(catalogue, site folder, site_url)
    (default: after_pages(), with the open data and the PDFs alongside, background_writers(); a given
    list replaces both: tests, () for the pages alone)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site_dir)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    site = work / "site"
    try:
        settings = engine.settings(config_file)
        background, after = (background_writers(), after_pages()) if writers is None else ([], writers)
        with Alongside(background, catalogue, work / "later", settings.site_url) as alongside:
            written = write_pages(catalogue, extras.gather(root, settings.site_url), work / "pages")
            built = engine.build(config_file, site, written, settings.cache)  # says its own progress
            if settings.search:
                with progress.stage("搜索索引", 1) as step, workers.memory_turn(work / MEMORY_TURN):
                    index_site(site, set(built.indexed), kept=settings.cache)
                    step()
            if settings.cms:
                form = FormSettings(config_file.resolve().parent, root, settings.repo_url, settings.cms_backend,
                                    settings.cache)
                _, missing = write_form(site, form, written.form_choices)
                if missing:
                    sys.stderr.write(f"bianmin: 提示：{missing}\n")
            for write in after:
                write(catalogue, site, settings.site_url)
            workers.give_back_memory()  # the PDF and open-data processes need it more while this process waits
            alongside.wait()
        merge_into(work / "later", site)
        swap_in(site, site_dir, wait=False)  # the previous site is removed after this process
    finally:
        shutil.rmtree(work, ignore_errors=True)


def after_pages() -> list:
    """What is written in this process after the pages: writer(catalogue, site folder, site_url)."""
    return [quality_page.write]


def background_writers() -> list:
    """What is written by processes of their own while the pages are made:
    writer(catalogue, out_dir, site_url, stop=threading.Event) — each ends early when stop is set."""
    return [open_data, pdfs]


def pdfs(catalogue, out_dir: Path, site_url: str, stop=None) -> list[Path]:
    """The PDFs, from a process of their own (which lays them out in two more). Its big volumes take
    their turn (MEMORY_TURN) with the open data and the search index: each needs a lot of memory."""
    return workers.in_a_process(printing.write_pdfs, catalogue, out_dir, site_url, None, None,
                                out_dir.with_name(MEMORY_TURN), stop=stop)


def open_data(catalogue, out_dir: Path, site_url: str, stop=None) -> list[Path]:
    """The open data, from a process of its own, in its turn (MEMORY_TURN); files whose content would
    not change come from the cache."""
    with progress.stage("开放数据", 1) as step, workers.memory_turn(out_dir.with_name(MEMORY_TURN), stop=stop):
        written = workers.in_a_process(kept.write_kept, catalogue, out_dir, site_url, stop=stop)
        step()
    return written


# The lock file the big users of memory take turns on (workers.memory_turn): beside the writers'
# folder in the build's work folder, not published.
MEMORY_TURN = ".memory-turn"


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

    Ctrl-C and SIGTERM never leave one (the `finally` above runs); a build still running is left alone,
    and so is a previous site that paths.remove_later's process is still removing (named by its id)."""
    old = OLD_PREFIX.format(name=site_dir.name)  # paths.swap_in's name for the previous site
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
