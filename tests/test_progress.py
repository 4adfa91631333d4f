"""Progress: plain lines when not on a terminal, and one summary line of what was rebuilt and reused."""
from __future__ import annotations

import io
import re

from generator import progress


def test_plain_lines_say_what_how_many_and_how_long(monkeypatch):
    monkeypatch.delenv("BIANMIN_PROGRESS", raising=False)
    out = io.StringIO()  # not a terminal, like a CI log
    with progress.stage("打印 PDF", 40, stream=out) as step:
        for _ in range(40):
            step()
    lines = out.getvalue().splitlines()
    assert lines[0] == "bianmin: 打印 PDF 0/40"
    assert re.fullmatch(r"bianmin: 打印 PDF 40/40（\d+ 秒）", lines[-1])
    assert 3 <= len(lines) <= 12  # about every tenth of the way, not every step


def test_a_terminal_gets_a_progress_bar(monkeypatch):
    monkeypatch.setenv("BIANMIN_PROGRESS", "bar")
    out = io.StringIO()
    with progress.stage("打印 PDF", 3, stream=out) as step:
        step(3)
    assert "打印 PDF：3/3" in out.getvalue() and "|" in out.getvalue()


def test_the_summary_says_what_was_rebuilt_and_what_was_reused():
    progress.reset()
    progress.tally("办事指南", rebuilt=1, reused=1134)
    progress.tally("汇编分册", rebuilt=3)
    out = io.StringIO()
    progress.summary(stream=out)
    assert re.fullmatch(r"bianmin: 重新生成：办事指南 1、汇编分册 3；沿用上次：办事指南 1134（用时 \d+ 秒）\n", out.getvalue())
    out = io.StringIO()
    progress.summary(stream=out)  # counted afresh: nothing to say
    assert out.getvalue() == ""
