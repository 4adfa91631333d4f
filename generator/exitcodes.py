"""The exit codes of every `bianmin` command."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # clean
    PROBLEMS = 1  # catalogue problems, all listed
    USAGE = 2  # wrong command line, missing folder or file
    INTERNAL = 3  # a bug in bianmin, not in the data
    DISK_FULL = 4  # the disk filled up (ENOSPC, EDQUOT); nothing was changed
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM (kill, a CI timeout) during a build; nothing was changed
