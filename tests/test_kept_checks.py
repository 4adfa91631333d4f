"""The checks of unchanged files kept between runs (generator/catalogue/kept_checks.py): a second run
parses and schema-checks only the files that changed, and finds exactly what a fresh check finds."""
from __future__ import annotations

import shutil

import pytest
from export_support import MINI

from generator.cache import Cache
from generator.catalogue import check
from generator.catalogue.kept_checks import check_kept


@pytest.fixture
def checked_files(monkeypatch) -> list[str]:
    """The name of every file parsed and schema-checked."""
    seen: list[str] = []
    real = check._load_valid

    def load(job, raw=None):
        seen.append(job[0].name)
        return real(job, raw)
    monkeypatch.setattr(check, "_load_valid", load)
    return seen


def _same(a, b) -> bool:
    return [p.__dict__ for p in a.problems] == [p.__dict__ for p in b.problems] and a.sources.items == b.sources.items


def test_a_second_run_checks_only_the_file_that_changed_and_finds_the_same(tmp_path, checked_files):
    folder = tmp_path / "catalogue"
    shutil.copytree(MINI, folder)
    cache = Cache("checks", tmp_path / "cache")
    first = check_kept(folder, cache)
    assert first.ok and len(checked_files) == 1 + len(list(folder.glob("*/*.yml")))
    checked_files.clear()
    assert _same(check_kept(folder, cache), first) and checked_files == []

    item = folder / "items" / "linshi-shenfenzheng.yml"
    item.write_text(item.read_text("utf-8").replace("      amount: 10\n", "      amount: -10\n"), "utf-8")
    again = check_kept(folder, cache)
    assert checked_files == ["linshi-shenfenzheng.yml"]
    checked_files.clear()
    fresh = check.check_catalogue(folder)
    assert not again.ok and _same(again, fresh)  # the schema problem of the edited file, located as a fresh check does
    checked_files.clear()
    assert _same(check_kept(folder, cache), fresh) and checked_files == []  # a file's problems are kept too


def test_a_damaged_entry_checks_every_file_again(tmp_path, checked_files):
    cache = Cache("checks", tmp_path / "cache")
    first = check_kept(MINI, cache)
    for entry in (tmp_path / "cache" / "checks").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-20])  # cut short: read as missing
    checked_files.clear()
    assert _same(check_kept(MINI, cache), first) and len(checked_files) > 1


def test_a_cache_folder_that_cannot_be_written_only_makes_the_check_slower(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", "utf-8")
    found = check_kept(MINI, Cache("checks", blocked))
    assert _same(found, check.check_catalogue(MINI))
