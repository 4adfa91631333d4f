"""Printable guides: the item 办事指南 (with its 一次性告知单), centre wall charts and booklets, as PDF.

API for the other stages:
- pdf_support() -> None when PDFs can be made, else one Chinese warning naming what to install;
- write_pdfs(catalogue, out_dir, site_url, items=None, centres=None) -> the PDF files written under
  out_dir/print/ (items/<id>.pdf, centres/<id>-wall.pdf, centres/<id>-booklet.pdf);

The plan (this module) decides what to make, in what order, in which worker; layouts/ make each
PDF's data from the catalogue; jobs.py keys, compiles and caches them; engine.py is Typst.
"""
from __future__ import annotations

import os
import time
from collections import deque
from contextlib import nullcontext
from functools import cache
from pathlib import Path

from .. import progress, workers
from ..catalogue.model import Catalogue
from ..paths import DEFAULT_SITE_URL
from . import engine
from .layouts.guide import printable
from .layouts.volume import guided_offers


@cache
def pdf_support() -> str | None:
    """None when Typst and the Noto Sans CJK SC faces are usable; else a warning in Chinese."""
    return engine.missing()


def write_pdfs(catalogue: Catalogue, out_dir: Path, site_url: str, items=None, centres=None,
               memory_turn: Path | None = None) -> list[Path]:
    """Write the chosen PDFs (all when neither items nor centres is given) into out_dir/print/.

    memory_turn: the lock file the build's big users of memory take turns on (workers.memory_turn):
    a volume made in a process of its own takes its turn, so it never runs beside the open data or
    the search index.

    items and centres are lists of ids, already checked to exist. When pdf_support() gives a
    warning nothing is written and [] returned: the caller shows that warning once (the site
    builds without PDF links). A chosen centre brings its tier's volume of guides."""
    from ..paths import cache_root
    from .jobs import Work

    if pdf_support():
        return []
    site_url = site_url or DEFAULT_SITE_URL  # QR codes need an absolute address
    if items is None and centres is None:
        chosen_items, chosen_centres = printable(catalogue.items), list(catalogue.centres)
    else:
        chosen_items = printable(catalogue.item(i) for i in items or ())
        chosen_centres = [catalogue.centre(c) for c in centres or ()]
    if not chosen_items and not chosen_centres:
        return []
    started = time.time()
    faces = engine.find_faces()
    engine.font_folder(faces)  # the quick copies made here, once, before any worker needs them (faces.py)
    work = Work(catalogue, site_url, faces)
    plan = Plan(work, chosen_items, chosen_centres, Path(out_dir) / "print", memory_turn)
    written = plan.run(lambda layouts: _workers(layouts, (catalogue, site_url, faces, cache_root())))
    if items is None and centres is None:  # everything was made or reused: the rest is stale
        work.cache.prune(started - 1)
    for what, (made, reused) in plan.counts.items():
        progress.tally(what, made, reused)
    return written


class Plan:
    """Which PDFs to make and which to copy from the cache; run() makes them, in workers when given."""

    def __init__(self, work, items: list, centres: list, folder: Path, memory_turn: Path | None = None):
        from ..catalogue.model import TIERS
        self.work, self.items, self.centres, self.folder = work, items, centres, folder
        self.memory_turn = memory_turn
        self.tiers = [t for t in TIERS if any(c.tier == t for c in centres)]
        catalogue = work.catalogue
        wanted = {i.id for i in items} | {i.id for t in self.tiers for i, _ in guided_offers(catalogue, t)}
        self.needed = [i for i in catalogue.items if i.id in wanted]
        self.guides: dict[str, tuple[str, int]] = {}  # item id -> (key, number of pages)
        self.missing_guides: list[tuple[str, str, dict]] = []  # (item id, key, data)
        for item in self.needed:
            key, data = work.keyed("guide", item)
            pages = work.pages_of(key)
            if pages is not None and work.cache.has(key):
                self.guides[item.id] = (key, pages)
            else:
                self.missing_guides.append((item.id, key, data))
        self.walls = [(c.id, *work.keyed("wall", c)) for c in centres]  # (centre id, key, data)
        self.covers = [(c.id, *work.keyed("cover", c)) for c in centres]
        self.counts = {"办事指南": [0, 0], "汇编分册": [0, 0], "汇编封面": [0, 0], "上墙公示表": [0, 0]}

    def run(self, workers_for) -> list[Path]:
        """The guides first (in workers when there are enough: workers_for(n) is a context giving
        them, or None to work here); then the tiers' volumes, which need only the guides: they go
        once the guides' workers are gone (a volume holds every guide it places in memory), before a
        rebuild's search index wants its turn; then the wall charts and covers, in workers again."""
        from .jobs import SUFFIX, centres_job, guides_job, write_atomic

        work, folder = self.work, self.folder
        written: list[Path] = []
        total = len(self.needed) + len(self.walls) + len(self.covers) + len(self.tiers)
        with progress.stage("打印 PDF", total) as step:
            step(len(self.guides))
            self.counts["办事指南"][1] += len(self.guides)
            guides = [(("guides", len(chunk)), guides_job, chunk) for chunk in _chunks(self.missing_guides, GUIDE_BATCH)]
            for (_, size), result in self._lay_out(workers_for, guides):
                step(size)
                self.guides.update({ident: (key, pages) for ident, key, pages in result})
                self.counts["办事指南"][0] += size
            self.missing_guides = []  # laid out: their data can go before the volumes
            written += self._volumes(step)
            centres = []
            for kind, keyed, batch in (("wall", self.walls, WALL_BATCH), ("cover", self.covers, COVER_BATCH)):
                missing = []
                for ident, key, data in keyed:
                    pdf = work.cache.get(key)
                    if pdf is None:
                        missing.append((ident, key, data))
                    else:
                        written.append(write_atomic(folder / "centres" / f"{ident}-{SUFFIX[kind]}.pdf", pdf))
                step(len(keyed) - len(missing))
                self.counts[_COUNTED[kind]][1] += len(keyed) - len(missing)
                centres += [((kind, len(chunk)), centres_job, kind, chunk, folder / "centres") for chunk in _chunks(missing, batch)]
            self.walls, self.covers = [], []
            for (kind, size), result in self._lay_out(workers_for, centres):
                step(size)
                written += result
                self.counts[_COUNTED[kind]][0] += size
        for item in self.items:
            data = work.cache.get(self.guides[item.id][0])
            written.append(write_atomic(folder / "items" / f"{item.id}.pdf", data))
        return written

    def _lay_out(self, workers_for, jobs: list[tuple]):
        """Run the jobs ((what, job, *args), what = (kind, how many layouts)) in workers when there are
        enough layouts, else here; yields (what, result) as they finish. The workers end with it."""
        with workers_for(sum(what[1] for what, *_ in jobs)) as pool:
            queue = Queue(_runner(pool, self.work), in_flight=_IN_FLIGHT if pool is not None else 1)
            for what, job, *args in jobs:
                queue.add(what, job, *args)
            yield from queue.results()

    def _volumes(self, step) -> list[Path]:
        """The tiers' volumes, from the cache or made now: a small one here, a big one alone in a fresh
        process in its turn (memory_turn): it holds every guide it places in memory (the county's
        1,135, some 620 MB), and the memory goes back when that process ends. (The big ones together
        in one process would read the guides they share once, 2–4 s less for three, but that process
        grows to 690 MB: with the site stage beside it, over 1 GB.)"""
        from .jobs import volume_data, volume_job, write_atomic
        work, written = self.work, []
        for tier in self.tiers:
            guides = {item.id: self.guides[item.id] for item, _ in guided_offers(work.catalogue, tier)}
            key = work.volume_key(tier, [key for key, _ in guides.values()])
            target = self.folder / "volumes" / f"{tier}.pdf"
            data = work.cache.get(key)
            if data is not None:
                self.counts["汇编分册"][1] += 1
                written.append(write_atomic(target, data))
            else:
                self.counts["汇编分册"][0] += 1
                job = (volume_data(work, tier, guides), key, {ident: k for ident, (k, _) in guides.items()}, target,
                       work.faces, work.cache.folder.parent)
                if len(guides) < VOLUME_ALONE_FROM:
                    written.append(volume_job(*job))
                else:
                    workers.give_back_memory()
                    with workers.memory_turn(self.memory_turn):
                        written.append(workers.in_a_process(volume_job, *job))
            step(1)
        return written


class Queue:
    """Jobs handed to the workers a few at a time (each worker has one running and one ready), so
    that what waits is still here to hand to whichever worker is free first.

    add(): handed to the workers when fewer than in_flight are running, else behind the jobs waiting.
    results() yields (what, result) as jobs finish, feeding the workers as it goes."""

    def __init__(self, run, in_flight: int):
        self.run, self.in_flight = run, in_flight
        self.running: dict = {}  # future -> what
        self.waiting: deque = deque()

    def add(self, what, job, *args) -> None:
        self.waiting.append((what, job, args))
        self._feed()

    def results(self):
        while self.running or self.waiting:
            self._feed()
            for future in workers.finished(self.running, None):
                yield self.running.pop(future), future.result()

    def _feed(self) -> None:
        while self.waiting and len(self.running) < self.in_flight:
            what, job, args = self.waiting.popleft()
            self.running[self.run(job, *args)] = what


_COUNTED = {"wall": "上墙公示表", "cover": "汇编封面"}
_IN_FLIGHT = 3  # jobs handed to the two workers at once: each has one running and one ready

GUIDE_BATCH, WALL_BATCH, COVER_BATCH = 12, 40, 60
PARALLEL_FROM = 6  # layouts: fewer than this are made in this process
VOLUME_ALONE_FROM = 100  # guides: a volume placing this many is made in a fresh process of its own


def _chunks(things: list, size: int) -> list[list]:
    return [things[i:i + size] for i in range(0, len(things), size)]


def _runner(pool, work):
    """submit(job, *args) on the workers, or run it here and hand back a finished future."""
    from concurrent.futures import Future

    def run(job, *args):
        if pool is not None:
            return pool.submit(job, *args)
        future = Future()
        future.set_result(job(*args, work=work))
        return future
    return run


def _workers(layouts: int, initargs: tuple):
    """Both cores (two worker processes, each with the catalogue once) when there is enough to lay out."""
    from .jobs import init_worker
    cores = min(os.cpu_count() or 1, 2)
    if layouts < PARALLEL_FROM or cores < 2:
        return nullcontext()
    return workers.stoppable(workers.pool(cores, init_worker, initargs))
