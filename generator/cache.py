"""One content-addressed cache for every stage: rendered outputs kept between builds.

An entry is named by a key: the SHA-256 of the output's inputs (for a PDF: its full print HTML, or
the keys of the parts it is made of) and of the code that makes it (the stage's `version`, a hash of
its source files and templates). So an edited item changes only the keys of the outputs that show
it, and a changed template or generator changes every key of that stage.

Entries are never trusted blindly: each file holds the SHA-256 of its data in front of the data and
is written to a temporary name, then renamed. A missing, partial or corrupt entry reads as missing
(and is deleted), so the caller makes the output again. A full build prunes what it did not use.

Where: `bianmin` under the user's cache folder (platformdirs: $XDG_CACHE_HOME/bianmin or
~/.cache/bianmin on Linux), or BIANMIN_CACHE_DIR when set. CI restores and saves that folder.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .paths import cache_root

MAGIC = b"bianmin-cache-1\n"
DIGEST_BYTES = 32


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the parts, each length-prefixed (so ("ab", "c") differs from ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_version(*paths: Path) -> str:
    """A hash of the contents of these files and of every file under these folders (sorted)."""
    parts: list[str | bytes] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            parts += [file.name, file.read_bytes()]
    return digest(*parts)


class Cache:
    """Entries of one stage (`kind`, a sub-folder), named by key."""

    def __init__(self, kind: str, root: Path | None = None):
        self.folder = (root or cache_root()) / kind  # root: tests and workers name it
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The data stored under key, or None when missing, partial or corrupt (the bad file is removed)."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        head, stored, data = raw[:len(MAGIC)], raw[len(MAGIC):len(MAGIC) + DIGEST_BYTES], raw[len(MAGIC) + DIGEST_BYTES:]
        if head != MAGIC or hashlib.sha256(data).digest() != stored:
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        os.utime(path)  # used now: prune() keeps it
        return data

    def exists(self, key: str) -> bool:
        """An entry file is there (not read: get() still checks it)."""
        return self._path(key).is_file()

    def keep(self, key: str) -> None:
        """Mark an entry used now without reading it, so prune() keeps it (nothing when missing or key is '')."""
        if key:
            try:
                os.utime(self._path(key))
            except OSError:
                pass

    def has(self, key: str) -> bool:
        """True when a valid entry exists (reads and checks it; does not count as a hit or miss)."""
        hits, misses = self.hits, self.misses
        found = self.get(key) is not None
        self.hits, self.misses = hits, misses
        return found

    def prune(self, unused_since: float) -> int:
        """Remove the entries neither read nor written since the time given (after a full build,
        whatever it did not use is stale); returns how many."""
        removed = 0
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < unused_since:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def put(self, key: str, data: bytes) -> bytes:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{key[:12]}.", suffix=".part", delete=False) as part:
            for piece in (MAGIC, hashlib.sha256(data).digest(), data):  # no joined copy (a volume is 70 MB)
                part.write(piece)
        os.replace(part.name, path)
        return data
