"""Shared by tests/test_export_*.py: the catalogues under test, loaded once, and the published standards.

The standards (schema.org 30.0, HSDS 3.0, CPSV-AP 3.2.0) are the official files listed, with their
pinned URLs and sha256, in tests/standards.lock.json. `make test` finds them in $BIANMIN_STANDARDS or
../shared/standards, or downloads them into ~/.cache/bianmin/standards (scripts/fetch_standards.py).
Tests that need a missing one skip, and fail instead in CI.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from support import CATALOGUE, FIXTURES, IN_CI, ROOT, mini_with_basic_items

from generator.catalogue.build import load_catalogue
from generator.catalogue.vocab import TIERS

MINI = FIXTURES / "mini"
SITE = "https://bianmin.example.org/"
LOCK = {entry["path"]: entry["sha256"] for entry in json.loads((ROOT / "tests" / "standards.lock.json").read_text("utf-8"))["files"]}
STANDARD_PLACES = ([Path(os.environ["BIANMIN_STANDARDS"])] if os.environ.get("BIANMIN_STANDARDS")
                   else [ROOT.parent / "shared" / "standards",
                         Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bianmin" / "standards"])
CATALOGUES = {"mini": MINI, "demo": CATALOGUE}
# levels: the mini catalogue with two 基本信息 items (unknown fields); the demo takes seconds per format: not in test-fast
BOTH = ["mini", "levels", pytest.param("demo", marks=pytest.mark.slow)]


@functools.cache
def catalogue(name: str):
    if name == "levels":
        folder = Path(tempfile.mkdtemp(prefix="bianmin-levels-"))
        atexit.register(shutil.rmtree, folder, True)  # gone when the test process ends
        CATALOGUES[name] = mini_with_basic_items(folder)
    loaded, result = load_catalogue(CATALOGUES[name])
    assert loaded is not None, "\n".join(p.text() for p in result.problems)
    return loaded


def standard(relative: str) -> Path:
    """A file of the published standards, checked against its sha256 in tests/standards.lock.json;
    skip (fail in CI) when it is in none of the places `make test` (scripts/fetch_standards.py) fills."""
    for place in STANDARD_PLACES:
        path = place / relative
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == LOCK[relative]:
            return path
    message = (f"needs the published standard file {relative} (in {' or '.join(map(str, STANDARD_PLACES))}; "
               "`make test` downloads it, or set BIANMIN_STANDARDS)")
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def standard_json(relative: str):
    return json.loads(standard(relative).read_text("utf-8"))


def hands_in_or_decides(item, tier: str) -> bool:
    """The rule as docs/data.md states it: papers handed in here (受理, 代办, or a 初审/审核 with no 受理 below it) or decided here."""
    role = item.role_at(tier)
    below = item.tiers[:TIERS.index(tier)]
    return role.role in ("受理", "代办", "审批", "办结") or (role.role in ("初审", "审核") and all(r.role != "受理" for r in below))
