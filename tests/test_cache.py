"""The shared cache: content-addressed, written atomically, a damaged entry is never trusted."""
from __future__ import annotations

from generator import cache as cache_module
from generator import paths
from generator.cache import Cache, digest, files_version


def test_an_entry_is_read_back_only_as_written(tmp_path):
    cache = Cache("print", tmp_path)
    key = digest("guide", "<html>低保</html>")
    assert cache.get(key) is None and cache.misses == 1
    cache.put(key, b"%PDF-1.7 data")
    assert cache.get(key) == b"%PDF-1.7 data" and cache.hits == 1
    assert not list(tmp_path.rglob("*.part"))  # written under a temporary name, then renamed


def test_partial_or_corrupt_entries_read_as_missing_and_are_removed(tmp_path):
    cache = Cache("print", tmp_path)
    for name, damage in [("cut short", lambda raw: raw[:-3]), ("one byte changed", lambda raw: raw[:-1] + b"X"),
                         ("empty", lambda raw: b""), ("no header", lambda raw: raw[len(cache_module.MAGIC):])]:
        key = digest(name)
        cache.put(key, b"%PDF-1.7 " + name.encode())
        path = next(p for p in tmp_path.rglob(key))
        path.write_bytes(damage(path.read_bytes()))
        assert cache.get(key) is None, name
        assert not path.exists(), name
        assert not cache.has(key)


def test_keys_change_with_any_input_and_with_the_code(tmp_path):
    assert digest("ab", "c") != digest("a", "bc")
    code = tmp_path / "templates"
    code.mkdir()
    (code / "guide.html").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    before = files_version(code)
    (code / "guide.html").write_text("<h2>{{ name }}</h2>", encoding="utf-8")
    assert files_version(code) != before


def test_the_cache_lives_under_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("BIANMIN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_root() == tmp_path / "bianmin"
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "ci"))
    assert paths.cache_root() == tmp_path / "ci"


def test_prune_removes_only_what_was_not_used_since(tmp_path):
    import os
    import time
    cache = Cache("print", tmp_path)
    old, used = digest("old"), digest("used")
    cache.put(old, b"old")
    cache.put(used, b"used")
    long_ago = time.time() - 3600
    for key in (old, used):
        os.utime(next(tmp_path.rglob(key)), (long_ago, long_ago))
    started = time.time() - 1
    assert cache.get(used) == b"used"  # read during this build
    assert cache.prune(started) == 1
    assert cache.get(old) is None and cache.get(used) == b"used"
