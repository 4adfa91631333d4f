"""Worker processes every stage may use: spawned (never forked from a process that runs threads),
ended at once on Ctrl-C, SIGTERM, an error or a stop request instead of being waited for."""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager


def pool(size: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)


@contextmanager
def stoppable(workers: ProcessPoolExecutor):
    """On Ctrl-C, SIGTERM or an error the worker processes are ended at once, not waited for."""
    try:
        yield workers
    except BaseException:
        for process in list((getattr(workers, "_processes", None) or {}).values()):
            process.terminate()
        workers.shutdown(wait=False, cancel_futures=True)
        raise
    workers.shutdown(wait=True)


def finished(futures, stop: threading.Event | None):
    """The futures done now or within a moment; KeyboardInterrupt when stop has been set."""
    done, _ = wait(list(futures), timeout=0.2, return_when=FIRST_COMPLETED)
    if stop is not None and stop.is_set():
        raise KeyboardInterrupt("stopped")
    return done


def in_a_process(job: Callable, *args, stop: threading.Event | None = None):
    """job(*args) in a worker process of its own (so it does not wait for this process's threads)."""
    with stoppable(pool(1)) as worker:
        future = worker.submit(job, *args)
        while not finished([future], stop):
            pass
        return future.result()
