"""A stage run in a process of its own (generator/workers.py): result, tallies, errors and stops come back."""
from __future__ import annotations

import threading
import time

import pytest

from generator import progress
from generator.workers import in_a_process


def counts_and_doubles(n: int) -> int:
    progress.tally("办事指南", rebuilt=n, reused=1)
    return n * 2


def sleeps() -> None:
    time.sleep(60)


def fails() -> None:
    raise ValueError("坏了")


def test_the_result_and_the_tallies_come_back_into_this_process():
    progress.reset()
    assert in_a_process(counts_and_doubles, 3) == 6
    assert progress.tallies() == {"办事指南": [3, 1]}
    progress.reset()


def test_an_error_there_is_raised_here():
    with pytest.raises(ValueError, match="坏了"):
        in_a_process(fails)


def test_a_stop_ends_the_process_at_once():
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        in_a_process(sleeps, stop=stop)
    assert time.perf_counter() - started < 5


def test_a_waiting_process_gives_freed_memory_back_to_the_system():
    """glibc keeps freed memory in the middle of its heap; give_back_memory() returns it (the site
    stage does so before waiting for the PDFs, whose county volume needs ~700 MB)."""
    import platform

    from generator.workers import give_back_memory
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc_trim is glibc's")

    def rss_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) // 1024
    blocks = [bytearray(4000) for _ in range(60_000)]  # ~240 MB from malloc's heap (not pymalloc, not mmap)
    kept = blocks[::500]  # a few stay, so the heap cannot simply shrink from its top
    del blocks
    before = rss_mb()
    give_back_memory()
    assert rss_mb() < before - 100, (before, rss_mb())
    assert len(kept) == 120


def _hold_turn(lock, seconds: float, held) -> None:
    from generator.workers import memory_turn
    with memory_turn(lock):
        held.set()
        time.sleep(seconds)


def test_processes_take_turns_and_a_process_that_dies_lets_its_turn_go(tmp_path):
    import multiprocessing

    from generator.workers import memory_turn
    spawn = multiprocessing.get_context("spawn")
    lock = tmp_path / ".memory-turn"
    held = spawn.Event()
    other = spawn.Process(target=_hold_turn, args=(lock, 1.5, held))
    other.start()
    assert held.wait(30)
    started = time.monotonic()
    with memory_turn(lock):
        waited = time.monotonic() - started
    other.join()
    assert waited >= 1.0  # the other process's turn ended first

    held.clear()
    killed = spawn.Process(target=_hold_turn, args=(lock, 60, held))
    killed.start()
    assert held.wait(30)
    killed.kill()
    killed.join()
    started = time.monotonic()
    with memory_turn(lock, longest=30):
        assert time.monotonic() - started < 5  # its turn went with it


def test_a_turn_held_too_long_is_waited_for_no_longer_than_told(tmp_path):
    from generator.workers import memory_turn
    lock = tmp_path / ".memory-turn"
    with memory_turn(lock):
        started = time.monotonic()
        with memory_turn(lock, longest=0.3):  # another holder (a new open file): it waits, then goes ahead
            assert 0.3 <= time.monotonic() - started < 3
    with memory_turn(None):
        pass


def test_a_stop_ends_the_wait_for_a_turn(tmp_path):
    from generator.workers import memory_turn
    lock, stop = tmp_path / ".memory-turn", threading.Event()
    with memory_turn(lock):
        threading.Timer(0.3, stop.set).start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            with memory_turn(lock, stop=stop):
                pass
        assert time.monotonic() - started < 5
