"""Worker processes every stage may use: spawned (never forked from a process that runs threads),
ended at once on Ctrl-C, SIGTERM, an error or a stop request instead of being waited for."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from . import progress
from .exitcodes import ExitCode


def pool(size: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)


@contextmanager
def stoppable(workers: ProcessPoolExecutor):
    """On Ctrl-C, SIGTERM or an error the worker processes are ended at once, not waited for."""
    try:
        yield workers
    except BaseException:
        processes = list((getattr(workers, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        for process in processes:  # a moment, so that one with workers of its own ends them first
            process.join(10)
        workers.shutdown(wait=False, cancel_futures=True)
        raise
    workers.shutdown(wait=True)


MEMORY_WAIT = 120  # seconds a memory_turn waits at most, then goes ahead


@contextmanager
def memory_turn(lock: Path | None, longest: float | None = None, stop: threading.Event | None = None):
    """The block runs while no other holder of the same lock file (a process or a thread) is in its own:
    the build's big users of memory (the open data, the search index, a county's volume) take turns,
    whichever comes first. None: no turn taken. Waits MEMORY_WAIT seconds at most (longest), then goes
    ahead all the same; KeyboardInterrupt when stop is set meanwhile. A turn ends with the block, or
    with its process however that ends."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no turns
        lock = None
    if lock is None:
        yield
        return
    deadline = time.monotonic() + (MEMORY_WAIT if longest is None else longest)
    with open(lock, "a") as handle:  # flock: held by this open file, let go when it is closed
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stop is not None and stop.is_set():
                    raise KeyboardInterrupt("stopped") from None
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
        yield


def give_back_memory() -> None:
    """Hand the memory this process freed back to the system (glibc keeps it otherwise): called by a
    process that is about to wait while another needs memory (the site stage, ~80 MB at real scale,
    while the PDF process places a county's volume). Nothing on a system without glibc."""
    import ctypes
    import gc
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def finished(futures, stop: threading.Event | None):
    """The futures done now or within a moment; KeyboardInterrupt when stop has been set."""
    done, _ = wait(list(futures), timeout=0.2, return_when=FIRST_COMPLETED)
    if stop is not None and stop.is_set():
        raise KeyboardInterrupt("stopped")
    return done


def in_a_process(job: Callable, *args, stop: threading.Event | None = None):
    """job(*args) in a process of its own, so it never waits for this process (its threads, its GIL).

    Its progress lines go to the same terminal, its tallies (progress.tally) come back into this
    process's summary. Stopped (stop set, Ctrl-C, an error here), it ends its own workers first."""
    with stoppable(pool(1)) as worker:
        future = worker.submit(_counted, job, args)
        while not finished([future], stop):
            pass
        result, tallies = future.result()
    for what, (made, reused) in tallies.items():
        progress.tally(what, made, reused)
    return result


def _counted(job: Callable, args: tuple):
    signal.signal(signal.SIGTERM, _stopped)  # stoppable() ends this process: stop as Ctrl-C does
    progress.reset()
    try:
        result = job(*args)
    except _Stopped:  # the job has ended its own workers on the way out: now end this process
        os._exit(ExitCode.TERMINATED)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a later SIGTERM ends this process at once
    return result, progress.tallies()


class _Stopped(KeyboardInterrupt):
    """SIGTERM in a process of in_a_process: unwinds the job like Ctrl-C, then the process ends."""


def _stopped(signum, frame):
    raise _Stopped("stopped")
