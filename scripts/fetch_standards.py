"""Make the published standard files the export tests need available, checked by sha256.

Looked for, in order: $BIANMIN_STANDARDS, ../shared/standards beside the repository, the cache
(~/.cache/bianmin/standards); a file found nowhere is downloaded from its pinned URL into the cache.
Offline, a missing file is named and the tests that need it skip (fail in CI). Run by `make test`.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "tests" / "standards.lock.json"


def cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bianmin" / "standards"


def places() -> list[Path]:
    named = os.environ.get("BIANMIN_STANDARDS")
    return [Path(named)] if named else [ROOT.parent / "shared" / "standards", cache()]


def good(path: Path, sha256: str) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def fetch(entry: dict) -> str:
    """'' when the file is in place, else why not."""
    if any(good(place / entry["path"], entry["sha256"]) for place in places()):
        return ""
    target = cache() / entry["path"]
    try:
        with urllib.request.urlopen(entry["url"], timeout=30) as response:
            data = response.read()
    except OSError as exc:
        return f"{entry['path']}: cannot download ({exc})"
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return f"{entry['path']}: the download does not match its sha256"
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(target.suffix + ".part")
    part.write_bytes(data)
    part.replace(target)
    return ""


def main() -> int:
    problems = [p for p in map(fetch, json.loads(LOCK.read_text("utf-8"))["files"]) if p]
    for problem in problems:
        print(f"make test: standard file missing: {problem}; the tests that need it skip (fail in CI)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
