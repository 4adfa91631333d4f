"""Say what a long build is doing: per stage what, n of m, elapsed; then one line of what was rebuilt.

On a terminal each stage is a tqdm progress bar; elsewhere (CI logs, pipes) plain lines, one when a
stage starts, about every tenth of the way or every 15 seconds, and one when it ends. Every stage
(site, printing, export) uses the same two things:

    with progress.stage("办事指南", total=len(items)) as step:
        ...; step(1)                       # or step(n) after a batch
    progress.tally("办事指南", rebuilt=3, reused=1132)
    progress.summary()                     # one line: 重新生成 …；沿用上次 …（用时 … 秒）

Set BIANMIN_PROGRESS=plain to force plain lines, =off to say nothing but the summary.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

PLAIN_EVERY_S = 15.0
_tallies: dict[str, list[int]] = {}
_started = time.perf_counter()


def _mode(stream) -> str:
    chosen = os.environ.get("BIANMIN_PROGRESS", "")
    if chosen in ("plain", "off", "bar"):
        return chosen
    return "bar" if getattr(stream, "isatty", lambda: False)() and os.environ.get("CI") is None else "plain"


@contextmanager
def stage(what: str, total: int, stream=None):
    """Report progress of one stage of `total` steps; yields step(n=1)."""
    stream = stream or sys.stderr
    mode = _mode(stream)
    started = time.perf_counter()
    done = 0
    if mode == "bar":
        from tqdm import tqdm
        bar = tqdm(total=total, desc=what, unit="", file=stream, leave=True, dynamic_ncols=True,
                   bar_format="{desc}：{n_fmt}/{total_fmt} |{bar}| {elapsed}")

        try:
            yield bar.update
        finally:
            bar.close()
        return

    last = {"at": started, "shown": 0}

    def say(now: float) -> None:
        if mode == "plain":
            stream.write(f"bianmin: {what} {done}/{total}（{now - started:.0f} 秒）\n")
            stream.flush()
        last.update(at=now, shown=done)

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        now = time.perf_counter()
        if done < total and (done - last["shown"] >= max(1, total // 10) or now - last["at"] >= PLAIN_EVERY_S):
            say(now)

    if mode == "plain":
        stream.write(f"bianmin: {what} 0/{total}\n")
    try:
        yield step
    finally:
        say(time.perf_counter())


def tally(what: str, rebuilt: int = 0, reused: int = 0) -> None:
    """Count outputs made anew and outputs taken from the cache, for the summary."""
    counts = _tallies.setdefault(what, [0, 0])
    counts[0] += rebuilt
    counts[1] += reused


def tallies() -> dict[str, list[int]]:
    """What was counted so far: what -> [rebuilt, reused]."""
    return {what: list(counts) for what, counts in _tallies.items()}


def summary_line() -> str:
    rebuilt = "、".join(f"{what} {n}" for what, (n, _) in _tallies.items() if n) or "无"
    reused = "、".join(f"{what} {n}" for what, (_, n) in _tallies.items() if n) or "无"
    return f"重新生成：{rebuilt}；沿用上次：{reused}（用时 {time.perf_counter() - _started:.0f} 秒）"


def summary(stream=None) -> None:
    """Print the one-line summary (when anything was counted) and start counting afresh."""
    global _started
    if _tallies:
        (stream or sys.stderr).write(f"bianmin: {summary_line()}\n")
    reset()


def reset() -> None:
    global _started
    _tallies.clear()
    _started = time.perf_counter()
